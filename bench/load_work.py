"""The work `bench/api_load.py` sends, and the check it makes afterwards. Not a test.

- Questions: the seeds' (each with the fact its answer must hold, or a refusal).
- Writes: uploads of small articles of their own (an invented name, a count that changes
  with every version), replacements of them (PUT) and deletes. Every operation on one
  article is made by one client at a time, so the clients always know what the server
  must hold; an article whose write got no clear answer (a broken connection, a timeout,
  a 5xx) is "uncertain" and the check accepts either outcome for it.
- The check: every article the server lists is readable, and every uploaded one is on
  disk with the text the server holds and answers its own question with its current
  count; nothing confirmed is missing or stale; nothing deleted is listed, on disk or
  cited; no file in uploads/ is outside the index.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from pathlib import Path

import httpx

QUESTIONS = [  # (question, a fact its answer holds; None: refused)
    ("What happened to Russian oil shipments to Pakistan?", "indefinitely suspended"),
    ("Who is the new Russian ambassador to Pakistan?", "Albert Khorev"),
    ("Where did Putin and Sharif meet?", "Astana"),
    ("What did Donald Lu tell Congress?", "red lines"),
    ("How do I bake bread?", None),
]
SYLLABLES = "ka lo mi ru te vo za ne".split()
CITIES = "Karachi Lahore Quetta Gwadar Multan Peshawar Sialkot Hyderabad".split()


def name_of(n: int) -> str:
    """An invented word for article n ("Quokaloru"): no other article, and no seed, has it."""
    syllables = []
    for _ in range(4):
        n, d = divmod(n, len(SYLLABLES))
        syllables.append(SYLLABLES[d])
    return "Quo" + "".join(syllables)


def count_of(n: int, version: int) -> int:
    return 1000 + (n * 7919 + version * 104_729) % 9000


def article(n: int, version: int) -> bytes:
    """A small article (one chunk) whose count changes with each version."""
    name, city = name_of(n), CITIES[n % len(CITIES)]
    return (
        f"The {name} lantern works\n\n"
        f"The {name} lantern works in {city} made {count_of(n, version)} lanterns last year, its ledger shows. "
        f"The works employ glass blowers and tinsmiths from the old quarter of {city}. "
        f"Its owners say the {name} works will add a second furnace when the river trade recovers.\n"
    ).encode()


def question_of(n: int) -> str:
    return f"How many lanterns did the {name_of(n)} lantern works make last year?"


@dataclass
class Upload:
    n: int
    version: int
    busy: bool = False  # a client is writing it now


@dataclass
class Ledger:
    """What the clients know the server holds, kept under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    next_n: int = 0
    live: dict[str, Upload] = field(default_factory=dict)  # doc_id -> confirmed upload
    deleted: dict[str, int] = field(default_factory=dict)  # doc_id -> n, confirmed deleted
    uncertain: dict[int, set[int | None]] = field(default_factory=dict)  # n -> versions it may hold (None: absent)

    def new(self) -> int:
        with self.lock:
            self.next_n += 1
            return self.next_n - 1

    def take(self, rng: random.Random) -> tuple[str, Upload] | None:
        """An article no other client is writing, marked busy; None when there is none."""
        with self.lock:
            idle = [doc_id for doc_id, u in self.live.items() if not u.busy]
            if not idle:
                return None
            doc_id = rng.choice(sorted(idle))
            self.live[doc_id].busy = True
            return doc_id, self.live[doc_id]


def one_request(http: httpx.Client, ledger: Ledger, rng: random.Random, writes: float) -> tuple[str, str]:
    """Send one request of the mix (a share `writes` of them writes); returns (operation,
    outcome): "ok", "4xx", "5xx" or "wrong" (a 200 with the wrong content). Transport
    failures (broken connections, timeouts) are raised as httpx errors."""
    roll = rng.random()
    if roll >= writes:
        question, fact = QUESTIONS[rng.randrange(len(QUESTIONS))]
        reply = http.post("/v1/ask", json={"question": question})
        if reply.status_code != 200:
            return "ask", status_class(reply.status_code)
        data = reply.json()
        right = data["refused"] if fact is None else (not data["refused"] and fact in data["answer"])
        return "ask", "ok" if right else "wrong"
    kind = "upload" if roll < writes / 2 else ("replace" if roll < writes * 3 / 4 else "delete")
    taken = ledger.take(rng) if kind != "upload" else None
    if taken is None:
        return upload(http, ledger)
    doc_id, held = taken
    return (replace if kind == "replace" else delete)(http, ledger, doc_id, held)


def status_class(status: int) -> str:
    return f"{status // 100}xx"


def upload(http: httpx.Client, ledger: Ledger) -> tuple[str, str]:
    n = ledger.new()
    with ledger.lock:
        ledger.uncertain[n] = {0, None}  # until the server answers
    reply = http.post("/v1/documents", files={"file": (f"lantern-{n}.md", article(n, 0), "text/markdown")})
    if reply.status_code == 201:
        with ledger.lock:
            del ledger.uncertain[n]
            ledger.live[reply.json()["doc_id"]] = Upload(n, 0)
        return "upload", "ok"
    if reply.status_code < 500:
        with ledger.lock:
            del ledger.uncertain[n]  # refused: nothing was stored
    return "upload", status_class(reply.status_code)


