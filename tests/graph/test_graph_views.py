"""Whole-library answers kept per report (graph.views) must be the answers live SPARQL gives, always."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from graph.views import (
    View,
    ViewError,
    ViewSpec,
    QueryAnswer,
    ViewStore,
    library_views,
    order_key,
    parse_order_by,
    parse_view_header,
    sort_rows,
    used_predicates,
)

from conftest import ROOT, SAMPLES

VIEWS = sorted(library_views())


def _same(view_name: str, kept, live) -> None:
    """Same columns, same rows (as a multiset), and the same sequence of ORDER BY keys."""
    order = library_views()[view_name].order
    assert kept.source == "view" and live.source == "sparql"
    assert kept.variables == live.variables
    assert sorted(map(json.dumps, kept.bindings)) == sorted(map(json.dumps, live.bindings))

    def keys(answer):
        return [tuple(order_key(b.get(v)) for v, _ in order) for b in answer.bindings]

    assert keys(kept) == keys(live)


def test_the_slow_whole_library_listings_are_views():
    assert {"main_problem_progress", "problem_sources", "problems_by_status", "problems_per_category",
            "reports_disclosing_fewer", "status_counts_vs_claimed", "bodies_citing_policy",
            "problem_counts"} <= set(VIEWS)


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_answers_what_live_sparql_answers(sample_library, name):
    kept = sample_library.query_library(name)
    live = sample_library.query_library(name, live=True)
    _same(name, kept, live)


def test_known_answers_on_the_real_report_come_from_the_views(sample_library):
    counts = sample_library.query_library("problem_counts")
    real = [r for r in counts.rows() if "大连" in str(r[1])]
    assert len(real) == 1 and (real[0][2], real[0][4]) == (24, 47)  # main problems, problems with a status
    in_progress = sample_library.query_library("problems_by_status")
    assert sum("科学技术局" in str(r[0]) for r in in_progress.rows()) == 2
    # a sum view: the policy below is cited for at least 3 problems of the real report, summed with the others
    cited = sample_library.query_library("bodies_citing_policy")
    rows = [r for r in cited.rows() if r[0] == "大连市科技成果转化中试基地备案管理办法(试行)"]
    assert rows and rows[0][3] >= 3


def test_parameters_the_rows_cannot_answer_go_live(sample_library):
    assert sample_library.query_library("problems_by_status", statusCode="completed").source == "sparql"
    assert sample_library.query_library("problems_by_status", statusCode="in_progress").source == "view"
    rid = sample_library.report_ids()[0]
    assert sample_library.query_library("problem_counts").source == "view"
    assert sample_library.query_library("main_problem_progress", reportId=rid).source == "sparql"
    # a keyed view looks its rows up by the key, and still answers what SPARQL answers
    _same("problem_sources", sample_library.query_library("problem_sources", problemId="P05"),
          sample_library.query_library("problem_sources", problemId="P05", live=True))
    with pytest.raises(KeyError):
        sample_library.query_library("problem_counts", nope=1)


def _small_library(tmp_path, stems):
    from rectigraph.library import Library

    lib = Library(tmp_path / "home", hooks=[])
    summary = lib.ingest([SAMPLES / f"{s}.txt" for s in stems], progress=False)
    assert summary.ok
    return lib


STEMS = ["dalian-kjj-2023-05-15"]


@pytest.fixture()
def small(tmp_path):
    stems = STEMS + [p.stem for p in sorted(SAMPLES.glob("*.txt")) if p.stem not in STEMS][:2]
    lib = _small_library(tmp_path, stems)
    yield lib
    lib.close()


def test_remove_and_reingest_keep_the_views_exact(small, tmp_path):
    real = small.resolve("dalian-kjj-2023-05-15.txt")
    before = small.query_library("bodies_citing_policy")
    small.remove(real)
    for name in VIEWS:
        _same(name, small.query_library(name), small.query_library(name, live=True))
    after = small.query_library("bodies_citing_policy")
    assert not any(r[0] == "大连市科技成果转化中试基地备案管理办法(试行)" for r in after.rows())
    assert len(after) < len(before)
    small.ingest([SAMPLES / "dalian-kjj-2023-05-15.txt"], progress=False)
    again = small.query_library("bodies_citing_policy")
    assert sorted(map(json.dumps, again.bindings)) == sorted(map(json.dumps, before.bindings))


def test_missing_or_stale_rows_are_filled_in_before_answering(small):
    from graph.namespace import report_graph_iri

    rid = small.report_ids()[0]
    small.views.drop([report_graph_iri(rid)])  # as if the process died between storing and keeping
    small.views._db.execute("INSERT INTO view_graphs VALUES ('problem_counts', 'urn:gone', ?)",
                            (small.views.views["problem_counts"].digest,))  # a report no longer here
    for name in VIEWS:
        _same(name, small.query_library(name), small.query_library(name, live=True))
    assert "urn:gone" not in small.views.graphs("problem_counts")
    # rows computed by an older text of a query (a new rectigraph, so a new process) are recomputed, not served
    small._views_checked.clear()
    with small.views._db:
        small.views._db.execute("UPDATE view_graphs SET digest = 'old' WHERE view = 'problem_counts'")
        small.views._db.execute("DELETE FROM view_rows WHERE view = 'problem_counts'")
    _same("problem_counts", small.query_library("problem_counts"), small.query_library("problem_counts", live=True))


def test_rows_are_checked_again_when_the_reports_folder_changes(small):
    import os

    from graph.namespace import report_graph_iri

    n = len(small.query_library("problem_counts"))  # checked: every report has its rows
    small.views.drop([report_graph_iri(small.report_ids()[0])])
    assert len(small.query_library("problem_counts")) == n - 1  # the folder is as it was: not listed again
    stat = small.reports_dir.stat()  # another process stores or removes a report: the folder's mtime moves
    os.utime(small.reports_dir, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    _same("problem_counts", small.query_library("problem_counts"), small.query_library("problem_counts", live=True))
    assert len(small.query_library("problem_counts")) == n


def test_view_headers_and_orders_are_checked():
    assert parse_view_header("# view: rows") == ViewSpec("rows")
    assert parse_view_header("# view: sum a b") == ViewSpec("sum", ("a", "b"))
    with pytest.raises(ViewError):
        parse_view_header("# view: sum")
    with pytest.raises(ViewError):
        parse_view_header("# view: rows by=x")
    assert parse_order_by("SELECT * WHERE {} ORDER BY DESC(?n) ?a ASC(?b)") == [("n", True), ("a", False),
                                                                                  ("b", False)]
    with pytest.raises(ViewError):
        parse_order_by("SELECT * WHERE {} ORDER BY STRLEN(?a)")


def test_merging_sums_groups_and_orders_like_sparql(tmp_path):
    def lit(v, dt=None):
        return {"type": "literal", "value": str(v), **({"datatype": dt} if dt else {})}

    xsd_int = "http://www.w3.org/2001/XMLSchema#integer"
    parts = [[{"k": lit("乙"), "n": lit(2, xsd_int)}, {"k": lit("甲"), "n": lit(10, xsd_int)}],
             [{"k": lit("乙"), "n": lit(9, xsd_int)}]]
    text = "SELECT ?k (SUM(?x) AS ?n) WHERE { ?s rdfs:label ?k ; rdfs:comment ?x } GROUP BY ?k ORDER BY DESC(?n)"
    view = View("t", text, ViewSpec("sum", ("k",)), parse_order_by(text))
    store = ViewStore(tmp_path / "v.sqlite", views={"t": view})
    with store._db:  # two reports' rows into the running totals, as ViewStore.put adds them
        for part in parts:
            store._add_totals(view, part, +1)
    rows = store.answer("t").bindings
    assert [(r["k"]["value"], r["n"]["value"]) for r in rows] == [("乙", "11"), ("甲", "10")]  # 11 > 10 as numbers
    assert store.answer("t").variables == ["k", "n"]  # no rows kept yet: the columns come from the query itself
    with store._db:
        store._add_totals(view, parts[1], -1)  # a report removed: its rows leave the totals
    assert [(r["k"]["value"], r["n"]["value"]) for r in store.answer("t").bindings] == [("甲", "10"), ("乙", "2")]
    store.close()
    rows = sort_rows([row for part in parts for row in part], [("k", False), ("n", False)])
    assert [r["n"]["value"] for r in rows] == ["2", "9", "10"]  # 乙 (U+4E59) < 甲 (U+7532), then 2 < 9 as numbers


def test_kept_rows_are_ordered_by_sqlite_as_sparql_orders_them(tmp_path):
    """Mixed directions over numbers (integer, decimal, double), text, IRIs and unbound values, across reports.

    One column holds numbers, IRIs or nothing; Oxigraph's order of numbers against plain strings in one column
    is not a total order (it depends on its sort), and no library query orders such a column.
    """
    import pyoxigraph as ox
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    text = ("SELECT ?k ?n ?s WHERE { ?s <urn:p:k> ?k . OPTIONAL { ?s <urn:p:n> ?n } } "
            "ORDER BY DESC(?k) ?n DESC(?s)")  # predicates of its own: the evaluator also loads the vocabulary
    label, comment = URIRef("urn:p:k"), URIRef("urn:p:n")
    view = View("t", text, ViewSpec("rows"), parse_order_by(text))
    values = [Literal(10), Literal(9), Literal("2.5", datatype=XSD.decimal), Literal("1e3", datatype=XSD.double),
              Literal("9.75", datatype=XSD.decimal), URIRef("urn:z"), None, Literal(-3)]
    reports = []
    for g in range(3):
        triples = []
        for i, value in enumerate(values):
            s = URIRef(f"urn:r{g}/s{i}")
            triples.append((s, label, Literal("甲" if (i + g) % 2 else "乙")))
            if value is not None:
                triples.append((s, comment, value))
        reports.append((URIRef(f"urn:graph:{g}"), triples, []))
    store = ViewStore(tmp_path / "v.sqlite", views={"t": view})
    assert store.put(reports) == 3
    kept = store.answer("t")
    everything = ox.Store()
    from graph.nquads import nquads_lines

    everything.load("".join(nquads_lines({g: t for g, t, _ in reports})).encode("utf-8"),
                    format=ox.RdfFormat.N_QUADS)
    from graph.views import ox_binding

    result = everything.query(text, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    live = [{v: ox_binding(t) for v, t in zip(names, row) if t is not None} for row in result]
    assert len(kept) == len(live) == 24
    assert kept.bindings == live  # the order is total here (?s is unique), so the sequences are equal
    assert kept.bindings[0]["k"]["value"] == "甲" and "n" not in kept.bindings[0]  # unbound sorts first
    store.close()


def test_rows_kept_in_the_old_layout_are_recomputed(tmp_path):
    import sqlite3

    db = sqlite3.connect(tmp_path / "views.sqlite")
    db.executescript("CREATE TABLE view_parts (view TEXT, graph TEXT, digest TEXT, key TEXT, rows TEXT);"
                     "CREATE TABLE view_graphs (view TEXT, graph TEXT, digest TEXT);"
                     "INSERT INTO view_graphs VALUES ('problem_counts', 'urn:g', 'd');")
    db.commit()
    db.close()
    store = ViewStore(tmp_path / "views.sqlite")
    assert store.graphs("problem_counts") == set()  # forgotten: the library fills them in on the next read
    store.close()


def test_an_answer_as_json_text_is_the_standard_document(sample_library):
    kept = sample_library.query_library("problem_sources", problemId="P05")
    live = sample_library.query_library("problem_sources", problemId="P05", live=True)
    for answer in (kept, live):
        doc = json.loads(answer.to_json_text(source=answer.source))
        assert doc == {**answer.to_json(), "source": answer.source}
    _same("problem_sources", kept, live)  # the kept texts decode to the rows live SPARQL gives
    with pytest.raises(ValueError):
        QueryAnswer(["x"], [], texts=[])


def test_only_the_predicates_the_views_use_are_loaded():
    from rdflib import URIRef

    predicates = used_predicates(library_views()[n].text for n in VIEWS)
    assert URIRef("https://w3id.org/rectigraph/ns#hasProblem") in predicates
    assert URIRef("http://www.w3.org/2004/02/skos/core#broader") in predicates  # inside a path (skos:broader*)
    assert URIRef("https://w3id.org/rectigraph/ns#rawText") not in predicates


def test_cli_answers_from_the_views_and_live_alike(sample_library):
    home = str(sample_library.home)

    def run(*extra):
        out = subprocess.run([sys.executable, "-m", "rectigraph.cli", "sparql", "--home", home, "--name",
                              "status_counts_vs_claimed", "--format", "json", *extra],
                             capture_output=True, text=True, cwd=ROOT, check=True).stdout
        return json.loads(out)

    kept, live = run(), run("--live")
    assert kept["head"] == live["head"] and kept["results"]["bindings"] == live["results"]["bindings"]
