"""Scoring families against annotated families, and fitting the evidence weights (used by
``scripts/eval_tracing.py`` and the slow tests).

Annotated problem ids are mapped to parsed problems by text, with punctuation, quotation marks and
whitespace ignored.

>>> norm_key("“三重一大”决策制度执行不严，2022年…") == norm_key('"三重一大"决策制度执行不严,2022年...')
True
>>> pair_scores({frozenset("ab"), frozenset("cd")}, {frozenset("ab"), frozenset("ef")})["precision"]
0.5
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from tracing.evidence import FEATURES
from tracing.families import FamilyIndex
from tracing.grouping import group
from tracing.records import ProblemRecord
from tracing.text import normalise_statement

_PUNCT = re.compile(r"[\W_]+")


def norm_key(text: str) -> str:
    """Text for matching: normalised, without punctuation, quotes, ellipses or whitespace."""
    return _PUNCT.sub("", normalise_statement(text))


def load_gold(gold_dir: Path, families_file: Path | None = None) -> tuple[dict[str, dict], list[dict]]:
    """Annotated problems (id -> problem with its ``report`` id) and families."""
    problems: dict[str, dict] = {}
    for path in sorted(gold_dir.glob("*.json")) + sorted((gold_dir / "synthetic").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "problems" not in data:
            continue
        for p in data["problems"]:
            problems[p["id"]] = {**p, "report": data["id"]}
    fams = json.loads((families_file or gold_dir / "families-visible.json").read_text(encoding="utf-8"))["families"]
    return problems, fams


def map_gold(gold_problems: dict[str, dict], records: list[ProblemRecord]) -> tuple[dict[str, int], set[str]]:
    """Annotated id -> index of the parsed problem with the same text (exact, then containment, then close)."""
    keys = [norm_key(r.text) for r in records]
    exact: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        exact.setdefault(k, []).append(i)
    mapping: dict[str, int] = {}
    unmapped: set[str] = set()
    for gid, p in gold_problems.items():
        k = norm_key(p["text"])
        if k in exact:
            mapping[gid] = exact[k][0]
            continue
        best, best_ratio = None, 0.0
        for i, rk in enumerate(keys):
            if len(k) >= 8 and (k in rk or rk in k) and min(len(k), len(rk)) / max(len(k), len(rk)) > 0.6:
                ratio = 0.95
            else:
                if abs(len(rk) - len(k)) > 0.3 * max(len(k), 1):
                    continue
                ratio = difflib.SequenceMatcher(None, k, rk, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = i, ratio
        if best is not None and best_ratio >= 0.85:
            mapping[gid] = best
        else:
            unmapped.add(gid)
    return mapping, unmapped


def gold_pairs(families: list[dict], problems: dict[str, dict]) -> set[frozenset[str]]:
    """Pairs of annotated problems from different reports that share an annotated family."""
    out = set()
    for fam in families:
        for a, b in itertools.combinations(fam["members"], 2):
            if problems[a]["report"] != problems[b]["report"]:
                out.add(frozenset((a, b)))
    return out


def predicted_pairs(index: FamilyIndex, mapping: dict[str, int]) -> set[frozenset[str]]:
    """Pairs of annotated problems (from different reports) that the built families put together."""
    back: dict[int, list[str]] = {}
    for gid, i in mapping.items():
        back.setdefault(i, []).append(gid)
    out = set()
    for fam in index.families:
        ids = [g for i in fam.members for g in back.get(i, [])]
        for a, b in itertools.combinations(ids, 2):
            ia, ib = mapping[a], mapping[b]
            if index.records[ia].report_id != index.records[ib].report_id:
                out.add(frozenset((a, b)))
    return out


def pair_scores(pred: set, gold: set) -> dict[str, float]:
    tp = len(pred & gold)
    precision = tp / len(pred) if pred else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "tp": tp,
            "predicted": len(pred), "gold": len(gold)}


def average_precision(labels: np.ndarray, scores: np.ndarray) -> float:
    """Average precision of ranking by ``scores`` (mean precision at each positive), a threshold-free measure
    of the pair model alone, before grouping.

    >>> average_precision(np.array([1, 0, 1, 0]), np.array([0.9, 0.8, 0.7, 0.1]))
    0.8333
    """
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    hits = np.asarray(labels, dtype=float)[order]
    if not hits.sum():
        return 0.0
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return round(float((precision * hits).sum() / hits.sum()), 4)


def precision_at(labels: np.ndarray, scores: np.ndarray, k: int) -> float:
    """Precision among the ``k`` highest-scoring pairs: how often the most confident links are right, which is
    what one wrong merge of whole groups punishes.

    >>> precision_at(np.array([1, 0, 1, 0]), np.array([0.9, 0.8, 0.7, 0.1]), 2)
    0.5
    """
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")[:k]
    return round(float(np.asarray(labels, dtype=float)[order].mean()), 4) if len(order) else 0.0


def _logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 100,
              nonnegative: bool = True) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton steps on standardised features; raw-scale weights.

    With ``nonnegative`` (the default) the model is monotone: every feature is evidence *for* a pair, so no
    weight may be negative. A feature whose weight fits negative (one strongly correlated with another, such
    as the defect-clause and whole-statement embeddings) is fixed at 0 and the rest refitted (active set).

    >>> x = np.array([[0.0, 0.0], [1.0, 0.9], [0.2, 0.3], [0.9, 1.0], [0.1, 0.0], [0.8, 0.7]])
    >>> w, b = _logistic(np.c_[x, x[:, 0] + 0.01 * x[:, 1]], np.array([0, 1, 0, 1, 0, 1.0]))
    >>> bool((w >= 0).all())
    True
    """
    active = np.ones(x.shape[1], dtype=bool)
    while True:
        w_active, b = _newton_logistic(x[:, active], y, l2, iters)
        w = np.zeros(x.shape[1])
        w[active] = w_active
        if not nonnegative or (w >= 0).all():
            return w, b
        active[int(np.argmin(w))] = False


