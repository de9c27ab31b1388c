"""Search items: the things a search can return, cut from the document model.

One report gives problems, measures, actions, policies and the report itself (by title). Each item keeps the
text shown to users (a problem's statement, never its context) apart from the ``context`` indexed with it (the
parent problem, measures and actions), and the facets that filters use.

>>> from rectigraph.model import Problem, Report, TextItem
>>> report = Report(id="r1", source="a.txt", text="…", title="关于巡察整改进展情况的通报", published="2023-05-15",
...     problems=[Problem(id="P1", text="公车私用", span=(10, 14), status_code="completed",
...                       measures=[TextItem(text="清理公务用车", span=(20, 26), order=1)])])
>>> [(i.kind, i.text, i.year, i.status) for i in items_from_report(report)]
[('problem', '公车私用', 2023, 'completed'), ('measure', '清理公务用车', 2023, 'completed'), ('report', '关于巡察整改进展情况的通报', 2023, None)]
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.namespace import action_iri, measure_iri, policy_iri, problem_iri, report_iri
from rectigraph.model import Problem, Report

KINDS: tuple[str, ...] = ("problem", "measure", "action", "policy", "report")

#: Context longer than this (characters) is cut: encoders truncate anyway and BM25 length-normalises.
MAX_CONTEXT_CHARS = 600


@dataclass
class SearchItem:
    """One searchable thing. ``text`` is what users see; ``context`` is indexed with it."""

    iri: str
    kind: str
    text: str
    report_id: str
    report_file: str
    issuer: str | None = None
    year: int | None = None
    status: str | None = None
    inspection_type: str | None = None
    span: tuple[int, int] | None = None
    problem_id: str | None = None  # the problem itself, or the problem a measure/action belongs to
    parent: str | None = None  # IRI of the parent problem (specific problems) or owning problem
    context: str = ""
    related: list[str] = field(default_factory=list)  # IRIs for graph expansion (measures, policies)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span) if self.span else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchItem:
        data = dict(data)
        if data.get("span") is not None:
            data["span"] = (int(data["span"][0]), int(data["span"][1]))
        return cls(**data)


def report_year(report: Report) -> int | None:
    """The year a report speaks for: its publication date, else the inspection feedback or end date."""
    for value in (report.published, report.inspection.feedback, report.inspection.end, report.inspection.start):
        match = re.match(r"\s*(\d{4})", value or "")
        if match:
            return int(match.group(1))
    return None


def _join(parts: list[str], limit: int = MAX_CONTEXT_CHARS) -> str:
    text = "；".join(p.strip() for p in parts if p and p.strip())
    return text[:limit]


def _status(problem: Problem) -> str | None:
    return problem.status_code or problem.status


def _problem_policies(problem: Problem) -> list[str]:
    seen: dict[str, None] = {}
    for item in [*problem.measures, *problem.actions]:
        for title in item.policies:
            seen.setdefault(title, None)
    return list(seen)


def items_from_report(report: Report) -> list[SearchItem]:
    """All search items of one report, in document order (problems with their measures and actions first)."""
    year = report_year(report)
    base = {
        "report_id": report.id,
        "report_file": report.source,
        "issuer": report.issuing_body,  # one name per body, so the issuer filter finds all its reports
        "year": year,
        "inspection_type": report.inspection.type,
    }
    by_id = {p.id: p for p in report.problems}
    items: list[SearchItem] = []
    for problem in report.problems:
        iri = str(problem_iri(report.id, problem.id))
        parent = by_id.get(problem.parent) if problem.parent else None
        status = _status(problem) or (_status(parent) if parent else None)
        measure_iris = [str(measure_iri(report.id, problem.id, m.order or n)) for n, m in enumerate(problem.measures, 1)]
        action_iris = [str(action_iri(report.id, problem.id, a.order or n)) for n, a in enumerate(problem.actions, 1)]
        policies = _problem_policies(problem)
        context = _join(
            [parent.text if parent else "", *(problem.category[-1:] if problem.category else [])]
            + [m.text for m in problem.measures]
            + [a.text for a in problem.actions]
        )
        items.append(
            SearchItem(
                iri=iri,
                kind="problem",
                text=problem.text,
                span=tuple(problem.span) if problem.span else None,
                status=status,
                problem_id=problem.id,
                parent=str(problem_iri(report.id, parent.id)) if parent else None,
                context=context,
                related=measure_iris + [str(policy_iri(t)) for t in policies],
                **base,
            )
        )
        for kind, members, iris in (("measure", problem.measures, measure_iris), ("action", problem.actions, action_iris)):
            for member, member_iri in zip(members, iris, strict=True):
                items.append(
                    SearchItem(
                        iri=member_iri,
                        kind=kind,
                        text=member.text,
                        span=tuple(member.span) if member.span else None,
                        status=status,
                        problem_id=problem.id,
                        parent=iri,
                        context=problem.text[:MAX_CONTEXT_CHARS],
                        related=[str(policy_iri(t)) for t in member.policies],
                        **base,
                    )
                )
    for policy in report.policies:
        items.append(
            SearchItem(
                iri=str(policy_iri(policy.canonical)),
                kind="policy",
                text=policy.canonical,
                span=tuple(policy.spans[0]) if policy.spans else None,
                context=_join([r for r in policy.raw if r != policy.canonical]),
                **base,
            )
        )
    if report.title:
        start = report.text.find(report.title)
        items.append(
            SearchItem(
                iri=str(report_iri(report.id)),
                kind="report",
                text=report.title,
                span=(start, start + len(report.title)) if start >= 0 else None,
                context=_join([report.issuer or "", report.inspection.body or "", report.inspection.round or ""]),
                **base,
            )
        )
    return items
