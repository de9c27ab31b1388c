"""Highlight parts of untrusted report text in HTML: escape every piece, then join.

Report text is never marked safe as a whole; only the ``<mark>`` tags added here are markup.

>>> str(highlight_spans("a<b>c", [(1, 4)]))
'a<mark>&lt;b&gt;</mark>c'
>>> str(highlight_terms("公示期不足5个工作日", ["公示期"]))
'<mark>公示期</mark>不足5个工作日'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

Span = tuple[int, int]


def merge_spans(spans: Iterable[Sequence[int]], length: int) -> list[Span]:
    """Sorted, clipped, non-overlapping spans."""
    clipped = sorted((max(0, int(a)), min(length, int(b))) for a, b in spans)
    merged: list[Span] = []
    for start, end in clipped:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_spans(text: str, spans: Iterable[Sequence[int]], css_class: str | None = None) -> Markup:
    """``text`` escaped, with each span wrapped in ``<mark>``."""
    open_tag = Markup(f'<mark class="{escape(css_class)}">') if css_class else Markup("<mark>")
    out: list[Markup] = []
    pos = 0
    for start, end in merge_spans(spans, len(text)):
        out.append(escape(text[pos:start]))
        out.append(open_tag + escape(text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def link_spans(text: str, links: Iterable[tuple[int, int, str, str]]) -> Markup:
    """``text`` escaped, each ``(start, end, href, title)`` span a marked link; overlapping spans after
    the first are skipped.

    >>> str(link_spans("甲<乙>丙", [(1, 4, "/p?a=1&b=2", "问题")]))
    '甲<a class="span-link" href="/p?a=1&amp;b=2" title="问题"><mark>&lt;乙&gt;</mark></a>丙'
    """
    out: list[Markup] = []
    pos = 0
    for start, end, href, title in sorted(links, key=lambda link: (link[0], -link[1])):
        start, end = max(0, int(start)), min(len(text), int(end))
        if start < pos or end <= start:
            continue
        out.append(escape(text[pos:start]))
        out.append(
            Markup('<a class="span-link" href="{}" title="{}"><mark>{}</mark></a>').format(href, title, text[start:end])
        )
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def term_spans(text: str, terms: Iterable[str]) -> list[Span]:
    """Where any of ``terms`` (case-insensitive, at least one character) occurs in ``text``."""
    words = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def highlight_terms(text: str, terms: Iterable[str]) -> Markup:
    """``text`` escaped, with every occurrence of a query term marked."""
    return highlight_spans(text, term_spans(text, terms))


def context_window(text: str, span: Sequence[int], before: int = 160, after: int = 160) -> tuple[str, Span, bool, bool]:
    """The paragraph-ish window around ``span``: (window text, span inside it, cut at start, cut at end).

    The window stops at line breaks where possible, so a problem is shown in its own paragraph.

    >>> context_window("一段。\\n问题在这里。\\n下一段", (4, 9))[:2]
    ('问题在这里。', (0, 5))
    """
    start, end = int(span[0]), int(span[1])
    lo = text.rfind("\n", 0, start) + 1
    if start - lo > before:
        lo = start - before
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    if hi - end > after:
        hi = end + after
    cut_start = lo > 0 and text[lo - 1] != "\n"
    cut_end = hi < len(text) and text[hi] != "\n"
    return text[lo:hi], (start - lo, end - lo), cut_start, cut_end
