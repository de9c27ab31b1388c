"""Figures a report claims (细化为24个主要问题、49个具体问题 …) and the same figures counted from its problems.

>>> claimed_figures("细化为24个主要问题、49个具体问题,制定177条整改措施。已经完成整改47个,2个问题正在推进中。")
{'main_problems': 24, 'specific_problems': 49, 'measures': 177, 'completed': 47, 'in_progress': 2}
"""

from __future__ import annotations

import re
from typing import Any

from ingest.values import chinese_number, extract_dates
from rectigraph.model import Problem

_N = r"(?P<n>\d+|[一二三四五六七八九十百两]+)"
_UNIT = r"(?:个|项|条|件)"
# (key, pattern); the first match of each key wins.
_N2 = _N.replace("n>", "n2>")
# (key, pattern); for each key the first pattern that matches wins, and within it the first match.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("aspects", re.compile(_N + r"个方面|(?P<n2>\d+)方面")),  # 4方面, but not 一方面…另一方面
    ("main_problems", re.compile(_N + r"个主要问题|主要问题" + _N2 + r"个")),
    ("specific_problems", re.compile(_N + _UNIT + r"具体(?:问题|表现)|具体(?:问题|表现)" + _N2 + _UNIT)),  # 具体问题5个
    ("problems", re.compile(r"\d+个?方面(?:的)?" + _N + r"(?:个|项|条)(?![^,。;]{0,2}(?:措施|任务|制度))")),  # 2个方面7项
    # N个问题 on its own (8个问题已完成整改6个: 8; 反馈问题28个,其中26个问题已整改: not 26); not 第一个问题: (a label),
    # nor 一个问题、一名领导… (one of each), nor 26个问题已完成整改 / 剩余2个问题正在推进 (a status's count)
    # (反馈的12个问题均已整改到位: after 的, the problems fed back, however they stand)
    ("problems", re.compile(r"(?<=的)" + _N + r"(?:个|项|条)问题(?!线索)")),
    ("problems", re.compile(r"(?<![\d个项第])(?<!其中)(?<!剩余)(?<!其余)(?!一个问题[、,])" + _N + r"(?:个|项|条)问题(?!线索)"
                            r"(?!(?:均|都)?(?:已|正在|需|仍|尚)[^,。;\d]{0,8}(?:[,。;]|$))")),
    # 反馈问题28个 / 梳理出问题7项; not 反馈问题共2个方面 (aspects)
    # … / 反馈涉及县司法局的问题5个
    ("problems", re.compile(r"(?:反馈|指出|梳理|查找|查摆|发现|交办|认领|涉及)(?:出|形成)?(?:[^,。;:\d]{0,12}?的)?问题(?:清单)?(?:共)?"
                            + _N
                            + r"(?:个|项|条)(?!方面)")),
    ("measures", re.compile(r"整改(?:措施|举措)(?:共)?" + _N + r"(?:条|项)|" + _N2 + r"(?:条|项)(?:具体)?整改(?:措施|举措)")),
    ("tasks", re.compile(r"(?:细化|分解|梳理|形成|列出)[^。;]{0,24}?" + _N + r"(?:项|个)(?:整改)?任务")),
    ("tasks", re.compile(r"(?:细化|分解|梳理|形成|列出|明确|确定|制定)(?:为)?(?:整改)?任务" + _N + r"(?:项|个)")),
    ("completed", re.compile(r"(?:已(?:经)?(?:全部)?(?:完成(?:整改)?|整改(?:到位|完成|完毕)?|办结)|(?<![未已])完成整改)(?:的)?(?:问题)?"
                             + _N + _UNIT)),
    ("completed", re.compile(_N + _UNIT + r"(?:问题)?(?:均)?已(?:经)?(?:全部)?(?:完成|整改(?:到位|完成|完毕)|办结)")),
    ("in_progress", re.compile(r"(?:正在(?:持续)?(?:推进|整改)(?:中)?|整改中|持续推进(?:中)?|(?:尚)?未完成(?:整改)?)(?:的)?(?:问题)?"
                               + _N + _UNIT)),
    ("in_progress", re.compile(_N + _UNIT + r"(?:问题)?(?:[^,。;]{0,12})正在[^,。;]{0,4}?推进")),
    ("long_term", re.compile(r"(?:长期坚持|持续整改)(?:的)?(?:问题)?" + _N + _UNIT)),
    ("long_term", re.compile(_N + _UNIT + r"(?:问题)?需?长期坚持")),
    ("rules_made", re.compile(r"(?:制度(?:机制)?|规范性文件)" + _N + r"(?:项|件|个|部)")),
    ("rules_abolished", re.compile(r"废止[^,;。]{0,12}?" + _N + r"(?:项|件|个)")),
]

