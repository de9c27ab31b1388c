"""An eleventh round (tests/data/layouts), by a second pair of hands: measures numbered (一)(二) under problems
numbered 1. 2.; question headings over 问题表现为:; traditional text with 「」 and a 【整改進度】 line; 具体问题N: with
整改责任: and 完成进度:80%; and three levels whose headings carry counts. Expected results were written by hand
before the parser was run on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import parse_file
from report_checks import assert_spans_hold

LAYOUTS = Path(__file__).resolve().parent.parent / "data" / "layouts"


@pytest.mark.parametrize(("name", "codes", "measures"), [
    ("inverted-ranks-cn-paren-measures.txt", ["completed"] * 5 + ["in_progress"], [3, 2, 2, 2, 3, 2]),
    ("question-headings-wenti-biaoxianwei.txt", ["completed", "in_progress", "completed", "long_term", "completed"],
     [3] * 5),
    ("traditional-corner-quotes-jindu-lines.txt", ["completed", "in_progress", "completed", "long_term"], [3, 3, 2, 3]),
    ("jutiwenti-zerenline-wancheng-jindu-percent.txt",  # 完成进度:100% / 80%
     ["completed", "completed", "in_progress", "completed", "in_progress"], [3, 3, 2, 3, 2]),
])
def test_layouts_of_the_eleventh_round(name, codes, measures):
    r = parse_file(LAYOUTS / name)
    assert [p.status_code for p in r.problems] == codes
    assert [len(p.measures) for p in r.problems] == measures
    assert not any(p.text.startswith(("整改责任", "问题表现为")) for p in r.problems)
    assert_spans_hold(r)


def test_a_heading_with_its_count_stays_a_category_level():
    """一、关于…方面的问题(共4个) over (一)…(2个) over 1. problems: both levels, the count part of the top one."""
    r = parse_file(LAYOUTS / "three-levels-category-counts.txt")
    assert len(r.problems) == 9 and all(len(p.category) == 2 for p in r.problems)
    assert r.problems[0].category[0].startswith("关于党的政治建设方面")


def test_empty_fields_and_another_word_for_what_was_done():
    """整改措施:无 / 整改情况:(空) are fields left empty, not items; 落实成效: tells what was done (round 10)."""
    empty = parse_file(LAYOUTS / "reversed-fields-empty-placeholders.txt")
    assert not any(i.text.strip("()。") in ("无", "空") for p in empty.problems for i in (*p.measures, *p.actions))
    assert [len(p.measures) for p in empty.problems][:2] == [2, 0]
    assert_spans_hold(empty)
    page = parse_file(LAYOUTS / "html-strong-labels-luoshi-chengxiao.html")
    assert [len(p.actions) for p in page.problems] == [1] * 5
    assert not any(m.text.startswith("落实成效") for p in page.problems for m in p.measures)


def test_a_measure_list_without_its_label_under_the_problem():
    """2、X。 / 1.甲; 2.乙; 3.丙。 / 整改情况:… — the list restarting at 1. lost the problem (3.丙 was taken for it)."""
    r = parse_file(LAYOUTS / "mixed-numbering-unlabelled-measures.txt")
    assert len(r.problems) == 6
    assert r.problems[1].text.startswith("耕地保护监管存在薄弱环节") and len(r.problems[1].measures) == 3
    assert all(len(p.category) == 1 for p in r.problems)  # no measure pushed as a category
    assert_spans_hold(r)


def test_a_rate_closing_what_was_done_is_the_status():
    """…约谈乡镇河长4人。整改率100%。: completed (below 100%: under way), and no action of its own (round 11)."""
    r = parse_file(LAYOUTS / "zhenggai-lv-percent-statuses.txt")
    assert [p.status_code for p in r.problems] == ["completed", "in_progress", "completed", "in_progress",
                                                   "in_progress"]
    assert all(len(p.actions) == 1 and "整改率" not in p.actions[0].text for p in r.problems)
    assert_spans_hold(r)


def test_main_problems_counted_after_their_noun():
    from ingest.figures import claimed_figures

    assert claimed_figures("反馈主要问题3个、具体问题7个。") == {"main_problems": 3, "specific_problems": 7}
