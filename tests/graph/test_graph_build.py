"""Document model -> triples: provenance spans, shared entities, determinism."""

from __future__ import annotations

from handmade import handmade_report
from rdflib import RDF, Literal
from rdflib.namespace import SKOS

from graph.build import entity_triples, report_triples, status_iri
from graph.namespace import PROV, RG, policy_iri, problem_iri, report_iri


def _index(triples):
    by_subject: dict = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    return by_subject


def test_triples_are_deterministic_and_distinct():
    r = handmade_report()
    first, second = list(report_triples(r)), list(report_triples(r))
    assert first == second
    assert len(first) == len(set(first))


def test_every_extracted_item_points_to_its_report_and_span():
    r = handmade_report()
    subjects = _index(report_triples(r))
    kinds = {RG.Problem, RG.Measure, RG.Action, RG.Mention}
    items = [s for s, props in subjects.items() if set(props.get(RDF.type, [])) & kinds]
    assert len(items) == 3 + 2 + 1 + 5  # problems, measures, action, mentions (2+1 policy, 1 org, 1 person)
    for s in items:
        props = subjects[s]
        assert props[PROV.wasDerivedFrom] == [report_iri(r.id)]
        start, end = props[RG.spanStart][0].toPython(), props[RG.spanEnd][0].toPython()
        assert 0 <= start < end <= len(r.text)
        source = r.text[start:end]
        if RG.text in props:
            assert props[RG.text][0].toPython() == source
        if RG.rawText in props:
            assert props[RG.rawText][0].toPython() == source


def test_measures_cite_shared_policy_iri_and_mentions_sit_in_their_item():
    a, b = handmade_report("r-a"), handmade_report("r-b", issuer="中共乙区委")
    ta, tb = set(report_triples(a)), set(report_triples(b))
    policy = policy_iri("党政领导干部选拔任用工作条例")
    cites_a = {s for s, p, o in ta if p == RG.cites and o == policy}
    cites_b = {s for s, p, o in tb if p == RG.cites and o == policy}
    assert len(cites_a) == len(cites_b) == 2
    assert cites_a.isdisjoint(cites_b)  # items are per report, the policy is shared
    # the shared description is built identically for both reports and kept out of their own graphs
    ea, eb = set(entity_triples(a)), set(entity_triples(b))
    assert (policy, SKOS.prefLabel, Literal("党政领导干部选拔任用工作条例")) in ea & eb
    assert not any(s == policy for s, _, _ in ea ^ eb)
    assert not any(p == SKOS.prefLabel for _, p, _ in ta)
    # each report's own spelling stays in its graph
    assert (policy, SKOS.altLabel, Literal("“党政领导干部选拔任用工作条例”")) in ta
    mentions = _index(ta)
    contained = [props[RG.partOfItem][0] for props in mentions.values()
                 if props.get(RG.mentionOf) == [policy] and RG.partOfItem in props]
    assert len(contained) == 2 and all("/measure/" in str(c) for c in contained)


def test_problem_structure_status_and_figures():
    r = handmade_report()
    t = set(report_triples(r))
    p1, p2 = problem_iri(r.id, "P01"), problem_iri(r.id, "P02")
    assert (p2, RG.parentProblem, p1) in t
    assert (p1, RG.isMainProblem, Literal(True)) in t and (p2, RG.isMainProblem, Literal(False)) in t
    assert (p2, RG.status, status_iri("in_progress")) in t
    assert (p2, RG.statusText, Literal("正在推进中")) in t
    figures = _index(t)
    specific = [f for f, props in figures.items() if props.get(RG.figureName) == [Literal("specific_problems")]]
    assert len(specific) == 1
    assert figures[specific[0]][RG.claimed] == [Literal(3)] and figures[specific[0]][RG.disclosed] == [Literal(1)]


def test_real_report_graph_mirrors_the_model(real_report):
    t = list(report_triples(real_report))
    assert len(t) == len(set(t))
    subjects = _index(t)
    problems = [s for s, props in subjects.items() if RG.Problem in props.get(RDF.type, [])]
    assert len(problems) == len(real_report.problems)
    n_items = sum(len(p.measures) + len(p.actions) for p in real_report.problems)
    items = [s for s, props in subjects.items() if {RG.Measure, RG.Action} & set(props.get(RDF.type, []))]
    assert len(items) == n_items
    for p in real_report.problems:
        props = subjects[problem_iri(real_report.id, p.id)]
        assert (props[RG.spanStart][0].toPython(), props[RG.spanEnd][0].toPython()) == tuple(p.span)


def test_a_body_gets_one_publisher_iri_however_its_reports_write_its_name():
    from rdflib.namespace import DCTERMS

    from graph.namespace import organization_iri
    from ingest import parse_text

    body = "\n根据县委统一部署，县委第三巡察组对县住建局党组开展了巡察。\n一、存在问题\n1.公示期不足五个工作日。\n整改措施：严格执行。\n整改情况：已完成。\n"
    full = parse_text("中共北沅县住房和城乡建设局党组关于巡察整改进展情况的通报\n" + body, source="a.txt")
    short = parse_text("中共北沅县住建局党组关于巡察整改进展情况的通报\n" + body.replace("已完成", "正在推进中"), source="b.txt")
    assert short.issuer == "中共北沅县住建局党组"  # as written
    publishers = {o for r in (full, short) for _, p, o in report_triples(r) if p == DCTERMS.publisher}
    assert publishers == {organization_iri("中共北沅县住房和城乡建设局党组")}
    # the way this report wrote the name stays, as an alternative label in its own graph
    assert (organization_iri("中共北沅县住房和城乡建设局党组"), SKOS.altLabel, Literal("中共北沅县住建局党组")) \
        in set(report_triples(short))
