"""A fourth round of hand-written layouts (tests/data/layouts), modelled on published 巡视/巡察整改情况通报 in
forms the earlier rounds did not cover: a plain-text table with ｜ separators whose multi-line cells go on in
rows of their own, a tab-separated table whose cells hold line breaks, a 乡镇 report whose one 整改情况 per
problem ends in its status (…,已整改到位。 / 已办结 / 阶段性完成 / 持续整改), a 国企 report of 问题一: headings each with a
问题描述:, a university report whose measures are 一是…二是…三是… inside one paragraph, claims given in a small
statistics table or a closing sentence (完成率), Arabic and Chinese numbering mixed at one level, a PDF text layer
with a space between every character, field labels carrying a count (整改措施(3条):), a web page of <p> lines
indented with &nbsp; and broken by <br>, and a Word file whose numbers exist only in Word's automatic numbering.
Expected results were written by hand from the texts before the parser was run on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import parse_file, parse_text
from report_checks import assert_spans_hold

LAYOUTS = Path(__file__).resolve().parent.parent / "data" / "layouts"


def _summary(report):
    return [(p.text, p.parent, p.status, len(p.measures), len(p.actions)) for p in report.problems]


def _claimed(report, *keys):
    return {k: report.claimed.get(k) for k in keys}



def test_fullwidth_pipe_table_whose_multi_line_cells_continue_in_rows_of_their_own():
    """｜序号｜反馈问题｜整改措施｜整改进展｜, a ｜---｜ rule, and rows with empty serial and problem cells that carry
    the next line of the row above's measures cell."""
    r = parse_file(LAYOUTS / "pipe-table-multiline-cells.txt")
    assert _summary(r) == [
        ("食品经营许可现场核查流于形式,部分许可档案缺少核查记录", None, "已完成", 2, 0),
        ("特种设备安全监察覆盖不全,12台电梯超期未检", None, "已完成", 2, 0),
        ("价格监督检查力度不够,对重点商品价格监测不及时", None, "持续推进", 1, 0),
        ("行政执法案卷评查发现问题整改不彻底", None, "已完成", 2, 0),
        ("干部作风建设有待加强,个别干部服务意识不强", None, "长期坚持", 2, 0),
    ]
    assert [m.text for m in r.problems[0].measures] == ["修订食品经营许可现场核查工作规范", "开展许可档案专项检查,补齐核查记录"]
    assert all(p.category == [] for p in r.problems)
    assert_spans_hold(r)
    assert _claimed(r, "specific_problems", "measures") == {"specific_problems": 5, "measures": 9}


def test_tab_separated_table_whose_cells_hold_line_breaks():
    """序号\\t反馈问题\\t整改措施\\t整改情况\\t整改状态 rows whose measures cell (1.…\\n2.…) breaks the row over lines."""
    r = parse_file(LAYOUTS / "tab-table-multiline-cells.txt")
    assert _summary(r) == [
        ("农机购置补贴审核把关不严,2户购机户重复申领补贴", None, "已完成", 2, 1),
        ("动物防疫物资管理不规范", None, "已完成", 1, 1),
        ("农村集体“三资”监管平台使用率低", None, "持续推进", 3, 1),
        ("耕地撂荒整治不彻底", None, "已完成", 2, 1),
    ]
    assert [m.text for m in r.problems[2].measures] == ["开展平台操作培训", "将平台使用纳入年度考核", "每季度通报平台使用情况"]
    assert_spans_hold(r)
    assert _claimed(r, "specific_problems", "measures") == {"specific_problems": 4, "measures": 8}


