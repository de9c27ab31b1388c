"""A saved government web page -> the article's text: title, date/source line, body; no navigation.

Government sites wrap a report in menus, breadcrumbs (当前位置), share and print bars (【打印】【关闭】,
分享到), related links and footers. The reader drops scripts and styles, then everything whose tag or
class/id says it is page furniture, then picks the article body: the first well-known container
(#zoom, .TRS_Editor, .article, .content, article, ...) that holds most of the page's Chinese text, else the
element reached by walking down from <body> while one child holds most of the text. Block elements become
line breaks. The article title (the heading that matches <title>, else <h1>, else <title>) comes first, then
the 发布时间/来源 line when the page has one.
"""

from __future__ import annotations

import os
import re

from ingest.errors import IngestError
from ingest.readers.encodings import decode_text, plausible_share
from ingest.readers.raw import RawDocument
from ingest.frames import read_field
from ingest.tables import problem_table_lines

_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "video",
    "audio", "map", "select", "option", "button", "input", "textarea", "link", "meta", "base",
)
_FURNITURE_TAGS = ("nav", "header", "footer", "aside", "menu")
_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "title", "tr", "ul",
))
# class/id words (split on -, _, spaces and camelCase) that mark page furniture.
_FURNITURE_WORDS = frozenset((
    "nav", "navbar", "navi", "navigation", "menu", "menus", "submenu", "breadcrumb", "breadcrumbs", "crumb",
    "crumbs", "position", "location", "curpos", "weizhi", "dqwz", "header", "footer", "foot", "sidebar",
    "aside", "share", "sharing", "bdshare", "fenxiang", "print", "dayin", "close", "guanbi", "copyright",
    "toolbar", "tools", "login", "search", "sousuo", "friendlink", "links", "link", "related", "relate",
    "recommend", "banner", "gotop", "backtop", "qrcode", "erweima", "pager", "pagination", "prevnext",
    "ad", "ads", "advert", "skip", "wza", "topbar",
))
# Preferred article containers, most specific first (CSS selectors).
_ARTICLE_SELECTORS = (
    "#zoom", "#Zoom", ".TRS_Editor", "#UCAP-CONTENT", ".Custom_UnionStyle", "#fontzoom", "#BodyLabel",
    ".article-content", ".article_content", ".articleContent", ".article-body", ".art_con", ".artCon",
    "#article", ".article", ".news_content", ".newsContent", ".detail-content", ".detail_content",
    ".TRS_UEDITOR", "#content", ".content", ".con", ".detail", ".main-content", ".main_content",
    "article", "main",
)
_TITLE_SELECTORS = (
    "h1", "h2", "h3", ".title", "#title", ".article-title", ".article_title", ".articleTitle", ".tit",
    ".bt", ".biaoti", ".news_title", ".detail-title", ".con-title", "#ArticleTitle", ".TitleStyle",
)
_INFO_LINE = re.compile(r"(?:^|\s)(?:发布时间|发布日期|发表日期|发文日期|信息时间|更新时间|成文日期|来源|信息来源|日期|时间)\s*[:：]")
_JUNK_FRAGMENT = re.compile(
    r"[【\[]\s*(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|收藏|返回顶部|字体\s*[:：]?\s*[大中小\s]*|[大中小])\s*[】\]]"
    r"|(?:字体|字号)\s*[:：]\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小\s*[】\]]?"
    r"|(?:浏览次数|浏览量|点击数|点击量|阅读次数|访问量)\s*[:：]\s*\d*\s*次?"
    r"|(?:打印本页|关闭窗口|分享到\s*[:：]?)\s*$"
)
_JUNK_LINE = re.compile(
    r"^(?:当前位置|您的位置|您现在的位置|现在位置|所在位置|位置)\s*[:：>]"
    r"|^(?:分享到|分享至|扫一扫|微信扫一扫|上一篇|下一篇|上一条|下一条|相关链接|相关文章|返回顶部|打印本页|关闭窗口)"
    r"|^(?:网站地图|联系我们|版权所有|主办单位|承办单位|技术支持|网站标识码|ICP备|.{0,20}公网安备)"
)
_SPACE_RUN = re.compile(r"[ \t\r\n\f]+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)|^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_GENRE_TITLE = re.compile(r"通报|报告|整改|巡视|巡察")
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||-{1,2}|—+|–)\s*")
_BREAK = "\x00"  # block boundary marker while collecting text


