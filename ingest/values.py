"""Dates, money and percentages in a report's normalised text, resolved to values.

Dates become ``YYYY-MM-DD`` (or ``YYYY-MM`` when no day is given); a date written without a year
(``8月4日``) takes the year of the last full date earlier on the same line, else the year most full dates
of the text carry, else the caller's ``year``.
Dates that lost their 年/月 in conversion (``2022818日``, ``20221130日``) are repaired when exactly one
reading is a valid date. Money becomes a float in 元, percentages a float in per cent.

>>> [d.value for d in extract_dates("2022年3月21日至6月15日,巡察。8月4日反馈。")]
['2022-03-21', '2022-06-15', '2022-08-04']
>>> [a.value for a in extract_amounts("授信65亿元,补助37,221万元")]
[6500000000.0, 372210000.0]
>>> [p.value for p in extract_percentages("同比增长86.4%,百分之五十")]
[86.4, 50.0]
"""

from __future__ import annotations

import re
from datetime import date

from rectigraph.model import ValueMention

__all__ = [
    "extract_dates",
    "extract_amounts",
    "extract_percentages",
    "parse_date",
    "chinese_number",
]

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

_CN = "〇零○一二两三四五六七八九十"

# One alternation, scanned once. Named groups tell the shapes apart; order matters (longest first). The
# leading lookahead lets the scan skip every position that cannot start a date (it keeps this fast);
# "not after a digit" checks are done on the match, not in a lookbehind, for the same reason.
_DATE_RE = re.compile(
    r"(?P<ymd>(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)"
    r"|(?P<iso>(?P<iy>(?:19|20)\d\d)(?P<sep>[-/.])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2})(?![\d.]))"
    r"|(?P<lost>(?P<ld>(?:19|20)\d{4,6})日)"
    r"|(?P<md>(?P<mm>\d{1,2})\s*月\s*(?P<dd>\d{1,2})\s*日)"
    r"|(?P<mo>(?<=[至到—~-])(?P<mo_m>\d{1,2})\s*月(?![\d份]))"
    r"|(?P<cn>(?P<cy>(?:一九|二[〇零○])[〇零○一二三四五六七八九]{2})年(?P<cm>[一二三四五六七八九十]{1,2})月"
    r"(?:(?P<cd>[一二三四五六七八九十]{1,3})日)?)"
)
# Where a date may start: a run of digits followed by 年/月/日/-/./, or a Chinese year (二〇二三年). Both scanners
# start with a character class or literals, which the regex engine finds in C; _DATE_RE then reads the date.
_DIGIT_DATE_SCAN = re.compile(r"[0-9]{1,8}(?:\s*[年月日]|(?<=(?:19|20)\d\d)[-/.])")
_CN_DATE_SCAN = re.compile(r"(?:一九|二[〇零○])[〇零○一二三四五六七八九]{2}年")


def _date_matches(text: str) -> list[re.Match[str]]:
    """Date matches in text order, without overlaps and never starting inside a number."""
    out: list[re.Match[str]] = []
    for scan in (_DIGIT_DATE_SCAN, _CN_DATE_SCAN):
        pos = 0
        while True:
            hit = scan.search(text, pos)
            if hit is None:
                break
            start = hit.start()
            m = None if _after_number(text, start) else _DATE_RE.match(text, start)
            if m is None:
                pos = hit.end() if hit.end() > start else start + 1
                continue
            out.append(m)
            pos = m.end()
    if len(out) > 1:
        out.sort(key=lambda m: m.start())
    return out


# Money and percentages are found from their unit backwards: 元 and % are rare, digits are not.
_UNIT_RE = re.compile(r"元|%|百分之")
_AMOUNT_BEFORE_RE = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万亿|亿|千万|百万|万|千)?(?P<approx>余|多)?\s*$"
)
_UNIT_VALUE = {None: 1.0, "千": 1e3, "万": 1e4, "百万": 1e6, "千万": 1e7, "亿": 1e8, "万亿": 1e12}
_PERCENT_BEFORE_RE = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*$")
_CN_PERCENT_RE = re.compile(r"[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?")
_WINDOW = 24


