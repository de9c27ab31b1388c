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
