"""Cross-report tables: claimed vs disclosed figures of every report (sortable), and recurrences side by side."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _gap(row: dict, figure: str = "specific_problems"):
    return row[figure]["gap"]


def test_gap_table_sorts_by_any_gap_and_shows_the_real_report(client, dalian_id):
    data = client.get("/api/gaps").get_json()
    assert (data["sort"], data["order"]) == ("specific_problems_gap", "desc")
    rows = data["reports"]
    assert len(rows) >= 7
    known = [_gap(r) for r in rows if _gap(r) is not None]
    assert known == sorted(known, reverse=True)
    assert all(_gap(r) is None for r in rows[len(known):])  # unknown gaps last
    dalian = next(r for r in rows if r["report_id"] == dalian_id)
    assert dalian["specific_problems"] == {"claimed": 49, "disclosed": 47, "gap": 2}
    assert dalian["measures"] == {"claimed": 177, "disclosed": 175, "gap": 2}
    assert dalian["url"].endswith(f"/report/{dalian_id}")

    ascending = client.get("/api/gaps?sort=measures_gap&order=asc").get_json()["reports"]
    known = [_gap(r, "measures") for r in ascending if _gap(r, "measures") is not None]
    assert known == sorted(known) and len(known) >= 2
    by_issuer = [r["issuer"] for r in client.get("/api/gaps?sort=issuer&order=asc").get_json()["reports"]]
    assert [i for i in by_issuer if i] == sorted(i for i in by_issuer if i)


@pytest.mark.parametrize(("query", "reason"), [("sort=bogus", "cannot sort by 'bogus'"), ("order=up", "asc or desc")])
def test_bad_gap_requests_are_400_naming_the_choices(client, query, reason):
    response = client.get(f"/api/gaps?{query}")
    assert response.status_code == 400 and reason in response.get_json()["error"]
    assert client.get(f"/gaps?{query}").status_code == 400


def test_gap_page_lists_every_report_with_sort_links(client, dalian_id):
    page = client.get("/gaps?sort=measures_gap&order=desc").get_data(as_text=True)
    assert f'data-report="{dalian_id}"' in page
    assert "sort=measures_gap&amp;order=asc" in page  # the sorted column's link flips the order
    assert 'aria-sort="descending"' in page
    assert page.count("<tr data-report=") == len(client.get("/api/gaps").get_json()["reports"])


def test_no_recurrences_across_different_bodies(client):
    # the samples hold one report per body: nothing may be flagged
    assert client.get("/api/recurrences").get_json() == {"recurrences": []}
    assert "没有发现反弹" in client.get("/recurrences").get_data(as_text=True)


@pytest.fixture(scope="module")
def recurrence_app(tmp_path_factory):
    """A library of two bodies' earlier and later reports (the tracing test reports)."""
    from rectigraph.library import Library
    from web.app import create_app

    folder = tmp_path_factory.mktemp("pairs")
    for path in [ROOT / "data/samples/syn-v01.txt", ROOT / "data/samples/syn-v02.txt",
                 *sorted((ROOT / "tests/data/tracing").glob("*.txt"))]:
        shutil.copy(path, folder / path.name)
    home = tmp_path_factory.mktemp("recurrence-home")
    library = Library(home)
    try:
        assert library.ingest([folder], progress=False).ok
    finally:
        library.close()
    return create_app(home)


@pytest.mark.slow
def test_recurrences_page_and_api_show_both_passages(recurrence_app):
    client = recurrence_app.test_client()
    found = client.get("/api/recurrences").get_json()["recurrences"]
    assert len(found) == 5
    backend = recurrence_app.extensions["rectigraph"]
    for rec in found:
        earlier, later = rec["earlier"], rec["later"]
        assert earlier["issuer"] == later["issuer"] and rec["issuer"] in earlier["issuer"]
        assert earlier["date"] < later["date"] and earlier["status"] in ("completed", "long_term")
        for side in (earlier, later):
            _, problem = backend.problem(side["report_id"], side["problem_id"])
            assert side["text"] == problem.text and client.get(side["url"]).status_code == 200
    # a family holding a recurrence's problems shows it too, with the same passages
    shown = [f for f in (client.get(f"/api/families/{fam['id']}").get_json()
                         for fam in client.get("/api/families").get_json()["families"]) if f.get("recurrences")]
    assert shown and all(r in found for f in shown for r in f["recurrences"])
    page = client.get("/recurrences").get_data(as_text=True)
    assert page.count('class="card recurrence"') == 5
    for rec in found:
        assert html.escape(rec["earlier"]["text"], quote=False) in page
        assert html.escape(rec["later"]["text"], quote=False) in page
