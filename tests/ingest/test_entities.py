"""Organisations, people, dates, money and percentages on the real report and the synthetic ones."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from ingest.entities import extract_entities
from ingest.normalize import normalize_text
from ingest.organizations import IssuerProfile, abbreviations, extract_organizations
from ingest.people import extract_people
from ingest.values import extract_amounts, extract_dates, extract_percentages, parse_date

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
ISSUERS = {
    "dalian-kjj-2023-05-15.txt": "中共大连市科学技术局党组",
    "syn-v01.txt": "中共澜川市卫生健康委员会党组",
    "syn-v02.txt": "中共北沅县住房和城乡建设局党组",
    "syn-v03.txt": "中共东钧大学委员会",
    "syn-v04.txt": "澜川城投集团有限公司党委",
    "syn-v05.txt": "中共棠溪县自然资源局党组",
    "syn-v06.txt": "中共澜川市青岚区委员会",
}


def _text(name: str) -> str:
    return normalize_text((SAMPLES / name).read_text(encoding="utf-8")).text


@pytest.fixture(scope="module")
def corpus():
    """name -> (text, entities), the parser's call (year = the publication year)."""
    out = {}
    for name, issuer in ISSUERS.items():
        text = _text(name)
        published = re.search(r"(20\d\d)[-年]\d", text)
        out[name] = (text, extract_entities(text, issuer=issuer, year=int(published.group(1)) if published else None))
    return out


def _orgs(corpus, name) -> dict[str, str]:
    return {raw: o.canonical for o in corpus[name][1].organizations for raw in o.raw}


# -- organisations ----------------------------------------------------------------------------------

def test_issuer_profile_from_its_name():
    p = IssuerProfile.from_issuer("中共大连市科学技术局党组")
    assert p.body == "大连市科学技术局" and p.party == "中共大连市科学技术局党组" and p.regions == ("大连市",)
    assert {"市科技局", "大连市科技局", "市科学技术局", "科技局"} <= p.body_aliases
    assert {"局党组", "市科技局党组"} <= p.party_aliases
    q = IssuerProfile.from_issuer("中共澜川市青岚区委员会")
    assert q.regions == ("澜川市", "青岚区") and q.is_regional() and q.resolve("区委") == "中共澜川市青岚区委员会"
    assert abbreviations("卫生健康") == ["卫健"]


def test_aliases_resolve_to_the_issuer_on_the_real_report(corpus):
    orgs = _orgs(corpus, "dalian-kjj-2023-05-15.txt")
    assert orgs["市科技局"] == "大连市科学技术局"
    assert orgs["大连市科技局"] == "大连市科学技术局"
    assert orgs["局党组"] == "中共大连市科学技术局党组"
    assert orgs["市科技局党组"] == "中共大连市科学技术局党组"


def test_inspection_bodies_and_other_bodies_on_the_real_report(corpus):
    orgs = _orgs(corpus, "dalian-kjj-2023-05-15.txt")
    assert orgs["市委第五巡察组"] == "中共大连市委第五巡察组"
    assert orgs["市委巡察组"] == "中共大连市委第五巡察组"  # the report's only numbered 市委 group
    assert orgs["市财政局"] == "大连市财政局"
    assert orgs["市政府办"] == "大连市人民政府办公室"
    for name in ("大连理工大学", "大连海事大学", "工商银行大连分行", "辽宁实验室", "省科技厅", "机关纪委"):
        assert name in orgs, name


def test_spans_point_at_the_raw_spellings(corpus):
    for name, (text, entities) in corpus.items():
        for o in entities.organizations:
            for start, end in o.spans:
                assert text[start:end] in o.raw, (name, o.canonical)
        for p in entities.policies:
            for start, end in p.spans:
                assert text[start] == "《" and text[end - 1] == "》"


def test_short_forms_declared_in_the_text(corpus):
    orgs = _orgs(corpus, "syn-v01.txt")  # 市卫生健康委员会党组(以下简称市卫健委党组)
    assert orgs["市卫健委党组"] == "中共澜川市卫生健康委员会党组"
    assert orgs["委党组"] == "中共澜川市卫生健康委员会党组"
    orgs = _orgs(corpus, "syn-v04.txt")  # 澜川城投集团有限公司党委(以下简称集团党委)
    assert orgs["集团党委"] == "中共澜川城投集团有限公司委员会"


