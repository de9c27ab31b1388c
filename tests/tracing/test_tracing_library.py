"""Families in the graph through the library's post-ingest hook, and ``rectigraph trace`` on a data home."""

import json

import pytest
from rdflib import URIRef

from graph.namespace import problem_iri
from rectigraph.cli import main
from tracing.families import FAMILY_GRAPH

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def home(tmp_path_factory, sample_reports, tracing_reports):
    from rectigraph.library import Library

    path = tmp_path_factory.mktemp("home")
    with Library(path, hooks=["tracing.families:refresh"]) as lib:
        summary = lib.add_reports([*sample_reports, tracing_reports["lanchuan-wjw-2023-huitoukan"]])
        assert summary.ok
    return path


def _trace(capsys, home, *args):
    assert main(["trace", *args, "--home", str(home)]) == 0
    return capsys.readouterr().out


def test_families_are_skos_concepts_in_their_own_graph(home):
    from rectigraph.library import Library

    with Library(home, hooks=[]) as lib:
        assert lib.store.has_graph(FAMILY_GRAPH)
        rows = list(lib.sparql("""
            PREFIX rg: <https://w3id.org/rectigraph/ns#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT ?f ?label (COUNT(DISTINCT ?p) AS ?n) WHERE {
              ?f a rg:Family, skos:Concept ; skos:inScheme ?scheme ; skos:prefLabel ?label ; rg:keyTerm ?t .
              ?p rg:inFamily ?f ; a rg:Problem .
            } GROUP BY ?f ?label"""))
        assert len(rows) >= 10
        assert all(int(r.n) >= 2 and str(r.label) for r in rows)
        scores = list(lib.sparql("""
            PREFIX rg: <https://w3id.org/rectigraph/ns#>
            SELECT ?s WHERE { ?m a rg:FamilyMembership ; rg:score ?s }"""))
        assert all(0 < float(s.s) <= 1 for s in scores)


def test_trace_families_json(capsys, home):
    data = json.loads(_trace(capsys, home, "--families", "--min-reports", "3", "--format", "json"))
    fams = data["families"]
    assert fams and all(len({m["report_file"] for m in f["members"]}) >= 3 for f in fams)
    for f in fams:
        assert set(f) >= {"id", "label", "terms", "members"}
        for m in f["members"]:
            assert set(m) >= {"iri", "report_file", "text", "issuer", "year", "status"}
    # 因私出国(境)证件 comes back in three reports
    assert any(any("因私出国" in m["text"] for m in f["members"]) and len(f["members"]) >= 3 for f in fams)


def test_trace_problem_family_text_gaps_recurrences(capsys, home, sample_reports):
    report = next(r for r in sample_reports if r.source.endswith("syn-v01.txt"))
    problem = next(p for p in report.problems if "公示不足5个工作日" in p.text)
    iri = str(problem_iri(report.id, problem.id))
    data = json.loads(_trace(capsys, home, "--problem", iri, "--format", "json"))
    assert data["problem"]["iri"] == iri
    assert any("公示期均不足五个工作日" in n["text"] and n["linked"] for n in data["nearest"])
    assert all(n["report_id"] != report.id for n in data["nearest"])
    fam = data["families"][0]
    assert len(fam["timeline"]) >= 2 and [t["published"] for t in fam["timeline"]] == sorted(
        t["published"] for t in fam["timeline"])
    one = json.loads(_trace(capsys, home, "--family", fam["id"], "--format", "json"))
    assert one["id"] == fam["id"]
    found = json.loads(_trace(capsys, home, "--text", "因私出国(境)证件没有集中保管", "--format", "json"))
    assert "因私出国" in found["nearest"][0]["text"]
    gaps = json.loads(_trace(capsys, home, "--gaps", "--format", "json"))["gaps"]
    assert any(g["specific_problems"] == {"claimed": 49, "disclosed": 47, "gap": 2} for g in gaps)
    rec = json.loads(_trace(capsys, home, "--recurrences", "--format", "json"))["recurrences"]
    assert len(rec) == 3 and {r["issuer"] for r in rec} == {"澜川市卫生健康委员会"}
    table = _trace(capsys, home, "--families")
    assert "因私出国" in table


