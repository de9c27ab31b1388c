"""Policies cited in 《》: every same/distinct pair of the gold file on the real report, kinds, canonical titles."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest

from ingest.normalize import normalize_text
from ingest.organizations import IssuerProfile
from ingest.policies import canonical_policy_title, extract_policies, policy_key, policy_kind

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
GOLD = json.loads((ROOT / "tests" / "data" / "dalian-kjj-2023-05-15.policies.json").read_text(encoding="utf-8"))
DALIAN = "中共大连市科学技术局党组"


def _text(name: str) -> str:
    return normalize_text((SAMPLES / name).read_text(encoding="utf-8")).text


@pytest.fixture(scope="module")
def real():
    text = _text("dalian-kjj-2023-05-15.txt")
    profile = IssuerProfile.from_issuer(DALIAN)
    profile.learn_aliases(text)
    mentions = extract_policies(text, profile)
    canonical = {raw: m.canonical for m in mentions for raw in m.raw}
    kinds = {raw: m.kind for m in mentions for raw in m.raw}
    return text, mentions, canonical, kinds


def test_every_gold_title_is_found(real):
    _, _, canonical, _ = real
    assert sorted(set(GOLD["titles"]) - set(canonical)) == []


@pytest.mark.parametrize("group", GOLD["same"], ids=lambda g: g[0][:12])
def test_same_document_spellings_share_one_canonical(real, group):
    _, _, canonical, _ = real
    assert len({canonical[title] for title in group}) == 1, {title: canonical[title] for title in group}


@pytest.mark.parametrize("pair", GOLD["distinct"], ids=lambda p: p[0][:12])
def test_different_documents_stay_apart(real, pair):
    _, _, canonical, _ = real
    a, b = pair
    assert canonical[a] != canonical[b]


@pytest.mark.parametrize("title,kind", sorted(GOLD["not_policy"].items()))
def test_kinds_of_documents_that_are_not_policies(real, title, kind):
    _, _, _, kinds = real
    assert kinds[title] == kind


def test_one_mention_per_document_with_all_spellings_and_spans(real):
    text, mentions, canonical, _ = real
    assert len({m.canonical for m in mentions}) == len(mentions)
    # the only merges are the gold ones: titles not in any 'same' group keep a canonical of their own
    grouped = {t for g in GOLD["same"] for t in g}
    singles = [t for t in GOLD["titles"] if t not in grouped]
    assert len({canonical[t] for t in singles}) == len(singles)
    for m in mentions:
        assert m.spans == sorted(m.spans)
        for start, end in m.spans:
            cited = text[start:end]
            assert cited.startswith("《") and cited.endswith("》")
            assert cited[1:-1].replace(" ", "") in m.raw
    assert sum(len(m.spans) for m in mentions) == text.count("《")


def test_canonical_is_the_complete_spelling(real):
    _, _, canonical, _ = real
    # the issuer's short name at the head is spelt out; the longest spelling of a group wins
    assert canonical["市科技局内部审计工作暂行规定"] == "大连市科学技术局内部审计工作暂行规定"
    assert canonical["干部选拔任用工作条例"] == "党政领导干部选拔任用工作条例"
    assert canonical["中央关于加强对一把手和领导班子监督的规定"] == "中共中央关于加强对“一把手”和领导班子监督的意见"
    assert canonical["两学一做及党建工作计划"] == "“两学一做”及党建工作计划"
    # a short citation of a well-known national regulation becomes its full title
    assert canonical["党支部工作条例"] == "中国共产党支部工作条例(试行)"


def test_kinds_on_the_real_report(real):
    _, _, _, kinds = real
    assert kinds["中国共产党纪律处分条例"] == "party_regulation"
    assert kinds["大连市科技孵化体系高质量发展三年行动计划"] == "plan"
    assert kinds["大连市科学技术局内部审计工作暂行规定"] == "internal_rule"
    assert kinds["大连市科技重大专项和重点研发计划管理办法"] == "local_policy"
    assert kinds["关于成立大连市科学技术局内部审计委员会的通知"] == "notice"


# -- generalisation: the same rules on titles and issuers the gold file does not have ---------------

COUNTY = IssuerProfile.from_issuer("中共北沅县住房和城乡建设局党组")


def _groups(titles: list[str], profile: IssuerProfile) -> dict[str, str]:
    text = "".join(f"《{t}》," for t in titles)
    return {raw: m.canonical for m in extract_policies(text, profile) for raw in m.raw}


def test_issuer_aliases_merge_but_other_prefixes_do_not():
    c = _groups(
        [
            "县住建局巡察整改销号管理办法",
            "北沅县住房和城乡建设局巡察整改销号管理办法",
            "北沅县巡察整改销号管理办法",
            "局党组议事规则",
            "北沅县住房和城乡建设局党组议事规则",
        ],
        COUNTY,
    )
    assert c["县住建局巡察整改销号管理办法"] == c["北沅县住房和城乡建设局巡察整改销号管理办法"]
    assert c["北沅县巡察整改销号管理办法"] != c["北沅县住房和城乡建设局巡察整改销号管理办法"]
    assert c["局党组议事规则"] == c["北沅县住房和城乡建设局党组议事规则"]
    assert c["县住建局巡察整改销号管理办法"] == "北沅县住房和城乡建设局巡察整改销号管理办法"


def test_small_insertions_merge_but_distinguishing_words_do_not():
    c = _groups(
        [
            "股级干部选拔任用工作规程",
            "副股级干部选拔任用工作规程",
            "公务用车管理办法",
            "公务用车管理实施办法",
            "城镇老旧小区改造补助资金管理办法",
            "城镇老旧小区改造建设补助资金管理办法",
            "政务新媒体信息发布审核办法(试行)",
            "政务新媒体信息发布审核办法",
            "干部人事档案管理暂行办法",
            "干部人事档案管理办法",
            "“三重一大”事项集体决策实施办法",
            "三重一大事项集体决策实施办法",
            "2023年党建工作要点",
            "2024年党建工作要点",
        ],
        COUNTY,
    )
    assert c["股级干部选拔任用工作规程"] != c["副股级干部选拔任用工作规程"]
    assert c["公务用车管理办法"] != c["公务用车管理实施办法"]
    assert c["城镇老旧小区改造补助资金管理办法"] == c["城镇老旧小区改造建设补助资金管理办法"]
    assert c["政务新媒体信息发布审核办法(试行)"] == c["政务新媒体信息发布审核办法"]
    assert c["干部人事档案管理暂行办法"] == c["干部人事档案管理办法"]
    assert c["三重一大事项集体决策实施办法"] == "“三重一大”事项集体决策实施办法"
    assert c["2023年党建工作要点"] != c["2024年党建工作要点"]


def test_a_shortened_citation_joins_only_an_unambiguous_document():
    c = _groups(["机关党委组织生活纪实管理办法", "组织生活纪实管理办法", "工作方案", "干部选拔工作方案"], COUNTY)
    assert c["组织生活纪实管理办法"] == c["机关党委组织生活纪实管理办法"]
    assert c["工作方案"] != c["干部选拔工作方案"]  # a generic reference names no document
    c = _groups(["科技人才支持政策实施细则", "科技平台支持政策实施细则", "支持政策实施细则"], COUNTY)
    assert len(set(c.values())) == 3


def test_policy_key_and_single_title_canonical():
    assert policy_key("大连市科技企业孵化器和众创空间管理办法") == policy_key("大连市科技企业孵化器、众创空间管理办法")
    assert policy_key("运用监督执纪“第一种形态”的办法") == "运用监督执纪第一种形态办法"
    assert canonical_policy_title("纪律处分条例") == "中国共产党纪律处分条例"
    assert canonical_policy_title("党章") == "中国共产党章程"
    assert canonical_policy_title("党政领导干部选拔任用工作条例(2019)") == "党政领导干部选拔任用工作条例"
    assert canonical_policy_title("党政领导干部选拔任用工作条例(2019)问答") == "党政领导干部选拔任用工作条例(2019)问答"
    assert canonical_policy_title("市卫生健康委员会预算执行进度通报办法",
                                  issuer_aliases="中共澜川市卫生健康委员会党组") == "澜川市卫生健康委员会预算执行进度通报办法"


@pytest.mark.parametrize(
    "title,kind",
    [
        ("中华人民共和国政府采购法", "law"),
        ("中国共产党巡视工作条例", "party_regulation"),
        ("关于新形势下党内政治生活的若干准则", "party_regulation"),
        ("澜川市公共卫生应急管理体系建设三年行动计划(2021—2023年)", "plan"),
        ("东钧大学因私出国(境)证照领用登记表", "form"),
        ("党委(党组)讨论决定干部任免事项会议记录", "record"),
        ("北沅县住建系统违纪违法典型案例汇编", "compilation"),
        ("习近平关于城市工作论述摘编", "book"),
        ("关于组织党员干部进社区助力做好疫情防控工作的通知", "notice"),
        ("工作方案", "generic-reference"),
        ("习近平新时代中国特色社会主义思想学习纲要", "book"),
        ("党章", "party_regulation"),
    ],
)
def test_policy_kind_from_the_title(title, kind):
    assert policy_kind(title) == kind


def test_film_from_the_words_around_it():
    assert policy_kind("泄密之殇", before="组织观看保密警示教育片") == "film"
    assert policy_kind("围猎", after="警示教育片,") == "film"
    assert policy_kind("围猎") == "other"


@pytest.mark.parametrize(
    "name,issuer,expected",
    [
        ("syn-v01.txt", "中共澜川市卫生健康委员会党组", {"蛀虫之祸": "film", "市属医疗机构医疗设备采购管理办法": "internal_rule"}),
        ("syn-v02.txt", "中共北沅县住房和城乡建设局党组",
         {"纪律处分条例": "party_regulation", "北沅县城镇老旧小区改造补助资金管理办法": "local_policy"}),
        ("syn-v05.txt", "中共棠溪县自然资源局党组", {"泄密之殇": "film"}),
        ("syn-v06.txt", "中共澜川市青岚区委员会",
         {"青岚区老旧小区改造居民参与办法": "local_policy", "青岚区委常委会会议「第一议题」学习制度": "internal_rule"}),
    ],
)
def test_synthetic_reports(name, issuer, expected):
    profile = IssuerProfile.from_issuer(issuer)
    mentions = extract_policies(_text(name), profile)
    kinds = {raw: m.kind for m in mentions for raw in m.raw}
    for title, kind in expected.items():
        assert kinds[title] == kind, title


def test_films_are_named_with_their_genre():
    mentions = extract_policies(_text("syn-v05.txt"), IssuerProfile.from_issuer("中共棠溪县自然资源局党组"))
    film = next(m for m in mentions if m.raw == ["泄密之殇"])
    assert (film.canonical, film.kind) == ("泄密之殇(保密警示教育片)", "film")


def test_synthetic_canonical_titles():
    mentions = extract_policies(_text("syn-v02.txt"), COUNTY)
    canonical = {raw: m.canonical for m in mentions for raw in m.raw}
    assert canonical["干部选拔任用工作条例"] == "党政领导干部选拔任用工作条例"
    assert canonical["纪律处分条例"] == "中国共产党纪律处分条例"
    v01 = extract_policies(_text("syn-v01.txt"), IssuerProfile.from_issuer("中共澜川市卫生健康委员会党组"))
    canonical = {raw: m.canonical for m in v01 for raw in m.raw}
    assert canonical["市卫生健康委员会党组加强对直属单位“一把手”和领导班子监督的实施办法"] == (
        "中共澜川市卫生健康委员会党组加强对直属单位“一把手”和领导班子监督的实施办法"
    )
    assert canonical["市属医疗机构医疗设备采购管理办法"] == "澜川市市属医疗机构医疗设备采购管理办法"


def test_nested_titles_are_cited_too():
    text = "印发《关于印发《科技项目评审管理办法》的通知》。"
    mentions = extract_policies(text, IssuerProfile())
    by_title = {m.canonical: m for m in mentions}
    assert set(by_title) == {"关于印发《科技项目评审管理办法》的通知", "科技项目评审管理办法"}
    start, end = by_title["科技项目评审管理办法"].spans[0]
    assert text[start:end] == "《科技项目评审管理办法》"


def test_short_titles_declared_by_the_report():
    text = "学习《中国共产党纪律处分条例》(以下简称《条例》),对照《条例》。贯彻《关于加强执法监管的意见》(以下简称“意见”),落实《意见》。另见《办法》。"
    mentions = {m.canonical: m for m in extract_policies(text, IssuerProfile())}
    assert mentions["中国共产党纪律处分条例"].raw == ["中国共产党纪律处分条例", "条例"]
    assert len(mentions["中国共产党纪律处分条例"].spans) == 3
    assert mentions["关于加强执法监管的意见"].raw == ["关于加强执法监管的意见", "意见"]
    assert mentions["办法"].kind == "generic-reference"


def test_pairs_are_symmetric_in_order_of_mention():
    # resolution does not depend on which spelling comes first
    for a, b in combinations(["党风廉政建设责任制考核办法", "党风廉政责任制考核办法", "监督责任清单"], 2):
        one, two = _groups([a, b], COUNTY), _groups([b, a], COUNTY)
        assert (one[a] == one[b]) == (two[a] == two[b])
