"""A tenth round (tests/data/layouts), by a second pair of hands: 问题N:X。 answered in a paragraph of its own that
opens 对此, (read 0 problems); a 回头看 report with 原整改情况: / 回头看发现: / 再整改措施: (problems read as
categories); half-width punctuation with spaces around numbers (claims read as nothing); problems told in one
sentence closed by 已整改。 with no fields (5 of 9 lost); and an Excel tab export whose quoted cell holds two numbered
measures (text and span disagreed). Expected results were written by hand before the parser was run on them.
Still not read: statuses given only in a closing table by problem number, (1)(2)(3) specific problems inside a
main problem's paragraph, and a problem sentence that a line break cuts in two in half-width text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import parse_file
from ingest.figures import claimed_figures
from report_checks import assert_spans_hold

LAYOUTS = Path(__file__).resolve().parent.parent / "data" / "layouts"


@pytest.mark.parametrize(("name", "shape"), [
    ("duici-merged-status-summary-table.txt", [(None, 0, 1), (None, 0, 2), (None, 0, 2), (None, 0, 1),
                                               ("long_term", 0, 1), (None, 0, 1)]),
    ("huitoukan-yuan-zhenggai-faxian.txt", [("completed", 3, 1), ("completed", 2, 1), ("completed", 2, 1),
                                            ("in_progress", 2, 2), ("completed", 1, 1), ("completed", 1, 1)]),
    ("halfwidth-punct-spaced-digits.txt", [("completed", 3, 1), ("completed", 2, 1), ("completed", 2, 1),
                                           ("completed", 2, 1), ("in_progress", 2, 1), ("in_progress", 2, 1),
                                           ("completed", 2, 1)]),
    ("fieldless-yizhenggai-mixed.txt", [("completed", 0, 0), ("completed", 1, 1), ("completed", 1, 1),
                                        ("completed", 0, 0), ("completed", 0, 0), ("long_term", 1, 1),
                                        ("completed", 0, 0), ("completed", 1, 1), ("completed", 0, 0)]),
    ("excel-tab-ledger-jinzhan.txt", [("completed", 3, 0), ("completed", 2, 0), ("in_progress", 2, 0),
                                      ("completed", 2, 0), ("long_term", 2, 0), ("completed", 2, 0),
                                      ("in_progress", 2, 0), ("completed", 2, 0)]),
])
def test_layouts_of_the_tenth_round(name, shape):
    r = parse_file(LAYOUTS / name)
    assert [(p.status_code, len(p.measures), len(p.actions)) for p in r.problems] == shape
    assert not r.warnings or "claims" not in " ".join(r.warnings)
    for p in r.problems:
        assert not p.text.startswith(("回头看发现", "原整改情况")) and not p.text.endswith("已整改")
        assert not any(m.text.startswith('"') for m in p.measures)
    assert_spans_hold(r)


def test_the_first_problem_told_in_a_paragraph_of_its_own():
    r = parse_file(LAYOUTS / "duici-merged-status-summary-table.txt")
    assert r.problems[0].text.startswith("落实河湖长制工作不够扎实")
    assert r.problems[0].actions[0].text.startswith("对此")


def test_numbers_with_spaces_around_them_are_counted():
    assert claimed_figures("反馈的 3 个方面 7 个问题, 制定整改措施 21 条. 7 个问题已完成整改 5 个, 正在推进 2 个.") == {
        "aspects": 3, "specific_problems": 7, "measures": 21, "completed": 5, "in_progress": 2}
