"""Page furniture in text exported from Word or PDF: page numbers, running headers, paragraphs cut by a page break.

A report saved as text from a paginated document keeps, at every page break, the page number (- 2 - / — 3 — /
第 3 页 共 9 页 / 第3页) and often a running header or footer (the title again). None of it is report text: the
page-number lines go, so do the lines next to them that occur more than once in the text (running headers), and
a paragraph the break cut after a comma, or inside a long line of prose, is joined again (unless the next page
starts a heading or a field).

>>> drop_page_furniture(["标题", "1.甲,", "- 2 -", "标题", "乙。", "状态:已完成", "第 3 页 共 4 页", "2.丙"])
(['标题', '1.甲,乙。', '状态:已完成', '2.丙'], 3)
>>> drop_page_furniture(["标题", "整改措施:甲,", "— 2 —", "整改情况:乙。"])[0]
['标题', '整改措施:甲,', '整改情况:乙。']
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.frames import read_field
from ingest.lines import heading_marker

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–~]{1,2}\s*\d{1,4}\s*[-—–~]{1,2}"  # - 2 - / — 3 —
    r"|第\s*\d{1,4}\s*页\s*[,/]?\s*(?:共\s*\d{1,4}\s*页)?"  # 第 3 页 共 9 页 / 第3页
    r"|共\s*\d{1,4}\s*页\s*[,/]?\s*第\s*\d{1,4}\s*页"
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$"
)
# A line ending so is cut mid-sentence: the next line after the page break goes on with it.
_CUT_MID_SENTENCE = (",", "、", "(", "“", "《", "—")
#: A line this long ending in a character is a paragraph cut by the page break, not a heading or a title.
_LONG_LINE = 20


def _cut_mid_word(line: str) -> bool:
    """A long line of prose (it has a sentence or two clauses in it, as a heading has not) ending in a character,
    not a punctuation mark: the page broke inside a sentence (…12个村全部实现 / — 3 — / 垃圾日产日清).

    >>> _cut_mid_word("2)农村人居环境整治成效不稳固。建立长效机制,12个村全部实现"), _cut_mid_word("(一)关于落实主体责任不到位的问题")
    (True, False)
    """
    return (len(line) >= _LONG_LINE and "\u4e00" <= line[-1] <= "\u9fff"
            and ("。" in line or line.count(",") >= 2))


def is_page_number(line: str) -> bool:
    """``line`` is nothing but a page number.

    >>> is_page_number("第 3 页 共 9 页"), is_page_number("— 12 —"), is_page_number("第三页工作")
    (True, True, False)
    """
    return bool(_PAGE_NUMBER.match(line))


def drop_page_furniture(lines: list[str]) -> tuple[list[str], int]:
    """``lines`` (stripped, non-empty) without page numbers and running headers, and how many lines went."""
    pages = [i for i, line in enumerate(lines) if len(line) <= 24 and is_page_number(line)]
    if not pages:
        return lines, 0
    dropped = set(pages)
    beside = [j for i in pages for j in (i - 1, i + 1) if 0 < j < len(lines) and j not in dropped]
    counts, beside_counts = Counter(lines), Counter(lines[j] for j in beside)
    for j in beside:  # running headers/footers: the title again, or a line that recurs mostly at page breaks
        line = lines[j]
        if line == lines[0] or (beside_counts[line] >= 2 and 2 * beside_counts[line] >= counts[line]):
            dropped.add(j)
    out: list[str] = []
    join_next = False
    for i, line in enumerate(lines):
        if i in dropped:
            join_next = join_next or bool(out and (out[-1].endswith(_CUT_MID_SENTENCE) or _cut_mid_word(out[-1])))
            continue
        if join_next and heading_marker(line) is None and read_field(line) is None:
            out[-1] += line
        else:
            out.append(line)
        join_next = False
    return out, len(dropped)
