"""Ranking quality measures.

>>> round(ndcg(["a", "x", "b"], {"a": 2, "b": 1}), 3)
0.964
>>> ndcg([], {"a": 1})
0.0
"""

from __future__ import annotations

import math


def dcg(gains: list[float]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain at ``k`` with graded relevance (exponential gain)."""
    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([relevant.get(doc, 0) for doc in ranked[:k]]) / ideal


def recall(ranked: list[str], relevant: dict[str, int] | set[str], k: int = 10) -> float:
    wanted = set(relevant)
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0
