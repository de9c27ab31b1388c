"""Names of the sample reports that have gold annotations (importable by the ingest tests)."""

from pathlib import Path

_GOLD = Path(__file__).resolve().parent.parent / "data" / "gold"
SAMPLES_WITH_GOLD = ["dalian-kjj-2023-05-15"] + sorted(p.stem for p in (_GOLD / "synthetic").glob("*.json"))
