"""The neighbourhood of one entity as a small networkx graph, for the graph view.

Nodes carry ``label``, ``kind`` and ``href`` (a page URL), edges a ``label``; built from the document model
the backend holds, capped at ``max_nodes`` so a drawing stays readable.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from rectigraph.model import Problem, Report
from web.backend import Backend, EntityEntry, organization_key, policy_key


def _report_node(g: Any, report: Report) -> str:
    node = f"report:{report.id}"
    g.add_node(node, label=report.title or report.source, kind="report", href=url_for("pages.report", report_id=report.id))
    return node


def _problem_node(g: Any, report: Report, problem: Problem) -> str:
    node = f"problem:{report.id}/{problem.id}"
    g.add_node(
        node,
        label=problem.text,
        kind="problem",
        href=url_for("pages.problem", report_id=report.id, problem_id=problem.id),
    )
    return node


def _policy_node(g: Any, title: str) -> str:
    node = f"policy:{policy_key(title)}"
    g.add_node(node, label=f"《{title}》", kind="policy", href=url_for("pages.policy", key=policy_key(title)))
    return node


def _org_node(g: Any, name: str) -> str:
    node = f"organization:{organization_key(name)}"
    g.add_node(node, label=name, kind="organization", href=url_for("pages.organization", key=organization_key(name)))
    return node


def _full(g: Any, max_nodes: int) -> bool:
    return g.number_of_nodes() >= max_nodes


def problem_policies(problem: Problem) -> list[str]:
    seen: dict[str, None] = {}
    for item in (*problem.measures, *problem.actions):
        for title in item.policies:
            seen.setdefault(title, None)
    return list(seen)


def problem_organizations(problem: Problem) -> list[str]:
    seen: dict[str, None] = {}
    for item in (*problem.measures, *problem.actions):
        for name in item.organizations:
            seen.setdefault(name, None)
    return list(seen)


def of_report(report: Report, max_nodes: int = 60, max_policies: int = 15) -> tuple[Any, str]:
    """A report with its main problems, the policies it cites most, then specific problems while room is left."""
    import networkx as nx

    g = nx.Graph()
    center = _report_node(g, report)
    mains = [p for p in report.problems if not p.parent]
    for main in mains[: max_nodes // 2]:
        g.add_edge(center, _problem_node(g, report, main), label="问题")
    cited = sorted(report.policies, key=lambda m: -len(m.spans))
    for mention in cited[:max_policies]:
        if _full(g, max_nodes):
            break
        g.add_edge(center, _policy_node(g, mention.canonical), label="引用")
    for main in mains:
        node = f"problem:{report.id}/{main.id}"
        if node not in g:
            continue
        for child in report.children(main.id):
            if _full(g, max_nodes):
                break
            g.add_edge(node, _problem_node(g, report, child), label="具体问题")
    return g, center


def of_problem(report: Report, problem: Problem, similar: list[dict[str, Any]], max_nodes: int = 60) -> tuple[Any, str]:
    import networkx as nx

    g = nx.Graph()
    center = _problem_node(g, report, problem)
    g.add_edge(center, _report_node(g, report), label="所属通报")
    if problem.parent and report.problem(problem.parent):
        g.add_edge(center, _problem_node(g, report, report.problem(problem.parent)), label="上级问题")
    for child in report.children(problem.id):
        g.add_edge(center, _problem_node(g, report, child), label="具体问题")
    for order, measure in enumerate(problem.measures, 1):
        if _full(g, max_nodes):
            break
        node = f"measure:{order}"
        g.add_node(node, label=measure.text, kind="measure", href=None)
        g.add_edge(center, node, label="整改措施")
        for title in measure.policies:
            g.add_edge(node, _policy_node(g, title), label="引用")
        for name in measure.organizations:
            g.add_edge(node, _org_node(g, name), label="涉及")
    for title in problem_policies(problem):
        if title and f"policy:{policy_key(title)}" not in g:
            g.add_edge(center, _policy_node(g, title), label="引用")
    for hit in similar:
        if _full(g, max_nodes):
            break
        node = f"problem:{hit['report_id']}/{hit['problem_id']}"
        g.add_node(
            node,
            label=hit.get("text", hit["problem_id"]),
            kind="problem",
            href=url_for("pages.problem", report_id=hit["report_id"], problem_id=hit["problem_id"]),
        )
        g.add_edge(center, node, label="相似")
    return g, center


def of_entity(entry: EntityEntry, kind: str, max_nodes: int = 60) -> tuple[Any, str]:
    """A policy or organisation with the reports and problems that name it."""
    import networkx as nx

    g = nx.Graph()
    center = _policy_node(g, entry.canonical) if kind == "policy" else _org_node(g, entry.canonical)
    for citation in entry.citations:
        if _full(g, max_nodes):
            break
        report_node = _report_node(g, citation.report)
        if citation.problem is not None:
            problem_node = _problem_node(g, citation.report, citation.problem)
            g.add_edge(center, problem_node, label="引用" if kind == "policy" else "涉及")
            g.add_edge(problem_node, report_node, label="所属通报")
        else:
            g.add_edge(center, report_node, label="引用")
    return g, center


def of_family(family: dict[str, Any], max_nodes: int = 60) -> tuple[Any, str]:
    """A recurring-problem family with its member problems and the reports they come from."""
    import networkx as nx

    g = nx.Graph()
    center = f"family:{family['id']}"
    g.add_node(center, label=family["label"], kind="family", href=url_for("pages.family", family_id=family["id"]))
    for member in family.get("members", []):
        if _full(g, max_nodes):
            break
        node = f"problem:{member['report_id']}/{member['problem_id']}"
        g.add_node(node, label=member["text"], kind="problem",
                   href=url_for("pages.problem", report_id=member["report_id"], problem_id=member["problem_id"]))
        g.add_edge(center, node, label="成员")
        report_node = f"report:{member['report_id']}"
        g.add_node(report_node, label=member.get("report_title") or member["report_id"], kind="report",
                   href=url_for("pages.report", report_id=member["report_id"]))
        g.add_edge(node, report_node, label="所属通报")
        for title in member.get("policies", []):
            if not _full(g, max_nodes):
                g.add_edge(node, _policy_node(g, title), label="引用")
    return g, center


def build(backend: Backend, kind: str, ident: str, similar: list[dict[str, Any]] | None = None, max_nodes: int = 60) -> tuple[Any, str, str] | None:
    """(graph, center node, title) for ``kind``/``ident``, or None when there is no such entity."""
    if kind == "report":
        report = backend.report(ident)
        return None if report is None else (*of_report(report, max_nodes), report.title or report.source)
    if kind == "problem":
        report_id, _, problem_id = ident.partition("/")
        found = backend.problem(report_id, problem_id)
        if found is None:
            return None
        return (*of_problem(found[0], found[1], similar or [], max_nodes), found[1].text)
    if kind == "family":
        family = backend.family(ident)
        return None if family is None else (*of_family(family, max_nodes), family["label"])
    if kind in ("policy", "organization"):
        entry = backend.policy(ident) if kind == "policy" else backend.organization(ident)
        return None if entry is None else (*of_entity(entry, kind, max_nodes), entry.canonical)
    return None
