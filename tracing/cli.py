"""``rectigraph trace``: recurring-problem families, traces, recurrences and claimed-vs-disclosed gaps.

Works on a data home (``--home``, ``RECTIGRAPH_HOME``, default ``./data/home``) filled by ``rectigraph ingest``.
Nothing heavy is imported until the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rectigraph.cli import Command

_EPILOG = """examples:
  rectigraph trace --families --min-reports 2 --format table
  rectigraph trace --problem https://w3id.org/rectigraph/id/report/<id>/problem/<pid>
  rectigraph trace --text "公示期不足五个工作日"
  rectigraph trace --family <family-id>
  rectigraph trace --recurrences
  rectigraph trace --gaps --sort measures_gap
"""


def _args(p: argparse.ArgumentParser) -> None:
    from tracing.gaps import SORT_KEYS  # light: no heavy imports

    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--families", action="store_true", help="list recurring-problem families")
    what.add_argument("--family", metavar="ID", help="trace one family (id or IRI): timeline, measures, policies")
    what.add_argument("--problem", metavar="IRI", help="trace one problem: its families and nearest problems")
    what.add_argument("--text", metavar="TEXT", help="find the problems in the library about this text")
    what.add_argument("--recurrences", action="store_true",
                      help="problems a body reported again after calling them 已完成/长期坚持")
    what.add_argument("--gaps", action="store_true", help="claimed vs disclosed figures per report")
    what.add_argument("--rebuild", action="store_true", help="rebuild the families and store them in the graph")
    p.add_argument("--min-reports", type=int, default=2, help="families reported by at least this many reports (2)")
    p.add_argument("--limit", type=int, default=5, help="nearest problems to show (--problem/--text; 5)")
    p.add_argument("--sort", default="specific_problems_gap", choices=SORT_KEYS, help="--gaps: sort column")
    p.add_argument("--ascending", action="store_true", help="--gaps: smallest first")
    p.add_argument("--format", choices=("json", "table"), default="table", help="output format (table)")
    p.add_argument("--home", help="data home (default: $RECTIGRAPH_HOME or ./data/home)")
    p.epilog = _EPILOG


def _run(args: argparse.Namespace) -> int:
    from rectigraph.library import Library
    from tracing import api

    if args.min_reports < 1:
        print("rectigraph: error: --min-reports must be at least 1", file=sys.stderr)
        return 2
    with Library(args.home) as lib:
        if not lib.report_ids() and not args.gaps:
            print(f"rectigraph: error: no reports in {lib.home}; run `rectigraph ingest PATH` first", file=sys.stderr)
            return 1
        try:
            if args.rebuild:
                from tracing.families import refresh

                index = refresh(lib, lib.report_ids(), [])
                data: dict[str, Any] = {"families": len(index.families), "links": len(index.links())}
            elif args.families:
                data = api.families(lib, min_reports=args.min_reports)
            elif args.family:
                data = api.family(lib, args.family)
            elif args.problem:
                data = api.problem(lib, args.problem, limit=args.limit)
            elif args.text:
                data = api.text(lib, args.text, limit=args.limit)
            elif args.recurrences:
                data = api.recurrences(lib)
            else:
                data = api.gaps(lib, sort=args.sort, descending=not args.ascending)
        except KeyError as exc:
            print(f"rectigraph: error: {exc.args[0]}", file=sys.stderr)
            return 1
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        from tracing.tables import render

        print(render(data))
    return 0


COMMANDS = {
    "trace": Command(
        help="trace recurring problems across reports (families, recurrences, gaps)",
        description="Trace recurring problems across reports: recurring-problem families, a problem's or a "
        "family's trace, recurrences after 已完成, and claimed-vs-disclosed gaps.",
        add_arguments=_args,
        run=_run,
    )
}