def test_unknown_problem_is_a_clear_error(capsys, home):
    assert main(["trace", "--problem", "https://example.org/nothing", "--home", str(home)]) == 1
    assert "no problem 'https://example.org/nothing'" in capsys.readouterr().err


def test_removing_a_report_updates_the_families(tmp_path, sample_reports, encoder):
    from rectigraph.library import Library

    with Library(tmp_path, hooks=["tracing.families:refresh"]) as lib:
        lib.add_reports(sample_reports[:3])
        gone = sample_reports[2].id
        before = {str(r.p) for r in lib.sparql(
            "PREFIX rg: <https://w3id.org/rectigraph/ns#> SELECT ?p WHERE { ?p rg:inFamily ?f }")}
        assert any(f"/report/{gone}/" in p for p in before)
        lib.remove(gone)
        after = {str(r.p) for r in lib.sparql(
            "PREFIX rg: <https://w3id.org/rectigraph/ns#> SELECT ?p WHERE { ?p rg:inFamily ?f }")}
        assert after and not any(f"/report/{gone}/" in p for p in after)
        assert URIRef(FAMILY_GRAPH) in lib.store.graphs()


def test_refresh_encodes_only_new_statements(home, tracing_reports, encoder):
    from rectigraph.library import Library
    from tracing.families import refresh
    from tracing.text import defect_clauses

    class Counting:
        name, dim = encoder.name, encoder.dim
        texts: list[str] = []

        def encode(self, texts, batch_size=64, progress=False):
            Counting.texts.extend(texts)
            return encoder.encode(texts, batch_size=batch_size, progress=progress)

    with Library(home, hooks=[]) as lib:
        index = refresh(lib, [], [], encoder=Counting())
        assert Counting.texts == [] and index.families
        report = tracing_reports["lanchuan-jyj-2023"]
        lib.add_reports([report])
        index = refresh(lib, [report.id], [], encoder=Counting())
        # the new statements and (for the defect evidence) their defect clauses, nothing already in the library
        new = {p.text for p in report.problems}
        assert new <= set(Counting.texts) <= new | {c for t in new for c in defect_clauses(t)}
        assert len(Counting.texts) == len(set(Counting.texts))
        lib.remove(report.id)
        refresh(lib, [], [report.id], encoder=Counting())


def test_documented_sparql_example_runs(home):
    import textwrap

    import tracing.families as families
    from rectigraph.library import Library

    query = textwrap.dedent(families.__doc__.split("::")[1].strip("\n").split("\n\n")[0])
    with Library(home, hooks=[]) as lib:
        rows = list(lib.sparql(query))
    assert rows and all(int(r.bodies) >= 3 for r in rows)
    assert any("因私出国" in str(r.label) or "证件" in str(r.label) for r in rows)


def test_every_listed_family_opens_from_the_stored_graph(home, monkeypatch):
    """families(), family(id) and a problem's families read one source, the stored family graph: a process
    whose in-memory index differs from what was stored (here: has no families at all) still opens every
    listed family, with the same members."""
    import tracing.api as api
    from rectigraph.library import Library
    from tracing.families import FamilyIndex

    with Library(home, hooks=[]) as lib:
        listed = api.families(lib)["families"]
        assert listed
        real = api.family_index(lib)
        monkeypatch.setattr(api, "family_index",
                            lambda library, progress=False: FamilyIndex(records=real.records, families=[],
                                                                        pairs=real.pairs, space=real.space))
        for fam in listed:
            one = api.family(lib, fam["id"])
            assert one["id"] == fam["id"] and one["label"] == fam["label"]
            assert sorted(m["iri"] for m in one["timeline"]) == sorted(m["iri"] for m in fam["members"])
            assert api.family(lib, fam["iri"])["id"] == fam["id"]
        member = listed[0]["members"][0]["iri"]
        assert listed[0]["id"] in [f["id"] for f in api.problem(lib, member)["families"]]
        with pytest.raises(KeyError, match="no family 'nothing'"):
            api.family(lib, "nothing")
