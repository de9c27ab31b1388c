"""``rectigraph serve``: the web UI, JSON API and SPARQL endpoint on waitress (a production WSGI server)."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import threading

from rectigraph.cli import Command

DESCRIPTION = """\
Serve the search UI, entity pages, upload page, JSON API (/api, /openapi.json) and the read-only
SPARQL endpoint (/sparql) over one data home, with waitress.

Binds 127.0.0.1 by default. Uploads and deletes need a write token when the server is bound to any
other address: pass --token VALUE (or set RECTIGRAPH_TOKEN), or one is generated and printed.

examples:
  rectigraph serve --home data/home
  rectigraph serve --host 0.0.0.0 --port 8080 --token "$(openssl rand -hex 16)"
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--home", help="data home (default: ./data/home or $RECTIGRAPH_HOME)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument(
        "--token",
        nargs="?",
        const="",
        default=None,
        help="write token for upload/delete (default $RECTIGRAPH_TOKEN; '--token' alone generates one)",
    )
    parser.add_argument("--threads", type=int, default=8, help="worker threads (default: 8)")
    parser.add_argument("--no-warm", action="store_true", help="do not load the search index and models at start")
    parser.add_argument("--sparql-timeout", type=float, default=10.0, help="SPARQL time limit in seconds (default: 10)")


def run(args: argparse.Namespace) -> int:
    from waitress import serve

    from rectigraph.config import data_home
    from web.app import create_app
    from web.security import is_loopback

    token = args.token if args.token is not None else os.environ.get("RECTIGRAPH_TOKEN")
    if args.token == "" or (token is None and not is_loopback(args.host)):
        token = secrets.token_urlsafe(24)
        print(f"write token (uploads, deletes): {token}", file=sys.stderr)
    if not 0 < args.port < 65536:
        print(f"rectigraph serve: bad port {args.port}", file=sys.stderr)
        return 2
    home = data_home(args.home)
    app = create_app(home, token=token or None, config={"SPARQL_TIMEOUT_S": args.sparql_timeout})
    if not args.no_warm:
        threading.Thread(target=_warm, args=(app,), name="warm-up", daemon=True).start()
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"rectigraph: serving {home} at http://{shown}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    serve(app, host=args.host, port=args.port, threads=args.threads, ident="rectigraph", clear_untrusted_proxy_headers=True)
    return 0


def _warm(app: object) -> None:
    """Load the search index, models and families in the background, so the first search is quick."""
    try:
        app.extensions["rectigraph"].warm()  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - warming is an optimisation; requests still work
        print(f"rectigraph serve: warm-up failed ({type(exc).__name__}: {exc})", file=sys.stderr)


COMMANDS = {
    "serve": Command(
        help="serve the web UI, JSON API and read-only SPARQL endpoint",
        add_arguments=add_arguments,
        run=run,
        description=DESCRIPTION,
    )
}
