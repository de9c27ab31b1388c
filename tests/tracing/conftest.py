"""Fixtures for the tracing tests: the sample reports and the tracing test reports, parsed once, and their
statement vectors (m3e-small), encoded once per session."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

TRACING_DATA = Path(__file__).resolve().parent.parent / "data" / "tracing"


@pytest.fixture(scope="session")
def sample_reports(samples_dir):
    from ingest import parse_file

    return [parse_file(p) for p in sorted(samples_dir.glob("*.txt"))]


@pytest.fixture(scope="session")
def tracing_reports():
    """Reports written for the tracing tests: a 2023 回头看 of 澜川市卫健委 (some 2021 problems back in new
    words), a 2022 report of 北沅县住建局 (earlier than its 2023 回头看 sample), and a distractor by another body."""
    from ingest import parse_file

    return {p.stem: parse_file(p) for p in sorted(TRACING_DATA.glob("*.txt"))}


@pytest.fixture(scope="session")
def encoder():
    from search.encoders import load_encoder

    return load_encoder("m3e-small")


@pytest.fixture(scope="session")
def sample_index(sample_reports, encoder):
    """Families over the seven sample reports."""
    from tracing.families import build_families
    from tracing.records import records_from_reports
    from tracing.vectors import defect_vectors

    records = records_from_reports(sample_reports)
    texts = [r.text for r in records]
    return build_families(records, np.asarray(encoder.encode(texts)),
                          defect_vectors=defect_vectors(texts, encoder.encode))
