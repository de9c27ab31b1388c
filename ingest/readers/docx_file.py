"""Word .docx -> text: body paragraphs and table cells in document order, one a line.

Automatic list numbering (Word's 一、 (一) 1. ① generated from numbering.xml, which ``Paragraph.text`` leaves
out) is rendered back into the text, since the parser reads a report's structure from those labels. Tracked
changes read as accepted: inserted text kept, deleted text dropped.
"""

from __future__ import annotations

import os

from ingest.errors import IngestError
from ingest.frames import read_field
from ingest.readers.raw import RawDocument
from ingest.tables import problem_table_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _chinese_number(number: int) -> str:
    """Chinese numerals as Word's chineseCounting writes them.

    >>> _chinese_number(1), _chinese_number(10), _chinese_number(12), _chinese_number(40), _chinese_number(105)
    ('一', '十', '十二', '四十', '一百零五')
    """
    if number < 10:
        return _CHINESE_DIGITS[number]
    if number < 20:
        return "十" + (_CHINESE_DIGITS[number % 10] if number % 10 else "")
    if number < 100:
        return _CHINESE_DIGITS[number // 10] + "十" + (_CHINESE_DIGITS[number % 10] if number % 10 else "")
    rest = number % 100
    tail = "" if not rest else ("零" + _chinese_number(rest) if rest < 10 else
                                ("一" + _chinese_number(rest) if rest < 20 else _chinese_number(rest)))
    return _chinese_number(number // 100) + "百" + tail


def _roman(number: int) -> str:
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out, number = out + numeral, number - value
    return out


def _format_number(number: int, number_format: str) -> str:
    if number_format in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
                         "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital"):
        return _chinese_number(number)
    if number_format in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= number <= 20:
        return _CIRCLED[number - 1]
    if number_format == "ideographTraditional" and 1 <= number <= 10:
        return _HEAVENLY_STEMS[number - 1]
    if number_format in ("lowerLetter", "upperLetter") and number >= 1:
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if number_format == "upperLetter" else letter
    if number_format in ("lowerRoman", "upperRoman") and number >= 1:
        return _roman(number).lower() if number_format == "lowerRoman" else _roman(number)
    if number_format in ("bullet", "none"):
        return ""
    return str(number)


class _ListNumbers:
    """Counters of Word's automatic numbering, turning a paragraph's numPr into its label ("一、", "(2)")."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> (start, format, text)
        self.counters: dict[str, list[int | None]] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for node in numbering.iterchildren(_W + "abstractNum"):
            abstract[node.get(_W + "abstractNumId")] = self._levels(node)
        for node in numbering.iterchildren(_W + "num"):
            reference = node.find(_W + "abstractNumId")
            if reference is None:
                continue
            levels = dict(abstract.get(reference.get(_W + "val"), {}))
            for override in node.iterchildren(_W + "lvlOverride"):
                ilvl = int(override.get(_W + "ilvl", "0"))
                start = override.find(_W + "startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = (int(start.get(_W + "val", "1")), *levels[ilvl][1:])
                level = override.find(_W + "lvl")
                if level is not None:
                    levels.update(self._levels(override))
            self.levels[node.get(_W + "numId")] = levels
        for style in document.styles.element.iterchildren(_W + "style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None and num_pr.find(_W + "numId") is not None:
                ilvl = num_pr.find(_W + "ilvl")
                self.style_numbering[style.get(_W + "styleId")] = (
                    num_pr.find(_W + "numId").get(_W + "val"), int(ilvl.get(_W + "val")) if ilvl is not None else 0
                )

    @staticmethod
    def _levels(node) -> dict[int, tuple[int, str, str]]:
        levels = {}
        for level in node.iterchildren(_W + "lvl"):
            start, number_format, text = level.find(_W + "start"), level.find(_W + "numFmt"), level.find(_W + "lvlText")
            levels[int(level.get(_W + "ilvl", "0"))] = (
                int(start.get(_W + "val", "1")) if start is not None else 1,
                number_format.get(_W + "val", "decimal") if number_format is not None else "decimal",
                text.get(_W + "val", "") if text is not None else "",
            )
        return levels

    def label(self, paragraph) -> str:
        """The label Word shows before ``paragraph`` (a CT_P), advancing the counters; '' when unnumbered."""
        num_pr = paragraph.find(f"{_W}pPr/{_W}numPr")
        num_id = ilvl = None
        if num_pr is not None:
            num_id_node, ilvl_node = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
            num_id = num_id_node.get(_W + "val") if num_id_node is not None else None
            ilvl = int(ilvl_node.get(_W + "val", "0")) if ilvl_node is not None else None
        if num_id is None:
            style = paragraph.find(f"{_W}pPr/{_W}pStyle")
            numbered = self.style_numbering.get(style.get(_W + "val")) if style is not None else None
            if numbered is None:
                return ""
            num_id, style_ilvl = numbered
            ilvl = style_ilvl if ilvl is None else ilvl
        ilvl = ilvl or 0
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, [None] * 9)
        start = levels[ilvl][0]
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        text = levels[ilvl][2]
        for level in range(9):
            placeholder = f"%{level + 1}"
            if placeholder in text:
                value = counters[level] if counters[level] is not None else levels.get(level, (1,))[0]
                text = text.replace(placeholder, _format_number(value, levels.get(level, (1, "decimal"))[1]))
        return "" if levels[ilvl][1] == "bullet" else text


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Subtrees whose text is not the paragraph's visible text (deletions, field codes, text boxes, properties).
_SKIPPED = frozenset((
    _W + "del", _W + "moveFrom", _W + "instrText", _W + "delInstrText", _W + "txbxContent", _W + "pPr",
    _W + "rPr", _W + "footnoteReference", _W + "endnoteReference", _MC_FALLBACK,
))
_BREAKS = frozenset((_W + "br", _W + "cr"))


def _paragraph_text(paragraph) -> str:
    """A w:p's text as shown with all tracked changes accepted."""
    parts: list[str] = []
    stack = [paragraph]
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag in _SKIPPED or not isinstance(tag, str):
            continue
        if tag == _W + "t":
            parts.append(node.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in _BREAKS:
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        else:
            stack.extend(reversed(node))
    return "".join(parts)


def _is_bold(run) -> bool:
    bold = run.find(f"{_W}rPr/{_W}b")
    return bold is not None and bold.get(_W + "val", "true") not in ("0", "false", "off")


def _split_bold_heading(paragraph, text: str) -> str:
    """``text`` with a break after a bold lead (1.X in bold, then 整改措施:… in the same paragraph), which the
    page shows as a heading of its own."""
    lead = []
    for run in paragraph.iterchildren(_W + "r"):
        piece = "".join(t.text or "" for t in run.iterchildren(_W + "t"))
        if not piece.strip():
            continue
        if not _is_bold(run):
            break
        lead.append(piece)
    head = "".join(lead)
    if not head.strip() or not text.startswith(head) or len(head) == len(text):
        return text
    rest = text[len(head) :]
    return head + "\n" + rest if read_field(rest.strip().replace("：", ":")) is not None else text


def _block_lines(container, parent, numbers: _ListNumbers) -> list[str]:
    """Lines of a body, cell or content control: paragraphs, tables (row by row, merged cells once), nested.

    A problem table (its first row names a problem column and a measures/actions/status column) gives one
    ``|``-separated line a row instead of one line a cell."""
    from docx.table import Table, _Cell

    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == _W + "p":
            lines.append(numbers.label(child) + _split_bold_heading(child, _paragraph_text(child)))
        elif child.tag == _W + "tbl":
            table = Table(child, parent)
            grid = [row.cells for row in table.rows]  # one cell a grid column; all kept alive, so ids stay unique
            rows: list[list[list[str]]] = []
            for cells in grid:
                seen: set[int] = set()
                row_cells: list[list[str]] = []
                for cell in cells:
                    if id(cell._tc) in seen:  # a merged cell repeats in every grid column it spans
                        continue
                    seen.add(id(cell._tc))
                    row_cells.append(_block_lines(cell._tc, _Cell(cell._tc, table), numbers))
                rows.append(row_cells)
            texts = [["\n".join(cell) for cell in row] for row in rows]
            if _two_row_header(grid):  # 序号 … merged down, 整改落实情况 across 完成时限 | 整改状态: the lower row names
                texts = [["\n".join(_block_lines(c._tc, _Cell(c._tc, table), numbers)) for c in grid[1]], *texts[2:]]
            as_rows = problem_table_lines(texts)
            if as_rows is not None:  # 序号 | 反馈问题 | 整改措施 …: one line a row
                lines.extend(as_rows)
            else:
                lines.extend(line for row in rows for cell in row for line in cell)
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                lines.extend(_block_lines(content, parent, numbers))
    return lines


def _two_row_header(grid: list[list]) -> bool:
    """The table's header is two rows deep: a cell of the first row spans columns (整改落实情况 over 完成时限 and
    整改状态), and cells merged down fill the second row (序号, 反馈问题)."""
    if len(grid) < 3 or len(grid[0]) != len(grid[1]):
        return False
    first = [id(c._tc) for c in grid[0]]
    return len(set(first)) < len(first) and any(a._tc is b._tc for a, b in zip(grid[0], grid[1], strict=True))


def read_docx(path: str | os.PathLike[str]) -> RawDocument:
    """Read a .docx file into a RawDocument of format ``"docx"``."""
    import docx

    try:
        document = docx.Document(os.fspath(path))
    except Exception as error:  # python-docx raises PackageNotFoundError, BadZipFile, KeyError, lxml errors
        raise IngestError(path, f"not a valid .docx file ({type(error).__name__}: {error})") from None
    lines = []
    for line in _block_lines(document.element.body, document, _ListNumbers(document)):
        lines.extend(part.strip() for part in line.split("\n"))
    lines = [line for line in lines if line]
    if not lines:
        raise IngestError(path, "no text in the document")
    return RawDocument("\n".join(lines), None, "docx")
