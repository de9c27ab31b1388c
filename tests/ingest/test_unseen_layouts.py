"""More hand-written layouts (tests/data/layouts): problem-label blocks, prose statuses, table rows,
第一/其一 ordinals, status wording variants, claims in other wording, numbered specific problems under a main one,
and a traditional-script GB18030 file. Expected results were written by hand from the texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import parse_file, parse_text

LAYOUTS = Path(__file__).resolve().parent.parent / "data" / "layouts"


def _summary(report):
    return [(p.text, p.parent, p.status, len(p.measures), len(p.actions)) for p in report.problems]


PROBLEM_BLOCKS = [
    ("耕地保护责任落实不到位,2022年卫片执法发现新增违法占用耕地图斑14个,整改滞后", None, None, 3, 1),
    ("高标准农田建设项目管护机制不健全,部分灌排设施损毁后长期无人维修", None, "长期坚持", 1, 1),
    ("惠农补贴资金发放审核把关不严,3户不符合条件人员领取耕地地力保护补贴0.86万元", None, "已完成", 1, 1),
    ("公务接待管理不规范,2022年有5批次接待无公函", None, "正在推进中", 2, 2),
]


def test_problem_label_blocks_numbered_in_chinese():
    """问题一:… / 整改措施 / 整改成效 / 完成时限 / 责任单位 blocks."""
    r = parse_file(LAYOUTS / "problem-blocks-cn-numbered.txt")
    assert _summary(r) == PROBLEM_BLOCKS
    assert r.problems[0].deadline == "2023年12月底"
    assert [p.category for p in r.problems] == [["落实党中央决策部署方面"]] * 2 + [["全面从严治党方面"]] * 2
    assert [p.status_code for p in r.problems] == [None, "long_term", "completed", "in_progress"]
    assert {k: r.claimed.get(k) for k in ("aspects", "specific_problems", "measures")} == {
        "aspects": 3, "specific_problems": 12, "measures": 35}


def test_traditional_script_gb18030_file_parses_like_its_simplified_original():
    r = parse_file(LAYOUTS / "problem-blocks-traditional-gb18030.txt")
    assert r.encoding and r.encoding.lower().replace("-", "") in ("gb18030", "gbk", "gb2312")
    assert _summary(r) == PROBLEM_BLOCKS
    assert r.claimed["specific_problems"] == 12


def test_status_stated_only_in_the_prose_of_a_paragraph():
    """(一)X问题。整改情况:…。目前已完成整改。: the closing sentence gives the status, a quantity sentence does not."""
    r = parse_file(LAYOUTS / "prose-paragraph-status.txt")
    assert [(p.text, p.parent, p.status, len(p.measures), len(p.actions)) for p in r.problems] == [
        ("就业创业政策落实不精准问题", None, "已完成", 0, 1),
        ("社保基金监管存在漏洞,部分经办岗位未实现不相容岗位分离的问题", None, "已完成", 0, 1),
        ("劳动保障监察执法不到位问题", None, "长期坚持", 0, 1),
        ("干部队伍年龄结构不合理", None, "正在推进中", 0, 1),
        ("档案管理不规范问题", None, None, 0, 1),  # 已完成12个科室的…: work done, not a status
    ]
    assert "目前已完成整改" not in r.problems[0].actions[0].text
    assert r.problems[3].status_span is not None
    a, b = r.problems[3].status_span
    assert r.text[a:b] == "正在推进中"


def test_table_rows_with_tab_or_space_separated_columns():
    """序号 | 反馈问题 | 整改措施 | 责任科室 | 整改状态 rendered as tab- or space-separated text."""
    r = parse_file(LAYOUTS / "table-rows-look-back.txt")
    assert r.inspection.type == "回头看"
    assert _summary(r) == [
        ("食品安全抽检计划执行不到位,2022年抽检完成率为86%", None, "已完成", 2, 0),
        ("特种设备隐患整改跟踪不及时,12台电梯超期未检", None, "已完成", 2, 0),
        ("行政处罚案件办理超期,3起案件超过法定期限结案", None, "已完成", 2, 0),
        ("上轮巡察指出的政府采购问题整改不彻底", None, "已完成", 1, 0),
        ("基层所干部交流轮岗不到位,部分干部在同一岗位任职超过10年", None, "正在推进中", 1, 0),
    ]
    p = r.problems[0]
    assert r.text[p.span[0] : p.span[1]] == p.text
    assert [m.text for m in r.problems[1].measures] == ["建立隐患整改销号台账", "联合街道开展专项排查"]
    assert {k: r.claimed.get(k) for k in ("specific_problems", "measures", "completed", "in_progress")} == {
        "specific_problems": 5, "measures": 16, "completed": 4, "in_progress": 1}


def test_pipe_separated_table_under_a_main_problem_and_a_cell_with_spaces():
    text = (
        "中共示例局党组关于巡察整改情况的通报\n"
        "(一)关于“财务管理制度执行不严”的问题\n"
        "| 序号 | 具体问题 | 整改措施 | 完成情况 |\n"
        "| 1 | 公务卡结算率偏低 | 推行公务卡强制结算目录 | 已完成 |\n"
        "| 2 | 往来款项长期挂账 | 逐笔清理往来款项;建立清理台账 | 清理挂账款项42笔 |\n"
        "二、下一步工作\n"
        "序号 问题 整改措施 整改状态\n"
        "1 2021年 12月的差旅费 报销超标准 追回超标准报销款 已完成\n"
    )
    r = parse_text(text)
    assert _summary(r) == [
        ("财务管理制度执行不严", None, None, 0, 0),
        ("公务卡结算率偏低", "P01", "已完成", 1, 0),
        ("往来款项长期挂账", "P01", None, 2, 1),  # 完成情况 that narrates work is an action
        ("2021年 12月的差旅费 报销超标准", None, "已完成", 1, 0),
    ]


def test_a_sentence_with_spaces_is_not_a_table_header():
    text = "中共示例局党组关于巡察整改情况的通报\n问题 整改 情况 说明\n1.档案管理不规范\n整改措施:清理归档。\n"
    r = parse_text(text)
    assert _summary(r) == [("档案管理不规范", None, None, 1, 0)]


def test_di_yi_categories_and_qi_yi_problems():
    """第一,关于…方面 headings over 其一,… / 其二,… problems."""
    r = parse_file(LAYOUTS / "ordinal-di-qi.txt")
    assert _summary(r) == [
        ("意识形态工作责任制落实不到位,未按要求每半年专题研究意识形态工作", None, "已完成", 1, 1),
        ("理论学习中心组学习流于形式,研讨发言准备不充分", None, "持续推进", 1, 1),
        ("馆藏档案数字化进度滞后,数字化率仅为42%", None, "正在推进中", 1, 1),
        ("档案库房温湿度监控设备老化", None, "已完成", 1, 1),
        ("专业技术人才短缺,近五年未引进档案专业人才", None, "正在推进中", 1, 1),
        ("干部教育培训针对性不强", None, "已完成", 1, 1),
    ]
    assert [p.category for p in r.problems[::2]] == [
        ["关于党的政治建设方面"], ["关于档案业务工作方面"], ["关于干部队伍建设方面"]]
    assert {k: r.claimed.get(k) for k in ("aspects", "specific_problems")} == {"aspects": 3, "specific_problems": 6}


def test_status_wording_variants_and_mixed_punctuation():
    r = parse_file(LAYOUTS / "status-variants-mixed-punct.txt")
    assert _summary(r) == [
        ("家庭医生签约服务质量不高,重签约轻履约", None, "基本完成", 2, 1),
        ("乡镇卫生院基本公共卫生服务项目资金拨付滞后", None, "已完成", 1, 1),
        ("医疗机构药品耗材采购监管存在薄弱环节", None, "持续推进", 2, 1),
        ("医德医风建设常态长效机制不健全", None, "长期坚持", 1, 1),
        ("行风投诉办理不及时", None, "已完成", 1, 1),
        ("部分卫生院财务人员无证上岗", None, "正在推进中", 1, 1),
    ]
    assert [p.status_code for p in r.problems] == [
        "partial", "completed", "in_progress", "long_term", "completed", "in_progress"]
    assert [p.category for p in r.problems][::3] == [["在落实医改政策方面"], ["在全面从严治党方面"]]


def test_claims_in_other_wording_and_fewer_problems_listed_than_claimed():
    r = parse_file(LAYOUTS / "claims-wording-partial-list.txt")
    assert {k: r.claimed.get(k) for k in (
        "specific_problems", "measures", "completed", "in_progress", "long_term", "rules_made", "as_of")} == {
        "specific_problems": 28, "measures": 86, "completed": 23, "in_progress": 4, "long_term": 1,
        "rules_made": 11, "as_of": "2023-12-31"}
    assert [p.status for p in r.problems] == ["已完成", "已完成", "正在推进中"]
    assert (r.disclosed["specific_problems"], r.disclosed["completed"], r.disclosed["in_progress"]) == (3, 2, 1)


def test_numbered_specific_problems_under_framed_main_problems():
    """(一)关于“X”的问题 / 具体问题1:… / 具体问题2:…: the specific ones nest under the main one."""
    r = parse_file(LAYOUTS / "main-with-numbered-specifics.txt")
    assert _summary(r) == [
        ("党组把方向、管大局、保落实作用发挥不够", None, None, 0, 0),
        ("贯彻落实省委关于交通强省建设部署要求不够有力,3个重点项目未按期开工", "P01", "已完成", 1, 1),
        ("农村公路养护管理机制不健全,部分县区养护资金配套不到位", "P01", "正在推进中", 1, 1),
        ("全面从严治党‘两个责任’落实不到位", None, None, 0, 0),
        ("对厅属单位工程招投标监管不严,2个项目存在围标串标线索", "P04", "已完成", 2, 1),
    ]
    assert [p.level for p in r.problems] == ["main", "specific", "specific", "main", "specific"]
    assert (r.disclosed["main_problems"], r.disclosed["specific_problems"]) == (2, 3)


def test_bracketed_field_labels_half_parenthesis_numbers_and_leading_status():
    """1)… / 【整改措施】… / 【整改进展】… / 3)【已完成】… / 4)…(整改完成)."""
    r = parse_file(LAYOUTS / "bracket-labels-half-paren.txt")
    assert _summary(r) == [
        ("统计执法检查覆盖面不足,2022年仅检查企业12家", None, "已完成", 1, 1),
        ("部分专业统计台账不规范,原始记录缺失", None, "持续推进", 1, 1),
        ("下基层调研指导不够,调研报告质量不高", None, "已完成", 1, 1),
        ("请休假审批手续不全", None, "已完成", 1, 1),
    ]
    spans = [r.text[p.status_span[0] : p.status_span[1]] for p in r.problems]
    assert spans == ["已完成", "持续推进", "已完成", "整改完成"]
    assert {k: r.claimed.get(k) for k in ("aspects", "specific_problems", "measures", "completed", "in_progress")} == {
        "aspects": 2, "specific_problems": 4, "measures": 13, "completed": 3, "in_progress": 1}


def test_bracketed_labels_running_on_in_one_paragraph():
    text = ("中共示例局党组关于巡察整改情况的通报\n"
            "1)食堂采购台账不全。【整改措施】建立采购台账。【整改情况】台账已建立。【整改进展】已完成\n")
    assert _summary(parse_text(text)) == [("食堂采购台账不全", None, "已完成", 1, 1)]


def test_manifestations_numbered_under_framed_main_problems():
    """(一)关于“X”的问题 / 表现一:… / 表现二:…; claims 2个主要问题包括5个具体表现."""
    r = parse_file(LAYOUTS / "main-with-manifestations.txt")
    assert [(p.text, p.parent, p.status) for p in r.problems] == [
        ("意识形态工作责任制落实不到位", None, None),
        ("对文化市场意识形态阵地管理不严,2家网吧存在违规接纳未成年人现象", "P01", "已完成"),
        ("对图书馆、文化馆讲座活动内容审核把关不严", "P01", "已完成"),
        ("意识形态工作研判不够经常", "P01", "长期坚持"),
        ("文物安全监管存在薄弱环节", None, None),
        ("县域内3处不可移动文物未落实安全巡查责任人", "P05", "已完成"),
        ("文物安全防范设施建设滞后", "P05", "正在推进中"),
    ]
    assert {k: r.claimed.get(k) for k in ("main_problems", "specific_problems", "measures")} == {
        "main_problems": 2, "specific_problems": 5, "measures": 14}
    assert (r.disclosed["main_problems"], r.disclosed["specific_problems"]) == (2, 5)


def test_titles_in_other_title_brackets_are_cited():
    """〈X〉 nested in 《》 or standing alone, and <<X>>, cite documents like 《X》 does."""
    text = ("中共示例局党组关于巡察整改情况的通报\n1.公务接待管理不规范\n"
            "整改措施:学习《关于印发〈示例市党政机关国内公务接待管理办法〉的通知》;对照〈党政机关厉行节约反对浪费条例〉;"
            "修订<<示例局公务接待管理办法>>。\n整改情况:已完成。\n")
    r = parse_text(text)
    names = {p.canonical: p for p in r.policies}
    assert {"示例市党政机关国内公务接待管理办法", "党政机关厉行节约反对浪费条例", "示例局公务接待管理办法"} <= set(names)
    for p in r.policies:
        for a, b in p.spans:
            assert p.raw[0] in r.text[a:b]
    assert [m.policies for m in r.problems[0].measures][1] == ["党政机关厉行节约反对浪费条例"]


def test_status_group_headings_in_other_wordings():
    """一、已整改到位的问题 / 二、基本完成整改的问题 / 三、需长期坚持整改的问题 give their problems' statuses."""
    r = parse_file(LAYOUTS / "status-groups-variant-wording.txt")
    assert [(p.text, p.status, p.status_code) for p in r.problems] == [
        ("渣土运输车辆监管不力,违规撒漏现象屡禁不止", "已完成", "completed"),
        ("城管执法记录仪使用不规范,执法全过程记录制度落实不到位", "已完成", "completed"),
        ("户外广告设施审批后监管缺失,12处广告牌存在安全隐患", "基本完成", "partial"),
        ("市容环境卫生长效管理机制不健全", "长期坚持", "long_term"),
    ]
    assert {k: r.claimed.get(k) for k in ("specific_problems", "completed", "long_term")} == {
        "specific_problems": 10, "completed": 6, "long_term": 2}


