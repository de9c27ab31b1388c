"""The graph commands end to end, as a user runs them (subprocess, real files, real store)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from conftest import REAL_STEM, SAMPLES
from rdflib import Dataset, Graph

from graph import cli as graph_cli


def rg(*args, home=None, check=True):
    cmd = [sys.executable, "-m", "rectigraph.cli", *args]
    if home is not None:
        cmd += ["--home", str(home)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"{cmd} -> {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("clihome")
    proc = rg("ingest", str(SAMPLES), "--graph-only", "--no-progress", home=home)
    assert "7 added, 0 replaced, 0 unchanged, 0 failed" in proc.stdout
    return home


def test_reingest_is_a_no_op_and_bad_files_fail_loudly(home, tmp_path):
    proc = rg("ingest", str(SAMPLES), "--graph-only", home=home)
    assert "0 added, 0 replaced, 7 unchanged, 0 failed" in proc.stdout
    assert "ingest" in proc.stderr  # the tqdm progress bar
    bad = tmp_path / "garbage.txt"
    bad.write_bytes(b"\x00\xff" * 1000)
    proc = rg("ingest", str(bad), "--graph-only", "--no-progress", home=home, check=False)
    assert proc.returncode == 1
    assert str(bad) in proc.stderr and "1 failed" in proc.stdout


def test_reports_lists_every_sample(home):
    data = json.loads(rg("reports", "--format", "json", home=home).stdout)
    assert sorted(r["source"] for r in data) == sorted(p.name for p in SAMPLES.glob("*.txt"))
    table = rg("reports", home=home).stdout
    assert "中共大连市科学技术局党组" in table


def test_sparql_formats_on_the_real_report(home, tmp_path):
    q = ('SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?r dcterms:source "%s.txt" ; rg:hasProblem ?p . '
         '?p rg:status/skos:notation "in_progress" }' % REAL_STEM)
    out = json.loads(rg("sparql", q, "--format", "json", home=home).stdout)
    assert out["head"]["vars"] == ["n"]
    assert out["results"]["bindings"][0]["n"]["value"] == "2"

    f = tmp_path / "q.rq"
    f.write_text('SELECT ?t WHERE { ?p a rg:Policy ; rdfs:label ?t . FILTER(CONTAINS(?t, "中试基地")) }', encoding="utf-8")
    rows = list(csv.reader(io.StringIO(rg("sparql", "-f", str(f), "--format", "csv", home=home).stdout)))
    assert rows[0] == ["t"] and ["大连市科技成果转化中试基地备案管理办法(试行)"] in rows

    table = rg("sparql", "--name", "problem_counts", home=home).stdout
    assert "mainProblems" in table and "(7 rows)" in table
    named = rg("sparql", "--name", "bodies_citing_policy", "--param", "policyTitle=党政领导干部选拔任用工作条例",
               "--format", "json", home=home).stdout
    bindings = json.loads(named)["results"]["bindings"]
    assert len(bindings) >= 2 and {b["policyTitle"]["value"] for b in bindings} == {"党政领导干部选拔任用工作条例"}

    ask = rg("sparql", "ASK { ?p a rg:Problem }", home=home).stdout.strip()
    assert ask == "true"
    bad = rg("sparql", "SELECT WHERE {", home=home, check=False)
    assert bad.returncode == 1 and "error" in bad.stderr.lower()
    none = rg("sparql", home=home, check=False)
    assert none.returncode == 1 and "exactly one" in none.stderr


def test_queries_listing(home):
    out = rg("queries").stdout
    assert out.count("\n    ") >= 12 and "bodies_citing_policy" in out


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nq"])
def test_export(home, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    rg("export", "--format", fmt, "-o", str(target), home=home)
    if fmt == "ttl":
        g = Graph().parse(target, format="turtle")
        assert len(g) > 10_000
    else:
        ds = Dataset().parse(target, format={"jsonld": "json-ld", "nq": "nquads"}[fmt])
        assert len([c for c in ds.contexts() if len(c)]) >= 8  # 7 report graphs + the vocabulary


def test_analyze_json_and_path(home):
    out = json.loads(rg("analyze", "--format", "json", "--top", "5", "--path", "党政领导干部选拔任用工作条例",
                        "大连市科技成果转化中试基地备案管理办法(试行)", home=home).stdout)
    assert out["most_cited_policies"][0]["label"] == "党政领导干部选拔任用工作条例"
    assert out["nodes"]["problem"] > 100
    assert "path" in out
    text = rg("analyze", home=home).stdout
    assert "most-cited policies" in text and "connected components" in text


def test_remove(home):
    listing = json.loads(rg("reports", "--format", "json", home=home).stdout)
    victim = next(r for r in listing if r["source"] == "syn-v05.txt")
    out = rg("remove", "syn-v05.txt", "--graph-only", home=home).stdout
    assert victim["id"] in out
    q = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(CONTAINS(STR(?s), "{victim["id"]}")) }}'
    assert json.loads(rg("sparql", q, "--format", "json", home=home).stdout)["results"]["bindings"][0]["n"]["value"] == "0"
    again = rg("remove", victim["id"], home=home, check=False)
    assert again.returncode == 1 and "no report" in again.stderr


def test_every_graph_command_has_help(capsys):
    from rectigraph.cli import main

    assert "sparql" in rg("--help").stdout
    for name in graph_cli.COMMANDS:
        with pytest.raises(SystemExit) as exc:
            main([name, "--help"])
        assert exc.value.code == 0
        out = capsys.readouterr().out
        assert "usage:" in out and ("--home" in out or name == "queries")


def test_graph_cli_imports_nothing_heavy_at_start_up():
    code = "import sys, graph.cli; print(sorted(m for m in ('rdflib', 'pyoxigraph', 'networkx') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