def test_township_report_whose_one_action_paragraph_ends_in_the_status():
    """1.X。/ 整改情况:…,已整改到位。: short problems, one 整改情况 each, the status its closing clause."""
    r = parse_file(LAYOUTS / "township-short-problems-status-in-actions.txt")
    assert _summary(r) == [
        ("理论学习走过场", None, "已完成", 0, 1),
        ("意识形态工作责任制落实不到位", None, "已完成", 0, 1),
        ("村级重大事项决策程序不规范", None, "基本完成", 0, 1),
        ("村级财务管理混乱,白条入账问题突出", None, "已完成", 0, 1),
        ("惠民资金发放监管缺位", None, "长期坚持", 0, 1),
        ("村党组织换届后培训不及时", None, "已完成", 0, 1),
        ("发展党员程序不规范", None, "已完成", 0, 1),
    ]
    assert [p.status_code for p in r.problems] == [
        "completed", "completed", "partial", "completed", "long_term", "completed", "completed"]
    assert r.problems[0].actions[0].text == "修订镇党委理论学习中心组学习制度,全年开展专题学习12次"
    assert [r.text[p.status_span[0] : p.status_span[1]] for p in r.problems][:5] == [
        "已整改到位", "已建立长效机制", "阶段性完成", "已办结", "持续整改"]
    assert [p.category for p in r.problems][::2] == [
        ["党的领导弱化方面"], ["党的领导弱化方面"], ["全面从严治党不力方面"], ["基层党组织建设薄弱方面"]]
    assert_spans_hold(r)
    assert _claimed(r, "specific_problems", "measures") == {"specific_problems": 7, "measures": 21}


def test_state_owned_enterprise_report_with_problem_headings_and_descriptions():
    """问题一:X / 问题描述:… / 整改措施:… / 整改进展:…: the description belongs to the problem above it."""
    r = parse_file(LAYOUTS / "soe-wenti-miaoshu-blocks.txt")
    assert r.issuer == "中共示例能源集团有限公司委员会"
    assert _summary(r) == [
        ("服务国家能源安全战略站位不够高", None, "基本完成", 2, 0),
        ("科技创新投入不足", None, "正在推进中", 2, 0),
        ("“三重一大”决策制度执行不严格", None, "已完成", 1, 0),
        ("招标采购管理不规范", None, "已完成", 2, 0),
        ("年轻干部培养选拔力度不够", None, "长期坚持", 1, 0),
    ]
    assert [p.category for p in r.problems][::2] == [
        ["贯彻落实党中央决策部署方面"], ["全面从严治党方面"], ["领导班子和干部队伍建设方面"]]
    assert_spans_hold(r)
    assert _claimed(r, "specific_problems", "measures") == {"specific_problems": 5, "measures": 18}


def test_university_report_with_shi_measures_inside_one_paragraph_and_a_closing_summary():
    """(一)X / 整改措施:一是…;二是…;三是…。/ 目前,该问题已整改完成。, or 学校党委一是…,二是…。目前已完成整改。 with no
    label; the claims come only in a closing 截至…已完成整改3个,完成率60% sentence."""
    r = parse_file(LAYOUTS / "university-yishi-measures-in-paragraph.txt")
    assert _summary(r) == [
        ("思政课程与课程思政协同育人机制不健全", None, "已完成", 3, 0),
        ("实践育人基地建设滞后", None, "已完成", 0, 3),
        ("二级学院党组织会议议事规则执行不严", None, "正在推进中", 2, 0),
        ("科研经费使用管理不规范", None, "已完成", 0, 2),
        ("附属单位国有资产管理存在漏洞", None, "长期坚持", 3, 0),
    ]
    assert [a.text for a in r.problems[1].actions] == [
        "新建校外实践教学基地18个", "修订实践教学管理办法", "设立实践育人专项经费200万元。"]
    assert [p.category for p in r.problems] == [["落实立德树人根本任务方面"]] * 2 + [["全面从严治党方面"]] * 3
    assert_spans_hold(r)
    assert _claimed(r, "specific_problems", "completed", "in_progress", "as_of") == {
        "specific_problems": 5, "completed": 3, "in_progress": 2, "as_of": "2023-12-20"}


