"""Document model -> RDF: the triples of one report.

Everything a report says goes into its own named graph (:func:`graph.namespace.report_graph_iri`), so the
triples built here are exactly what removing the report deletes. Shared entities (policies, organisations,
people) get one IRI across reports; what is the same in every report (type, canonical label, kind) is stated
once, in :data:`ENTITIES_GRAPH` (so the union default graph holds no duplicates to multiply joins), while how
each report spelled them (``skos:altLabel``) stays in the report's graph. When the last report naming an entity
goes, the store drops the entity's description too (no orphans).

Every problem, measure, action, category, figure and mention is ``prov:wasDerivedFrom`` its report and carries
``rg:spanStart`` / ``rg:spanEnd`` (character offsets into ``Report.text``) where the model has a span.

>>> from rectigraph.model import Report, Problem, TextItem
>>> r = Report(id="r1", source="a.txt", text="关于问题。措施《条例》。",
...            problems=[Problem(id="P1", text="问题", span=(2, 4),
...                              measures=[TextItem(text="措施《条例》", span=(5, 11), order=1, policies=["条例"])])])
>>> triples = list(report_triples(r))
>>> from graph.namespace import RG, policy_iri
>>> any(p == RG.cites and o == policy_iri("条例") for _, p, o in triples)
True
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from numbers import Number
from types import SimpleNamespace
from typing import Any

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from graph.namespace import (
    ID,
    ORG,
    PROV,
    RG,
    action_iri,
    measure_iri,
    organization_iri,
    person_iri,
    policy_iri,
    problem_iri,
    report_iri,
)
from rectigraph.model import Problem, Report, Span, TextItem

Triple = tuple[URIRef, URIRef, URIRef | Literal]

#: The named graph holding what is the same in every report: type, canonical label and kind of each policy,
#: organisation and person. Entities no report graph refers to any more are dropped (GraphStore.drop_orphans).
ENTITIES_GRAPH = URIRef(f"{ID}graph-shared/entities")
#: IRI prefixes of the shared entities.
ENTITY_PREFIXES = (f"{ID}policy/", f"{ID}organization/", f"{ID}person/")


def _terms(namespace: Any, names: str) -> SimpleNamespace:
    """Pre-built IRIs (rdflib namespaces build a new URIRef on every attribute access)."""
    return SimpleNamespace(**{n: URIRef(str(namespace) + n) for n in names.split()})


_DCTERMS = _terms(DCTERMS, "identifier issued publisher source title")
_FOAF = _terms(FOAF, "Person name")
_ORG = _terms(ORG, "Organization")
_PROV = _terms(PROV, "wasDerivedFrom")
_RDF = _terms(RDF, "type")
_RDFS = _terms(RDFS, "label")
_RG = _terms(
    RG,
    "Action Category Figure Inspection Measure Mention Policy Problem Report category cites "
    "claimed deadline disclosed encoding endDate feedbackDate figure figureName hasAction "
    "hasMeasure hasProblem heading inspected inspectedBy inspection inspectionType "
    "isMainProblem kind level mentionOf mentions order parentProblem partOfItem rawText remedyCites role "
    "round spanEnd spanStart startDate status statusSpanEnd statusSpanStart statusText text "
    "year",
)
_SKOS = _terms(SKOS, "altLabel broader prefLabel")


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^(\d{4})")
_TRUE = Literal(True)
_FALSE = Literal(False)


def status_iri(code: str) -> URIRef:
    """The SKOS concept of a normalised status code (``rectigraph.model.STATUS_CODES``).

    >>> str(status_iri("in_progress"))
    'https://w3id.org/rectigraph/ns#status/in_progress'
    """
    return RG[f"status/{code}"]


def policy_kind_iri(kind: str) -> URIRef:
    """The SKOS concept of a policy kind (law, party_regulation, local_policy, internal_rule, plan, form, film, other)."""
    return RG[f"kind/{kind or 'other'}"]


def category_iri(report_id: str, path: list[str]) -> URIRef:
    """A heading inside one report, keyed by its full heading path."""
    key = hashlib.sha1("\x1f".join(path).encode("utf-8")).hexdigest()[:16]
    return URIRef(f"{report_iri(report_id)}/category/{key}")


def figure_iri(report_id: str, name: str) -> URIRef:
    return URIRef(f"{report_iri(report_id)}/figure/{name}")


def inspection_iri(report_id: str) -> URIRef:
    return URIRef(f"{report_iri(report_id)}/inspection")


def mention_iri(report_id: str, kind: str, target: URIRef, index: int) -> URIRef:
    """One occurrence (the ``index``-th span) of a policy, organisation or person in a report."""
    key = str(target).rsplit("/", 1)[-1]
    return URIRef(f"{report_iri(report_id)}/mention/{kind}/{key}/{index}")


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date) if _DATE.match(value) else Literal(value)


def _year(value: str | None) -> int | None:
    m = _YEAR.match(value or "")
    return int(m.group(1)) if m else None


@lru_cache(maxsize=1 << 18)
def _int(value: int) -> Literal:
    """Integer literals (offsets, orders, levels) are few and repeated: build each once."""
    return Literal(value)


def _span(node: URIRef, span: Span | None) -> Iterator[Triple]:
    if span is not None:
        yield node, _RG.spanStart, _int(int(span[0]))
        yield node, _RG.spanEnd, _int(int(span[1]))


class _ItemIndex:
    """Finds the innermost problem/measure/action whose span contains a mention span."""

    def __init__(self) -> None:
        self._items: list[tuple[int, int, URIRef]] = []
        self._starts: list[int] = []

    def add(self, span: Span | None, node: URIRef) -> None:
        if span is not None and span[1] > span[0]:
            self._items.append((span[0], span[1], node))

    def freeze(self) -> None:
        self._items.sort(key=lambda t: (t[0], -t[1]))
        self._starts = [t[0] for t in self._items]

    def containing(self, span: Span) -> URIRef | None:
        best: tuple[int, int, URIRef] | None = None
        i = bisect.bisect_right(self._starts, span[0])
        # look back a bounded window: items are short and nest at most a few deep
        for start, end, node in reversed(self._items[max(0, i - 64) : i]):
            if start <= span[0] and span[1] <= end and (best is None or end - start < best[1] - best[0]):
                best = (start, end, node)
        return best[2] if best else None


class _Entities:
    """Shared entities named by one report, with their labels and spelling variants (emitted once)."""

    def __init__(self) -> None:
        self.policies: dict[str, tuple[str, set[str]]] = {}  # canonical -> (kind, raw spellings)
        self.organizations: dict[str, set[str]] = {}
        self.people: dict[URIRef, tuple[str, set[str]]] = {}

    def policy(self, canonical: str, kind: str | None = None, raws: Iterable[str] = ()) -> URIRef:
        old_kind, spellings = self.policies.setdefault(canonical, (kind or "other", set()))
        if kind and old_kind == "other":
            self.policies[canonical] = (kind, spellings)
        spellings.update(raws)
        return policy_iri(canonical)

    def organization(self, canonical: str, raws: Iterable[str] = ()) -> URIRef:
        self.organizations.setdefault(canonical, set()).update(raws)
        return organization_iri(canonical)

    def person(self, name: str, role: str | None, issuer: str | None) -> URIRef:
        node = person_iri(name, issuer)
        self.people.setdefault(node, (name, set()))[1].update([role] if role else [])
        return node

    def descriptions(self) -> Iterator[Triple]:
        """Type, canonical label and kind: the same for every report, so they live once in ENTITIES_GRAPH."""
        for canonical, (kind, _) in sorted(self.policies.items()):
            node = policy_iri(canonical)
            yield node, _RDF.type, _RG.Policy
            yield node, _RDFS.label, Literal(canonical)
            yield node, _SKOS.prefLabel, Literal(canonical)
            yield node, _RG.kind, policy_kind_iri(kind)
        for canonical in sorted(self.organizations):
            node = organization_iri(canonical)
            yield node, _RDF.type, _ORG.Organization
            yield node, _RDFS.label, Literal(canonical)
            yield node, _SKOS.prefLabel, Literal(canonical)
        for node, (name, roles) in sorted(self.people.items()):
            yield node, _RDF.type, _FOAF.Person
            yield node, _FOAF.name, Literal(name)
            yield node, _RDFS.label, Literal(name)
            for role in sorted(roles):
                yield node, _RG.role, Literal(role)

    def spellings(self) -> Iterator[Triple]:
        """How this report spelled each entity (skos:altLabel): report-specific, so in the report's graph."""
        for canonical, (_, spellings) in sorted(self.policies.items()):
            for raw in sorted(spellings - {canonical}):
                yield policy_iri(canonical), _SKOS.altLabel, Literal(raw)
        for canonical, spellings in sorted(self.organizations.items()):
            for raw in sorted(spellings - {canonical}):
                yield organization_iri(canonical), _SKOS.altLabel, Literal(raw)


