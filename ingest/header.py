"""Title, issuer, publication date and the inspection a report answers.

>>> h = read_header("中共某市某局党组关于市委巡察整改情况的通报\\n发布时间:2023-05-15\\n"
...                 "2022年3月21日至6月15日,市委第五巡察组对局党组进行了常规巡察。8月4日,市委巡察组向局党组反馈了意见。")
>>> h.title, h.issuer, h.published
('中共某市某局党组关于市委巡察整改情况的通报', '中共某市某局党组', '2023-05-15')
>>> h.inspection.body, h.inspection.type, h.inspection.start, h.inspection.end, h.inspection.feedback
('市委第五巡察组', '常规巡察', '2022-03-21', '2022-06-15', '2022-08-04')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.values import extract_dates
from rectigraph.model import Inspection

_META = re.compile(
    r"(发布时间|发表日期|发表时间|信息时间|发布日期|生成日期|成文日期|公开日期|日期|时间|来源|浏览次数|点击数|作者|字号"
    r"|索引号|发布机构|发文机关|所属机构|文号|发文字号|主题分类|有效性|公开方式|公开范围)\s*:+"
)
_META_DATE = re.compile(
    r"(?:发布时间|发表日期|发表时间|信息时间|发布日期|生成日期|成文日期|公开日期|日期)\s*:+\s*(?P<d>[0-9年月日\-./ ]{6,16})"
)
# Lines of a web page's frame, not of the report: 当前位置:首页 > 信息公开 > … / a bare date-time line
_CRUMB = re.compile(r"^(?:当前位置|您的位置|您现在的位置|您当前的位置|位置)\s*:|^首页\s*(?:>|»)")
_DATE_LINE = re.compile(r"^(?P<d>\d{4}(?:-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日|/\d{1,2}/\d{1,2}))(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s|$)")
# 标题:… in a government page's information table
_TITLE_FIELD = re.compile(r"^(?:标题|名称|文件名称)\s*:\s*(?P<t>.{6,})$")
_TITLE_END = re.compile(r"(通报|报告|公告|公示|情况)$")
_NARRATIVE = re.compile(r"^(根据|按照|为|自|近日|日前|经|现将|在)")
_ISSUER = re.compile(r"^(?:【[^】]{1,12}】)?(?P<issuer>[^,。:;]{2,40}?)关于")
_SIGNATURE_ORG = re.compile(r"(党组|党委|委员会|党工委|纪委|政府|局|委|办公室|集团|公司|大学|学院|医院)$")
_BODY = re.compile(
    r"(?:中央|省委|市委|区委|县委|州委|旗委|盟委|自治区党委|党委|党组)?第[一二三四五六七八九十\d]{1,3}(?:巡视|巡察)组"
)
_ROUND = re.compile(r"(?:[一二三四五六七八九十]{1,3}届)?(?:中央|省委|市委|区委|县委|州委)?第[一二三四五六七八九十\d]{1,3}轮")
_RANGE = re.compile(r"(?P<a>(?:\d{4}年)?\d{1,2}月\d{1,2}日)\s*(?:至|到|—|-|~)\s*(?P<b>(?:\d{4}年)?\d{1,2}月\d{1,2}日)")
_FEEDBACK = re.compile(r"(?P<d>(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{7,8}日)[^。]{0,50}?反馈")


@dataclass
class Header:
    title: str | None = None
    issuer: str | None = None
    published: str | None = None
    inspection: Inspection = field(default_factory=Inspection)
    body_start: int = 0  # offset of the first line after the title and header lines


_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


def read_header(text: str) -> Header:
    """Read the header data of a normalised report."""
    lines = text.split("\n")
    h = Header()
    title_lines: list[str] = []
    titled: str | None = None  # the title an information table states (标题:…)
    pos = 0
    seen = 0  # lines read that are not a web page's frame or information table
    for i, line in enumerate(lines[:16]):
        if seen >= 4:
            break
        frame = _frame_line(line)
        if frame is not None:
            if frame.startswith("title:") and titled is None:
                titled = frame[6:]
            elif frame.startswith("date:") and h.published is None:
                found = extract_dates(frame[5:])
                h.published = found[0].value if found else None
            pos += len(line) + 1
            continue
        seen += 1
        meta = _META.search(line)
        head = line[: meta.start()] if meta else line
        head = _MARKDOWN_HEADING.sub("", head)  # # 中共…关于…的通报: a report written in Markdown
        if meta and h.published is None:
            m = _META_DATE.search(line)
            if m:
                found = extract_dates(m.group("d"))
                h.published = found[0].value if found else None
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if head and not title_lines and _looks_like_title(head):
            title_lines.append(head)
        elif head and not title_lines and nxt.startswith("关于") and len(head) < 40 and not _NARRATIVE.match(head):
            title_lines.append(head)  # issuer on its own line, 关于… on the next
        elif head and len(title_lines) == 1 and not _TITLE_END.search(title_lines[0]) and _TITLE_END.search(head) and len(head) < 60:
            title_lines.append(head)
        elif not meta and not (head.endswith(":") and len(head) < 40):
            break  # first body line (addressee lines "各有关单位:" are skipped)
        pos += len(line) + 1
        if meta and not head:
            continue
    h.body_start = pos
    if not title_lines and titled:
        title_lines.append(titled)
    if title_lines:
        h.title = "".join(title_lines)
        m = _ISSUER.match(h.title)
        if m:
            h.issuer = m.group("issuer")
    if h.issuer is None or h.published is None:
        issuer, date = _signature(lines)
        h.issuer = h.issuer or issuer
        h.published = h.published or date
    h.inspection = read_inspection(text[: _intro_end(text)], h.title or "")
    return h


def _frame_line(line: str) -> str | None:
    """What a line of a page's frame carries ("title:…", "date:…", "" for nothing), or None for a report line."""
    if _CRUMB.match(line):
        return ""
    t = _TITLE_FIELD.match(line)
    if t:
        return "title:" + t.group("t").strip()
    meta = _META.match(line)
    if meta and meta.group(1) in ("索引号", "发布机构", "发文机关", "所属机构", "文号", "发文字号", "主题分类", "有效性",
                                  "公开方式", "公开范围", "生成日期", "成文日期", "公开日期"):
        date = _META_DATE.match(line)
        return "date:" + date.group("d") if date else ""
    d = _DATE_LINE.match(line)
    if d and (len(line) <= 20 or _META.search(line, d.end())):
        return "date:" + d.group("d")
    return None


