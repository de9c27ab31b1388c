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
    touch it (the scores of all folds pooled): an estimate for reports the weights never saw.
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
    out = {}
    for t in thresholds:
        pred_all, gold_all = set(), set()
        for held in folds:
            train = np.array([reports[p.a] != held and reports[p.b] != held for p in pairs])
            w, b = _logistic(x[train], y[train])
            probs = 1 / (1 + np.exp(-(x @ w + b)))
            scored = [(p.a, p.b, float(s)) for p, s in zip(pairs, probs, strict=True)]
            if method == "average":  # every scored pair takes part; merge while the mean is at least t
                fams = group(scored, reports, method=method, merge_at=t)
            else:
                fams = group([x for x in scored if x[2] >= t], reports, method=method)
            for fam in fams:
                for a, b_ in itertools.combinations(sorted(fam), 2):
                    if reports[a] != reports[b_] and held in (reports[a], reports[b_]):
                        pred_all.add(frozenset((back[a], back[b_])))
            gold_all |= {g for g in gold if held in {reports[mapping[x_]] for x_ in g}}
        out[str(t)] = pair_scores(pred_all, gold_all)
    return {"cv_by_threshold": out}
