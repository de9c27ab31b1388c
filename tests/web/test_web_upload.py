"""Uploads: limits, safe names, per-file errors; an HTML/JS payload in a report is shown as text."""

from __future__ import annotations

import io
import re

from conftest import PAYLOAD, PAYLOAD_REPORT
from web.upload import safe_filename


def test_safe_filename_keeps_chinese_and_drops_paths():
    assert safe_filename("../../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Windows\\整改 通报.DOCX") == "整改_通报.docx"
    assert safe_filename("<script>.txt") == "script.txt"
    assert "/" not in safe_filename("a/../../b.pdf")


def test_payload_report_is_ingested_escaped_and_searchable(client, app, web_home):
    before = {r.id for r in app.extensions["rectigraph"].reports()}
    response = client.post(
        "/api/ingest",
        data={"files": (io.BytesIO(PAYLOAD_REPORT.encode("utf-8")), "../../示范局<b>整改</b>通报.txt")},
    )
    assert response.status_code == 200, response.get_json()
    (result,) = response.get_json()["results"]
    assert result["status"] == "ingested" and result["problems"] >= 1
    report_id = result["report_id"]
    assert report_id not in before
    # nothing was written outside the data home; the upload folder is cleaned up
    assert not list((web_home / "uploads").rglob("*.txt"))
    assert list((web_home / "files").glob(f"{report_id}.*"))

    report = app.extensions["rectigraph"].report(report_id)
    problem = next(p for p in report.problems if "脚本注入" in p.text)
    for path in (f"/report/{report_id}/problem/{problem.id}", f"/report/{report_id}"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    hits = client.get("/api/search", query_string={"q": "门户网站栏目长期不更新 脚本注入"}).get_json()["hits"]
    assert any(h["report_id"] == report_id for h in hits[:3])
    search_html = client.get("/", query_string={"q": "网页脚本注入风险"}).get_data(as_text=True)
    assert "<script>alert" not in search_html
    assert PAYLOAD not in search_html


def test_uploading_the_same_report_again_changes_nothing(client):
    data = {"files": (io.BytesIO(PAYLOAD_REPORT.encode("utf-8")), "again.txt")}
    first = client.post("/api/ingest", data=data).get_json()["results"][0]
    data = {"files": (io.BytesIO(PAYLOAD_REPORT.encode("utf-8")), "again-2.txt")}
    second = client.post("/api/ingest", data=data).get_json()["results"][0]
    assert second["status"] == "unchanged" and second["report_id"] == first["report_id"]


def test_bad_files_get_per_file_errors(client):
    response = client.post(
        "/api/ingest",
        data={"files": [(io.BytesIO(b"MZ\x90\x00"), "tool.exe"), (io.BytesIO(b""), "empty.txt")]},
    )
    assert response.status_code == 422
    results = {r["file"]: r for r in response.get_json()["results"]}
    assert "unsupported file type" in results["tool.exe"]["error"]
    assert results["empty.txt"]["error"] == "empty file"


def test_a_file_that_is_not_a_report_is_reported_not_fatal(client):
    response = client.post("/api/ingest", data={"files": (io.BytesIO(b"%PDF-1.4 broken"), "broken.pdf")})
    assert response.status_code == 422
    (result,) = response.get_json()["results"]
    assert result["status"] == "error" and result["error"]


def test_no_file_and_too_large(client, web_home):
    from web.app import create_app

    assert client.post("/api/ingest", data={}).status_code == 400
    small = create_app(web_home, config={"MAX_CONTENT_LENGTH": 1024}).test_client()
    response = small.post("/api/ingest", data={"files": (io.BytesIO(b"x" * 4096), "big.txt")})
    assert response.status_code == 413
    assert response.get_json()["error"]


def test_upload_page_form_posts_and_lists_results(client):
    page = client.get("/upload").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and "upload.js" in page
    response = client.post("/upload", data={"files": (io.BytesIO(b"MZ"), "x.exe")})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "unsupported file type" in html
    assert re.search(r'<tr class="error">\s*<td>x.exe</td>', html)
