"""Scored candidate pairs: each problem's nearest neighbours in other reports, with their evidence.

Only pairs found by the neighbour search are scored (k per problem), so the work grows as n·k, not n².

>>> from tracing.records import ProblemRecord
>>> import numpy as np
>>> recs = [ProblemRecord(iri=f"p{i}", report_id=r, problem_id=f"P{i}", report_file=f"{r}.txt", text=t)
...         for i, (r, t) in enumerate([("a", "公示期不足五个工作日"), ("b", "任职前公示不足五个工作日"),
...                                     ("b", "公务用车私用")])]
>>> space = EvidenceSpace(recs, np.eye(3, dtype=np.float32)[[0, 0, 1]])
>>> [(p.a, p.b) for p in scored_pairs(space, k=3)]
[(0, 1), (0, 2)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from tracing.evidence import EvidenceSpace, PairEvidence
from tracing.neighbours import nearest

DEFAULT_K = 40


def scored_pairs(
    space: EvidenceSpace,
    k: int = DEFAULT_K,
    eligible: Sequence[bool] | None = None,
    progress: bool = False,
) -> list[PairEvidence]:
    """Evidence for every cross-report pair of eligible problems that one of them has among its ``k`` nearest."""
    n = len(space.records)
    if eligible is None:
        eligible = [not r.summary for r in space.records]
    members = np.flatnonzero(np.asarray(eligible, dtype=bool))
    if len(members) < 2:
        return []
    ids, _ = nearest(space.vectors[members], k=min(len(members), k + 1))
    # ranked[a][report] = candidates of a in that report, best first (by semantic + lexical)
    ranked: dict[int, dict[str, list[tuple[float, int]]]] = defaultdict(lambda: defaultdict(list))
    rows = range(len(members))
    if progress:
        from tqdm import tqdm

        rows = tqdm(rows, desc="pairs", unit="problem")
    reports = space.reports
    for row in rows:
        a = int(members[row])
        for col in ids[row]:
            if col < 0:
                continue
            b = int(members[col])
            if b == a or reports[b] == reports[a]:
                continue
            ranked[a][reports[b]].append((space.similarity(a, b), b))
    position: dict[int, dict[int, int]] = {}
    for a, by_report in ranked.items():
        position[a] = {}
        for cands in by_report.values():
            cands.sort(key=lambda sb: (-sb[0], sb[1]))
            for pos, (_, b) in enumerate(cands):
                position[a][b] = pos
    pairs = {tuple(sorted((a, b))) for a, found in position.items() for b in found}
    out = []
    for a, b in sorted(pairs):
        ra = position.get(a, {}).get(b, len(ranked.get(a, {}).get(reports[b], ())) or 1)
        rb = position.get(b, {}).get(a, len(ranked.get(b, {}).get(reports[a], ())) or 1)
        out.append(space.evidence(a, b, rank=1.0 / (1 + ra) + 1.0 / (1 + rb)))
    assert n >= 0
    return out
