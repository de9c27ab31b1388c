"""The problems tracing works on, cut from the document model with what a trace shows about each.

A *main* problem that holds specific problems (关于“X”的问题 with 针对“Y” under it) is a heading: its specific
problems are what families group, so it is kept for traces but marked ``summary``.

>>> from rectigraph.model import Problem, Report, TextItem
>>> report = Report(id="r1", source="a.txt", text="", issuer="中共某局党组", published="2023-05-15", problems=[
...     Problem(id="M1", text="选人用人不规范", span=(0, 7)),
...     Problem(id="P1", text="公示期不足五个工作日", span=(8, 18), parent="M1", status="已完成",
...             status_code="completed", measures=[TextItem("严格执行公示制度", (20, 28), 1,
...             policies=["党政领导干部选拔任用工作条例"])])])
>>> [(r.problem_id, r.summary, r.year, r.policies) for r in records_from_report(report)]
[('M1', True, 2023, []), ('P1', False, 2023, ['党政领导干部选拔任用工作条例'])]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Any

from rectigraph.model import Report


@dataclass
class ProblemRecord:
    """One problem with the facets a trace needs."""

    iri: str
    report_id: str
    problem_id: str
    report_file: str
    text: str
    issuer: str | None = None
    published: str | None = None
    year: int | None = None
    status: str | None = None
    status_code: str | None = None
    category: list[str] = field(default_factory=list)
    parent: str | None = None
    summary: bool = False  # a main problem with specific problems under it
    span: tuple[int, int] | None = None
    status_span: tuple[int, int] | None = None
    policies: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    inspection_type: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("span", "status_span"):
            data[key] = list(data[key]) if data[key] else None
        return data


def report_year(report: Report) -> int | None:
    """The year a report was published (or, failing that, of its inspection's feedback)."""
    for value in (report.published, report.inspection.feedback, report.inspection.end):
        match = re.match(r"(\d{4})", value or "")
        if match:
            return int(match.group(1))
    return None


def records_from_report(report: Report) -> list[ProblemRecord]:
    """One record per problem of ``report``, in document order."""
    from graph.namespace import problem_iri  # rdflib: not at import time (the CLI imports this module)

    parents = {p.parent for p in report.problems if p.parent}
    year = report_year(report)
    out = []
    for problem in report.problems:
        policies: dict[str, None] = {}
        for item in [*problem.measures, *problem.actions]:
            for title in item.policies:
                policies.setdefault(title, None)
        out.append(
            ProblemRecord(
                iri=str(problem_iri(report.id, problem.id)),
                report_id=report.id,
                problem_id=problem.id,
                report_file=PurePath(report.source).name,
                text=problem.text,
                issuer=report.issuing_body,
                published=report.published,
                year=year,
                status=problem.status,
                status_code=problem.status_code,
                category=list(problem.category),
                parent=str(problem_iri(report.id, problem.parent)) if problem.parent else None,
                summary=problem.id in parents,
                span=tuple(problem.span) if problem.span else None,
                status_span=tuple(problem.status_span) if problem.status_span else None,
                policies=list(policies),
                measures=[m.text for m in problem.measures],
                inspection_type=report.inspection.type,
            )
        )
    return out


def records_from_reports(reports: Iterable[Report]) -> list[ProblemRecord]:
    return [record for report in reports for record in records_from_report(report)]
