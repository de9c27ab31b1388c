"""An eighth round of hand-written layouts (tests/data/layouts), by a second pair of hands: a 民政局 report of two
inspections (第一部分 上轮“回头看” numbered in full-width digits, 第二部分 本轮), a college's 问题N: blocks whose
整改结果 opens with its status (【已完成】…), a 街道 report whose one measure line opens with its status and whose
signature is followed by notes (注:①…), a 中央巡视 report of one paragraph per problem (关于X的问题。反馈意见指出,A。
整改中,厅党组一是…) between 第一部分/第二部分/第三部分, and a web page of <ol><li> problems. Expected results were
written by hand from the texts before the parser was run on them."""

from __future__ import annotations

from pathlib import Path

from ingest import parse_file
from report_checks import assert_spans_hold

LAYOUTS = Path(__file__).resolve().parent.parent / "data" / "layouts"


def _shape(report):
    return [(p.status_code, len(p.measures), len(p.actions)) for p in report.problems]



def test_two_inspections_in_parts_and_full_width_numbers():
    r = parse_file(LAYOUTS / "two-inspections-diyibufen-fullwidth.txt")
    assert _shape(r) == [("completed", 2, 1), ("completed", 2, 1), ("long_term", 2, 1), ("completed", 3, 1),
                         ("in_progress", 2, 1), ("completed", 2, 1), ("completed", 2, 1), ("in_progress", 2, 1)]
    assert {k: r.claimed.get(k) for k in ("specific_problems", "measures", "completed", "in_progress")} == {
        "specific_problems": 8, "measures": 24, "completed": 6, "in_progress": 2}  # 8个问题已完成整改6个
    assert_spans_hold(r)


def test_a_result_field_opening_with_its_status():
    """整改结果:【已完成】已修订…: the status is read, and the action starts after it."""
    r = parse_file(LAYOUTS / "college-wenti-n-zhenggai-jieguo.txt")
    assert _shape(r) == [("completed", 3, 1), ("completed", 2, 1), ("completed", 3, 1), ("in_progress", 3, 1),
                         ("completed", 3, 1)]
    assert not any(a.text.startswith("【") for p in r.problems for a in p.actions)
    assert not any("学院党委将" in a.text for p in r.problems for a in p.actions)  # the closing paragraph
    assert_spans_hold(r)


def test_a_measure_opening_with_its_status_and_notes_after_the_signature():
    r = parse_file(LAYOUTS / "street-status-first-on-measure-line.txt")
    assert [p.status_code for p in r.problems] == ["completed", "completed", "in_progress", "completed", "completed",
                                                   "completed", "in_progress", "completed"]
    assert all(len(p.measures) == 1 and not p.measures[0].text.startswith("【") for p in r.problems)
    assert not any("注:" in m.text or "工作委员会" in m.text for p in r.problems for m in p.measures)
    assert_spans_hold(r)


def test_one_paragraph_per_problem_with_the_feedback_quoted_first():
    """关于X的问题。反馈意见指出,A。B。整改中,厅党组一是…;二是…: A and B describe X; the 一是 items are the actions;
    第三部分 下一步工作打算 is a heading, so its paragraph is no action."""
    r = parse_file(LAYOUTS / "zhongyang-paragraph-long-problems-yishi.txt")
    assert [p.status_code for p in r.problems] == ["completed", "in_progress", "completed", "completed", "long_term",
                                                   "completed"]
    assert [len(p.actions) for p in r.problems] == [3, 3, 2, 3, 2, 2]
    assert not any("反馈意见指出" in a.text or "联系电话" in a.text for p in r.problems for a in p.actions)
    assert_spans_hold(r)


def test_problems_in_an_html_ordered_list():
    r = parse_file(LAYOUTS / "html-ol-li-problems.html")
    assert _shape(r) == [("completed", 3, 1), ("completed", 2, 1), ("completed", 2, 1), ("completed", 2, 1),
                         ("in_progress", 2, 1), ("completed", 2, 1)]
    assert_spans_hold(r)
