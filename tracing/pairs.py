"""Scored candidate pairs: each problem's nearest neighbours in other reports, with their evidence.

Only pairs found by the neighbour search are scored (k per problem), so the work grows as n·k, not n².
Scoring is vectorised (numpy / scipy.sparse); a :class:`~tracing.evidence.PairEvidence` is kept only for
pairs scoring at least :data:`KEEP_SCORE`.

>>> from tracing.records import ProblemRecord
>>> import numpy as np
>>> recs = [ProblemRecord(iri=f"p{i}", report_id=r, problem_id=f"P{i}", report_file=f"{r}.txt", text=t)
...         for i, (r, t) in enumerate([("a", "公示期不足五个工作日"), ("b", "任职前公示不足五个工作日"),
...                                     ("b", "公务用车私用")])]
>>> space = EvidenceSpace(recs, np.eye(3, dtype=np.float32)[[0, 0, 1]])
>>> [(p.a, p.b) for p in scored_pairs(space, k=3, keep=0.0)]
[(0, 1), (0, 2)]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tracing.evidence import EvidenceSpace, PairEvidence
from tracing.neighbours import nearest

DEFAULT_K = 40
#: Pairs scoring below this are dropped after scoring (they are neither links nor useful neighbours).
KEEP_SCORE = 0.005


def scored_pairs(
    space: EvidenceSpace,
    k: int = DEFAULT_K,
    eligible: Sequence[bool] | None = None,
    progress: bool = False,
    keep: float = KEEP_SCORE,
) -> list[PairEvidence]:
    """Evidence for every cross-report pair of eligible problems that one of them has among its ``k`` nearest."""
    if eligible is None:
        eligible = [not r.summary for r in space.records]
    members = np.flatnonzero(np.asarray(eligible, dtype=bool))
    if len(members) < 2:
        return []
    ids, _ = nearest(space.vectors[members], k=min(len(members), k + 1))
    report_codes = np.unique(np.asarray(space.reports, dtype=object), return_inverse=True)[1].astype(np.int64)

    # directed candidates a -> b (b among a's neighbours, another report)
    a = np.repeat(members, ids.shape[1])
    found = ids.ravel()
    ok = found >= 0
    a, b = a[ok], members[found[ok]]
    ok = (a != b) & (report_codes[a] != report_codes[b])
    a, b = a[ok], b[ok]
    if len(a) == 0:
        return []
    quick = space.semantic_many(a, b) + space.lexical_many(a, b)

    # position of b among a's candidates in b's report, best first
    group = a * (report_codes.max() + 1) + report_codes[b]
    order = np.lexsort((-quick, group))
    sorted_group = group[order]
    starts = np.r_[0, np.flatnonzero(sorted_group[1:] != sorted_group[:-1]) + 1]
    sizes = np.diff(np.r_[starts, len(order)])
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order)) - np.repeat(starts, sizes)
    group_size = np.empty(len(order), dtype=np.int64)
    group_size[order] = np.repeat(sizes, sizes)

    # undirected pairs, each direction's position (or, if not found that way, past the end of that list)
    n = len(space.records)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    key = lo * n + hi
    pair_keys, first = np.unique(key, return_index=True)
    pa, pb = lo[first], hi[first]
    rank_lo = np.full(len(pair_keys), -1, dtype=np.int64)
    rank_hi = np.full(len(pair_keys), -1, dtype=np.int64)
    where = np.searchsorted(pair_keys, key)
    from_lo = a == lo
    rank_lo[where[from_lo]] = position[from_lo]
    rank_hi[where[~from_lo]] = position[~from_lo]
    # fallback for a direction not found: the size of that candidate list (at least 1)
    size_of = dict(zip(group.tolist(), group_size.tolist(), strict=True))
    ncode = report_codes.max() + 1
    for arr, mine, other in ((rank_lo, pa, pb), (rank_hi, pb, pa)):
        missing = np.flatnonzero(arr < 0)
        arr[missing] = [max(1, size_of.get(int(m) * ncode + int(report_codes[o]), 1))
                        for m, o in zip(mine[missing], other[missing], strict=True)]
    rank = 1.0 / (1 + rank_lo) + 1.0 / (1 + rank_hi)

    term_weight, term_max = space.terms_many(pa, pb)
    features = {
        "semantic": space.semantic_many(pa, pb),
        "lexical": space.lexical_many(pa, pb),
        "term_weight": term_weight,
        "term_max": term_max,
        "rank": rank,
        "policies": space.policies_many(pa, pb),
        "defect_lexical": space.defect_lexical_many(pa, pb),
        "defect_semantic": space.defect_semantic_many(pa, pb),
    }
    scores = space.score_many(features)
    kept = np.flatnonzero(scores >= keep)
    rows = kept
    if progress:
        from tqdm import tqdm

        rows = tqdm(kept, desc="evidence", unit="pair")
    return [space.evidence(int(pa[i]), int(pb[i]), rank=float(rank[i])) for i in rows]
