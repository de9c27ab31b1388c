"""Every library query, run on the bundled samples, against answers computed from the document model.

The real report (dalian-kjj-2023-05-15) also has exact known answers: 24 main problems, 47 problems carrying a
status, 2 正在推进中, and 《大连市科技成果转化中试基地备案管理办法(试行)》 cited by the measures/actions of >= 3
problems.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from numbers import Number

import pytest
from conftest import REAL_STEM

from graph import queries
from graph.namespace import problem_iri, report_iri

PILOT_BASE_POLICY = "大连市科技成果转化中试基地备案管理办法(试行)"


def run(lib, name, **params):
    """Rows of a library query as dicts of Python values (IRIs as str)."""
    result = lib.sparql(queries.get(name).render(**params))
    names = [str(v) for v in result.vars]
    out = []
    for row in result:
        out.append({n: (None if v is None else (str(v) if type(v).__name__ == "URIRef" else v.toPython()))
                    for n, v in zip(names, row)})
    return out


def rid_iri(r):
    return str(report_iri(r.id))


def test_library_has_at_least_twelve_documented_queries():
    qs = queries.all_queries()
    assert len(qs) >= 12
    for q in qs:
        assert q.title and q.question, q.name
        assert re.search(r"[\u4e00-\u9fff]", q.question), f"{q.name}: question should be in Chinese too"
    with pytest.raises(KeyError, match="no library query"):
        queries.get("nope")
    with pytest.raises(KeyError, match="no parameter"):
        queries.get("problem_counts").render(x=1)


def test_problem_counts(sample_library, sample_reports):
    rows = {r["report"]: r for r in run(sample_library, "problem_counts")}
    assert len(rows) == len(sample_reports)
    for r in sample_reports.values():
        row = rows[rid_iri(r)]
        assert row["mainProblems"] == sum(1 for p in r.problems if not p.parent)
        assert row["specificProblems"] == sum(1 for p in r.problems if p.parent)
        assert row["withStatus"] == sum(1 for p in r.problems if p.status_code)
        assert row["measures"] == len({(p.id, m.order or i) for p in r.problems for i, m in enumerate(p.measures, 1)})
        assert row["actions"] == len({(p.id, a.order or i) for p in r.problems for i, a in enumerate(p.actions, 1)})
    real = rows[rid_iri(sample_reports[REAL_STEM])]
    assert real["mainProblems"] == 24
    assert real["withStatus"] == 47


def test_problems_by_status(sample_library, sample_reports):
    rows = run(sample_library, "problems_by_status")
    got = {(r["report"], r["problemId"]) for r in rows}
    expected = {(rid_iri(r), p.id) for r in sample_reports.values() for p in r.problems if p.status_code == "in_progress"}
    assert got == expected
    real = [r for r in rows if r["report"] == rid_iri(sample_reports[REAL_STEM])]
    assert len(real) == 2
    assert all(r["issuer"] == "中共大连市科学技术局党组" and "推进" in r["statusText"] for r in real)
    completed = run(sample_library, "problems_by_status", statusCode="completed")
    assert len(completed) == sum(1 for r in sample_reports.values() for p in r.problems if p.status_code == "completed")


def test_status_counts_by_issuer(sample_library, sample_reports):
    got = {(r["issuer"], r["statusCode"]): r["problems"] for r in run(sample_library, "status_counts_by_issuer")}
    expected = Counter((r.issuing_body, p.status_code) for r in sample_reports.values() for p in r.problems if p.status_code)
    assert got == dict(expected)
    assert got[("中共大连市科学技术局党组", "in_progress")] == 2


def test_reports_disclosing_fewer(sample_library, sample_reports):
    got = {(r["report"], r["figure"]): (r["claimed"], r["disclosed"], r["shortfall"])
           for r in run(sample_library, "reports_disclosing_fewer")}
    expected = {}
    for r in sample_reports.values():
        for name, claimed in r.claimed.items():
            disclosed = r.disclosed.get(name)
            if all(isinstance(v, Number) and not isinstance(v, bool) for v in (claimed, disclosed)) and disclosed < claimed:
                expected[(rid_iri(r), name)] = (claimed, disclosed, claimed - disclosed)
    assert got == expected
    assert got[(rid_iri(sample_reports[REAL_STEM]), "specific_problems")] == (49, 47, 2)


def test_problems_per_category(sample_library, sample_reports):
    got = {(r["report"], r["categoryLabel"]): r["problems"] for r in run(sample_library, "problems_per_category")}
    expected = Counter((rid_iri(r), p.category[0]) for r in sample_reports.values() for p in r.problems if p.category)
    assert got == dict(expected)


def _citing(sample_reports):
    """canonical policy -> set of (report id, problem id) whose measures/actions cite it."""
    out = defaultdict(set)
    for r in sample_reports.values():
        for p in r.problems:
            for item in p.measures + p.actions:
                for title in item.policies:
                    out[title].add((r.id, p.id))
    return out


def test_measures_citing_policy(sample_library, sample_reports):
    rows = {r["policyTitle"]: r for r in run(sample_library, "measures_citing_policy")}
    citing = _citing(sample_reports)
    assert set(rows) == set(citing)
    items = Counter(t for r in sample_reports.values() for p in r.problems for i in p.measures + p.actions
                    for t in set(i.policies))
    for title, problems in citing.items():
        assert rows[title]["problems"] == len(problems)
        assert rows[title]["reports"] == len({rid for rid, _ in problems})
        assert rows[title]["items"] == items[title]
    assert rows[PILOT_BASE_POLICY]["problems"] >= 3
    assert rows[PILOT_BASE_POLICY]["reports"] == 1


def _row_key(row: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in row.items()))


def test_bodies_citing_policy(sample_library, sample_reports):
    by_issuer = {r.id: r.issuing_body for r in sample_reports.values()}
    citing = _citing(sample_reports)
    title = "党政领导干部选拔任用工作条例"
    rows = run(sample_library, "bodies_citing_policy", policyTitle=title)
    expected = Counter(by_issuer[rid] for rid, _ in citing[title])
    assert {r["issuer"]: r["problems"] for r in rows} == dict(expected)
    assert {r["policyTitle"] for r in rows} == {title}
    assert len(rows) >= 2  # a cross-report question: several bodies cite it
    everything = run(sample_library, "bodies_citing_policy")
    # each problem has one issuer, so summing problems over (policy, issuer) rows gives all citing problems
    assert sum(r["problems"] for r in everything) == sum(len(v) for v in citing.values())
    # the one-policy variant (bodies_citing_policy.policyTitle.rq) answers exactly the library form's rows
    assert set(queries.get("bodies_citing_policy").variants) == {"policyTitle"}
    for t in {r["policyTitle"] for r in everything}:
        one = run(sample_library, "bodies_citing_policy", policyTitle=t)
        assert sorted(map(_row_key, one)) == sorted(_row_key(r) for r in everything if r["policyTitle"] == t), t


def test_organisations_most_named(sample_library, sample_reports):
    rows = run(sample_library, "organisations_most_named")
    spans = defaultdict(set)
    for r in sample_reports.values():
        for om in r.organizations:
            spans[om.canonical].update((r.id, tuple(s)) for s in om.spans)
    got = {r["name"]: r["mentions"] for r in rows}
    assert got == {name: len(s) for name, s in spans.items() if s}
    counts = [r["mentions"] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_reports_by_inspection(sample_library, sample_reports):
    got = {(r["inspectionType"], r["year"]): r["reports"] for r in run(sample_library, "reports_by_inspection")}

    def year(r):
        for value in (r.inspection.start, r.inspection.feedback, r.published):
            if value and re.match(r"\d{4}", value):
                return int(value[:4])
        return None

    expected = Counter((r.inspection.type or "(unknown)", year(r)) for r in sample_reports.values())
    assert got == dict(expected)


def test_problems_without_measures(sample_library, sample_reports):
    got = {(r["report"], r["problemId"]) for r in run(sample_library, "problems_without_measures")}
    expected = set()
    for r in sample_reports.values():
        parents = {p.parent for p in r.problems if p.parent}
        expected |= {(rid_iri(r), p.id) for p in r.problems if not p.measures and not p.actions and p.id not in parents}
    assert got == expected


def test_status_counts_vs_claimed(sample_library, sample_reports):
    got = {(r["report"], r["statusCode"]): (r["counted"], r["claimed"]) for r in run(sample_library, "status_counts_vs_claimed")}
    expected = {}
    for r in sample_reports.values():
        for code, n in Counter(p.status_code for p in r.problems if p.status_code).items():
            claimed = r.claimed.get(code)
            expected[(rid_iri(r), code)] = (n, claimed if isinstance(claimed, Number) else None)
    assert got == expected
    real = rid_iri(sample_reports[REAL_STEM])
    assert got[(real, "in_progress")] == (2, 2)
    assert got[(real, "completed")][1] == 47


def test_policies_across_issuers(sample_library, sample_reports):
    issuers = defaultdict(set)
    for r in sample_reports.values():
        for pm in r.policies:
            if r.issuer:
                issuers[pm.canonical].add(r.issuer)
    expected = {t: len(i) for t, i in issuers.items() if len(i) > 1}
    got = {r["policyTitle"]: r["issuers"] for r in run(sample_library, "policies_across_issuers")}
    assert got == expected
    assert got  # the samples share policies across bodies


def test_policy_spellings(sample_library, sample_reports):
    variants = defaultdict(set)
    for r in sample_reports.values():
        for pm in r.policies:
            variants[pm.canonical].update(set(pm.raw) - {pm.canonical})
    expected = {t: len(v) for t, v in variants.items() if v}
    got = {r["policyTitle"]: r["variants"] for r in run(sample_library, "policy_spellings")}
    assert got == expected


def test_problem_sources(sample_library, sample_reports):
    real = sample_reports[REAL_STEM]
    problem = next(p for p in real.problems if p.measures and p.actions)
    rows = [r for r in run(sample_library, "problem_sources", problemId=problem.id) if r["source"] == real.source]
    assert len(rows) == 1 + len(problem.measures) + len(problem.actions)
    head = next(r for r in rows if r["kind"] == "problem")
    assert (head["start"], head["end"]) == tuple(problem.span)
    assert head["item"] == str(problem_iri(real.id, problem.id))
    for r in rows:
        assert 0 <= r["start"] < r["end"] <= len(real.text)
    measures = sorted((r["order"], r["start"], r["end"]) for r in rows if r["kind"] == "measure")
    assert measures == sorted((m.order or i, *m.span) for i, m in enumerate(problem.measures, 1))


def test_main_problem_progress(sample_library, sample_reports):
    got = {(r["report"], r["mainId"]): (r["specificProblems"], r["completed"]) for r in run(sample_library, "main_problem_progress")}
    expected = {}
    for r in sample_reports.values():
        for main in (p for p in r.problems if not p.parent):
            children = r.children(main.id)
            if children:
                expected[(rid_iri(r), main.id)] = (len(children), sum(1 for c in children if c.status_code == "completed"))
    assert got == expected


def test_inspection_bodies(sample_library, sample_reports):
    got = {(r["report"], r["body"], r["issuer"], r["inspectionType"]) for r in run(sample_library, "inspection_bodies")}
    expected = {(rid_iri(r), r.inspection.body, r.issuing_body, r.inspection.type) for r in sample_reports.values()
                if any(vars(r.inspection).values())}
    assert got == expected
    assert (rid_iri(sample_reports[REAL_STEM]), "市委第五巡察组", "中共大连市科学技术局党组", "常规巡察") in got


def test_every_query_runs_raw_and_is_covered(sample_library):
    """The .rq files run unrendered too (VALUES UNDEF), and every query has a test above."""
    tested = {name[len("test_"):] for name in globals() if name.startswith("test_")}
    for q in queries.all_queries():
        assert q.name in tested, f"query {q.name} has no test"
        list(sample_library.sparql(q.text))
        for text in q.variants.values():  # NAME.PARAM.rq files run unrendered too
            list(sample_library.sparql(text))
    assert set(queries.get("problems_by_status").variants) == {"reportId"}
    assert "problems_by_status.reportId" not in queries.names()


def test_report_scoped_queries_give_that_reports_rows_of_the_whole_library(sample_library, sample_reports):
    """`reportId` restricts a listing to one report: exactly the library-wide rows about that report."""
    scoped = [q for q in queries.all_queries() if "reportId" in q.params]
    assert {q.name for q in scoped} >= {"main_problem_progress", "problem_sources", "problems_by_status",
                                        "problems_per_category", "status_counts_vs_claimed"}
    for r in sample_reports.values():
        for q in scoped:
            extra = {"problemId": next(p.id for p in r.problems)} if "problemId" in q.params else {}
            everything = run(sample_library, q.name, **extra)
            if "report" in (everything[0] if everything else {}):
                expected = [row for row in everything if row["report"] == rid_iri(r)]
            else:  # problem_sources names the source file instead of the report
                expected = [row for row in everything if row["source"] == r.source]
            got = run(sample_library, q.name, reportId=r.id, **extra)
            assert got == expected, (q.name, r.id)
            assert got or q.name in ("problems_by_status", "main_problem_progress", "problems_per_category")
