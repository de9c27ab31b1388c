"""Graph-stage fixtures: the bundled samples parsed once, and a library holding them (hooks off)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # handmade.py

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
REAL_STEM = "dalian-kjj-2023-05-15"


@pytest.fixture(scope="session")
def sample_reports():
    """stem -> Report, parsed by the real parser."""
    from ingest import parse_file

    return {p.stem: parse_file(p) for p in sorted(SAMPLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def sample_library(tmp_path_factory, sample_reports):
    """A library (Oxigraph on disk) with every sample ingested through Library.ingest, hooks off."""
    from rectigraph.library import Library

    lib = Library(tmp_path_factory.mktemp("home"), hooks=[])
    summary = lib.ingest(sorted(SAMPLES.glob("*.txt")), progress=False)
    assert summary.ok, summary.failed
    assert len(summary.added) == len(sample_reports)
    yield lib
    lib.close()


@pytest.fixture(scope="session")
def real_report(sample_reports):
    return sample_reports[REAL_STEM]
