"""Shared fixtures: the bundled sample reports and the gold annotations copied into tests/data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
GOLD = Path(__file__).resolve().parent / "data" / "gold"
REAL_REPORT = SAMPLES / "dalian-kjj-2023-05-15.txt"


def gold_files() -> dict[str, Path]:
    """Sample report name (file stem) -> its gold annotation file."""
    out = {"dalian-kjj-2023-05-15": GOLD / "dalian-kjj-2023-05-15.json"}
    out.update({p.stem: p for p in sorted((GOLD / "synthetic").glob("*.json"))})
    return out


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def real_report_path() -> Path:
    return REAL_REPORT


@pytest.fixture(scope="session")
def gold() -> dict[str, dict]:
    return {name: json.loads(path.read_text(encoding="utf-8")) for name, path in gold_files().items()}
