"""Search quality against graded relevance judgements (``queries-visible.json``) over gold problem ids.

Gold ids (``syn-v01-P17``) name problems in the gold annotation files; parsed reports have ids of their own, so
gold problems are matched to parsed ones by their statement text, normalised (punctuation, width, spaces),
falling back to the longest common prefix when a parser keeps a little more or less of a statement.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rectigraph.model import Report
from search.filters import Filters
from search.metrics import ndcg
from search.text import to_simplified

QUERY_TYPES = ("keyword", "question", "paraphrase", "english", "traditional")
_DROP = re.compile(r"[\W_]+", re.UNICODE)


def match_key(text: str) -> str:
    """Statement text reduced to letters and digits (full-width folded, simplified).

    >>> match_key("针对“公车私用”问题，") == match_key('针对"公车私用"问题,')
    True
    """
    return _DROP.sub("", to_simplified(unicodedata.normalize("NFKC", text or ""))).lower()


def gold_problems(gold_dir: str | Path) -> dict[str, dict[str, Any]]:
    """Gold id -> ``{"file", "text"}`` for every problem in every gold file under ``gold_dir``."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(gold_dir).rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: unreadable gold file ({exc})") from exc
        if not isinstance(data, dict) or "problems" not in data:
            continue
        for problem in data["problems"]:
            out[problem["id"]] = {"file": data.get("file"), "text": problem.get("text", "")}
    return out


def map_gold_ids(reports: Iterable[Report], gold: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    """``(report_id, problem_id)`` of parsed problems -> gold id, matched by statement text within the same file."""
    by_file: dict[str, list[tuple[str, str]]] = {}
    for gold_id, info in gold.items():
        by_file.setdefault(Path(info["file"] or "").name, []).append((gold_id, match_key(info["text"])))
    mapping: dict[tuple[str, str], str] = {}
    for report in reports:
        candidates = by_file.get(Path(report.source).name, [])
        exact = {key: gold_id for gold_id, key in candidates}
        for problem in report.problems:
            key = match_key(problem.text)
            gold_id = exact.get(key)
            if gold_id is None and len(key) >= 8:
                best = max(candidates, key=lambda c: _common_prefix(c[1], key), default=None)
                if best and _common_prefix(best[1], key) >= max(8, int(0.8 * min(len(best[1]), len(key)))):
                    gold_id = best[0]
            if gold_id is not None:
                mapping[(report.id, problem.id)] = gold_id
    return mapping


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


@dataclass
class QueryScore:
    id: str
    type: str
    text: str
    ndcg: float
    ranked: list[str] = field(default_factory=list)


def evaluate(
    index: Any,
    queries: list[dict[str, Any]],
    mapping: dict[tuple[str, str], str],
    k: int = 10,
    weights: dict[str, float] | None = None,
    expand: bool = True,
) -> list[QueryScore]:
    """nDCG@k of each query, problems only, hits mapped to gold ids (``weights``: one channel mix)."""
    out = []
    for query in queries:
        result = index.search(query["text"], k=k, filters=Filters(kind="problem"), weights=weights, expand=expand)
        ranked = [mapping.get((h.report_id, h.problem_id or ""), h.iri) for h in result.hits]
        out.append(QueryScore(query["id"], query["type"], query["text"], ndcg(ranked, query["relevant"], k), ranked))
    return out


def summarise(scores: list[QueryScore]) -> dict[str, float]:
    """Mean nDCG overall and per query type."""
    table: dict[str, float] = {}
    for kind in [*QUERY_TYPES, *sorted({s.type for s in scores} - set(QUERY_TYPES))]:
        values = [s.ndcg for s in scores if s.type == kind]
        if values:
            table[kind] = sum(values) / len(values)
    table["all"] = sum(s.ndcg for s in scores) / len(scores) if scores else 0.0
    return table


def load_queries(path: str | Path) -> list[dict[str, Any]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    queries = data["queries"] if isinstance(data, dict) else data
    for q in queries:
        if not {"id", "text", "relevant"} <= set(q):
            raise ValueError(f"{path}: query {q.get('id', '?')} lacks id, text or relevant")
        q.setdefault("type", "other")
    return queries
