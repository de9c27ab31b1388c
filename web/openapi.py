"""The OpenAPI 3 document of the JSON API and the SPARQL endpoint (served at ``/openapi.json``).

>>> doc = openapi_document()
>>> doc["openapi"], "/api/search" in doc["paths"]
('3.0.3', True)
"""

from __future__ import annotations

from typing import Any

from rectigraph import __version__
from rectigraph.model import STATUS_CODES
from tracing.gaps import GAP_FIGURES
from tracing.gaps import SORT_KEYS as GAP_SORT_KEYS
from web.params import KINDS


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


STR = {"type": "string"}
INT = {"type": "integer"}
NSTR = _nullable(STR)
SPAN = {"type": "array", "items": INT, "minItems": 2, "maxItems": 2}
STRINGS = {"type": "array", "items": STR}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


def _path_param(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "minLength": 1, "pattern": r"^[^/]+$"}}


def _query_param(name: str, schema: dict[str, Any], description: str, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


REPORT_ID = _path_param("report_id", "report id (hash of its normalised text)")
PROBLEM_ID = _path_param("problem_id", "problem id inside the report")
NOT_FOUND = _error("no such entity")


def _get(summary: str, ok: dict[str, Any], *, params: list[dict[str, Any]] | None = None,
         errors: dict[str, str] | None = None) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": ok}
    for code, text in (errors or {}).items():
        responses[code] = _error(text)
    return {"get": {"summary": summary, "parameters": params or [], "responses": responses}}


SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": STR}},
    "SearchHit": {
        "type": "object",
        "required": ["iri", "kind", "title", "report_id", "url", "score"],
        "properties": {
            "iri": STR, "kind": STR, "title": STR, "text": STR, "sentence": NSTR, "report_id": STR,
            "report_title": NSTR, "problem_id": NSTR, "issuer": NSTR, "date": NSTR, "year": _nullable(INT),
            "status": NSTR, "score": {"type": "number"}, "url": STR, "problem_url": NSTR,
        },
    },
    "SearchResponse": {
        "type": "object",
        "required": ["query", "total", "page", "size", "pages", "hits", "expansions"],
        "properties": {
            "query": STR, "filters": {"type": "object"}, "total": INT, "page": INT, "size": INT, "pages": INT,
            "report_count": INT, "expansions": STRINGS, "terms": STRINGS,
            "hits": {"type": "array", "items": _ref("SearchHit")},
        },
    },
    "ReportSummary": {
        "type": "object",
        "required": ["id", "source", "problems"],
        "properties": {"id": STR, "title": NSTR, "issuer": NSTR, "published": NSTR, "source": STR,
                       "problems": INT, "url": STR},
    },
    "Report": {
        "type": "object",
        "description": "The document model (rectigraph.model.Report) without its text.",
        "required": ["id", "source", "problems", "claimed", "disclosed"],
        "properties": {
            "id": STR, "iri": STR, "source": STR, "title": NSTR, "issuer": NSTR, "published": NSTR,
            "inspection": {"type": "object"}, "claimed": {"type": "object"}, "disclosed": {"type": "object"},
            "problems": {"type": "array", "items": {"type": "object"}},
            "policies": {"type": "array", "items": {"type": "object"}},
            "organizations": {"type": "array", "items": {"type": "object"}},
            "text_length": INT, "url": STR,
        },
    },
    "TextItem": {
        "type": "object",
        "required": ["order", "text", "span"],
        "properties": {"order": INT, "text": STR, "span": SPAN, "policies": STRINGS, "organizations": STRINGS},
    },
    "Problem": {
        "type": "object",
        "required": ["report_id", "id", "text", "span", "measures", "actions"],
        "properties": {
            "report_id": STR, "id": STR, "iri": STR, "text": STR, "span": SPAN, "category": STRINGS,
            "parent": NSTR, "status": NSTR, "status_code": NSTR, "deadline": NSTR,
            "measures": {"type": "array", "items": _ref("TextItem")},
            "actions": {"type": "array", "items": _ref("TextItem")},
            "policies": STRINGS, "organizations": STRINGS,
            "context": {"type": "object", "properties": {"text": STR, "span": SPAN}}, "url": STR,
        },
    },
    "SimilarProblem": {
        "type": "object",
        "required": ["report_id", "problem_id", "text"],
        "properties": {"report_id": STR, "problem_id": STR, "text": STR, "issuer": NSTR, "date": NSTR,
                       "status": NSTR, "score": _nullable({"type": "number"})},
    },
    "Entity": {
        "type": "object",
        "required": ["key", "iri", "canonical", "spellings", "reports", "citations"],
        "properties": {
            "key": STR, "iri": STR, "canonical": STR, "kind": NSTR, "spellings": STRINGS, "reports": STRINGS,
            "citations": {"type": "array", "items": {"type": "object", "properties": {
                "report_id": STR, "problem_id": NSTR, "item_kind": NSTR, "text": STR}}},
            "url": STR,
        },
    },
    "EntitySummary": {
        "type": "object",
        "required": ["key", "canonical", "reports", "citations"],
        "properties": {"key": STR, "canonical": STR, "kind": NSTR, "reports": INT, "citations": INT},
    },
    "Family": {
        "type": "object",
        "description": "A recurring-problem family (tracing stage).",
        "required": ["id", "label"],
        "properties": {"id": STR, "label": STR, "terms": STRINGS, "size": INT, "report_count": INT,
                       "members": {"type": "array", "items": {"type": "object"}},
                       "recurrences": {"type": "array", "items": {"type": "object"}}},
    },
    "GapRow": {
        "type": "object",
        "description": "A report's claimed figures against those counted from its listed problems (gap = claimed - disclosed).",
        "required": ["report_id", "report_file", "url"],
        "properties": {"report_id": STR, "report_file": STR, "title": NSTR, "issuer": NSTR, "published": NSTR,
                       "year": _nullable(INT), "url": STR,
                       **{name: {"type": "object", "properties": {k: {"type": "number", "nullable": True}
                                                                  for k in ("claimed", "disclosed", "gap")}}
                          for name in GAP_FIGURES}},
    },
    "Recurrence": {
        "type": "object",
        "description": "A body reporting a problem again after an earlier report called it done (both passages).",
        "required": ["issuer", "earlier", "later"],
        "properties": {"issuer": STR, "score": {"type": "number", "nullable": True},
                       "earlier": {"type": "object"}, "later": {"type": "object"}},
    },
    "IngestResult": {
        "type": "object",
        "required": ["results"],
        "properties": {"results": {"type": "array", "items": {
            "type": "object", "required": ["file", "status"],
            "properties": {"file": STR, "status": {"type": "string", "enum": ["ingested", "unchanged", "error"]},
                           "report_id": STR, "title": NSTR, "problems": INT, "error": STR}}}},
    },
}


