"""Web fixtures: one data home ingested from data/samples (once per session), the app, a live waitress server."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
OUTPUT = ROOT / "test-output" / "web"
DALIAN = "dalian-kjj-2023-05-15.txt"

#: A small report whose problem statement carries an HTML/JS payload (must always show as text).
PAYLOAD = "<script>alert('x')</script><img src=x onerror=alert(1)>"
PAYLOAD_REPORT = f"""中共测试市示范局党组关于市委巡察整改进展情况的通报
发布时间：2024-03-01
根据市委统一部署，2023年9月1日至10月30日，市委第二巡察组对市示范局党组进行了常规巡察。现将整改进展情况予以公布。
一、巡察反馈问题整改落实情况
1.关于“政务公开工作不规范”的问题
针对“门户网站栏目长期不更新，{PAYLOAD}网页脚本注入风险未排查，信息发布审核制度形同虚设”的问题
整改措施：
①修订《示范局政务公开信息发布审核办法》，实行三级审核。
整改进展情况：已完成。
"""


def _ingest(home: Path) -> None:
    from rectigraph.library import Library

    library = Library(home)
    try:
        summary = library.ingest([SAMPLES], progress=False)
    finally:
        library.close()  # the app opens its own handle on the store
    assert summary.ok, summary.failed
    assert len(summary.added) == len(list(SAMPLES.glob("*.txt")))


@pytest.fixture(scope="session")
def web_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh home with the samples ingested (graph, search index, families: minutes on a busy machine).

    For quick local reruns, RECTIGRAPH_WEB_TEST_SEED may name a home already ingested from data/samples;
    it is copied, never used in place.
    """
    home = tmp_path_factory.mktemp("web-home")
    seed = os.environ.get("RECTIGRAPH_WEB_TEST_SEED")
    if seed:
        shutil.copytree(seed, home, dirs_exist_ok=True)
    else:
        _ingest(home)
    return home


@pytest.fixture(scope="session")
def app(web_home: Path):
    from web.app import create_app

    return create_app(web_home, config={"SPARQL_TIMEOUT_S": 8.0})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def dalian_id(app) -> str:
    backend = app.extensions["rectigraph"]
    return next(r.id for r in backend.reports() if r.source == DALIAN)


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    """The app on a real waitress server, on a free loopback port, in a thread."""
    from waitress.server import create_server

    app.extensions["rectigraph"].warm()
    server = create_server(app, host="127.0.0.1", port=0, threads=8, ident="rectigraph-test")
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT
