"""The documented library queries through the JSON API: whole-library answers from their views, equal to SPARQL."""

from __future__ import annotations

import json


def test_queries_are_listed_with_their_parameters(client):
    listed = {q["name"]: q for q in client.get("/api/queries").get_json()["queries"]}
    assert len(listed) >= 12
    assert listed["problems_by_status"]["view"] and "statusCode" in listed["problems_by_status"]["params"]
    assert not listed["policies_across_issuers"]["view"]


def test_a_view_answers_what_sparql_answers(client):
    kept = client.get("/api/queries/status_counts_vs_claimed").get_json()
    live = client.get("/api/queries/status_counts_vs_claimed?live=1").get_json()
    assert (kept["source"], live["source"]) == ("view", "sparql")
    assert kept["head"] == live["head"]
    assert sorted(map(json.dumps, kept["results"]["bindings"])) == sorted(map(json.dumps, live["results"]["bindings"]))
    assert len(kept["results"]["bindings"]) >= 7


def test_parameters_and_errors(client, dalian_id):
    one = client.get(f"/api/queries/problems_by_status?reportId={dalian_id}").get_json()
    assert one["source"] == "sparql" and len(one["results"]["bindings"]) == 2  # 正在推进中 in the real report
    missing = client.get("/api/queries/nope")
    assert missing.status_code == 404 and "nope" in missing.get_json()["error"]
    bad = client.get("/api/queries/problem_counts?colour=red")
    assert bad.status_code == 400 and "colour" in bad.get_json()["error"]
