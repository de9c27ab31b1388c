#!/usr/bin/env python
"""Score recurring-problem families against annotated families (pairwise precision / recall).

Runs the real pipeline: parse the sample reports (``ingest.parse_file``), embed the statements (m3e-small),
build families (``tracing.families.build_families``), then map each annotated problem to the parsed problem
with the same text (punctuation and whitespace ignored) and score every pair of problems from different
reports: a pair in a common annotated family should share a family, a pair never in one should not.

    .venv/bin/python scripts/eval_tracing.py                 # P/R/F1 on data/samples vs tests/data/gold
    .venv/bin/python scripts/eval_tracing.py --errors        # also list false and missed pairs
    .venv/bin/python scripts/eval_tracing.py --cv            # leave-one-report-out estimate of the evidence model,
                                                             # per grouping threshold and nested (threshold picked
                                                             # without the held-out report too)
    .venv/bin/python scripts/eval_tracing.py --fit           # refit the evidence weights (prints them)
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracing.evaluation import (  # noqa: E402
    fit_weights,
    gold_pairs,
    load_gold,
    map_gold,
    pair_scores,
    predicted_pairs,
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=Path, default=ROOT / "data" / "samples", help="folder of report files")
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "gold", help="gold folder")
    ap.add_argument("--families", type=Path, default=None, help="families file (default: GOLD/families-visible.json)")
    ap.add_argument("--method", default="average", choices=("average", "louvain", "cliques", "components"))
    ap.add_argument("--threshold", type=float, default=None, help="link threshold (default: the model's)")
    ap.add_argument("--errors", action="store_true", help="list false and missed pairs")
    ap.add_argument("--cv", action="store_true", help="leave-one-report-out: fit on 6 reports, score the 7th")
    ap.add_argument("--fit", action="store_true", help="fit the evidence weights on all annotated pairs")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = ap.parse_args(argv)

    from ingest import parse_file
    from search.encoders import load_encoder
    from tracing.evidence import LINK_THRESHOLD
    from tracing.families import build_families
    from tracing.records import records_from_reports
    from tracing.vectors import defect_vectors

    threshold = LINK_THRESHOLD if args.threshold is None else args.threshold
    started = time.perf_counter()
    files = sorted(p for p in args.samples.iterdir() if p.is_file())
    reports = [parse_file(p) for p in files]
    records = records_from_reports(reports)
    encoder = load_encoder("m3e-small")
    vectors = encoder.encode([r.text for r in records])
    defects = defect_vectors([r.text for r in records], encoder.encode)
    gold_problems, families = load_gold(args.gold, args.families)
    mapping, unmapped = map_gold(gold_problems, records)
    gold = gold_pairs(families, gold_problems)
    index = build_families(records, vectors, threshold=threshold, method=args.method, defect_vectors=defects)
    elapsed = time.perf_counter() - started

    if args.fit or args.cv:
        # fit on every candidate pair (the neighbour search's), not only those the current weights keep
        candidates = build_families(records, vectors, threshold=threshold, method=args.method,
                                    defect_vectors=defects, keep=0.0)
        result = fit_weights(candidates, mapping, gold, cv=args.cv, method=args.method)
        print(json.dumps(result, ensure_ascii=False, indent=1))
        if args.fit:
            return 0
    pred = predicted_pairs(index, mapping)
    scores = pair_scores(pred, gold)
    scores.update(reports=len(reports), problems=len(records), gold_problems=len(gold_problems),
                  unmapped=len(unmapped), families=len(index.families), seconds=round(elapsed, 1),
                  method=args.method, threshold=threshold)
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=1))
    else:
        print(f"reports {len(reports)}  problems {len(records)}  annotated {len(gold_problems)} "
              f"(unmapped {len(unmapped)})  families {len(index.families)}  [{elapsed:.1f} s]")
        print(f"pairwise over problems from different reports: precision {scores['precision']:.3f}  "
              f"recall {scores['recall']:.3f}  F1 {scores['f1']:.3f}  "
              f"(tp {scores['tp']}, predicted {scores['predicted']}, gold {scores['gold']})")
    if unmapped:
        print("unmapped annotated problems: " + ", ".join(sorted(unmapped)), file=sys.stderr)
    if args.errors:
        texts = {g: p["text"][:50] for g, p in gold_problems.items()}
        for title, pairs in (("false pairs", sorted(pred - gold, key=sorted)), ("missed pairs", sorted(gold - pred, key=sorted))):
            print(f"\n{title} ({len(pairs)}):")
            for pair in pairs:
                a, b = sorted(pair)
                print(f"  {a} {texts[a]}\n  {b} {texts[b]}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
