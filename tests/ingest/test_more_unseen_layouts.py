"""A third round of hand-written layouts (tests/data/layouts), modelled on published 整改进展情况的通报: 省委巡视
reports whose problems are 针对“X”的问题,… paragraphs, numbered measure lists under numbered problems, 一是…方面
section headings over ①② problems, Word-exported text with page headers and footers, a 整改台账 as an HTML table
with merged (rowspan) category cells or a Word table with a 是否完成 column, a 回头看 report, Big5 traditional
script with full-width digits, and claims worded 反馈问题2个、具体问题5个. Expected results were written by hand
from the texts before the parser was run on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import parse_file, parse_text
from ingest.frames import normalise_status

LAYOUTS = Path(__file__).resolve().parent.parent / "data" / "layouts"


def _summary(report):
    return [(p.text, p.parent, p.status, len(p.measures), len(p.actions)) for p in report.problems]


def _claimed(report, *keys):
    return {k: report.claimed.get(k) for k in keys}


def test_xunshi_report_with_zhendui_paragraphs():
    """针对“X”的问题,<what was done>。目前已整改到位。 paragraphs under 关于“Y”方面 categories."""
    r = parse_file(LAYOUTS / "xunshi-zhendui-paragraphs.txt")
    assert _summary(r) == [
        ("党委理论学习中心组学习不够系统深入", None, "已完成", 0, 1),
        ("思政课教师队伍建设滞后,专职思政课教师师生比未达到1:350", None, "持续推进", 0, 1),
        ("课程思政建设覆盖面不广", None, None, 0, 3),
        ("二级单位落实‘三重一大’决策制度不严格", None, "已完成", 0, 1),
        ("科研经费管理存在风险隐患", None, "已完成", 0, 1),
        ("招标采购监管不到位", None, "长期坚持", 0, 1),
        ("年轻干部储备不足", None, "正在推进中", 0, 1),
        ("干部人事档案管理不规范", None, "已完成", 0, 1),
    ]
    assert [p.category for p in r.problems][::3] == [
        ["关于“贯彻落实党的教育方针和立德树人根本任务”方面"], ["关于“全面从严治党”方面"], ["关于“领导班子和干部队伍建设”方面"]]
    assert r.problems[2].actions[0].policies == ["示例理工大学课程思政建设实施方案"]
    assert (r.inspection.body, r.inspection.feedback) == ("省委第八巡视组", "2023-06-20")
    assert _claimed(r, "aspects", "specific_problems", "measures", "completed", "in_progress", "as_of") == {
        "aspects": 3, "specific_problems": 8, "measures": 46, "completed": 6, "in_progress": 2, "as_of": "2023-12-15"}


def test_numbered_measure_lists_under_numbered_problems():
    """1.X(已完成) / 整改措施: / 1.… 2.… 3.… / 2.Y: the next problem is not one more measure."""
    r = parse_file(LAYOUTS / "numbered-measure-lists.txt")
    assert _summary(r) == [
        ("防汛抗旱责任制落实不到位,2个乡镇防汛预案未及时修订", None, "已完成", 3, 1),
        ("河长制工作考核流于形式", None, "持续推进", 2, 0),
        ("农村饮水安全工程运行管护不到位,3处供水站水质检测不达标", None, "已完成", 2, 1),
        ("工程项目招投标监管不严", None, "已完成", 4, 0),
        ("公务用车管理不规范,私车公养问题仍有发生", None, "长期坚持", 3, 1),
    ]
    assert [m.text for m in r.problems[1].measures] == ["修订河长制工作考核办法", "引入第三方暗访评估。"]
    assert [p.category for p in r.problems] == [["党的领导方面"]] * 3 + [["全面从严治党方面"]] * 2
    assert _claimed(r, "specific_problems", "measures") == {"specific_problems": 5, "measures": 14}


def test_shi_section_headings_over_circled_problems():
    """一是…方面 headings over ①… problems: the heading is their category, whatever rank its marker has."""
    r = parse_file(LAYOUTS / "circled-problems-yishi-sections.txt")
    assert _summary(r) == [
        ("统计数据质量管控机制不健全,部分专业数据审核流于形式", None, "已完成", 1, 0),
        ("统计违纪违法责任追究不到位", None, "已完成", 1, 0),
        ("基层统计基础工作薄弱,乡镇统计员兼职比例达80%", None, "基本完成", 1, 0),
        ("党支部“三会一课”记录不规范", None, "已完成", 1, 0),
        ("干部考核评价结果运用不充分", None, "持续推进", 1, 0),
        ("公务接待管理不严格", None, "已完成", 1, 0),
        ("机关效能建设有待加强", None, "长期坚持", 1, 0),
    ]
    assert [p.category for p in r.problems] == [["落实统计改革部署方面"]] * 3 + [["机关党建和作风建设方面"]] * 4
    assert _claimed(r, "aspects", "specific_problems", "measures") == {
        "aspects": 2, "specific_problems": 7, "measures": 21}


def test_word_export_with_page_headers_footers_and_parenthesised_digits():
    """Full-width indentation, ⑴ ⑵ numbering, 整改措施 : with a space, page numbers (- 2 - / 第 3 页 共 4 页 / — 4 —)
    and a repeated title line at page tops; a paragraph broken by a page break is one paragraph again."""
    r = parse_file(LAYOUTS / "word-export-page-furniture.txt")
    assert _summary(r) == [
        ("招商引资项目跟踪服务不到位,4个签约项目未按期落地", None, "已完成", 2, 1),
        ("消费券发放核销监管存在漏洞", None, "已完成", 1, 1),
        ("外贸企业服务不够精准", None, "持续推进", 1, 0),
        ("专项资金使用监管不严,2家企业扶持资金使用与申报用途不符", None, "已完成", 2, 0),
        ("干部廉政教育针对性不强", None, "已完成", 2, 0),
        ("机关档案管理不规范", None, "已完成", 1, 0),
    ]
    assert r.problems[1].measures[0].text == "委托第三方机构对消费券核销数据进行比对,对异常交易商户暂停参与资格。"
    assert r.problems[5].measures[0].text == "聘请专业机构整理档案,完成2019年以来文书档案立卷归档。"
    assert [p.category for p in r.problems] == [["贯彻落实上级决策部署方面"]] * 3 + [["全面从严治党方面"]] * 3
    assert "第 3 页" not in r.text and "- 2 -" not in r.text and "— 4 —" not in r.text
    assert r.text.count("中共示例区商务局党组关于区委巡察整改情况的通报") == 1
    assert r.title == "中共示例区商务局党组关于区委巡察整改情况的通报"
    assert _claimed(r, "specific_problems", "measures", "completed", "in_progress", "as_of") == {
        "specific_problems": 6, "measures": 18, "completed": 5, "in_progress": 1, "as_of": "2023-11-30"}


def test_html_ledger_with_a_rowspan_category_column():
    """序号 | 问题类别 (rowspan) | 巡察反馈问题 | 整改措施 | 责任科室 | 完成时限 | 整改进展."""
    r = parse_file(LAYOUTS / "ledger-rowspan-table.html")
    assert (r.title, r.published) == ("中共示例市医疗保障局党组关于市委巡察整改进展情况的通报", "2024-02-26")
    assert _summary(r) == [
        ("定点医药机构监督检查覆盖面不足", None, "已完成", 2, 0),
        ("欺诈骗保问题线索移交不及时", None, "已完成", 1, 0),
        ("医保智能监控系统规则库更新滞后", None, "基本完成", 1, 0),
        ("党支部组织生活质量不高", None, "长期坚持", 2, 0),
        ("意识形态阵地管理不严", None, "已完成", 1, 0),
    ]
    assert [p.deadline for p in r.problems[:2]] == ["2023年12月", "立行立改"]
    assert [p.category for p in r.problems] == [["医保基金监管方面"]] * 3 + [["党的建设方面"]] * 2
    assert all(r.text[p.span[0] : p.span[1]] == p.text for p in r.problems)
    assert _claimed(r, "aspects", "specific_problems") == {"aspects": 2, "specific_problems": 5}


LEDGER_HEADER = ["序号", "存在问题", "整改措施", "整改情况", "责任单位", "是否完成整改"]
LEDGER_ROWS = [
    ["1", "村级财务“三资”管理不规范", "1.开展村级财务专项审计\n2.推行村级财务网上公开", "审计村级账目46个,整改问题23个", "农经站", "是"],
    ["2", "集体经济薄弱村帮扶成效不明显", "实施集体经济强村工程", "9个薄弱村年收入超过10万元", None, "否"],
    ["3", "高标准农田项目验收把关不严", "1.对已验收项目全面复核\n2.追究监理单位责任", "复核项目7个", "农田建设科", "是"],
]


def test_word_ledger_with_a_yes_no_completion_column_and_a_vertically_merged_cell(tmp_path):
    """是否完成整改: 是 / 否 is a status column; a 责任单位 cell merged down two rows (None above) repeats in Word."""
    import docx

    document = docx.Document()
    document.add_paragraph("中共示例镇委员会关于县委巡察整改情况的报告")
    document.add_paragraph("2023年9月,县委第三巡察组对示例镇党委开展了常规巡察,反馈问题3个。")
    table = document.add_table(rows=1 + len(LEDGER_ROWS), cols=len(LEDGER_HEADER))
    for cell, text in zip(table.rows[0].cells, LEDGER_HEADER):
        cell.text = text
    for i, row in enumerate(LEDGER_ROWS, start=1):
        for j, text in enumerate(row):
            if text is None:  # merged with the cell above
                table.cell(i - 1, j).merge(table.cell(i, j))
            else:
                table.cell(i, j).text = text
    path = tmp_path / "ledger.docx"
    document.save(path)
    r = parse_file(path)
    assert _summary(r) == [
        ("村级财务“三资”管理不规范", None, "已完成", 2, 1),
        ("集体经济薄弱村帮扶成效不明显", None, "未完成", 1, 1),
        ("高标准农田项目验收把关不严", None, "已完成", 2, 1),
    ]
    assert [p.status_code for p in r.problems] == ["completed", "in_progress", "completed"]  # 未完成: under way
    assert [r.text[p.status_span[0] : p.status_span[1]] for p in r.problems] == ["是", "否", "是"]
    assert r.claimed["specific_problems"] == 3


def test_huitoukan_report_with_shi_problems_and_statuses_closing_the_line():
    """一是X。整改情况:…。(已完成) under (一)…方面; claims 共梳理出问题7项 / 已整改到位6项 / 1项正在推进."""
    r = parse_file(LAYOUTS / "huitoukan-shi-problems-line-end-status.txt")
    assert r.inspection.type == "回头看"
    assert _summary(r) == [
        ("上轮巡察指出的村级工程项目管理不规范问题整改不彻底", None, "已完成", 0, 1),
        ("上轮巡察指出的惠民资金发放不及时问题仍有发生", None, "已完成", 0, 1),
        ("整改长效机制建设不够", None, "长期坚持", 0, 1),
        ("农村人居环境整治成效不稳固,部分村垃圾清运不及时", None, "已完成", 0, 1),
        ("村级党组织软弱涣散问题整顿不彻底", None, "正在推进中", 0, 1),
        ("镇机关干部考勤管理不严", None, "已完成", 0, 1),
        ("村务公开不及时、不规范", None, "已完成", 0, 1),
    ]
    assert [p.category for p in r.problems] == [["上轮巡察整改不到位方面"]] * 3 + [["新发现问题方面"]] * 4
    assert _claimed(r, "specific_problems", "measures", "completed", "in_progress", "as_of") == {
        "specific_problems": 7, "measures": 23, "completed": 6, "in_progress": 1, "as_of": "2024-01-31"}


def test_big5_traditional_script_with_full_width_digits():
    r = parse_file(LAYOUTS / "traditional-big5-fullwidth-digits.txt")
    assert r.encoding and r.encoding.lower().replace("-", "") in ("big5", "big5hkscs", "cp950")
    assert r.title == "中共示例县教育局党组关于县委巡察整改进展情况的通报"
    assert _summary(r) == [
        ("“双减”政策落实不到位,校外培训机构监管存在盲区", None, "已完成", 2, 0),
        ("农村学校教师队伍结构性缺编,音体美教师短缺", None, "持续推进", 1, 0),
        ("学校食堂大宗食材采购监管不严", None, "已完成", 2, 0),
        ("教育收费管理不规范,3所学校存在超范围收费", None, "已完成", 2, 0),
    ]
    assert [p.category for p in r.problems] == [["落实教育改革任务方面"]] * 2 + [["全面从严治党方面"]] * 2
    assert r.inspection.feedback == "2023-08-25"
    assert _claimed(r, "specific_problems", "measures") == {"specific_problems": 4, "measures": 12}


def test_claims_worded_feedback_problems_then_specific_problems():
    """反馈问题2个、具体问题5个 (main, then specific); (一)关于“X”问题 over 1.… specific problems with fields."""
    r = parse_file(LAYOUTS / "claims-reverse-wording-main-specific.txt")
    assert _summary(r) == [
        ("安全生产监管责任落实不到位", None, None, 0, 0),
        ("建筑施工安全隐患排查整治不彻底,4个在建项目存在重大隐患未及时整改", "P01", "已完成", 2, 1),
        ("城镇燃气安全监管存在薄弱环节", "P01", "正在推进中", 2, 1),
        ("住房保障政策落实有偏差", None, None, 0, 0),
        ("公租房分配审核把关不严,7户不符合条件家庭违规享受公租房", "P04", "已完成", 2, 1),
        ("老旧小区改造项目进度滞后", "P04", "已完成", 1, 1),
        ("住房公积金提取审核不规范", "P04", "已完成", 1, 0),
    ]
    assert _claimed(r, "main_problems", "specific_problems", "measures", "tasks", "completed", "in_progress", "as_of") == {
        "main_problems": 2, "specific_problems": 5, "measures": 17, "tasks": 20, "completed": 4, "in_progress": 1,
        "as_of": "2023-12-20"}
    assert (r.disclosed["main_problems"], r.disclosed["specific_problems"], r.disclosed["completed"]) == (2, 5, 4)


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("该问题正在持续推进,预计2024年7月底前达标。", "持续推进"),
        ("目前仍在整改中。", "正在推进中"),
        ("正在推进全覆盖检查。", None),  # work under way, no status sentence: what follows is not a sentence end
    ],
)
def test_closing_status_sentences_with_zhengzai(sentence, status):
    from ingest.frames import closing_status, normalise_status

    m = closing_status(sentence)
    assert (normalise_status(m.group())[0] if m else None) == status


def test_no_page_furniture_is_found_in_reports_without_pages(samples_dir):
    for path in [*sorted(LAYOUTS.glob("*.txt")), *sorted(samples_dir.glob("*.txt"))]:
        if path.name not in ("word-export-page-furniture.txt", "huitoukan-paren-digits-page-breaks.txt",  # paged
                             "pdf-export-wrap35-page-furniture.txt"):
            assert not any("page-number" in w for w in parse_file(path).warnings), path.name


def test_numbered_action_lists_end_where_the_numbering_does_not_go_on():
    """1.X / 整改情况: / 1.… 2.… 3.… / 2.Y: 2. does not continue the list (that would be 4.), so it is a problem."""
    r = parse_file(LAYOUTS / "numbered-action-lists-number-sequence.txt")
    assert _summary(r) == [
        ("预算绩效管理结果运用不充分,绩效评价结果与预算安排挂钩不紧", None, None, 0, 3),
        ("政府采购预算执行监管不严,部分单位化整为零规避采购", None, "已完成", 0, 2),
        ("国有资产出租出借管理不规范,11处房产未按规定公开招租", None, None, 0, 2),
        ("财政专户清理不彻底", None, "已完成", 0, 2),
    ]
    assert r.problems[0].actions[2].text == "将绩效目标审核嵌入预算编制系统。"
    assert r.claimed["specific_problems"] == 4


def test_top_level_aspect_headings_over_chinese_parenthesised_problems_gb18030():
    """一、X方面 (the report's top-level headings are the aspects) over (一)… problems, 〔已完成〕 closing them."""
    r = parse_file(LAYOUTS / "aspect-top-level-gb18030.txt")
    assert r.encoding and r.encoding.lower().replace("-", "") in ("gb18030", "gbk", "gb2312")
    assert _summary(r) == [
        ("审计发现问题整改督促不力,2022年审计查出的问题整改率仅为76%", None, "已完成", 1, 1),
        ("审计项目计划统筹不够,部分项目重复审计", None, "已完成", 1, 0),
        ("审计质量控制存在薄弱环节", None, "已完成", 1, 0),
        ("审计廉政纪律执行不严", None, "已完成", 1, 1),
        ("审计专业人才短缺,计算机审计人员仅占8%", None, "已完成", 1, 0),
        ("干部轮岗交流不够", None, "已完成", 1, 0),
    ]
    assert [p.category for p in r.problems][::2] == [["贯彻落实党中央决策部署方面"], ["全面从严治党方面"], ["干部队伍建设方面"]]
    assert [r.text[p.status_span[0] : p.status_span[1]] for p in r.problems][:1] == ["已完成"]
    assert _claimed(r, "aspects", "specific_problems", "completed") == {"aspects": 3, "specific_problems": 6, "completed": 6}


_HEAD = "中共示例局党组关于巡察整改情况的通报\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Word's distributed alignment spaces a label's characters out
        ("1.食堂台账不全\n整 改 措 施：建立台账。\n整 改 情 况：已建立。\n整 改 进 展：已完成\n", ("食堂台账不全", "已完成", 1, 1)),
        # a label on a line of its own, its value on the next
        ("1.食堂台账不全\n整改措施\n建立台账。\n整改情况\n已建立台账12本。\n整改进展\n已完成\n", ("食堂台账不全", "已完成", 1, 1)),
        ("1.食堂台账不全\n整改措施——建立台账。\n整改进展——已完成\n", ("食堂台账不全", "已完成", 1, 0)),
        # problem labels carrying their own number
        ("问题①：食堂台账不全\n整改措施：建立台账。\n整改进展：已完成\n", ("食堂台账不全", "已完成", 1, 0)),
        ("存在问题1：食堂台账不全\n整改措施：建立台账。\n整改进展：已完成\n", ("食堂台账不全", "已完成", 1, 0)),
        ("第一个问题：食堂台账不全\n整改措施：建立台账。\n整改进展：已完成\n", ("食堂台账不全", "已完成", 1, 0)),
        # yes/no and 销号 statuses, 已立行立改
        ("1.食堂台账不全\n整改措施：建立台账。\n是否销号：已销号\n", ("食堂台账不全", "已完成", 1, 0)),
        ("1.食堂台账不全\n整改措施：建立台账。\n是否完成整改：是\n", ("食堂台账不全", "已完成", 1, 0)),
        ("1.食堂台账不全\n整改措施：建立台账。\n整改进展：已立行立改\n", ("食堂台账不全", "已完成", 1, 0)),
    ],
    ids=["spaced-labels", "label-own-line", "label-dash", "wenti-circled", "cunzai-wenti-1", "di-yi-ge-wenti",
         "shifou-xiaohao", "shifou-wancheng", "lixing-ligai"],
)
def test_field_and_problem_label_variants(body, expected):
    r = parse_text(_HEAD + body)
    assert [(p.text, p.status, len(p.measures), len(p.actions)) for p in r.problems] == [expected]
    p = r.problems[0]
    assert r.text[p.span[0] : p.span[1]] == p.text
    assert r.text[p.status_span[0] : p.status_span[1]] in {"已完成", "是", "已销号", "已立行立改"}


