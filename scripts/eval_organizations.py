"""Organisations found against the annotated institutions of the synthetic reports (canonical names).

    .venv/bin/python scripts/eval_organizations.py            # per report: found / annotated, and what was missed
    .venv/bin/python scripts/eval_organizations.py --extra    # also the names found that are not annotated

The annotations (``tests/data/gold/synthetic/*.json``, ``institutions``) list each institution a report names with
its canonical name; the reports are the bundled samples (``data/samples``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "gold" / "synthetic")
    parser.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    parser.add_argument("--extra", action="store_true", help="also list names found that are not annotated")
    args = parser.parse_args(argv)

    from ingest import parse_file

    found_total = annotated_total = 0
    for gold_path in sorted(args.gold.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        report = parse_file(args.samples / gold["file"])
        found = {o.canonical for o in report.organizations}
        annotated = {i["canonical"] for i in gold.get("institutions", [])}
        hits = annotated & found
        found_total += len(hits)
        annotated_total += len(annotated)
        missed = [f"{i['mention']} -> {i['canonical']}" for i in gold.get("institutions", []) if i["canonical"] not in found]
        print(f"{gold['file']}: {len(hits)} / {len(annotated)}" + (f"; missed: {'; '.join(missed)}" if missed else ""))
        if args.extra:
            print(f"    not annotated: {'; '.join(sorted(found - annotated)) or '-'}")
    print(f"recall of annotated institutions: {found_total} / {annotated_total} = {found_total / max(annotated_total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
