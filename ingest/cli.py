"""``rectigraph parse``: print the document model of report files (no torch, no store)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from rectigraph.cli import Command

_EPILOG = """examples:
  rectigraph parse data/samples/dalian-kjj-2023-05-15.txt --format text
  rectigraph parse data/samples/*.txt --format jsonl > reports.jsonl
"""


def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="report files: .txt .html .docx .pdf")
    p.add_argument(
        "--format",
        choices=["json", "jsonl", "text"],
        default=None,
        help="json: one document (one file); jsonl: one document per line; text: readable outline "
        "(default: json for one file, jsonl for several)",
    )
    p.add_argument("--no-text", action="store_true", help="leave the normalised text out of json/jsonl output")
    p.epilog = _EPILOG


def _run(args: argparse.Namespace) -> int:
    from ingest import IngestError, parse_file

    fmt = args.format or ("json" if len(args.files) == 1 else "jsonl")
    if fmt == "json" and len(args.files) > 1:
        print("rectigraph parse: --format json takes one file; use jsonl for several", file=sys.stderr)
        return 2
    failures: list[str] = []
    for path in args.files:
        try:
            report = parse_file(path)
        except IngestError as exc:
            failures.append(str(exc))
            print(f"error: {exc}", file=sys.stderr)
            continue
        data = report.to_dict()
        if args.no_text:
            data.pop("text")
        if fmt == "json":
            json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        elif fmt == "jsonl":
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            write_outline(report, sys.stdout)
    if failures:
        ok = len(args.files) - len(failures)
        print(f"parsed {ok} of {len(args.files)} files; {len(failures)} failed:", file=sys.stderr)
        for line in failures:
            print(f"  {line}", file=sys.stderr)
        return 1
    return 0


def write_outline(report, out: TextIO) -> None:
    """A readable outline: header, claimed vs disclosed figures, categories, problems with statuses."""
    ins = report.inspection
    out.write(f"{report.title or '(no title)'}\n")
    out.write(f"  file: {report.source}   id: {report.id}\n")
    out.write(f"  issuer: {report.issuer or '-'}   published: {report.published or '-'}\n")
    out.write(
        f"  inspection: {ins.body or '-'} {ins.type or ''} {ins.round or ''} "
        f"{ins.start or '?'}..{ins.end or '?'} feedback {ins.feedback or '?'}\n"
    )
    keys = [k for k in ("main_problems", "specific_problems", "measures", "completed", "in_progress", "long_term")
            if k in report.claimed or report.disclosed.get(k)]
    out.write("  figures      claimed  disclosed\n")
    for k in keys:
        c, d = report.claimed.get(k, "-"), report.disclosed.get(k, "-")
        flag = "  <- gap" if isinstance(c, int) and isinstance(d, int) and c != d else ""
        out.write(f"  {k:<18}{c!s:>5}{d!s:>10}{flag}\n")
    last: list[str] = []
    for p in report.problems:
        if p.category != last:
            for depth, heading in enumerate(p.category):
                if depth >= len(last) or last[depth] != heading:
                    out.write(f"{'  ' * depth}# {heading}\n")
            last = p.category
        indent = "  " * (len(p.category) + (1 if p.parent else 0))
        status = f"[{p.status}] " if p.status else ""
        counts = f" ({len(p.measures)} measures, {len(p.actions)} actions)" if (p.measures or p.actions) else ""
        out.write(f"{indent}{p.id} {status}{p.text}{counts}\n")
    if report.policies:
        out.write(f"policies cited: {len(report.policies)}\n")
        for pol in report.policies:
            variants = f"  (also: {'; '.join(r for r in pol.raw if r != pol.canonical)})" if len(pol.raw) > 1 else ""
            out.write(f"  《{pol.canonical}》 [{pol.kind}]{variants}\n")


COMMANDS = {
    "parse": Command(
        help="parse report files and print the document model",
        description="Parse rectification reports (.txt .html .docx .pdf) into the document model: header, "
        "inspection, claimed and disclosed figures, problems with measures/actions/status, policies, "
        "organisations, people, dates and amounts. Bad files are reported by name and reason; the "
        "others are still parsed and the exit status is 1.",
        add_arguments=_add_arguments,
        run=_run,
    )
}