def test_short_text_table_is_not_joined_to_the_title_and_its_deadline_column_is_read():
    """Four long lines without sentence ends looked hard-wrapped: a table header starts no paragraph's tail."""
    r = parse_text(_HEAD + "序号\t反馈问题\t整改措施\t完成时限\n1\t食堂台账不全\t建立台账\t2023年底\n"
                   "2\t会议记录不规范\t规范记录\t长期坚持\n")
    assert r.title == "中共示例局党组关于巡察整改情况的通报"
    assert [(p.text, p.deadline, p.status) for p in r.problems] == [
        ("食堂台账不全", "2023年底", None), ("会议记录不规范", "长期坚持", "长期坚持")]


def test_status_after_a_comma_closing_a_heading_and_an_aspect_heading_with_a_colon():
    r = parse_text(_HEAD + "(一)党建方面存在的问题:\n1、食堂台账不全,已完成整改\n整改措施:建立台账。\n"
                   "2、会议记录不规范\n整改措施:规范记录。\n整改情况:已补记录3本,已完成。\n")
    assert [(p.text, p.status, p.category, len(p.actions)) for p in r.problems] == [
        ("食堂台账不全", "已完成", ["党建方面存在的问题"], 0),
        ("会议记录不规范", None, ["党建方面存在的问题"], 1),  # …,已完成。 closes what was done: no status sentence
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("巡视反馈的问题中,已完成整改的16个,正在推进的3个,需长期坚持的2个。", {"completed": 16, "in_progress": 3, "long_term": 2}),
        ("细化分解为31项整改任务,已完成28项,3项需长期坚持。", {"tasks": 31, "tasks_completed": 28, "tasks_long_term": 3}),
        ("巡察反馈问题共2个方面7项,制定整改措施21条。", {"aspects": 2, "specific_problems": 7, "measures": 21}),
        ("局党组共认领问题6个,明确整改任务20项。", {"specific_problems": 6, "tasks": 20}),
    ],
)
def test_claims_in_more_wordings(sentence, expected):
    from ingest.figures import claimed_figures

    assert claimed_figures(sentence) == expected