def _after_number(text: str, pos: int) -> bool:
    """Whether ``pos`` continues a number (``1.5`` / ``37,221``): the match would start mid-number."""
    if pos == 0:
        return False
    prev = text[pos - 1]
    return "0" <= prev <= "9" or (prev in ".," and pos > 1 and "0" <= text[pos - 2] <= "9")


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral up to the thousands (``二十三`` -> 23, ``二〇二三`` -> 2023).

    >>> chinese_number("十五"), chinese_number("二〇二三"), chinese_number("一百零八")
    (15, 2023, 108)
    """
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text):  # digit by digit: 二〇二三
        value = 0
        for ch in text:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def _valid(y: int, m: int, d: int | None = None) -> bool:
    if not (1 <= m <= 12):
        return False
    if d is None:
        return True
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _fmt(y: int, m: int, d: int | None) -> str:
    return f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}"


def _lost_date(digits: str) -> tuple[int, int, int] | None:
    """``2022818`` -> (2022, 8, 18): the one valid reading of digits that lost 年 and 月, else None.

    >>> _lost_date("2022818"), _lost_date("20221130"), _lost_date("2022111")
    ((2022, 8, 18), (2022, 11, 30), None)
    """
    y, rest = int(digits[:4]), digits[4:]
    readings = []
    for cut in (1, 2):
        m_s, d_s = rest[:cut], rest[cut:]
        if not 1 <= len(d_s) <= 2:
            continue
        if len(m_s) == 1 and len(d_s) == 2 and d_s[0] == "0":  # mixed padding: 1 + 05
            continue
        m, d = int(m_s), int(d_s)
        if _valid(y, m, d):
            readings.append((y, m, d))
    return readings[0] if len(readings) == 1 else None


def parse_date(raw: str, year: int | None = None) -> str | None:
    """One date expression -> ``YYYY-MM-DD`` / ``YYYY-MM``; None when it is not a date.

    >>> parse_date("2023年03月28日"), parse_date("8月4日", 2022), parse_date("20221130日")
    ('2023-03-28', '2022-08-04', '2022-11-30')
    """
    found = extract_dates(raw, year=year)
    return found[0].value if found else None


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def extract_dates(text: str, *, year: int | None = None) -> list[ValueMention]:
    """Every date in ``text``, in order.

    A date without a year (``8月4日``) takes the year of the last full date before it on the same line
    (``2022年3月21日至6月15日``); otherwise the year most full dates of the text carry (the period the report
    narrates, which is usually not its publication year); otherwise ``year``.
    """
    out: list[ValueMention] = []
    pending: list[tuple[int, ValueMention, int, int]] = []  # (index in out, mention, month, day)
    years: dict[int, int] = {}
    ctx_year: int | None = None  # year of the last full date seen
    ctx_pos = -1
    for m in _date_matches(text):
        full: tuple[int, int, int | None] | None = None
        if m.group("ymd"):
            full = (int(m.group("y")), int(m.group("m")), int(m.group("d")) if m.group("d") else None)
        elif m.group("iso"):
            full = (int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        elif m.group("lost"):
            full = _lost_date(m.group("ld"))
        elif m.group("cn"):
            y, mo = chinese_number(m.group("cy")), chinese_number(m.group("cm"))
            d = chinese_number(m.group("cd")) if m.group("cd") else None
            full = (y, mo, d) if y and mo else None
        elif m.group("mo"):  # 2022年4月至6月: the end of a range of months
            mo = int(m.group("mo_m"))
            if ctx_year is not None and ctx_pos >= _line_start(text, m.start()) and _valid(ctx_year, mo):
                out.append(ValueMention(raw=m.group(0), value=_fmt(ctx_year, mo, None), span=(m.start(), m.end())))
            continue
        elif m.group("md"):
            if m.start() > 0 and text[m.start() - 1] == "年":
                continue
            mo, d = int(m.group("mm")), int(m.group("dd"))
            span = (m.start(), m.end())
            if ctx_year is not None and ctx_pos >= _line_start(text, m.start()):
                if _valid(ctx_year, mo, d):
                    out.append(ValueMention(raw=m.group(0), value=_fmt(ctx_year, mo, d), span=span))
            else:
                mention = ValueMention(raw=m.group(0), value=None, span=span)
                pending.append((len(out), mention, mo, d))
                out.append(mention)
            continue
        if full is not None and _valid(*full):
            ctx_year, ctx_pos = full[0], m.start()
            years[full[0]] = years.get(full[0], 0) + 1
            out.append(ValueMention(raw=m.group(0), value=_fmt(*full), span=(m.start(), m.end())))
    if pending:
        narrative = max(years, key=lambda y: (years[y], y)) if years else year
        for _, mention, mo, d in pending:
            if narrative is not None and _valid(narrative, mo, d):
                mention.value = _fmt(narrative, mo, d)
        out = [m for m in out if m.value is not None]
    return out


def extract_amounts(text: str) -> list[ValueMention]:
    """Money amounts in 元 (``65亿元`` -> 6.5e9, ``37,221万元`` -> 372210000.0)."""
    out = []
    pos = text.find("元")
    while pos != -1:
        lo = max(0, pos - _WINDOW)
        m = _AMOUNT_BEFORE_RE.search(text, lo, pos)
        if m and not _after_number(text, m.start()):
            number = float(m.group("num").replace(",", ""))
            value = round(number * _UNIT_VALUE[m.group("unit")], 2)
            out.append(ValueMention(raw=text[m.start() : pos + 1], value=value, span=(m.start(), pos + 1)))
        pos = text.find("元", pos + 1)
    return out


def _chinese_decimal(text: str) -> float | None:
    whole, _, frac = text.partition("点")
    w = chinese_number(whole) if whole else 0
    if w is None:
        return None
    if not frac:
        return float(w)
    digits = "".join(str(_CN_DIGITS[c]) for c in frac if c in _CN_DIGITS)
    return float(f"{w}.{digits}") if digits else float(w)


def extract_percentages(text: str) -> list[ValueMention]:
    """Percentages as per-cent floats (``86.4%`` -> 86.4, ``百分之五十`` -> 50.0)."""
    out = []
    for u in _UNIT_RE.finditer(text):
        unit = u.group(0)
        if unit == "%":
            m = _PERCENT_BEFORE_RE.search(text, max(0, u.start() - _WINDOW), u.start())
            if m and not _after_number(text, m.start()):
                out.append(ValueMention(raw=text[m.start() : u.end()], value=float(m.group("num")),
                                        span=(m.start(), u.end())))
        elif unit == "百分之":
            m = _CN_PERCENT_RE.match(text, u.end())
            value = _chinese_decimal(m.group(0)) if m else None
            if m and value is not None:
                out.append(ValueMention(raw=text[u.start() : m.end()], value=value, span=(u.start(), m.end())))
    return out
