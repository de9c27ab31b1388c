"""Graph sub-commands: ingest, remove, reports, sparql, queries, export, analyze.

Every command works on a data home (``--home``, ``RECTIGRAPH_HOME``, default ``./data/home``) whose graph is
the embedded Oxigraph store, or, with ``--endpoint`` (``RECTIGRAPH_SPARQL_ENDPOINT``), a SPARQL 1.1 server.
Heavy imports (rdflib, pyoxigraph, networkx) happen inside the ``run`` functions.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rectigraph.cli import Command

if TYPE_CHECKING:
    from rectigraph.library import Library


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--home", help="data home (default: $RECTIGRAPH_HOME or ./data/home)")
    p.add_argument("--endpoint", default=os.environ.get("RECTIGRAPH_SPARQL_ENDPOINT"),
                   help="use a SPARQL 1.1 server instead of the embedded store: its query URL "
                   "(default: $RECTIGRAPH_SPARQL_ENDPOINT)")
    p.add_argument("--update-endpoint", default=os.environ.get("RECTIGRAPH_SPARQL_UPDATE_ENDPOINT"),
                   help="the server's SPARQL Update URL (default: $RECTIGRAPH_SPARQL_UPDATE_ENDPOINT or --endpoint)")


def _library(args: argparse.Namespace, read_only: bool = False) -> Library:
    from rectigraph.library import Library

    hooks = [] if getattr(args, "graph_only", False) else None
    if args.endpoint:
        return Library.remote(args.home, args.endpoint, args.update_endpoint, hooks=hooks)
    return Library(args.home, hooks=hooks, read_only=read_only)


def _fail(message: str) -> int:
    print(f"rectigraph: error: {message}", file=sys.stderr)
    return 1


def _store_errors(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Report a store that cannot be opened (locked by another process, unreachable server) in one line."""

    def wrapped(args: argparse.Namespace) -> int:
        from graph.store import GraphStoreError

        try:
            return run(args)
        except GraphStoreError as exc:
            return _fail(str(exc))

    wrapped.__doc__ = run.__doc__
    return wrapped


# ------------------------------------------------------------------ ingest
def _ingest_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders (walked for .txt/.html/.docx/.pdf …)")
    _common(p)
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--graph-only", action="store_true",
                   help="store the graph only; skip the post-ingest hooks (search index, tracing families)")


def _ingest_run(args: argparse.Namespace) -> int:
    from graph.store import GraphStoreError

    try:
        with _library(args) as lib:
            summary = lib.ingest(args.paths, progress=not args.no_progress)
    except GraphStoreError as exc:
        return _fail(str(exc))
    for error in summary.failed:
        print(f"error: {error}", file=sys.stderr)
    for old, new in summary.replaced:
        print(f"replaced {old} -> {new}")
    for rid in summary.added:
        print(f"added {rid}")
    print(summary.describe())
    return 0 if summary.ok else 1


# ------------------------------------------------------------------ remove
def _remove_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("report", metavar="REPORT", help="report id (or unique id prefix, or the file it was read from)")
    _common(p)
    p.add_argument("--graph-only", action="store_true", help="skip the post-ingest hooks (search index, tracing)")


def _remove_run(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        try:
            rid = lib.remove(args.report)
        except KeyError as exc:
            return _fail(exc.args[0])
    print(f"removed {rid}")
    return 0


# ------------------------------------------------------------------ reports
def _reports_args(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--format", choices=("table", "json"), default="table")


def _reports_run(args: argparse.Namespace) -> int:
    from graph.tables import render_table

    with _library(args, read_only=True) as lib:
        infos = lib.reports()
    if args.format == "json":
        print(json.dumps([i.to_dict() for i in infos], ensure_ascii=False, indent=1))
    else:
        rows = [[i.id, i.published, i.issuer, i.problems, i.title, i.source] for i in infos]
        print(render_table(["id", "published", "issuer", "problems", "title", "source"], rows, max_width=40))
    return 0


# ------------------------------------------------------------------ sparql
def _sparql_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="?", metavar="QUERY", help="SPARQL 1.1 query text")
    p.add_argument("-f", "--file", help="read the query from FILE ('-' for stdin)")
    p.add_argument("-q", "--name", help="run a library query by name (see `rectigraph queries`)")
    p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                   help="set a library query parameter (repeatable)")
    p.add_argument("--live", action="store_true",
                   help="with --name: run the query's SPARQL on the store even where its kept answer (a view) exists")
    _common(p)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table",
                   help="table (default), json (SPARQL 1.1 Query Results JSON) or csv")
    p.epilog = ("The default graph is the union of all report graphs; GRAPH ?g reaches each report's own graph.\n"
                "Prefixes rg, dcterms, org, prov, skos, foaf, rdfs, xsd are predeclared.\n"
                "Example: rectigraph sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?p a rg:Problem }'")


