"""The words of a problem statement that say *what* went wrong, apart from where, when and how much.

Problem statements mix the defect (公示期不足五个工作日) with facts that differ from report to report (dates,
amounts, counts, unit names) and with the genre's boilerplate (问题, 整改, 不到位). Tracing compares the
defect, so this module strips the rest.

>>> strip_facts("2019年7月、2021年6月选用副处级领导干部,公示期均不足五个工作日")
'选用副处级领导干部,公示期均不足五个工作日'
>>> clauses("因私出国（境）证件管理不规范，17名处级干部的证件未按规定集中保管；2人未履行审批手续")
['因私出国(境)证件管理不规范', '17名处级干部的证件未按规定集中保管', '2人未履行审批手续']
>>> defect_clauses("干部选拔任用工作不规范，2021年提拔的3名干部公示期均不足五个工作日")
['2021年提拔的3名干部公示期均不足五个工作日']
>>> key_terms("领导干部个人有关事项报告把关不严，有4人漏报房产")
['领导', '干部', '个人有关事项', '报告', '把关', '漏报', '房产']
"""

from __future__ import annotations

import functools
import re

from search.text import normalise

#: Quotation marks that wrap slogans and terms (“三重一大”, ‘加班补助’, 「两新」): dropped for comparison.
_QUOTES = re.compile(r"[“”‘’\"'「」『』〈〉]")
_CLAUSE_BREAK = re.compile(r"[,，;；。:：!！?？\n]+")
#: Dates, amounts, counts and percentages, with the units and the time words that follow them.
_FACT = re.compile(
    r"(?:(?:近|连续)?[\d０-９][\d０-９.,，]*\s*"
    r"(?:年度|年|个月|月份|月|日|万元|亿元|元|%|％|个百分点|个|名|人次|人|项|件|次|家|笔|处|间|台|套|份|种|岁|篇|期|批|条|轮|所|栋|户|天|小时)?"
    r"(?:以来|至今|以上|以下|左右|底|末|初|上半年|下半年)?[至到—\-~、]?)+"
)
_CN_COUNT = re.compile(r"(?<![一二三四五六七八九十])[一二两三四五六七八九十]+(?:名|个|笔|项|处|次|家|人)(?![一-龥]*(?:工作日))")
_MIN_CLAUSE = 6

#: The genre's boilerplate: words that every inspection report uses whatever the problem is about. They carry
#: no evidence that two problems are the same specific problem.
BOILERPLATE: frozenset[str] = frozenset(
    """问题 整改 不到位 到位 不规范 规范 不够 不严 不严格 严格 不力 落实 工作 管理 存在 部分 情况 方面 现象 有关 相关
    要求 规定 按规定 制度 执行 开展 个别 仍 仍有 仍然 未 未按 没有 等 其中 以来 及时 有效 有待 加强 进一步 不 的 了 和 与 及
    或 在 对 为 将 由 中 是 有 被 把 从 向 以 于 年 月 日 个 名 项 万元 亿元 元 家 次 件 人 仅 全市 全区 全县 局 委
    单位 机关 所属 下属 党组 党委 集团 学校 公司 不高 较多 较 偏 偏低 偏弱 不足 不强 薄弱 缺乏 不深 深入 不实 不全
    不够到位 存在问题 一些 部分单位 发现 导致 造成 涉及 合计 共计 累计 金额 中有 当年 近年来 近三年 同比 其他 具体
    到位率 少数 多数 一定 上 下 后 前 时 并 但 且 也 均 都 已 尚 还 又 再 更 最 很 较为 一是 二是 三是""".split()
)


def normalise_statement(text: str) -> str:
    """NFKC, simplified characters, quotation marks dropped, whitespace collapsed."""
    return _QUOTES.sub("", normalise(text))


def strip_facts(text: str) -> str:
    """The statement without dates, amounts, counts and percentages (and quotation marks)."""
    text = normalise_statement(text)
    text = _FACT.sub("", text)
    text = _CN_COUNT.sub("", text)
    return re.sub(r"^[,，、;；\s]+|[,，、;；\s]+$", "", re.sub(r"([,，、;；])[,，、;；\s]+", r"\1", text))


def clauses(text: str) -> list[str]:
    """The statement cut at ，；。： with clauses shorter than six characters joined to the one before.

    A problem that bundles several issues (误餐补贴…；公务用车接送…) has one clause per issue.
    """
    parts = [p.strip() for p in _CLAUSE_BREAK.split(normalise_statement(text)) if p.strip()]
    out: list[str] = []
    for part in parts:
        if out and len(part) < _MIN_CLAUSE:
            out[-1] = f"{out[-1]},{part}"
        else:
            out.append(part)
    if len(out) > 1 and len(out[0]) < _MIN_CLAUSE:
        out[1] = f"{out[0]},{out[1]}"
        del out[0]
    return out


def defect_clauses(text: str) -> list[str]:
    """The clauses that state the concrete defect: all but the lead clause when there are several.

    Statements usually open with a generic topic clause (干部选拔任用工作不规范, 国有资产管理不规范) that many
    different problems share, and go on with the facts of this one (公示期均不足五个工作日). A single-clause
    statement is its own defect.
    """
    parts = clauses(text)
    return parts[1:] if len(parts) > 1 else parts


def defect_text(text: str) -> str:
    """:func:`defect_clauses` joined with commas."""
    return ",".join(defect_clauses(text))


@functools.lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in ("三重一大", "三会一课", "个人有关事项", "因私出国", "公开招标", "公开招租", "八项规定", "一把手",
                 "工作日", "转化率", "执行率", "津补贴", "公务用车", "意识形态", "年轻干部", "纪实材料"):
        jieba.add_word(word)
    return jieba


_TERM_CHARS = re.compile(r"[\u3400-\u9fffA-Za-z]")


@functools.lru_cache(maxsize=65536)
def key_terms(text: str) -> list[str]:
    """Content words of a statement (jieba), without facts and boilerplate, in order, each once."""
    seen: dict[str, None] = {}
    for word in _jieba().lcut(strip_facts(text)):
        word = word.strip()
        if len(word) < 2 or word in BOILERPLATE or not _TERM_CHARS.search(word):
            continue
        seen.setdefault(word, None)
    return list(seen)