def test_space_separated_table_with_a_bracketed_last_cell_and_spaces_in_the_problem():
    r = parse_text(_HEAD + "序号 问题 整改措施 整改状态\n1 2021年 12月的差旅费 报销超标准 追回超标准报销款 (已完成)\n"
                   "2 “三会一课” 记录不全 补齐会议记录 正在推进\n")
    assert [(p.text, [m.text for m in p.measures], p.status) for p in r.problems] == [
        ("2021年 12月的差旅费 报销超标准", ["追回超标准报销款"], "已完成"),
        ("“三会一课” 记录不全", ["补齐会议记录"], "正在推进中"),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("1.食堂台账不全\n整改落实:建立台账。\n整改进展:已完成\n", [("食堂台账不全", "已完成", 0, 1)]),
        ("1.食堂台账不全\n整改措施:建立台账。\n整改落实情况及成效:已建立台账12本。\n", [("食堂台账不全", None, 1, 1)]),
        ("1.食堂台账不全\n整改措施:建立台账。\n目前进度:已完成\n", [("食堂台账不全", "已完成", 1, 0)]),
        ("序号 反馈问题 整改措施及成效 整改状态\n1 食堂台账不全 建立台账12本 已完成\n", [("食堂台账不全", "已完成", 0, 1)]),
        ("序号 问题描述 整改举措 完成进度 责任单位\n1 食堂台账不全 建立台账 已完成 办公室\n", [("食堂台账不全", "已完成", 1, 0)]),
        ("序号 整改任务 具体措施 完成情况\n1 食堂台账不全 建立台账 已完成\n", [("食堂台账不全", "已完成", 1, 0)]),
        ("序号 问题清单 措施清单 责任清单 完成情况\n1 食堂台账不全 建立台账 办公室 已完成\n", [("食堂台账不全", "已完成", 1, 0)]),
    ],
    ids=["zhenggai-luoshi", "qingkuang-ji-chengxiao", "muqian-jindu", "table-cuoshi-ji-chengxiao", "table-wancheng-jindu",
         "table-zhenggai-renwu", "table-qingdan"],
)
def test_more_field_and_column_labels(body, expected):
    r = parse_text(_HEAD + body)
    assert [(p.text, p.status, len(p.measures), len(p.actions)) for p in r.problems] == expected


