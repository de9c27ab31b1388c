"""Plain-text tables that line up with Chinese text (wide characters count as two columns).

>>> print(render_table(["名称", "n"], [["条例", 3], ["办法", 12]]))
名称  n
----  --
条例  3
办法  12
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from graph.store import PREFIXES

ID_PREFIX = ("rgid:", "https://w3id.org/rectigraph/id/")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def compact(term: Any) -> str:
    """A term for display: IRIs shortened with the known prefixes, None as empty."""
    if term is None:
        return ""
    text = str(term)
    if text.startswith(ID_PREFIX[1]):
        return ID_PREFIX[0] + text[len(ID_PREFIX[1]):]
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and type(term).__name__ == "URIRef":
            return f"{prefix}:{text[len(ns):]}"
    return text


def render_table(header: Sequence[str], rows: Iterable[Sequence[Any]], max_width: int = 60) -> str:
    def cell(value: Any) -> str:
        text = compact(value).replace("\n", " ")
        if display_width(text) > max_width:
            out, width = [], 0
            for c in text:
                width += display_width(c)
                if width > max_width - 1:
                    break
                out.append(c)
            text = "".join(out) + "…"
        return text

    body = [[cell(v) for v in row] for row in rows]
    widths = [display_width(h) for h in header]
    for row in body:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], display_width(value))

    def line(values: Sequence[str]) -> str:
        padded = [v + " " * (widths[i] - display_width(v)) for i, v in enumerate(values)]
        return "  ".join(padded).rstrip()

    return "\n".join([line(list(header)), line(["-" * w for w in widths]), *(line(r) for r in body)])
