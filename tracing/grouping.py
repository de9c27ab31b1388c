"""From linked pairs to families: community detection over the graph of confident links (networkx).

Families are sets of problems from at least two reports. Two methods:

- ``"louvain"`` (default): Louvain communities of the weighted link graph; then a problem also joins another
  community when it is linked to every member of it (a statement that bundles two
  issues belongs to two families).
- ``"cliques"``: every maximal clique of links is a candidate family, cliques that share all but
  one member are merged, and a problem may sit in several families (a statement that bundles two issues).
  A clique needs every member linked to every other, which keeps chains (A~B, B~C, A≁C) apart.

>>> links = [(0, 1, 0.9), (1, 2, 0.8), (3, 4, 0.7)]
>>> sorted(sorted(f) for f in group(links, reports=["a", "b", "c", "a", "b"], method="cliques"))
[[0, 1], [1, 2], [3, 4]]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

METHODS = ("louvain", "cliques", "components")


def link_graph(links: Iterable[tuple[int, int, float]]) -> nx.Graph:
    graph = nx.Graph()
    for a, b, w in links:
        graph.add_edge(a, b, weight=float(w))
    return graph


def _merge_overlapping(groups: list[set[int]]) -> list[set[int]]:
    """Merge groups that differ by one member on each side (a clique split by one missing link)."""
    groups = sorted(groups, key=lambda g: (-len(g), sorted(g)))
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                a, b = groups[i], groups[j]
                inter = len(a & b)
                if inter >= 2 and inter >= min(len(a), len(b)) - 1:
                    groups[i] = a | b
                    del groups[j]
                    merged = True
                    break
            if merged:
                break
    return groups


def _overlap(graph: nx.Graph, communities: list[set[int]]) -> list[set[int]]:
    """Let a node also join every other community whose members are all linked to it."""
    out = [set(c) for c in communities]
    for node in graph:
        neighbours = set(graph[node])
        for community, grown in zip(communities, out, strict=True):
            if node in community or len(community) < 2:
                continue
            if neighbours >= community:
                grown.add(node)
    return out


def group(
    links: Iterable[tuple[int, int, float]],
    reports: Sequence[str],
    method: str = "louvain",
    seed: int = 0,
) -> list[set[int]]:
    """Families (sets of node ids) from weighted links; every family spans at least two reports."""
    if method not in METHODS:
        raise ValueError(f"unknown grouping method {method!r}; choose from {', '.join(METHODS)}")
    graph = link_graph(links)
    groups: list[set[int]] = []
    for component in nx.connected_components(graph):
        sub = graph.subgraph(component)
        if method == "components" or len(component) <= 2:
            groups.append(set(component))
        elif method == "louvain":
            communities = [set(c) for c in nx.community.louvain_communities(sub, weight="weight", seed=seed)]
            groups.extend(_overlap(sub, communities))
        else:
            groups.extend(_merge_overlapping([set(c) for c in nx.find_cliques(sub) if len(c) >= 2]))
    out = [g for g in groups if len({reports[i] for i in g}) >= 2]
    return sorted(out, key=lambda g: (-len(g), min(g)))
