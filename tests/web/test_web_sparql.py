"""The read-only SPARQL endpoint: protocol, formats, refusals, time and row limits."""

from __future__ import annotations

import csv
import io
import time

import pytest

from web.sparql_guard import QueryRefused, check_query

COUNT_REPORTS = """PREFIX rg: <https://w3id.org/rectigraph/ns#>
SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a rg:Report }"""


def test_select_json_counts_the_sample_reports(client):
    response = client.get("/sparql", query_string={"query": COUNT_REPORTS}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    data = response.get_json(force=True)
    assert data["head"]["vars"] == ["n"]
    assert int(data["results"]["bindings"][0]["n"]["value"]) >= 7


def test_post_form_and_direct_body(client):
    form = client.post("/sparql", data={"query": COUNT_REPORTS}, headers={"Accept": "application/sparql-results+json"})
    direct = client.post("/sparql", data=COUNT_REPORTS.encode(), content_type="application/sparql-query",
                         headers={"Accept": "application/sparql-results+json"})
    assert form.status_code == direct.status_code == 200
    assert form.get_json(force=True) == direct.get_json(force=True)


def test_csv_and_tsv(client):
    query = """PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX rg: <https://w3id.org/rectigraph/ns#>
    SELECT ?r ?title WHERE { ?r a rg:Report ; dcterms:title ?title } ORDER BY ?title"""
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["r", "title"]
    assert any("大连市科学技术局" in row[1] for row in rows[1:])
    tsv = client.get("/sparql", query_string={"query": query, "format": "tsv"}).get_data(as_text=True)
    lines = tsv.splitlines()
    assert lines[0] == "?r\t?title"
    assert lines[1].startswith("<https://w3id.org/rectigraph/id/report/") and '"' in lines[1]


def test_ask_and_construct(client):
    ask = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).get_json(force=True)
    assert ask["boolean"] is True
    construct = client.get(
        "/sparql",
        query_string={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"},
        headers={"Accept": "application/n-triples"},
    )
    assert construct.mimetype == "application/n-triples"
    assert len(construct.get_data(as_text=True).strip().splitlines()) == 3


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "CLEAR DEFAULT",
        "LOAD <http://example.org/data.ttl>",
        "PREFIX x: <urn:x#> WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_and_change_nothing(client, text):
    before = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).get_json(force=True)
    for response in (
        client.get("/sparql", query_string={"query": text}),
        client.post("/sparql", data={"query": text}),
        client.post("/sparql", data={"update": text}),
        client.post("/sparql", data=text.encode(), content_type="application/sparql-update"),
    ):
        assert response.status_code == 403
        assert "read-only" in response.get_json()["error"]
    after = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).get_json(force=True)
    assert before == after


def test_service_and_bad_syntax_are_refused(client):
    service = client.get("/sparql", query_string={"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert service.status_code == 403 and "SERVICE" in service.get_json()["error"]
    broken = client.get("/sparql", query_string={"query": "SELEC ?x WHERE {"})
    assert broken.status_code == 400 and "syntax" in broken.get_json()["error"]
    missing = client.get("/sparql", headers={"Accept": "application/json"})
    assert missing.status_code == 400 and "query" in missing.get_json()["error"]


def test_guard_uses_the_sparql_parser_not_keywords():
    # The word INSERT inside a string or IRI of a real query is fine; an update hidden after a comment is not.
    assert check_query('SELECT ?s WHERE { ?s ?p "INSERT DATA { }" }').form == "SELECT"
    with pytest.raises(QueryRefused) as refused:
        check_query("# just a comment\nDELETE DATA { <urn:a> <urn:b> <urn:c> }")
    assert refused.value.status == 403


def test_a_query_that_runs_too_long_is_stopped(app, web_home):
    from web.app import create_app

    quick = create_app(web_home, config={"SPARQL_TIMEOUT_S": 1.5})
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    response = quick.test_client().get("/sparql", query_string={"query": heavy})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "time limit" in response.get_json()["error"]
    assert elapsed < 6


def test_results_stop_at_the_row_limit(web_home):
    from web.app import create_app

    small = create_app(web_home, config={"SPARQL_MAX_ROWS": 5})
    response = small.test_client().get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert len(response.get_json(force=True)["results"]["bindings"]) == 5
    assert "5 rows" in response.headers["X-Rectigraph-Truncated"]


def test_query_page_runs_a_library_query(client):
    page = client.get("/query").get_data(as_text=True)
    assert "policy_spellings" in page  # the graph stage's documented queries are offered
    html = client.post("/query", data={"query": COUNT_REPORTS}).get_data(as_text=True)
    assert 'class="row-count">1<' in html
    refused = client.post("/query", data={"query": "DROP ALL"})
    assert refused.status_code == 403 and "read-only" in refused.get_data(as_text=True)


def test_query_page_answers_an_unchanged_library_view_from_its_kept_rows(client):
    from web.sparql import QUERY_DIR

    text = (QUERY_DIR / "problem_counts.rq").read_text(encoding="utf-8")
    html = client.post("/query", data={"query": text}).get_data(as_text=True)
    kept = client.get("/api/queries/problem_counts").get_json()
    assert 'class="answered-from-view"' in html
    assert f'class="row-count">{len(kept["results"]["bindings"])}<' in html
    changed = client.post("/query", data={"query": text.replace("ORDER BY", "# edited\nORDER BY")}).get_data(as_text=True)
    assert 'class="answered-from-view"' not in changed and 'class="row-count">' in changed  # any edit: live SPARQL
    not_a_view = (QUERY_DIR / "policies_across_issuers.rq").read_text(encoding="utf-8")
    assert 'class="answered-from-view"' not in client.post("/query", data={"query": not_a_view}).get_data(as_text=True)
