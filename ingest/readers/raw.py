"""What a reader hands on: the document's plain text, before normalisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Format = Literal["txt", "html", "docx", "pdf"]


@dataclass
class RawDocument:
    """Plain text read from a file, one paragraph (or visual line) a line.

    ``encoding`` is the character encoding the bytes were decoded with (``None`` for .docx and .pdf, whose
    text is Unicode inside the format); ``warnings`` says what the reader had to guess or repair.
    """

    text: str
    encoding: str | None
    format: Format
    warnings: list[str] = field(default_factory=list)
