"""Answers of the search and tracing stages, shaped for pages and the JSON API.

No ranking and no tracing happens here: ``search`` ranks, ``tracing.api`` groups and traces; this module
only renames fields, adds page URLs and report titles, and cuts pages.

>>> split_problem_iri("https://w3id.org/rectigraph/id/report/r1/problem/P%2001")
('r1', 'P 01')
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import unquote

from flask import url_for

from graph.namespace import ID, problem_iri
from web.backend import Backend, LibraryMissing, _optional

#: Hits fetched from the index per query (ranked by the search stage; pages cut from these).
MAX_HITS = 100


def split_problem_iri(iri: str) -> tuple[str, str] | None:
    """(report id, problem id) of a problem IRI minted by :func:`graph.namespace.problem_iri`."""
    prefix = f"{ID}report/"
    if not iri.startswith(prefix) or "/problem/" not in iri:
        return None
    report_part, _, problem_part = iri[len(prefix):].partition("/problem/")
    problem_part = problem_part.split("/", 1)[0]
    return unquote(report_part), unquote(problem_part)


def _tracing(backend: Backend) -> Any:
    """``tracing.api`` when the tracing stage is installed, else None."""
    return _optional("tracing.api")


def _member(backend: Backend, member: dict[str, Any]) -> dict[str, Any] | None:
    """A tracing member/passage with ``problem_id``, ``date`` and the report title added."""
    ids = split_problem_iri(member.get("iri", ""))
    if ids is None:
        return None
    report = backend.report(ids[0])
    return {
        "report_id": ids[0],
        "problem_id": ids[1],
        "text": member.get("text", ""),
        "issuer": member.get("issuer"),
        "date": member.get("published") or (str(member["year"]) if member.get("year") else None),
        "status": member.get("status_code") or member.get("status"),
        "score": member.get("score"),
        "report_title": (report.title or report.source) if report else member.get("report_file"),
        "policies": list(member.get("policies", [])),
        "measures": list(member.get("measures", [])),
    }


def similar_problems(backend: Backend, report_id: str, problem_id: str, limit: int) -> list[dict[str, Any]]:
    """Nearest problems in other reports (tracing's evidence score), best first."""
    tracing = _tracing(backend)
    if tracing is None:
        return []
    try:
        trace = tracing.problem(backend.library, str(problem_iri(report_id, problem_id)), limit=limit)
    except KeyError:
        return []
    out = []
    for near in trace.get("nearest", []):
        member = _member(backend, near)
        if member is None:
            continue
        evidence = near.get("evidence") or {}
        member["score"] = evidence.get("score", near.get("score"))
        member["linked"] = bool(near.get("linked"))
        out.append(member)
    return out


def problem_families(backend: Backend, report_id: str, problem_id: str) -> list[dict[str, Any]]:
    tracing = _tracing(backend)
    if tracing is None:
        return []
    try:
        trace = tracing.problem(backend.library, str(problem_iri(report_id, problem_id)), limit=1)
    except KeyError:
        return []
    return [{"id": f["id"], "label": f["label"]} for f in trace.get("families", [])]


def _family_summary(family: dict[str, Any]) -> dict[str, Any]:
    members = family.get("members", [])
    return {
        "id": family["id"],
        "label": family["label"],
        "terms": list(family.get("terms", [])),
        "size": len(members),
        "report_count": family.get("reports") if isinstance(family.get("reports"), int)
        else len({m.get("report_id") for m in members}),
    }


def family_list(backend: Backend) -> list[dict[str, Any]]:
    """Recurring-problem families named by at least two reports, widest first."""
    tracing = _tracing(backend)
    if tracing is None or not backend.reports():
        return []
    return [_family_summary(f) for f in tracing.families(backend.library).get("families", [])]


def family_detail(backend: Backend, family_id: str) -> dict[str, Any] | None:
    tracing = _tracing(backend)
    if tracing is None or not backend.reports():
        return None
    try:
        trace = tracing.family(backend.library, family_id)
    except KeyError:
        # Listed (stored family graph) but not in this process's family index: show the stored members.
        trace = next((f for f in tracing.families(backend.library).get("families", []) if f["id"] == family_id), None)
        if trace is None:
            return None
    out = _family_summary(trace)
    timeline = trace.get("timeline") or trace.get("members", [])
    out["members"] = [m for m in (_member(backend, entry) for entry in timeline) if m is not None]
    out["policies"] = trace.get("policies", [])
    out["issuers"] = trace.get("issuers", [])
    member_iris = {m.get("iri") for m in timeline}
    out["recurrences"] = [r for r in recurrence_list(backend)
                          if r["earlier"]["iri"] in member_iris or r["later"]["iri"] in member_iris]
    return out


def recurrence_list(backend: Backend) -> list[dict[str, Any]]:
    """Problems a body reported again after calling them done, both passages with page URLs, surest first."""
    tracing = _tracing(backend)
    if tracing is None or not backend.reports():
        return []
    out = []
    for rec in tracing.recurrences(backend.library).get("recurrences", []):
        earlier, later = _member(backend, rec["earlier"]), _member(backend, rec["later"])
        if earlier is None or later is None:
            continue
        for side, raw in ((earlier, rec["earlier"]), (later, rec["later"])):
            side["iri"] = raw["iri"]
            side["url"] = url_for("pages.problem", report_id=side["report_id"], problem_id=side["problem_id"])
            side["status_text"] = raw.get("status")
            side["report_file"] = raw.get("report_file")
        out.append({"issuer": rec.get("issuer"), "score": rec.get("evidence", {}).get("score"),
                    "earlier": earlier, "later": later})
    return out


def gap_rows(backend: Backend, sort: str, descending: bool) -> list[dict[str, Any]]:
    """Claimed vs disclosed figures of every report, sorted (``ValueError`` naming the keys on a bad ``sort``)."""
    module = _optional("tracing.gaps")
    if module is None:
        return []
    rows = module.gap_table(backend.reports(), sort=sort, descending=descending)
    for row in rows:
        row["url"] = url_for("pages.report", report_id=row["report_id"])
    return rows


def report_gaps(backend: Backend, report_id: str) -> dict[str, Any] | None:
    """Claimed vs disclosed figures of one report (tracing's gap row), or None without tracing."""
    module = _optional("tracing.gaps")
    report = backend.report(report_id)
    if module is None or report is None:
        return None
    return module.gap_row(report)


# -- search ----------------------------------------------------------------------------------------


def _hit_json(backend: Backend, hit: dict[str, Any]) -> dict[str, Any]:
    """One search hit with page URL, report title, date and the sentence to show."""
    report = backend.report(hit["report_id"])
    kind = hit["kind"]
    problem_url = None
    if hit.get("problem_id"):
        problem_url = url_for("pages.problem", report_id=hit["report_id"], problem_id=hit["problem_id"])
    if kind == "report":
        url = url_for("pages.report", report_id=hit["report_id"])
    elif kind == "policy":
        key = hit["iri"].rstrip("/").rsplit("/", 1)[-1]
        url = url_for("pages.policy", key=key)
    else:
        url = problem_url or url_for("pages.report", report_id=hit["report_id"])
    title = hit.get("text", "")
    sentence = None
    problem = report.problem(hit["problem_id"]) if report is not None and hit.get("problem_id") else None
    if kind in ("measure", "action") and problem is not None:
        sentence, title = hit.get("text", ""), problem.text
    elif kind == "problem":
        # The statement is the matching sentence; the title is what it sits under (main problem, heading).
        parent = report.problem(problem.parent) if problem is not None and problem.parent else None
        heading = parent.text if parent is not None else (problem.category[-1] if problem and problem.category else "")
        if heading and heading != title:
            sentence, title = title, heading
    elif kind == "policy":
        title = f"《{hit.get('text', '')}》"
    return {
        "iri": hit["iri"],
        "kind": kind,
        "title": title,
        "text": hit.get("text", ""),
        "sentence": sentence,
        "report_id": hit["report_id"],
        "report_title": (report.title or report.source) if report else hit.get("report_file"),
        "problem_id": hit.get("problem_id"),
        "issuer": hit.get("issuer"),
        "date": report.published if report else None,
        "year": hit.get("year"),
        "status": hit.get("status"),
        "score": float(hit.get("score", 0.0)),
        "url": url,
        "problem_url": problem_url,
    }


def _query_words(query: str) -> list[str]:
    """The query's words as the search stage tokenises them (for highlighting)."""
    module = _optional("search.tokenizer")
    return list(module.words(query)) if module is not None else []


def search_page(backend: Backend, params: Any) -> dict[str, Any]:
    """One page of hits for ``params`` (:class:`web.params.SearchParams`)."""
    filters = params.filters()
    if params.empty_range:
        return {"query": params.query, "filters": filters, "total": 0, "page": params.page, "size": params.size,
                "pages": 0, "report_count": 0, "expansions": [], "terms": [], "hits": []}
    searcher = backend.searcher()
    if filters.get("kind") == "any":
        filters["kind"] = None
    index_module = _optional("search.index")
    unusable = getattr(index_module, "IndexUnusable", LibraryMissing)
    try:
        result = searcher.search(params.query, k=MAX_HITS, **filters)
    except unusable as exc:  # no reports yet, or an index built for other models
        raise LibraryMissing(f"search is not available yet: {exc}") from exc
    data = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    hits = data.get("hits", [])
    total = len(hits)
    page_hits = [_hit_json(backend, h) for h in hits[params.offset: params.offset + params.size]]
    terms = [params.query, *params.query.split(), *_query_words(params.query), *data.get("also_searched", [])]
    return {
        "query": params.query,
        "filters": params.filters(),
        "total": total,
        "page": params.page,
        "size": params.size,
        "pages": max(1, math.ceil(total / params.size)) if total else 0,
        "report_count": len({h["report_id"] for h in hits}),
        "expansions": list(data.get("also_searched", [])),
        "terms": [t for t in dict.fromkeys(terms) if t],
        "hits": page_hits,
    }