def _newton_logistic(x: np.ndarray, y: np.ndarray, l2: float, iters: int) -> tuple[np.ndarray, float]:
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.c_[(x - mu) / sd, np.ones(len(x))]
    w = np.zeros(z.shape[1])
    reg = l2 * np.r_[np.ones(z.shape[1] - 1), 0.0]
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    raw = w[:-1] / sd
    return raw, float(w[-1] - (w[:-1] * mu / sd).sum())


def fit_weights(index: FamilyIndex, mapping: dict[str, int], gold: set[frozenset[str]], cv: bool = False,
                method: str = "average", thresholds: Iterable[float] = (0.2, 0.25, 0.3, 0.35, 0.4)) -> dict:
    """Fit the evidence weights on the candidate pairs (label: the pair is annotated together).

    With ``cv``, each report in turn is left out of fitting and the families are scored only on pairs that
    touch it (the scores of all folds pooled): an estimate for reports the weights never saw, at each grouping
    threshold (``cv_by_threshold``); ``pairwise_average_precision`` rates the held-out pair scores before any
    grouping, and ``precision_of_top_links`` is their precision among the 20 and 40 most confident. ``nested``
    also picks the threshold without the held-out report (by F1 of leave-one-report-out over the other reports),
    so neither the weights nor the threshold saw it.
    """
    back = {i: g for g, i in mapping.items()}
    pairs = [p for p in index.pairs if p.a in back and p.b in back]
    x = np.array([[p.features()[f] for f in FEATURES] for p in pairs], dtype=float)
    y = np.array([frozenset((back[p.a], back[p.b])) in gold for p in pairs], dtype=float)
    reports = [index.records[i].report_id for i in range(len(index.records))]
    if not cv:
        w, b = _logistic(x, y)
        return {"weights": dict(zip(FEATURES, np.round(w, 3).tolist(), strict=True)), "intercept": round(b, 3),
                "pairs": len(pairs), "positives": int(y.sum())}
    folds = sorted({reports[p.a] for p in pairs} | {reports[p.b] for p in pairs})
    thresholds = list(thresholds)
    fold = _Folds(pairs, x, y, reports, back, mapping, gold, method)
    out = {}
    held_probs = {held: fold.probabilities({held}) for held in folds}
    touch = [np.array([held in ends for ends in fold.ends]) for held in folds]
    held_labels = np.concatenate([y[m] for m in touch])
    held_scores = np.concatenate([held_probs[h][m] for h, m in zip(folds, touch, strict=True)])
    ap = average_precision(held_labels, held_scores)
    top = {str(k): precision_at(held_labels, held_scores, k) for k in (20, 40)}
    for t in thresholds:
        pred_all, gold_all = set(), set()
        for held in folds:
            pred, wanted = fold.scores(held_probs[held], t, held)
            pred_all |= pred
            gold_all |= wanted
        out[str(t)] = pair_scores(pred_all, gold_all)
    pred_all, gold_all, chosen = set(), set(), {}
    for held in folds:
        inner = {t: (set(), set()) for t in thresholds}
        for other in folds:
            if other == held:
                continue
            probs = fold.probabilities({held, other})
            for t in thresholds:
                pred, wanted = fold.scores(probs, t, other, unseen=held)
                inner[t][0].update(pred)
                inner[t][1].update(wanted)
        best = max(thresholds, key=lambda t: (pair_scores(*inner[t])["f1"], t))
        chosen[held] = best
        pred, wanted = fold.scores(fold.probabilities({held}), best, held)
        pred_all |= pred
        gold_all |= wanted
    return {"pairwise_average_precision": ap, "precision_of_top_links": top, "cv_by_threshold": out,
            "nested": {**pair_scores(pred_all, gold_all), "thresholds": chosen}}


