"""Benchmark: 1, 2 and 4 `rag serve` replicas sharing one index (shared mode: PostgreSQL and
a `chroma run` server, all on this machine, loopback). Not a test.

Starts a `chroma run` server (or uses `--chroma-url`), takes a PostgreSQL database
(`--database-url`; its rag tables are dropped first), ingests seeds/ (and `--corpus`, if
given) once in shared mode and once into a local data directory to compare ingest
throughput, then at each replica count starts that many `rag serve` processes (each with
an empty data directory of its own) and sends `--requests` questions from `--clients`
client threads spread round-robin over the replicas' ports (a new connection per
request). Prints answers/s and question latency p50/p95 per replica count, and every
answer is checked for its expected fact.

    python bench/replicas.py --database-url postgresql://postgres@127.0.0.1:55432/postgres \\
        [--replicas 1 2 4] [--requests 300] [--clients 8] [--corpus DIR] [--port 18610]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# (question, a fact its answer must hold) from the seeds' gold set
QUESTIONS = [
    ("What happened to Russian oil shipments to Pakistan?", "suspended"),
    ("Who is the new Russian ambassador Shehbaz Sharif spoke to?", "Khorev"),
    ("Where did Putin and Sharif meet?", "Astana"),
    ("What did Sharif propose about barter with Russia?", "barter"),
]


@contextmanager
def process(command: list[str], health: str, env: dict, log: Path):
    with log.open("wb") as out:
        started = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=out)
        try:
            while True:
                try:
                    urllib.request.urlopen(health, timeout=1)
                    break
                except OSError:
                    if started.poll() is not None:
                        raise SystemExit(f"{command[:3]} exited: {log.read_text(errors='replace')[-1500:]}") from None
                    time.sleep(0.2)
            yield started
        finally:
            started.terminate()
            started.wait(timeout=30)


def reset_database(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        schemas = [r[0] for r in conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rag_ix_%'")]
        for schema in schemas:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        for table in ("rag_schema", "rag_active", "rag_messages", "rag_conversations", "rag_feedback"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")


def ingest(env: dict, paths: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([str(BIN / "rag"), "ingest", *paths], env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-1500:])
    return time.perf_counter() - started, done.stdout.strip().splitlines()[-1]


def load(ports: list[int], requests: int, clients: int) -> tuple[float, list[float], int]:
    def one(n: int) -> tuple[float, bool]:
        question, fact = QUESTIONS[n % len(QUESTIONS)]
        url = f"http://127.0.0.1:{ports[n % len(ports)]}/v1/ask"
        started = time.perf_counter()
        response = httpx.post(url, json={"question": question}, timeout=300)
        return time.perf_counter() - started, response.status_code == 200 and fact in response.json()["answer"]

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, range(requests)))
    return time.perf_counter() - started, [r[0] for r in results], sum(not ok for _, ok in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--chroma-url", default="")
    parser.add_argument("--replicas", type=int, nargs="*", default=[1, 2, 4])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--corpus", default="")
    parser.add_argument("--port", type=int, default=18610, help="the first port; replicas take the next ones")
    args = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    paths = [str(ROOT / "seeds")] + ([args.corpus] if args.corpus else [])
    with tempfile.TemporaryDirectory() as folder, ExitStack() as running:
        work = Path(folder)
        chroma = args.chroma_url
        if not chroma:
            chroma = f"http://127.0.0.1:{args.port}"
            running.enter_context(process(
                [str(BIN / "chroma"), "run", "--path", str(work / "chroma"), "--port", str(args.port)],
                f"{chroma}/api/v2/heartbeat", base, work / "chroma.log"))
        reset_database(args.database_url)
        shared = base | {"RAG_DATABASE_URL": args.database_url, "RAG_CHROMA_URL": chroma}
        local_s, local_line = ingest(base | {"RAG_DATA_DIR": str(work / "local")}, paths, work)
        shared_s, shared_line = ingest(shared | {"RAG_DATA_DIR": str(work / "ingester")}, paths, work)
        print(f"ingest, embedded default (SQLite + Chroma on disk): {local_s:.1f} s  ({local_line})")
        print(f"ingest, shared mode (PostgreSQL + chroma run):      {shared_s:.1f} s  ({shared_line})")
        print()
        print("| replicas | questions | wrong | answers/s | p50 ms | p95 ms |")
        print("|---|---|---|---|---|---|")
        for count in args.replicas:
            with ExitStack() as replicas:
                ports = [args.port + 1 + n for n in range(count)]
                for n, port in enumerate(ports):
                    replicas.enter_context(process(
                        [str(BIN / "rag"), "serve", "--port", str(port)], f"http://127.0.0.1:{port}/healthz",
                        shared | {"RAG_DATA_DIR": str(work / f"replica{count}-{n}")}, work / f"replica{count}-{n}.log"))
                load(ports, 4 * count, count)  # warm each replica (its first question loads the model)
                seconds, latencies, wrong = load(ports, args.requests, args.clients)
                cuts = statistics.quantiles(latencies, n=20)
                print(f"| {count} | {args.requests} | {wrong} | {args.requests / seconds:.1f} | "
                      f"{1000 * statistics.median(latencies):.0f} | {1000 * cuts[18]:.0f} |", flush=True)


if __name__ == "__main__":
    main()
