#!/usr/bin/env python
"""Search quality on the real pipeline: parse the sample reports, index them, run the graded queries.

Prints nDCG@10 per query type for the fused search and for each single channel (the fusion must beat its
best channel on every type), then the queries below a threshold. Targets: overall >= 0.90, paraphrase >= 0.80,
English >= 0.70.

    .venv/bin/python scripts/eval_search.py                       # samples + tests/data/gold
    .venv/bin/python scripts/eval_search.py --queries Q.json --gold DIR --samples DIR --show-below 0.8
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SINGLE_CHANNELS = {
    "bm25 (jieba+bigram)": {"lexical": 1.0},
    "m3e dense": {"dense": 1.0},
    "USE dense": {"cross": 1.0},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", default=str(ROOT / "data" / "samples"), help="folder of report files")
    parser.add_argument("--gold", default=str(ROOT / "tests" / "data" / "gold"), help="folder of gold annotation JSON")
    parser.add_argument("--queries", default=None, help="graded queries JSON (default: GOLD/queries-visible.json)")
    parser.add_argument("--model", default=None, help="dense model (default m3e-small)")
    parser.add_argument("--cache", default=None, help="embedding cache folder (speeds up reruns)")
    parser.add_argument("--show-below", type=float, default=0.7, help="list queries scoring below this")
    parser.add_argument("--no-channels", action="store_true", help="skip the single-channel rows")
    args = parser.parse_args(argv)

    from ingest import parse_file
    from search.evaluation import QUERY_TYPES, evaluate, gold_problems, load_queries, map_gold_ids, summarise
    from search.index import HybridIndex
    from search.items import items_from_report

    started = time.perf_counter()
    files = sorted(p for p in Path(args.samples).iterdir() if p.is_file())
    reports = [parse_file(p) for p in files]
    items = [item for r in reports for item in items_from_report(r)]
    gold = gold_problems(args.gold)
    mapping = map_gold_ids(reports, gold)
    queries = load_queries(args.queries or Path(args.gold) / "queries-visible.json")
    judged = {gid for q in queries for gid in q["relevant"]}
    unmapped = sorted(judged - set(mapping.values()))
    print(f"{len(reports)} reports, {len(items)} items, {sum(i.kind == 'problem' for i in items)} problems; "
          f"{len(mapping)}/{len(gold)} gold problems matched by text; judged but unmatched: {len(unmapped)} {unmapped[:8]}")
    index = HybridIndex.build(items, model=args.model, cache_dir=args.cache)
    print(f"parsed and indexed in {time.perf_counter() - started:.1f} s\n")

    rows: list[tuple[str, dict[str, float]]] = []
    if not args.no_channels:
        for name, weights in SINGLE_CHANNELS.items():
            rows.append((name, summarise(evaluate(index, queries, mapping, weights=weights, expand=False))))
    index._query_cache.clear()  # time the queries with their encoding, not from the single-channel runs' cache
    t0 = time.perf_counter()
    scores = evaluate(index, queries, mapping)
    per_query_ms = (time.perf_counter() - t0) / max(1, len(queries)) * 1000
    fused = summarise(scores)
    rows.append(("hybrid (fused + thesaurus)", fused))
    types = [t for t in (*QUERY_TYPES, *sorted(set(fused) - set(QUERY_TYPES) - {"all"})) if t in fused]
    counts = {t: sum(1 for q in queries if q["type"] == t) for t in types}
    header = f"{'nDCG@10':<28}" + "".join(f"{t[:11]:>12}" for t in types) + f"{'all':>8}"
    print(header)
    print(f"{'(queries)':<28}" + "".join(f"{counts[t]:>12}" for t in types) + f"{len(queries):>8}")
    for name, table in rows:
        print(f"{name:<28}" + "".join(f"{table.get(t, float('nan')):>12.3f}" for t in types) + f"{table['all']:>8.3f}")
    if not args.no_channels:
        best = {t: max(table[t] for _, table in rows[:-1]) for t in types}
        beaten = [t for t in types if fused[t] + 1e-9 < best[t]]
        print(f"\nfusion beats or equals the best single channel on every type: {'yes' if not beaten else 'no ' + str(beaten)}")
    print(f"mean query time (hybrid, models loaded, query encoding included): {per_query_ms:.0f} ms")
    low = [s for s in scores if s.ndcg < args.show_below]
    if low:
        print(f"\nqueries below {args.show_below}:")
        for s in low:
            print(f"  {s.id:<5} {s.type:<12} {s.ndcg:.2f}  {s.text}")
    ok = fused["all"] >= 0.90 and fused.get("paraphrase", 1) >= 0.80 and fused.get("english", 1) >= 0.70
    print(f"\ntargets (all >= 0.90, paraphrase >= 0.80, english >= 0.70): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