@dataclass
class ReportGraph:
    """What one report contributes: ``triples`` for its own named graph, ``entities`` for ENTITIES_GRAPH."""

    triples: list[Triple]
    entities: list[Triple]


def build_report(report: Report) -> ReportGraph:
    """The report's own triples and the descriptions of the shared entities it names."""
    entities = _Entities()
    triples = list(_report_triples(report, entities))
    triples.extend(entities.spellings())
    return ReportGraph(triples, list(entities.descriptions()))


def report_triples(report: Report) -> list[Triple]:
    """The triples of the report's own named graph (see :func:`build_report` for the shared ones)."""
    return build_report(report).triples


def entity_triples(report: Report) -> list[Triple]:
    """Descriptions of the policies, organisations and people a report names (for ENTITIES_GRAPH)."""
    return build_report(report).entities


def _report_triples(report: Report, entities: _Entities) -> Iterator[Triple]:
    """All triples of the report's own graph but the spellings (deterministic for the same report)."""
    rid = report.id
    r = report_iri(rid)
    items = _ItemIndex()

    yield from _report_header(report, r, entities)
    yield from _figures(report, r)

    categories: dict[tuple[str, ...], URIRef] = {}
    for problem in report.problems:
        yield from _problem(report, problem, r, entities, categories, items)
    items.freeze()

    yield from _mentions(report, r, entities, items)


