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


@pytest.fixture(scope="session")
def indexed_home(tmp_path_factory, sample_reports, search_index, embedding_cache) -> Path:
    """A data home holding two sample reports (syn-v05, syn-v06) and their index, built by the ingest hook
    (embeddings come from the session cache, so nothing is encoded twice)."""
    import shutil

    from rectigraph.library import Library

    home = tmp_path_factory.mktemp("home")
    cache = home / "index" / "cache"
    cache.mkdir(parents=True)
    for path in embedding_cache.glob("embeddings-*.npz"):
        shutil.copy(path, cache / path.name)
    chosen = [r for r in sample_reports if r.source.endswith(("syn-v05.txt", "syn-v06.txt"))]
    with Library(home, hooks=["search.indexer:refresh"]) as library:
        library.add_reports(chosen)
    return home