#: What discipline followed, and what was handed on, as a summary counts it: (key, words before the number, unit).
#: 立案审查调查3人,给予党纪政务处分3人,组织处理11人次 / 提醒谈话和批评教育19人次 / 移交问题线索3件、信访件9件
_DISCIPLINE = [
    ("investigated", r"立案(?:审查调查|审查|调查)", r"(?:人|件)"),
    ("party_or_govt_sanctions", r"党纪政务处分", r"人"),
    ("party_discipline", r"党纪处分", r"人"),
    ("organisational_handling", r"组织处理", r"人"),
    ("admonishment_talks", r"诫勉谈话", r"人"),
    ("reminder_talks", r"提醒谈话(?:和批评教育)?", r"人"),
    ("criticism", r"(?<![和、])批评教育", r"人"),
    ("accountability", r"问责(?:处理)?(?:干部)?", r"人"),
    ("clues_transferred", r"问题线索", r"(?:件|条)"),
    ("petitions_transferred", r"信访(?:件|事项)", r"件"),
    ("similar_problems_found", r"同类问题", r"(?:个|项|条)"),
]
_PATTERNS += [(key, re.compile(words + _N + unit)) for key, words, unit in _DISCIPLINE]

# Money a summary says was recovered, in 万元 (several clauses are summed: 清退补贴9.36万元,收缴租金3.84万元).
_MONEY_RECOVERED = re.compile(r"(?:清退|追缴|收回|收缴|退还|追回)[^,;。]{0,16}?(?P<v>\d+(?:\.\d+)?)万元")
_LOSSES_RECOVERED = re.compile(r"挽回(?:经济)?损失(?P<v>\d+(?:\.\d+)?)万元")
_RECEIVABLES = re.compile(r"清收应收账款(?P<v>\d+(?:\.\d+)?)亿元")

# Every problem rectified, without a number: 已全部完成整改 / 均已整改到位
_ALL_DONE = re.compile(r"(?:均|已|均已)全部(?:完成整改|整改(?:到位|完成|完毕)|办结)|均已(?:完成整改|整改(?:到位|完成|完毕)|办结)")

_AS_OF = re.compile(r"截至(?:目前|[^,。]{0,4}?)(?P<d>\d{4}年\d{1,2}月\d{1,2}日|\d{7,8}日)")


def _number(m: re.Match[str]) -> int | None:
    raw = m.group("n") if m.group("n") else m.groupdict().get("n2")
    if raw is None:
        return None
    return int(raw) if raw.isdigit() else chinese_number(raw.replace("两", "二"))


def _money_clauses(text: str) -> str:
    """The sentences of a summary that state figures as of a date (截至…): where recovered money is claimed, not
    the amounts a report's narrative mentions in passing."""
    return "。".join(c for c in re.split(r"。", text) if "截至" in c or "累计" in c or "共计" in c)


def _counts_tasks(text: str, at: int) -> bool:
    """The sentence before ``at`` speaks of tasks (整改任务), not problems."""
    start = max(text.rfind("。", 0, at), text.rfind(";", 0, at)) + 1
    clause = text[start:at]
    return "任务" in clause and "问题" not in clause


_CLAUSE_END = re.compile(r"[。;]")
_COUNT = re.compile(r"[\d一二三四五六七八九十百两](?:个|项|条|件|部|方|人)")


def _counting_clauses(text: str) -> str:
    """The clauses of ``text`` that count something (3个方面 / 15条 …), joined by 。; no figure pattern crosses
    a clause end, and scanning only these keeps long texts cheap."""
    return "。".join(c for c in _CLAUSE_END.split(text) if _COUNT.search(c))


