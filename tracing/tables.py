"""Plain-text tables of tracing answers (``--format table``), aligned for CJK (wide) characters.

>>> print(table(["a", "名称"], [[1, "公示期"], [22, "x"]]))
a   名称
--  ------
1   公示期
22  x
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, limit: int) -> str:
    out, used = "", 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1 and used + w > limit:
            return out + "…"
        out, used = out + ch, used + w
    return out


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 60) -> str:
    cells = [[clip("" if v is None else str(v), max_width) for v in row] for row in rows]
    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def _gap(cell: dict) -> str:
    if cell["claimed"] is None and cell["disclosed"] is None:
        return ""
    fmt = lambda v: "?" if v is None else (str(int(v)) if float(v).is_integer() else str(v))  # noqa: E731
    return f"{fmt(cell['claimed'])}/{fmt(cell['disclosed'])}"


def render(data: dict[str, Any]) -> str:
    """A table for whichever answer ``data`` is (families, a trace, recurrences, gaps)."""
    if "families" in data and isinstance(data["families"], list):
        blocks = []
        for fam in data["families"]:
            head = f"[{fam['id']}] {fam['label']}  ({fam['reports']} reports; {'、'.join(fam['terms'])})"
            rows = [[m["year"], m["issuer"], m["status"], m["text"]] for m in fam["members"]]
            blocks.append(head + "\n" + table(["year", "issuer", "status", "problem"], rows))
        return "\n\n".join(blocks) or "no families"
    if "gaps" in data:
        from tracing.gaps import GAP_FIGURES

        headers = ["report", "issuer", "year", *(f"{n} (claimed/disclosed)" for n in GAP_FIGURES[:4])]
        rows = [[r["report_file"], r["issuer"], r["year"], *(_gap(r[n]) for n in GAP_FIGURES[:4])] for r in data["gaps"]]
        return table(headers, rows, max_width=40)
    if "recurrences" in data:
        blocks = []
        for rec in data["recurrences"]:
            e, l_ = rec["earlier"], rec["later"]
            blocks.append(
                f"{rec['issuer']}  score {rec['evidence']['score']}\n"
                f"  {e['published']} {e['report_file']} [{e['status']}] {e['text']}\n"
                f"  {l_['published']} {l_['report_file']} [{l_['status'] or ''}] {l_['text']}"
            )
        return "\n\n".join(blocks) or "no recurrences"
    if "timeline" in data:  # one family
        rows = [[t["published"], t["issuer"], t["status"], len(t["measures"]), "、".join(t["policies"][:2]), t["text"]]
                for t in data["timeline"]]
        return (f"[{data['id']}] {data['label']}  ({'、'.join(data['terms'])})\n"
                + table(["published", "issuer", "status", "measures", "policies", "problem"], rows, max_width=48))
    if "nearest" in data:
        head = data["problem"]["text"] if "problem" in data else data["text"]
        rows = [[n["evidence"]["score"], "yes" if n["linked"] else "", n["year"], n["issuer"],
                 "、".join(n["evidence"]["shared_terms"][:4]), n["text"]] for n in data["nearest"]]
        out = head + "\n" + table(["score", "linked", "year", "issuer", "shared terms", "problem"], rows)
        for fam in data.get("families", []) if isinstance(data.get("families"), list) else []:
            if isinstance(fam, dict):
                out += "\n\n" + render(fam)
        return out
    return str(data)