def decode_html(data: bytes, path: str | os.PathLike[str]) -> tuple[str, str, list[str]]:
    """Decode a page by its declared charset (GB2312/GBK read as GB18030), else by detection."""
    match = _META_CHARSET.search(data[:8192])
    if match:
        declared = (match.group(1) or match.group(2)).decode("ascii").lower()
        codec = "gb18030" if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936") else declared
        try:
            text = data.decode(codec)
            if plausible_share(text) >= 0.9:
                return text, codec, []
        except (LookupError, UnicodeDecodeError):
            pass
        decoded = decode_text(data, path)
        return decoded.text, decoded.encoding, [f"page declares charset {declared} but is {decoded.encoding}", *decoded.warnings]
    decoded = decode_text(data, path)
    return decoded.text, decoded.encoding, decoded.warnings


def _words(tag) -> set[str]:
    names = []
    for value in (tag.get("id"), tag.get("class")):
        if isinstance(value, str):
            names.append(value)
        elif value:
            names.extend(value)
    words: set[str] = set()
    for name in names:
        for part in re.split(r"[-_\s]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", name)):
            if part:
                words.add(part.lower())
    return words


def _gone(tag) -> bool:
    """Whether ``tag`` was decomposed (read from its __dict__: ``Tag.decomposed`` costs a tree search)."""
    return bool(tag.__dict__.get("_decomposed"))


def _han_count(tag) -> int:
    return len(_HAN.findall(tag.get_text()))


def _is_hidden(tag) -> bool:
    style = (tag.get("style") or "").replace(" ", "").lower()
    return tag.has_attr("hidden") or "display:none" in style or "visibility:hidden" in style


def _clean_line(line: str) -> str:
    return _JUNK_FRAGMENT.sub("", line).strip()


def _collect_lines(root) -> list[str]:
    """Text of ``root`` with block elements as line breaks; whitespace as a browser shows it."""
    from bs4 import NavigableString
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

    skipped = (Comment, Declaration, Doctype, ProcessingInstruction)
    parts: list[str] = []
    stack: list = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if node == _BREAK:
                parts.append(_BREAK)
            elif isinstance(node, NavigableString) and not isinstance(node, skipped):
                parts.append(str(node))
            continue
        name = node.name
        if name == "table":
            as_rows = _problem_table(node)
            if as_rows is not None:  # 序号 | 反馈问题 | 整改措施 …: one line a row, not one a cell
                parts.extend(part for row in as_rows for part in (_BREAK, row, _BREAK))
                continue
        block = name in _BLOCK_TAGS
        if block:
            parts.append(_BREAK)
        if name == "pre":
            parts.append(node.get_text().replace("\n", _BREAK))
            parts.append(_BREAK)
            continue
        if block or (name in ("strong", "b") and _bold_heading_before_field(node)):
            stack.append(_BREAK)
        stack.extend(reversed(node.contents))
    raw = "".join(parts)

    def collapse(match: re.Match[str]) -> str:
        # A line break in the source between two Chinese characters is no space (CSS Text 3 segment breaks).
        run, start, end = match.group(), match.start(), match.end()
        if ("\n" in run or "\r" in run) and start > 0 and end < len(raw):
            if _CJK.match(raw, start - 1) and _CJK.match(raw, end):
                return ""
        return " "

    raw = _SPACE_RUN.sub(collapse, raw)
    lines = []
    for line in raw.split(_BREAK):
        line = _clean_line(line)
        if line and not _JUNK_LINE.match(line):
            lines.append(line)
    return lines


def _bold_heading_before_field(node) -> bool:
    """A bold run opening its paragraph and followed there by a field label (<b>1.X</b>整改措施:…): a heading of
    its own line, as the page shows it."""
    from bs4 import NavigableString

    before = node.previous_sibling
    while isinstance(before, NavigableString) and not before.strip():
        before = before.previous_sibling
    if before is not None and (not hasattr(before, "name") or before.name not in _BLOCK_TAGS):
        return False
    after = node.next_sibling
    text = after.get_text() if hasattr(after, "get_text") else str(after or "")
    return read_field(text.strip().replace("：", ":")) is not None


