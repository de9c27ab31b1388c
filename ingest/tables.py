"""Problem tables flattened to text: a header row naming the columns, then one problem a row.

Rectification lists are often published as tables (序号 | 反馈问题 | 整改措施 | 责任单位 | 整改状态). Extracted
to text, the cells of a row are separated by tabs, runs of spaces (both a single space after normalisation) or
``|``. A header is a row of at least three column names among which a problem column and a measures, actions or
status column; each following row with as many cells (the serial number first, where the header has one) is
a problem.

>>> t = read_table_header("序号 反馈问题 整改措施 整改状态")
>>> [c.kind for c in t.columns]
['serial', 'problem', 'measures', 'status']
>>> [(col.kind, text) for col, text, start in t.read_row("1 公示期不足五个工作日 严格公示 已完成")]
[('serial', '1'), ('problem', '公示期不足五个工作日'), ('measures', '严格公示'), ('status', '已完成')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.frames import FIELD_LABELS, yes_no_status

_PIPE = re.compile(r"\s*[|｜]\s*")
_SERIAL_LABEL = re.compile(r"^(?:序号|编号|序)$")
_SERIAL_CELL = re.compile(r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3})[.、]?$")
_PROBLEM_LABEL = re.compile(r"^.{0,6}问题(?:表现|描述|内容|清单)?$")
_META_LABEL = re.compile(r"^(?:责任|牵头|配合|分管)")
_STATUS_LABEL = re.compile(r"(?:状态|进度|进展)$")
_TASK_LABEL = re.compile(r"^(?:整改)?(?:任务|事项)(?:内容|名称)?$")
_YES_NO_LABEL = re.compile(r"^是否(?:已经?)?(?:完成|整改|销号|办结)")  # 是否完成整改: 是 / 否
_RULE_CELL = re.compile(r"^:?-{2,}:?$")  # |---|:--:| under a Markdown header
_CATEGORY_LABEL = re.compile(r"^(?:问题|所属|反馈)?(?:类别|类型|分类|方面|领域|板块)$")  # 问题类别: 医保基金监管方面


@dataclass(frozen=True)
class Column:
    kind: str  # serial | category | problem | measures | actions | status | deadline | meta | other
    label: str


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    pipes: bool  # cells separated by | rather than by spaces
    framed: bool = True  # the header opens with a pipe (|序号|…|), so a pipe opening a row opens no cell

    def read_row(self, line: str) -> list[tuple[Column, str, int]] | None:
        """``(column, cell text, offset in line)`` for each cell of a row of this table, else None.

        Cells cannot hold the separator, except that space-separated pieces inside brackets stay one piece and
        join the piece before them ((2023年 3月起) annotates its cell), and other surplus pieces go to the problem
        column.
        """
        cells = _cells(line, self.pipes, self.framed)
        n = len(self.columns)
        if cells and all(_RULE_CELL.match(text) for text, _ in cells):
            return []  # |---|---|: a rule, no cells
        if len(cells) > n and not self.pipes:
            cells = _join_bracketed(line, cells, n)
        if len(cells) < n or (len(cells) > n and (self.pipes or not self._has("problem"))):
            return None
        if self.columns[0].kind == "serial" and not _SERIAL_CELL.match(cells[0][0]) and not self._continues(cells):
            return None
        if len(cells) > n:  # a cell with spaces inside: the problem statement takes the surplus
            k = [c.kind for c in self.columns].index("problem")
            extra = len(cells) - n
            first, last = cells[k], cells[k + extra]
            merged = (line[first[1] : last[1] + len(last[0])], first[1])
            cells = [*cells[:k], merged, *cells[k + extra + 1 :]]
        return [(col, text, start) for col, (text, start) in zip(self.columns, cells)]

    def read_wrapped_row(self, text: str) -> list[tuple[Column, str, int]] | None:
        """A row of a space-separated table whose cells hold line breaks: ``text`` is its lines joined by a
        newline, where the last cell of a line and the first of the next are one cell.

        >>> t = read_table_header("序号 反馈问题 整改措施 整改状态")
        >>> [text for _, text, _ in t.read_wrapped_row("1 台账不全 1.建台账\\n2.查漏 已完成")]
        ['1', '台账不全', '1.建台账\\n2.查漏', '已完成']
        """
        cells: list[tuple[str, int]] = []
        pos = 0
        for part in text.split("\n"):
            piece = [(t, start + pos) for t, start in _cells(part, False)]
            if cells and piece:  # the line break was inside a cell
                first, (last, last_start) = piece[0], cells.pop()
                piece[0] = (text[last_start : first[1] + len(first[0])], last_start)
            cells.extend(piece)
            pos += len(part) + 1
        if len(cells) != len(self.columns) or len(text.split("\n")) < 2:
            return None
        if self.columns[0].kind == "serial" and not _SERIAL_CELL.match(cells[0][0]):
            return None
        return [(col, t, start) for col, (t, start) in zip(self.columns, cells)]

    def _continues(self, cells: list[tuple[str, int]]) -> bool:
        """A row with empty serial and problem cells carries the next lines of the row above's cells (a plain-text
        table's multi-line cell); a rule row (|---|---|) carries nothing, and is read as no row."""
        kinds = [c.kind for c in self.columns]
        blank = all(not cells[k][0] for k, kind in enumerate(kinds) if kind in ("serial", "problem"))
        return blank and any(text and not _RULE_CELL.match(text) for text, _ in cells)

    def _has(self, kind: str) -> bool:
        return any(c.kind == kind for c in self.columns)


