"""Benchmark: one GGUF model answering in process (RAG_BACKEND=local) beside the same
weights behind llama.cpp's OpenAI-compatible server (RAG_BACKEND=openai). Not a test.

Both get the same questions over an index of seeds/, alternating question by question so
both see the same load, with the same threads, token cap and temperature. Printed per
backend: the first answer (the in-process one loads the weights then), then the median
and the worst of the rest (whole answers: retrieval, the model, the check), time to first
token, and how many answers were the model's own (not the quotes that replace it).

    bash eval/local_llm.sh install          # the server, and the weights in .models/
    python bench/local_llm.py [--questions 6] [--threads 1] [--write BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from report import write_section

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / ".models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
QUESTIONS = [
    "What happened to Russian oil shipments to Pakistan?",
    "Where did Putin and Sharif meet?",
    "Who is the new Russian ambassador to Pakistan?",
    "What did Donald Lu tell Congress?",
    "How much in fines could Pakistan face over the Iran pipeline?",
    "Why won't Russia let Pakistan into BRICS?",
    "What is the Pakistani Establishment?",
    "Who is the prime minister of India?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=6, help="how many of the seeds' questions (up to 8)")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads for the model (both backends)")
    parser.add_argument("--max-tokens", type=int, default=200)
    parser.add_argument("--write", type=Path, metavar="MARKDOWN", help="also put the figures into this file")
    args = parser.parse_args()
    if not WEIGHTS.exists():
        raise SystemExit(f"no weights at {WEIGHTS}: run `bash eval/local_llm.sh install`")
    from rag import Settings
    from rag.assistant import Assistant

    with tempfile.TemporaryDirectory(prefix="rag-local-llm-bench-") as data, _server(args.threads) as url:
        common = dict(_env_file=None, data_dir=Path(data), llm_timeout=900, llm_max_retries=0, llm_fallback=False,
                      llm_max_tokens=args.max_tokens)
        Assistant.from_settings(Settings(**common), create=True).ingest([ROOT / "seeds"])
        backends = {
            "in process": Assistant.from_settings(Settings(**common, backend="local", llm_gguf=WEIGHTS,
                                                           llm_threads=args.threads)),
            "server": Assistant.from_settings(Settings(**common, backend="openai", openai_base_url=url,
                                                       llm_model="qwen")),
        }
        timings: dict[str, list[dict]] = {name: [] for name in backends}
        for question in QUESTIONS[: args.questions]:
            for name, assistant in backends.items():
                started = time.perf_counter()
                answer = assistant.ask(question)
                timings[name].append({"total": time.perf_counter() - started,
                                      "first": answer.timings_ms.get("first_token", 0) / 1000,
                                      "own": answer.backend in {"local", "openai"}})
                print(f"{name:<11} {timings[name][-1]['total']:6.1f} s  {answer.backend:<18} {question}", flush=True)
    lines = [f"{args.questions} seed questions each, alternating; Qwen2.5-Coder-0.5B-Instruct Q4_K_M, "
             f"{args.threads} thread(s), max {args.max_tokens} tokens; load average {os.getloadavg()[0]:.1f} at the end",
             f"{'':<12}{'first answer':>14}{'median after':>14}{'worst after':>13}{'own answers':>13}"]
    for name, runs in timings.items():
        rest = [r["total"] for r in runs[1:]] or [runs[0]["total"]]
        lines.append(f"{name:<12}{runs[0]['total']:>12.1f} s{statistics.median(rest):>12.1f} s{max(rest):>11.1f} s"
                     f"{sum(r['own'] for r in runs):>9} of {len(runs)}")
    local, server = (statistics.median([r["total"] for r in timings[n][1:]] or [timings[n][0]["total"]])
                     for n in ("in process", "server"))
    lines.append(f"in process / server, median after the first: {local / server:.2f}x")
    print("\n".join(lines))
    if args.write:
        write_section(args.write, "local-llm", "\n".join(lines))


class _server:
    """llama.cpp's server (eval/local_llm.sh serve) on a free loopback port, while in use."""

    def __init__(self, threads: int) -> None:
        self.threads = threads

    def __enter__(self) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.log = open(Path(tempfile.gettempdir()) / f"bench-llama-server-{port}.log", "w")
        env = {**os.environ, "LLAMA_THREADS": str(self.threads)}
        self.process = subprocess.Popen(["bash", str(ROOT / "eval" / "local_llm.sh"), "serve", "qwen", str(port)],
                                        stdout=self.log, stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}/v1"
        for _ in range(1200):
            if self.process.poll() is not None:
                raise SystemExit(f"the llama.cpp server exited; see {self.log.name}")
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    return url
            except httpx.HTTPError:
                time.sleep(0.5)
        raise SystemExit(f"the llama.cpp server did not start; see {self.log.name}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


if __name__ == "__main__":
    main()