# A statistics table: a header row of what is counted, then one row of as many numbers
_NUMBER_ROW = re.compile(r"^[ \t|]*\d{1,4}(?:[ \t|]+\d{1,4})+[ \t|]*$", re.MULTILINE)
_COLUMN_KEYS: list[tuple[str, re.Pattern[str]]] = [
    ("in_progress", re.compile(r"正在|推进|整改中")),
    ("long_term", re.compile(r"长期")),
    ("completed", re.compile(r"已(?:经)?(?:完成|整改|办结|销号)|完成整改")),
    ("aspects", re.compile(r"方面")),
    ("main_problems", re.compile(r"主要问题")),
    ("measures", re.compile(r"措施")),
    ("tasks", re.compile(r"任务")),
    ("specific_problems", re.compile(r"问题")),
]


def table_figures(text: str) -> dict[str, int]:
    """Figures claimed in a small statistics table: a row of counted things over a row of numbers.

    >>> table_figures("整改总体情况如下:\\n反馈问题数 已完成整改 正在推进 需长期坚持\\n5 3 1 1")
    {'specific_problems': 5, 'completed': 3, 'in_progress': 1, 'long_term': 1}
    """
    out: dict[str, int] = {}
    for m in _NUMBER_ROW.finditer(text):
        numbers = re.findall(r"\d+", m.group())
        head_end = m.start() - 1
        header = text[text.rfind("\n", 0, max(head_end, 0)) + 1 : max(head_end, 0)]
        labels = [c for c in re.split(r"[ \t|]+", header.strip()) if c]
        if len(labels) != len(numbers) or any(len(c) > 10 or c.isdigit() for c in labels):
            continue
        for label, n in zip(labels, numbers):
            key = next((k for k, pattern in _COLUMN_KEYS if pattern.search(label)), None)
            if key is not None:
                out.setdefault(key, int(n))
    return out


_SPACED_NUMBER = re.compile(r"(?<=\d)[ \t]+(?=[\u4e00-\u9fff%])|(?<=[\u4e00-\u9fff])[ \t]+(?=\d)")


def claimed_figures(intro: str) -> dict[str, Any]:
    """Figures claimed in the narrative part of a report (before the per-problem part), or in a statistics
    table there."""
    out: dict[str, Any] = {}
    intro = _SPACED_NUMBER.sub("", intro)  # 反馈的 3 个方面 7 个问题: a space typed around a number
    counted = _counting_clauses(intro)
    for key, pattern in _PATTERNS:
        for m in pattern.finditer(counted):
            n = _number(m)
            if n is None:
                continue
            if key in ("completed", "in_progress", "long_term") and _counts_tasks(counted, m.start()):
                out.setdefault(f"tasks_{key}", n)  # 68项整改任务已完成59项: tasks, not problems
                continue  # the same figure about problems may follow (…已完成整改47个)
            out.setdefault(key, n)
            break
    if "\n" in intro:
        for key, value in table_figures(intro).items():
            out.setdefault(key, value)
    problems = out.pop("problems", None)
    if problems is not None:
        if "main_problems" not in out and "specific_problems" in out and problems != out["specific_problems"]:
            out["main_problems"] = problems
        elif "specific_problems" not in out:
            out["specific_problems"] = problems
    if "completed" not in out and "specific_problems" in out:
        done = _ALL_DONE.search(intro)
        if done and not _counts_tasks(intro, done.start()):
            out["completed"] = out["specific_problems"]  # 12个问题…目前已全部完成整改: all of them
    counted_money = _money_clauses(intro)
    money = [float(m.group("v")) for m in _MONEY_RECOVERED.finditer(counted_money)]
    if money:
        out["money_recovered_wan"] = round(sum(money), 2)
    for key, pattern in (("losses_recovered_wan", _LOSSES_RECOVERED), ("receivables_recovered_yi", _RECEIVABLES)):
        found_money = pattern.search(counted_money)
        if found_money:
            out[key] = float(found_money.group("v"))
    m = _AS_OF.search(intro)
    if m:
        found = extract_dates(m.group("d"))
        if found:
            out["as_of"] = found[0].value
    return {k: out[k] for k in sorted(out, key=_order)}


