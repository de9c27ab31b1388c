"""A seventh round of hand-written layouts (tests/data/layouts), again by a second pair of hands: a court's report
in traditional characters (關於「X」問題的整改情況:… under [一] headings); a procuratorate's problems listed first
(1.X。…6.Y。) and answered later by number (针对第1个问题,…); a township's status groups that also name the way
of rectifying (立行立改、已整改到位的问题(共5项)) over problems labelled 第一项:; an HTML table without <th> whose
cells hold <br> lists; an SOE's 〖一〗 categories with their own counts (该方面巡察反馈问题3项,已整改完成2项) over
问题清单第N项: labels; and a | table without a header rule whose status column holds marks a legend explains
("√"表示已完成整改). Expected results were written by hand from the texts before the parser was run on them."""

from __future__ import annotations

from pathlib import Path

from ingest import parse_file
from report_checks import assert_spans_hold

LAYOUTS = Path(__file__).resolve().parent.parent / "data" / "layouts"


def _codes(report):
    return [p.status_code for p in report.problems]


def _claimed(report, *keys):
    return {k: report.claimed.get(k) for k in keys}



def test_traditional_characters_and_guanyu_wenti_de_zhenggai_qingkuang():
    r = parse_file(LAYOUTS / "court-guanyu-wenti-zhenggai-qingkuang-traditional.txt")
    assert [p.text for p in r.problems] == [
        "审判执行质效不高,长期未结案件较多", "诉源治理工作推进缓慢", "执行案款发放不及时",
        "党组主体责任落实不到位,对审判权力运行监督不够", "违反中央八项规定精神问题仍有发生",
        "干部队伍年龄结构老化,员额法官配备不足", "基层党支部组织生活不规范"]
    assert _codes(r) == ["completed", "in_progress", "completed", "completed", "completed", "long_term", "completed"]
    assert r.problems[0].category == ["贯彻落实党中央决策部署和上级工作要求方面"]  # [一] is a marker, not text
    assert _claimed(r, "specific_problems", "completed") == {"specific_problems": 7, "completed": 5}
    assert_spans_hold(r)


def test_problems_listed_first_and_answered_later_by_their_numbers():
    """Read nothing as before (0 problems, no warning); now each listed item is a problem, its answer the action."""
    r = parse_file(LAYOUTS / "problems-listed-first-answered-by-number.txt")
    assert [p.text[:10] for p in r.problems] == ["学习贯彻习近平法治思", "法律监督职能发挥不充", "公益诉讼检察工作开展",
                                                 "党组落实全面从严治党", "财务管理不规范,存在", "检察人才队伍建设滞后"]
    assert _codes(r) == ["completed", "completed", "in_progress", "completed", "completed", "long_term"]
    assert all(len(p.actions) == 1 for p in r.problems)
    assert r.problems[0].actions[0].text.startswith("院党组修订《党组理论学习中心组学习制度》")
    assert not r.warnings
    assert_spans_hold(r)


def test_a_report_claiming_problems_where_none_is_read_says_so():
    from ingest import parse_text

    r = parse_text("中共某局党组关于巡察整改情况的通报\n巡察反馈问题5个,已完成整改3个。\n我局高度重视,认真整改。")
    assert not r.problems and any("claims 5" in w for w in r.warnings)


def test_status_groups_naming_the_way_of_rectifying_and_di_n_xiang_labels():
    r = parse_file(LAYOUTS / "status-groups-with-ways-di-n-xiang.txt")
    assert _codes(r) == ["completed"] * 5 + ["long_term"] * 2
    assert r.problems[0].text.startswith("村级“三资”管理不规范") and not any("第" in p.text[:2] for p in r.problems)
    assert _claimed(r, "specific_problems", "completed", "long_term") == {
        "specific_problems": 7, "completed": 5, "long_term": 2}
    assert_spans_hold(r)


def test_an_html_table_without_header_cells():
    r = parse_file(LAYOUTS / "html-table-no-th-rowspan-br-lists.html")
    assert len(r.problems) == 12 and [len(p.measures) for p in r.problems][:3] == [3, 2, 3]
    assert _codes(r).count("in_progress") == 3
    assert "main_problems" not in r.claimed  # 一个问题、一名校领导… is a way of working, not a count
    assert _claimed(r, "specific_problems", "completed", "in_progress") == {
        "specific_problems": 12, "completed": 9, "in_progress": 3}


def test_category_counts_are_not_the_reports_and_wenti_qingdan_labels():
    r = parse_file(LAYOUTS / "wenti-qingdan-di-n-xiang-category-counts.txt")
    assert _codes(r) == ["completed", "in_progress", "completed", "completed", "completed", "completed", "long_term",
                         "completed"]
    assert r.problems[0].category == ["落实党中央决策部署和省委、市委工作要求方面"]  # 〖一〗 is a marker
    assert not any(p.text.startswith("问题清单") for p in r.problems)
    assert _claimed(r, "specific_problems", "measures", "completed", "in_progress") == {
        "specific_problems": 8, "measures": 20, "completed": None, "in_progress": None}  # 该方面… counts are not
    assert_spans_hold(r)


def test_a_column_of_marks_read_through_the_reports_legend():
    r = parse_file(LAYOUTS / "pipe-table-no-rule-check-marks.txt")
    assert _codes(r) == ["completed"] * 4 + ["in_progress"] + ["completed"] * 2 + ["in_progress"]
    assert not any(a.text in ("√", "○") for p in r.problems for a in p.actions)
    assert all(r.text[p.status_span[0] : p.status_span[1]] in ("√", "○") for p in r.problems)
    assert_spans_hold(r)
