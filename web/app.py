"""The Flask application factory: pages, JSON API, SPARQL endpoint, all over one data home.

``web`` holds HTTP only: every answer comes from the stage packages (``rectigraph.library``, ``search``,
``tracing``) through :class:`web.backend.Backend`.

>>> app = create_app("/tmp/rectigraph-doctest-home")
>>> app.test_client().get("/api/health").json["status"]
'ok'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

#: Defaults a deployment may override through ``create_app(config=...)``.
DEFAULT_CONFIG: dict[str, Any] = {
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,  # whole upload request
    "MAX_FILES_PER_UPLOAD": 20,
    "UPLOAD_EXTENSIONS": (".txt", ".html", ".htm", ".docx", ".pdf"),
    "PAGE_SIZE": 10,
    "MAX_PAGE_SIZE": 100,
    "SPARQL_TIMEOUT_S": 10.0,
    "SPARQL_MAX_ROWS": 10_000,
    "SPARQL_MAX_QUERY_CHARS": 20_000,
    "GRAPH_MAX_NODES": 60,
    "JSON_SORT_KEYS": False,
}

#: Content-Security-Policy: nothing is loaded from any other host, no inline script.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def create_app(
    home: str | os.PathLike[str],
    *,
    token: str | None = None,
    config: dict[str, Any] | None = None,
) -> Flask:
    """A WSGI app serving the library in ``home``.

    ``token``: when set, write endpoints (upload, delete) need it (``Authorization: Bearer <token>``,
    header ``X-Rectigraph-Token`` or form field ``token``). Without a token, writes are accepted from
    loopback clients only.
    """
    from web.backend import Backend

    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config.update(DEFAULT_CONFIG)
    app.config.update(config or {})
    app.config["HOME"] = Path(home).resolve()
    app.config["HOME"].mkdir(parents=True, exist_ok=True)
    app.config["TOKEN"] = token
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["rectigraph"] = Backend(app.config["HOME"])

    from web import api, filters, pages, sparql, upload

    filters.register(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(upload.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(api.bp)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[Any, int]:
        code = exc.code or 500
        reason = exc.description or exc.name
        if _wants_json():
            return jsonify(error=reason), code
        return render_template("error.html", code=code, title=exc.name, reason=reason), code

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[Any, int]:
        app.logger.error("unhandled error on %s: %s: %s", request.path, type(exc).__name__, exc, exc_info=exc)
        reason = f"internal error: {type(exc).__name__}"
        if _wants_json():
            return jsonify(error=reason), 500
        return render_template("error.html", code=500, title="Internal error", reason=reason), 500

    return app


def _wants_json() -> bool:
    path = request.path
    if path.startswith("/api/") or path == "/openapi.json":
        return True
    if path == "/sparql":
        return "text/html" not in request.headers.get("Accept", "")
    return False