def replace(http: httpx.Client, ledger: Ledger, doc_id: str, held: Upload) -> tuple[str, str]:
    new = held.version + 1
    try:
        reply = http.put(f"/v1/documents/{doc_id}", files={"file": ("new.md", article(held.n, new), "text/markdown")})
    except httpx.HTTPError:
        _unsure(ledger, doc_id, held, {held.version, new})
        raise
    if reply.status_code == 200:
        with ledger.lock:
            held.version, held.busy = new, False
        return "replace", "ok"
    _refused(ledger, doc_id, held, {held.version, new}, reply.status_code)
    return "replace", status_class(reply.status_code)


def delete(http: httpx.Client, ledger: Ledger, doc_id: str, held: Upload) -> tuple[str, str]:
    try:
        reply = http.delete(f"/v1/documents/{doc_id}")
    except httpx.HTTPError:
        _unsure(ledger, doc_id, held, {held.version, None})
        raise
    if reply.status_code == 200:
        with ledger.lock:
            del ledger.live[doc_id]
            ledger.deleted[doc_id] = held.n
        return "delete", "ok"
    _refused(ledger, doc_id, held, {held.version, None}, reply.status_code)
    return "delete", status_class(reply.status_code)


def _refused(ledger: Ledger, doc_id: str, held: Upload, versions: set, status: int) -> None:
    """A 4xx changed nothing (the article goes back to the clients); after a 5xx, anything may have."""
    if status < 500:
        with ledger.lock:
            held.busy = False
    else:
        _unsure(ledger, doc_id, held, versions)


def _unsure(ledger: Ledger, doc_id: str, held: Upload, versions: set) -> None:
    """No clear answer: the article leaves the clients' hands; the check accepts any of `versions`."""
    with ledger.lock:
        del ledger.live[doc_id]
        ledger.uncertain[held.n] = versions


# --- the check afterwards -------------------------------------------------------------------


def check(http: httpx.Client, ledger: Ledger, data_dir: Path) -> dict[str, int]:
    """Compare what the server lists, what is on disk and what answers with the ledger."""
    listed, offset = [], 0
    while True:
        page = http.get("/v1/documents", params={"limit": 1000, "offset": offset}).raise_for_status().json()
        listed += page["documents"]
        offset += len(page["documents"])
        if not page["documents"] or offset >= page["total"]:
            break
    counts = dict.fromkeys(["listed", "uploaded", "unreadable", "lost", "stale", "unexpected", "deleted but present",
                            "orphan files", "entries without files", "not answerable", "deleted but cited",
                            "seed questions wrong"], 0)
    counts["listed"] = len(listed)
    folder = data_dir / "uploads"
    on_disk = {p.name: p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")} if folder.exists() else {}
    held_files = set()
    for doc in listed:
        reply = http.get(f"/v1/documents/{doc['doc_id']}")
        if reply.status_code != 200:
            counts["unreadable"] += 1
            continue
        text = reply.json()["text"]
        file_name = Path(doc["source"]).name
        if not Path(doc["source"]).parent.name == "uploads":
            continue  # a seed
        counts["uploaded"] += 1
        held_files.add(file_name)
        path = on_disk.get(file_name)
        if path is None:
            counts["entries without files"] += 1
        elif path.read_text(encoding="utf-8") != text:
            counts["orphan files"] += 1  # the file on disk is not what the index holds
        n = int(file_name.removeprefix("lantern-").split(".")[0].split("-")[0])
        confirmed = ledger.live.get(doc["doc_id"])
        versions = {confirmed.version} if confirmed else ledger.uncertain.get(n, set())
        if doc["doc_id"] in ledger.deleted:
            counts["deleted but present"] += 1
        elif not versions - {None}:
            counts["unexpected"] += 1
        elif text not in {article(n, v).decode() for v in versions if v is not None}:
            counts["stale"] += 1
        answer = http.post("/v1/ask", json={"question": question_of(n)}).json()
        cited = {c["doc_id"] for c in answer.get("citations", [])}
        if answer.get("refused", True) or doc["doc_id"] not in cited or not any(str(count_of(n, v)) in answer["answer"] for v in versions if v is not None):
            counts["not answerable"] += 1
    listed_ids = {doc["doc_id"] for doc in listed}
    counts["lost"] = sum(doc_id not in listed_ids for doc_id in ledger.live)
    counts["orphan files"] += sum(name not in held_files for name in on_disk)
    for doc_id, n in ledger.deleted.items():
        answer = http.post("/v1/ask", json={"question": question_of(n)}).json()
        counts["deleted but cited"] += doc_id in {c["doc_id"] for c in answer.get("citations", [])}
    for question, fact in QUESTIONS:
        answer = http.post("/v1/ask", json={"question": question}).json()
        counts["seed questions wrong"] += not (answer["refused"] if fact is None else fact in answer["answer"])
    return counts
