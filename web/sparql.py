"""The read-only SPARQL 1.1 endpoint (``/sparql``, protocol GET and POST) and the query page (``/query``).

Every query is checked by :mod:`web.sparql_guard` (updates and SERVICE refused), then run by
:mod:`web.sparql_worker` in a child process that is killed at the time limit; results stop at a row limit.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request, url_for

from web.sparql_guard import QueryRefused, check_query

bp = Blueprint("sparql", __name__)

WORKER = Path(__file__).with_name("sparql_worker.py")
QUERY_DIR = Path(__file__).resolve().parent.parent / "graph" / "queries"

#: At most this many queries run at once; the rest wait (within their own time limit).
_SLOTS = threading.BoundedSemaphore(2)

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {"nt": "application/n-triples", "ttl": "text/turtle", "json": "application/json"}


class QueryTimeout(RuntimeError):
    pass


def execute(store_path: Path, text: str, *, timeout_s: float, max_rows: int, max_chars: int = 20_000) -> dict[str, Any]:
    """Check and run ``text``; the worker's answer plus ``form`` and ``elapsed_s``.

    Raises :class:`QueryRefused` (not a read-only query) or :class:`QueryTimeout` (stopped at the limit).
    """
    checked = check_query(text, max_chars=max_chars)
    started = time.monotonic()
    if not _SLOTS.acquire(timeout=timeout_s):
        raise QueryTimeout(f"server busy: no query slot free within {timeout_s:g} s")
    try:
        remaining = max(0.5, timeout_s - (time.monotonic() - started))
        payload = json.dumps({"store": str(store_path), "query": checked.text, "max_rows": max_rows})
        try:
            proc = subprocess.run(
                [sys.executable, str(WORKER)],
                input=payload,
                capture_output=True,
                text=True,
                timeout=remaining,
                encoding="utf-8",
            )
        except subprocess.TimeoutExpired:
            raise QueryTimeout(f"query stopped: it ran past the {timeout_s:g} s time limit") from None
    finally:
        _SLOTS.release()
    if proc.returncode != 0 or not proc.stdout:
        tail = (proc.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise QueryRefused(f"query failed: {tail[0]}", 500)
    answer = json.loads(proc.stdout)
    if "error" in answer:
        raise QueryRefused(answer["error"])
    answer["form"] = checked.form
    answer["elapsed_s"] = round(time.monotonic() - started, 3)
    return answer


def example_queries() -> list[dict[str, str]]:
    """The library's own queries (``graph/queries/*.rq``) as examples, plus a first look at the data."""
    examples = [
        {
            "name": "reports",
            "text": "PREFIX dcterms: <http://purl.org/dc/terms/>\nSELECT ?report ?title ?issued WHERE {\n"
            "  ?report dcterms:title ?title .\n  OPTIONAL { ?report dcterms:issued ?issued }\n} LIMIT 50",
        },
        {"name": "triples", "text": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 25"},
    ]
    if QUERY_DIR.is_dir():
        for path in sorted(QUERY_DIR.glob("*.rq")):
            try:
                examples.append({"name": path.stem, "text": path.read_text(encoding="utf-8").strip()})
            except (OSError, UnicodeDecodeError):
                continue
    return examples


# -- serialisation -----------------------------------------------------------------------------------


def _plain(term: dict[str, str] | None) -> str:
    return "" if term is None else term["value"]


def _ntriples(term: dict[str, str] | None) -> str:
    if term is None:
        return ""
    value = term["value"]
    if term["type"] == "uri":
        return f"<{value}>"
    if term["type"] == "bnode":
        return f"_:{value}"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    if "xml:lang" in term:
        return f'"{escaped}"@{term["xml:lang"]}'
    if "datatype" in term:
        return f'"{escaped}"^^<{term["datatype"]}>'
    return f'"{escaped}"'


def serialize(answer: dict[str, Any], fmt: str) -> tuple[str, str]:
    """(body, content type) of a worker answer in ``fmt`` (json/csv/tsv for results, nt/ttl/json for graphs)."""
    if "boolean" in answer:
        if fmt in ("csv", "tsv"):
            return ("true\n" if answer["boolean"] else "false\n"), RESULT_TYPES[fmt]
        return json.dumps({"head": {}, "boolean": answer["boolean"]}), RESULT_TYPES["json"]
    if "triples" in answer:
        if fmt == "json":
            return json.dumps({"triples": answer["triples"], "truncated": answer["truncated"]}, ensure_ascii=False), GRAPH_TYPES["json"]
        body = "".join(" ".join(_ntriples(t) for t in triple) + " .\n" for triple in answer["triples"])
        return body, GRAPH_TYPES["ttl" if fmt == "ttl" else "nt"]
    names, rows = answer["vars"], answer["rows"]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([_plain(t) for t in row] for row in rows)
        return buf.getvalue(), RESULT_TYPES["csv"]
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(_ntriples(t) for t in row) for row in rows]
        return "\n".join(lines) + "\n", RESULT_TYPES["tsv"]
    bindings = [{n: t for n, t in zip(names, row) if t is not None} for row in rows]
    doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
    if answer.get("truncated"):
        doc["head"]["link"] = []
        doc["truncated"] = True
    return json.dumps(doc, ensure_ascii=False), RESULT_TYPES["json"]


