"""End-to-end in a real browser (Debian chromium through Playwright) against the waitress server.

Each test saves a screenshot under test-output/web/. Every request the pages make must go to the server
itself: no fonts, scripts or styles from other hosts.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

UPLOAD_REPORT = """中共测试县档案局党组关于县委巡察整改进展情况的通报
发布时间：2024-05-20
根据县委统一部署，2023年11月1日至12月20日，县委第四巡察组对县档案局党组进行了常规巡察。现将整改进展情况予以公布。
一、巡察反馈问题整改落实情况
1.关于“档案管理不规范”的问题
针对“馆藏珍贵档案数字化扫描外包给无资质公司，扫描底片未按规定销毁”的问题
整改措施：
①收回外包扫描底片并集中销毁，修订《档案数字化外包安全管理办法》。
整改进展情况：已完成。
"""


@pytest.fixture(scope="module")
def browser() -> Iterator:
    playwright = pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium") and not shutil.which("/usr/bin/chromium"):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    outside: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server) else outside.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()
    assert not outside, f"requests to other hosts: {outside}"
    assert not dialogs, f"a script from report text ran: {dialogs}"


def test_search_a_paraphrase_and_open_a_hit(page, live_server, output_dir):
    page.goto(live_server + "/")
    page.fill("#q", "干部提拔前公示时间不够")
    page.press("#q", "Enter")
    page.wait_for_selector("li.hit")
    assert "q=" in page.url  # the query is in the (shareable) URL
    first_three = " ".join(page.locator("li.hit blockquote").all_inner_texts()[:3])
    assert "公示" in first_three
    assert page.locator(".also a").count() >= 1  # "also searched" expansions
    page.screenshot(path=str(output_dir / "search.png"), full_page=False)
    page.locator("li.hit a.hit-title").first.click()
    page.wait_for_selector("blockquote.context mark")
    assert "公示" in page.locator("blockquote.context mark").inner_text()
    page.screenshot(path=str(output_dir / "search-hit-problem.png"), full_page=True)


def test_report_page_claimed_against_disclosed(page, live_server, output_dir):
    page.goto(live_server + "/reports")
    page.get_by_role("link", name="中共大连市科学技术局党组关于市委常规巡察整改情况的通报").click()
    row = page.locator('tr[data-figure="specific_problems"]')
    row.wait_for()
    assert row.locator("td.claimed").inner_text().strip() == "49"
    assert row.locator("td.disclosed").inner_text().strip() == "47"
    assert row.locator(".gap-mark").is_visible()
    assert "gap" in (row.get_attribute("class") or "")
    page.screenshot(path=str(output_dir / "report.png"), full_page=False)
    page.set_viewport_size({"width": 375, "height": 812})
    page.locator("#fig-h").scroll_into_view_if_needed()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"page is {width}px wide on a 375px phone"
    page.screenshot(path=str(output_dir / "report-phone.png"), full_page=False)


def test_policy_page(page, live_server, output_dir):
    page.goto(live_server + "/policies")
    page.get_by_role("link", name="《党政领导干部选拔任用工作条例》", exact=True).click()
    page.wait_for_selector("h1.entity-title")
    assert page.locator("h1.entity-title").inner_text() == "《党政领导干部选拔任用工作条例》"
    spellings = page.locator("ul.spellings li").all_inner_texts()
    assert "党政领导干部选拔任用工作条例" in spellings and len(spellings) >= 2
    assert page.locator(".cite-group").count() >= 2  # cited by several reports
    page.screenshot(path=str(output_dir / "policy.png"), full_page=False)
    page.locator(".graph-link").click()
    page.wait_for_selector("svg.graph a")
    assert page.locator("svg.graph a").count() >= 5
    page.screenshot(path=str(output_dir / "policy-graph.png"), full_page=False)


def test_run_a_sparql_query_from_the_query_page(page, live_server, output_dir):
    page.goto(live_server + "/query")
    page.fill("#query", "PREFIX rg: <https://w3id.org/rectigraph/ns#>\n"
                        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
                        "SELECT ?title (COUNT(?p) AS ?problems) WHERE {\n"
                        "  ?r a rg:Report ; dcterms:title ?title ; rg:hasProblem ?p .\n"
                        "} GROUP BY ?title ORDER BY DESC(?problems)")
    page.get_by_role("button", name="运行查询").click()
    page.wait_for_selector("#sparql-results table")
    rows = page.locator("#sparql-results tbody tr")
    assert rows.count() >= 6
    assert "大连市科学技术局" in page.locator("#sparql-results").inner_text()
    page.screenshot(path=str(output_dir / "sparql.png"), full_page=False)


def test_upload_a_file_then_find_it_by_search(page, live_server, output_dir, tmp_path):
    report_file = tmp_path / "档案局整改通报.txt"
    report_file.write_text(UPLOAD_REPORT, encoding="utf-8")
    bad_file = tmp_path / "notes.exe"
    bad_file.write_bytes(b"MZ")
    page.goto(live_server + "/upload")
    page.set_input_files("#files", [str(report_file), str(bad_file)])
    page.get_by_role("button", name="上传并入库").click()
    page.wait_for_selector("#upload-results tbody tr:nth-child(2)", timeout=600_000)
    page.wait_for_function("document.getElementById('upload-state').textContent.startsWith('完成')")
    rows = page.locator("#upload-results tbody tr")
    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    assert "已入库" in first or "已在库中" in first
    assert re.search(r"识别问题 \d+ 条", first)
    assert "失败" in second and "unsupported file type" in second  # per-file errors
    assert "1 个文件入库，1 个失败" in page.locator("#upload-state").inner_text()
    page.screenshot(path=str(output_dir / "upload.png"), full_page=False)
    page.goto(live_server + "/?q=" + "档案数字化外包给没有资质的公司")
    page.wait_for_selector("li.hit")
    assert "扫描" in " ".join(page.locator("li.hit").all_inner_texts()[:3])
    page.screenshot(path=str(output_dir / "upload-found.png"), full_page=False)
