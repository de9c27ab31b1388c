"""Ingest: files -> document model (:class:`rectigraph.model.Report`).

>>> from ingest import parse_text
>>> parse_text("中共某局党组关于巡察整改情况的通报").title
'中共某局党组关于巡察整改情况的通报'
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "IngestError": "ingest.errors",
    "parse_file": "ingest.parser",
    "parse_text": "ingest.parser",
    "report_id": "ingest.parser",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    # Lazy, so importing one ingest module (values, normalize) does not load the whole stage.
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'ingest' has no attribute {name!r}")
