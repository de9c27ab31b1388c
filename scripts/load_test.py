"""Bounded load test of the web server on loopback: N concurrent clients for T seconds.

Starts ``rectigraph serve`` (waitress) on a free loopback port over an ingested data home (or uses --url),
then each client loops over a mix of search pages, search API calls and entity pages (report, problem,
policy, organisation, family) until the time is up. Prints p50/p95/max latency per kind of request,
throughput and the error count (any non-2xx answer or failed connection is an error).

    .venv/bin/python scripts/load_test.py --home data/home --clients 20 --duration 30
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import requests

QUERIES = [
    "公示期不足", "干部提拔前公示时间不够", "拆分采购规避公开招标", "个人事项报告漏报房产", "公车私用",
    "三重一大集体决策", "门面房出租未公开招租", "涉密计算机连接互联网", "安家补贴未兑现", "private use of official cars",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path, port: int, log: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "rectigraph.cli", "serve", "--home", str(home), "--port", str(port)]
    with log.open("w") as sink:
        return subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, text=True)


def get_json(session: requests.Session, url: str, timeout: float = 120) -> dict:
    response = session.get(url, timeout=timeout)
    if not response.ok:
        raise SystemExit(f"{url}: HTTP {response.status_code}: {response.text[:300]}")
    return response.json()


def wait_ready(base: str, timeout: float = 600) -> None:
    """Until the server answers and a search runs (models and index loaded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/api/search", params={"q": "整改"}, timeout=300).ok:
                return
        except requests.RequestException:
            time.sleep(0.5)
    raise SystemExit(f"server at {base} did not become ready in {timeout:.0f} s")


def targets(base: str) -> list[tuple[str, str]]:
    """(kind, URL) pairs: searches and the entity pages of the library."""
    s = requests.Session()
    out: list[tuple[str, str]] = []
    for q in QUERIES:
        out.append(("search page", f"{base}/?q={quote(q)}"))
        out.append(("search api", f"{base}/api/search?q={quote(q)}&kind=any"))
    for report in get_json(s, f"{base}/api/reports")["reports"]:
        out.append(("report page", f"{base}/report/{report['id']}"))
        detail = get_json(s, f"{base}/api/reports/{report['id']}")
        for problem in detail["problems"][:8]:
            out.append(("problem page", f"{base}/report/{report['id']}/problem/{quote(problem['id'])}"))
    for policy in get_json(s, f"{base}/api/policies")["policies"][:15]:
        out.append(("policy page", f"{base}/policy/{policy['key']}"))
    for org in get_json(s, f"{base}/api/organizations")["organizations"][:10]:
        out.append(("organisation page", f"{base}/organization/{org['key']}"))
    for family in get_json(s, f"{base}/api/families")["families"][:10]:
        out.append(("family page", f"{base}/family/{family['id']}"))
    return out


def client(urls: list[tuple[str, str]], stop: float, seed: int, results: dict, errors: list, lock: threading.Lock) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    while time.monotonic() < stop:
        kind, url = rng.choice(urls)
        started = time.perf_counter()
        try:
            response = session.get(url, timeout=60)
            ok = response.status_code < 300
            detail = f"{response.status_code} {url}"
        except requests.RequestException as exc:
            ok, detail = False, f"{type(exc).__name__} {url}"
        elapsed = time.perf_counter() - started
        with lock:
            results[kind].append(elapsed)
            if not ok:
                errors.append(detail)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", default=os.environ.get("RECTIGRAPH_HOME", "data/home"), help="ingested data home")
    parser.add_argument("--url", help="test this running server instead of starting one")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds")
    args = parser.parse_args(argv)

    server = None
    base = args.url
    if base is None:
        home = Path(args.home)
        if not (home / "reports").is_dir():
            raise SystemExit(f"{home}: no ingested reports; run `rectigraph ingest data/samples --home {home}` first")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(os.environ.get("TMPDIR", "/tmp")) / f"rectigraph-load-{port}.log"
        server = start_server(home, port, log)
        print(f"server log: {log}", file=sys.stderr)
    try:
        wait_ready(base)
        urls = targets(base)
        results: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + args.duration
        threads = [threading.Thread(target=client, args=(urls, stop, i, results, errors, lock)) for i in range(args.clients)]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - began
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)

    every = [v for values in results.values() for v in values]
    print(f"load test: {args.clients} clients, {args.duration:.0f} s, {len(urls)} distinct URLs, server {base}")
    print(f"{'request':<18}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind in sorted(results):
        values = results[kind]
        print(f"{kind:<18}{len(values):>7}{pct(values, 0.5) * 1000:>9.0f}{pct(values, 0.95) * 1000:>9.0f}{max(values) * 1000:>9.0f}")
    print(f"{'all':<18}{len(every):>7}{pct(every, 0.5) * 1000:>9.0f}{pct(every, 0.95) * 1000:>9.0f}{max(every) * 1000:>9.0f}")
    print(f"throughput: {len(every) / wall:.1f} requests/s; mean {statistics.mean(every) * 1000:.0f} ms")
    print(f"errors: {len(errors)}")
    for line in errors[:10]:
        print(f"  {line}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
