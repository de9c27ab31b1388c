"""Score parsed reports against gold annotations (the format of tests/data/gold).

Problems are matched by text after normalising punctuation and whitespace, as the gold files prescribe.

>>> match_key("“公示期不足，五个工作日”。") == match_key('公示期不足,五个工作日')
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rectigraph.model import Report

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)

CORE_FIGURES = ("main_problems", "specific_problems", "measures", "completed", "in_progress", "long_term")


def match_key(text: str) -> str:
    """Text with punctuation, quotes and whitespace removed, full-width folded (NFKC)."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text))


@dataclass
class ReportScore:
    name: str
    gold_problems: int
    parsed_problems: int
    matched: int
    status_correct: int
    parent_correct: int
    claimed_correct: int
    claimed_total: int

    @property
    def precision(self) -> float:
        return self.matched / self.parsed_problems if self.parsed_problems else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold_problems if self.gold_problems else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def status_accuracy(self) -> float:
        return self.status_correct / self.matched if self.matched else 0.0


def score_report(name: str, report: Report, gold: dict[str, Any]) -> ReportScore:
    """Compare one parsed report with its gold annotation."""
    gold_by_key = {match_key(p["text"]): p for p in gold["problems"]}
    parsed_by_key = {match_key(p.text): p for p in report.problems}
    gold_ids = {p["id"]: match_key(p["text"]) for p in gold["problems"]}
    parsed_ids = {p.id: match_key(p.text) for p in report.problems}
    common = set(gold_by_key) & set(parsed_by_key)
    status_ok = sum(1 for k in common if (gold_by_key[k]["status"] or None) == (parsed_by_key[k].status or None))
    parent_ok = sum(
        1
        for k in common
        if gold_ids.get(gold_by_key[k]["parent"]) == parsed_ids.get(parsed_by_key[k].parent)
    )
    claimed = {k: v for k, v in gold.get("claimed", {}).items() if k in CORE_FIGURES}
    claimed_ok = sum(1 for k, v in claimed.items() if report.claimed.get(k) == v)
    return ReportScore(
        name=name,
        gold_problems=len(gold_by_key),
        parsed_problems=len(parsed_by_key),
        matched=len(common),
        status_correct=status_ok,
        parent_correct=parent_ok,
        claimed_correct=claimed_ok,
        claimed_total=len(claimed),
    )


def format_table(scores: list[ReportScore]) -> str:
    """A plain-text table, one row per report and a micro-averaged total."""
    head = f"{'report':<24}{'gold':>6}{'parsed':>8}{'P':>7}{'R':>7}{'F1':>7}{'status':>8}{'parent':>8}{'claimed':>9}"
    rows = [head, "-" * len(head)]
    for s in scores:
        rows.append(
            f"{s.name:<24}{s.gold_problems:>6}{s.parsed_problems:>8}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
            f"{s.status_accuracy:>8.3f}{s.parent_correct / max(s.matched, 1):>8.3f}{s.claimed_correct:>5}/{s.claimed_total:<3}"
        )
    total = ReportScore(
        "ALL",
        sum(s.gold_problems for s in scores),
        sum(s.parsed_problems for s in scores),
        sum(s.matched for s in scores),
        sum(s.status_correct for s in scores),
        sum(s.parent_correct for s in scores),
        sum(s.claimed_correct for s in scores),
        sum(s.claimed_total for s in scores),
    )
    rows.append("-" * len(head))
    rows.append(
        f"{'ALL':<24}{total.gold_problems:>6}{total.parsed_problems:>8}{total.precision:>7.3f}{total.recall:>7.3f}"
        f"{total.f1:>7.3f}{total.status_accuracy:>8.3f}{total.parent_correct / max(total.matched, 1):>8.3f}"
        f"{total.claimed_correct:>5}/{total.claimed_total:<3}"
    )
    return "\n".join(rows)
