"""Benchmark entity extraction (ingest.entities.extract_entities) on the bundled sample reports.

Prints milliseconds per report and per 10,000 characters (CPU time, one core), cold (first call, regexes
compiled and caches empty), warm (the same texts again, mean of the rounds) and the best round (the least
disturbed by other processes on a shared machine).

    .venv/bin/python scripts/bench_entities.py [--repeat 20] [FILES...]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ingest.entities import extract_entities
from ingest.normalize import normalize_text
from ingest.parser import read_header

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="report files (default: data/samples/*.txt)")
    parser.add_argument("--repeat", type=int, default=20, help="warm repetitions per file (default 20)")
    args = parser.parse_args()
    files = args.files or sorted(SAMPLES.glob("*.txt"))
    docs = []
    for path in files:
        text = normalize_text(path.read_text(encoding="utf-8", errors="replace")).text
        header = read_header(text)
        docs.append((path.name, text, header.issuer))
    chars = sum(len(t) for _, t, _ in docs)
    t0 = time.process_time()
    for _, text, issuer in docs:
        extract_entities(text, issuer=issuer, year=None)
    cold = time.process_time() - t0
    rounds = []
    for _ in range(args.repeat):
        t0 = time.process_time()
        for _, text, issuer in docs:
            extract_entities(text, issuer=issuer, year=None)
        rounds.append(time.process_time() - t0)
    warm = sum(rounds) / len(rounds)
    best = min(rounds)  # least disturbed by other processes on a shared machine
    print(f"{len(docs)} reports, {chars} characters")
    print(f"cold: {cold * 1000:.1f} ms total, {cold * 1000 / chars * 1e4:.2f} ms per 10k chars")
    print(f"warm: {warm * 1000:.1f} ms total, {warm * 1000 / chars * 1e4:.2f} ms per 10k chars, "
          f"{len(docs) / warm:.0f} reports/s")
    print(f"best round: {best * 1000:.1f} ms total, {best * 1000 / chars * 1e4:.2f} ms per 10k chars")
    for name, text, issuer in docs:
        t0 = time.process_time()
        for _ in range(args.repeat):
            extract_entities(text, issuer=issuer, year=None)
        dt = (time.process_time() - t0) / args.repeat
        print(f"  {name:32s} {len(text):6d} chars {dt * 1000:6.2f} ms  {dt * 1000 / len(text) * 1e4:5.2f} ms/10k")


if __name__ == "__main__":
    main()
