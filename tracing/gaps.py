"""Claimed versus disclosed: what a report says it found and fixed, against what it actually lists.

A report claims figures in its summary (细化为49个具体问题，制定177条整改措施，已完成47个); the parser also
counts what the per-problem part discloses. The gap is claimed − disclosed, per figure, per report.

>>> from rectigraph.model import Report
>>> r = Report(id="r1", source="x/a.txt", text="", claimed={"specific_problems": 49, "measures": 177},
...            disclosed={"specific_problems": 47, "measures": 175})
>>> row = gap_row(r)
>>> row["specific_problems"], row["measures"]["gap"]
({'claimed': 49, 'disclosed': 47, 'gap': 2}, 2)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from rectigraph.model import Report
from tracing.records import report_year

#: The figures compared, in table order.
GAP_FIGURES: tuple[str, ...] = ("main_problems", "specific_problems", "measures", "completed", "in_progress", "long_term")
SORT_KEYS = ("report", "issuer", "year", *(f"{name}_gap" for name in GAP_FIGURES))


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def gap_row(report: Report) -> dict[str, Any]:
    """One report's figures: for each, claimed, disclosed and gap (None where a side is unknown)."""
    row: dict[str, Any] = {
        "report_id": report.id,
        "report_file": PurePath(report.source).name,
        "title": report.title,
        "issuer": report.issuing_body,
        "published": report.published,
        "year": report_year(report),
    }
    for name in GAP_FIGURES:
        claimed = _number(report.claimed.get(name))
        disclosed = _number(report.disclosed.get(name))
        gap = claimed - disclosed if claimed is not None and disclosed is not None else None
        row[name] = {"claimed": claimed, "disclosed": disclosed, "gap": gap}
    return row


def gap_table(reports: Iterable[Report], sort: str = "specific_problems_gap", descending: bool = True) -> list[dict]:
    """Rows for every report, sorted by ``sort`` (one of :data:`SORT_KEYS`); unknown values sort last."""
    if sort not in SORT_KEYS:
        raise ValueError(f"cannot sort gaps by {sort!r}; choose from {', '.join(SORT_KEYS)}")
    rows = [gap_row(r) for r in reports]

    def key(row: dict) -> tuple:
        if sort == "report":
            value: Any = row["report_file"]
        elif sort in ("issuer", "year"):
            value = row[sort]
        else:
            value = row[sort.removesuffix("_gap")]["gap"]
        missing = value is None
        if missing:
            return (1, 0)
        return (0, -value if descending and isinstance(value, (int, float)) else value)

    rows.sort(key=key)
    if descending and sort in ("report", "issuer"):
        rows = [r for r in rows if key(r)[0] == 0][::-1] + [r for r in rows if key(r)[0] == 1]
    return rows
