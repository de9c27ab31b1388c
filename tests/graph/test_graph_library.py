"""Library: ingest is idempotent, a changed file replaces its report, remove leaves no orphans, errors don't stop."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap

import pytest
from conftest import REAL_STEM, SAMPLES

from graph.build import ENTITIES_GRAPH
from graph.namespace import ID, report_graph_iri, report_iri
from rectigraph.library import Library, load_hook


def _quads(lib: Library) -> set:
    rows = lib.sparql("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {tuple(r) for r in rows}


def _mentioning(lib: Library, prefix: str) -> int:
    q = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?s), "{prefix}") || STRSTARTS(STR(?o), "{prefix}") || STRSTARTS(STR(?g), "{prefix}")) }}'
    return int(next(iter(lib.sparql(q)))[0])


def _orphans(lib: Library) -> int:
    """Entities described in the shared graph that no report graph refers to."""
    q = f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
      GRAPH <{ENTITIES_GRAPH}> {{ ?e ?p ?o }}
      FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?q ?e }} FILTER(?g != <{ENTITIES_GRAPH}>) }}
      FILTER NOT EXISTS {{ GRAPH ?g2 {{ ?e ?q2 ?y }} FILTER(?g2 != <{ENTITIES_GRAPH}>) }} }}"""
    return int(next(iter(lib.sparql(q)))[0])


def test_samples_ingested_one_graph_per_report(sample_library, sample_reports):
    ids = {r.id for r in sample_reports.values()}
    assert set(sample_library.report_ids()) == ids
    graphs = set(sample_library.store.graphs())
    assert {report_graph_iri(i) for i in ids} <= graphs
    for stem, r in sample_reports.items():
        assert sample_library.report(r.id).to_dict() == r.to_dict()
        assert (sample_library.files_dir / f"{r.id}.txt").read_bytes() == (SAMPLES / f"{stem}.txt").read_bytes()
    assert sample_library.resolve(f"{REAL_STEM}.txt") == sample_reports[REAL_STEM].id
    assert _orphans(sample_library) == 0
    # shared descriptions are stated once: no policy has two rdfs:label triples across all graphs
    dup = "SELECT ?e WHERE { GRAPH ?g { ?e a rg:Policy } } GROUP BY ?e HAVING (COUNT(?g) > 1) LIMIT 1"
    assert list(sample_library.sparql(dup)) == []


def test_reingest_changes_nothing(tmp_path):
    lib = Library(tmp_path / "home", hooks=[])
    first = lib.ingest([SAMPLES], progress=False)
    assert first.ok and len(first.added) == 7 and first.triples > 0
    before = _quads(lib)
    again = lib.ingest([SAMPLES], progress=False)
    assert again.ok and again.added == [] and len(again.unchanged) == 7 and again.triples == 0
    assert _quads(lib) == before
    # rebuilding every graph from the stored document model gives exactly the same quads
    from graph.build import report_triples

    reports = [lib.report(rid) for rid in lib.report_ids()]
    assert lib.add_reports(reports).unchanged == [r.id for r in reports]
    lib.store.replace_graphs({report_graph_iri(r.id): report_triples(r) for r in reports})
    assert _quads(lib) == before
    lib.close()


def test_changed_file_replaces_report_and_remove_leaves_no_orphans(tmp_path, sample_reports):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("syn-v01.txt", "syn-v02.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    lib = Library(tmp_path / "home", hooks=[])
    assert lib.ingest([folder], progress=False).ok
    old_id = sample_reports["syn-v01"].id
    other_id = sample_reports["syn-v02"].id
    other_graph = lib.store.triples(report_graph_iri(other_id))

    path = folder / "syn-v01.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n特此通报。联系电话:0411-12345678\n", encoding="utf-8")
    summary = lib.ingest([path], progress=False)
    assert summary.ok and len(summary.replaced) == 1
    old, new = summary.replaced[0]
    assert old == old_id and new != old_id
    assert set(lib.report_ids()) == {new, other_id}
    assert _mentioning(lib, str(report_iri(old_id))) == 0
    assert not (lib.reports_dir / f"{old_id}.json").exists()
    assert not list(lib.files_dir.glob(f"{old_id}.*"))

    # remove: its graph goes, nothing anywhere points into it, the other report's graph is untouched
    before = lib.store.count()
    size = lib.store.count(report_graph_iri(new))
    assert lib.remove(new) == new
    assert lib.store.count() <= before - size  # minus the descriptions of entities only it named
    assert _orphans(lib) == 0
    assert _mentioning(lib, str(report_iri(new))) == 0
    assert lib.store.triples(report_graph_iri(other_id)) == other_graph
    assert lib.report_ids() == [other_id]
    with pytest.raises(KeyError):
        lib.remove(new)
    # removing the last report leaves no report data at all (shared policy/org labels lived in its graph)
    lib.remove("syn-v02.txt")
    assert _mentioning(lib, ID) == 0
    lib.close()


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02\xff\xfe" * 400)
    lib = Library(tmp_path / "home", hooks=[])
    summary = lib.ingest([bad, tmp_path / "missing.txt", SAMPLES / "syn-v03.txt"], progress=False)
    assert not summary.ok
    failed = {f.path: f.reason for f in summary.failed}
    assert str(bad) in failed and failed[str(bad)]
    assert str(tmp_path / "missing.txt") in failed
    assert len(summary.added) == 1
    assert "1 added" in summary.describe() and "2 failed" in summary.describe()
    lib.close()


def test_post_ingest_hooks_receive_changed_and_removed_ids(tmp_path, monkeypatch):
    pkg = tmp_path / "hookpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "recorder.py").write_text(textwrap.dedent("""
        CALLS = []
        def refresh(library, changed_ids, removed_ids):
            CALLS.append((sorted(changed_ids), sorted(removed_ids), len(library.report_ids())))
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    lib = Library(tmp_path / "home", hooks=["hookpkg.recorder:refresh", "no_such_stage.indexer:refresh"])
    summary = lib.ingest([SAMPLES / "syn-v04.txt"], progress=False)
    rid = summary.added[0]
    lib.ingest([SAMPLES / "syn-v04.txt"], progress=False)  # unchanged: no call
    lib.remove(rid)
    calls = sys.modules["hookpkg.recorder"].CALLS
    assert calls == [([rid], [], 1), ([], [rid], 0)]
    assert load_hook("no_such_stage.indexer:refresh") is None
    lib.close()


def test_sources_manifest_is_json(sample_library):
    data = json.loads((sample_library.home / "sources.json").read_text(encoding="utf-8"))
    assert sorted(data.values()) == sample_library.report_ids()
