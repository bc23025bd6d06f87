"""Benchmark: `rag serve` under concurrent load on loopback, questions mixed with writes.
Not a test.

Ingests seeds/ into a temporary index, starts `rag serve` in its own process (its log
kept), then at each concurrency level sends `--requests` requests from that many client
threads: POST /v1/ask (the seeds' questions, each answer checked for its fact or its
refusal) mixed with writes of small articles (`--writes` of them: half uploads, a quarter
replacements with PUT, a quarter deletes; see bench/load_work.py). By default every
request opens a new connection, as many small clients do (`--keepalive`: one per client).

Per level it prints: requests, failures by kind (4xx, 5xx, broken connections, refused
connections, timeouts, answers with the wrong content), requests/s and its ratio to the
1-client level, and latency p50/p95 of questions and of writes. Afterwards it checks the
index against what the clients were told (every listed article is readable, on disk and
answers its own question in its last version; nothing confirmed is lost; nothing deleted
remains; no orphan files), then, with the server stopped, counts stray vectors and
duplicates and what a restart would have to settle, and prints what the server logged.

    python bench/api_load.py [--requests 400] [--concurrency 1 4 16 64] [--writes 0.1]
                             [--port N] [--write BENCHMARKS.md]

Broken connections: with `--keepalive --idle 4 5.2`, a quarter of the clients pause
about as long as httpx keeps an idle connection (5 s) before reusing theirs; against
`--server-keep-alive 5` (uvicorn's default, which `rag serve` had) some of those reuses
meet the server closing the connection and end in a reset the server never logs:

    python bench/api_load.py --concurrency 64 --requests 2000 --keepalive --idle 4 5.2 --server-keep-alive 5
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from load_work import Ledger, check, one_request
from report import write_section

ROOT = Path(__file__).resolve().parents[1]
KINDS = ["4xx", "5xx", "broken", "refused", "timeout", "wrong"]


def failure_kind(error: httpx.HTTPError) -> str:
    """timeout: no answer in time; refused: no connection was made (refused, or reset while
    connecting); broken: the connection dropped after it was made, before a whole answer."""
    if isinstance(error, httpx.TimeoutException):
        return "timeout"
    if isinstance(error, httpx.ConnectError):
        return "refused"
    return "broken"  # RemoteProtocolError ("Server disconnected"), ReadError, WriteError


def level(url: str, ledger: Ledger, requests: int, concurrency: int, writes: float, options: argparse.Namespace,
          seed: int) -> dict:
    local, clients, lock = threading.local(), [], threading.Lock()

    def client() -> httpx.Client:
        """This thread's client. Without keep-alive it opens a new connection per request
        (and closes it after), without building a TLS context each time as a new client would."""
        if not hasattr(local, "http"):
            limits = httpx.Limits() if options.keepalive else httpx.Limits(max_keepalive_connections=0)
            local.http = httpx.Client(base_url=url, timeout=options.timeout, limits=limits)
            with lock:
                local.thinks = bool(options.idle) and len(clients) < round(options.idle_share * concurrency)
                clients.append(local.http)
        elif local.thinks:  # a client that pauses before reusing its connection
            time.sleep(random.uniform(*options.idle))
        return local.http

    def one(i: int) -> tuple[str, str, float, str]:
        rng = random.Random(seed * 1_000_003 + i)
        http = client()
        started = time.perf_counter()
        try:
            operation, outcome = one_request(http, ledger, rng, writes)
            detail = ""
        except httpx.HTTPError as e:
            operation, outcome, detail = "?", failure_kind(e), f"{type(e).__name__}: {e}"
        return operation, outcome, (time.perf_counter() - started) * 1000, detail

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    for http in clients:
        http.close()
    outcomes = Counter(outcome for _, outcome, _, _ in results)
    asks = [ms for op, outcome, ms, _ in results if op == "ask" and outcome == "ok"]
    writes_ms = [ms for op, outcome, ms, _ in results if op in ("upload", "replace", "delete") and outcome == "ok"]
    return {
        "requests": requests, "ok": outcomes["ok"], **{k: outcomes[k] for k in KINDS},
        "writes": sum(op in ("upload", "replace", "delete") for op, *_ in results),
        "rps": requests / elapsed, "ask": _cuts(asks), "write": _cuts(writes_ms),
        "details": Counter(detail for *_, detail in results if detail),
    }


def _cuts(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return (values[0], values[0]) if values else (float("nan"), float("nan"))
    cuts = statistics.quantiles(values, n=100)
    return cuts[49], cuts[94]


def _ms(value: float) -> str:
    return "-" if value != value else f"{value:.0f}"  # NaN: none measured


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    while server.poll() is None:
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit("rag serve did not start")


def after_stop(data: Path) -> dict:
    """Open the index as a starting server does (crash_trials' inspection) and count stray
    vectors, duplicates, and uploads a restart would have to settle (a clean stop leaves none)."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "crash_trials.py"), "--inspect", str(data), "[null, null]"],
                          capture_output=True, text=True, env={**os.environ, "RAG_DATA_DIR": str(data)})
    if done.returncode:
        raise SystemExit(f"inspecting the index failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per level")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--writes", type=float, default=0.1, help="share of requests that write (0: questions only)")
    parser.add_argument("--keepalive", action="store_true", help="one connection per client instead of one per request")
    parser.add_argument("--idle", type=float, nargs=2, metavar=("MIN", "MAX"),
                        help="with --keepalive: some clients wait a random MIN-MAX seconds before reusing their connection")
    parser.add_argument("--idle-share", type=float, default=0.25, help="the share of clients that wait (--idle)")
    parser.add_argument("--timeout", type=float, default=60, help="client timeout per request, seconds")
    parser.add_argument("--server-keep-alive", type=int, help="rag serve --keep-alive (default: rag serve's own)")
    parser.add_argument("--port", type=int, default=0, help="port for rag serve (default: a free one)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--work", type=Path, help="keep the data directory and server log here (default: a temporary folder)")
    parser.add_argument("--write", type=Path, metavar="MARKDOWN", help="also put the figures into this file (between bench markers)")
    parser.add_argument("--section", default="api-load", help="which section of MARKDOWN (its bench markers' name)")
    args = parser.parse_args()
    if args.idle and not args.keepalive:
        parser.error("--idle needs --keepalive (without it every request has a connection of its own)")
    rag = Path(sys.executable).parent / "rag"
    with tempfile.TemporaryDirectory(prefix="rag-api-bench-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        data, log = work / "data", work / "server.log"
        env = {**os.environ, "RAG_DATA_DIR": str(data)}
        subprocess.run([rag, "ingest", str(ROOT / "seeds")], env=env, check=True, capture_output=True)
        port = args.port or free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("wb") as log_file:
            keep_alive = ["--keep-alive", str(args.server_keep_alive)] if args.server_keep_alive else []
            server = subprocess.Popen([rag, "serve", "--port", str(port), *keep_alive], env=env,
                                      stdout=subprocess.DEVNULL, stderr=log_file)
        ledger = Ledger()
        try:
            wait_until_up(url, server)
            # Warm-up: the first write of a server loads the chunker (seconds), the first
            # questions the model's sessions.
            level(url, ledger, 20, 2, min(args.writes * 2, 1), argparse.Namespace(**{**vars(args), "idle": None}), seed=-1)
            connections = "a new connection per request"
            if args.keepalive:
                connections = "one kept-alive connection per client" + (
                    f", {args.idle_share:.0%} of the clients idle {args.idle[0]:g}-{args.idle[1]:g} s between requests"
                    if args.idle else "")
            if args.server_keep_alive:
                connections += f"; rag serve --keep-alive {args.server_keep_alive}"
            lines = [
                f"rag serve on loopback, seeds index, extractive backend; {args.requests} requests per level, "
                + (f"{args.writes:.0%} of them writes (uploads, replacements, deletes of small articles)" if args.writes
                   else "questions only") + f"; {connections}.",
                f"{'clients':>7}{'requests':>9}{'writes':>7}{'ok':>6}" + "".join(f"{k:>8}" for k in KINDS)
                + f"{'req/s':>7}{'x1':>6}{'ask p50':>8}{'p95':>7}{'write p50':>10}{'p95':>7}",
            ]
            lines.insert(1, "x1: req/s over the first level's. ms. broken: the connection dropped after it was made (reset, "
                            "closed without an answer); refused: none was made; wrong: a 200 without its fact or refusal.")
            print("\n".join(lines), flush=True)
            base, details = None, Counter()
            for concurrency in args.concurrency:
                r = level(url, ledger, args.requests, concurrency, args.writes, args, args.seed + concurrency)
                base = base or r["rps"]
                details += r["details"]
                lines.append(f"{concurrency:>7}{r['requests']:>9}{r['writes']:>7}{r['ok']:>6}" + "".join(f"{r[k]:>8}" for k in KINDS)
                             + f"{r['rps']:>7.1f}{r['rps'] / base:>6.2f}{_ms(r['ask'][0]):>8}{_ms(r['ask'][1]):>7}"
                             + f"{_ms(r['write'][0]):>10}{_ms(r['write'][1]):>7}")
                print(lines[-1], flush=True)
            for detail, n in details.most_common(5):
                lines.append(f"  {n} x {detail}")
                print(lines[-1], flush=True)
            with httpx.Client(base_url=url, timeout=args.timeout) as http:
                counts = check(http, ledger, data)
        finally:
            server.terminate()
            server.wait(timeout=30)
        state = after_stop(data)
        logged = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    lines.append("Afterwards: " + ", ".join(f"{k} {v}" for k, v in counts.items())
                 + f"; uncertain writes {len(ledger.uncertain)}.")
    lines.append(f"After stopping the server: stray vectors {state['stray_vectors']}, duplicates {state['duplicates']}, "
                 f"uploads left half-done {state['settled']}; server log: {len(logged)} lines.")
    lines += [f"  log: {line}" for line in logged[:5]]
    print("\n".join(lines[-2 - min(5, len(logged)):]))
    if args.write:
        write_section(args.write, args.section, "\n".join(lines))


if __name__ == "__main__":
    main()