def _looks_like_title(line: str) -> bool:
    if _NARRATIVE.match(line) or len(line) > 90:
        return False
    return "关于" in line or bool(_TITLE_END.search(line)) or "整改" in line


def _signature(lines: list[str]) -> tuple[str | None, str | None]:
    """Issuer and date from the closing signature (an organisation line followed by a date line)."""
    tail = [l for l in lines[-6:] if l.strip()]
    issuer = date = None
    for i in range(len(tail) - 1, -1, -1):
        found = extract_dates(tail[i]) if len(tail[i]) <= 20 else []
        if found and date is None and re.fullmatch(r"[\d年月日\-./ ]+|.*\d{4}年\d{1,2}月\d{1,2}日", tail[i]):
            date = found[0].value
            if i > 0 and len(tail[i - 1]) <= 40 and _SIGNATURE_ORG.search(tail[i - 1]):
                issuer = tail[i - 1]
            break
    return issuer, date


def _intro_end(text: str) -> int:
    """The inspection is described in the opening paragraphs: read no further than the first heading block."""
    return min(len(text), 3000)


def read_inspection(intro: str, title: str) -> Inspection:
    ins = Inspection()
    m = _BODY.search(intro)
    ins.body = m.group() if m else None
    r = _ROUND.search(title) or _ROUND.search(intro[:600])
    ins.round = r.group() if r and "轮" in r.group() else None
    by_title = _inspection_type(title)
    by_sentence = _inspection_type(_inspection_sentence(intro, m))
    ins.type = by_title if by_title not in (None, "巡察", "巡视") else (by_sentence or by_title)
    rng = _RANGE.search(intro)
    year = None
    if rng:
        a = extract_dates(rng.group("a"))
        if a:
            year = int(a[0].value[:4])
            ins.start = a[0].value
            b = extract_dates(rng.group("b"), year=year)
            ins.end = b[0].value if b else None
    fb = _FEEDBACK.search(intro, rng.end() if rng else 0)
    if fb:
        ref_year = int(ins.end[:4]) if ins.end else year
        d = extract_dates(fb.group("d"), year=ref_year)
        if d:
            value = d[0].value
            if ins.end and len(value) == 10 and value < ins.end and "年" not in fb.group("d"):
                value = f"{int(value[:4]) + 1}{value[4:]}"  # feedback after a year-end inspection
            ins.feedback = value
    return ins


def _inspection_sentence(intro: str, body_match: re.Match[str] | None) -> str:
    """The sentence that names the inspection (…巡察组对…开展了常规巡察), else the opening of the report.

    Later paragraphs may mention other inspections (对已完成的事项适时开展“回头看”), so they are not read.
    """
    if body_match is None:
        return intro[:400]
    a = max(intro.rfind("。", 0, body_match.start()) + 1, 0)
    b = intro.find("。", body_match.end())
    return intro[a : b if b != -1 else len(intro)]


def _inspection_type(text: str) -> str | None:
    if "回头看" in text:
        return "回头看"
    kind = "巡视" if "巡视" in text and text.find("巡视") < (text.find("巡察") if "巡察" in text else 10**9) else "巡察"
    for prefix in ("专项", "机动", "常规"):
        if f"{prefix}{kind}" in text:
            return f"{prefix}{kind}" if kind == "巡察" or prefix != "常规" else kind
    return kind if kind in text else None