_OPENERS = {"(": ")", "“": "”", "《": "》", "【": "】", "[": "]", "「": "」"}


def _join_bracketed(line: str, cells: list[tuple[str, int]], n: int) -> list[tuple[str, int]]:
    """Space-separated pieces, while more than ``n``: a bracket opened in one piece and closed in a later one
    makes them one piece, and a piece in brackets joins the piece before it.

    >>> [t for t, _ in _join_bracketed("1 甲 乙 (2023年 3月起) 丙", _cells("1 甲 乙 (2023年 3月起) 丙", False), 4)]
    ['1', '甲', '乙 (2023年 3月起)', '丙']
    """
    def join(a: int, b: int) -> list[tuple[str, int]]:  # pieces a..b as one cell
        start, (last, last_start) = cells[a][1], cells[b]
        return [*cells[:a], (line[start : last_start + len(last)], start), *cells[b + 1 :]]

    i = 0
    while i < len(cells) and len(cells) > n:
        text = cells[i][0]
        opener = next((c for c in reversed(text) if c in _OPENERS or c in _OPENERS.values()), None)
        if opener in _OPENERS:  # opened, not closed in this piece: take pieces up to the one closing it
            close = next((j for j in range(i + 1, len(cells)) if _OPENERS[opener] in cells[j][0]), None)
            if close is not None and len(cells) - (close - i) >= n:
                cells = join(i, close)
                continue
        if 1 < i < len(cells) - 1 and text[:1] == "(" and text.endswith(")"):
            # (…) annotates the cell before; not the serial number, and the last piece, (已完成), is a cell
            cells = join(i - 1, i)
            continue
        i += 1
    return cells


def _cells(line: str, pipes: bool, framed: bool = True) -> list[tuple[str, int]]:
    """Cells of ``line`` with their offsets: the non-empty ones between spaces, or every one between pipes
    (an empty cell between two pipes is a cell; in a ``framed`` table pipes opening or closing the line open or
    close none, in an unframed one they stand after or before an empty cell).

    >>> _cells("| 1 |  | 已完成 |", True)
    [('1', 2), ('', 7), ('已完成', 9)]
    >>> [t for t, _ in _cells("|  | 2.查漏 |", True, framed=False)]
    ['', '', '2.查漏', '']
    """
    sep = _PIPE if pipes else re.compile(r"\s+")
    out: list[tuple[str, int]] = []
    pos = 0
    for m in [*sep.finditer(line), None]:
        end = m.start() if m else len(line)
        if end > pos or pipes:
            out.append((line[pos:end], pos))
        if m:
            pos = m.end()
    if pipes and framed and out and not out[0][0]:
        out.pop(0)  # the pipe opening the line
    if pipes and framed and out and not out[-1][0]:
        out.pop()  # the pipe closing it
    return out