def test_status_field_in_brackets_at_the_end_of_a_heading():
    text = ("中共示例局党组关于巡察整改情况的通报\n1.食堂采购台账不全(整改状态:已完成)\n整改措施:建立采购台账。\n"
            "2.会议记录不规范【进展情况:持续推进】\n整改措施:规范记录。\n")
    r = parse_text(text)
    assert [(p.text, p.status) for p in r.problems] == [("食堂采购台账不全", "已完成"), ("会议记录不规范", "持续推进")]
    assert [r.text[p.status_span[0] : p.status_span[1]] for p in r.problems] == ["已完成", "持续推进"]


def test_bulleted_lines_and_field_label_variants():
    """◆问题一:… / ●主要整改措施: / ●整改效果: / ●整改时间: / ●督办领导: / ●进度: / ●状态:."""
    r = parse_file(LAYOUTS / "bullets-label-variants.txt")
    assert _summary(r) == [
        ("重大项目谋划储备不足,2023年入库项目较上年减少23%", None, "已完成", 1, 1),
        ("价格监测数据报送不及时", None, "长期坚持", 1, 1),
        ("以工代赈项目劳务报酬发放比例偏低", None, "正在推进中", 1, 1),  # 督办领导: is not an action
    ]
    assert r.problems[0].deadline == "2023年12月"
    assert all(r.text[p.span[0] : p.span[1]] == p.text for p in r.problems)


