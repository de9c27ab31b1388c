"""The JSON API under ``/api`` (described by ``/openapi.json``); errors are ``{"error": reason}``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from graph.namespace import organization_iri, policy_iri, problem_iri, report_iri
from rectigraph.model import Problem, Report
from web.backend import Backend, EntityEntry, LibraryMissing
from web.highlight import context_window
from web.neighbourhood import problem_organizations, problem_policies
from web.params import parse_gap_params, parse_search_params
from web.security import require_write_access
from web.upload import ingest_uploads

bp = Blueprint("api", __name__)


def backend() -> Backend:
    return current_app.extensions["rectigraph"]


def report_summary(report: Report) -> dict[str, Any]:
    return {
        "id": report.id,
        "title": report.title,
        "issuer": report.issuer,
        "published": report.published,
        "source": report.source,
        "problems": len(report.problems),
        "url": url_for("pages.report", report_id=report.id),
    }


def problem_json(report: Report, problem: Problem) -> dict[str, Any]:
    window, span, _, _ = context_window(report.text, problem.span)
    data = {
        "report_id": report.id,
        "id": problem.id,
        "iri": str(problem_iri(report.id, problem.id)),
        "text": problem.text,
        "span": list(problem.span),
        "category": problem.category,
        "parent": problem.parent,
        "status": problem.status,
        "status_code": problem.status_code,
        "deadline": problem.deadline,
        "measures": [{"order": m.order, "text": m.text, "span": list(m.span), "policies": m.policies,
                      "organizations": m.organizations} for m in problem.measures],
        "actions": [{"order": a.order, "text": a.text, "span": list(a.span), "policies": a.policies,
                     "organizations": a.organizations} for a in problem.actions],
        "policies": problem_policies(problem),
        "organizations": problem_organizations(problem),
        "context": {"text": window, "span": list(span)},
        "url": url_for("pages.problem", report_id=report.id, problem_id=problem.id),
    }
    return data


def entity_json(entry: EntityEntry, kind: str) -> dict[str, Any]:
    iri = policy_iri(entry.canonical) if kind == "policy" else organization_iri(entry.canonical)
    return {
        "key": entry.key,
        "iri": str(iri),
        "canonical": entry.canonical,
        "kind": entry.kind,
        "spellings": sorted(entry.spellings),
        "reports": entry.report_ids,
        "citations": [
            {
                "report_id": c.report.id,
                "problem_id": c.problem.id if c.problem else None,
                "item_kind": c.item_kind,
                "text": c.text,
            }
            for c in entry.citations
        ],
        "url": url_for(f"pages.{kind}", key=entry.key),
    }


@bp.get("/api/health")
def health() -> Any:
    return jsonify(status="ok", reports=len(backend().reports()))


@bp.get("/api/search")
def search() -> Any:
    try:
        params = parse_search_params(request.args, current_app.config)
    except ValueError as exc:
        abort(400, description=str(exc))
    if not params.query:
        abort(400, description="missing query: pass q=...")
    try:
        return jsonify(backend().search(params))
    except LibraryMissing as exc:
        abort(503, description=str(exc))


@bp.get("/api/reports")
def reports() -> Any:
    return jsonify(reports=[report_summary(r) for r in backend().reports()])


@bp.get("/api/reports/<report_id>")
def report(report_id: str) -> Any:
    found = backend().report(report_id)
    if found is None:
        abort(404, description=f"no report with id {report_id!r}")
    data = found.to_dict()
    data.pop("text", None)
    data["text_length"] = len(found.text)
    data["iri"] = str(report_iri(found.id))
    data["url"] = url_for("pages.report", report_id=found.id)
    return jsonify(data)


@bp.delete("/api/reports/<report_id>")
def delete_report(report_id: str) -> Any:
    require_write_access()
    if backend().report(report_id) is None:
        abort(404, description=f"no report with id {report_id!r}")
    removed = backend().remove(report_id)
    return jsonify(removed=removed)


@bp.get("/api/reports/<report_id>/gaps")
def gaps(report_id: str) -> Any:
    if backend().report(report_id) is None:
        abort(404, description=f"no report with id {report_id!r}")
    return jsonify(report_id=report_id, figures=backend().gaps(report_id))


@bp.get("/api/reports/<report_id>/problems/<problem_id>")
def problem(report_id: str, problem_id: str) -> Any:
    found = backend().problem(report_id, problem_id)
    if found is None:
        abort(404, description=f"no problem {problem_id!r} in report {report_id!r}")
    return jsonify(problem_json(*found))


@bp.get("/api/reports/<report_id>/problems/<problem_id>/similar")
def similar(report_id: str, problem_id: str) -> Any:
    if backend().problem(report_id, problem_id) is None:
        abort(404, description=f"no problem {problem_id!r} in report {report_id!r}")
    return jsonify(report_id=report_id, problem_id=problem_id, similar=backend().similar(report_id, problem_id))


@bp.get("/api/policies")
def policies() -> Any:
    return jsonify(policies=[{"key": e.key, "canonical": e.canonical, "kind": e.kind, "reports": len(e.report_ids),
                              "citations": len(e.citations)} for e in backend().policies()])


@bp.get("/api/policies/<key>")
def policy(key: str) -> Any:
    entry = backend().policy(key)
    if entry is None:
        abort(404, description=f"no policy with key {key!r}")
    return jsonify(entity_json(entry, "policy"))


@bp.get("/api/organizations")
def organizations() -> Any:
    return jsonify(organizations=[{"key": e.key, "canonical": e.canonical, "reports": len(e.report_ids),
                                   "citations": len(e.citations)} for e in backend().organizations()])


@bp.get("/api/organizations/<key>")
def organization(key: str) -> Any:
    entry = backend().organization(key)
    if entry is None:
        abort(404, description=f"no organisation with key {key!r}")
    return jsonify(entity_json(entry, "organization"))


@bp.get("/api/families")
def families() -> Any:
    return jsonify(families=backend().families())


@bp.get("/api/families/<family_id>")
def family(family_id: str) -> Any:
    found = backend().family(family_id)
    if found is None:
        abort(404, description=f"no family with id {family_id!r}")
    return jsonify(found)


@bp.get("/api/gaps")
def gap_table() -> Any:
    """Claimed vs disclosed figures of every report: ``sort`` (a figure's gap, report, issuer, year), ``order``."""
    try:
        sort, order = parse_gap_params(request.args)
    except ValueError as exc:
        abort(400, description=str(exc))
    return jsonify(sort=sort, order=order, reports=backend().gap_table(sort, order == "desc"))


@bp.get("/api/recurrences")
def recurrences() -> Any:
    return jsonify(recurrences=backend().recurrences())


@bp.get("/api/queries")
def library_queries() -> Any:
    return jsonify(queries=backend().library_queries())


@bp.get("/api/queries/<name>")
def library_query(name: str) -> Any:
    """A library query's answer (SPARQL JSON); query-string arguments set its parameters, ``live=1`` skips views."""
    params = {k: v for k, v in request.args.items() if k != "live"}
    known = {q["name"]: q for q in backend().library_queries()}
    if name not in known:
        abort(404, description=f"no library query {name!r}")
    unknown = sorted(set(params) - set(known[name]["params"]))
    if unknown:
        abort(400, description=f"query {name!r} has no parameter {', '.join(unknown)} "
                               f"(has: {', '.join(known[name]['params']) or 'none'})")
    try:
        text = backend().library_query(name, params, live=request.args.get("live") in ("1", "true"))
        return current_app.response_class(text, mimetype="application/json")
    except LibraryMissing as exc:
        abort(503, description=str(exc))


@bp.post("/api/ingest")
def ingest() -> Any:
    require_write_access()
    results, status = ingest_uploads(request.files.getlist("files"))
    return jsonify(results=results), status


@bp.get("/openapi.json")
def openapi() -> Any:
    from web.openapi import openapi_document

    return jsonify(openapi_document())
