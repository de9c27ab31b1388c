"""HTML pages over the ingested sample reports (Flask test client)."""

from __future__ import annotations

import re

import pytest


def text_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/reports", "/policies", "/organizations", "/families", "/upload", "/query", "/api-docs"])
def test_listing_pages_render_with_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "text/html"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    html = text_of(response)
    assert 'lang="zh-CN"' in html
    # no request ever leaves the server: every src/href is local
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_report_page_shows_claimed_against_disclosed(client, dalian_id):
    html = text_of(client.get(f"/report/{dalian_id}"))
    assert "中共大连市科学技术局党组关于市委常规巡察整改情况的通报" in html
    row = re.search(r'<tr class="gap" data-figure="specific_problems">(.*?)</tr>', html, re.S)
    assert row, "the specific-problems row is marked as a gap"
    assert re.search(r'class="num claimed">49<', row.group(1))
    assert re.search(r'class="num disclosed">47<', row.group(1))
    assert "-2" in row.group(1)
    main = re.search(r'data-figure="main_problems">(.*?)</tr>', html, re.S).group(1)
    assert "一致" in main  # 24 claimed, 24 disclosed
    assert "市委第五巡察组" in html and "2023-05-15" in html


def test_report_outline_links_every_problem(client, app, dalian_id):
    report = app.extensions["rectigraph"].report(dalian_id)
    html = text_of(client.get(f"/report/{dalian_id}"))
    for problem in report.problems:
        assert f"/report/{dalian_id}/problem/{problem.id}" in html
    assert html.count('class="badge ok"') >= 40  # most problems are 已完成


def test_problem_page_highlights_statement_in_its_paragraph(client, app, dalian_id):
    report = app.extensions["rectigraph"].report(dalian_id)
    problem = next(p for p in report.problems if p.parent and "公示" in p.text)
    html = text_of(client.get(f"/report/{dalian_id}/problem/{problem.id}"))
    marked = re.search(r'<blockquote class="source context">.*?<mark>(.*?)</mark>', html, re.S)
    assert marked and marked.group(1) == report.text[problem.span[0]:problem.span[1]]
    assert "整改措施" in html and "整改落实情况" in html
    for measure in problem.measures:
        assert measure.text[:20] in html


def test_problem_page_lists_similar_problems_in_other_reports(client, app, dalian_id):
    backend = app.extensions["rectigraph"]
    report = backend.report(dalian_id)
    problem = next(p for p in report.problems if "公示" in p.text and p.parent)
    similar = backend.similar(dalian_id, problem.id)
    assert similar, "the real report's 公示 problem has look-alikes in the synthetic reports"
    assert all(s["report_id"] != dalian_id for s in similar)
    html = text_of(client.get(f"/report/{dalian_id}/problem/{problem.id}"))
    assert f"/report/{similar[0]['report_id']}/problem/{similar[0]['problem_id']}" in html


def test_policy_page_shows_spellings_and_citing_problems(client, app):
    backend = app.extensions["rectigraph"]
    entry = next(e for e in backend.policies() if e.canonical == "党政领导干部选拔任用工作条例")
    assert len(entry.report_ids) >= 2
    html = text_of(client.get(f"/policy/{entry.key}"))
    assert "《党政领导干部选拔任用工作条例》" in html
    for spelling in entry.spellings:
        assert spelling in html
    for report_id in entry.report_ids:
        assert f"/report/{report_id}" in html
    assert html.count("/problem/") >= len(entry.report_ids)


def test_organization_page(client, app):
    entry = app.extensions["rectigraph"].organizations()[0]
    html = text_of(client.get(f"/organization/{entry.key}"))
    assert entry.canonical in html
    assert f"/report/{entry.report_ids[0]}" in html


def test_family_pages(client, app):
    families = app.extensions["rectigraph"].families()
    assert families and all(f["report_count"] >= 2 for f in families)
    first = families[0]
    html = text_of(client.get("/families"))
    assert f"/family/{first['id']}" in html
    html = text_of(client.get(f"/family/{first['id']}"))
    assert html.count("/problem/") >= first["size"]
    graph = text_of(client.get(f"/graph/family/{first['id']}"))
    assert graph.count("/problem/") >= first["size"]


def test_graph_view_is_svg_with_clickable_nodes(client, app, dalian_id):
    html = text_of(client.get(f"/graph/report/{dalian_id}"))
    svg = re.search(r"<svg class=\"graph\".*?</svg>", html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)">', svg)
    assert len(links) >= 10
    assert f"/report/{dalian_id}" in links
    assert any("/problem/" in link for link in links) and any(link.startswith("/policy/") for link in links)
    report = app.extensions["rectigraph"].report(dalian_id)
    problem = report.problems[1]
    assert client.get(f"/graph/problem/{dalian_id}/{problem.id}").status_code == 200
    policy = app.extensions["rectigraph"].policies()[0]
    assert client.get(f"/graph/policy/{policy.key}").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/report/nope", "/report/nope/problem/P1", "/policy/nope", "/organization/nope", "/family/nope", "/graph/report/nope", "/graph/bogus/x"],
)
def test_missing_entities_are_404_pages(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_bad_search_parameters_are_400(client):
    response = client.get("/?q=x&year_from=abc")
    assert response.status_code == 400
    assert "year_from" in text_of(response)


def test_an_empty_library_says_what_to_do(tmp_path):
    from web.app import create_app

    empty = create_app(tmp_path / "home").test_client()
    assert empty.get("/reports").status_code == 200
    page = empty.get("/", query_string={"q": "公示"})
    assert page.status_code == 200 and "search is not available yet" in page.get_data(as_text=True)
    api = empty.get("/api/search", query_string={"q": "公示"})
    assert api.status_code == 503 and "ingest" in api.get_json()["error"]
    assert empty.get("/api/families").get_json() == {"families": []}
    sparql = empty.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert sparql.get_json(force=True)["boolean"] is False


def test_full_text_page_marks_every_problem(client, app, dalian_id):
    report = app.extensions["rectigraph"].report(dalian_id)
    html = text_of(client.get(f"/report/{dalian_id}/text"))
    marked = re.findall(r'<a class="span-link" href="/report/[^/]+/problem/([^"]+)"', html)
    assert len(marked) >= len(report.problems) * 0.9  # nested spans are marked once
    assert report.text[:30] in html


def test_sparql_result_iris_link_to_pages(client, dalian_id):
    query = "PREFIX rg: <https://w3id.org/rectigraph/ns#> SELECT ?r WHERE { ?r a rg:Report }"
    html = text_of(client.post("/query", data={"query": query}))
    assert f'<a href="/report/{dalian_id}">' in html
