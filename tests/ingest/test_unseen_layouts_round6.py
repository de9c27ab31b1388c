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


def test_a_word_ledger_with_a_two_row_header(tmp_path):
    """序号/反馈问题/整改措施 merged down two rows, 整改落实情况 across 完成时限 | 整改状态: read no problem before
    (the rows had more cells than the first header row); the lower row now names the columns."""
    from docx import Document

    d = Document()
    d.add_paragraph("中共示例市城市建设投资集团有限公司委员会关于市委巡察整改进展情况的通报")
    d.add_paragraph("集团党委对照反馈意见，梳理出2个方面5个问题，制定整改措施13条。截至2024年3月31日，已完成整改4个，"
                    "正在推进1个。")
    rows = [
        ("一、党的建设方面",),
        ("1", "集团党委“第一议题”制度落实不到位，学习传达上级精神不及时。", ["1.修订学习制度。", "2.建立学习台账。"],
         "2023年11月底", "已完成"),
        ("2", "下属公司党支部班子不健全，3个支部书记长期空缺。", ["1.选优配强支部书记。", "2.开展支部书记轮训。"],
         "2023年12月底", "已完成"),
        ("二、经营管理方面",),
        ("1", "工程项目结算审核不严，个别项目结算金额高于审定金额。", ["1.全面复审结算。", "2.追回多付工程款。",
                                                               "3.修订结算审核办法。"], "2024年3月底", "已完成"),
        ("2", "应收账款清收不力，部分款项账龄超过3年。", ["1.建立清收台账。", "2.依法启动诉讼程序。"], "2024年12月底",
         "正在推进"),
        ("3", "对外投资决策程序不规范，个别项目未开展可行性研究。", ["1.修订投资管理办法。", "2.开展后评价。"],
         "2024年2月底", "已完成"),
    ]
    t = d.add_table(rows=2 + len(rows), cols=5)
    for c, label in enumerate(["序号", "反馈问题", "整改措施", "整改落实情况"]):
        t.cell(0, c).text = label
    t.cell(1, 3).text, t.cell(1, 4).text = "完成时限", "整改状态"
    for c in range(3):
        t.cell(0, c).merge(t.cell(1, c))
    t.cell(0, 3).merge(t.cell(0, 4))
    for i, row in enumerate(rows, start=2):
        if len(row) == 1:
            t.cell(i, 0).merge(t.cell(i, 4)).text = row[0]
            continue
        n, problem, measures, deadline, status = row
        t.cell(i, 0).text, t.cell(i, 1).text = n, problem
        cell = t.cell(i, 2)
        cell.text = measures[0]
        for m in measures[1:]:
            cell.add_paragraph(m)
        t.cell(i, 3).text, t.cell(i, 4).text = deadline, status
    d.add_paragraph("中共示例市城市建设投资集团有限公司委员会")
    d.add_paragraph("2024年4月8日")
    path = tmp_path / "ledger.docx"
    d.save(path)
    r = parse_file(path)
    assert [p.status_code for p in r.problems] == ["completed", "completed", "completed", "in_progress", "completed"]
    assert [len(p.measures) for p in r.problems] == [2, 2, 3, 2, 2]
    assert [p.deadline for p in r.problems][:2] == ["2023年11月底", "2023年12月底"]
    assert [p.category for p in r.problems] == [["党的建设方面"]] * 2 + [["经营管理方面"]] * 3
    assert not r.warnings