def _report_header(report: Report, r: URIRef, entities: _Entities) -> Iterator[Triple]:
    yield r, _RDF.type, _RG.Report
    yield r, _DCTERMS.identifier, Literal(report.id)
    yield r, _DCTERMS.source, Literal(report.source)
    if report.title:
        yield r, _DCTERMS.title, Literal(report.title)
    if report.published:
        yield r, _DCTERMS.issued, _date(report.published)
        year = _year(report.published)
        if year:
            yield r, _RG.year, Literal(year)
    if report.encoding:
        yield r, _RG.encoding, Literal(report.encoding)
    body = report.issuing_body  # one publisher IRI per body, however each report writes its name
    issuer = entities.organization(body, [report.issuer] if report.issuer else []) if body else None
    if issuer is not None:
        yield r, _DCTERMS.publisher, issuer
    ins = report.inspection
    if any(getattr(ins, f) for f in ("body", "type", "round", "start", "end", "feedback")):
        i = inspection_iri(report.id)
        yield r, _RG.inspection, i
        yield i, _RDF.type, _RG.Inspection
        yield i, _PROV.wasDerivedFrom, r
        if ins.body:
            yield i, _RG.inspectedBy, entities.organization(ins.body)
        if issuer is not None:
            yield i, _RG.inspected, issuer
        if ins.type:
            yield i, _RG.inspectionType, Literal(ins.type)
        if ins.round:
            yield i, _RG.round, Literal(ins.round)
        for prop, value in ((_RG.startDate, ins.start), (_RG.endDate, ins.end), (_RG.feedbackDate, ins.feedback)):
            if value:
                yield i, prop, _date(value)
        year = _year(ins.start) or _year(ins.feedback)
        if year:
            yield i, _RG.year, Literal(year)


def _figures(report: Report, r: URIRef) -> Iterator[Triple]:
    names = sorted(set(report.claimed) | set(report.disclosed))
    for name in names:
        claimed, disclosed = report.claimed.get(name), report.disclosed.get(name)
        numeric = [(p, v) for p, v in ((_RG.claimed, claimed), (_RG.disclosed, disclosed)) if _is_number(v)]
        if not numeric:
            continue
        f = figure_iri(report.id, name)
        yield r, _RG.figure, f
        yield f, _RDF.type, _RG.Figure
        yield f, _RG.figureName, Literal(name)
        yield f, _PROV.wasDerivedFrom, r
        for prop, value in numeric:
            yield f, prop, Literal(value)


def _is_number(value: object) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool)


def _category(
    report: Report, path: list[str], r: URIRef, categories: dict[tuple[str, ...], URIRef]
) -> Iterator[Triple]:
    for depth in range(1, len(path) + 1):
        key = tuple(path[:depth])
        if key in categories:
            continue
        c = category_iri(report.id, list(key))
        categories[key] = c
        yield c, _RDF.type, _RG.Category
        yield c, _RDFS.label, Literal(key[-1])
        yield c, _RG.level, _int(depth)
        yield c, _PROV.wasDerivedFrom, r
        if depth > 1:
            yield c, _SKOS.broader, categories[key[:-1]]


