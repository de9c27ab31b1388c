"""Hard-wrapped text: paragraphs broken into lines of one width (text copied from a PDF or a fixed-width page).

A text counts as hard-wrapped when at least 40% of its long lines (and at least four) fill the same width
(in display columns, as a PDF wraps, or in characters), give or take a wide character or two, and almost
none is wider. Each line that fills the width and does not close a
sentence is then joined to the next, unless the next starts a heading, a numbered item or a field
(整改措施:…). Paragraph-per-line text, where line widths vary freely, is left alone.

>>> lines = ["1.森林防火基础设施建设滞后,全县12个重点林区中有5个", "未建成防火隔离带。",
...          "整改措施:编制森林防火基础设施三年建设规划,分年度推进隔", "离带和视频监控建设。",
...          "整改情况:2023年新建防火隔离带42公里,新增视频监控点位", "18个。", "整改进展:正在推进",
...          "2.林木采伐审批把关不严,2022年有3宗采伐许可超出年度采伐", "限额。"]
>>> rejoin_hard_wrapped(lines)[0][:3]
['1.森林防火基础设施建设滞后,全县12个重点林区中有5个未建成防火隔离带。', '整改措施:编制森林防火基础设施三年建设规划,分年度推进隔离带和视频监控建设。', '整改情况:2023年新建防火隔离带42公里,新增视频监控点位18个。']
"""

from __future__ import annotations

from ingest.frames import read_field
from ingest.lines import heading_marker
from ingest.tables import read_table_header

_MIN_LONG = 20  # display columns; shorter lines are headings, signatures, field values
_MAX_WRAP = 200  # no page wraps wider (display columns)
_SLACK = 4  # display columns a wrapped line may fall short of the width (a wide character did not fit)
_CLOSERS = ("。", "!", "?", ";", ":", "”", "」")


def display_width(line: str) -> int:
    """Columns ``line`` takes in a fixed-width layout: two for CJK and full-width characters, one for ASCII.

    Counted from the UTF-8 length (1 byte ASCII, 3 bytes CJK), which is C-fast.

    >>> display_width("整改2023")
    8
    """
    return (len(line.encode("utf-8")) + len(line)) // 2


def wrap_width(widths: list[int], min_long: int = _MIN_LONG) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when its lines do not share one."""
    long = sorted(w for w in widths if w >= min_long)
    if len(long) < 4 or long[int(0.9 * (len(long) - 1))] > _MAX_WRAP:
        return None  # paragraph-per-line text: many lines wider than any page
    top = min(long[-1], _MAX_WRAP)
    at = [0] * (top + 2)  # at[v]: long lines exactly v wide; below[v]: long lines narrower than v
    for w in long:
        if w <= top:
            at[w] += 1
    below = [0] * (top + 2)
    for v in range(1, top + 2):
        below[v] = below[v - 1] + at[v - 1]
    best, best_n = None, 0
    for w in range(top, min_long - 1, -1):
        n = below[w + 1] - below[max(w - _SLACK, 0)]
        if n > best_n:
            best, best_n = w, n
    if best is None or best_n < 4 or best_n < 0.4 * len(long):
        return None
    wider = len(long) - below[best + 1]
    return best if wider <= 0.1 * len(long) else None


def _starts_block(line: str) -> bool:
    """``line`` opens a heading, a numbered item, a field or a problem table, so it goes on no paragraph."""
    if heading_marker(line) is not None or read_field(line) is not None or line[:1] in "【[":
        return True
    if line.count("|") >= 2:
        return True  # a table row: pipes part its cells, prose has none
    return (" " in line or "|" in line) and read_table_header(line) is not None


def rejoin_hard_wrapped(lines: list[str]) -> tuple[list[str], int]:
    """``lines`` with hard-wrapped paragraphs joined into one line each, and how many joins were made."""
    if len(lines) < 4:
        return lines, 0
    long = [line for line in lines if len(line) >= 16]
    open_ended = sum(1 for line in long if not line.endswith(_CLOSERS))
    if open_ended < 4 or open_ended < 0.35 * len(long):
        return lines, 0  # cheap first test: most long lines close a sentence, so paragraphs are whole
    widths = [display_width(line) for line in lines]  # wrapped by the page's width (a PDF) …
    width = wrap_width(widths)
    if width is None:  # … or by a number of characters
        widths = [len(line) for line in lines]
        width = wrap_width(widths, _MIN_LONG // 2)
    if width is None:
        return lines, 0
    out: list[str] = []
    joins = 0
    carry = False  # the previous line continues on this one
    for line, w in zip(lines, widths):
        if carry and not _starts_block(line):
            sep = " " if out[-1][-1:].isascii() and out[-1][-1:].isalnum() and line[:1].isascii() and line[:1].isalnum() else ""
            out[-1] += sep + line
            joins += 1
        else:
            out.append(line)
        carry = w >= width - _SLACK and not line.endswith(_CLOSERS) and line.count("|") < 2
    return out, joins


_OPEN_CLAUSE = (",", "、")  # after normalising, so also ， (a sentence goes on after it)


def join_open_clauses(lines: list[str]) -> tuple[list[str], int]:
    """``lines`` with each line that ends in a comma joined to the next (a <br> or a line break inside a sentence:
    整改措施:制定检查计划,<br>对重点企业抽查。), unless the next opens a heading, an item or a field.

    >>> join_open_clauses(["整改措施:制定检查计划,", "对重点企业抽查。", "整改情况:已检查,", "二是开展培训。"])
    (['整改措施:制定检查计划,对重点企业抽查。', '整改情况:已检查,', '二是开展培训。'], 1)
    """
    out: list[str] = []
    joins = 0
    for line in lines:
        if out and out[-1].endswith(_OPEN_CLAUSE) and not _starts_block(line):
            out[-1] += line
            joins += 1
        else:
            out.append(line)
    return out, joins