def test_short_forms_of_other_bodies():
    profile = IssuerProfile.from_issuer("中共江州市生态环境局党组")
    text = "江州市环境科学研究院(以下简称环科院)参与监测,环科院出具报告。市纪委监委驻市生态环境局纪检监察组全程监督。"
    orgs = {o.canonical: o for o in extract_organizations(text, profile)}
    assert orgs["江州市环境科学研究院"].raw == ["江州市环境科学研究院", "环科院"]
    assert len(orgs["江州市环境科学研究院"].spans) == 2
    assert "江州市纪委监委驻市生态环境局纪检监察组" in orgs


@pytest.mark.parametrize(
    "name,mention,canonical",
    [
        ("syn-v01.txt", "市纪委监委派驻第八纪检监察组", "澜川市纪委监委派驻第八纪检监察组"),
        ("syn-v01.txt", "市委组织部", "中共澜川市委组织部"),
        ("syn-v01.txt", "东钧大学医学院", "东钧大学医学院"),
        ("syn-v02.txt", "县委第一巡察组", "中共北沅县委第一巡察组"),
        ("syn-v03.txt", "东钧大学党委", "中共东钧大学委员会"),
        ("syn-v03.txt", "党委组织部", "中共东钧大学委员会组织部"),
        ("syn-v03.txt", "澜川市人民政府", "澜川市人民政府"),
        ("syn-v05.txt", "县保密局", "棠溪县国家保密局"),
        ("syn-v06.txt", "青岚区委", "中共澜川市青岚区委员会"),
        ("syn-v06.txt", "区委巡察办", "中共澜川市青岚区委巡察工作领导小组办公室"),
        ("syn-v06.txt", "区市场监管局", "澜川市青岚区市场监督管理局"),
        ("syn-v04.txt", "集团纪委", "中共澜川城投集团有限公司纪律检查委员会"),
        ("syn-v04.txt", "集团工程管理部", "澜川城投集团有限公司工程管理部"),
        ("syn-v04.txt", "集团党委组织部", "中共澜川城投集团有限公司委员会组织部"),
        ("syn-v05.txt", "局属测绘队", "棠溪县自然资源局测绘队"),
    ],
)
def test_synthetic_organisations(corpus, name, mention, canonical):
    assert _orgs(corpus, name)[mention] == canonical


ORG_END = re.compile(
    r"(?:局|委|委员会|办|办公室|院|所|大学|学院|集团|公司|银行|中心|组|部|厅|处|站|队|室|平台|实验室|党组|党委|"
    r"纪委|纪委监委|人大|政协|政府|分行|支行|交易所|化物所|医院|领导小组|党办|工委|常委会|市|县|区|股|科)$"
)
JUNK = re.compile(r"干部$|统一部|重大决策部|区直部|委员$|常委$|^[一二三四五六七八九十两几各该本每某]|重点实验室$")


def test_precision_sample_no_junk_fragments(corpus):
    """Every organisation found in the seven samples ends like an organisation and holds no sentence."""
    seen = []
    for _, entities in corpus.values():
        for o in entities.organizations:
            seen.append(o.canonical)
            for raw in o.raw:
                assert ORG_END.search(raw), raw
                assert not JUNK.search(raw), raw
                assert not re.search("召开|制定|印发|落实|开展|按照|责令|委托|反馈|整改", raw), raw
    assert len(seen) >= 100


# -- people -----------------------------------------------------------------------------------------

def test_people_with_roles(corpus):
    people = {p.name: p for _, e in corpus.values() for p in e.people}
    assert people["原驰"].role == "党组书记、局长"
    assert len(people["原驰"].spans) == 2  # 局长原驰同志 and 原驰书记主持
    assert people["胡玉亭"].role == "市委书记"
    assert people["陈绍旺"].role == "市长"
    assert people["周立衡"].role == "党组书记、主任"
    assert people["沈从舟"].role == "党委书记、董事长"
    assert people["林砚秋"].role == "党委书记"
    assert people["顾明哲"].role == "区委书记"


