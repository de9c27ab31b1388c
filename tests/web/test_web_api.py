"""The JSON API: entities, search, trace, families, gaps; JSON errors; write access rules."""

from __future__ import annotations

import io

import pytest


def test_reports_and_one_report(client, dalian_id):
    reports = client.get("/api/reports").get_json()["reports"]
    assert len(reports) >= 7
    data = client.get(f"/api/reports/{dalian_id}").get_json()
    assert data["claimed"]["specific_problems"] == 49
    assert data["disclosed"]["specific_problems"] == 47
    assert "text" not in data and data["text_length"] > 20_000
    assert data["iri"].endswith(f"/report/{dalian_id}")


def test_problem_has_context_span_pointing_at_its_statement(client, app, dalian_id):
    report = app.extensions["rectigraph"].report(dalian_id)
    problem = next(p for p in report.problems if p.measures)
    data = client.get(f"/api/reports/{dalian_id}/problems/{problem.id}").get_json()
    start, end = data["context"]["span"]
    assert data["context"]["text"][start:end] == report.text[problem.span[0]:problem.span[1]]
    assert [m["text"] for m in data["measures"]] == [m.text for m in problem.measures]


def test_search_finds_a_paraphrase(client, app):
    # "干部提拔前公示时间不够" shares few words with 公示期均不足五个工作日 in the real report.
    data = client.get("/api/search", query_string={"q": "干部提拔前公示时间不够"}).get_json()
    assert data["hits"] and data["page"] == 1
    top = data["hits"][:3]
    assert any("公示" in h["sentence"] for h in top)
    assert all(h["kind"] == "problem" for h in data["hits"])
    assert data["expansions"], "thesaurus expansions are reported"
    assert all(h["url"].startswith("/report/") for h in data["hits"])


def test_search_filters_and_pages(client, app):
    backend = app.extensions["rectigraph"]
    issuer = next(r.issuer for r in backend.reports() if r.source == "dalian-kjj-2023-05-15.txt")
    data = client.get("/api/search", query_string={"q": "干部选拔", "issuer": issuer, "size": 5}).get_json()
    assert data["hits"] and all(h["issuer"] == issuer for h in data["hits"])
    assert len(data["hits"]) <= 5
    second = client.get("/api/search", query_string={"q": "干部选拔", "issuer": issuer, "size": 5, "page": 2}).get_json()
    assert {h["iri"] for h in second["hits"]}.isdisjoint({h["iri"] for h in data["hits"]})
    measures = client.get("/api/search", query_string={"q": "公示", "kind": "measure"}).get_json()
    assert measures["hits"] and all(h["kind"] == "measure" for h in measures["hits"])
    done = client.get("/api/search", query_string={"q": "公示", "status": "in_progress"}).get_json()
    assert all(h["status"] == "in_progress" for h in done["hits"])
    inverted = client.get("/api/search", query_string={"q": "公示", "year_from": 2024, "year_to": 2020}).get_json()
    assert inverted["total"] == 0 and inverted["hits"] == []
    years = client.get("/api/search", query_string={"q": "公示", "year_from": 2023, "year_to": 2023}).get_json()
    assert years["hits"] and all(h["year"] == 2023 for h in years["hits"])


@pytest.mark.parametrize(
    "query, reason",
    [
        ({}, "missing query"),
        ({"q": "x", "kind": "bogus"}, "kind must be"),
        ({"q": "x", "page": "0"}, "page must be"),
        ({"q": "x", "size": "1000"}, "size must be"),
    ],
)
def test_bad_search_requests_are_json_400(client, query, reason):
    response = client.get("/api/search", query_string=query)
    assert response.status_code == 400
    assert reason in response.get_json()["error"]


def test_similar_problems_come_from_other_reports(client, app, dalian_id):
    report = app.extensions["rectigraph"].report(dalian_id)
    problem = next(p for p in report.problems if p.parent and "公示" in p.text)
    data = client.get(f"/api/reports/{dalian_id}/problems/{problem.id}/similar").get_json()
    assert data["similar"] and all(s["report_id"] != dalian_id for s in data["similar"])
    assert any("公示" in s["text"] for s in data["similar"])


def test_families_and_gaps(client, dalian_id):
    families = client.get("/api/families").get_json()["families"]
    assert families
    family = client.get(f"/api/families/{families[0]['id']}").get_json()
    assert len({m["report_id"] for m in family["members"]}) >= 2
    gaps = client.get(f"/api/reports/{dalian_id}/gaps").get_json()["figures"]
    assert gaps["specific_problems"] == {"claimed": 49, "disclosed": 47, "gap": 2}


def test_policy_and_organization_entities(client):
    policies = client.get("/api/policies").get_json()["policies"]
    top = policies[0]
    data = client.get(f"/api/policies/{top['key']}").get_json()
    assert data["canonical"] == top["canonical"] and len(data["reports"]) == top["reports"]
    assert data["iri"].endswith(f"/policy/{top['key']}")
    orgs = client.get("/api/organizations").get_json()["organizations"]
    assert client.get(f"/api/organizations/{orgs[0]['key']}").get_json()["canonical"] == orgs[0]["canonical"]


@pytest.mark.parametrize(
    "path",
    ["/api/reports/nope", "/api/reports/nope/problems/P1", "/api/reports/nope/problems/P1/similar",
     "/api/reports/nope/gaps", "/api/policies/nope", "/api/organizations/nope", "/api/families/nope", "/api/nothing"],
)
def test_missing_things_are_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.get_json()["error"]


def test_openapi_document_lists_every_api_route(client, app):
    doc = client.get("/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    documented = set(doc["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = rule.rule.replace("<", "{").replace(">", "}")
            assert path in documented, path


def test_writes_need_the_token_when_one_is_set(web_home):
    from web.app import create_app

    guarded = create_app(web_home, token="s3cret").test_client()
    upload = {"files": (io.BytesIO(b"x"), "a.txt")}
    assert guarded.post("/api/ingest", data=upload).status_code == 401
    assert guarded.delete("/api/reports/nope").status_code == 401
    wrong = guarded.delete("/api/reports/nope", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "token" in wrong.get_json()["error"]
    right = guarded.delete("/api/reports/nope", headers={"Authorization": "Bearer s3cret"})
    assert right.status_code == 404  # authorised, and there is no such report


def test_without_a_token_only_loopback_clients_may_write(client):
    remote = client.delete("/api/reports/nope", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert remote.status_code == 403 and "this machine" in remote.get_json()["error"]
    local = client.delete("/api/reports/nope")
    assert local.status_code == 404


def test_cross_origin_form_posts_are_refused(client):
    response = client.post("/api/ingest", data={"files": (io.BytesIO(b"x"), "a.txt")},
                           headers={"Origin": "http://evil.example"})
    assert response.status_code == 403 and "cross-origin" in response.get_json()["error"]