def test_shi_items_with_run_in_fields_nest_under_a_framed_main_problem():
    text = ("中共示例局党组关于巡察整改情况的通报\n(一)关于“基层党组织建设薄弱”的问题\n"
            "一是部分党支部“三会一课”制度落实不到位。整改措施:制定支部工作清单。整改情况:已督促12个支部补课。整改进展:已完成。\n"
            "二是发展党员工作程序不规范。整改措施:开展发展党员档案专项检查。整改进展:正在推进。\n"
            "(十一)关于“机关作风不实”的问题\n1.调研走过场。\n整改措施:建立调研成果转化机制。\n整改情况:形成调研报告5篇。\n(已完成)\n")
    assert _summary(parse_text(text)) == [
        ("基层党组织建设薄弱", None, None, 0, 0),
        ("部分党支部“三会一课”制度落实不到位", "P01", "已完成", 1, 1),
        ("发展党员工作程序不规范", "P01", "正在推进中", 1, 0),
        ("机关作风不实", None, None, 0, 0),
        ("调研走过场", "P04", "已完成", 1, 1),
    ]


def test_problems_reported_in_narrative_without_field_labels():
    """1.关于X的问题。一是…;二是… / sentences or (1)(2) lines under the heading are what was done; 关于…方面的问题
    is a category; 具体表现为: under a main problem opens a specific one; the signature is nobody's action."""
    r = parse_file(LAYOUTS / "narrative-no-fields.txt")
    got = [(p.text, p.parent, p.status, [a.text for a in p.actions]) for p in r.problems]
    assert got == [
        ("落实科技自立自强战略不够有力", None, None,
         ["制定《示例大学科技创新2030行动计划》,明确重点任务", "组建3个交叉学科研究院。"]),
        ("服务国家重大战略需求不够精准", None, "已完成", ["学校党委召开专题会议研究部署,新增与国家重大战略相关专业3个。"]),
        ("“一把手”监督不到位", None, None, ["出台加强对“一把手”监督的实施办法。", "开展二级单位主要负责人经济责任审计12人次。"]),
        ("基建领域廉政风险防控不力", None, None, []),
        # 具体表现为: states the specific problem under the main one, like 针对“Y”问题
        ("新校区工程3个项目变更签证审核不严", "P04", "已完成", ["对3个项目变更签证逐项复核,核减金额126万元。"]),
    ]
    assert [p.category for p in r.problems] == [["关于贯彻落实党中央重大决策部署方面的问题"]] * 2 + [
        ["关于全面从严治党方面的问题"]] * 3
    assert [p.policies for p in r.problems[0].actions][0] == ["示例大学科技创新2030行动计划"]
    assert r.disclosed["actions"] == 6


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("巡察反馈3个方面12个问题,目前已全部完成整改。", {"aspects": 3, "specific_problems": 12, "completed": 12}),
        ("反馈的12个问题均已整改到位。", {"specific_problems": 12, "completed": 12}),
        ("共反馈问题15条,已整改完成13条,其余2条正在按计划推进。",
         {"specific_problems": 15, "completed": 13, "in_progress": 2}),
        ("对照反馈的4方面16项问题,细化整改任务56项。", {"aspects": 4, "specific_problems": 16, "tasks": 56}),
        ("一方面抓整改,另一方面建机制。反馈问题12个。13项整改任务已全部完成。", {"specific_problems": 12}),
    ],
)
def test_claims_in_other_wordings(sentence, expected):
    from ingest.figures import claimed_figures

    assert claimed_figures(sentence) == expected


