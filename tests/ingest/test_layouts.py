"""Layouts beyond the samples: hand-written reports, traditional script, GB18030 bytes, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import IngestError, parse_file, parse_text
from ingest.evaluation import match_key

LAYOUTS = Path(__file__).resolve().parent.parent / "data" / "layouts"


def _summary(report):
    return [(p.text, p.parent, p.status, len(p.measures), len(p.actions)) for p in report.problems]


def test_status_grouped_sections_and_two_line_title():
    r = parse_file(LAYOUTS / "status-grouped-two-line-title.txt")
    assert r.title == "【巡察整改】中共示例县财政局党组关于县委第二轮巡察整改情况的通报"
    assert r.issuer == "中共示例县财政局党组" and r.published == "2024-05-06"
    assert (r.inspection.body, r.inspection.start, r.inspection.end, r.inspection.feedback) == (
        "县委第四巡察组", "2023-09-04", "2023-10-27", "2023-12-01")
    assert _summary(r) == [
        ("部分预算单位专项资金结转超过一年未使用,涉及金额312万元", None, "已完成", 2, 2),
        ("政府采购存在化整为零现象,2022年3个办公设备采购项目拆分实施,规避公开招标", None, "已完成", 2, 1),
        ("国有资产出租未公开招租", None, "正在推进中", 1, 1),  # 进展情况: narrates work, the group gives the status
    ]
    assert {k: r.claimed[k] for k in ("aspects", "specific_problems", "measures", "completed", "in_progress")} == {
        "aspects": 3, "specific_problems": 9, "measures": 27, "completed": 7, "in_progress": 2}
    # quoted slogans in the narrative are not problems
    assert not any("两个维护" in p.text or "三会一课" in p.text for p in r.problems)


def test_run_in_fields_heading_status_and_numbering_gaps():
    r = parse_file(LAYOUTS / "run-in-fields.txt")
    assert r.inspection.type == "专项巡察" and r.inspection.feedback == "2022-09-02"
    assert _summary(r) == [
        ("理论学习中心组学习制度执行不严,2021年集体学习仅6次,低于规定次数", None, "已完成", 1, 1),
        ("“一岗双责”落实不到位,班子成员对分管科室廉政风险提醒不够", None, "已完成", 2, 2),
        ("审计项目复核流于形式,2021年有3个项目复核意见未落实", None, "已完成", 1, 1),
        ("审计整改跟踪不及时,被审计单位整改情况未及时录入系统", None, "正在推进中", 1, 1),
    ]
    assert [p.category for p in r.problems][2] == ["关于审计质量管控方面"]


def test_traditional_script_parses_like_simplified(samples_dir):
    from opencc import OpenCC

    source = (samples_dir / "syn-v01.txt").read_text(encoding="utf-8")
    simplified = parse_text(source)
    traditional = parse_text(OpenCC("s2t").convert(source))
    assert len(traditional.problems) == len(simplified.problems) == 20
    assert [p.status for p in traditional.problems] == [p.status for p in simplified.problems]
    same = sum(match_key(a.text) == match_key(b.text) for a, b in zip(traditional.problems, simplified.problems))
    assert same >= 18  # OpenCC round trips are not perfect on every character


def test_gb18030_file(tmp_path, real_report_path):
    path = tmp_path / "report-gbk.txt"
    path.write_bytes(real_report_path.read_text(encoding="utf-8").encode("gb18030"))
    r = parse_file(path)
    assert len(r.problems) == 67 and r.disclosed["specific_problems"] == 47


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\x00\x01\x02\x03" * 200, "binary"), ("今天天气很好。我们去公园散步。".encode(), "no report structure")],
)
def test_bad_input_names_file_and_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        parse_file(path)
    assert err.value.path.endswith("bad.txt")
    assert reason in str(err.value)


def test_problem_label_lines_and_bracketed_status_at_line_end():
    r = parse_file(LAYOUTS / "problem-labels.txt")
    assert _summary(r) == [
        ("2022年提拔的4名中层干部未经民主推荐", None, "已完成", 2, 1),
        ("部分学校消防设施老化,安全隐患排查不彻底", None, "已完成", 1, 1),
    ]
    assert r.problems[1].actions[0].text == "已更换灭火器1200具。"
    assert [p.category for p in r.problems] == [["选人用人不规范问题"], ["校园安全管理问题"]]


def test_unnumbered_aspect_lines_actions_without_measures_and_responsibility_lines():
    r = parse_file(LAYOUTS / "aspect-lines-actions-only.txt")
    assert _summary(r) == [
        ("河道采砂监管不到位,2022年发现非法采砂点3处未及时查处", None, "已完成", 0, 1),
        ("水利工程项目资金拨付滞后", None, None, 1, 0),  # 责任领导: is not a measure
        ("公务用车管理不规范,存在公车私用现象", None, "已完成", 2, 1),
    ]
    assert r.problems[1].deadline == "2023年12月底前"
    assert r.problems[2].category == ["在“全面从严治党”方面"]


def test_inspection_type_comes_from_the_inspection_sentence_not_later_paragraphs():
    text = (
        "中共示例局党组关于县委巡察整改进展情况的通报\n"
        "2022年3月7日至5月13日,县委第三巡察组对局党组开展了常规巡察。6月24日反馈了巡察意见。\n"
        "三、下一步工作\n对已完成整改的问题适时开展“回头看”,防止反弹。\n"
    )
    assert parse_text(text).inspection.type == "常规巡察"
