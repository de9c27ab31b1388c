"""HTML pages: search, report, problem, policy, organisation, family, graph view and listings."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, url_for

from rectigraph.model import FIGURE_KEYS
from tracing.gaps import GAP_FIGURES
from web import graphview, neighbourhood
from web.backend import Backend, LibraryMissing
from web.highlight import context_window, link_spans
from web.params import SearchParams, parse_gap_params, parse_search_params

bp = Blueprint("pages", __name__)


def backend() -> Backend:
    return current_app.extensions["rectigraph"]


@bp.get("/")
def search() -> Any:
    try:
        params = parse_search_params(request.args, current_app.config)
    except ValueError as exc:
        abort(400, description=str(exc))
    results = None
    error = None
    if params.query:
        try:
            results = backend().search(params)
        except LibraryMissing as exc:
            error = str(exc)
    facets = backend().facets()
    overview = None if params.query else _overview()
    return render_template("search.html", nav="search", params=params, results=results, error=error, facets=facets,
                           overview=overview)


def _overview() -> dict[str, Any]:
    """What the library holds, for the start page."""
    reports = backend().reports()
    return {
        "reports": len(reports),
        "problems": sum(len(r.problems) for r in reports),
        "policies": len(backend().policies()),
        "organizations": len(backend().organizations()),
        "recent": reports[:5],
    }


@bp.get("/reports")
def reports() -> Any:
    return render_template("reports.html", nav="reports", reports=backend().reports(), figure_keys=FIGURE_KEYS)


def figure_rows(gap_row: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Claimed vs disclosed per figure, from tracing's gap row (figures neither side states are left out)."""
    rows = []
    for key in FIGURE_KEYS:
        cell = (gap_row or {}).get(key)
        if isinstance(cell, dict) and (cell.get("claimed") is not None or cell.get("disclosed") is not None):
            rows.append({"key": key, **cell})
    return rows


def other_claims(report: Any) -> list[tuple[str, Any]]:
    """Claimed figures with no disclosed counterpart (rules made, tasks, as-of date …)."""
    return [(k, v) for k, v in report.claimed.items() if k not in FIGURE_KEYS]


def outline(report: Any) -> list[dict[str, Any]]:
    """Problems grouped under their category path, main problems holding their specific ones."""
    groups: list[dict[str, Any]] = []
    for problem in report.problems:
        if problem.parent and report.problem(problem.parent) is not None:
            continue
        path = list(problem.category)
        if not groups or groups[-1]["path"] != path:
            groups.append({"path": path, "problems": []})
        groups[-1]["problems"].append({"problem": problem, "children": report.children(problem.id)})
    return groups


@bp.get("/report/<report_id>")
def report(report_id: str) -> Any:
    found = backend().report(report_id)
    if found is None:
        abort(404, description=f"no report with id {report_id!r}")
    return render_template(
        "report.html",
        nav="reports",
        report=found,
        figures=figure_rows(backend().gaps(report_id)),
        other_claims=other_claims(found),
        outline=outline(found),
    )


@bp.get("/report/<report_id>/text")
def report_text(report_id: str) -> Any:
    """The report's full normalised text, each problem statement marked and linked to its page."""
    found = backend().report(report_id)
    if found is None:
        abort(404, description=f"no report with id {report_id!r}")
    links = [
        (p.span[0], p.span[1], url_for("pages.problem", report_id=found.id, problem_id=p.id), p.id)
        for p in found.problems
    ]
    return render_template("report_text.html", nav="reports", report=found, body=link_spans(found.text, links))


@bp.get("/report/<report_id>/problem/<problem_id>")
def problem(report_id: str, problem_id: str) -> Any:
    found = backend().problem(report_id, problem_id)
    if found is None:
        abort(404, description=f"no problem {problem_id!r} in report {report_id!r}")
    report_obj, problem_obj = found
    window, span, cut_start, cut_end = context_window(report_obj.text, problem_obj.span, before=240, after=240)
    parent = report_obj.problem(problem_obj.parent) if problem_obj.parent else None
    return render_template(
        "problem.html",
        nav="reports",
        report=report_obj,
        problem=problem_obj,
        parent=parent,
        children=report_obj.children(problem_obj.id),
        context=window,
        context_span=span,
        cut_start=cut_start,
        cut_end=cut_end,
        policies=neighbourhood.problem_policies(problem_obj),
        organizations=neighbourhood.problem_organizations(problem_obj),
        similar=backend().similar(report_id, problem_id),
        families=backend().families_of(report_id, problem_id),
    )


@bp.get("/policies")
def policies() -> Any:
    return render_template("entities.html", nav="policies", kind="policy", title="制度文件", entries=backend().policies())


@bp.get("/policy/<key>")
def policy(key: str) -> Any:
    entry = backend().policy(key)
    if entry is None:
        abort(404, description=f"no policy with key {key!r}")
    return render_template("entity.html", nav="policies", kind="policy", entry=entry, groups=_by_report(entry))


@bp.get("/organizations")
def organizations() -> Any:
    return render_template(
        "entities.html", nav="organizations", kind="organization", title="机构", entries=backend().organizations()
    )


@bp.get("/organization/<key>")
def organization(key: str) -> Any:
    entry = backend().organization(key)
    if entry is None:
        abort(404, description=f"no organisation with key {key!r}")
    return render_template("entity.html", nav="organizations", kind="organization", entry=entry, groups=_by_report(entry))


def _by_report(entry: Any) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for citation in entry.citations:
        group = groups.setdefault(citation.report.id, {"report": citation.report, "citations": []})
        group["citations"].append(citation)
    return list(groups.values())


@bp.get("/families")
def families() -> Any:
    return render_template("families.html", nav="families", families=backend().families())


@bp.get("/gaps")
def gaps() -> Any:
    try:
        sort, order = parse_gap_params(request.args)
    except ValueError as exc:
        abort(400, description=str(exc))
    return render_template("gaps.html", nav="gaps", rows=backend().gap_table(sort, order == "desc"),
                           sort=sort, order=order, figures=GAP_FIGURES)


@bp.get("/recurrences")
def recurrences() -> Any:
    return render_template("recurrences.html", nav="recurrences", recurrences=backend().recurrences())


@bp.get("/family/<family_id>")
def family(family_id: str) -> Any:
    found = backend().family(family_id)
    if found is None:
        abort(404, description=f"no family with id {family_id!r}")
    return render_template("family.html", nav="families", family=found)


@bp.get("/graph/<kind>/<path:ident>")
def graph(kind: str, ident: str) -> Any:
    if kind not in ("report", "problem", "policy", "organization", "family"):
        abort(404, description=f"no graph view for {kind!r}")
    similar: list[dict[str, Any]] = []
    if kind == "problem" and "/" in ident:
        similar = backend().similar(*ident.split("/", 1))
    built = neighbourhood.build(backend(), kind, ident, similar, current_app.config["GRAPH_MAX_NODES"])
    if built is None:
        abort(404, description=f"no {kind} {ident!r}")
    g, center, title = built
    drawing = graphview.layout(g, center=center)
    return render_template("graph.html", nav=None, kind=kind, ident=ident, title=title, drawing=drawing, colours=graphview.KIND_COLOURS)


@bp.get("/api-docs")
def api_docs() -> Any:
    from web.openapi import openapi_document

    return render_template("api_docs.html", nav=None, doc=openapi_document())


__all__ = ["bp", "SearchParams"]