def _sparql_text(args: argparse.Namespace) -> str:
    from graph import queries

    given = [x for x in (args.query, args.file, args.name) if x]
    if len(given) != 1:
        raise ValueError("give exactly one of QUERY, -f FILE or --name NAME")
    if args.name:
        params = dict(_split_param(p) for p in args.param)
        return queries.get(args.name).render(**params)
    if args.param:
        raise ValueError("--param only applies to library queries (--name)")
    if args.file:
        if args.file == "-":
            return sys.stdin.read()
        with open(args.file, encoding="utf-8") as fh:
            return fh.read()
    return args.query


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep:
        raise ValueError(f"--param {text!r}: expected NAME=VALUE")
    return name.strip(), value


def _sparql_run(args: argparse.Namespace) -> int:
    from graph.store import GraphStoreError

    try:
        text = _sparql_text(args)
    except (ValueError, KeyError, OSError) as exc:
        return _fail(str(exc.args[0] if isinstance(exc, KeyError) else exc))
    if args.live and not args.name:
        return _fail("--live only applies to library queries (--name)")
    with _library(args, read_only=True) as lib:
        if args.name:
            # whole-library questions are answered from the rows kept per report (graph.views) unless --live
            try:
                answer = lib.query_library(args.name, live=args.live, **dict(_split_param(p) for p in args.param))
                write_answer(answer, args.format, sys.stdout)
            except (GraphStoreError, SyntaxError, ValueError) as exc:
                return _fail(str(exc))
            return 0
        try:
            result = lib.sparql(text)
            write_result(result, args.format, sys.stdout)
        except (GraphStoreError, SyntaxError, ValueError) as exc:
            return _fail(str(exc))
    return 0


def write_result(result: Any, fmt: str, out: Any) -> None:
    """Print a SPARQL result: a table, SPARQL 1.1 Query Results JSON, or CSV (graphs as Turtle)."""
    from graph.tables import render_table

    if result.type == "ASK":
        if fmt == "json":
            out.write(json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) + "\n")
        else:
            out.write(("true" if result.askAnswer else "false") + "\n")
        return
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        out.write(result.graph.serialize(format="json-ld" if fmt == "json" else "turtle"))
        return
    if fmt in ("json", "csv"):
        data = result.serialize(format=fmt, encoding="utf-8")
        out.write(data.decode("utf-8"))
        if fmt == "json":
            out.write("\n")
        return
    names = [str(v) for v in result.vars]
    rows = [list(row) for row in result]
    out.write(render_table(names, rows) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def write_answer(answer: Any, fmt: str, out: Any) -> None:
    """Print a library query's answer (:class:`graph.views.QueryAnswer`) as :func:`write_result` prints results."""
    import csv

    from graph.tables import render_table

    if fmt == "json":
        out.write(answer.to_json_text() + "\n")  # rows kept as JSON text are written as kept
        return
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(answer.variables)
        writer.writerows([["" if v is None else v for v in row] for row in answer.rows()])
        return
    rows = answer.rows()
    out.write(render_table(list(answer.variables), [["" if v is None else v for v in row] for row in rows]) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


# ------------------------------------------------------------------ queries
def _queries_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="?", help="show this query's text")


def _queries_run(args: argparse.Namespace) -> int:
    from graph import queries

    if args.name:
        try:
            print(queries.get(args.name).text)
        except KeyError as exc:
            return _fail(exc.args[0])
        return 0
    for q in queries.all_queries():
        params = " ".join(f"--param {p}=…" for p in q.params)
        print(f"{q.name}: {q.title}")
        print(f"    {q.question}")
        if params:
            print(f"    {params}  ({'; '.join(f'{k}: {v}' for k, v in q.param_help.items())})")
    return 0


# ------------------------------------------------------------------ export
def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("ttl", "trig", "jsonld", "nq", "nt"), default="nq",
                   help="ttl/nt: union of all graphs; trig, jsonld, nq: one named graph per report (default nq)")
    p.add_argument("-o", "--output", help="write to FILE (default stdout)")
    _common(p)


