"""Lines of a normalised report and the markers the genre numbers them with.

A report is read line by line (one paragraph a line after normalisation). Each line keeps its offsets into
the normalised text so every extracted item can carry a span.

>>> [(l.start, l.text) for l in split_lines("一、总体情况\\n(一)组织领导")]
[(0, '一、总体情况'), (7, '(一)组织领导')]
>>> heading_marker("(二)落实主体责任").rank
2
>>> heading_marker("1.关于“X”的问题").body
'关于“X”的问题'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


# Bullets that web pages put before a heading or a field label (◆问题一:… / ●整改措施:…); not markers.
_BULLETS = "●◆◇■□★☆▲△►▶•·◎※➢➤ "
_BULLET_FIRST = frozenset(_BULLETS)


def split_lines(text: str) -> list[Line]:
    """Non-empty lines of ``text`` with their start offsets, leading bullets dropped.

    >>> split_lines("◆问题一:x\\n ● 整改措施:y")
    [Line(text='问题一:x', start=1), Line(text='整改措施:y', start=10)]
    """
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        body = raw.strip()
        if body:
            lead = len(raw) - len(raw.lstrip())
            if body[0] in _BULLET_FIRST:
                rest = body.lstrip(_BULLETS)
                lead, body = lead + len(body) - len(rest), rest
            if _SEPARATOR.match(body):  # ———— / ****: a rule between parts, no text
                pos += len(raw) + 1
                continue
            markup = _MARKDOWN.match(body)
            if markup:  # a report written in Markdown: ## 二、… / **1. 标题**
                lead, body = lead + markup.start("body"), markup.group("body")
            if body:
                lines.append(Line(body, pos + lead))
        pos += len(raw) + 1
    return lines


_SEPARATOR = re.compile(r"^(?:[—–\-=*_~·•]\s*){3,}$")
_MARKDOWN = re.compile(r"^(?:#{1,6}\s+(?:\*\*)?|\*\*)(?P<body>.+?)(?:\*\*)?$")


CN_NUM = "一二三四五六七八九十百零〇"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Heading ranks follow the genre's hierarchy: 一、 > (一) > 1. > (1) or 1) > 一是. 问题1. / 问题一: / 问题①: / 具体问题2: /
# 存在问题1: / 第一个问题: / 第一项: / 问题清单第1项: / 表现一: number problems at rank 3; the ordinals 第一, rank with (一) and 其一, with 一是 (both need the punctuation,
# so 第一责任人 / 其一贯 are not markers).
_MARKER_RE = re.compile(
    rf"(?P<r1>[{CN_NUM}]+\s*[、.]\s*|第[{CN_NUM}]{{1,3}}部分\s*[、.:]?\s*)"
    rf"|(?P<r2>(?:\(\s*[{CN_NUM}]+\s*\)|\[\s*[{CN_NUM}]+\s*\]|〖\s*[{CN_NUM}]+\s*〗)\s*[、.]?\s*)"  # (一) [一] 〖一〗
    rf"|(?P<r2d>第[{CN_NUM}]{{1,3}}\s*[,、:.]\s*)"
    rf"|(?P<r3q>(?:具体|存在|反馈)?(?:问题|表现)\s*(?:\d{{1,3}}\s*[.、:]?|[{CN_NUM}]{{1,3}}\s*[.、:]|[{CIRCLED}]\s*[.、:]?)\s*"
    rf"|第[{CN_NUM}]{{1,3}}(?:个|项)问题\s*[.、:]\s*|第[{CN_NUM}]{{1,3}}项\s*[.、:]\s*"
    rf"|问题清单第\s*(?:\d{{1,3}}|[{CN_NUM}]{{1,3}})\s*项\s*[.、:]\s*)"
    r"|(?P<r4d>\d{1,2}\.\d{1,2}\.\d{1,2}(?:\s+|、)\s*)"
    r"|(?P<r3d>\d{1,2}\.\d{1,2}(?:\s+|、)\s*)"
    r"|(?P<r3>\d{1,3}\s*(?:[.、](?!\d)|\s+)\s*)"
    r"|(?P<r4>\(?\s*\d{1,3}\s*\)\s*[、.]?\s*)"
    rf"|(?P<r4c>[{CIRCLED}]\s*)"
    rf"|(?P<r5>[{CN_NUM}]+是\s*)"
    rf"|(?P<r5q>其[{CN_NUM}]{{1,3}}\s*[,、:.]\s*)"
)
# a decimal outline (1 方面 / 1.1 问题 / 1.1.1 …) numbers one level deeper with each dot
_RANKS = {"r1": 1, "r2": 2, "r2d": 2, "r3q": 3, "r3": 3, "r3d": 4, "r4": 4, "r4d": 5, "r4c": 4, "r5": 5, "r5q": 5}
_MARKER_FIRST = set(CN_NUM) | set(CIRCLED) | set("([〖问具表存反第其0123456789")


_ORDINAL = re.compile(rf"\d+|[{CN_NUM}]+")


@dataclass(frozen=True)
class Marker:
    rank: int
    label: str  # the marker as written, e.g. "(一)"
    body: str  # the rest of the line

    @property
    def circled(self) -> bool:
        return self.label[:1] in CIRCLED


    @functools.cached_property
    def number(self) -> int | None:
        """The marker's ordinal (3 for 3. / (三) / ③ / 三是 / 第三,), None for a problem label (问题3:).

        >>> heading_marker("(12)甲").number, heading_marker("③甲").number, heading_marker("十一是甲").number
        (12, 3, 11)
        """
        if "问题" in self.label or "表现" in self.label:
            return None
        if self.circled:
            return CIRCLED.index(self.label[0]) + 1
        found = _ORDINAL.findall(self.label)
        if not found:
            return None
        if found[0][0].isdigit():
            return int(found[-1])  # 1.2 is the second of its list
        from ingest.values import chinese_number

        return chinese_number(found[0])


def heading_marker(text: str) -> Marker | None:
    """The numbering marker that starts ``text``, if any."""
    if not text or text[0] not in _MARKER_FIRST:
        return None
    m = _MARKER_RE.match(text)
    if m is None or m.end() >= len(text):
        return None
    return Marker(_RANKS[m.lastgroup], m.group(0).strip(), text[m.end() :])


# Item markers inside an inline measure/action list: ①… (1)… 1.… 一是…
_ITEM_SPLIT = re.compile(
    rf"(?:^|[;;。,,:!?\s])(?=[{CIRCLED}]|\(?\s*\d{{1,2}}\s*\)|\d{{1,2}}[.、](?!\d)|[{CN_NUM}]{{1,3}}是(?![的否]))"
)
_ITEM_MARKER = re.compile(rf"^(?:[{CIRCLED}]|\(?\s*\d{{1,2}}\s*\)|\d{{1,2}}[.、](?!\d)|[{CN_NUM}]{{1,3}}是)\s*")
_SENTENCE_END = re.compile(r"[。!?;]")  # cut after it (m.end()); a leading set lets the engine skip ahead


def split_items(text: str, offset: int) -> tuple[list[tuple[str, int, int]], bool]:
    """Split a run of measures/actions into ``(text, start, end)`` items; the bool says it was numbered.

    Numbered runs split at their markers; unnumbered prose splits into sentences and ;-clauses.

    >>> split_items("(1)甲;(2)乙。", 0)[0]
    [('甲', 3, 4), ('乙。', 8, 10)]
    >>> split_items("建立台账;完善制度。", 0)[0]
    [('建立台账', 0, 4), ('完善制度。', 5, 10)]
    >>> [t for t, _, _ in split_items("学校党委一是建基地,二是修办法。", 0)[0]]
    ['建基地', '修办法。']
    """
    cuts = [m.end() for m in _ITEM_SPLIT.finditer(text)]  # the marker starts where the separator ends
    numbered = bool(cuts) and cuts[0] == 0 and len(cuts) >= 1 and _is_sequence(text, cuts)
    lead = _LEAD_IN.match(text) if not numbered and "是" in text else None
    if lead is not None:  # 学校党委一是…,二是…: a subject leading into the list
        items, numbered = split_items(text[lead.end() :], offset + lead.end())
        if numbered and len(items) >= 2:
            return items, True
    if not numbered:
        cuts = [0] + [m.end() for m in _SENTENCE_END.finditer(text) if 0 < m.end() < len(text)]
    items: list[tuple[str, int, int]] = []
    for a, b in zip(cuts, cuts[1:] + [len(text)]):
        piece = text[a:b]
        lead = 0
        if numbered:
            m = _ITEM_MARKER.match(piece)
            lead = m.end() if m else 0
        body = piece[lead:]
        stripped = body.strip().rstrip(";;,,").strip()
        if stripped:
            s = a + lead + (len(body) - len(body.lstrip()))
            items.append((stripped, offset + s, offset + s + len(stripped)))
    return items, numbered


# A short subject before a 一是 list (学校党委一是… / 针对该问题,局党组一是…)
_LEAD_IN = re.compile(rf"^[^。;!?]{{1,20}}?(?=一是)")


def _is_sequence(text: str, cuts: list[int]) -> bool:
    """Markers at ``cuts`` are all of one style (so 一是…二是… is a list but a stray 1. inside prose is not)."""
    styles = {_marker_style(text[c : c + 3]) for c in cuts}
    return len(styles) == 1 and None not in styles


def _marker_style(head: str) -> str | None:
    if head[:1] in CIRCLED:
        return "circled"
    if head.startswith("("):
        return "paren"
    if head[:1].isdigit():
        return "digit"
    if head[:1] in CN_NUM:
        return "shi"
    return None


# 1建立台账 (a number run into its item, as PDF text loses the dot), but not 23个档案已归档 (a count): no unit after it
_BARE_NUMBER_MARKER = re.compile(
    r"^\d{1,2}(?=[\u4e00-\u9fff])(?![个项名人家件次条所户万亿年月日天批份本台处座辆套元篇场期岁倍余多周级层类种位根把张间只])"
)


def starts_with_item_marker(text: str) -> bool:
    return bool(_ITEM_MARKER.match(text)) or bool(_BARE_NUMBER_MARKER.match(text))


def strip_item_marker(text: str) -> tuple[str, int]:
    """``text`` without its leading item marker, and how many characters were removed."""
    m = _ITEM_MARKER.match(text) or _BARE_NUMBER_MARKER.match(text)
    if not m:
        return text, 0
    return text[m.end() :], m.end()