def test_claims_given_in_a_small_statistics_table():
    """反馈问题数 已完成整改 正在推进 需长期坚持 / 5 3 1 1: a header of counted things over one row of numbers."""
    r = parse_file(LAYOUTS / "claims-in-a-statistics-table.txt")
    assert _summary(r) == [
        ("基层党支部“三会一课”制度落实不到位", None, "已完成", 1, 0),
        ("党员教育管理不严格", None, "长期坚持", 1, 0),
        ("基层医疗卫生机构药品采购管理不规范", None, "已完成", 1, 0),
        ("医疗服务价格监管不到位", None, "正在推进中", 1, 0),
        ("疫情防控物资管理不规范", None, "已完成", 1, 0),
    ]
    assert [p.category for p in r.problems] == [["党的建设方面"]] * 2 + [["业务工作方面"]] * 3
    assert _claimed(r, "specific_problems", "completed", "in_progress", "long_term") == {
        "specific_problems": 5, "completed": 3, "in_progress": 1, "long_term": 1}
    assert r.disclosed["completed"] == 3


def test_arabic_and_chinese_numbering_mixed_at_one_level():
    """1. 2. (三) under one aspect and 1、 (2) 3、 under the next: a marker that goes on with the problems' numbering is
    one more problem of the same list, not a new aspect, whatever its style."""
    r = parse_file(LAYOUTS / "mixed-numbering-same-level.txt")
    assert _summary(r) == [
        ("农村公路养护资金使用不规范", None, "已完成", 1, 1),
        ("交通建设项目审批监管不严", None, "已完成", 1, 0),
        ("道路运输安全监管存在薄弱环节,2022年发生较大交通事故1起", None, "持续推进", 1, 0),
        ("局党组主体责任落实不到位", None, "已完成", 1, 0),
        ("公务用车管理不规范", None, "已完成", 1, 0),
        ("干部廉政风险防控措施落实不到位", None, "长期坚持", 1, 0),
    ]
    assert [p.category for p in r.problems] == [["落实上级决策部署方面"]] * 3 + [["全面从严治党方面"]] * 3
    assert_spans_hold(r)
    assert _claimed(r, "aspects", "specific_problems", "measures") == {
        "aspects": 2, "specific_problems": 6, "measures": 15}


def test_pdf_text_layer_with_a_space_between_every_character():
    """中 共 示 例 … wrapped at a fixed width: the spaces between characters go, the wrapped lines are joined."""
    r = parse_file(LAYOUTS / "pdf-spaced-characters.txt")
    assert r.title == "中共示例县审计局党组关于县委巡察整改情况的通报"
    assert _summary(r) == [
        ("审计发现问题整改跟踪不到位,2022年审计查出问题整改率仅为72%", None, "已完成", 1, 0),
        ("审计项目质量控制制度执行不严格,部分审计底稿复核流于形式", None, "已完成", 1, 0),
        ("审计人员专业结构不合理,具有工程造价资格的审计人员仅有2名", None, "正在推进中", 1, 0),
        ("机关公务接待管理不规范,部分接待无公函", None, "已完成", 1, 0),
    ]
    assert r.problems[0].measures[0].text == "建立审计查出问题整改清单,实行整改情况定期报告和销号管理。"
    assert_spans_hold(r)
    assert _claimed(r, "specific_problems", "measures") == {"specific_problems": 4, "measures": 10}


def test_field_labels_carrying_a_count():
    """问题1.X / 整改措施(3条): / 1.… 2.… 3.… / 责任领导: / 整改时限: / 整改进展:."""
    r = parse_file(LAYOUTS / "field-labels-with-counts.txt")
    assert _summary(r) == [
        ("城市供水管网改造滞后,老旧管网漏损率达18%", None, "正在推进中", 3, 0),
        ("河道采砂监管不严,存在非法采砂现象", None, "已完成", 2, 0),
        ("水资源费征收不到位", None, "已完成", 2, 0),
        ("局属单位财务管理不规范", None, "已完成", 3, 0),
        ("干部选拔任用程序不严谨", None, "已完成", 2, 0),
    ]
    assert [p.deadline for p in r.problems[:3]] == ["2024年12月底", "2023年9月底", None]
    assert [p.category for p in r.problems] == [["关于贯彻落实上级决策部署方面"]] * 3 + [["关于全面从严治党方面"]] * 2
    assert_spans_hold(r)
    assert _claimed(r, "aspects", "specific_problems", "measures", "completed", "in_progress", "as_of") == {
        "aspects": 2, "specific_problems": 5, "measures": 12, "completed": 4, "in_progress": 1, "as_of": "2023-12-31"}


