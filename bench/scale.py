"""Benchmark: how ingest and queries behave as the corpus grows. Not a test.

For each size it builds a corpus of synthetic articles (random words, so they hold none
of the seeds' facts) plus the two seeds, ingests it with the real pipeline, and measures:
ingest chunks/s and peak memory, retrieval and end-to-end extractive latency p50/p95,
retrieval limited to a few articles, and whether the seed questions still get the same
cited answers as on the seeds alone. Then it serves that index over HTTP, as `rag serve`
does, and measures POST /v1/ask latency and the server's peak memory.

Embedding a large corpus with the real model takes hours on 2 cores (about 30 chunks/s),
so the store and retrieval figures here use a cheap deterministic embedder (hashed
bags of words, 384 dimensions) and say so; `bench/ingest_query.py` measures the real
model's throughput.

    python bench/scale.py [--sizes 10000 100000 1000000] [--work DIR]

With --work the corpora and indexes are kept in DIR and reused by the next run (ingest is
incremental), so a million-chunk index is built once.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from report import write_section

ROOT = Path(__file__).resolve().parents[1]
SEED_QUESTIONS = [
    "What happened to Russian oil shipments to Pakistan?",
    "Who is the new Russian ambassador Shehbaz Sharif spoke to?",
    "How much in fines could Pakistan face over its gas pipeline with Iran?",
    "Where did Putin and Sharif meet?",
    "Who is the prime minister of India?",
]
CHUNKS_PER_ARTICLE = 10  # what the default chunk size makes of one synthetic article


class HashEmbedder:
    """Deterministic, fast, meaningless beyond shared words: for store/retrieval scale only."""

    name = "bench:hashed-bag-of-words-384"

    def embed(self, texts):
        rows = np.zeros((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                rows[i, int(hashlib.blake2b(word.encode(), digest_size=4).hexdigest(), 16) % 384] += 1.0
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def build_corpus(folder: Path, chunks: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))
                  for _ in range(20_000)]
    for path in (ROOT / "seeds").glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    for i in range(chunks // CHUNKS_PER_ARTICLE):
        paragraphs = []
        for _ in range(CHUNKS_PER_ARTICLE):
            sentences = [" ".join(rng.choices(vocabulary, k=rng.randint(8, 18))).capitalize() + "." for _ in range(4)]
            paragraphs.append(" ".join(sentences))
        sub = folder / f"{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        (sub / f"synthetic-{i:07d}.txt").write_text(f"Synthetic article {i}\n" + "\n".join(paragraphs) + "\n", encoding="utf-8")


def _quantiles(samples):
    cuts = statistics.quantiles(samples, n=100)
    return round(cuts[49], 2), round(cuts[94], 2)


def measure(corpus: Path, data: Path) -> dict:
    from rag import Settings
    from rag.assistant import Assistant

    assistant = Assistant.from_settings(Settings(_env_file=None, data_dir=data), embedder=HashEmbedder())
    started = time.perf_counter()
    report = assistant.ingest([corpus])
    ingest_s = time.perf_counter() - started
    built = data / "ingest.json"  # the figures of the run that built this index (see --work)
    if report.chunks:
        built.write_text(json.dumps({"ingest_s": round(ingest_s, 1), "chunks_per_s": round(report.chunks / ingest_s, 1),
                                     "peak_mb": _peak_mb()}))
    ingest = json.loads(built.read_text())
    # By file name and offsets: doc_ids depend on the (temporary) folder.
    answers = {q: _cited(assistant.ask(q)) for q in SEED_QUESTIONS}
    retrieve, total, filtered = [], [], []
    seeds = [s.doc_id for s in assistant.sources() if s.source.endswith(".txt") and "synthetic" not in s.source][:2]
    for i in range(60):
        q = SEED_QUESTIONS[i % len(SEED_QUESTIONS)]
        t0 = time.perf_counter()
        assistant.retrieve(q)
        t1 = time.perf_counter()
        assistant.ask(q)
        t2 = time.perf_counter()
        assistant.retrieve(q, documents=seeds)
        t3 = time.perf_counter()
        retrieve.append((t1 - t0) * 1000)
        total.append((t2 - t1) * 1000)
        filtered.append((t3 - t2) * 1000)
    return {
        "chunks": assistant.catalog.counts()[1], "ingest_s": ingest["ingest_s"], "chunks_per_s": ingest["chunks_per_s"],
        "ingest_peak_mb": ingest["peak_mb"], "peak_mb": _peak_mb(),
        "retrieve": _quantiles(retrieve), "end_to_end": _quantiles(total), "filtered": _quantiles(filtered),
        "answers": answers,
    }


def _cited(answer):
    """What must not change with size: the cited passages, by file name and offsets
    (doc_ids depend on the folder), or the refusal (whose closest passages may)."""
    return "refused" if answer.refused else [(Path(c.source).name, c.start, c.end) for c in answer.citations]


def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def serve(data: Path, port: int) -> None:
    """The HTTP API over an existing index, as `rag serve` runs it, with the bench embedder."""
    import uvicorn

    from rag import Settings
    from rag.api import create_app
    from rag.assistant import Assistant

    assistant = Assistant.from_settings(Settings(_env_file=None, data_dir=data), embedder=HashEmbedder(), create=False)
    uvicorn.run(create_app(assistant), host="127.0.0.1", port=port, log_level="warning")


def measure_serve(data: Path, requests: int = 200) -> dict:
    """Sequential POST /v1/ask from one client; the server's peak resident memory."""
    import httpx

    port = _free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(data), str(port)])
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            for _ in range(600):
                try:
                    if client.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.5)
            for q in SEED_QUESTIONS:  # warm-up
                client.post("/v1/ask", json={"question": q}).raise_for_status()
            latencies = []
            for i in range(requests):
                started = time.perf_counter()
                client.post("/v1/ask", json={"question": SEED_QUESTIONS[i % len(SEED_QUESTIONS)]}).raise_for_status()
                latencies.append((time.perf_counter() - started) * 1000)
        peak_mb = _peak_mb_of(server.pid)
    finally:
        server.terminate()
        server.wait()
    return {"serve": _quantiles(latencies), "serve_peak_mb": peak_mb}