def openapi_document() -> dict[str, Any]:
    search_params = [
        _query_param("q", {"type": "string", "minLength": 1, "maxLength": 500}, "query text (any wording)", True),
        _query_param("kind", {"type": "string", "enum": list(KINDS)}, "only items of this kind"),
        _query_param("issuer", {"type": "string", "maxLength": 200}, "only reports of this issuer"),
        _query_param("year_from", {"type": "integer", "minimum": 1949, "maximum": 2100}, "earliest year"),
        _query_param("year_to", {"type": "integer", "minimum": 1949, "maximum": 2100}, "latest year"),
        _query_param("status", {"type": "string", "enum": list(STATUS_CODES)}, "rectification status"),
        _query_param("inspection_type", {"type": "string", "maxLength": 200}, "e.g. 常规巡察"),
        _query_param("page", {"type": "integer", "minimum": 1, "maximum": 1000}, "page number"),
        _query_param("size", {"type": "integer", "minimum": 1, "maximum": 100}, "hits per page"),
    ]
    write_errors = {"401": _error("write token missing or wrong"), "403": _error("write refused")}
    ingest_body = {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["files"],
            "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}},
    }
    paths: dict[str, Any] = {
        "/api/health": _get("Service status", _json({"type": "object", "required": ["status"], "properties": {
            "status": STR, "reports": INT}}, "up")),
        "/api/search": _get("Hybrid semantic + lexical search with filters", _json(_ref("SearchResponse"), "hits"),
                            params=search_params, errors={"400": "bad parameter", "503": "no index yet (nothing ingested)"}),
        "/api/reports": _get("All reports", _json({"type": "object", "required": ["reports"], "properties": {
            "reports": {"type": "array", "items": _ref("ReportSummary")}}}, "reports")),
        "/api/reports/{report_id}": {
            **_get("One report (document model, without its text)", _json(_ref("Report"), "the report"),
                   params=[REPORT_ID], errors={"404": "no such report"}),
            "delete": {
                "summary": "Remove a report (needs the write token when the server has one)",
                "parameters": [REPORT_ID],
                "security": [{"token": []}, {}],
                "responses": {"200": _json({"type": "object", "required": ["removed"], "properties": {"removed": STR}},
                                           "removed"), "404": NOT_FOUND, **{k: v for k, v in write_errors.items()}},
            },
        },
        "/api/reports/{report_id}/gaps": _get(
            "Claimed vs disclosed figures that disagree (tracing stage)",
            _json({"type": "object", "required": ["report_id", "figures"], "properties": {
                "report_id": STR, "figures": _nullable({"type": "object", "description":
                    "per figure {claimed, disclosed, gap}; null when tracing is not installed"})}}, "gaps"),
            params=[REPORT_ID], errors={"404": "no such report"}),
        "/api/reports/{report_id}/problems/{problem_id}": _get(
            "One problem with its measures, actions, policies and source context", _json(_ref("Problem"), "the problem"),
            params=[REPORT_ID, PROBLEM_ID], errors={"404": "no such problem"}),
        "/api/reports/{report_id}/problems/{problem_id}/similar": _get(
            "Similar problems in other reports (trace)",
            _json({"type": "object", "required": ["similar"], "properties": {
                "report_id": STR, "problem_id": STR, "similar": {"type": "array", "items": _ref("SimilarProblem")}}},
                "similar problems"),
            params=[REPORT_ID, PROBLEM_ID], errors={"404": "no such problem"}),
        "/api/policies": _get("All policies, most cited first", _json({"type": "object", "required": ["policies"], "properties": {
            "policies": {"type": "array", "items": _ref("EntitySummary")}}}, "policies")),
        "/api/policies/{key}": _get("A policy: canonical title, spellings, citing reports and problems",
                                    _json(_ref("Entity"), "the policy"),
                                    params=[_path_param("key", "key of the policy IRI")], errors={"404": "no such policy"}),
        "/api/organizations": _get("All organisations", _json({"type": "object", "required": ["organizations"], "properties": {
            "organizations": {"type": "array", "items": _ref("EntitySummary")}}}, "organisations")),
        "/api/organizations/{key}": _get("An organisation: names and where it is named",
                                         _json(_ref("Entity"), "the organisation"),
                                         params=[_path_param("key", "key of the organisation IRI")],
                                         errors={"404": "no such organisation"}),
        "/api/families": _get("Recurring-problem families", _json({"type": "object", "required": ["families"], "properties": {
            "families": {"type": "array", "items": _ref("Family")}}}, "families")),
        "/api/families/{family_id}": _get("One family with its members over time", _json(_ref("Family"), "the family"),
                                          params=[_path_param("family_id", "family id")], errors={"404": "no such family"}),
        "/api/gaps": _get("Claimed vs disclosed figures of every report, sortable",
                          _json({"type": "object", "required": ["sort", "order", "reports"], "properties": {
                              "sort": STR, "order": STR, "reports": {"type": "array", "items": _ref("GapRow")}}},
                              "one row per report"),
                          params=[_query_param("sort", {"type": "string", "enum": list(GAP_SORT_KEYS)},
                                               "column to sort by (a figure's gap, report, issuer or year)"),
                                  _query_param("order", {"type": "string", "enum": ["asc", "desc"]}, "sort order")],
                          errors={"400": "unknown sort column or order"}),
        "/api/recurrences": _get("Problems a body reported again after calling them done",
                                 _json({"type": "object", "required": ["recurrences"], "properties": {
                                     "recurrences": {"type": "array", "items": _ref("Recurrence")}}},
                                     "surest first")),
        "/api/queries": _get("The documented library queries (graph/queries)",
                             _json({"type": "object", "required": ["queries"], "properties": {
                                 "queries": {"type": "array", "items": {"type": "object", "properties": {
                                     "name": STR, "title": STR, "question": STR,
                                     "params": {"type": "object", "additionalProperties": STR},
                                     "view": {"type": "boolean"}}}}}}, "name, title, question, parameters")),
        "/api/queries/{name}": _get("A library query's answer, as SPARQL 1.1 Query Results JSON",
                                    _json({"type": "object", "required": ["head", "results", "source"], "properties": {
                                        "head": {"type": "object"}, "results": {"type": "object"},
                                        "source": {"type": "string", "enum": ["view", "sparql"]}}},
                                        "whole-library answers come from views kept per report (source: view)"),
                                    params=[_path_param("name", "query name (GET /api/queries)"),
                                            _query_param("live", {"type": "string", "enum": ["0", "1"]},
                                                         "1: run the SPARQL on the store even where a view answers")],
                                    errors={"404": "no such query", "400": "unknown parameter"}),
        "/api/ingest": {
            "post": {
                "summary": "Upload report files (txt/html/docx/pdf) and ingest them",
                "security": [{"token": []}, {}],
                "requestBody": ingest_body,
                "responses": {
                    "200": _json(_ref("IngestResult"), "at least one file ingested"),
                    "422": _json(_ref("IngestResult"), "no file could be ingested (reasons per file)"),
                    "400": _error("no file"),
                    "413": _error("too large or too many files"),
                    **write_errors,
                },
            }
        },
        "/sparql": {
            "get": {
                "summary": "SPARQL 1.1 query (read-only; time and row limits)",
                "parameters": [
                    _query_param("query", {"type": "string", "minLength": 1, "maxLength": 20000}, "SPARQL query", True),
                    _query_param("format", {"type": "string", "enum": ["json", "csv", "tsv", "nt", "ttl"]},
                                 "result format (else the Accept header)"),
                ],
                "responses": {
                    "200": {"description": "results", "content": {
                        "application/sparql-results+json": {"schema": {"type": "object"}},
                        "text/csv": {"schema": STR}, "text/tab-separated-values": {"schema": STR},
                        "application/n-triples": {"schema": STR}, "text/turtle": {"schema": STR},
                        "application/json": {"schema": {"type": "object"}}}},
                    "400": _error("not a valid query"),
                    "403": _error("an update or SERVICE query (refused)"),
                    "406": _error("unknown format"),
                    "413": _error("query too long"),
                    "500": _error("the query failed in the engine"),
                    "503": _error("stopped at the time limit, or the server is busy"),
                },
            }
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "rectigraph API",
            "version": __version__,
            "description": "Search and read inspection-rectification reports (巡视/巡察整改情况通报): problems, measures, "
            "policies, organisations and recurring-problem families. Errors are JSON: {\"error\": reason}.",
        },
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "write token (needed when the server has one)"}},
        },
    }
