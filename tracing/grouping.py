"""From linked pairs to families: community detection over the graph of confident links (networkx).

Families are sets of problems from at least two reports. Methods:

- ``"average"`` (default): average-linkage agglomeration. Start from single problems and repeatedly merge the
  two groups whose average link score over *all* their cross pairs (a pair without a link counts 0) is highest,
  while it is at least ``merge_at``. A newcomer must be linked, on average, to the whole group, not to one
  member of it, so two topic neighbours are not merged through a bridge. Then a problem also joins another
  family when its links to every member of it score at least ``join_at`` (a statement that bundles two
  issues belongs to two families). A family of two rests on one link alone, with nothing to corroborate it,
  so its link must score at least ``pair_at``. Each merge updates only the merged group's neighbours (a heap of
  candidate merges), so the work grows with the number of links, not with n².
- ``"louvain"``: Louvain communities of the weighted link graph; then a problem also joins another
  community when it is linked to every member of it (a statement that bundles two
  issues belongs to two families).
- ``"cliques"``: every maximal clique of links is a candidate family, cliques that share all but
  one member are merged, and a problem may sit in several families (a statement that bundles two issues).
  A clique needs every member linked to every other, which keeps chains (A~B, B~C, A≁C) apart.

>>> links = [(0, 1, 0.9), (1, 2, 0.8), (3, 4, 0.7)]
>>> sorted(sorted(f) for f in group(links, reports=["a", "b", "c", "a", "b"], method="cliques"))
[[0, 1], [1, 2], [3, 4]]
>>> sorted(sorted(f) for f in group(links, reports=["a", "b", "c", "a", "b"]))  # {0,1}, then (0 + 0.8) / 2
[[0, 1, 2], [3, 4]]
>>> sorted(sorted(f) for f in group([(0, 1, 0.9), (1, 2, 0.4)], reports=["a", "b", "c"]))  # (0.4 + 0) / 2 < 0.3
[[0, 1]]
>>> group([(0, 1, 0.5)], reports=["a", "b"])  # a lone pair needs PAIR_AT
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import heapq

import networkx as nx

METHODS = ("average", "louvain", "cliques", "components")
#: Average-linkage: merge two groups while the mean score of all their cross pairs is at least this.
MERGE_AT = 0.3
#: A problem also joins another family when its links to every member of it score at least this.
JOIN_AT = 0.5
#: A family of just two problems needs its one link to score at least this.
PAIR_AT = 0.6


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


def average_linkage(graph: nx.Graph, merge_at: float = MERGE_AT) -> list[set[int]]:
    """Groups of ``graph``'s nodes by average-linkage agglomeration (unlinked pairs count 0), stopping when no
    two groups average ``merge_at`` or more; singletons are left out.

    >>> g = link_graph([(0, 1, 0.9), (0, 2, 0.5), (1, 2, 0.5), (2, 3, 0.9)])
    >>> sorted(sorted(c) for c in average_linkage(g))  # {0,1}, {2,3}; then (0.5+0.5+0+0)/4 = 0.25 < 0.3
    [[0, 1], [2, 3]]
    """
    members: dict[int, set[int]] = {n: {n} for n in graph}
    total: dict[int, dict[int, float]] = {n: {} for n in graph}  # group -> neighbour group -> sum of scores
    for a, b, w in graph.edges(data="weight"):
        total[a][b] = total[a].get(b, 0.0) + w
        total[b][a] = total[b].get(a, 0.0) + w
    heap = [(-w / 1.0, a, b) for a, b, w in graph.edges(data="weight") if w >= merge_at]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members or b not in total[a]:
            continue  # stale: one side was merged away since
        mean = total[a][b] / (len(members[a]) * len(members[b]))
        if abs(mean + neg) > 1e-12:
            continue  # stale: the pair's mean changed since (a fresher entry is on the heap)
        # merge b into a
        members[a] |= members.pop(b)
        for c, w in total.pop(b).items():
            if c == a:
                continue
            del total[c][b]
            total[a][c] = total[a].get(c, 0.0) + w
            total[c][a] = total[a][c]
        del total[a][b]
        for c, w in total[a].items():
            mean = w / (len(members[a]) * len(members[c]))
            if mean >= merge_at:
                heapq.heappush(heap, (-mean, min(a, c), max(a, c)))
    return [m for m in members.values() if len(m) >= 2]


def _join(graph: nx.Graph, groups: list[set[int]], join_at: float) -> list[set[int]]:
    """Let a node also join every other group whose members it is linked to with at least ``join_at``."""
    out = [set(g) for g in groups]
    for node in graph:
        strong = {n for n, data in graph[node].items() if data["weight"] >= join_at}
        if not strong:
            continue
        for members, grown in zip(groups, out, strict=True):
            if node not in members and strong >= members:
                grown.add(node)
    return out


def group(
    links: Iterable[tuple[int, int, float]],
    reports: Sequence[str],
    method: str = "average",
    seed: int = 0,
    merge_at: float = MERGE_AT,
    join_at: float = JOIN_AT,
    pair_at: float = PAIR_AT,
) -> list[set[int]]:
    """Families (sets of node ids) from weighted links; every family spans at least two reports.

    ``merge_at``, ``join_at`` and ``pair_at`` are for ``method="average"``; the other methods group every
    link given."""
    if method not in METHODS:
        raise ValueError(f"unknown grouping method {method!r}; choose from {', '.join(METHODS)}")
    graph = link_graph(links)
    groups: list[set[int]] = []
    for component in nx.connected_components(graph):
        sub = graph.subgraph(component)
        if method == "average":
            for members in _join(sub, average_linkage(sub, merge_at), join_at):
                if len(members) == 2:
                    a, b = members
                    if sub[a][b]["weight"] < pair_at:
                        continue
                groups.append(members)
        elif method == "components" or len(component) <= 2:
            groups.append(set(component))
        elif method == "louvain":
            communities = [set(c) for c in nx.community.louvain_communities(sub, weight="weight", seed=seed)]
            groups.extend(_overlap(sub, communities))
        else:
            groups.extend(_merge_overlapping([set(c) for c in nx.find_cliques(sub) if len(c) >= 2]))
    out = [g for g in groups if len({reports[i] for i in g}) >= 2]
    return sorted(out, key=lambda g: (-len(g), min(g)))
