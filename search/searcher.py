"""The one entry point for searching a data home: ``Searcher(home).search(query, k=10, kind=..., ...)``.

It opens the live index under ``home/index`` (building it first when there is none, or when it was built
with other models than the configured ones) and follows index swaps made by later ingests.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rectigraph.config import load_config
from search.filters import Filters
from search.index import HybridIndex, IndexUnusable, SearchResult
from search.indexer import build_index, configured_models, current_dir, needs_rebuild


class Searcher:
    """Search over the reports of one data home."""

    def __init__(
        self,
        home: str | os.PathLike[str] | None = None,
        model: str | None = None,
        crosslingual_model: str | None = None,
        auto_build: bool = True,
        progress: bool = False,
    ) -> None:
        self.home = Path(load_config({"home": home})["home"])
        self.model, self.crosslingual_model = configured_models(model, crosslingual_model)
        self.auto_build = auto_build
        self.progress = progress
        self._index: HybridIndex | None = None
        self._folder: Path | None = None

    @property
    def index(self) -> HybridIndex:
        """The live index (reloaded when a newer version was swapped in)."""
        folder = current_dir(self.home)
        if self._index is not None and folder == self._folder:
            return self._index
        reason = needs_rebuild(self.home, self.model, self.crosslingual_model)
        if reason is not None:
            if not self.auto_build:
                raise IndexUnusable(f"{self.home}: {reason}; run `rectigraph index --home {self.home}`")
            if not (self.home / "reports").is_dir():
                raise IndexUnusable(f"{self.home}: no reports ingested yet; run `rectigraph ingest PATH --home {self.home}`")
            build_index(self.home, self.model, self.crosslingual_model, progress=self.progress)
            folder = current_dir(self.home)
        assert folder is not None
        self._index = HybridIndex.load(folder)
        self._folder = folder
        return self._index

    def search(
        self,
        query: str,
        k: int = 10,
        kind: str | None = "problem",
        issuer: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        status: str | None = None,
        inspection_type: str | None = None,
        report_id: str | None = None,
        expand: bool = True,
    ) -> SearchResult:
        filters = Filters(kind, issuer, year_from, year_to, status, inspection_type, report_id)
        return self.index.search(query, k=k, filters=filters, expand=expand)

    def similar(self, iri: str, k: int = 10, other_reports: bool = True) -> SearchResult:
        """Problems (or items of the same kind) most like ``iri``, from other reports by default."""
        return self.index.similar(iri, k=k, other_reports=other_reports)

    def neighbourhood(self, iri: str) -> dict[str, Any]:
        """An item's problem, parent, children, measures, actions and policies."""
        return self.index.neighbourhood(iri)