def test_no_false_names(corpus):
    names = {p.name for _, e in corpus.values() for p in e.people}
    assert names == {"原驰", "胡玉亭", "陈绍旺", "周立衡", "韩启明", "林砚秋", "沈从舟", "唐振华", "顾明哲"}


def test_people_patterns():
    people = extract_people("局党组书记、局长原驰同志带头。党委书记、董事长沈从舟作动员讲话。其他党组成员任副组长。")
    assert [(p.name, p.role) for p in people] == [("原驰", "党组书记、局长"), ("沈从舟", "党委书记、董事长")]


# -- dates, money, percentages ---------------------------------------------------------------------

def test_dates_on_the_real_report(corpus):
    text, entities = corpus["dalian-kjj-2023-05-15.txt"]
    values = {(d.raw, d.value) for d in entities.dates}
    assert ("2023-05-15", "2023-05-15") in values
    assert ("2022年3月21日", "2022-03-21") in values
    assert ("6月15日", "2022-06-15") in values
    first_feedback = next(d for d in entities.dates if d.raw == "8月4日")
    assert first_feedback.value == "2022-08-04"
    assert text[slice(*first_feedback.span)] == "8月4日"
    # dates without a year elsewhere take the year the report narrates (2022), not its publication year
    assert all(d.value.startswith("2022") for d in entities.dates if d.raw == "9月28日")


def test_end_of_a_month_range():
    assert [d.value for d in extract_dates("2022年4月至6月,县委第三巡察组开展了常规巡察。")] == ["2022-04", "2022-06"]


def test_feedback_date_with_the_given_year():
    text = "2022年3月21日至6月15日,市委第五巡察组进行了常规巡察。\n8月4日,市委巡察组反馈了意见。"
    assert [d.value for d in extract_dates(text, year=2022)] == ["2022-03-21", "2022-06-15", "2022-08-04"]
    assert extract_dates("8月4日反馈。", year=2022)[0].value == "2022-08-04"


def test_dates_that_lost_year_and_month_marks(corpus):
    values = {d.raw: d.value for d in corpus["syn-v05.txt"][1].dates}
    assert values["2022818日"] == "2022-08-18"
    assert values["20221130日"] == "2022-11-30"
    assert parse_date("202284日") == "2022-08-04"
    assert parse_date("2022111日") is None  # 1-11 or 11-1: ambiguous


def test_date_shapes():
    assert parse_date("2023年03月28日") == "2023-03-28"
    assert parse_date("2023-05-15") == "2023-05-15"
    assert parse_date("2023年5月") == "2023-05"
    assert parse_date("二〇二三年五月十五日") == "2023-05-15"
    assert parse_date("2023年2月30日") is None
    assert extract_dates("①2022年8月,机关党办组织学习。")[0].value == "2022-08"  # not glued to ①
    assert extract_dates("共计12022年") == []


def test_amounts_in_yuan(corpus):
    amounts = {a.raw: a.value for a in corpus["dalian-kjj-2023-05-15.txt"][1].amounts}
    assert amounts["65亿元"] == 6.5e9
    assert amounts["37,221万元"] == 372_210_000.0
    assert amounts["8,030万元"] == 80_300_000.0
    assert amounts["100万元"] == 1_000_000.0
    assert {a.raw: a.value for a in corpus["syn-v05.txt"][1].amounts}["9.36万元"] == 93_600.0
    assert {a.raw: a.value for a in corpus["syn-v04.txt"][1].amounts}["1.86亿元"] == 186_000_000.0
    assert [a.value for a in extract_amounts("退还1,234.5元和3千元")] == [1234.5, 3000.0]


def test_percentages(corpus):
    values = [p.value for p in corpus["dalian-kjj-2023-05-15.txt"][1].percentages]
    assert 86.4 in values and 43.3 in values
    assert [p.value for p in extract_percentages("占比百分之三十五点五")] == [35.5]


# -- the whole ----------------------------------------------------------------------------------------

def test_mentions_inside_a_span(corpus):
    text, entities = corpus["dalian-kjj-2023-05-15.txt"]
    start = text.index("④制定《大连市科学技术局内部审计工作暂行规定》")
    end = text.index("\n", start)
    assert entities.policies_in((start, end)) == ["大连市科学技术局内部审计工作暂行规定"]
    line = text.index("②会同市财政局制定")
    assert "大连市财政局" in entities.organizations_in((line, text.index("\n", line)))