def _problem(
    report: Report,
    problem: Problem,
    r: URIRef,
    entities: _Entities,
    categories: dict[tuple[str, ...], URIRef],
    items: _ItemIndex,
) -> Iterator[Triple]:
    p = problem_iri(report.id, problem.id)
    yield r, _RG.hasProblem, p
    yield p, _RDF.type, _RG.Problem
    yield p, _DCTERMS.identifier, Literal(problem.id)
    yield p, _RG.text, Literal(problem.text)
    yield p, _PROV.wasDerivedFrom, r
    yield from _span(p, problem.span)
    items.add(problem.span, p)
    if problem.heading:
        yield p, _RG.heading, Literal(problem.heading)
    if problem.category:
        yield from _category(report, problem.category, r, categories)
        yield p, _RG.category, categories[tuple(problem.category)]
    if problem.parent:
        yield p, _RG.parentProblem, problem_iri(report.id, problem.parent)
    yield p, _RG.isMainProblem, _FALSE if problem.parent else _TRUE
    if problem.status_code:
        yield p, _RG.status, status_iri(problem.status_code)
    if problem.status:
        yield p, _RG.statusText, Literal(problem.status)
    if problem.status_span is not None:
        yield p, _RG.statusSpanStart, _int(int(problem.status_span[0]))
        yield p, _RG.statusSpanEnd, _int(int(problem.status_span[1]))
    if problem.deadline:
        yield p, _RG.deadline, Literal(problem.deadline)
    for kind, link, cls, mint in (
        ("measure", _RG.hasMeasure, _RG.Measure, measure_iri),
        ("action", _RG.hasAction, _RG.Action, action_iri),
    ):
        for position, item in enumerate(getattr(problem, f"{kind}s"), start=1):
            node = mint(report.id, problem.id, item.order or position)
            yield p, link, node
            yield from _item(node, cls, item, item.order or position, r, entities)
            items.add(item.span, node)
    # the chain hasMeasure|hasAction / cites, once per policy: corpus-wide policy questions then need no join
    for title in dict.fromkeys(t for item in problem.measures + problem.actions for t in item.policies):
        yield p, _RG.remedyCites, entities.policy(title)


def _item(
    node: URIRef, cls: URIRef, item: TextItem, order: int, r: URIRef, entities: _Entities
) -> Iterator[Triple]:
    yield node, _RDF.type, cls
    yield node, _RG.order, _int(order)
    yield node, _RG.text, Literal(item.text)
    yield node, _PROV.wasDerivedFrom, r
    yield from _span(node, item.span)
    for title in item.policies:
        yield node, _RG.cites, entities.policy(title)
    for name in item.organizations:
        yield node, _RG.mentions, entities.organization(name)


def _mentions(report: Report, r: URIRef, entities: _Entities, items: _ItemIndex) -> Iterator[Triple]:
    # spans grouped by target: two mention records of one entity must not mint the same mention IRI twice
    groups: dict[tuple[str, URIRef], set[Span]] = {}
    for pm in report.policies:
        target = entities.policy(pm.canonical, pm.kind, pm.raw)
        yield r, _RG.mentions, target
        groups.setdefault(("policy", target), set()).update(map(tuple, pm.spans))
    for om in report.organizations:
        target = entities.organization(om.canonical, om.raw)
        yield r, _RG.mentions, target
        groups.setdefault(("organization", target), set()).update(map(tuple, om.spans))
    for person in report.people:
        target = entities.person(person.name, person.role, report.issuing_body)
        yield r, _RG.mentions, target
        groups.setdefault(("person", target), set()).update(map(tuple, person.spans))
    for (kind, target), spans in groups.items():
        for index, span in enumerate(sorted(spans)):
            m = mention_iri(report.id, kind, target, index)
            yield m, _RDF.type, _RG.Mention
            yield m, _RG.mentionOf, target
            yield m, _PROV.wasDerivedFrom, r
            yield from _span(m, span)
            if 0 <= span[0] < span[1] <= len(report.text):
                yield m, _RG.rawText, Literal(report.text[span[0] : span[1]])
            container = items.containing(span)
            if container is not None:
                yield m, _RG.partOfItem, container