def _column(label: str) -> Column:
    if label.endswith("清单") and len(label) > 3:  # 问题清单 / 措施清单 / 责任清单 name the column they list
        return Column(_column(label[:-2]).kind, label)
    if _SERIAL_LABEL.match(label):
        return Column("serial", label)
    kind = FIELD_LABELS.get(label)
    if kind is not None:
        return Column(kind, label)
    if _META_LABEL.match(label):
        return Column("meta", label)
    if _CATEGORY_LABEL.match(label):
        return Column("category", label)
    if _YES_NO_LABEL.match(label):
        return Column("status", label)
    if _PROBLEM_LABEL.match(label):
        return Column("problem", label)
    if _STATUS_LABEL.search(label):
        return Column("status", label)
    if label.endswith("措施"):
        return Column("measures", label)
    if label.endswith(("时限", "期限", "时间")):
        return Column("deadline", label)
    return Column("other", label)


def read_table_header(line: str) -> Table | None:
    """The table a header row opens, if ``line`` is one."""
    pipes = line.count("|") + line.count("｜") >= 2
    if not pipes and " " not in line:
        return None
    cells = [re.sub(r"\s+", "", text) if pipes else text for text, _ in _cells(line, pipes)]  # 序 号
    if len(cells) < 3 or any(len(c) > 10 for c in cells):
        return None
    columns = tuple(_column(c) for c in cells)
    kinds = [c.kind for c in columns]
    if "problem" not in kinds:  # 序号 | 整改任务 | 具体措施 …: without a problem column the task restates it
        columns = tuple(Column("problem", c.label) if _TASK_LABEL.match(c.label) else c for c in columns)
        kinds = [c.kind for c in columns]
    if kinds.count("problem") != 1 or kinds.count("other") > 1:
        return None
    if not {"measures", "actions", "status"} & set(kinds):
        return None
    return Table(columns, pipes, framed=line.lstrip()[:1] in "|｜")


def problem_table_lines(rows: list[list[str]]) -> list[str] | None:
    """Rows of a document table (cell texts) as ``|``-separated lines, if its first row is a problem-table header.

    Word and HTML readers otherwise put every cell on its own line, which loses which cells form a row.
    Line breaks inside a cell become spaces; a row of one merged cell (一、党的建设方面) stays a line of its own;
    a table whose rows have other numbers of cells is left alone.

    >>> problem_table_lines([["序号", "反馈问题", "整改措施", "整改状态"], ["1", "台账不全", "1.建台账\\n2.查漏", "已完成"]])
    ['序号 | 反馈问题 | 整改措施 | 整改状态', '1 | 台账不全 | 1.建台账 2.查漏 | 已完成']
    >>> problem_table_lines([["姓名", "职务"], ["张三", "局长"]]) is None
    True
    """
    if len(rows) < 2:
        return None
    cleaned = [[" ".join(part.strip() for part in cell.replace("|", "/").split("\n") if part.strip()) for cell in row]
               for row in rows]
    n = len(cleaned[0])
    body = cleaned[1:]
    if any(len(row) not in (1, n) for row in body) or not any(len(row) == n for row in body):
        return None  # irregular merged cells: which cell belongs to which column is unknown
    if read_table_header(" | ".join(cleaned[0])) is None:
        return None
    return [" | ".join(row) if len(row) == n else row[0] for row in cleaned]  # a one-cell row is a heading


def status_cell(column: Column, text: str) -> str:
    """A status cell as a status phrase: the 是 / 否 of a 是否完成整改 column read as 已完成 / 未完成.

    >>> status_cell(Column("status", "是否完成整改"), "是"), status_cell(Column("status", "整改状态"), "持续推进")
    ('已完成', '持续推进')
    """
    return yes_no_status(column.label, text) or text
