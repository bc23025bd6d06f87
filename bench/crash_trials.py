"""Crash trials: kill -9 `rag ingest` and `rag serve` mid-upload at random moments, then
count what was lost. Not a test (tests/test_crash.py kills at fixed points); this one
looks for the moments nobody thought of.

Each trial runs the real command in its own process and kills it (SIGKILL) at a random
moment, then "restarts": a new process opens the index the way `rag serve` does on start
(settling whatever the kill left) and reports what it finds.

- ingest trials change a few articles and add a few, run `rag ingest`, and kill it at a
  uniformly random time within how long such a run takes; then the same command is run
  to completion, as the README says to do.
- upload trials start `rag serve` and send new uploads (some under a name already taken)
  and replacements (PUT) one after another, and kill the server during a random one of
  them; then the upload that got no answer is sent again, as a client would.

Counted over all trials:
- articles lost: an article committed before the kill (or an upload the server confirmed)
  that is missing or not in its last committed version afterwards, or a corpus file not
  indexed as it is once the ingest was run again;
- duplicates: one text indexed twice (every article here has its own text);
- orphans: uploaded files the index does not hold as they are on disk, index entries whose
  file is gone, and vectors in Chroma that no index entry names.

    python bench/crash_trials.py [--trials 24] [--seed 13] [--work DIR]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

WORDS = ("zeppelin balloon harbour caravan orchard quarry lantern ferry glacier meadow tramway "
         "foundry granary lighthouse vineyard sawmill observatory aqueduct").split()
CITIES = "Karachi Lahore Quetta Gwadar Multan Peshawar Sialkot Hyderabad Sukkur Larkana".split()


def article(n: int, version: int = 0) -> bytes:
    """A small article of its own words (so no two share a text), about one chunk long."""
    rng = random.Random(n * 1000 + version)
    lines = [f"Report {n} on the {WORDS[n % len(WORDS)]} works, version {version}", ""]
    for s in range(6):
        lines.append(f"In {1900 + rng.randrange(120)} the {rng.choice(WORDS)} of {rng.choice(CITIES)} "
                     f"counted {rng.randrange(10_000)} visitors, report {n} says in part {s}.")
    return ("\n".join(lines) + "\n").encode()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()  # = the catalog's content_hash for a UTF-8 .md file


# --- the "restart": runs in a fresh process -----------------------------------------------


def inspect(data: Path, finish: str | None, retry: list | None) -> dict:
    """Open the index as a starting server does (settling what a kill left), optionally
    run the ingest again or retry an upload, and describe what is there."""
    from rag import Settings
    from rag.assistant import Assistant
    from rag.load import make_doc_id

    assistant = Assistant.from_settings(Settings(_env_file=None, data_dir=data))
    settled = assistant.recover()
    if finish:
        assistant.ingest([finish])
    if retry:
        kind, target, payload = retry
        body = base64.b64decode(payload)
        assistant.upload({target: body}) if kind == "POST" else assistant.replace(target, body)
    catalog = assistant.catalog
    articles = {doc_id: {"hash": catalog.content_hash(doc_id), "path": path} for doc_id, path in catalog.paths().items()}
    uploads = data / "uploads"
    orphan_files = 0
    for file in uploads.glob("*.md"):
        held = articles.get(make_doc_id(str(file.resolve())))
        orphan_files += held is None or held["hash"] != sha(file.read_bytes())
    result = {
        "articles": articles,
        "settled": settled,
        "orphan_files": orphan_files,
        "orphan_entries": sum(not Path(a["path"]).exists() for a in articles.values()),
        "stray_vectors": assistant.store.count() - catalog.chunk_count(),
        "duplicates": sum(n - 1 for n in Counter(a["hash"] for a in articles.values()).values()),
    }
    assistant.close()
    return result


def restart(data: Path, finish: Path | None = None, retry: tuple | None = None) -> dict:
    payload = list(retry[:2]) + [base64.b64encode(retry[2]).decode()] if retry else None
    done = subprocess.run([sys.executable, __file__, "--inspect", str(data), json.dumps([str(finish) if finish else None, payload])],
                          capture_output=True, text=True, env=ENV)
    if done.returncode:
        raise SystemExit(f"inspecting the index failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


# --- the trials ---------------------------------------------------------------------------


ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}
RAG = [sys.executable, "-m", "rag.cli"]


class Tally:
    def __init__(self) -> None:
        self.trials = self.mid_write = self.lost = self.duplicates = 0
        self.orphan_files = self.orphan_entries = self.stray_vectors = 0

    def add(self, state: dict, lost: int) -> None:
        self.lost += lost
        self.duplicates += state["duplicates"]
        self.orphan_files += state["orphan_files"]
        self.orphan_entries += state["orphan_entries"]
        self.stray_vectors += state["stray_vectors"]


def ingest_trial(rng: random.Random, work: Path, corpus: Path, state: dict, budget: float, tally: Tally, n: int) -> dict:
    """Change 3 articles and add 3, kill `rag ingest` at a random moment, restart, finish."""
    files = sorted(corpus.glob("*.md"))
    for path in rng.sample(files, 3):
        path.write_bytes(article(int(path.stem.split("-")[1]), version=n))
    for _ in range(3):
        number = len(list(corpus.glob("*.md")))
        (corpus / f"a-{number:04d}.md").write_bytes(article(number))
    process = subprocess.Popen([*RAG, "ingest", str(corpus)], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0, budget))
    alive = process.poll() is None
    if alive:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    after = restart(work / "data")
    # Committed before the kill, file still there, gone now (or rolled back to nothing).
    lost = sum(doc_id not in after["articles"] and Path(a["path"]).exists() for doc_id, a in state["articles"].items())
    tally.add(after, lost)
    finished = restart(work / "data", finish=corpus)
    expected = {sha(p.read_bytes()) for p in corpus.glob("*.md")}
    held = {a["hash"] for a in finished["articles"].values() if "/uploads/" not in a["path"]}
    tally.lost += len(expected - held)
    tally.mid_write += alive
    return finished


def upload_trial(rng: random.Random, work: Path, state: dict, op_seconds: float, tally: Tally, n: int) -> tuple[dict, float]:
    """Start `rag serve`, send 6 uploads or replacements, kill it during a random one."""
    port = free_port()
    server = subprocess.Popen([*RAG, "serve", "--port", str(port)], env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, server)
    uploaded = {doc_id: a for doc_id, a in state["articles"].items() if "/uploads/" in a["path"]}
    allowed = {doc_id: {a["hash"]} for doc_id, a in uploaded.items()}  # doc_id -> versions it may hold
    ops = []
    for j in range(6):
        body = article(100_000 + n * 10 + j)
        if uploaded and rng.random() < 0.4:
            ops.append(("PUT", rng.choice(sorted(uploaded)), body))
        else:
            ops.append(("POST", rng.choice(["shared.md", f"t{n}-{j}.md"]), body))
    confirmed, inflight, timings = [], [None], []

    def client() -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            for op in ops:
                inflight[0] = op
                started = time.perf_counter()
                method, target, body = op
                try:
                    path = "/v1/documents" if method == "POST" else f"/v1/documents/{target}"
                    reply = http.request(method, path, files={"file": (target if method == "POST" else "new.md", body)})
                except httpx.TransportError:
                    return  # killed
                timings.append(time.perf_counter() - started)
                if reply.status_code < 300:
                    confirmed.append((reply.json()["doc_id"], sha(body)))
                inflight[0] = None

    thread = threading.Thread(target=client)
    thread.start()
    kill_during = rng.randrange(len(ops))
    while len(confirmed) < kill_during and thread.is_alive():
        time.sleep(0.005)
    time.sleep(rng.uniform(0, op_seconds))
    mid = thread.is_alive()
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    thread.join()

    for doc_id, digest in confirmed:
        allowed[doc_id] = {digest}
    if inflight[0] and inflight[0][0] == "PUT":
        allowed[inflight[0][1]].add(sha(inflight[0][2]))
    after = restart(work / "data", retry=inflight[0])  # the client sends what got no answer again
    held = {doc_id: a["hash"] for doc_id, a in after["articles"].items()}
    lost = sum(held.get(doc_id) not in versions for doc_id, versions in allowed.items())
    tally.add(after, lost)
    tally.mid_write += mid
    return after, (sum(timings) / len(timings) if timings else op_seconds)


def free_port() -> int:
    """A free port in 8700-8799 (the range this machine's sessions keep for hand-run servers)."""
    for port in random.sample(range(8700, 8800), 100):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise SystemExit("no free port in 8700-8799")


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    while server.poll() is None:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("rag serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=24, help="half of them ingest kills, half upload kills")
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--inspect", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inspect:
        finish, retry = json.loads(args.inspect[1])
        print(json.dumps(inspect(Path(args.inspect[0]), finish, retry)))
        return

    rng = random.Random(args.seed)
    work = args.work or Path(tempfile.mkdtemp(prefix="crash-trials-"))
    ENV["RAG_DATA_DIR"] = str(work / "data")
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for n in range(args.articles):
        (corpus / f"a-{n:04d}.md").write_bytes(article(n))
    started = time.perf_counter()
    subprocess.run([*RAG, "ingest", str(corpus)], env=ENV, check=True, capture_output=True)
    print(f"first ingest of {args.articles} articles: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    state = restart(work / "data")

    # How long an ingest trial's run takes unkilled, so that kills spread over all of it.
    for path in sorted(corpus.glob("*.md"))[:3]:
        path.write_bytes(article(int(path.stem.split("-")[1]), version=1))
    started = time.perf_counter()
    subprocess.run([*RAG, "ingest", str(corpus)], env=ENV, check=True, capture_output=True)
    budget = time.perf_counter() - started
    print(f"an ingest trial's run takes {budget:.1f} s unkilled; kills fall within it", file=sys.stderr)

    tally, op_seconds = Tally(), 0.5
    for n in range(args.trials):
        tally.trials += 1
        if n % 2 == 0:
            state = ingest_trial(rng, work, corpus, state, budget, tally, n)
        else:
            state, op_seconds = upload_trial(rng, work, state, op_seconds, tally, n)
        print(f"trial {n + 1}/{args.trials} ({'ingest' if n % 2 == 0 else 'upload'}): lost {tally.lost}, "
              f"duplicates {tally.duplicates}, orphans {tally.orphan_files + tally.orphan_entries + tally.stray_vectors}",
              file=sys.stderr)

    print(f"trials: {tally.trials} ({(tally.trials + 1) // 2} kill -9 of rag ingest, {tally.trials // 2} of rag serve "
          f"mid-upload; {tally.mid_write} killed while still working)")
    print(f"articles lost: {tally.lost}")
    print(f"duplicates: {tally.duplicates}")
    print(f"orphans: {tally.orphan_files} files not indexed, {tally.orphan_entries} index entries without files, "
          f"{tally.stray_vectors} stray vectors")
    print(f"index at the end: {len(state['articles'])} articles ({sum('/uploads/' in a['path'] for a in state['articles'].values())} uploaded)")


if __name__ == "__main__":
    main()
