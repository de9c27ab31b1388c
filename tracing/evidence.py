"""Why two problems from different reports are about the same specific thing, and how sure we are.

Each candidate pair (from :mod:`tracing.neighbours`) gets evidence of these kinds:

- semantic: cosine of the dense embeddings (m3e-small) of the two statements;
- lexical: cosine of character n-gram TF-IDF vectors of the statements with dates, amounts and counts removed;
- defect: the same two measures over the *defect clauses* only (:func:`tracing.text.defect_clauses`: the
  statement without its generic lead clause; the defect vector is the mean of the clause embeddings), since
  two problems that share only a topic (干部选拔任用工作不规范) are not the same problem;
- key terms: the content words both statements use, each weighted by how *specific* it is: a word used in
  few reports (公示期, 因私出国, 招租) says much more than one every report uses (干部, 资金, 监督);
- agreement of ranks: whether each problem is the other's best match among the problems of the other
  report (a recurring problem usually has one counterpart per report, a generic one has many);
- graph evidence: policies both problems' measures cite, same category heading.

The evidence is combined by a monotone logistic model, :data:`WEIGHTS`: no weight is negative, so more of
any evidence never lowers a pair's score. Its weights were fitted once on every candidate pair of the annotated
reports (``scripts/eval_tracing.py --fit``) and are fixed here; they weigh *kinds* of evidence, nothing about
any particular problem.

>>> round(score_features({"semantic": 0.9, "lexical": 0.4, "term_weight": 2.0, "term_max": 0.9,
...     "rank": 2.0, "policies": 0.0, "defect_lexical": 0.4, "defect_semantic": 0.9}), 2) > 0.5
True
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from tracing.lexical import char_tfidf
from tracing.records import ProblemRecord
from tracing.text import defect_text, key_terms

#: Pairs per block when many pairs are scored at once.
CHUNK = 100_000

FEATURES: tuple[str, ...] = ("semantic", "lexical", "term_weight", "term_max", "rank", "policies", "defect_lexical",
                             "defect_semantic")

#: Logistic weights of the evidence (see module docstring) and the intercept.
WEIGHTS: dict[str, float] = {
    "semantic": 22.05,
    "lexical": 10.31,
    "term_weight": 0.274,
    "term_max": 4.28,
    "rank": 1.78,
    "policies": 0.57,
    "defect_lexical": 6.93,
    # the model is monotone (no evidence counts against a pair); fitted freely this weight came out negative,
    # as the defect-clause embedding is nearly collinear with the statement's, so it is fixed at 0 and the
    # defect agreement is carried by the wording of the defect clauses (defect_lexical). Kept as evidence shown.
    "defect_semantic": 0.0,
}
INTERCEPT = -26.12
#: Pairs scoring at least this are linked when families are built.
LINK_THRESHOLD = 0.3


def score_features(features: dict[str, float]) -> float:
    """Probability that a pair belongs together, from its evidence."""
    z = INTERCEPT + sum(WEIGHTS[name] * float(features.get(name, 0.0)) for name in FEATURES)
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@dataclass
class PairEvidence:
    """The evidence that problems ``a`` and ``b`` (indexes into the space's records) are the same problem."""

    a: int
    b: int
    semantic: float
    lexical: float
    term_weight: float
    term_max: float
    rank: float
    defect_lexical: float = 0.0
    defect_semantic: float = 0.0
    shared_terms: list[str] = field(default_factory=list)
    shared_policies: list[str] = field(default_factory=list)
    same_category: bool = False
    score: float = 0.0

    def features(self) -> dict[str, float]:
        return {
            "semantic": self.semantic,
            "lexical": self.lexical,
            "term_weight": self.term_weight,
            "term_max": self.term_max,
            "rank": self.rank,
            "policies": float(min(2, len(self.shared_policies))),
            "defect_lexical": self.defect_lexical,
            "defect_semantic": self.defect_semantic,
        }

    def to_dict(self) -> dict[str, object]:
        return {
            "semantic": round(self.semantic, 4),
            "lexical": round(self.lexical, 4),
            "defect_semantic": round(self.defect_semantic, 4),
            "defect_lexical": round(self.defect_lexical, 4),
            "shared_terms": self.shared_terms,
            "shared_policies": self.shared_policies,
            "same_category": self.same_category,
            "rank_agreement": round(self.rank, 3),
            "score": round(self.score, 4),
        }


class EvidenceSpace:
    """The problems being compared, with what every pair's evidence is computed from."""

    def __init__(self, records: Sequence[ProblemRecord], vectors: np.ndarray,
                 terms: Callable[[str], list[str]] = key_terms, defect_vectors: np.ndarray | None = None) -> None:
        """``defect_vectors``: one row per record, the L2-normalised mean embedding of its defect clauses
        (:func:`tracing.vectors.defect_vectors`); by default the statement vectors."""
        if len(records) != len(vectors):
            raise ValueError(f"{len(records)} records but {len(vectors)} vectors")
        if defect_vectors is not None and len(defect_vectors) != len(vectors):
            raise ValueError(f"{len(records)} records but {len(defect_vectors)} defect vectors")
        self.records = list(records)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.defect_vectors = (self.vectors if defect_vectors is None
                               else np.ascontiguousarray(defect_vectors, dtype=np.float32))
        self.tfidf = char_tfidf([r.text for r in self.records])
        self.defect_tfidf = char_tfidf([defect_text(r.text) for r in self.records])
        self.terms = [set(terms(r.text)) for r in self.records]
        self.reports = [r.report_id for r in self.records]
        report_terms: dict[str, set[str]] = {}
        for report, terms in zip(self.reports, self.terms, strict=True):
            report_terms.setdefault(report, set()).update(terms)
        self.report_df: Counter[str] = Counter()
        for terms in report_terms.values():
            self.report_df.update(terms)
        self.n_reports = max(2, len(report_terms))
        vocab = sorted(self.report_df)
        self.term_ids = {t: i for i, t in enumerate(vocab)}
        self.term_weights = np.array([self.specificity(t) for t in vocab], dtype=np.float32)
        rows = [i for i, terms in enumerate(self.terms) for _ in terms]
        cols = [self.term_ids[t] for terms in self.terms for t in terms]
        self.term_matrix = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(self.records), max(1, len(vocab))))
        self.weighted_terms = sp.csr_matrix(self.term_matrix @ sp.diags(
            self.term_weights if len(vocab) else np.zeros(1, np.float32)))

    def specificity(self, term: str) -> float:
        """1 for a word only one report uses, 0 for a word every report uses (log scale)."""
        df = max(1, self.report_df.get(term, 1))
        return max(0.0, math.log(self.n_reports / df) / math.log(self.n_reports))

    def semantic(self, a: int, b: int) -> float:
        return float(self.vectors[a] @ self.vectors[b])

    def lexical(self, a: int, b: int) -> float:
        return float(self.tfidf[a].multiply(self.tfidf[b]).sum())

    def similarity(self, a: int, b: int) -> float:
        """The quick similarity used to rank a problem's candidates: semantic + lexical."""
        return self.semantic(a, b) + self.lexical(a, b)

    # ------------------------------------------------------------------ many pairs at once
    def semantic_many(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        out = np.empty(len(a), dtype=np.float32)
        for s in range(0, len(a), CHUNK):
            out[s : s + CHUNK] = np.einsum("ij,ij->i", self.vectors[a[s : s + CHUNK]], self.vectors[b[s : s + CHUNK]])
        return out

    def lexical_many(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return _rowwise(self.tfidf, self.tfidf, a, b, "sum")

    def defect_semantic_many(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        out = np.empty(len(a), dtype=np.float32)
        for s in range(0, len(a), CHUNK):
            out[s : s + CHUNK] = np.einsum("ij,ij->i", self.defect_vectors[a[s : s + CHUNK]],
                                           self.defect_vectors[b[s : s + CHUNK]])
        return out

    def defect_lexical_many(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return _rowwise(self.defect_tfidf, self.defect_tfidf, a, b, "sum")

    def terms_many(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sum and maximum of the specificity of the terms each pair shares."""
        return (_rowwise(self.term_matrix, self.weighted_terms, a, b, "sum"),
                _rowwise(self.term_matrix, self.weighted_terms, a, b, "max"))

    def policies_many(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        pol = [set(r.policies) for r in self.records]
        return np.array([min(2, len(pol[x] & pol[y])) if pol[x] and pol[y] else 0 for x, y in zip(a, b, strict=True)],
                        dtype=np.float32)

    def score_many(self, features: dict[str, np.ndarray]) -> np.ndarray:
        z = INTERCEPT + sum(WEIGHTS[name] * features[name].astype(np.float64) for name in FEATURES)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))

    def evidence(self, a: int, b: int, rank: float) -> PairEvidence:
        shared = self.terms[a] & self.terms[b]
        weights = sorted(((self.specificity(t), t) for t in shared), reverse=True)
        ra, rb = self.records[a], self.records[b]
        policies = sorted(set(ra.policies) & set(rb.policies))
        ev = PairEvidence(
            a=a,
            b=b,
            semantic=self.semantic(a, b),
            lexical=self.lexical(a, b),
            term_weight=sum(w for w, _ in weights),
            term_max=weights[0][0] if weights else 0.0,
            rank=rank,
            defect_lexical=float(self.defect_tfidf[a].multiply(self.defect_tfidf[b]).sum()),
            defect_semantic=float(self.defect_vectors[a] @ self.defect_vectors[b]),
            shared_terms=[t for w, t in weights if w > 0],
            shared_policies=policies,
            same_category=bool(ra.category and rb.category and ra.category[-1] == rb.category[-1]),
        )
        ev.score = score_features(ev.features())
        return ev


def _rowwise(left: sp.csr_matrix, right: sp.csr_matrix, a: np.ndarray, b: np.ndarray, how: str) -> np.ndarray:
    """Per pair (a[i], b[i]): sum (or max) of the elementwise product of row a[i] of left and row b[i] of right."""
    out = np.zeros(len(a), dtype=np.float32)
    for s in range(0, len(a), CHUNK):
        prod = left[a[s : s + CHUNK]].multiply(right[b[s : s + CHUNK]]).tocsr()
        if how == "sum":
            out[s : s + CHUNK] = np.asarray(prod.sum(axis=1)).ravel()
        elif prod.nnz:
            out[s : s + CHUNK] = prod.max(axis=1).toarray().ravel()
    return out
