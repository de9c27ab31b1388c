"""networkx projections of the knowledge graph, and the analytics ``rectigraph analyze`` prints.

The projection is the problem–policy–organisation graph: a problem is linked to every policy its measures or
actions cite and every organisation they name. It is read from the store with one SPARQL query, so it works
the same against Oxigraph and a remote endpoint.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_node("p1", kind="problem", label="问题一", report="r1", issuer="甲")
>>> g.add_node("pol", kind="policy", label="条例")
>>> g.add_edge("p1", "pol")
>>> [row["label"] for row in most_cited_policies(g)]
['条例']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from graph.store import GraphStore

PROJECTION_QUERY = """
PREFIX rg: <https://w3id.org/rectigraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?problem ?problemId ?problemText ?report ?issuer ?target ?kind ?label
WHERE {
  ?report rg:hasProblem ?problem .
  ?problem rg:text ?problemText ; dcterms:identifier ?problemId .
  OPTIONAL { ?report dcterms:publisher/rdfs:label ?issuer }
  OPTIONAL {
    ?problem rg:hasMeasure|rg:hasAction ?item .
    { ?item rg:cites ?target . BIND("policy" AS ?kind) }
    UNION
    { ?item rg:mentions ?target . BIND("organization" AS ?kind) }
    ?target rdfs:label ?label .
  }
}
"""

KINDS = ("problem", "policy", "organization")


def entity_graph(store: GraphStore) -> nx.Graph:
    """Problems, policies and organisations as an undirected graph (node ids are IRIs as strings).

    Node attributes: ``kind`` (problem/policy/organization), ``label``; problems also ``report``, ``issuer``
    and ``problem_id``. An edge joins a problem to a policy or organisation its measures/actions name.
    """
    return graph_from_rows(store.query(PROJECTION_QUERY))


def graph_from_rows(rows: Iterable[Any]) -> nx.Graph:
    import networkx as nx

    g = nx.Graph()
    for row in rows:
        problem, problem_id, text, report, issuer, target, kind, label = (row[i] for i in range(8))
        p = str(problem)
        if p not in g:
            g.add_node(p, kind="problem", label=str(text), problem_id=str(problem_id), report=str(report),
                       issuer=str(issuer) if issuer is not None else None)
        if target is not None:
            t = str(target)
            if t not in g:
                g.add_node(t, kind=str(kind), label=str(label))
            g.add_edge(p, t)
    return g


def most_cited_policies(g: nx.Graph, top: int = 20) -> list[dict[str, Any]]:
    """Policies by the number of problems whose measures/actions cite them, with reports and distinct issuers."""
    rows = []
    for node, data in g.nodes(data=True):
        if data.get("kind") != "policy":
            continue
        problems = [g.nodes[n] for n in g[node] if g.nodes[n].get("kind") == "problem"]
        rows.append({
            "policy": node,
            "label": data.get("label"),
            "problems": len(problems),
            "reports": len({p.get("report") for p in problems}),
            "issuers": len({p.get("issuer") for p in problems if p.get("issuer")}),
        })
    rows.sort(key=lambda r: (-r["problems"], -r["issuers"], str(r["label"])))
    return rows[:top]


def centrality(g: nx.Graph, kinds: Iterable[str] = ("policy", "organization"), top: int = 20,
               sample: int = 500, seed: int = 0) -> list[dict[str, Any]]:
    """Degree and betweenness centrality of policies and organisations (betweenness sampled on big graphs)."""
    import networkx as nx

    kinds = set(kinds)
    if g.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(g)
    k = None if g.number_of_nodes() <= sample else sample
    betweenness = nx.betweenness_centrality(g, k=k, seed=seed)
    rows = [
        {"node": n, "kind": d.get("kind"), "label": d.get("label"), "degree": g.degree(n),
         "degree_centrality": round(degree[n], 6), "betweenness": round(betweenness[n], 6)}
        for n, d in g.nodes(data=True) if d.get("kind") in kinds
    ]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], str(r["label"])))
    return rows[:top]


def find_node(g: nx.Graph, key: str) -> str:
    """A node from an IRI, an exact label, or a problem id (``P01``, or ``REPORT/P01`` when ambiguous)."""
    if key in g:
        return key
    matches = [n for n, d in g.nodes(data=True) if d.get("label") == key and d.get("kind") != "problem"]
    if not matches:
        matches = [n for n, d in g.nodes(data=True)
                   if d.get("kind") == "problem" and (d.get("problem_id") == key or n.endswith("/" + key.replace("/", "/problem/")))]
    if not matches:
        matches = [n for n, d in g.nodes(data=True) if key in str(d.get("label", ""))]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise KeyError(f"no problem, policy or organisation matches {key!r}")
    raise KeyError(f"{key!r} matches {len(matches)} nodes; give an IRI or a longer label")


def shortest_path(g: nx.Graph, source: str, target: str) -> list[dict[str, Any]]:
    """The shortest chain problem – policy/organisation – problem … between two entities ([] if none)."""
    import networkx as nx

    a, b = find_node(g, source), find_node(g, target)
    try:
        path = nx.shortest_path(g, a, b)
    except nx.NetworkXNoPath:
        return []
    return [{"node": n, "kind": g.nodes[n].get("kind"), "label": g.nodes[n].get("label")} for n in path]


def components(g: nx.Graph, top: int = 10) -> dict[str, Any]:
    """Connected components of the problem–policy–organisation graph (isolated problems counted apart)."""
    import networkx as nx

    linked = g.subgraph([n for n in g if g.degree(n) > 0])
    comps = sorted(nx.connected_components(linked), key=len, reverse=True)
    rows = []
    for comp in comps[:top]:
        kinds = {k: 0 for k in KINDS}
        for n in comp:
            kinds[g.nodes[n].get("kind", "problem")] = kinds.get(g.nodes[n].get("kind", "problem"), 0) + 1
        hubs = sorted((n for n in comp if g.nodes[n].get("kind") != "problem"), key=lambda n: -g.degree(n))[:3]
        rows.append({"size": len(comp), **kinds,
                     "reports": len({g.nodes[n].get("report") for n in comp if g.nodes[n].get("kind") == "problem"}),
                     "hubs": [g.nodes[n].get("label") for n in hubs]})
    return {
        "components": len(comps),
        "isolated_problems": sum(1 for n, d in g.nodes(data=True) if d.get("kind") == "problem" and g.degree(n) == 0),
        "largest": rows,
    }


def analyze(g: nx.Graph, top: int = 10, path: tuple[str, str] | None = None) -> dict[str, Any]:
    """Everything ``rectigraph analyze`` reports, as one JSON-ready dict."""
    out: dict[str, Any] = {
        "nodes": {k: sum(1 for _, d in g.nodes(data=True) if d.get("kind") == k) for k in KINDS},
        "edges": g.number_of_edges(),
        "most_cited_policies": most_cited_policies(g, top),
        "centrality": centrality(g, top=top),
        "components": components(g, top),
    }
    if path:
        out["path"] = {"from": path[0], "to": path[1], "nodes": shortest_path(g, *path)}
    return out
