#!/usr/bin/env python
"""Parsing speed and peak memory on one core.

Parses every sample report (already read from disk, so file I/O is not timed) for a number of rounds in
one process, and prints reports/s, characters/s and the rate normalised to reports of 10,000 characters.
Also times the stages (normalise, structure, entities) separately.

    .venv/bin/python scripts/bench_ingest.py [--rounds 30] [--samples data/samples]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    from ingest.entities import extract_entities
    from ingest.normalize import normalize_text
    from ingest.parser import parse_text
    from ingest.structure import read_problems

    texts = [p.read_text(encoding="utf-8") for p in sorted(args.samples.glob("*.txt"))]
    chars = sum(len(normalize_text(t).text) for t in texts)
    for t in texts:  # warm caches (regexes, OpenCC tables)
        parse_text(t)

    stages = {"normalise": 0.0, "structure": 0.0, "entities": 0.0}
    start = time.perf_counter()
    for _ in range(args.rounds):
        for t in texts:
            parse_text(t)
    total = time.perf_counter() - start
    for _ in range(3):
        for t in texts:
            a = time.perf_counter()
            body = normalize_text(t).text
            b = time.perf_counter()
            read_problems(body)
            c = time.perf_counter()
            extract_entities(body)
            d = time.perf_counter()
            stages["normalise"] += b - a
            stages["structure"] += c - b
            stages["entities"] += d - c

    n = args.rounds * len(texts)
    rate = n / total
    char_rate = args.rounds * chars / total
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, pinned to 1 core")
    print(f"sample reports: {len(texts)} ({chars:,} normalised characters, mean {chars // len(texts):,})")
    print(f"parsed {n} reports in {total:.2f} s: {rate:.1f} reports/s, {char_rate:,.0f} chars/s")
    print(f"normalised to 10,000-character reports: {char_rate / 10_000:.1f} reports/s (target >= 200)")
    stage_total = sum(stages.values())
    print("time by stage: " + ", ".join(f"{k} {v / stage_total:.0%}" for k, v in stages.items()))
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