#: A count closing a category heading: (一)关于党的建设方面的问题(共5项) / 二、已完成的整改事项(6个)
HEADING_COUNT = re.compile(r"\s*[(（]共?\s*(?P<n>\d{1,3})\s*(?:项|个|条)(?:问题)?[)）]$")


def heading_figures(headings: list[tuple[int, str]]) -> dict[str, int]:
    """Problems claimed by counts closing category headings (``(rank, heading text)``): the sum over the highest
    headings that carry one, when the report states no total elsewhere.

    >>> heading_figures([(2, "(一)甲方面(共2项)"), (2, "(二)乙方面(共3项)"), (3, "1.丙")])
    {'specific_problems': 5}
    """
    counted = [(rank, int(m.group("n"))) for rank, text in headings if (m := HEADING_COUNT.search(text))]
    if not counted:
        return {}
    top = min(rank for rank, _ in counted)
    return {"specific_problems": sum(n for rank, n in counted if rank == top)}


_KEY_ORDER = ["aspects", "main_problems", "specific_problems", "measures", "tasks", "completed", "in_progress", "long_term"]

#: Every key :func:`claimed_figures` can return (what a UI must know how to label).
CLAIM_KEYS: frozenset[str] = frozenset(
    {key for key, _ in _PATTERNS if key != "problems"}
    | {f"tasks_{key}" for key in ("completed", "in_progress", "long_term")}
    | {"as_of", "money_recovered_wan", "losses_recovered_wan", "receivables_recovered_yi"}
)


def _order(key: str) -> tuple[int, str]:
    return (_KEY_ORDER.index(key) if key in _KEY_ORDER else len(_KEY_ORDER), key)


def _number_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def disclosed_figures(problems: list[Problem], claimed: dict[str, Any] | None = None) -> dict[str, int]:
    """The claimed figures' counterparts, counted from the problems actually listed.

    ``specific_problems`` counts the problems that carry measures, actions or a status (the units a report
    rectifies). ``main_problems`` counts those holding specific problems and, in a report that has such, the
    ones standing alone that are framed as main problems (关于“X”的问题): those count as both. A flat list is a
    list of specific problems, unless the report frames it as its main problems: it claims main problems, and
    the number listed is nearer that claim than the claimed specific problems (11 listed, 11 main and 32
    specific claimed: 11 main, 0 specific).

    >>> flat = [Problem(id=f"P{i}", text="x", span=(0, 1), status="已完成") for i in range(3)]
    >>> disclosed_figures(flat)["specific_problems"], disclosed_figures(flat)["main_problems"]
    (3, 0)
    >>> framed = disclosed_figures(flat, {"main_problems": 3, "specific_problems": 9})
    >>> framed["main_problems"], framed["specific_problems"]
    (3, 0)
    """
    units = [p for p in problems if p.measures or p.actions or p.status]
    codes = [p.status_code for p in units]
    parents = {p.parent for p in problems if p.parent}
    holding = [p for p in problems if p.id in parents]
    alone = [p for p in problems if p.parent is None and p.id not in parents]
    claimed = claimed or {}
    main_claim = _number_or_none(claimed.get("main_problems"))
    specific_claim = _number_or_none(claimed.get("specific_problems"))
    alone_are_main = not holding and main_claim is not None and (
        specific_claim is None or abs(len(alone) - main_claim) < abs(len(alone) - specific_claim))
    if alone_are_main:
        alone_ids = {p.id for p in alone}
        main, specific = len(alone), sum(1 for p in units if p.id not in alone_ids)
    else:
        framed = sum(1 for p in alone if p.level == "main") if holding else 0
        main, specific = len(holding) + framed, len(units)
    return {
        "main_problems": main,
        "specific_problems": specific,
        "measures": sum(len(p.measures) for p in problems),
        "actions": sum(len(p.actions) for p in problems),
        "completed": codes.count("completed"),
        "in_progress": codes.count("in_progress"),
        "long_term": codes.count("long_term"),
        "basically_completed": codes.count("partial"),  # 基本完成
    }