def _problem_table(table) -> list[str] | None:
    """A problem table's rows as ``|``-separated lines (see :func:`ingest.tables.problem_table_lines`).

    A header cell merged across (colspan) names each column it spans (a body cell's text goes to the first of them),
    and a row's only cell merged across the table (一、党的建设方面) stays a heading row; a header two rows deep (<th rowspan=2>序号 … <th colspan=2>整改落实情况 over 完成时限 | 整改状态)
    becomes one header row naming each column by its lowest label.
    """
    if table.find("table") is not None:
        return None
    rows = []
    header_depth = 1
    spanning: dict[int, list] = {}  # column -> [text, rows still to fill] of a cell with rowspan
    for tr in table.find_all("tr"):
        cells = tr.find_all(["td", "th"])
        if not cells:
            continue
        if len(cells) == 1 and not spanning and _span(cells[0].get("colspan")) > 1:
            rows.append(["\n".join(_collect_lines(cells[0]))])  # a heading row across the table
            continue
        row: list[str] = []
        for cell in [*cells, None]:
            while len(row) in spanning:  # a cell merged down from a row above fills its column here too
                above = spanning[len(row)]
                row.append(above[0])
                above[1] -= 1
                if above[1] <= 0:
                    del spanning[len(row) - 1]
            if cell is None:
                break
            text = "\n".join(_collect_lines(cell))
            down = _span(cell.get("rowspan"))
            if not rows and down > header_depth:
                header_depth = down
            in_header = len(rows) < header_depth
            for k in range(_span(cell.get("colspan"))):
                piece = text if k == 0 or in_header else ""  # a body cell merged across holds one column's text
                if down > 1:
                    spanning[len(row)] = [piece, down - 1]
                row.append(piece)
        rows.append(row)
    if 1 < header_depth < len(rows) and all(len(r) == len(rows[0]) for r in rows[:header_depth]):
        rows = [rows[header_depth - 1], *rows[header_depth:]]  # the lowest label of each column names it
    return problem_table_lines(rows)


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 500))
    except (TypeError, ValueError):
        return 1


def _page_title(soup) -> str:
    tag = soup.find("title")
    return " ".join(tag.get_text().split()) if tag else ""


def _select_many(soup, selectors: tuple[str, ...]) -> dict[str, list]:
    """Elements matching each simple selector ("#id", ".class", "tag"), in one pass (soupsieve is 20x slower)."""
    found: dict[str, list] = {selector: [] for selector in selectors}
    ids = {selector[1:]: selector for selector in selectors if selector.startswith("#")}
    classes = {selector[1:]: selector for selector in selectors if selector.startswith(".")}
    names = {selector: selector for selector in selectors if selector[0] not in "#."}
    for tag in soup.find_all(True):
        if tag.name in names:
            found[names[tag.name]].append(tag)
        element_id = tag.get("id")
        if isinstance(element_id, str) and element_id in ids:
            found[ids[element_id]].append(tag)
        for name in tag.get("class") or ():
            if name in classes:
                found[classes[name]].append(tag)
    return found


def _article_title(soup, page_title: str) -> tuple[str, object | None]:
    """The article's title and its element (None when it only comes from <title>)."""
    candidates = []
    for tags in _select_many(soup, _TITLE_SELECTORS).values():
        for tag in tags:
            text = " ".join(tag.get_text(" ").split())
            if 4 <= len(text) <= 150 and _HAN.search(text):
                candidates.append((text, tag))
    compact_page_title = page_title.replace(" ", "")
    for text, tag in candidates:
        if compact_page_title and (text.replace(" ", "") in compact_page_title or compact_page_title in text.replace(" ", "")):
            return text, tag
    for text, tag in candidates:
        if tag.name == "h1":
            return text, tag
    if page_title:
        pieces = [piece for piece in _TITLE_SEPARATORS.split(page_title) if piece]
        return (max(pieces, key=lambda piece: len(_HAN.findall(piece))) if pieces else page_title), None
    for text, tag in candidates:
        if _GENRE_TITLE.search(text):
            return text, tag
    return "", None


