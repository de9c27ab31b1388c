"""The rectigraph vocabulary and the IRIs of everything the graph holds.

Every stage that names a graph node (search hits, traces, web pages) mints its IRI here, so the same
problem has one IRI everywhere.

>>> str(problem_iri("abc123", "P01"))
'https://w3id.org/rectigraph/id/report/abc123/problem/P01'
>>> policy_iri("党政领导干部选拔任用工作条例") == policy_iri("党政领导干部选拔任用工作条例")
True
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import Namespace, URIRef

RG = Namespace("https://w3id.org/rectigraph/ns#")
ID = "https://w3id.org/rectigraph/id/"
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")


def _key(text: str) -> str:
    """A short stable key for a free-text name (policy title, organisation name)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def report_iri(report_id: str) -> URIRef:
    return URIRef(f"{ID}report/{quote(report_id)}")


def report_graph_iri(report_id: str) -> URIRef:
    """The named graph that holds one report's triples."""
    return URIRef(f"{ID}graph/{quote(report_id)}")


def problem_iri(report_id: str, problem_id: str) -> URIRef:
    return URIRef(f"{report_iri(report_id)}/problem/{quote(problem_id)}")


def measure_iri(report_id: str, problem_id: str, order: int) -> URIRef:
    return URIRef(f"{problem_iri(report_id, problem_id)}/measure/{order}")


def action_iri(report_id: str, problem_id: str, order: int) -> URIRef:
    return URIRef(f"{problem_iri(report_id, problem_id)}/action/{order}")


def policy_iri(canonical: str) -> URIRef:
    return URIRef(f"{ID}policy/{_key(canonical)}")


def organization_iri(canonical: str) -> URIRef:
    return URIRef(f"{ID}organization/{_key(canonical)}")


def person_iri(name: str, organization: str | None = None) -> URIRef:
    key = _key((organization or "") + "|" + name)
    return URIRef(f"{ID}person/{key}")


def family_iri(family_id: str) -> URIRef:
    return URIRef(f"{ID}family/{quote(family_id)}")
