"""Draw an entity's neighbourhood: a small networkx graph laid out on the server, rendered as SVG.

The neighbourhood comes from the document model (report -> problems -> measures/policies/organisations);
``layout`` turns any networkx graph whose nodes carry ``label``, ``kind`` and ``href`` into drawable
coordinates. No JavaScript: nodes are SVG links.

>>> import networkx as nx
>>> g = nx.Graph(); g.add_node("a", label="甲", kind="report", href="/a"); g.add_node("b", label="乙", kind="policy", href="/b")
>>> g.add_edge("a", "b", label="cites")
>>> drawing = layout(g, center="a")
>>> sorted(n["label"] for n in drawing["nodes"]), len(drawing["edges"])
(['乙', '甲'], 1)
"""

from __future__ import annotations

import math
from typing import Any

WIDTH, HEIGHT, MARGIN_X, MARGIN_Y = 960, 620, 120, 50

KIND_COLOURS = {
    "report": "#9e2a2b",
    "problem": "#1f4e79",
    "measure": "#3b7d4f",
    "action": "#6a8f3a",
    "policy": "#b7791f",
    "organization": "#6b4c9a",
    "family": "#a23b72",
    "category": "#5f6b7a",
}


def short(text: str, limit: int = 14) -> str:
    """A label that fits a node: the first ``limit`` characters and an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def layout(graph: Any, center: str | None = None, seed: int = 7) -> dict[str, Any]:
    """Node and edge coordinates inside a WIDTH x HEIGHT box (``center`` pinned in the middle)."""
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {"width": WIDTH, "height": HEIGHT, "nodes": [], "edges": [], "kinds": []}
    if graph.number_of_nodes() == 1:
        pos = {next(iter(graph.nodes)): (0.0, 0.0)}
    else:
        fixed = [center] if center in graph else None
        init = {center: (0.0, 0.0)} if fixed else None
        k = 1.6 / math.sqrt(graph.number_of_nodes())
        pos = nx.spring_layout(graph, seed=seed, k=k, pos=init, fixed=fixed, iterations=120)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0

    def place(node: Any) -> tuple[float, float]:
        x, y = pos[node]
        return (
            round(MARGIN_X + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN_X), 1),
            round(MARGIN_Y + (y - min(ys)) / span_y * (HEIGHT - 2 * MARGIN_Y), 1),
        )

    nodes = []
    for node, data in graph.nodes(data=True):
        x, y = place(node)
        kind = data.get("kind", "category")
        nodes.append(
            {
                "id": str(node),
                "x": x,
                "y": y,
                "r": 16 if node == center else 10,
                "kind": kind,
                "colour": KIND_COLOURS.get(kind, "#5f6b7a"),
                "label": short(data.get("label", str(node))),
                "title": data.get("label", str(node)),
                "href": data.get("href"),
                "center": node == center,
            }
        )
    edges = []
    for a, b, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = place(a), place(b)
        edges.append({"x1": x1, "y1": y1, "x2": x2, "y2": y2, "label": data.get("label", "")})
    kinds = list(dict.fromkeys(n["kind"] for n in nodes))
    return {"width": WIDTH, "height": HEIGHT, "nodes": nodes, "edges": edges, "kinds": kinds}
