"""networkx projections on the sample library: most-cited policies, centrality, paths, components."""

from __future__ import annotations

import networkx as nx
import pytest
from conftest import REAL_STEM

from graph.analytics import analyze, centrality, components, entity_graph, find_node, most_cited_policies, shortest_path
from graph.namespace import policy_iri, problem_iri

PILOT_BASE_POLICY = "大连市科技成果转化中试基地备案管理办法(试行)"


@pytest.fixture(scope="module")
def projection(sample_library):
    return entity_graph(sample_library.store)


def test_projection_mirrors_the_model(projection, sample_reports):
    n_problems = sum(len(r.problems) for r in sample_reports.values())
    kinds = nx.get_node_attributes(projection, "kind")
    assert sum(1 for k in kinds.values() if k == "problem") == n_problems
    expected_edges = set()
    for r in sample_reports.values():
        for p in r.problems:
            for item in p.measures + p.actions:
                expected_edges |= {(str(problem_iri(r.id, p.id)), str(policy_iri(t))) for t in item.policies}
    got = {(a, b) if kinds[a] == "problem" else (b, a) for a, b in projection.edges()
           if "policy" in (kinds[a], kinds[b])}
    assert got == expected_edges


def test_most_cited_policies(projection, sample_reports):
    rows = {r["label"]: r for r in most_cited_policies(projection, top=1000)}
    assert rows[PILOT_BASE_POLICY]["problems"] >= 3
    assert rows[PILOT_BASE_POLICY]["issuers"] == 1
    top = most_cited_policies(projection, top=1)[0]
    assert top["label"] == "党政领导干部选拔任用工作条例" and top["issuers"] >= 2
    problems = [r["problems"] for r in most_cited_policies(projection, top=1000)]
    assert problems == sorted(problems, reverse=True)


def test_centrality_and_components(projection):
    rows = centrality(projection, top=1000)
    assert rows and {r["kind"] for r in rows} <= {"policy", "organization"}
    assert all(0 <= r["betweenness"] <= 1 for r in rows)
    by_node = {r["node"]: r for r in rows}
    pol = str(policy_iri(PILOT_BASE_POLICY))
    assert by_node[pol]["degree"] == projection.degree(pol)
    comps = components(projection, top=100)
    linked = [n for n in projection if projection.degree(n)]
    assert sum(c["size"] for c in comps["largest"]) == len(linked) or comps["components"] > 100
    assert comps["components"] == nx.number_connected_components(projection.subgraph(linked))
    assert comps["isolated_problems"] == sum(1 for n in projection if projection.degree(n) == 0)


def test_shortest_path_problem_to_policy(projection, sample_reports):
    real = sample_reports[REAL_STEM]
    citing = next(p for p in real.problems if any(PILOT_BASE_POLICY in i.policies for i in p.measures + p.actions))
    path = shortest_path(projection, str(problem_iri(real.id, citing.id)), PILOT_BASE_POLICY)
    assert [n["kind"] for n in path] == ["problem", "policy"]
    # two problems that cite the same policy are two steps apart through it
    others = [p for p in real.problems if p is not citing and any(PILOT_BASE_POLICY in i.policies for i in p.measures + p.actions)]
    path = shortest_path(projection, str(problem_iri(real.id, citing.id)), str(problem_iri(real.id, others[0].id)))
    assert len(path) == 3
    with pytest.raises(KeyError):
        find_node(projection, "不存在的文件名称XYZ")


def test_analyze_bundle(projection):
    out = analyze(projection, top=3, path=("党政领导干部选拔任用工作条例", PILOT_BASE_POLICY))
    assert set(out) >= {"nodes", "edges", "most_cited_policies", "centrality", "components", "path"}
    assert len(out["most_cited_policies"]) == 3