@contextlib.contextmanager
def _chroma_server(path: Path):
    """A `chroma run` server for the whole run; children find it through RAG_CHROMA_URL."""
    import httpx

    port = _free_port()
    chroma = Path(sys.executable).parent / "chroma"
    server = subprocess.Popen([chroma, "run", "--path", str(path), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ["RAG_CHROMA_URL"] = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{os.environ['RAG_CHROMA_URL']}/api/v2/heartbeat", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield server
    finally:
        server.terminate()
        server.wait()
        del os.environ["RAG_CHROMA_URL"]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_mb_of(pid: int) -> int:
    return round(int(re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1)) / 1024)


def run_size(folder: Path, size: int) -> dict:
    corpus, data = folder / "corpus", folder / ("data-server" if os.environ.get("RAG_CHROMA_URL") else "data")
    if not (corpus / ".complete").exists():
        corpus.mkdir(parents=True, exist_ok=True)
        build_corpus(corpus, size)
        (corpus / ".complete").touch()
    print(f"size {size}: ingesting…", file=sys.stderr, flush=True)
    out = subprocess.run([sys.executable, __file__, "--child", str(corpus), str(data)],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    print(f"size {size}: serving…", file=sys.stderr, flush=True)
    return result | measure_serve(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--work", type=Path, help="keep corpora and indexes here and reuse them")
    parser.add_argument("--write", type=Path, metavar="MARKDOWN", help="also put the figures into this file (between bench markers)")
    parser.add_argument("--chroma-server", action="store_true",
                        help="keep the vectors in a `chroma run` server started for the run (its memory is then not the pipeline's)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # one size in its own process, so peak memory is its own
        print(json.dumps(measure(Path(args.child[0]), Path(args.child[1]))))
        return
    if args.serve:
        serve(Path(args.serve[0]), int(args.serve[1]))
        return

    with contextlib.ExitStack() as stack:
        work = args.work or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rag-scale-")))
        chroma = stack.enter_context(_chroma_server(work / "chroma-server")) if args.chroma_server else None
        results = {size: run_size(work / f"size-{size}", size)  # 0: the seeds alone, the reference answers
                   for size in [0, *args.sizes]}
        server_mb = _peak_mb_of(chroma.pid) if chroma else None
    table = format_table(results)
    if server_mb:
        table += f"\nVectors in a `chroma run` server on loopback (peak {server_mb} MB, not in the figures above)."
    print(table)
    if args.write:
        write_section(args.write, "scale-server" if args.chroma_server else "scale", table)


def _pair(p50_p95) -> str:
    return f"{p50_p95[0]} / {p50_p95[1]}"


def format_table(results: dict) -> str:
    reference = results[0]["answers"]
    lines = [
        "Embedder: hashed bags of words (store and retrieval cost only; see the module docstring).",
        "ingest: chunks/s and peak MB of the run that built the index; query: in-process, then",
        "over HTTP (POST /v1/ask to the API server; its peak MB). Latencies in ms, p50 / p95.",
        "",
        (f"{'chunks':>9}{'ingest/s':>10}{'ingest MB':>10}{'retrieve':>15}{'end-to-end':>15}"
         f"{'2 articles':>15}{'query MB':>10}{'HTTP ask':>15}{'server MB':>10}{'same answers':>14}"),
    ]
    for r in results.values():
        same = sum(r["answers"][q] == reference[q] for q in SEED_QUESTIONS)
        lines.append(
            f"{r['chunks']:>9}{r['chunks_per_s']:>10}{r['ingest_peak_mb']:>10}{_pair(r['retrieve']):>15}"
            f"{_pair(r['end_to_end']):>15}{_pair(r['filtered']):>15}{r['peak_mb']:>10}"
            f"{_pair(r['serve']):>15}{r['serve_peak_mb']:>10}{f'{same}/{len(SEED_QUESTIONS)}':>14}"
        )
        for q in SEED_QUESTIONS:
            if r["answers"][q] != reference[q]:
                lines.append(f"{'':9}changed: {q} {reference[q]} -> {r['answers'][q]}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
