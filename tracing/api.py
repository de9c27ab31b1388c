"""Tracing answers as plain dicts, for the CLI and the web JSON API.

Every function takes a :class:`~rectigraph.library.Library`. Families are read from the family graph
(SPARQL over :data:`~tracing.families.FAMILY_GRAPH`), built and stored first if the graph has none; traces,
nearest problems and recurrences use the in-memory index built from cached statement vectors (kept per
process while the library's reports do not change).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from tracing.families import FAMILY_GRAPH, FamilyIndex, build_library_families, family_triples
from tracing.trace import family_trace, find_family, member_dict, problem_trace, text_trace

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
SELECT ?family ?term WHERE { GRAPH <%s> { ?family a rg:Family ; rg:keyTerm ?term } }
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
    for row in library.sparql(_TERMS_QUERY % FAMILY_GRAPH):
        terms.setdefault(str(row.family), []).append(str(row.term))
    for iri, fam in families.items():
        fam["terms"] = sorted(terms.get(iri, []))
    return list(families.values())


def families(library: Library, min_reports: int = 2, limit: int | None = None) -> dict[str, Any]:
    """``{"families": [{"id", "label", "terms", "members": [{"iri", "report_file", "text", "issuer", "year",
    "status"}]}]}``: families reported by at least ``min_reports`` reports, widest first."""
    from tracing.families import library_records

    records = {r.iri: r for r in library_records(library)}
    index_terms = {f.id: f.terms for f in family_index(library).families} if records else {}
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
            "terms": index_terms.get(fam["id"], fam["terms"]),
            "cohesion": round(fam["cohesion"], 4),
            "reports": len(reports),
            "members": [member_dict(r, fam["members"][r.iri]) for r in members],
        })
    out.sort(key=lambda f: (-f["reports"], -f["cohesion"], f["id"]))
    return {"families": out[:limit] if limit else out}


def family(library: Library, family_id: str) -> dict[str, Any]:
    """One family's trace (timeline of bodies, measures, policies, statuses)."""
    index = family_index(library)
    return family_trace(index, find_family(index, family_id))


def problem(library: Library, iri: str, limit: int = 5) -> dict[str, Any]:
    """A problem's trace: its families and its nearest problems in other reports with the evidence."""
    return problem_trace(family_index(library), iri, limit=limit)


def text(library: Library, query: str, limit: int = 5) -> dict[str, Any]:
    """Problems in the library about the same thing as ``query``."""
    index = family_index(library)
    from tracing.families import encoder_for

    vector = encoder_for(library).encode([query])[0]
    return text_trace(index, query, vector, limit=limit)


def recurrences(library: Library) -> dict[str, Any]:
    """``{"recurrences": [...]}``: problems a body reported again after calling them done."""
    from tracing.recurrences import find_recurrences

    return {"recurrences": [r.to_dict() for r in find_recurrences(family_index(library))]}


def gaps(library: Library, sort: str = "specific_problems_gap", descending: bool = True) -> dict[str, Any]:
    """``{"gaps": [...]}``: claimed vs disclosed figures per report."""
    from tracing.gaps import gap_table

    return {"gaps": gap_table((library.report(rid) for rid in library.report_ids()), sort=sort,
                              descending=descending)}
