"""A ninth round (tests/data/layouts), by a second pair of hands, in the forms reports reach us: a PDF export hard-
wrapped with running headers and 第 N 页 共 3 页; a GB18030 file with CRLF whose problems carry 原因分析: and 举一反三:
lines; a WeChat article copied as text (原创 byline, ———— rules, 01/02 section numbers, 往期推荐 and 阅读原文); and a
government page whose article sits in <div class="TRS_Editor">. Expected results were written by hand from the texts
before the parser was run on them. Each of the rules below failed before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import parse_file, parse_text
from ingest.lines import strip_item_marker
from report_checks import assert_spans_hold

LAYOUTS = Path(__file__).resolve().parent.parent / "data" / "layouts"
BASE = "中共某局党组关于巡察整改情况的通报\n市委第二巡察组对我局开展了巡察。\n"


def _shape(report):
    return [(p.status_code, len(p.measures), len(p.actions)) for p in report.problems]


@pytest.mark.parametrize(("name", "shape"), [
    ("pdf-export-wrap35-page-furniture.txt", [("completed", 3, 1), ("in_progress", 3, 1), ("completed", 3, 1),
                                             ("completed", 3, 1), ("in_progress", 3, 1), ("completed", 3, 1),
                                             ("completed", 3, 1)]),
    ("gb18030-two-line-title-yuanyin-fenxi.txt", [("completed", 3, 1), ("long_term", 3, 2), ("completed", 2, 1),
                                                  ("completed", 3, 1), ("long_term", 3, 1), ("completed", 2, 1)]),
    ("wechat-article-export.txt", [("completed", 3, 1), ("in_progress", 2, 1), ("completed", 3, 1),
                                   ("completed", 3, 1), ("completed", 3, 1), ("completed", 2, 1),
                                   ("in_progress", 2, 1), ("completed", 2, 1)]),
    ("gov-site-trs-editor.html", [("completed", 3, 1), ("completed", 3, 1), ("completed", 3, 1), ("completed", 3, 1),
                                  ("in_progress", 3, 1), ("in_progress", 2, 1), ("completed", 2, 1)]),
])
def test_reports_in_the_forms_they_reach_us(name, shape):
    r = parse_file(LAYOUTS / name)
    assert _shape(r) == shape
    for p in r.problems:  # no 原因分析, no rule line, no page furniture in any item
        for text in (p.text, *(i.text for i in (*p.measures, *p.actions))):
            assert not text.startswith(("原因分析", "——", "第 ")), text
    assert_spans_hold(r)


def test_a_list_wrapped_onto_the_next_line_stays_the_measures():
    """整改措施:一是…; / 二是…;三是… / 整改情况:… — the 二是 line opened a problem that took the status."""
    r = parse_text(BASE + "1.党组落实主体责任不够到位。\n整改措施:一是修订党组工作规则;\n二是建立廉政谈话制度;三是每半年报告一次。\n"
                   "整改情况:开展廉政谈话38人次。\n完成情况:已完成。\n")
    assert [len(p.measures) for p in r.problems] == [3] and r.problems[0].status_code == "completed"


def test_measures_going_on_in_a_second_paragraph():
    r = parse_text(BASE + "1.党组落实主体责任不够到位。\n整改措施:修订党组工作规则。\n建立廉政谈话制度,每半年报告一次。\n"
                   "整改情况:开展廉政谈话38人次。\n完成情况:已完成。\n2.档案管理不规范。\n整改措施:聘请专业机构整理档案。\n"
                   "整改情况:已归档。\n完成情况:已完成。\n")
    assert [(len(p.measures), len(p.actions), p.status_code) for p in r.problems] == [(2, 1, "completed"),
                                                                                     (1, 1, "completed")]


def test_cause_analysis_and_ju_yi_fan_san_lines():
    r = parse_text(BASE + "1.意识形态工作责任制落实不到位。\n原因分析:认识不足。\n整改措施:修订细则;召开专题会议。\n"
                   "举一反三:对23家机构开展排查。\n整改成效:已修订。\n整改状态:已完成。\n")
    assert [p.text for p in r.problems] == ["意识形态工作责任制落实不到位"]
    assert [a.text for a in r.problems[0].actions][0].startswith("对23家机构")


@pytest.mark.parametrize(("text", "kept"), [("23个档案已全部归档。", "23个档案已全部归档。"), ("1建立台账", "建立台账"),
                                            ("15个科室完成自查", "15个科室完成自查")])
def test_a_leading_count_is_no_item_number(text, kept):
    assert strip_item_marker(text)[0] == kept
