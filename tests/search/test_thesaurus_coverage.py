"""The shipped SKOS thesaurus: well-formed, unambiguous, and covering the problem types of inspection reports
by their official, plain-language (老百姓说法) and English names."""

from __future__ import annotations

import collections

import pytest

from search.text import normalise
from search.thesaurus import SKOS, THESAURUS_PATH, load_thesaurus
from search.tokenizer import tokenize

#: Labels deliberately shared by two concepts (an English phrase that fairly names both).
SHARED_ON_PURPOSE = {"en:red tape"}  # 形式主义 (paperwork) and 政务服务 (slow permits)

#: Words too generic to be a label: a query containing one would drag in unrelated problems.
TOO_GENERIC = {"管理", "资金", "问题", "工作", "不到位", "不规范", "监督", "整改", "领导", "干部", "党员", "制度", "落实", "项目", "单位", "钱"}


@pytest.fixture(scope="module")
def graph():
    import rdflib

    g = rdflib.Graph()
    g.parse(str(THESAURUS_PATH))
    return g


def _concepts(graph):
    import rdflib

    return set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(SKOS + "Concept")))


def _labels(graph, node, *kinds):
    import rdflib

    return [o for kind in kinds for o in graph.objects(node, rdflib.URIRef(SKOS + kind))]


def test_every_concept_has_one_chinese_and_one_english_preferred_label(graph):
    concepts = _concepts(graph)
    assert len(concepts) >= 100
    for node in concepts:
        pref = _labels(graph, node, "prefLabel")
        languages = sorted(str(label.language) for label in pref)
        assert languages == ["en", "zh"], f"{node}: prefLabels {pref}"
        alternatives = {str(o) for o in _labels(graph, node, "altLabel", "hiddenLabel")}
        assert not alternatives & {str(p) for p in pref}, f"{node}: a prefLabel repeated as altLabel"


def test_no_label_names_two_concepts(graph):
    owners = collections.defaultdict(set)
    for node in _concepts(graph):
        for label in _labels(graph, node, "prefLabel", "altLabel", "hiddenLabel"):
            key = f"zh:{normalise(str(label))}" if label.language == "zh" else f"en:{str(label).lower()}"
            owners[key].add(str(node))
    shared = {key: sorted(nodes) for key, nodes in owners.items() if len(nodes) > 1}
    assert set(shared) <= SHARED_ON_PURPOSE, shared


def test_chinese_labels_are_specific_phrases(graph):
    for node in _concepts(graph):
        for label in _labels(graph, node, "prefLabel", "altLabel", "hiddenLabel"):
            if label.language == "zh":
                text = normalise(str(label))
                assert len(text) >= 2, f"{node}: single-character label {label!r}"
                assert text not in TOO_GENERIC, f"{node}: label {label!r} is too generic"


def test_broader_and_narrower_are_stated_both_ways_and_never_loop(graph):
    import rdflib

    broader, narrower = rdflib.URIRef(SKOS + "broader"), rdflib.URIRef(SKOS + "narrower")
    concepts = _concepts(graph)
    for child, parent in graph.subject_objects(broader):
        assert parent in concepts, f"{child} broader than an unknown {parent}"
        assert (parent, narrower, child) in graph, f"{parent} lacks skos:narrower {child}"
    for parent, child in graph.subject_objects(narrower):
        assert child in concepts, f"{parent} narrower than an unknown {child}"
        assert (child, broader, parent) in graph, f"{child} lacks skos:broader {parent}"
    for _, target in graph.subject_objects(rdflib.URIRef(SKOS + "related")):
        assert target in concepts, f"related to an unknown {target}"
    for node in concepts:
        seen, frontier = set(), {node}
        while frontier:
            frontier = {p for c in frontier for p in graph.objects(c, broader)} - seen
            assert node not in frontier, f"{node} is its own ancestor"
            seen |= frontier