def test_without_an_issuer():
    e = extract_entities("市财政局会同市科技局印发《科技项目评审管理办法》,补助50万元。")
    assert [o.canonical for o in e.organizations] == ["市财政局", "市科技局"]
    assert e.policies[0].kind == "internal_rule" and e.amounts[0].value == 500_000.0


def test_speed_on_the_real_report(corpus):
    text, _ = corpus["dalian-kjj-2023-05-15.txt"]
    extract_entities(text, issuer=ISSUERS["dalian-kjj-2023-05-15.txt"])
    t0 = time.process_time()
    for _ in range(5):
        extract_entities(text, issuer=ISSUERS["dalian-kjj-2023-05-15.txt"])
    per_10k = (time.process_time() - t0) / 5 / len(text) * 1e4
    assert per_10k < 0.010  # seconds; ~2 ms on an idle core, generous for a shared CI machine


@pytest.mark.parametrize(("text", "canonical"), [
    ("资格条件设置须经党组会议集体研究并报县委组织部备案。", "中共北沅县委组织部"),
    ("对3件问题线索,已移交县纪委监委办理。", "北沅县纪律检查委员会、北沅县监察委员会"),  # the gold spells both
    ("整改方案抄送县财政局。", "北沅县财政局"),
])
def test_a_body_named_right_after_a_verb_of_sending_is_found(text, canonical):
    profile = IssuerProfile.from_issuer("中共北沅县住房和城乡建设局党组")
    assert canonical in {o.canonical for o in extract_organizations(text, profile)}


@pytest.mark.parametrize("name", ["syn-v02.txt", "syn-v03.txt", "syn-v04.txt", "syn-v05.txt", "syn-v06.txt"])
def test_every_annotated_institution_of_these_reports_is_found(name):
    """syn-v04: a city enterprise names the city's bodies short (市财政局); syn-v02: 质量安全监督站, 市政设施, 纪委监委;
    syn-v03: a university's bare offices, 省委 of a province not named; syn-v05: a bureau's 大队; syn-v06: 区城市发展集团."""
    import json

    gold = json.loads((ROOT / "tests" / "data" / "gold" / "synthetic" / name.replace(".txt", ".json"))
                      .read_text(encoding="utf-8"))
    found = {o.canonical for o in extract_entities(_text(name), issuer=ISSUERS[name]).organizations}
    missed = [i for i in gold["institutions"] if i["canonical"] not in found]
    assert not missed


def test_a_company_issuer_takes_the_region_of_the_committee_that_inspected_it():
    text = "市委第一巡察组对大连港集团有限公司党委开展巡察。大连市财政局、市审计局参与整改。"
    p = IssuerProfile.from_issuer("大连港集团有限公司党委")
    p.learn_region(text)
    assert p.regions == ("大连市",)  # the region the text names, not the brand stem + 市
    assert {o.canonical for o in extract_organizations(text, p)} >= {"中共大连市委第一巡察组", "大连市审计局"}
    provincial = IssuerProfile.from_issuer("辽宁港口集团有限公司党委")
    provincial.learn_region("省委第三巡视组对辽宁港口集团有限公司党委开展巡视。省财政厅参与整改。")
    assert provincial.regions == ()  # 省委 inspects: no city or county to fill in
    agency = IssuerProfile.from_issuer("中共大连市科学技术局党组")
    agency.learn_region("市委第五巡察组对市科技局党组开展巡察。")
    assert agency.regions == ("大连市",)  # an issuer that names its region keeps it


def test_a_region_after_a_verb_starts_a_name_but_a_generic_word_does_not():
    p = IssuerProfile.from_issuer("中共东钧大学委员会")
    text = "7处合同到期后通过澜川市公共资源交易中心公开招租。积极支持申请组建国家省重点实验室、技术创新中心。"
    found = {o.canonical for o in extract_organizations(text, p)}
    assert "澜川市公共资源交易中心" in found
    assert not any("国家省" in name for name in found)


