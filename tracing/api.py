"""Tracing answers as plain dicts, for the CLI and the web JSON API.

Every function takes a :class:`~rectigraph.library.Library`. Families have one source of truth, the stored
family graph (SPARQL over :data:`~tracing.families.FAMILY_GRAPH`, built and stored first if the graph has none):
the family list, one family's trace and the families of a problem all read it, so every listed family can be
opened. Nearest problems with their evidence and recurrences use the in-memory index built from cached
statement vectors (kept per process while the library's reports do not change).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tracing.families import FAMILY_GRAPH, Family, FamilyIndex, build_library_families, family_triples
from tracing.records import ProblemRecord
from tracing.trace import family_trace, member_dict, problem_trace, text_trace

if TYPE_CHECKING:
    from rectigraph.library import Library

_INDEXES: dict[tuple[str, tuple[str, ...]], FamilyIndex] = {}
_LOCK = threading.Lock()


def family_index(library: Library, progress: bool = False) -> FamilyIndex:
    """The library's family index, built once per process per set of reports."""
    key = (str(library.home), tuple(library.report_ids()))
    with _LOCK:
        if key not in _INDEXES:
            _INDEXES.clear()
            _INDEXES[key] = build_library_families(library, progress=progress)
        return _INDEXES[key]


def store_families(library: Library, index: FamilyIndex | None = None) -> int:
    """(Re)write the family graph from the index; returns the number of triples."""
    index = index or family_index(library)
    return library.store.replace_graph(FAMILY_GRAPH, family_triples(index))


_FAMILIES_QUERY = """
PREFIX rg: <https://w3id.org/rectigraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?family ?id ?label ?cohesion ?problem ?score WHERE {
  GRAPH <%s> {
    ?family a rg:Family ; skos:notation ?id ; skos:prefLabel ?label ; rg:cohesion ?cohesion .
    ?m rg:family ?family ; rg:problem ?problem ; rg:score ?score .
  }
}
"""
_TERMS_QUERY = """
PREFIX rg: <https://w3id.org/rectigraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?family ?term ?first WHERE {
  GRAPH <%s> { ?family a rg:Family ; rg:keyTerm ?term . OPTIONAL { ?family skos:altLabel ?first } }
}
"""


def stored_families(library: Library) -> list[dict[str, Any]]:
    """Families as the graph holds them: id, iri, label, terms, cohesion, member IRIs with scores."""
    if not library.store.has_graph(FAMILY_GRAPH):
        store_families(library)
    families: dict[str, dict[str, Any]] = {}
    for row in library.sparql(_FAMILIES_QUERY % FAMILY_GRAPH):
        fam = families.setdefault(str(row.family), {
            "id": str(row.id), "iri": str(row.family), "label": str(row.label), "terms": [],
            "cohesion": float(row.cohesion), "members": {}})
        fam["members"][str(row.problem)] = float(row.score)
    terms: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    for row in library.sparql(_TERMS_QUERY % FAMILY_GRAPH):
        terms.setdefault(str(row.family), []).append(str(row.term))
        if row.first is not None:
            first[str(row.family)] = str(row.first)
    for iri, fam in families.items():
        # the most telling term (stored as skos:altLabel) first, then the others
        fam["terms"] = sorted(terms.get(iri, []), key=lambda t: (t != first.get(iri), t))
    return list(families.values())


def _stored_family(fam: dict[str, Any], records: dict[str, ProblemRecord]) -> tuple[list[ProblemRecord], Family]:
    """A stored family as a :class:`~tracing.families.Family` over its members' records (members no longer in
    the library are left out)."""
    members = [records[iri] for iri in fam["members"] if iri in records]
    family_ = Family(id=fam["id"], members=list(range(len(members))), label=fam["label"], terms=list(fam["terms"]),
                     scores={i: fam["members"][r.iri] for i, r in enumerate(members)}, cohesion=fam["cohesion"])
    return members, family_


def families(library: Library, min_reports: int = 2, limit: int | None = None) -> dict[str, Any]:
    """``{"families": [{"id", "label", "terms", "members": [{"iri", "report_file", "text", "issuer", "year",
    "status"}]}]}``: families reported by at least ``min_reports`` reports, widest first."""
    from tracing.families import library_records

    records = {r.iri: r for r in library_records(library)}
    out = []
    for fam in stored_families(library):
        members = [records[iri] for iri in fam["members"] if iri in records]
        members.sort(key=lambda r: (r.published or "", r.report_id, r.problem_id))
        reports = {r.report_id for r in members}
        if len(reports) < min_reports:
            continue
        out.append({
            "id": fam["id"],
            "iri": fam["iri"],
            "label": fam["label"],
            "terms": fam["terms"],
            "cohesion": round(fam["cohesion"], 4),
            "reports": len(reports),
            "members": [member_dict(r, fam["members"][r.iri]) for r in members],
        })
    out.sort(key=lambda f: (-f["reports"], -f["cohesion"], f["id"]))
    return {"families": out[:limit] if limit else out}


def _stored_traces(library: Library, keep: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    """Traces of the stored families that ``keep`` accepts."""
    from tracing.families import library_records

    wanted = [fam for fam in stored_families(library) if keep(fam)]
    if not wanted:
        return []
    records = {r.iri: r for r in library_records(library)}
    out = []
    for fam in wanted:
        members, family_ = _stored_family(fam, records)
        out.append(family_trace(FamilyIndex(records=members, families=[family_], pairs=[]), family_))
    return out


def family(library: Library, family_id: str) -> dict[str, Any]:
    """One stored family's trace (timeline of bodies, measures, policies, statuses); ``KeyError`` naming the id
    if the family graph has no such family (by id or IRI)."""
    found = _stored_traces(library, lambda fam: family_id in (fam["id"], fam["iri"]))
    if not found:
        raise KeyError(f"no family {family_id!r}")
    return found[0]


def problem(library: Library, iri: str, limit: int = 5) -> dict[str, Any]:
    """A problem's trace: its (stored) families and its nearest problems in other reports with the evidence."""
    trace = problem_trace(family_index(library), iri, limit=limit)
    trace["families"] = _stored_traces(library, lambda fam: iri in fam["members"])
    return trace


def text(library: Library, query: str, limit: int = 5) -> dict[str, Any]:
    """Problems in the library about the same thing as ``query``."""
    index = family_index(library)
    from tracing.families import encoder_for

    vector = encoder_for(library).encode([query])[0]
    found = text_trace(index, query, vector, limit=limit)
    stored: dict[str, list[str]] = {}
    for fam in stored_families(library):
        for member in fam["members"]:
            stored.setdefault(member, []).append(fam["id"])
    for near in found["nearest"]:
        near["families"] = stored.get(near["iri"], [])
    return found


def recurrences(library: Library) -> dict[str, Any]:
    """``{"recurrences": [...]}``: problems a body reported again after calling them done."""
    from tracing.recurrences import find_recurrences

    return {"recurrences": [r.to_dict() for r in find_recurrences(family_index(library))]}


def gaps(library: Library, sort: str = "specific_problems_gap", descending: bool = True) -> dict[str, Any]:
    """``{"gaps": [...]}``: claimed vs disclosed figures per report."""
    from tracing.gaps import gap_table

    return {"gaps": gap_table((library.report(rid) for rid in library.report_ids()), sort=sort,
                              descending=descending)}