def negotiate(form: str) -> str:
    """The result format from ``?format=`` or the Accept header."""
    wanted = (request.values.get("format") or "").lower()
    graph = form in ("CONSTRUCT", "DESCRIBE")
    if wanted:
        allowed = GRAPH_TYPES if graph else RESULT_TYPES
        if wanted not in allowed:
            raise QueryRefused(f"unknown format {wanted!r} for {form}: use one of {', '.join(allowed)}", 406)
        return wanted
    offers = list(GRAPH_TYPES.values()) if graph else list(RESULT_TYPES.values()) + ["application/json"]
    best = request.accept_mimetypes.best_match(offers, default=offers[0])
    table = GRAPH_TYPES if graph else RESULT_TYPES
    for key, mime in table.items():
        if mime == best:
            return key
    return "json"


# -- routes ------------------------------------------------------------------------------------------


def _query_text() -> str | None:
    """The query of a SPARQL protocol request; refuses update requests."""
    ctype = (request.mimetype or "").lower()
    if request.method == "POST":
        if ctype == "application/sparql-update" or "update" in request.form:
            raise QueryRefused("read-only endpoint: SPARQL Update is refused", 403)
        if ctype == "application/sparql-query":
            return request.get_data(as_text=True)
        if ctype not in ("application/x-www-form-urlencoded", "multipart/form-data", ""):
            raise QueryRefused(f"unsupported content type {ctype!r}: use application/sparql-query or a form", 415)
        return request.form.get("query")
    if "update" in request.args:
        raise QueryRefused("read-only endpoint: SPARQL Update is refused", 403)
    return request.args.get("query")


def _store_path() -> Path:
    return current_app.config["HOME"] / "store"


def _run(text: str) -> dict[str, Any]:
    cfg = current_app.config
    return execute(
        _store_path(),
        text,
        timeout_s=float(cfg["SPARQL_TIMEOUT_S"]),
        max_rows=int(cfg["SPARQL_MAX_ROWS"]),
        max_chars=int(cfg["SPARQL_MAX_QUERY_CHARS"]),
    )


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Any:
    try:
        text = _query_text()
        if text is None:
            if request.method == "GET" and request.accept_mimetypes.accept_html:
                return redirect(url_for("sparql.query_page"))
            raise QueryRefused("missing 'query' parameter")
        answer = _run(text)
        body, ctype = serialize(answer, negotiate(answer["form"]))
    except QueryRefused as refused:
        return jsonify(error=refused.reason), refused.status
    except QueryTimeout as stopped:
        return jsonify(error=str(stopped)), 503
    response = Response(body, content_type=f"{ctype}; charset=utf-8")
    if answer.get("truncated"):
        response.headers["X-Rectigraph-Truncated"] = f"results stopped at {current_app.config['SPARQL_MAX_ROWS']} rows"
    return response


def library_query_name(text: str) -> str | None:
    """The library query (``graph/queries/NAME.rq``) that ``text`` is word for word, as its example link sends it."""
    wanted = text.strip()
    for path in sorted(QUERY_DIR.glob("*.rq")):
        try:
            if path.read_text(encoding="utf-8").strip() == wanted:
                return path.stem
        except (OSError, UnicodeDecodeError):
            continue
    return None


def _kept_answer(text: str) -> dict[str, Any] | None:
    """A library query asked unchanged is answered from its view (milliseconds, where the SPARQL takes seconds
    on a large library), in the worker's answer shape, with the same row limit; None for any other query."""
    name = library_query_name(text)
    if name is None:
        return None
    started = time.monotonic()
    kept = current_app.extensions["rectigraph"].kept_answer(name)
    if kept is None:
        return None
    max_rows = int(current_app.config["SPARQL_MAX_ROWS"])
    rows = [[b.get(v) for v in kept.variables] for b in kept.bindings[:max_rows]]
    return {"vars": kept.variables, "rows": rows, "truncated": len(kept) > max_rows, "form": "SELECT",
            "elapsed_s": round(time.monotonic() - started, 3), "view": name}


@bp.route("/query", methods=["GET", "POST"])
def query_page() -> Any:
    text = request.values.get("query")
    examples = example_queries()
    answer: dict[str, Any] | None = None
    error: str | None = None
    status = 200
    if text:
        try:
            answer = _kept_answer(text) or _run(text)
        except QueryRefused as refused:
            error, status = refused.reason, refused.status
        except QueryTimeout as stopped:
            error, status = str(stopped), 503
    shown = text if text is not None else examples[0]["text"]
    return (
        render_template(
            "query.html",
            query=shown,
            answer=answer,
            error=error,
            examples=examples,
            max_rows=current_app.config["SPARQL_MAX_ROWS"],
            timeout=current_app.config["SPARQL_TIMEOUT_S"],
        ),
        status,
    )
