"""A sixth round of hand-written layouts (tests/data/layouts), written by a second pair of hands from published
forms the earlier rounds did not cover: an 整改台账 of blocks (序号:N / 问题: / 整改措施: / 责任单位: / 完成时限: /
整改情况:…。已完成。) with blank lines between them; a report written in Markdown (## 二、 / ### (一)关于…方面 /
**1. 标题** / 反馈指出:…); 【问题一】巡察指出:X blocks of a hospital; a 回头看 report whose problems are one
paragraph each (1) X。镇党委对…(已完成)。), cut by page numbers (— 3 —) inside a sentence; a university's three
levels (一、X方面 / (一)关于X的问题 / ①Y) with a closing appeal that gives a telephone number; and an SOE's decimal
outline (1 X方面 / 1.1 Y). Expected results were written by hand from the texts before the parser was run on them."""

from __future__ import annotations

from pathlib import Path

from ingest import parse_file
from report_checks import assert_spans_hold

LAYOUTS = Path(__file__).resolve().parent.parent / "data" / "layouts"


def _shape(report):
    return [(p.status_code, len(p.measures), len(p.actions)) for p in report.problems]



def _no_leaks(report, *words):
    """None of ``words`` (a ledger's 序号, Markdown, the closing appeal…) in any problem, measure or action."""
    for p in report.problems:
        for text in (p.text, *(i.text for i in (*p.measures, *p.actions))):
            assert not any(w in text for w in words), text


def test_ledger_blocks_numbered_by_xuhao_fields():
    """序号:2 opens the next block: it is no action of the block before, and 已完成。 closing 整改情况 is the status;
    整改情况 closing on 正在推进 outweighs 完成时限:长期坚持."""
    r = parse_file(LAYOUTS / "ledger-blocks-xuhao-blank-lines.txt")
    assert _shape(r) == [("completed", 3, 1), ("completed", 3, 1), ("in_progress", 2, 1), ("completed", 3, 1),
                         ("completed", 3, 2)]
    assert r.problems[2].deadline == "长期坚持"
    assert r.problems[0].text.startswith("学习贯彻党的二十大精神不够深入")
    _no_leaks(r, "序号", "下一步", "联系电话")
    assert_spans_hold(r)
    assert {k: r.claimed.get(k) for k in ("specific_problems", "measures", "completed", "in_progress")} == {
        "specific_problems": 5, "measures": 14, "completed": 4, "in_progress": 1}


def test_a_report_written_in_markdown_with_fankui_zhichu_under_bold_titles():
    """## / ### / ** are markup; the bold numbered title is the problem, 反馈指出:… describes it (no category)."""
    r = parse_file(LAYOUTS / "markdown-headings-fankui-zhichu.txt")
    assert r.title.startswith("中共临溪市自然资源和规划局党组关于") and r.issuer == "中共临溪市自然资源和规划局党组"
    assert [p.text for p in r.problems] == [
        "耕地保护责任落实不到位", "国土空间规划编制进度滞后", "执法监管存在“宽松软”现象", "党组主体责任压得不实",
        "重点领域廉政风险防控不力", "违反中央八项规定精神问题仍有发生", "干部队伍结构不优", "基层党组织建设薄弱"]
    assert [p.status_code for p in r.problems] == ["completed", "long_term", *["completed"] * 4, "long_term",
                                                   "completed"]
    assert all(len(p.category) == 1 and p.category[0].startswith("关于") for p in r.problems)
    _no_leaks(r, "**", "#", "下一步工作")
    assert_spans_hold(r)


def test_bracketed_problem_labels_with_a_second_label_inside():
    """【问题一】巡察指出:X: X is the problem, without 巡察指出."""
    r = parse_file(LAYOUTS / "hospital-bracket-wenti-xuncha-zhichu.txt")
    assert _shape(r) == [("completed", 3, 2), ("completed", 2, 1), ("partial", 3, 1), ("completed", 3, 1),
                         ("long_term", 2, 1), ("completed", 2, 1), ("completed", 2, 1)]
    assert r.problems[0].text.startswith("医院党委把方向、管大局")
    assert not any(p.text.startswith(("巡察指出", "巡视指出")) for p in r.problems)
    assert_spans_hold(r)


def test_one_paragraph_problems_closed_by_their_status_across_a_page_break():
    """1) X。镇党委对…(已完成)。: the first sentence is the problem, the rest what was done; a page number inside a
    sentence (…12个村全部实现 / — 3 — / 垃圾日产日清(已完成)。) does not cut the paragraph."""
    r = parse_file(LAYOUTS / "huitoukan-paren-digits-page-breaks.txt")
    assert [p.status_code for p in r.problems] == ["completed", "completed", "partial", "in_progress", "completed",
                                                   "completed", "completed", "completed"]
    assert r.problems[0].text.startswith("上轮巡察指出的村级财务管理不规范问题整改不彻底")
    assert r.problems[1].text == "上轮巡察指出的“三资”管理问题整改流于形式,集体资产底数不清"
    assert r.problems[0].actions[0].text.startswith("镇党委组织农经站")
    assert r.problems[4].actions[-1].text.endswith("12个村全部实现垃圾日产日清")
    assert all(len(p.actions) == 1 for p in r.problems)
    assert r.inspection.type == "回头看"
    assert_spans_hold(r)


def test_three_levels_and_a_closing_appeal_with_a_telephone_number():
    """(一)关于X的问题 holds ①Y; 学校党委将坚持…欢迎…联系电话 after the last problem is no action; 持续整改N个 is claimed."""
    r = parse_file(LAYOUTS / "university-three-level-circled-specifics.txt")
    mains = [p for p in r.problems if p.level == "main"]
    assert [p.text for p in mains] == ["落实立德树人根本任务不够有力", "意识形态工作责任制落实不到位", "重点领域监督不到位",
                                       "基层党组织建设薄弱"]
    assert [p.parent for p in r.problems if p.level != "main"] == ["P01", "P01", "P04", "P04", "P07", "P07", "P07",
                                                                   "P11", "P11"]
    assert [p.status_code for p in r.problems if p.level != "main"].count("long_term") == 2
    _no_leaks(r, "联系电话", "欢迎")
    assert_spans_hold(r)
    assert {k: r.claimed.get(k) for k in ("main_problems", "specific_problems", "completed", "long_term")} == {
        "main_problems": 4, "specific_problems": 9, "completed": 7, "long_term": 2}


def test_a_decimal_outline():
    """1 X方面 / 1.1 Y: 1.1 numbers a problem under the aspect, and is no part of its text."""
    r = parse_file(LAYOUTS / "soe-decimal-outline-numbering.txt")
    assert [p.status_code for p in r.problems] == ["in_progress", "completed", "completed", "completed", "completed",
                                                   "in_progress", "completed"]
    assert [len(p.measures) for p in r.problems] == [3, 2, 2, 2, 2, 2, 2]
    assert not any(p.text[:1].isdigit() for p in r.problems)
    assert r.problems[0].category == ["贯彻落实党中央决策部署和省委、市委工作要求方面"]
    assert_spans_hold(r)