def _info_candidates(soup) -> tuple[list[tuple[str, object, int]], dict[int, int]]:
    """Texts that read like 发布时间:… 来源:… (junk fragments removed), their elements and document positions.

    Also returns every element's position (by ``id``), taken before furniture is removed from the tree.
    """
    positions = {id(tag): index for index, tag in enumerate(soup.find_all(True))}
    found = []
    for node in soup.find_all(string=_INFO_LINE):
        element = node.parent
        while element is not None and element.name not in _BLOCK_TAGS:
            element = element.parent
        if element is None:
            continue
        text = _clean_line(" ".join(element.get_text(" ").split()))
        if 6 <= len(text) <= 160 and _INFO_LINE.search(text) and re.search(r"\d", text):
            found.append((text, element, positions.get(id(element), -1)))
    return found, positions


def _info_line(candidates: list[tuple[str, object, int]], positions: dict[int, int], body) -> str:
    """The info text nearest before the article body (a date line after it is a footer's)."""
    first = body.find(True)  # the body's first element left: an info line inside a removed header comes before
    start = positions.get(id(first if first is not None else body))
    if start is None:
        return ""

    def inside(element) -> bool:
        return element is body or any(parent is body for parent in element.parents)

    before = [(position, text) for text, element, position in candidates
              if 0 <= position < start and (_gone(element) or not inside(element))]
    return max(before)[1] if before else ""


def _remove_furniture(soup, page_han: int) -> None:
    for tag in soup.find_all(_FURNITURE_TAGS):
        if not _gone(tag) and _han_count(tag) <= page_han // 2:
            tag.decompose()
    for tag in soup.find_all(True):
        if _gone(tag) or tag.name in ("html", "body"):
            continue
        if _words(tag) & _FURNITURE_WORDS and _han_count(tag) <= page_han // 3:
            tag.decompose()


def _drop_link_lists(body) -> None:
    """Remove link lists left inside the article container (menus, related links): 3+ links, 80%+ link text."""
    for tag in body.find_all(("ul", "ol", "table", "div", "p", "dl", "td")):
        if _gone(tag):
            continue
        links = tag.find_all("a")
        if len(links) < 3:
            continue
        text = "".join(tag.get_text().split())
        linked = sum(len("".join(link.get_text().split())) for link in links)
        if text and linked >= 0.8 * len(text):
            tag.decompose()


def _article_body(soup):
    body = soup.body or soup
    total = _han_count(body)
    if total == 0:
        return body
    for tags in _select_many(soup, _ARTICLE_SELECTORS).values():
        for tag in tags:
            if _han_count(tag) >= total * 0.5:
                return tag
    node = body
    while True:
        children = [child for child in node.find_all(True, recursive=False)]
        counts = [(_han_count(child), child) for child in children]
        if not counts:
            return node
        best_count, best = max(counts, key=lambda pair: pair[0])
        if best_count < _han_count(node) * 0.75:
            return node
        node = best


def read_html(data: bytes, path: str | os.PathLike[str]) -> RawDocument:
    """Read a saved web page (bytes) into a RawDocument of format ``"html"``."""
    from bs4 import BeautifulSoup
    from bs4.element import Comment

    text, encoding, warnings = decode_html(data, path)
    text = _XML_DECLARATION.sub("", text, count=1)
    soup = BeautifulSoup(text, "lxml")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    for tag in soup.find_all(True):
        if not _gone(tag) and _is_hidden(tag):
            tag.decompose()

    page_title = _page_title(soup)
    if soup.head is not None:
        soup.head.decompose()
    title, _ = _article_title(soup, page_title)
    info_candidates, positions = _info_candidates(soup)

    _remove_furniture(soup, _han_count(soup.body or soup))
    body = _article_body(soup)
    _drop_link_lists(body)
    info = _info_line(info_candidates, positions, body)
    lines = _collect_lines(body)

    head = []
    if title and not any(title.replace(" ", "") == line.replace(" ", "") for line in lines[:3]):
        head.append(title)
    if info and not any(info in line or line in info for line in lines[:5]):
        head.append(info)
    lines = head + lines
    if not any(_HAN.search(line) or line.strip() for line in lines):
        raise IngestError(path, "no text in the web page")
    return RawDocument("\n".join(lines), encoding, "html", warnings)
