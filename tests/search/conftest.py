"""Search fixtures: the 7 sample reports parsed once, and one hybrid index of them per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.fixture(scope="session")
def sample_reports():
    from ingest import parse_file

    return [parse_file(p) for p in sorted(SAMPLES.iterdir()) if p.is_file()]


@pytest.fixture(scope="session")
def embedding_cache(tmp_path_factory) -> Path:
    """Shared across the session so later builds of the same texts (indexer tests) encode nothing."""
    return tmp_path_factory.mktemp("embeddings")


@pytest.fixture(scope="session")
def search_index(sample_reports, embedding_cache):
    from search.index import HybridIndex
    from search.items import items_from_report

    items = [item for report in sample_reports for item in items_from_report(report)]
    return HybridIndex.build(items, cache_dir=embedding_cache)