# (query a user might type, concept it must be recognised as, official terms it must bring in)
COLLOQUIAL = [
    ("钱花不出去", "预算执行率低", {"资金拨付滞后", "资金长期闲置", "结转资金"}),
    ("吃拿卡要", "吃拿卡要", {"索拿卡要", "接受宴请", "收受礼品礼金"}),
    ("基层表格填不完", "为基层减负", {"基层减负", "报表台账过多"}),
    ("党员开会走形式", "组织生活不规范", {"会议记录雷同", "组织生活不正常"}),
    ("整改只停留在纸面上", "虚假整改", {"纸面整改", "表面整改"}),
    ("单位私房钱", "私设小金库", {"账外账", "坐收坐支"}),
    ("拿回扣", "受贿行贿", {"收受回扣", "权钱交易"}),
    ("一把手说了算", "独断专行", {"个人专断", "家长制"}),
    ("欠企业的钱迟迟不给", "拖欠企业账款", {"拖欠中小企业账款"}),
    ("偷偷排污", "生态环境保护", {"偷排漏排", "违法排污"}),
    ("当官还做生意", "违规经商办企业", {"违规经商", "经商办企业"}),
    ("花钱买官", "跑官要官", {"买官卖官", "拉票贿选"}),
    ("系统建了没人用", "信息化建设", {"信息孤岛", "重复建设"}),
    ("budget underspending", "预算执行率低", {"资金拨付滞后", "预算执行率不高"}),
    ("sham rectification after the inspection", "虚假整改", {"纸面整改"}),
    ("too much paperwork for grassroots staff", "为基层减负", {"基层减负"}),
    ("officials taking kickbacks", "受贿行贿", {"收受回扣"}),
]


@pytest.mark.parametrize(("query", "concept", "official"), COLLOQUIAL, ids=[q for q, _, _ in COLLOQUIAL])
def test_plain_language_and_english_queries_expand_to_official_terms(query, concept, official):
    expansions = {e.concept_label: e for e in load_thesaurus().expand(query)}
    assert concept in expansions, f"{query!r} recognised as {sorted(expansions)}"
    found = expansions[concept]
    assert official <= set(found.labels) | set(found.narrower) | {found.concept_label}


def test_a_broad_concept_brings_its_new_problem_types():
    expansions = {e.concept_label: e for e in load_thesaurus().expand("专项资金")}
    assert "预算执行率低" in expansions["专项资金"].narrower
    party = {e.concept_label: e for e in load_thesaurus().expand("基层党组织建设")}["基层党组织建设"]
    assert {"党费收缴", "发展党员程序", "三会一课"} <= set(party.narrower)


def test_a_plain_phrase_inside_a_known_label_keeps_the_known_concept():
    # 一个人说了算 contains 个人说了算 (民主集中制): no newer label may take that match away
    assert [e.concept_label for e in load_thesaurus().expand("单位大事一个人说了算")] == ["民主集中制"]
    # 乱发福利 is still 津贴补贴 (福利), not a narrower concept that would search only its own labels
    assert "津贴补贴" in {e.concept_label for e in load_thesaurus().expand("拿公家的钱乱发福利")}


def test_unrelated_everyday_text_expands_to_nothing():
    for text in ("今天天气很好", "我们去吃午饭吧", "the weather is nice today"):
        assert load_thesaurus().expand(text) == [], text


def test_plain_phrases_stay_whole_for_the_lexical_channel():
    assert "钱花不出去" in tokenize("有钱花不出去")
    assert "吃拿卡要" in tokenize("存在吃拿卡要现象")


def test_colloquial_labels_of_older_concepts_are_recognised():
    thesaurus = load_thesaurus()
    assert "政务服务" in {e.concept_label for e in thesaurus.expand("办个房产证跑断腿")}
    assert "三重一大" in {e.concept_label for e in thesaurus.expand("开会定事不集体商量")}
    assert "低价出租出借国有资产" in {e.concept_label for e in thesaurus.expand("公家的房子便宜租给别人")}
    # a debt query does not search the generic 风险 of a neighbouring concept's name
    debt = {e.concept_label: e for e in thesaurus.expand("政府债务")}["政府债务"]
    assert not any("风险" in label for label in [*debt.labels, *debt.narrower])


def test_official_labels_come_before_plain_phrasings():
    """hiddenLabels are matched in queries but listed after the altLabels (which expansions search for)."""
    import rdflib

    from search.thesaurus import THESAURUS_PATH, load_thesaurus

    graph = rdflib.Graph().parse(THESAURUS_PATH)
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    by_iri = load_thesaurus().concepts
    checked = 0
    for node in set(graph.subjects(skos.hiddenLabel, None)):
        hidden = {str(o) for o in graph.objects(node, skos.hiddenLabel) if o.language == "zh"}
        official = {str(o) for o in graph.objects(node, skos.altLabel) if o.language == "zh"} - hidden
        labels = by_iri[str(node)].labels_zh
        if hidden and official:
            assert max(labels.index(x) for x in official) < min(labels.index(x) for x in hidden), str(node)
            checked += 1
    assert checked >= 10
