"""graph.nquads: N-Quads text for the bulk loader must round-trip every term Oxigraph and rdflib agree on."""

from __future__ import annotations

import pytest
from rdflib import XSD, BNode, Dataset, Literal, URIRef

import graph.store as store_module
from graph.nquads import NQuadsError, nquads_lines, nquads_term
from graph.store import GraphStore

G = URIRef("https://w3id.org/rectigraph/report/r1")
S = URIRef("https://w3id.org/rectigraph/problem/r1-P01")
P = URIRef("https://w3id.org/rectigraph/ns#text")

TRICKY = [
    Literal('引号"与反斜杠\\和\n换行\r回车\t制表'),
    Literal("全角，标点：《条例》（试行）"),
    Literal("繁體字與GB18030 𠀀"),
    Literal("zh", lang="zh-Hans"),
    Literal(3),
    Literal("2023-05-15", datatype=XSD.date),
    Literal("x" * 200),
    Literal(""),
    URIRef("https://w3id.org/rectigraph/policy/%E3%80%8A%E6%9D%A1%E4%BE%8B%E3%80%8B"),
    BNode("b1"),
]


def test_every_tricky_term_reads_back_as_itself():
    text = "".join(nquads_lines({G: [(S, P, o) for o in TRICKY]}))
    parsed = Dataset()
    parsed.parse(data=text, format="nquads")
    objects = [o for _, _, o, _ in parsed.quads((S, P, None, None))]
    named = [t for t in TRICKY if not isinstance(t, BNode)]
    assert len(objects) == len(TRICKY)
    assert {o for o in objects if not isinstance(o, BNode)} == set(named)  # a parser renames blank nodes


@pytest.mark.parametrize("iri", ["http://example.org/a b", "http://example.org/<x>", 'http://e.org/"'])
def test_an_iri_that_would_break_the_line_is_refused(iri):
    with pytest.raises(NQuadsError, match="not a valid IRI"):
        nquads_term(URIRef(iri))


def test_bulk_load_of_tricky_literals_equals_the_transactional_path(monkeypatch):
    triples = [(S, P, o) for o in TRICKY if not isinstance(o, BNode)]
    small = GraphStore.memory()
    small.replace_graph(G, triples)
    monkeypatch.setattr(store_module, "BULK_THRESHOLD", 1)
    monkeypatch.setattr(store_module, "BULK_CHUNK", 3)
    bulk = GraphStore.memory()
    bulk.replace_graph(G, triples)
    assert bulk.triples(G) == small.triples(G) and len(bulk.triples(G)) == len(triples)


def test_a_bulk_load_that_fails_half_way_leaves_nothing_of_its_graphs(monkeypatch):
    monkeypatch.setattr(store_module, "BULK_THRESHOLD", 1)
    monkeypatch.setattr(store_module, "BULK_CHUNK", 2)
    store = GraphStore.memory()
    other = URIRef("https://w3id.org/rectigraph/report/r0")
    store.replace_graph(other, [(S, P, Literal("kept"))])
    good = [(S, P, Literal(f"t{i}")) for i in range(9)]
    with pytest.raises(NQuadsError):
        store.replace_graph(G, good + [(S, P, URIRef("http://example.org/bad iri"))])
    assert store.count(G) == 0
    assert store.count(other) == 1