def test_web_page_of_nbsp_indented_paragraphs_broken_by_br():
    """<p>&nbsp;…1.X<br>整改措施:…,<br>…。<br>整改进展:已完成</p>: a <br> inside a sentence does not end it."""
    r = parse_file(LAYOUTS / "html-p-nbsp-br.html")
    assert (r.title, r.published) == ("中共示例市统计局党组关于市委巡察整改进展情况的通报", "2023-12-06")
    assert _summary(r) == [
        ("统计执法检查力度不够,对统计造假问题查处不严", None, "已完成", 1, 1),
        ("统计数据质量核查机制不健全", None, "已完成", 1, 0),
        ("统计信息化建设滞后", None, "正在推进中", 1, 0),
        ("机关党支部组织生活不规范", None, "已完成", 2, 0),
    ]
    assert [m.text for m in r.problems[1].measures] == ["建立统计数据质量评估制度,开展“四上”企业数据核查。"]
    assert [m.text for m in r.problems[3].measures] == ["严格落实“三会一课”制度", "开展党支部标准化建设。"]
    assert_spans_hold(r)
    assert _claimed(r, "specific_problems", "measures") == {"specific_problems": 4, "measures": 11}


def _numbered_word_report(path: Path) -> None:
    """A Word report whose aspect headings take their (一) from a numbered heading style and whose problems and
    measure items take 1. / (1) from list numbering (one list a section, restarted by a startOverride): no
    number is in the text."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="80"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum>'))
    numbering.insert(1, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="81">'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/></w:lvl>'
        f'</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="80"><w:abstractNumId w:val="80"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="81"><w:abstractNumId w:val="81"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num {w} w:numId="82"><w:abstractNumId w:val="81"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    heading = document.styles["Heading 2"]
    heading.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {w}><w:numId w:val="80"/></w:numPr>'))

    def numbered(text: str, num_id: int, level: int = 0) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))

    document.add_paragraph("中共示例县林业局党组关于县委巡察整改进展情况的通报")
    document.add_paragraph("2023年5月，县委第二巡察组对县林业局党组开展了常规巡察，反馈问题2个方面4项，局党组制定整改措施9条。")
    document.add_heading("贯彻落实上级决策部署方面", level=2)
    numbered("森林资源管护责任落实不到位，3个乡镇护林员巡护不到位", 81)
    document.add_paragraph("整改措施：")
    numbered("修订护林员管理考核办法", 81, 1)
    numbered("推行护林员巡护轨迹线上监管", 81, 1)
    document.add_paragraph("整改进展：已完成")
    numbered("林业有害生物防治不及时", 81)
    document.add_paragraph("整改措施：建立林业有害生物监测预警体系。")
    document.add_paragraph("整改进展：持续推进")
    document.add_heading("全面从严治党方面", level=2)
    numbered("生态护林员选聘程序不规范", 82)
    document.add_paragraph("整改措施：")
    numbered("重新制定生态护林员选聘办法", 82, 1)
    numbered("对已选聘人员逐一复核", 82, 1)
    numbered("清退不符合条件人员", 82, 1)
    document.add_paragraph("整改进展：已完成")
    numbered("专项资金拨付进度缓慢", 82)
    document.add_paragraph("整改措施：建立专项资金拨付月调度制度；对滞拨资金限期拨付。")
    document.add_paragraph("整改进展：已完成")
    document.save(path)


def test_word_report_numbered_only_by_automatic_numbering(tmp_path):
    path = tmp_path / "auto-numbered.docx"
    _numbered_word_report(path)
    r = parse_file(path)
    assert _summary(r) == [
        ("森林资源管护责任落实不到位,3个乡镇护林员巡护不到位", None, "已完成", 2, 0),
        ("林业有害生物防治不及时", None, "持续推进", 1, 0),
        ("生态护林员选聘程序不规范", None, "已完成", 3, 0),
        ("专项资金拨付进度缓慢", None, "已完成", 2, 0),
    ]
    assert [p.heading[:2] for p in r.problems] == ["1.", "2.", "1.", "2."]
    assert [p.category for p in r.problems] == [["贯彻落实上级决策部署方面"]] * 2 + [["全面从严治党方面"]] * 2
    assert _claimed(r, "aspects", "specific_problems", "measures") == {"aspects": 2, "specific_problems": 4, "measures": 9}


_HEAD = "中共示例局党组关于巡察整改情况的通报\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("问题1:食堂台账不全\n问题描述:2023年有3个月未登记。\n整改措施:建立台账。\n整改进展:已完成\n",
         [("食堂台账不全", [], "已完成", 1)]),
        ("1.食堂台账不全\n问题表现:2023年有3个月未登记。\n整改措施:建立台账。\n", [("食堂台账不全", [], None, 1)]),
        # without a heading above it, the description is the problem
        ("(一)党建方面\n问题描述:食堂台账不全\n整改措施:建立台账。\n", [("食堂台账不全", ["党建方面"], None, 1)]),
        ("(一)党建方面\n问题描述:食堂台账不全\n整改措施:建立台账。\n问题描述:会议记录不规范\n整改措施:规范记录。\n",
         [("食堂台账不全", ["党建方面"], None, 1), ("会议记录不规范", ["党建方面"], None, 1)]),
    ],
    ids=["wenti-1-miaoshu", "numbered-wenti-biaoxian", "miaoshu-is-the-problem", "miaoshu-blocks"],
)
def test_a_description_label_under_a_problem_heading(body, expected):
    r = parse_text(_HEAD + body)
    assert [(p.text, p.category, p.status, len(p.measures)) for p in r.problems] == expected


def test_pipe_table_row_with_an_empty_cell_is_still_a_row():
    """An empty 整改情况 cell between two pipes is a cell: the row keeps its columns (it ended the table before)."""
    r = parse_text(_HEAD + "序号 | 反馈问题 | 整改措施 | 整改情况 | 整改状态\n1 | 食堂台账不全 | 建立台账 |  | 已完成\n"
                   "2 | 会议记录不规范 | 规范记录 | 补记录3本 | 正在推进\n")
    assert [(p.text, p.status, len(p.measures), len(p.actions)) for p in r.problems] == [
        ("食堂台账不全", "已完成", 1, 0), ("会议记录不规范", "正在推进中", 1, 1)]



def test_unframed_pipe_table_with_a_continuation_row_and_an_empty_last_cell():
    """No pipes round the header: a row's opening or closing pipe stands by an empty cell."""
    r = parse_text(_HEAD + "序号 | 反馈问题 | 整改措施 | 整改进展\n1 | 食堂台账不全 | 1.建立台账 | 已完成\n"
                   "  |  | 2.完善制度 | \n2 | 会议记录不规范 | 规范记录 | \n")
    assert [(p.text, p.status, [m.text for m in p.measures]) for p in r.problems] == [
        ("食堂台账不全", "已完成", ["建立台账", "完善制度"]), ("会议记录不规范", None, ["规范记录"])]