def test_a_university_names_its_own_offices_bare():
    p = IssuerProfile.from_issuer("中共东钧大学委员会")
    text = ("审计处对2020年以来的项目开展专项审计；对基建处原处长给予党内警告处分。二是组建技术转移中心；"
            "经纪委办公室、党委巡察办联合督查。")
    found = {o.canonical for o in extract_organizations(text, p)}
    assert found >= {"东钧大学审计处", "东钧大学基建处", "东钧大学技术转移中心",
                     "中共东钧大学委员会巡察工作办公室"}  # 巡察办 spelt out as the annotations do
    noise = "给予处分；由财务处处长负责；职能处室负责人；党委理论学习中心组学习；坚持以学生为中心；相关处室。"
    assert {o.canonical for o in extract_organizations(noise, p)} == set()
    bureau = IssuerProfile.from_issuer("中共北沅县住房和城乡建设局党组")  # not a university: bare offices stay unread
    assert not any(o.canonical.endswith("审计处") for o in extract_organizations("审计处对项目开展审计。", bureau))


def test_short_forms_units_of_bureaus_and_provinces_not_named():
    city = IssuerProfile.from_issuer("中共澜川市卫生健康委员会党组")
    found = {o.canonical for o in extract_organizations("市疾控中心、市疾病预防控制中心；市城市发展集团。", city)}
    assert found == {"澜川市疾病预防控制中心", "澜川市城市发展集团有限公司"}  # one body, one name; 城市 inside a
    county = IssuerProfile.from_issuer("中共棠溪县自然资源局党组")              # name; the company's legal form
    found = {o.canonical for o in extract_organizations("到县公安局出入境管理大队核查；移交县公安局处理。", county)}
    assert found == {"棠溪县公安局出入境管理大队", "棠溪县公安局"}  # a unit of a bureau, and the bureau
    unnamed = IssuerProfile.from_issuer("中共东钧大学委员会")
    assert {o.canonical for o in extract_organizations("省委第六巡视组对东钧大学党委开展巡视。", unnamed)} \
        >= {"中共（本省）省委第六巡视组"}  # the annotations' form for a province the report does not name
    named = IssuerProfile.from_issuer("中共辽宁省财政厅党组")
    assert "中共辽宁省委第六巡视组" in {o.canonical for o in extract_organizations("省委第六巡视组开展巡视。", named)}


@pytest.mark.parametrize(("issuer", "text", "wanted", "unwanted"), [
    ("中共澜川市卫生健康委员会党组", "约谈市住建局负责人,致函市财政局,走访市工信局。",
     {"澜川市住房和城乡建设局", "澜川市财政局", "澜川市工业和信息化局"}, ("约谈", "致函", "走访")),
    ("中共澜川市卫生健康委员会党组", "市委市政府高度重视。围绕市委市政府中心工作。",
     {"中共澜川市委员会", "澜川市人民政府"}, ("中心",)),
    ("中共澜川市卫生健康委员会党组", "市政府办公室牵头,由市政府办理。", {"澜川市人民政府办公室"}, ("公室公室",)),
    ("中共澜川市人民检察院党组", "市检察院党组高度重视。", {"中共澜川市人民检察院党组"}, ()),
    ("中共澜川市卫生健康委员会党组", "市委巡察工作领导小组办公室跟踪督办,市税务局第一稽查局配合。",
     {"中共澜川市委巡察工作领导小组办公室", "澜川市税务局第一稽查局"}, ()),
    ("中共澜川市卫生健康委员会党组", "推动构建澜川市发展新格局,澜川市委托第三方评估。", set(), ("格局", "中共澜川市委")),
    ("中共北沅县住房和城乡建设局党组", "县委召开常委会,县财政局党组配合。", {"中共北沅县委员会", "中共北沅县财政局党组"}, ()),
])
def test_bodies_after_verbs_pairs_and_short_forms(issuer, text, wanted, unwanted):
    """Found by a second pair of hands: a verb before 市X局 taken for a region, 市委市政府 written together, 政府办公室
    spelt out twice, 检察院 short forms, names cut at their first suffix, 格局 and 委托 read as bodies, and a body of the
    Party (县委, X局党组) named without 中共."""
    found = {o.canonical for o in extract_organizations(text, IssuerProfile.from_issuer(issuer))}
    assert wanted <= found
    assert not any(word in name for name in found for word in unwanted)