def test_bold_heading_running_into_a_field_in_one_web_paragraph(tmp_path):
    """<p><strong>1.X</strong>整改措施:…</p>: the bold heading is a line of its own; a bold run inside prose is not."""
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><div class='article'><h1>中共示例局党组关于巡察整改情况的通报</h1>"
        "<p>根据区委统一部署,区委第一巡察组对局党组开展了常规巡察,<b>反馈问题2个</b>。</p>"
        "<p><strong>1.食堂台账不全</strong>整改措施：建立台账。整改进展：已完成</p>"
        "<p><b>2.会议记录不规范</b>　【整改措施】规范记录。【整改进展】持续推进</p></div></body></html>",
        encoding="utf-8")
    r = parse_file(path)
    assert [(p.text, p.status, len(p.measures)) for p in r.problems] == [
        ("食堂台账不全", "已完成", 1), ("会议记录不规范", "持续推进", 1)]
    assert "常规巡察,反馈问题2个。" in r.text


def test_bold_heading_running_into_a_field_in_one_word_paragraph(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("中共示例局党组关于巡察整改情况的通报")
    for heading, rest in [("1.食堂台账不全", "整改措施：建立台账。整改进展：已完成"), ("2.会议记录不规范", "整改措施：规范记录。")]:
        paragraph = document.add_paragraph()
        paragraph.add_run(heading).bold = True
        paragraph.add_run(rest)
    document.add_paragraph("二、下一步工作")
    prose = document.add_paragraph("局党组")
    prose.add_run("高度重视").bold = True
    path = tmp_path / "bold.docx"
    document.save(path)
    r = parse_file(path)
    assert [(p.text, p.status, len(p.measures)) for p in r.problems] == [
        ("食堂台账不全", "已完成", 1), ("会议记录不规范", None, 1)]
    assert "局党组高度重视" in r.text


@pytest.mark.parametrize(
    ("value", "status", "code"),
    [("完成", "已完成", "completed"), ("按计划推进", "正在推进中", "in_progress"), ("有序推进中", "正在推进中", "in_progress"),
     ("已完成阶段性目标任务", "基本完成", "partial"), ("已完成,并长期坚持", "已完成", "completed"),
     ("尚未完成,预计2024年底前完成", "未完成", "in_progress"), ("未启动", "未启动", "not_started")],
)
def test_status_field_wordings(value, status, code):
    r = parse_text(_HEAD + f"1.食堂台账不全\n整改措施:建立台账。\n整改状态:{value}\n")
    assert [(p.status, p.status_code) for p in r.problems] == [(status, code)]


def test_hard_wrapped_pdf_text_with_page_numbers_and_running_headers():
    """A PDF's text: lines wrapped at one width, and a page break (page number, the title again) inside a field."""
    title = "中共示例县林业局党组关于县委巡察整改情况的通报"
    text = (LAYOUTS / "hard-wrapped-lines.txt").read_text(encoding="utf-8")
    text = text.replace("分年度推进防火隔\n", f"分年度推进防火隔\n第 2 页 共 3 页\n{title}\n", 1)
    text = text.replace("2.林木采伐", f"— 3 —\n{title}\n2.林木采伐", 1)
    r = parse_text(text)
    assert [(p.text, p.status, [m.text for m in p.measures]) for p in r.problems] == [
        ("森林防火基础设施建设滞后,全县12个重点林区中有5个未建成防火隔离带,瞭望塔视频监控覆盖率不足60%", "正在推进中",
         ["编制森林防火基础设施三年建设规划,分年度推进防火隔离带和视频监控建设。"]),
        ("林木采伐审批把关不严,2022年有3宗采伐许可超出年度采伐限额", "已完成", ["严格执行采伐限额管理制度,对超限额审批的责任人进行约谈。"]),
    ]
    assert r.text.count(title) == 1


_SECTION = "二、整改落实情况\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("(一)关于党的建设方面\n1.理论学习不够深入的问题。党委修订学习规则,开展专题研讨4次。目前已完成整改。\n"
         "2.基层党组织建设薄弱的问题。开展支部标准化建设,整顿软弱涣散党组织3个。\n",
         [("理论学习不够深入", "已完成", 1), ("基层党组织建设薄弱", None, 1)]),
        ("(一)在党的建设方面\n针对理论学习不够深入的问题,党委修订学习规则。目前已完成整改。\n"
         "针对基层党组织建设薄弱的问题,开展支部标准化建设。\n针对上述问题,党委举一反三开展自查。\n",
         [("理论学习不够深入", "已完成", 1), ("基层党组织建设薄弱", None, 2)]),  # 针对上述问题 refers back: an action
        ("(一)关于党的建设方面\n一是理论学习不够深入的问题。党委修订学习规则。\n二是基层党组织建设薄弱的问题。开展支部标准化建设。\n",
         [("理论学习不够深入", None, 1), ("基层党组织建设薄弱", None, 1)]),
        ("【问题1】食堂台账不全\n【整改措施】建立台账。\n【整改进展】已完成\n【问题2】会议记录不规范\n【整改措施】规范记录。\n",
         [("食堂台账不全", "已完成", 0), ("会议记录不规范", None, 0)]),
    ],
    ids=["numbered-x-de-wenti", "zhendui-unquoted", "yishi-x-de-wenti", "bracketed-numbered-problem-label"],
)
def test_problems_stated_without_quotes_then_what_was_done(body, expected):
    r = parse_text(_HEAD + _SECTION + body)
    assert [(p.text, p.status, len(p.actions)) for p in r.problems] == expected
    assert all(r.text[p.span[0] : p.span[1]] == p.text for p in r.problems)