def test_feedback_problem_blocks_with_several_fields_on_one_line():
    """反馈问题:X / 整改措施:1.…;2.… / 责任领导:…　责任单位:…　整改时限:…　整改状态:… (fields side by side on one line,
    as a Word form lays them out)."""
    r = parse_file(LAYOUTS / "fankui-wenti-fields-on-one-line.txt")
    assert _summary(r) == [
        ("局党组主体责任落实不到位,对下属学校党组织指导不够", None, "已完成", 2, 1),
        ("学校食堂食品安全监管存在薄弱环节", None, "已完成", 3, 1),
        ("校长交流轮岗制度执行不到位,5名校长在同一学校任职超过10年", None, "正在推进中", 2, 0),
        ("教师招聘考察环节把关不严", None, "已完成", 2, 0),
        ("师德师风建设长效机制不健全", None, "长期坚持", 2, 1),
    ]
    assert [p.deadline for p in r.problems] == ["2023年10月底", "2023年12月底", "2024年8月底", "立行立改", "长期坚持"]
    assert [p.category for p in r.problems] == [["关于落实全面从严治党主体责任方面"]] * 2 + [["关于干部队伍建设方面"]] * 3
    assert_spans_hold(r)
    assert _claimed(r, "specific_problems", "measures") == {"specific_problems": 5, "measures": 11}


