"""Fusing the channels: per-query standardised scores, weighted by what kind of query it is.

Each channel's scores are turned into z-scores over the items a query may return (so a channel with a weak,
flat response contributes little and one with a clear winner contributes much), then summed with weights
chosen from the query's form:

- a Chinese query leans on the m3e dense channel and BM25, with the multilingual USE channel as support and
  the thesaurus expansions a little below; in a sentence-like query where the thesaurus recognised a concept,
  the concept's labels count for more than the query's own (plain-language) words;
- a Latin-script (English) query leans on USE, which is cross-lingual, and on the Chinese thesaurus labels its
  words name (searched densely with m3e and lexically with BM25): m3e and BM25 cannot read English;
- a short keyword query gives BM25 a little more weight.

Reciprocal-rank fusion throws the score gaps away and lets a channel that knows nothing (m3e on English)
vote as loudly as one that knows; that is why it loses to its best channel on some query types.

>>> plan = plan_query("contracts awarded without public tendering", expansion_text="规避招标 化整为零")
>>> plan.form, plan.weights["cross"] > plan.weights.get("dense", 0)
('latin', True)
>>> import numpy as np
>>> standardise(np.array([1.0, 2.0, 3.0]), 2.0, 1.0).tolist()
[-1.0, 0.0, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from search.text import cjk_count, is_latin, normalise

#: Channels: which encoder or lexicon, on the query itself or on its thesaurus expansion.
CHANNELS = ("dense", "dense_x", "cross", "cross_x", "lexical", "lexical_x", "context")

CHINESE_WEIGHTS = {"dense": 1.0, "cross": 0.7, "lexical": 1.0, "dense_x": 0.8, "lexical_x": 0.8, "context": 0.15}
#: A sentence-like Chinese query in which the thesaurus recognised a concept: plain-language words are noisy
#: for BM25, the recognised concept's labels are not.
SENTENCE_WITH_CONCEPT_WEIGHTS = {"lexical": 0.6, "dense_x": 1.0, "lexical_x": 1.0}
LATIN_WEIGHTS = {"cross": 1.0, "dense_x": 0.8, "lexical_x": 0.8, "cross_x": 0.3}
LATIN_WEIGHTS_NO_EXPANSION = {"cross": 1.0, "lexical": 0.3, "context": 0.1}
#: Queries with at most this many Chinese characters and no sentence punctuation count as keyword queries.
SHORT_QUERY_CHARS = 8
SHORT_QUERY_LEXICAL_BOOST = 1.2


@dataclass
class QueryPlan:
    """How one query is searched: its normalised text, form, expansion text and channel weights."""

    text: str
    form: str  # "chinese", "keyword" or "latin"
    expansion_text: str = ""
    weights: dict[str, float] = field(default_factory=dict)
    concepts: list[str] = field(default_factory=list)  # IRIs of the thesaurus concepts recognised

    def active(self) -> list[str]:
        return [c for c in CHANNELS if self.weights.get(c, 0) > 0]


def plan_query(query: str, expansion_text: str = "") -> QueryPlan:
    """Choose the channel weights for a query."""
    text = normalise(query)
    if is_latin(text):
        weights = dict(LATIN_WEIGHTS if expansion_text else LATIN_WEIGHTS_NO_EXPANSION)
        form = "latin"
    else:
        weights = dict(CHINESE_WEIGHTS)
        form = "chinese"
        if is_keyword_query(text):
            form = "keyword"
            weights["lexical"] *= SHORT_QUERY_LEXICAL_BOOST
        elif expansion_text:
            weights.update(SENTENCE_WITH_CONCEPT_WEIGHTS)
    if not expansion_text:
        weights = {c: w for c, w in weights.items() if not c.endswith("_x")}
    return QueryPlan(text=text, form=form, expansion_text=expansion_text, weights=weights)


def is_keyword_query(text: str) -> bool:
    """Few characters, or space-separated short terms, and no sentence punctuation.

    >>> is_keyword_query("拆分采购 规避公开招标"), is_keyword_query("哪些单位提拔干部时公示期不足五个工作日?")
    (True, False)
    """
    if any(p in text for p in "?？,，。;；!！、"):
        return False
    parts = text.split()
    return cjk_count(text) <= SHORT_QUERY_CHARS or (len(parts) > 1 and all(cjk_count(p) <= 6 for p in parts))


def standardise(scores: np.ndarray, mean: float, std: float) -> np.ndarray:
    """z-scores; a channel with no spread (no signal) gives zeros."""
    if not np.isfinite(std) or std <= 1e-9:
        return np.zeros_like(scores, dtype=np.float32)
    return ((scores - mean) / std).astype(np.float32)


def fuse(channel_scores: dict[str, np.ndarray], stats: dict[str, tuple[float, float]], weights: dict[str, float]) -> np.ndarray:
    """Weighted sum of standardised channel scores over the same candidates."""
    total: np.ndarray | None = None
    for channel, scores in channel_scores.items():
        weight = weights.get(channel, 0.0)
        if weight <= 0:
            continue
        part = weight * standardise(scores, *stats[channel])
        total = part if total is None else total + part
    if total is None:
        size = len(next(iter(channel_scores.values()))) if channel_scores else 0
        return np.zeros(size, dtype=np.float32)
    return total
