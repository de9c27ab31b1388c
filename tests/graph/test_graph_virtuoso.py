"""The same Library/GraphStore code against a real SPARQL 1.1 server: Virtuoso, started by this test.

Needs Debian's ``virtuoso-opensource`` (``scripts/install_ci_deps.sh``). Missing binaries fail the test in CI
(``CI`` set) and skip it elsewhere.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import SAMPLES

from graph import queries
from graph.namespace import report_graph_iri
from rectigraph.library import Library

pytestmark = pytest.mark.slow

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 120
DeferInferenceRulesInit = 0
"""


def _tool(name: str) -> str:
    path = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
    if path is None:
        message = f"{name} not found: install virtuoso-opensource (scripts/install_ci_deps.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _isql(isql: str, port: int, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run([isql, f"127.0.0.1:{port}", "dba", "dba", f"exec={sql}"],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A fresh Virtuoso on free loopback ports; yields its SPARQL endpoint URL."""
    server, isql = _tool("virtuoso-t"), _tool("isql-vt")
    d = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql_port=sql_port, http_port=http_port))
    log = open(d / "stdout.log", "wb")
    proc = subprocess.Popen([server, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d,
                            stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    try:
        deadline = time.monotonic() + 120
        while _isql(isql, sql_port, "status();").returncode != 0:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"virtuoso did not start: {(d / 'virtuoso.log').read_text(errors='replace')[-2000:]}")
            time.sleep(1)
        granted = _isql(isql, sql_port, 'grant SPARQL_UPDATE to "SPARQL";')
        assert granted.returncode == 0, granted.stderr
        while True:
            try:
                url = endpoint + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
                urllib.request.urlopen(url, timeout=10).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        yield endpoint
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _cell(value) -> str:
    """A result value as text; GROUP_CONCAT lists (order is unspecified in SPARQL) sorted."""
    text = "" if value is None else str(value)
    return " | ".join(sorted(text.split(" | "))) if " | " in text else text


def _answers(lib: Library) -> dict[str, list[tuple]]:
    out = {}
    for q in queries.all_queries():
        rows = lib.sparql(q.render())
        out[q.name] = sorted(tuple(_cell(v) for v in row) for row in rows)
    return out


def test_library_on_virtuoso_answers_like_oxigraph(virtuoso, tmp_path, sample_library, sample_reports):
    remote = Library.remote(tmp_path / "home", virtuoso, hooks=[])
    summary = remote.ingest([SAMPLES], progress=False)
    assert summary.ok, summary.failed
    assert len(summary.added) == len(sample_reports)

    # each report graph holds exactly the triples Oxigraph holds for it
    for r in sample_reports.values():
        g = report_graph_iri(r.id)
        assert remote.store.count(g) == sample_library.store.count(g) > 0

    # every library query gives the same answer on both stores
    assert _answers(remote) == _answers(sample_library)

    # the real report's headline figures, through the remote endpoint
    rows = {str(r[0]): r for r in remote.sparql(queries.get("problem_counts").render())}
    real = next(r for r in sample_reports.values() if r.source.startswith("dalian"))
    row = rows[f"https://w3id.org/rectigraph/id/report/{real.id}"]
    assert (int(row[2]), int(row[4])) == (24, 47)

    # re-ingest is a no-op; remove drops the report's graph on the server
    again = remote.ingest([SAMPLES], progress=False)
    assert again.added == [] and len(again.unchanged) == len(sample_reports)
    victim = real.id
    remote.remove(victim)
    assert remote.store.count(report_graph_iri(victim)) == 0
    assert not remote.store.has_graph(report_graph_iri(victim))
    left = {str(r[0]) for r in remote.sparql("SELECT DISTINCT ?r WHERE { ?r a rg:Report }")}
    assert left == {f"https://w3id.org/rectigraph/id/report/{r.id}" for r in sample_reports.values() if r.id != victim}
    remote.close()