TABLE_HEADER = ["序 号", "反馈问题", "整改措施", "责任科室", "整改状态"]
TABLE_ROWS = [
    ["1", "食品安全抽检计划执行不到位,2022年抽检完成率为86%", "1.制定年度抽检计划\n2.按月调度", "食品安全科", "已完成"],
    ["2", "特种设备隐患整改跟踪不及时", "建立隐患整改销号台账", "特种设备科", "正在推进"],
]
TABLE_EXPECTED = [
    ("食品安全抽检计划执行不到位,2022年抽检完成率为86%", None, "已完成", 2, 0),
    ("特种设备隐患整改跟踪不及时", None, "正在推进中", 1, 0),
]
TABLE_INTRO = "2023年10月9日至11月10日,区委第一巡察组对区市场监管局党组开展了常规巡察,12月5日反馈了意见。"


def test_word_problem_table_is_read_row_by_row(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("中共示例区市场监督管理局党组关于区委巡察整改情况的报告")
    document.add_paragraph(TABLE_INTRO)
    table = document.add_table(rows=0, cols=len(TABLE_HEADER))
    for row in [TABLE_HEADER, ["(一)食品安全方面"], *TABLE_ROWS]:
        cells = table.add_row().cells
        if len(row) == 1:  # a heading row: one cell merged across the table
            cells[0].merge(cells[-1]).text = row[0]
            continue
        for cell, text in zip(cells, row):
            cell.text = text
    other = document.add_table(rows=1, cols=2)  # not a problem table: one cell a line, as before
    other.rows[0].cells[0].text, other.rows[0].cells[1].text = "联系电话", "0411-12345678"
    path = tmp_path / "table.docx"
    document.save(path)
    r = parse_file(path)
    assert _summary(r) == TABLE_EXPECTED
    assert [p.category for p in r.problems] == [["食品安全方面"]] * 2
    assert "联系电话\n0411-12345678" in r.text


def test_html_problem_table_is_read_row_by_row(tmp_path):
    def row(cells, tag="td"):
        return "<tr>" + "".join(f"<{tag}>" + "".join(f"<p>{part}</p>" for part in c.split("\n")) + f"</{tag}>"
                                for c in cells) + "</tr>"

    html = ("<html><body><div class='content'><p>中共示例区市场监督管理局党组关于区委巡察整改情况的报告</p>"
            f"<p>{TABLE_INTRO}</p><table>{row(TABLE_HEADER, 'th')}{''.join(row(r) for r in TABLE_ROWS)}</table>"
            "</div></body></html>")
    path = tmp_path / "table.html"
    path.write_text(html, encoding="utf-8")
    assert _summary(parse_file(path)) == TABLE_EXPECTED


def test_short_labels_and_sibling_blocks_after_a_main_problem_with_its_own_fields():
    """问题:/措施:/成效:/状态: and 【存在问题】 blocks; a 关于X问题 heading that has its own fields is no parent."""
    r = parse_file(LAYOUTS / "short-labels-sibling-blocks.txt")
    assert _summary(r) == [
        ("基层党支部组织生活不规范", None, "已完成", 1, 0),
        ("党员教育管理不到位,3名流动党员长期失联", None, "已完成", 1, 1),
        ("社区矫正对象监管存在漏洞,2名矫正对象未按规定报到", None, "已完成", 1, 1),
        ("人民调解员队伍专业化程度不高", None, "持续推进", 1, 1),
    ]
    assert [p.category for p in r.problems] == [["党的建设方面"]] * 2 + [["业务工作方面"]] * 2


def test_status_after_a_dash_at_the_end_of_a_heading():
    text = ("中共示例局党组关于巡察整改情况的通报\n1.机关食堂采购无台账——已整改\n整改措施:建立食堂采购台账。\n"
            "2.会议记录不规范—正在推进\n整改措施:规范会议记录。\n3.党费收缴不及时(已整改)\n整改措施:按月收缴。\n")
    r = parse_text(text)
    assert [(p.text, p.status, p.status_code) for p in r.problems] == [
        ("机关食堂采购无台账", "已完成", "completed"),
        ("会议记录不规范", "正在推进中", "in_progress"),
        ("党费收缴不及时", "已完成", "completed"),
    ]


@pytest.mark.parametrize(
    "page_top",
    [
        "索引号:11210200MB1234567X/2024-00012\n发布机构:示例市审计局\n生成日期:2024-03-01\n"
        "标题:中共示例市审计局党组关于市委巡察整改情况的通报\n中共示例市审计局党组关于市委巡察整改情况的通报\n",
        "当前位置:首页 > 信息公开 > 巡察整改\n中共示例市审计局党组关于市委巡察整改情况的通报\n"
        "2024-03-01 10:20 来源:市审计局 【字体:大 中 小】\n",
    ],
    ids=["information-table", "breadcrumb-and-date-line"],
)
def test_title_and_date_under_a_government_page_frame(page_top):
    text = page_top + ("根据市委统一部署,2023年5月10日至7月8日,市委第一巡察组对市审计局党组进行了常规巡察,9月2日反馈了巡察意见。\n"
                       "1.审计整改跟踪不及时\n整改措施:建立台账。\n整改进展:已完成\n")
    r = parse_text(text)
    assert (r.title, r.issuer, r.published) == (
        "中共示例市审计局党组关于市委巡察整改情况的通报", "中共示例市审计局党组", "2024-03-01")
    assert (r.inspection.body, r.inspection.feedback) == ("市委第一巡察组", "2023-09-02")
    assert [(p.text, p.status) for p in r.problems] == [("审计整改跟踪不及时", "已完成")]


def test_numbered_problem_labels_and_a_top_level_problem_closing_a_category():
    text = ("中共示例局党组关于巡察整改情况的通报\n(一)党建方面\n1.存在问题:机关食堂采购无台账。\n整改措施:建立食堂采购台账。\n"
            "整改进展:已完成\n2.巡察指出:会议记录不规范。\n整改措施:规范会议记录。\n整改进展:正在推进中,预计2024年底前完成\n"
            "一、财务管理问题\n整改措施:完善财务制度。\n整改情况:已修订财务管理办法。\n")
    r = parse_text(text)
    assert [(p.text, p.status, p.category) for p in r.problems] == [
        ("机关食堂采购无台账", "已完成", ["党建方面"]),
        ("会议记录不规范", "正在推进中", ["党建方面"]),
        ("财务管理问题", None, []),
    ]


def test_figures_summed_up_only_in_the_closing_part_are_claimed():
    text = ("中共示例局党组关于巡察整改情况的通报\n根据区委部署,区委第二巡察组对局党组开展了常规巡察,反馈问题8个。\n"
            "1.机关食堂采购无台账\n整改措施:建立食堂采购台账。\n整改进展:已完成\n"
            "2.会议记录不规范\n整改措施:规范会议记录。\n整改进展:正在推进\n"
            "三、下一步工作\n截至2024年3月31日,已完成整改6个,正在推进2个;建立完善制度5项。局党组将持续抓好整改。\n")
    r = parse_text(text)
    assert {k: r.claimed.get(k) for k in ("specific_problems", "completed", "in_progress", "rules_made", "as_of")} == {
        "specific_problems": 8, "completed": 6, "in_progress": 2, "rules_made": 5, "as_of": "2024-03-31"}
    assert (r.disclosed["completed"], r.disclosed["in_progress"]) == (1, 1)  # the problems' own statuses don't count


def test_hard_wrapped_lines_are_rejoined_into_paragraphs():
    """Text wrapped at 30 characters (as copied from a PDF or fixed-width page): each paragraph is one line again."""
    r = parse_file(LAYOUTS / "hard-wrapped-lines.txt")
    assert any("hard-wrapped" in w for w in r.warnings)
    assert _summary(r) == [
        ("森林防火基础设施建设滞后,全县12个重点林区中有5个未建成防火隔离带,瞭望塔视频监控覆盖率不足60%", None, "正在推进中", 1, 1),
        ("林木采伐审批把关不严,2022年有3宗采伐许可超出年度采伐限额", None, "已完成", 1, 1),
    ]
    assert r.problems[0].actions[0].text == "2023年新建防火隔离带42公里,新增视频监控点位18个,重点林区监控覆盖率提高到85%。"
    assert (r.inspection.body, r.inspection.feedback) == ("县委第四巡察组", "2023-07-25")
    assert r.claimed["measures"] == 12


def test_paragraph_per_line_texts_are_not_rejoined(samples_dir):
    for path in [*sorted(LAYOUTS.glob("*.txt")), *sorted(samples_dir.glob("*.txt"))]:
        if path.name not in ("hard-wrapped-lines.txt", "pdf-spaced-characters.txt",  # the wrapped ones
                             "pdf-export-wrap35-page-furniture.txt"):
            assert not any("hard-wrapped" in w for w in parse_file(path).warnings), path.name


def test_space_separated_table_with_spaces_inside_a_measures_cell():
    """Spaces inside brackets do not break cells, and a (…) piece annotates the cell before it."""
    text = ("中共示例局党组关于巡察整改情况的通报\n序号 存在问题 整改措施 整改状态\n"
            "1 公务卡结算率偏低 推行公务卡强制结算目录 (2023年 3月起) 已完成\n2 往来款项长期挂账 逐笔清理往来款项 已完成\n")
    r = parse_text(text)
    assert [(p.text, p.status, [m.text for m in p.measures]) for p in r.problems] == [
        ("公务卡结算率偏低", "已完成", ["推行公务卡强制结算目录 (2023年 3月起)"]),
        ("往来款项长期挂账", "已完成", ["逐笔清理往来款项"]),
    ]


def test_heading_statuses_followed_by_zhenggai_and_a_heading_ending_in_a_colon():
    text = ("中共示例局党组关于巡察整改情况的通报\n1.党费收缴不及时:\n整改措施:按月收缴。\n"
            "2.会议记录不规范(已完成整改)\n整改措施:规范记录。\n3.食堂台账缺失【基本完成整改】\n整改措施:建立台账。\n")
    r = parse_text(text)
    assert [(p.text, p.status) for p in r.problems] == [
        ("党费收缴不及时", None), ("会议记录不规范", "已完成"), ("食堂台账缺失", "基本完成")]
    assert all(r.text[p.span[0] : p.span[1]] == p.text for p in r.problems)


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("目前,该项整改任务已全部完成。", "已完成"),
        ("现已整改完毕。", "已完成"),
        ("截至目前,已全部整改完成。", "已完成"),
        ("上述问题均已整改到位。", "已完成"),
        ("目前该问题已基本完成整改。", "基本完成"),
        ("整改工作持续推进中。", "持续推进"),
        ("已完成12个科室的档案移交。", None),  # work done, not a status
        ("已完成方案制定。", None),
        ("确保整改到位。", None),  # an aim
    ],
)
def test_closing_status_sentences(sentence, status):
    from ingest.frames import closing_status, normalise_status

    m = closing_status(sentence)
    assert (normalise_status(m.group())[0] if m else None) == status
