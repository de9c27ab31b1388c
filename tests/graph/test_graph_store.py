"""GraphStore on Oxigraph: replace/remove named graphs, bulk path, persistence, export."""

from __future__ import annotations

import io
import json

import pytest
from handmade import handmade_report
from rdflib import Dataset, Graph, URIRef

import graph.store as store_module
from graph.build import report_triples
from graph.namespace import report_graph_iri
from graph.store import GraphStore, GraphStoreError


def _load(store: GraphStore, *reports) -> None:
    store.replace_graphs({report_graph_iri(r.id): report_triples(r) for r in reports})


def test_replace_is_idempotent_and_remove_deletes_only_that_graph():
    a, b = handmade_report("r-a"), handmade_report("r-b", issuer="中共乙区委")
    s = GraphStore.memory()
    _load(s, a, b)
    total, ga = s.count(), s.triples(report_graph_iri("r-a"))
    assert total == len(set(report_triples(a))) + len(set(report_triples(b)))
    _load(s, a)  # same report again: nothing changes
    assert s.count() == total and s.triples(report_graph_iri("r-a")) == ga
    assert s.remove_graph(report_graph_iri("r-a")) is True
    assert s.remove_graph(report_graph_iri("r-a")) is False
    assert s.graphs() == [report_graph_iri("r-b")]
    assert s.count() == total - len(ga)


def test_bulk_path_gives_the_same_graph(monkeypatch):
    reports = [handmade_report(f"r{i}") for i in range(5)]
    small = GraphStore.memory()
    _load(small, *reports)
    monkeypatch.setattr(store_module, "BULK_THRESHOLD", 1)
    monkeypatch.setattr(store_module, "BULK_CHUNK", 7)  # many slices, the last one short: none may be lost
    bulk = GraphStore.memory()
    _load(bulk, *reports)
    assert bulk.count() == small.count()
    for r in reports:
        g = report_graph_iri(r.id)
        assert bulk.triples(g) == small.triples(g) == set(report_triples(r))


def test_store_persists_on_disk_and_refuses_a_second_writer(tmp_path):
    r = handmade_report()
    with GraphStore.open(tmp_path / "store") as s:
        _load(s, r)
        n = s.count()
        with pytest.raises(GraphStoreError, match="store"):
            GraphStore.open(tmp_path / "store")
        s.close()
        writer = GraphStore.open(tmp_path / "store")
        # a read-only snapshot opens while the writer holds the lock (CLI queries beside a running server)
        with GraphStore.open(tmp_path / "store", read_only=True) as reader:
            assert reader.count() == n
        writer.close()
    with GraphStore.open(tmp_path / "store") as s:
        assert s.count() == n
        assert s.graphs() == [report_graph_iri(r.id)]


def test_union_default_graph_and_graph_keyword():
    a, b = handmade_report("r-a"), handmade_report("r-b", issuer="中共乙区委")
    s = GraphStore.memory()
    _load(s, a, b)
    rows = list(s.query("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a rg:Problem }"))
    assert int(rows[0][0]) == 6
    rows = list(s.query("SELECT ?g (COUNT(?p) AS ?n) WHERE { GRAPH ?g { ?p a rg:Problem } } GROUP BY ?g ORDER BY ?g"))
    assert [(str(g), int(n)) for g, n in rows] == [(str(report_graph_iri("r-a")), 3), (str(report_graph_iri("r-b")), 3)]
    with pytest.raises(Exception):
        s.query("SELECT WHERE {")


@pytest.mark.parametrize("fmt", ["ttl", "trig", "jsonld", "nq", "nt"])
def test_export_round_trips(fmt):
    a, b = handmade_report("r-a"), handmade_report("r-b", issuer="中共乙区委")
    s = GraphStore.memory()
    _load(s, a, b)
    out = io.BytesIO()
    s.export(fmt, out)
    data = out.getvalue()
    if fmt in ("ttl", "nt"):
        g = Graph().parse(data=data, format={"ttl": "turtle", "nt": "nt"}[fmt])
        union = set(report_triples(a)) | set(report_triples(b))
        assert len(g) == len(union)
    else:
        ds = Dataset().parse(data=data, format={"trig": "trig", "jsonld": "json-ld", "nq": "nquads"}[fmt])
        graphs = {c.identifier for c in ds.contexts() if len(c)}
        assert {report_graph_iri("r-a"), report_graph_iri("r-b")} <= graphs
        assert len(list(ds.quads((None, None, None, None)))) == s.count()
    if fmt == "jsonld":
        assert isinstance(json.loads(data), (list, dict))
    with pytest.raises(GraphStoreError, match="unknown export format"):
        s.export("xml", io.BytesIO())


def test_remote_store_rejects_nothing_at_construction():
    # constructing a remote store opens no connection; errors surface on first use
    s = GraphStore.remote("http://127.0.0.1:9/sparql")
    assert s.remote_endpoint and s.path is None
    assert isinstance(URIRef("x"), URIRef)


def test_optimize_keeps_every_triple_and_is_a_no_op_on_snapshots(tmp_path):
    reports = [handmade_report(f"r{i}") for i in range(3)]
    with GraphStore.open(tmp_path / "store") as s:
        _load(s, *reports)
        before = {g: s.triples(g) for g in s.graphs()}
        s.optimize()
        assert {g: s.triples(g) for g in s.graphs()} == before
    with GraphStore.open(tmp_path / "store", read_only=True) as snapshot:
        snapshot.optimize()  # a read-only snapshot cannot compact: nothing happens, nothing fails
        assert snapshot.count() == sum(len(t) for t in before.values())
    GraphStore.memory().optimize()  # nothing on disk to compact
