"""The document model: what ingest produces and every later stage reads.

One :class:`Report` per source file. Every extracted item carries a ``span``: ``(start, end)`` character
offsets into ``Report.text`` (the normalised text), so any claim made downstream can be shown in its source.
Everything here is plain data, JSON-serialisable through :meth:`Report.to_dict` / :meth:`Report.from_dict`.

>>> r = Report(id="r1", source="a.txt", text="abc")
>>> Report.from_dict(r.to_dict()) == r
True
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any

Span = tuple[int, int]

#: Normalised status vocabulary (``status_code``); the raw phrase stays in ``Problem.status``.
STATUS_CODES: dict[str, str] = {
    "completed": "已完成",
    "in_progress": "正在推进中",
    "long_term": "长期坚持",
    "partial": "基本完成",
    "not_started": "未启动",
}

#: Keys of ``Report.claimed`` / ``Report.disclosed`` that are counts of the same thing.
FIGURE_KEYS: tuple[str, ...] = (
    "main_problems",
    "specific_problems",
    "measures",
    "completed",
    "in_progress",
    "long_term",
)


@dataclass
class TextItem:
    """A measure (整改措施) or an action (整改落实情况) of a problem."""

    text: str
    span: Span
    order: int = 0
    policies: list[str] = field(default_factory=list)  # canonical titles cited in this item
    organizations: list[str] = field(default_factory=list)  # canonical names named in this item


@dataclass
class Problem:
    """A main problem (关于“X”的问题) or a specific problem (针对“Y”问题) under one."""

    id: str
    text: str
    span: Span
    category: list[str] = field(default_factory=list)
    parent: str | None = None
    level: str = "specific"  # "main" (关于“X”的问题, or holds specific problems) or "specific"
    measures: list[TextItem] = field(default_factory=list)
    actions: list[TextItem] = field(default_factory=list)
    status: str | None = None
    status_code: str | None = None
    status_span: Span | None = None
    deadline: str | None = None
    heading: str = ""  # the raw heading line(s) the problem was read from


@dataclass
class PolicyMention:
    raw: list[str]
    canonical: str
    kind: str
    spans: list[Span] = field(default_factory=list)


@dataclass
class OrganizationMention:
    raw: list[str]
    canonical: str
    spans: list[Span] = field(default_factory=list)


@dataclass
class PersonMention:
    name: str
    role: str | None
    spans: list[Span] = field(default_factory=list)


@dataclass
class ValueMention:
    """A date (value ``YYYY-MM-DD`` or ``YYYY-MM``), an amount (value in 元) or a percentage."""

    raw: str
    value: Any
    span: Span


@dataclass
class Inspection:
    body: str | None = None
    type: str | None = None
    round: str | None = None
    start: str | None = None
    end: str | None = None
    feedback: str | None = None


@dataclass
class Report:
    id: str
    source: str
    text: str
    title: str | None = None
    issuer: str | None = None  # as the report writes it (中共北沅县住建局党组)
    published: str | None = None
    inspection: Inspection = field(default_factory=Inspection)
    claimed: dict[str, Any] = field(default_factory=dict)
    disclosed: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    policies: list[PolicyMention] = field(default_factory=list)
    organizations: list[OrganizationMention] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    dates: list[ValueMention] = field(default_factory=list)
    amounts: list[ValueMention] = field(default_factory=list)
    percentages: list[ValueMention] = field(default_factory=list)
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: The issuer's canonical name, one per body however each report writes it (中共北沅县住房和城乡建设局党组):
    #: what the graph names the publisher and what tracing compares. None in documents from before it existed.
    publisher: str | None = None

    @property
    def issuing_body(self) -> str | None:
        """The canonical issuer when known, else the issuer as written."""
        return self.publisher or self.issuer

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (spans become 2-item lists). Same as ``dataclasses.asdict``, twice as fast."""
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Inverse of :meth:`to_dict`."""
        return _build(cls, data)

    def problem(self, problem_id: str) -> Problem | None:
        return next((p for p in self.problems if p.id == problem_id), None)

    def children(self, problem_id: str) -> list[Problem]:
        return [p for p in self.problems if p.parent == problem_id]


_NESTED: dict[tuple[type, str], type] = {
    (Report, "inspection"): Inspection,
    (Report, "problems"): Problem,
    (Report, "policies"): PolicyMention,
    (Report, "organizations"): OrganizationMention,
    (Report, "people"): PersonMention,
    (Report, "dates"): ValueMention,
    (Report, "amounts"): ValueMention,
    (Report, "percentages"): ValueMention,
    (Problem, "measures"): TextItem,
    (Problem, "actions"): TextItem,
}
_SPAN_FIELDS = {"span", "status_span"}


_SCALARS = (str, int, float, bool, type(None))


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    return tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for the model's values (dataclasses, lists, tuples, dicts, scalars) without its
    deep copies: the model holds no other mutable values."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [_plain(v) for v in value]
    if kind is tuple:
        return tuple(_plain(v) for v in value)
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    names = _field_names(kind)
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    return copy.deepcopy(value)  # anything else, as asdict does


def _build(cls: type, data: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        sub = _NESTED.get((cls, f.name))
        if sub is not None and isinstance(value, list):
            value = [_build(sub, v) for v in value]
        elif sub is not None and isinstance(value, dict):
            value = _build(sub, value)
        elif f.name in _SPAN_FIELDS and value is not None:
            value = (int(value[0]), int(value[1]))
        elif f.name == "spans":
            value = [(int(a), int(b)) for a, b in value]
        kwargs[f.name] = value
    return cls(**kwargs)