class _Folds:
    """Leave-reports-out fits and the families they give, for :func:`fit_weights`."""

    def __init__(self, pairs, x, y, reports, back, mapping, gold, method):
        self.pairs, self.x, self.y, self.reports = pairs, x, y, reports
        self.back, self.mapping, self.gold, self.method = back, mapping, gold, method
        self.ends = [(reports[p.a], reports[p.b]) for p in pairs]

    def probabilities(self, left_out: set[str]) -> np.ndarray:
        """Pair probabilities from weights fitted without the pairs that touch ``left_out`` reports."""
        train = np.array([a not in left_out and b not in left_out for a, b in self.ends])
        if len(set(self.y[train].tolist())) < 2:
            raise ValueError(f"leaving out {len(left_out)} report(s) leaves no annotated pair or no other pair to "
                             f"fit on: cross-validation needs more annotated reports")
        w, b = _logistic(self.x[train], self.y[train])
        return 1 / (1 + np.exp(-(self.x @ w + b)))

    def scores(self, probs: np.ndarray, t: float, held: str, unseen: str | None = None
               ) -> tuple[set[frozenset[str]], set[frozenset[str]]]:
        """Predicted and annotated pairs that touch ``held``, with families grouped at threshold ``t`` from
        every pair but those touching ``unseen`` (a report kept out altogether)."""
        reports, back = self.reports, self.back
        scored = [(p.a, p.b, float(s)) for p, s, (ra, rb) in zip(self.pairs, probs, self.ends, strict=True)
                  if unseen not in (ra, rb)]
        if self.method == "average":  # every scored pair takes part; merge while the mean is at least t
            fams = group(scored, reports, method=self.method, merge_at=t)
        else:
            fams = group([s for s in scored if s[2] >= t], reports, method=self.method)
        pred = set()
        for fam in fams:
            for a, b in itertools.combinations(sorted(fam), 2):
                if reports[a] != reports[b] and held in (reports[a], reports[b]):
                    pred.add(frozenset((back[a], back[b])))
        wanted = set()
        for g in self.gold:
            where = {reports[self.mapping[x]] for x in g}
            if held in where and unseen not in where:
                wanted.add(g)
        return pred, wanted