@pytest.mark.parametrize(
    ("body", "expected", "claimed"),
    [
        # an action that counts things is still an action; only a summary of the report's problems ends the fields
        ("1.食堂台账不全\n整改情况:\n局党组召开专题会议,制定整改措施12条。\n建立台账5本。\n整改进展:已完成\n",
         [("食堂台账不全", "已完成", [], ["局党组召开专题会议,制定整改措施12条。", "建立台账5本。"])], {}),
        ("1.食堂台账不全\n整改措施:建立台账。\n截至目前,反馈的2个问题已完成整改1个。\n",
         [("食堂台账不全", None, ["建立台账。"], [])], {"specific_problems": 2, "completed": 1}),
        # broken after a comma or a semicolon; the signature is no measure
        ("1.食堂台账不全\n整改措施:建立台账,\n完善制度。\n2.会议记录不规范\n整改措施:规范记录;\n补记录。\n整改进展:已完成\n"
         "中共示例局党组\n2023年12月1日\n",
         [("食堂台账不全", None, ["建立台账,完善制度。"], []), ("会议记录不规范", "已完成", ["规范记录", "补记录。"], [])], {}),
        # a bare 已完成 closing a clause may say only that the clause's work is done
        ("1.食堂台账不全\n整改情况:已补记录3本,已完成。\n2.会议记录不规范\n整改情况:已补记录3本,已整改到位。\n"
         "3.档案不全\n整改情况:已补档案5卷,已全部完成整改。\n",
         [("食堂台账不全", None, [], ["已补记录3本,已完成。"]), ("会议记录不规范", "已完成", [], ["已补记录3本"]),
          ("档案不全", "已完成", [], ["已补档案5卷"])], {}),
    ],
    ids=["counting-action", "closing-summary", "broken-lines-and-signature", "clause-status"],
)
def test_what_ends_a_problems_fields(body, expected, claimed):
    r = parse_text(_HEAD + body)
    assert [(p.text, p.status, [m.text for m in p.measures], [a.text for a in p.actions]) for p in r.problems] == expected
    assert r.claimed == claimed
    assert_spans_hold(r)


@pytest.mark.parametrize(
    "tail", ["", "2023年12月1日\n", "中共示例局党组\n2023年12月1日\n"], ids=["no-signature", "date", "issuer-and-date"])
def test_short_pipe_table_without_serials_is_not_taken_for_wrapped_prose(tail):
    """Pipe rows of one width are no hard-wrapped paragraph, and the date closing the report is no row's end."""
    r = parse_text(_HEAD + "反馈问题 | 整改措施 | 整改进展\n食堂台账不全 | 建立台账 | 已完成\n会议记录不规范 | 规范记录 | 持续推进\n" + tail)
    assert [(p.text, p.status, [m.text for m in p.measures]) for p in r.problems] == [
        ("食堂台账不全", "已完成", ["建立台账"]), ("会议记录不规范", "持续推进", ["规范记录"])]


def test_a_status_value_alone_before_the_closing_date_is_no_signature():
    r = parse_text(_HEAD + "1.食堂台账不全\n整改措施:建立台账。\n整改进展\n已完成\n2023年12月1日\n")
    assert [(p.text, p.status) for p in r.problems] == [("食堂台账不全", "已完成")]