def test_xunshi_web_page_with_bold_numbered_zhendui_leads():
    """<p><strong>1.针对“X”的问题。</strong><what was done>。目前已完成整改。</p> under bold (一)关于“Y”方面 headings."""
    r = parse_file(LAYOUTS / "xunshi-html-bold-leads.html")
    assert (r.title, r.published) == ("中共示例师范学院委员会关于省委巡视整改进展情况的通报", "2023-11-20")
    assert (r.inspection.body, r.inspection.feedback) == ("省委第十巡视组", "2023-07-06")
    assert _summary(r) == [
        ("思想政治工作体系不够健全", None, "已完成", 0, 1),
        ("师范生培养质量有待提高", None, "已完成", 0, 2),
        ("二级党组织主体责任落实不到位", None, "已完成", 0, 1),
        ("科研经费报销审核不严", None, "已完成", 0, 1),
        ("干部队伍结构不优", None, "正在推进中", 0, 1),
        ("干部考核结果运用不充分", None, "已完成", 0, 1),
    ]
    assert [p.category for p in r.problems][::2] == [
        ["关于“落实立德树人根本任务”方面"], ["关于“全面从严治党”方面"], ["关于“领导班子和干部队伍建设”方面"]]
    assert r.problems[0].actions[0].policies == ["示例师范学院“三全育人”综合改革实施方案"]
    assert [a.text for a in r.problems[1].actions] == ["修订师范类专业人才培养方案", "新建教育实践基地16个。"]
    assert _claimed(r, "aspects", "specific_problems", "measures", "completed", "in_progress", "as_of") == {
        "aspects": 3, "specific_problems": 6, "measures": 31, "completed": 5, "in_progress": 1, "as_of": "2023-10-31"}
    assert (r.disclosed["completed"], r.disclosed["in_progress"]) == (5, 1)


@pytest.mark.parametrize("path", sorted(p.name for p in LAYOUTS.iterdir()))
def test_every_extracted_item_spans_its_text(path):
    """Problems, measures, actions and statuses point into the normalised text at exactly what they say."""
    r = parse_file(LAYOUTS / path)
    for p in r.problems:
        assert r.text[p.span[0] : p.span[1]] == p.text
        for item in (*p.measures, *p.actions):
            assert r.text[item.span[0] : item.span[1]] == item.text
        if p.status_span is not None:
            said = r.text[p.status_span[0] : p.status_span[1]]
            assert normalise_status(said)[1] == p.status_code or said in ("是", "否", "√", "○") \
                or said.endswith("%")  # answers, a legend's marks, a percentage done
