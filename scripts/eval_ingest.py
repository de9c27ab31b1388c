#!/usr/bin/env python
"""Evaluate the parser on the sample reports against gold annotations.

Prints problem precision/recall/F1 (texts matched after normalising punctuation and whitespace), status
accuracy over matched problems, parent accuracy, and how many core claimed figures are right.

    .venv/bin/python scripts/eval_ingest.py [--samples data/samples] [--gold tests/data/gold]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import parse_file  # noqa: E402
from ingest.evaluation import format_table, score_report  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "gold")
    args = ap.parse_args(argv)
    golds = sorted(args.gold.glob("*.json")) + sorted((args.gold / "synthetic").glob("*.json"))
    scores = []
    for gold_path in golds:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if "problems" not in gold or "file" not in gold:
            continue
        report = parse_file(args.samples / gold["file"])
        scores.append(score_report(gold_path.stem, report, gold))
    print(format_table(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
