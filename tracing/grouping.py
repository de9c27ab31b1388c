"""From linked pairs to families: community detection over the graph of confident links (networkx).

Families are sets of problems from at least two reports. Methods:

- ``"average"`` (default): average-linkage agglomeration. Start from single problems and repeatedly merge the
  two groups whose average link score over *all* their cross pairs (a pair without a link counts 0) is highest,
  while it is at least ``merge_at``. A newcomer must be linked, on average, to the whole group, not to one
  member of it, so two topic neighbours are not merged through a bridge. Two groups holding problems of the
  same report never merge: a report does not list one problem twice, so its problems are different problems
  (a cannot-link). A problem kept out of a family only by that rule (the family holds another problem of its
  report) gets a *sibling* family: the family's members from other reports plus it, when it averages
  ``merge_at`` with them; that is how two statements of one report share a bundled statement of another
  (公示期不足 and 未与考察对象面谈 of one report, 考察未面谈、公示不足 bundled in another). A problem also
  joins another family when its links to every member of it score at least ``join_at``. A family of two rests
  on one link alone, with nothing to corroborate it, so its link must score at least ``pair_at``. Each merge
  updates only the merged group's neighbours (a heap of candidate merges), so the work grows with the number of
  links, not with n².
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
>>> sorted(sorted(f) for f in group([(0, 2, 0.9), (1, 2, 0.8)], reports=["a", "a", "b"]))  # 0, 1: one report
[[0, 2], [1, 2]]
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


def average_linkage(graph: nx.Graph, merge_at: float = MERGE_AT,
                    reports: Sequence[str] | None = None) -> list[set[int]]:
    """Groups of ``graph``'s nodes by average-linkage agglomeration (unlinked pairs count 0), stopping when no
    two groups average ``merge_at`` or more; singletons are left out. With ``reports`` (node -> report), two
    groups holding problems of the same report never merge.

    >>> g = link_graph([(0, 1, 0.9), (0, 2, 0.5), (1, 2, 0.5), (2, 3, 0.9)])
    >>> sorted(sorted(c) for c in average_linkage(g))  # {0,1}, {2,3}; then (0.5+0.5+0+0)/4 = 0.25 < 0.3
    [[0, 1], [2, 3]]
    >>> sorted(sorted(c) for c in average_linkage(link_graph([(0, 1, 0.9), (1, 2, 0.9), (0, 2, 0.9)]),
    ...                                           reports=["a", "b", "a"]))
    [[0, 1]]
    """
    members: dict[int, set[int]] = {n: {n} for n in graph}
    held: dict[int, set[str]] = {n: ({reports[n]} if reports is not None else set()) for n in graph}
    total: dict[int, dict[int, float]] = {n: {} for n in graph}  # group -> neighbour group -> sum of scores
    for a, b, w in graph.edges(data="weight"):
        total[a][b] = total[a].get(b, 0.0) + w
        total[b][a] = total[b].get(a, 0.0) + w
    heap = [(-w / 1.0, a, b) for a, b, w in graph.edges(data="weight") if w >= merge_at and not held[a] & held[b]]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members or b not in total[a]:
            continue  # stale: one side was merged away since
        mean = total[a][b] / (len(members[a]) * len(members[b]))
        if abs(mean + neg) > 1e-12 or held[a] & held[b]:
            continue  # stale: the pair's mean or reports changed since (a fresher entry is on the heap)
        # merge b into a
        members[a] |= members.pop(b)
        held[a] |= held.pop(b)
        for c, w in total.pop(b).items():
            if c == a:
                continue
            del total[c][b]
            total[a][c] = total[a].get(c, 0.0) + w
            total[c][a] = total[a][c]
        del total[a][b]
        for c, w in total[a].items():
            mean = w / (len(members[a]) * len(members[c]))
            if mean >= merge_at and not held[a] & held[c]:
                heapq.heappush(heap, (-mean, min(a, c), max(a, c)))
    return [m for m in members.values() if len(m) >= 2]


def _siblings(graph: nx.Graph, groups: list[set[int]], reports: Sequence[str], merge_at: float,
              pair_at: float) -> list[set[int]]:
    """For a node kept out of a group only because the group holds another node of its report: the group's
    nodes of other reports plus it, when it averages ``merge_at`` with them (a pair: ``pair_at``)."""
    out = [set(g) for g in groups]
    seen = {frozenset(g) for g in groups}
    groups_of: dict[int, list[int]] = {}
    for k, g in enumerate(groups):
        for n in g:
            groups_of.setdefault(n, []).append(k)
    for node in graph:
        near = {k for n in graph[node] for k in groups_of.get(n, [])}
        for k in sorted(near):
            g = groups[k]
            if node in g or reports[node] not in {reports[m] for m in g}:
                continue
            rest = {m for m in g if reports[m] != reports[node]}
            scores = [graph[node][m]["weight"] if graph.has_edge(node, m) else 0.0 for m in rest]
            if sum(scores) / len(scores) < merge_at or (len(rest) == 1 and scores[0] < pair_at):
                continue
            sibling = frozenset(rest | {node})
            if sibling not in seen:
                seen.add(sibling)
                out.append(set(sibling))
    return out


def _join(graph: nx.Graph, groups: list[set[int]], join_at: float,
          reports: Sequence[str] | None = None) -> list[set[int]]:
    """Let a node also join every other group whose members it is linked to with at least ``join_at`` (and,
    with ``reports``, that holds no other node of its report)."""
    out = [set(g) for g in groups]
    for node in graph:
        strong = {n for n, data in graph[node].items() if data["weight"] >= join_at}
        if not strong:
            continue
        for members, grown in zip(groups, out, strict=True):
            if node in members or not strong >= members:
                continue
            if reports is not None and reports[node] in {reports[m] for m in members}:
                continue
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
            found = []
            for members in _join(sub, average_linkage(sub, merge_at, reports), join_at, reports):
                if len(members) == 2:
                    a, b = members
                    if sub[a][b]["weight"] < pair_at:
                        continue
                found.append(members)
            groups.extend(_siblings(sub, found, reports, merge_at, pair_at))
        elif method == "components" or len(component) <= 2:
            groups.append(set(component))
        elif method == "louvain":
            communities = [set(c) for c in nx.community.louvain_communities(sub, weight="weight", seed=seed)]
            groups.extend(_overlap(sub, communities))
        else:
            groups.extend(_merge_overlapping([set(c) for c in nx.find_cliques(sub) if len(c) >= 2]))
    out = [g for g in groups if len({reports[i] for i in g}) >= 2]
    return sorted(out, key=lambda g: (-len(g), min(g)))
