"""Parse a rectification report into the document model: the one entry point of the ingest stage.

>>> report = parse_text("中共某局党组关于巡察整改情况的通报\\n1.关于“公示期不足五个工作日”的问题\\n"
...                     "整改措施:修订《干部选拔任用工作规程》。\\n整改进展情况:已完成。", source="a.txt")
>>> [(p.text, p.status_code, p.measures[0].policies) for p in report.problems]
[('公示期不足五个工作日', 'completed', ['干部选拔任用工作规程'])]
"""

from __future__ import annotations

import bisect
import hashlib
import os
from pathlib import Path

from ingest.entities import extract_entities
from ingest.errors import IngestError
from ingest.figures import claimed_figures, disclosed_figures, heading_figures
from ingest.header import read_header
from ingest.lines import heading_marker
from ingest.normalize import normalize_text
from ingest.organizations import canonical_issuer
from ingest.structure import read_problems
from rectigraph.model import Report, Span, TextItem


def report_id(normalised_text: str) -> str:
    """Stable id of a report: a hash of its normalised text."""
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()[:16]


def parse_file(path: str | os.PathLike[str]) -> Report:
    """Read, normalise and parse one report file (.txt, .html, .docx, .pdf).

    Raises :class:`IngestError` naming the file and the reason when it cannot be read or holds no report.
    """
    from ingest.readers import read_document

    raw = read_document(path)
    report = parse_text(raw.text, source=os.fspath(path), encoding=raw.encoding)
    report.warnings[:0] = list(getattr(raw, "warnings", []))  # encoding guesses, repaired bytes …
    if not report.problems and not report.title:
        raise IngestError(path, "no report structure found: no title, no problems, no 整改措施/整改情况 sections")
    return report


def parse_text(text: str, source: str = "<text>", encoding: str | None = None) -> Report:
    """Parse the text of one report (raw or already normalised)."""
    norm = normalize_text(text)
    body = norm.text
    if not body.strip():
        raise IngestError(source, "empty file")
    header = read_header(body)
    problems = read_problems(body)
    intro_end = _intro_end(body, problems)
    year = int(header.published[:4]) if header.published else _first_year(header)
    entities = extract_entities(body, issuer=header.issuer, year=year)
    claimed = _claimed(body, intro_end, problems)
    report = Report(
        id=report_id(body),
        source=Path(source).name if source != "<text>" else source,
        text=body,
        title=header.title,
        issuer=header.issuer,
        publisher=canonical_issuer(header.issuer),
        published=header.published,
        inspection=header.inspection,
        claimed=claimed,
        disclosed=disclosed_figures(problems, claimed),
        problems=problems,
        policies=entities.policies,
        organizations=entities.organizations,
        people=entities.people,
        dates=entities.dates,
        amounts=entities.amounts,
        percentages=entities.percentages,
        encoding=encoding,
        warnings=list(norm.warnings),
    )
    claimed_count = max((claimed.get(k) or 0 for k in ("specific_problems", "main_problems")), default=0)
    if claimed_count and not problems:  # nothing read where the report says there is something: say so
        report.warnings.append(f"no problem read, though the report claims {claimed_count}: a layout not understood")
    _link_mentions(report)
    return report


def _intro_end(body: str, problems) -> int:
    """Where the account of the problems starts: the first problem, or the heading of the category it is in, so
    that a category's own counts (该方面反馈问题3项,已整改2项) are not taken for the report's."""
    if not problems:
        return len(body)
    first = min(problems, key=lambda p: p.span[0])
    end = first.span[0]
    if first.category:
        head = body.rfind(first.category[0], 0, end)
        if head != -1:
            end = body.rfind("\n", 0, head) + 1
    return end


def _claimed(body: str, intro_end: int, problems) -> dict:
    """Figures claimed before the problems; those stated only in the closing part (after the last problem's
    last item) are added, as some reports sum up at the end."""
    claimed = claimed_figures(body[:intro_end])
    if problems:
        last = problems[-1]
        spans = [last.span, *(i.span for i in (*last.measures, *last.actions))]
        if last.status_span:
            spans.append(last.status_span)
        end = body.find("\n", max(b for _, b in spans))
        if end != -1:
            for key, value in claimed_figures(body[end:]).items():
                claimed.setdefault(key, value)
    if problems and "specific_problems" not in claimed:  # (一)关于X方面的问题(共5项) …: the headings count them
        own = {p.heading for p in problems}
        headings = [(mk.rank, line) for line in body.split("\n")
                    if line not in own and (mk := heading_marker(line)) is not None]
        claimed.update(heading_figures(headings))
    return claimed


def _first_year(header) -> int | None:
    for value in (header.inspection.feedback, header.inspection.end, header.inspection.start):
        if value:
            return int(value[:4])
    return None


def _link_mentions(report: Report) -> None:
    """Attach to each measure and action the canonical policies and organisations its span covers."""
    items: list[TextItem] = [i for p in report.problems for i in (*p.measures, *p.actions)]
    if not items:
        return
    items.sort(key=lambda i: i.span[0])
    starts = [i.span[0] for i in items]

    def covering(span: Span) -> TextItem | None:
        k = bisect.bisect_right(starts, span[0]) - 1
        if k >= 0 and items[k].span[0] <= span[0] and span[1] <= items[k].span[1]:
            return items[k]
        return None

    for policy in report.policies:
        for span in policy.spans:
            item = covering(span)
            if item is not None and policy.canonical not in item.policies:
                item.policies.append(policy.canonical)
    for org in report.organizations:
        for span in org.spans:
            item = covering(span)
            if item is not None and org.canonical not in item.organizations:
                item.organizations.append(org.canonical)
