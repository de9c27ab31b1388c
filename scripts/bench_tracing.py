#!/usr/bin/env python
"""Family building time and memory at 1k, 10k and 100k problems (generated).

Problems are generated in reports of 50: one in five belongs to a planted recurring family (3–5 members in
different reports, vectors near a common centre, statements sharing a defect phrase), the rest are random
(random unit vectors, statements of random words). Each size runs in its own process so its peak memory
(max RSS) is its own. Candidate pairs come from FAISS neighbours (exact below
``tracing.neighbours.EXACT_LIMIT`` vectors, an IVF index above), k per problem, never all pairs.
Random statements are the worst case for jieba (every word unknown: its HMM runs on all of them).

    .venv/bin/python scripts/bench_tracing.py                          # 1k, 10k, 100k
    .venv/bin/python scripts/bench_tracing.py --sizes 10000 --approximate    # IVF even below the limit

Measured on the 2-core development machine (shared with other jobs), 2026-11-28, average-linkage grouping
with the lone-pair rule, one problem per report in a family (cannot-link) with sibling families, defect-clause
evidence and the monotone evidence weights (generated statements are one clause, so their defect vectors are
the statement vectors)::

    problems  reports  index              seconds  peak_rss_mb  rss_growth_mb  scored_pairs_kept  families  planted_pair_recall  precision
    1000      20       flat (exact)       1.4      308.9        237.1          301                46        1.0                  1.0
    10000     200      flat (exact)       10.9     761.8        637.2          3187               489       1.0                  1.0
    100000    2000     IVF (approximate)  119.3    2224.9       1573.1         31645              4979      1.0                  1.0

(With the earlier free weights and no cannot-link: 2.7 s / 15.5 s / 196.1 s, 309 / 763 / 2225 MB peak. The
machine's load varies from run to run, so times compare only roughly. The grouping step itself takes
0.065 s at 10k with the cannot-link and siblings, against 0.05 s without; the neighbour search and the
evidence take the rest.)
(Before, with Louvain grouping: 2.9 s / 23.7 s / 178.8 s and 308 / 711 / 2144 MB peak.)
(The same 100k run with an HNSW index instead of IVF took 1234 s.) Time excludes encoding the statements
(m3e-small on CPU, cached per statement by the library).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DIM = 512  # m3e-small
REPORT_SIZE = 50
_CHARS = "管理制度执行监督检查资金项目干部人员工作落实整改规范审批采购合同考核培训档案党组会议记录报告服务平台建设系统单位机关岗位"


def generate(n: int, seed: int = 0):
    """Records and vectors with planted families; returns (records, vectors, planted pairs)."""
    from tracing.records import ProblemRecord

    rng = np.random.default_rng(seed)
    n_reports = max(2, n // REPORT_SIZE)
    vectors = rng.standard_normal((n, DIM)).astype(np.float32)
    report_of = np.repeat(np.arange(n_reports), REPORT_SIZE)[:n]
    words = ["".join(rng.choice(list(_CHARS), 2)) for _ in range(3000)]
    texts = ["".join(rng.choice(words, 12)) for _ in range(n)]
    planted = set()
    free = rng.permutation(n)
    pos, fam = 0, 0
    while pos < n // 5:
        size = int(rng.integers(3, 6))
        members, seen = [], set()
        while len(members) < size and pos < len(free):
            i = int(free[pos])
            pos += 1
            if report_of[i] not in seen:
                members.append(i)
                seen.add(report_of[i])
        centre = rng.standard_normal(DIM).astype(np.float32)
        phrase = "".join(rng.choice(words, 4))
        for i in members:
            vectors[i] = centre + 0.35 * rng.standard_normal(DIM).astype(np.float32)
            texts[i] = f"{phrase}{''.join(rng.choice(words, 5))}"
        planted |= {(min(a, b), max(a, b)) for a in members for b in members if a < b}
        fam += 1
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    records = [ProblemRecord(iri=f"urn:p{i}", report_id=f"r{report_of[i]}", problem_id=f"P{i}",
                             report_file=f"r{report_of[i]}.txt", text=texts[i]) for i in range(n)]
    return records, vectors, planted


def run_one(n: int, approximate: bool) -> dict:
    import tracing.neighbours as nb
    from tracing.families import build_families

    if approximate:
        nb.EXACT_LIMIT = 0
    records, vectors, planted = generate(n)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    index = build_families(records, vectors)
    seconds = time.perf_counter() - started
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    found = {(min(a, b), max(a, b)) for f in index.families for a in f.members for b in f.members
             if a < b and records[a].report_id != records[b].report_id}
    tp = len(found & planted)
    return {
        "problems": n,
        "reports": len({r.report_id for r in records}),
        "index": "IVF (approximate)" if n > nb.EXACT_LIMIT else "flat (exact)",
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(rss1 / 1024, 1),
        "rss_growth_mb": round((rss1 - rss0) / 1024, 1),
        "scored_pairs_kept": len(index.pairs),
        "families": len(index.families),
        "planted_pair_recall": round(tp / max(1, len(planted)), 3),
        "precision": round(tp / max(1, len(found)), 3),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--approximate", action="store_true", help="use the approximate (IVF) index at every size")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size in this process
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.approximate)))
        return 0
    rows = []
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(n)] + (["--approximate"] if args.approximate else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        rows.append(json.loads(out))
        print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr)
    from tracing.tables import table

    keys = list(rows[0])
    print(table(keys, [[r[k] for k in keys] for r in rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
