"""The one error type of the ingest stage: a file that cannot be turned into a report, and why."""

from __future__ import annotations

import os


class IngestError(Exception):
    """A file could not be ingested; ``path`` names it and ``reason`` says why, in words.

    >>> str(IngestError("a/b.xlsx", "unsupported format .xlsx"))
    'a/b.xlsx: unsupported format .xlsx'
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        super().__init__(self.path, reason)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"

    def __reduce__(self):  # keep pickling (multiprocessing batches) working with two arguments
        return (type(self), (self.path, self.reason))
