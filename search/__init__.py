"""Search: text -> vectors and lexicon -> ranked hits (problems, measures, actions, policies, reports).

>>> from search import Searcher  # doctest: +SKIP
>>> Searcher("data/home").search("公车私用", k=5).hits  # doctest: +SKIP

Names are imported lazily so that ``rectigraph --help`` does not load torch or FAISS.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Searcher": "search.searcher",
    "HybridIndex": "search.index",
    "SearchResult": "search.index",
    "SearchHit": "search.index",
    "IndexUnusable": "search.index",
    "Filters": "search.filters",
    "SearchItem": "search.items",
    "items_from_report": "search.items",
    "load_encoder": "search.encoders",
    "load_thesaurus": "search.thesaurus",
    "build_index": "search.indexer",
    "refresh": "search.indexer",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'search' has no attribute {name!r}")
