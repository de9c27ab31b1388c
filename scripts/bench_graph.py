"""Benchmark the knowledge graph: ingest throughput, bulk load, store size, library query latency.

The bundled samples are parsed once, then scaled up to N distinct reports by varying each copy (id, source,
issuer among 50 bodies, year, and every problem/measure/action text), so no two reports share a graph.

    .venv/bin/python scripts/bench_graph.py                 # 1,000 and 10,000 reports
    .venv/bin/python scripts/bench_graph.py --sizes 1000 --repeat 20 --out bench-out/graph.json
    .venv/bin/python scripts/bench_graph.py --sizes 10000 --time-box 1200 --no-queries
    .venv/bin/python scripts/bench_graph.py --sizes 1000 --no-queries --compare-quads   # old vs new load path

Figures per size:
  ingest         Library.add_reports (build triples + bulk load + write the document-model JSON): reports/s, triples/s
  bulk load      GraphStore.replace_graphs on prebuilt triples (rdflib -> N-Quads text + Oxigraph bulk_load on threads)
  raw bulk       pyoxigraph Store.bulk_load of prewritten N-Quads bytes in one call (the store's own ceiling)
  store size     bytes under home/store after loading
  queries        p50/p95 latency (ms) of every library query (results fully read), --repeat runs after a warm-up:
                 over the whole library, and as asked about one report / policy / problem (its parameters);
                 'answer' = Library.query_library (whole-library views from their kept rows, the rest live SPARQL)
                 with every row decoded into SPARQL JSON bindings (QueryAnswer.bindings),
                 'json' = Library.query_library as the SPARQL JSON document text /api/queries/NAME sends,
                 'sparql' = the same query's SPARQL run live on the store, every row read
CPU seconds are printed next to wall seconds: on a shared machine they show what the code costs on a free core.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rectigraph.model import Problem, Report, TextItem  # noqa: E402


def _usable_cores() -> int:
    """Cores this process may run on (fewer than the machine's under ``taskset``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def variant(report: Report, i: int) -> Report:
    """A distinct copy of ``report``: new id, source, issuer (one of 50), year and texts."""
    tag = f"〔{i}〕"

    def item(t: TextItem) -> TextItem:
        return dataclasses.replace(t, text=t.text + tag)

    def problem(p: Problem) -> Problem:
        return dataclasses.replace(p, text=p.text + tag, measures=[item(m) for m in p.measures],
                                   actions=[item(a) for a in p.actions])

    year_shift = i % 5
    published = report.published
    if published and published[:4].isdigit():
        published = f"{int(published[:4]) - year_shift}{published[4:]}"
    return dataclasses.replace(
        report,
        id=f"{report.id}-{i:05d}",
        source=f"bench/{i:05d}/{report.source}",
        issuer=f"{report.issuer or '某单位'}（{i % 50}）",
        published=published,
        problems=[problem(p) for p in report.problems],
    )


def scaled(samples: list[Report], n: int) -> Iterator[Report]:
    for i in range(n):
        yield variant(samples[i % len(samples)], i // len(samples))


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


#: Parameters of the whole-library form (problem_sources is about one problem identifier, in every report).
LIBRARY_PARAMS = {"problem_sources": {"problemId": "P05"}}
#: Parameters of the "one thing" form where it is not one report (reportId is filled in for the others).
ONE_THING_PARAMS = {"bodies_citing_policy": {"policyTitle": "党政领导干部选拔任用工作条例"}}


def timed(run, repeat: int, budget_s: float) -> dict:
    """Latency of ``run`` (returns the answer, whose len() is its rows): one warm-up, then up to ``repeat`` runs
    within ``budget_s``. The clock stops once the answer is in hand, before it is let go of: freeing thousands
    of rows is work done after the asker has them (a web server frees them after sending the response)."""
    rows = len(run())
    times: list[float] = []
    deadline = time.monotonic() + budget_s
    while len(times) < repeat and (len(times) < 3 or time.monotonic() < deadline):
        t = time.perf_counter()
        answer = run()
        times.append((time.perf_counter() - t) * 1000)
        del answer
    return {"rows": rows, "runs": len(times), "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(percentile(times, 0.95), 1), "mean_ms": round(statistics.mean(times), 1)}


def _decoded(answer):
    """The answer with every row decoded into SPARQL JSON bindings (``QueryAnswer.bindings``)."""
    answer.bindings
    return answer


def bench_size(samples: list[Report], n: int, args: argparse.Namespace) -> dict:
    import pyoxigraph

    from graph import queries
    from graph.build import report_triples
    from graph.namespace import report_graph_iri
    from graph.nquads import nquads_lines
    from graph.store import GraphStore
    from rectigraph.library import Library

    out: dict = {"reports": n}
    if args.workdir:
        Path(args.workdir).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"bench-graph-{n}-", dir=args.workdir))

    # 1. full ingest path through the library
    lib = Library(work / "home", hooks=[])
    t, c = time.perf_counter(), cpu_seconds()
    done = 0
    triples = 0
    deadline = time.monotonic() + args.time_box
    batch: list[Report] = []
    for report in scaled(samples, n):
        batch.append(report)
        if len(batch) == 500:
            s = lib.add_reports(batch)
            triples += s.triples
            done += len(batch)
            batch = []
            print(f"  [{n}] ingested {done:,} reports, {triples:,} triples, {time.perf_counter() - t:.0f} s",
                  file=sys.stderr, flush=True)
            if time.monotonic() > deadline:
                out["time_boxed"] = True
                break
    if batch:
        s = lib.add_reports(batch)
        triples += s.triples
        done += len(batch)
    wall, cpu = time.perf_counter() - t, cpu_seconds() - c
    # the batches above were each under a quarter of the library, so only the first ones compacted the store;
    # compact once now, as one big `rectigraph ingest` does at its end, so queries run in a steady state
    t = time.perf_counter()
    lib.store.optimize()
    out["optimize_seconds"] = round(time.perf_counter() - t, 2)
    out["ingested"] = done
    out["triples"] = triples
    out["ingest"] = {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
                     "reports_per_s": round(done / wall, 1), "triples_per_s": round(triples / wall),
                     "triples_per_cpu_s": round(triples / cpu)}
    lib.store.close()
    out["store_bytes"] = dir_size(lib.store_dir)
    out["home_bytes"] = dir_size(lib.home)

    # 2. bulk load alone, on prebuilt triples (a sample of the same reports, fresh store)
    bulk_n = min(done, args.bulk_reports)
    graphs = {report_graph_iri(r.id): list(report_triples(r)) for r in scaled(samples, bulk_n)}
    m = sum(len(v) for v in graphs.values())
    store = GraphStore.open(work / "bulk-store")
    t, c = time.perf_counter(), cpu_seconds()
    store.replace_graphs(graphs)
    wall, cpu = time.perf_counter() - t, cpu_seconds() - c
    store.close()
    out["bulk_load"] = {"reports": bulk_n, "triples": m, "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
                        "triples_per_s": round(m / wall), "triples_per_cpu_s": round(m / cpu)}
    text = "".join(nquads_lines(graphs)).encode("utf-8")
    raw = pyoxigraph.Store(str(work / "raw-store"))
    t, c = time.perf_counter(), cpu_seconds()
    raw.bulk_load(text, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
    raw.flush()
    wall, cpu = time.perf_counter() - t, cpu_seconds() - c
    del raw, text
    out["raw_bulk_load"] = {"triples": m, "seconds": round(wall, 2), "triples_per_s": round(m / wall),
                            "triples_per_cpu_s": round(m / cpu)}
    if args.compare_quads:  # the load path before N-Quads text: pyoxigraph.Quad objects, bulk_extend in slices
        from graph.store import BULK_CHUNK, _ox_quads

        old = pyoxigraph.Store(str(work / "quads-store"))
        t, c = time.perf_counter(), cpu_seconds()
        quads = _ox_quads(graphs)
        for _ in range(0, m, BULK_CHUNK):
            old.bulk_extend(itertools.islice(quads, BULK_CHUNK))
        old.flush()
        wall, cpu = time.perf_counter() - t, cpu_seconds() - c
        del old
        out["quad_objects_load"] = {"triples": m, "seconds": round(wall, 2), "triples_per_s": round(m / wall),
                                    "triples_per_cpu_s": round(m / cpu)}
    del graphs

    # 3. library query latency: each query over the whole library, and as asked about one thing (its parameters)
    if not args.no_queries:
        lib = Library(work / "home", hooks=[])
        one = next(scaled(samples, 1)).id  # the first report (the real Dalian report's first copy)
        lat: dict = {}
        for q in queries.all_queries():
            library = dict(LIBRARY_PARAMS.get(q.name, {}))
            forms = {"library": library}
            if q.name in ONE_THING_PARAMS:
                forms["one"] = dict(ONE_THING_PARAMS[q.name])
            elif "reportId" in q.params:
                forms["one"] = {**library, "reportId": one}
            forms = {f: p for f, p in forms.items() if args.forms in (f, "both")}
            lat[q.name] = {}
            for form, params in forms.items():
                text = q.render(**params)
                live = timed(lambda: list(lib.sparql(text)), args.repeat, args.query_budget)
                lat[q.name][form] = answer = timed(lambda: _decoded(lib.query_library(q.name, **params)),
                                                   args.repeat, args.query_budget)
                answer["source"] = lib.query_library(q.name, **params).source
                answer["json"] = timed(lambda: [lib.query_library(q.name, **params).to_json_text(source="view")],
                                       args.repeat, args.query_budget)
                answer["sparql"] = live
                answer["json"]["rows"] = answer["rows"]
                if answer["rows"] != live["rows"]:
                    raise SystemExit(f"{q.name} ({form}): {answer['rows']} rows answered, {live['rows']} by SPARQL")
                print(f"  [{n}] {q.name} ({form}): answer ({answer['source']}) p50 {answer['p50_ms']} ms "
                      f"p95 {answer['p95_ms']} ms; sparql p50 {live['p50_ms']} ms p95 {live['p95_ms']} ms "
                      f"({answer['rows']} rows, {answer['runs']} runs)", file=sys.stderr, flush=True)
        out["queries"] = lat
        out["one_report"] = one
        lib.close()
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return out


def report_text(result: dict) -> str:
    lines = [f"machine: {result['machine']}"]
    for r in result["sizes"]:
        ing, bulk, raw = r["ingest"], r["bulk_load"], r["raw_bulk_load"]
        boxed = " (time-boxed)" if r.get("time_boxed") else ""
        lines += [
            f"\n== {r['ingested']:,} reports{boxed}, {r['triples']:,} triples",
            f"ingest (build + bulk load + JSON): {ing['reports_per_s']:,} reports/s, {ing['triples_per_s']:,} triples/s "
            f"({ing['seconds']} s wall, {ing['cpu_seconds']} s CPU -> {ing['triples_per_cpu_s']:,} triples/CPU-s)",
            f"bulk load ({bulk['reports']:,} reports, {bulk['triples']:,} triples): {bulk['triples_per_s']:,} triples/s "
            f"({bulk['triples_per_cpu_s']:,} triples/CPU-s)",
            f"raw Oxigraph bulk_load (N-Quads bytes): {raw['triples_per_s']:,} triples/s ({raw['triples_per_cpu_s']:,} triples/CPU-s)",
            *([f"before (pyoxigraph.Quad objects + bulk_extend): {r['quad_objects_load']['triples_per_s']:,} triples/s "
               f"({r['quad_objects_load']['triples_per_cpu_s']:,} triples/CPU-s)"] if "quad_objects_load" in r else []),
            f"store on disk: {r['store_bytes'] / 2**20:,.1f} MiB (data home {r['home_bytes'] / 2**20:,.1f} MiB); "
            f"compacted after the ingest in {r.get('optimize_seconds', '-')} s",
        ]
        if "queries" in r:
            lines.append(f"queries (ms; 'one' = about one report, policy or problem: {r['one_report']}, "
                         "《党政领导干部选拔任用工作条例》, P05 of that report)")
            lines.append(f"{'query':26} {'rows':>6} {'from':>6} {'p50':>7} {'p95':>7} {'json p95':>8} {'sparql p95':>10} "
                         f"{'| one: rows':>11} {'p50':>6} {'p95':>6}")
            blank = {"rows": "-", "p50_ms": "-", "p95_ms": "-", "source": "-", "sparql": {"p95_ms": "-"},
                     "json": {"p95_ms": "-"}}
            for name, forms in r["queries"].items():
                lib_, one = forms.get("library", blank), forms.get("one")
                tail = f" | {one['rows']:>8} {one['p50_ms']:>6} {one['p95_ms']:>6}" if one else ""
                lines.append(f"{name:26} {lib_['rows']:>6} {lib_.get('source', '-'):>6} {lib_['p50_ms']:>7} "
                             f"{lib_['p95_ms']:>7} {lib_.get('json', {}).get('p95_ms', '-'):>8} "
                             f"{lib_.get('sparql', {}).get('p95_ms', '-'):>10}{tail}")
            for label, form in (("whole-library forms", "library"), ("one-report/policy/problem forms", "one")):
                answered = [f[form]["p95_ms"] for f in r["queries"].values() if form in f]
                as_json = [f[form]["json"]["p95_ms"] for f in r["queries"].values() if form in f and "json" in f[form]]
                live = [f[form]["sparql"]["p95_ms"] for f in r["queries"].values() if form in f and "sparql" in f[form]]
                if answered:
                    lines.append(f"{label}: answered {sum(p <= 100 for p in answered)} of {len(answered)} at p95 <= 100 ms "
                                 f"(worst {max(answered)} ms); as JSON {sum(p <= 100 for p in as_json)} of "
                                 f"{len(as_json)} (worst {max(as_json, default='-')} ms); live SPARQL "
                                 f"{sum(p <= 100 for p in live)} of {len(live)} (worst {max(live)} ms)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of reports")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (after one warm-up)")
    parser.add_argument("--bulk-reports", type=int, default=1000, help="reports in the separate bulk-load run")
    parser.add_argument("--time-box", type=float, default=1800, help="stop ingesting a size after this many seconds")
    parser.add_argument("--no-queries", action="store_true", help="skip query latency")
    parser.add_argument("--compare-quads", action="store_true",
                        help="also time the old load path (pyoxigraph.Quad objects, bulk_extend) on the same triples")
    parser.add_argument("--forms", choices=["both", "library", "one"], default="both",
                        help="query forms to time: over the whole library, about one thing, or both")
    parser.add_argument("--query-budget", type=float, default=20.0,
                        help="seconds per query form: stop repeating after this (at least 3 runs)")
    parser.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    parser.add_argument("--workdir", default=None, help="where the temporary stores go (default: system temp)")
    parser.add_argument("--keep", action="store_true", help="keep the stores")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--reports-json", type=Path,
                        help="read the parsed samples from this JSON list of reports instead of parsing --samples")
    parser.add_argument("--dump-reports", type=Path, help="write the parsed samples as a JSON list and exit")
    args = parser.parse_args(argv)

    t = time.perf_counter()
    if args.reports_json:
        samples = [Report.from_dict(d) for d in json.loads(args.reports_json.read_text(encoding="utf-8"))]
    else:
        from ingest import parse_file

        samples = [parse_file(p) for p in sorted(args.samples.glob("*.txt"))]
    parse_s = time.perf_counter() - t
    if args.dump_reports:
        args.dump_reports.write_text(json.dumps([r.to_dict() for r in samples], ensure_ascii=False), encoding="utf-8")
        return 0
    result = {
        "machine": f"{platform.processor() or platform.machine()}, {_usable_cores()} cores usable "
                   f"(of {os.cpu_count()}), "
                   f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} at start, Python {platform.python_version()}",
        "parse": {"reports": len(samples), "seconds": round(parse_s, 2)},
        "sizes": [],
    }
    for n in args.sizes:
        print(f"benchmarking {n:,} reports …", file=sys.stderr, flush=True)
        result["sizes"].append(bench_size(samples, n, args))
    result["load_average_end"] = os.getloadavg()
    text = report_text(result)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