def _export_run(args: argparse.Namespace) -> int:
    with _library(args, read_only=True) as lib:
        if args.output:
            with open(args.output, "wb") as fh:
                lib.store.export(args.format, fh)
        else:
            lib.store.export(args.format, sys.stdout.buffer)
            sys.stdout.buffer.flush()
    return 0


# ------------------------------------------------------------------ analyze
def _analyze_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--top", type=int, default=10, help="rows per section (default 10)")
    p.add_argument("--path", nargs=2, metavar=("FROM", "TO"),
                   help="shortest path between two entities: IRI, policy/organisation name, or problem id")
    _common(p)
    p.add_argument("--format", choices=("table", "json"), default="table")


def _analyze_run(args: argparse.Namespace) -> int:
    from graph.analytics import analyze, entity_graph
    from graph.tables import render_table

    with _library(args, read_only=True) as lib:
        g = entity_graph(lib.store)
    try:
        out = analyze(g, top=args.top, path=tuple(args.path) if args.path else None)
    except KeyError as exc:
        return _fail(exc.args[0])
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    n = out["nodes"]
    print(f"graph: {n['problem']} problems, {n['policy']} policies, {n['organization']} organisations, "
          f"{out['edges']} links\n")
    print("most-cited policies (problems whose measures/actions cite them)")
    print(render_table(["policy", "problems", "reports", "issuers"],
                       [[r["label"], r["problems"], r["reports"], r["issuers"]] for r in out["most_cited_policies"]]))
    print("\ncentrality of policies and organisations")
    print(render_table(["kind", "name", "degree", "betweenness"],
                       [[r["kind"], r["label"], r["degree"], f"{r['betweenness']:.4f}"] for r in out["centrality"]]))
    comps = out["components"]
    print(f"\nconnected components: {comps['components']} (plus {comps['isolated_problems']} problems with no link)")
    print(render_table(["size", "problems", "policies", "organisations", "reports", "hubs"],
                       [[c["size"], c["problem"], c["policy"], c["organization"], c["reports"], " / ".join(c["hubs"])]
                        for c in comps["largest"]]))
    if "path" in out:
        nodes = out["path"]["nodes"]
        print(f"\nshortest path {args.path[0]} -> {args.path[1]}: " + (f"{len(nodes) - 1} steps" if nodes else "none"))
        for node in nodes:
            print(f"  [{node['kind']}] {node['label']}  <{node['node']}>")
    return 0


COMMANDS = {
    "ingest": Command("parse report files and store them in the knowledge graph", _ingest_args, _store_errors(_ingest_run),
                      description="Parse report files (folders are walked), build their RDF graphs and store each "
                      "in its own named graph. Re-ingesting an unchanged file changes nothing; a changed file "
                      "replaces its report. A file that fails is reported and the rest go on (exit status 1)."),
    "remove": Command("remove a report and its graph", _remove_args, _store_errors(_remove_run)),
    "reports": Command("list the reports in the library", _reports_args, _store_errors(_reports_run)),
    "sparql": Command("run a SPARQL query over all reports", _sparql_args, _store_errors(_sparql_run)),
    "queries": Command("list the library of documented SPARQL queries", _queries_args, _queries_run),
    "export": Command("export the knowledge graph (Turtle, TriG, JSON-LD, N-Quads)", _export_args, _store_errors(_export_run)),
    "analyze": Command("graph analytics: most-cited policies, centrality, paths, components", _analyze_args,
                       _store_errors(_analyze_run)),
}
