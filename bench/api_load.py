"""Benchmark: `rag serve` under concurrent load on loopback. Not a test.

Ingests seeds/ into a temporary index, starts `rag serve` in its own process, then sends
POST /v1/ask requests (a cycle of answerable and unanswerable questions) from a pool of
client threads at several concurrency levels, and prints requests/s and latency p50/p95
for each, next to a single-client run as the reference.

    python bench/api_load.py [--requests 200] [--concurrency 1 4 16]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from report import write_section

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "What happened to Russian oil shipments to Pakistan?",
    "Who is the new Russian ambassador to Pakistan?",
    "What three things must Pakistan do to expand ties with Russia?",
    "Where did Putin and Sharif meet?",
    "Who is the prime minister of India?",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(url: str, requests: int, concurrency: int) -> dict:
    def one(i: int) -> float:
        with httpx.Client(base_url=url, timeout=60) as client:
            started = time.perf_counter()
            client.post("/v1/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]}).raise_for_status()
            return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        latencies = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {"rps": requests / elapsed, "p50": cuts[49], "p95": cuts[94]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--write", type=Path, metavar="MARKDOWN", help="also put the figures into this file (between bench markers)")
    args = parser.parse_args()
    rag = Path(sys.executable).parent / "rag"
    with tempfile.TemporaryDirectory(prefix="rag-api-bench-") as data:
        env = {**os.environ, "RAG_DATA_DIR": data}
        subprocess.run([rag, "ingest", str(ROOT / "seeds")], env=env, check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen([rag, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            load(url, 20, 2)  # warm-up
            lines = [f"POST /v1/ask on loopback, {args.requests} requests per level, seeds index, extractive backend",
                     f"{'clients':>8}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}"]
            print("\n".join(lines), flush=True)
            for concurrency in args.concurrency:
                r = load(url, args.requests, concurrency)
                lines.append(f"{concurrency:>8}{r['rps']:>10.1f}{r['p50']:>10.1f}{r['p95']:>10.1f}")
                print(lines[-1], flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)
    if args.write:
        write_section(args.write, "api-load", "\n".join(lines))


if __name__ == "__main__":
    main()
