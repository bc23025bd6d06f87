"""The storage seams' contracts (rag.seams), each run against every implementation: files
and SQLite under the data directory (the embedded default) and a real PostgreSQL cluster
on loopback (rag.postgres, for replicas sharing one index; issue 17)."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from rag import indexes
from rag.conversations import KEPT_MESSAGES, Conversations
from rag.errors import IndexBusyError, NotFoundError
from rag.feedback import FeedbackStore
from rag.schema import Answer
from rag.uploads import Journal

KINDS = ["files", "postgres"]


@pytest.fixture(params=KINDS)
def where(request, tmp_path):
    """(kind, the data directory or the database URL)."""
    if request.param == "files":
        return "files", tmp_path
    return "postgres", request.getfixturevalue("database_url")


def _switch(kind, place):
    if kind == "files":
        return indexes.FileSwitch(place)
    from rag.postgres import PgSwitch

    return PgSwitch(place)


def _locks(kind, place):
    if kind == "files":
        return indexes.FileLocks(place)
    from rag.postgres import PgLocks

    return PgLocks(place)


def _conversations(kind, place, days=30.0):
    if kind == "files":
        return Conversations(place / "conversations.sqlite3", days)
    from rag.pg_chats import PgConversations

    return PgConversations(place, days)


def _feedback(kind, place):
    if kind == "files":
        return FeedbackStore(place)
    from rag.pg_chats import PgFeedback

    return PgFeedback(place)


def _uploads(kind, place, machine):
    """Uploaded files as one machine sees them: the data directory's uploads/ (one machine),
    or the database with a local copy in `machine`."""
    if kind == "files":
        return Journal(place / "uploads")
    from rag.pg_uploads import PgUploads

    return PgUploads(place, root=machine)


def _nothing_to_settle(path):
    raise AssertionError(f"no change was left unsettled, yet {path} was asked about")


def test_the_switch_names_the_index_last_activated(where):
    kind, place = where
    if kind == "files":  # (ACTIVE names only an index whose catalog is there)
        for key in ("aaa", "bbb"):
            indexes.catalog_path(place, key).parent.mkdir(parents=True)
            indexes.catalog_path(place, key).touch()
    switch = _switch(kind, place)
    assert switch.active_key() is None
    switch.activate("aaa")
    assert switch.active_key() == "aaa"
    switch.activate("bbb")
    assert _switch(kind, place).active_key() == "bbb"  # as any other process sees it


_HOLD = """
import sys
from pathlib import Path
kind, place, key = sys.argv[1:]
if kind == "files":
    from rag.indexes import FileLocks as Locks
    place = Path(place)
else:
    from rag.postgres import PgLocks as Locks
with Locks(place).writing(key):
    print("held", flush=True)
    sys.stdin.read()
"""


def _another_process_holding(kind, place, key):
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, kind, str(place), key],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_one_process_at_a_time_writes_to_an_index(where):
    kind, place = where
    locks = _locks(kind, place)
    holder = _another_process_holding(kind, place, "aaa")
    try:
        with pytest.raises(IndexBusyError):
            with locks.writing("aaa"):
                pass
        with locks.writing("bbb"):  # another index is free
            pass
        waited = []

        def busy():
            waited.append(True)
            holder.stdin.close()  # the other process lets go, so we get it

        with locks.writing("aaa", on_busy=busy):
            with locks.writing("aaa"):  # the holder may take it again (nested writes)
                pass
        assert waited == [True]
    finally:
        holder.stdin.close() if not holder.stdin.closed else None
        holder.wait()
    holder = _another_process_holding(kind, place, "aaa")  # released when we were done
    holder.stdin.close()
    holder.wait()


def test_threads_of_one_process_take_turns(where):
    kind, place = where
    locks, inside, most = _locks(kind, place), [0], [0]
    guard = threading.Lock()

    def write():
        with locks.writing("aaa", on_busy=lambda: None):
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            threading.Event().wait(0.01)
            with guard:
                inside[0] -= 1

    threads = [threading.Thread(target=write) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1


def test_a_conversation_keeps_its_last_messages_in_order(where):
    kind, place = where
    store = _conversations(kind, place)
    cid = store.new_id()
    assert store.history(cid) == []
    with pytest.raises(NotFoundError):
        store.history(cid, must_exist=True)
    for n in range(KEPT_MESSAGES):
        store.append(cid, ("user", f"q{n}"), ("assistant", f"a{n}"))
    kept = _conversations(kind, place).history(cid)  # another process reads the same
    assert len(kept) == KEPT_MESSAGES and kept[-1] == ("assistant", f"a{KEPT_MESSAGES - 1}")
    assert kept[0] == ("user", f"q{KEPT_MESSAGES // 2}")
    assert store.count() == 1
    store.close()


def test_old_conversations_expire(where, monkeypatch):
    kind, place = where
    now = [1_000_000.0]
    monkeypatch.setattr("time.time", lambda: now[0])
    store = _conversations(kind, place, days=2)
    store.append("old", ("user", "q"), ("assistant", "a"))
    now[0] += 86400
    store.append("recent", ("user", "q"), ("assistant", "a"))
    now[0] += 1.5 * 86400  # "old" is 2.5 days old, "recent" 1.5
    assert store.history("old") == [] and store.history("recent")
    with pytest.raises(NotFoundError, match="expired"):
        store.history("old", must_exist=True)
    store.append("new", ("user", "q"))
    assert store.count() == 2  # "old" is deleted, not only hidden
    store.close()


def _answer(question="What happened?") -> Answer:
    return Answer(question=question, answer="It happened [1].", refused=False, citations=[], sentences=[],
                  backend="extractive")


def test_feedback_is_kept_whole_in_order_and_exported(where):
    kind, place = where
    store = _feedback(kind, place)
    versions = [store.version()]
    first = store.add(_answer("one?"), -1, "  wrong  ")
    versions.append(_feedback(kind, place).version())
    store.add(_answer("two?"), 1)
    versions.append(store.version())
    assert len(set(versions)) == 3  # a reader that caches by version sees each new record
    records = _feedback(kind, place).all()
    assert [r["question"] for r in records] == ["one?", "two?"]
    assert records[0]["id"] == first["id"] and records[0]["comment"] == "wrong"
    assert records[0]["answer"] == _answer("one?").to_dict()
    [case] = store.eval_cases()
    assert case["question"] == "one?" and case["reader_comment"] == "wrong"


@pytest.mark.parametrize("rating, comment", [(0, ""), (True, ""), (1, "\ud800")])
def test_bad_feedback_stores_nothing(where, rating, comment):
    kind, place = where
    store = _feedback(kind, place)
    with pytest.raises(ValueError):
        store.add(_answer(), rating, comment)
    assert store.all() == []


def test_text_and_ids_with_a_nul_character_are_kept_or_not_found(where):
    # Python strings and SQLite hold U+0000, PostgreSQL's text and jsonb do not: a question,
    # comment or doc_id sent with one (as the API fuzz test does) must not be a server error.
    kind, place = where
    conversations = _conversations(kind, place)
    conversations.append("c1", ("user", "what\x00?"), ("assistant", "this"))
    [(_, question), _] = conversations.history("c1")
    assert question.startswith("what") and question.endswith("?")
    with pytest.raises(NotFoundError):
        conversations.history("c\x00", must_exist=True)
    conversations.close()
    feedback = _feedback(kind, place)
    feedback.add(_answer("why\x00?"), -1, "wrong\x00")
    assert [r["question"][:3] for r in feedback.all()] == ["why"]
    catalog = _catalog(kind, place)
    catalog.put_article(*_doc("aaa", "Astana summit meeting notes here", "Astana", [["astana", "summit"]]))
    assert catalog.unknown(["aaa", "aaa\x00"]) == ["aaa\x00"] and catalog.article("aaa\x00") is None
    assert catalog.sources("\x00") == [] and catalog.count_articles("\x00") == 0
    catalog.close()


# --- the catalog ------------------------------------------------------------------------

def _catalog(kind, place, key="abc123"):
    if kind == "files":
        from rag.catalog import Catalog

        return Catalog(indexes.catalog_path(place, key))
    from rag.catalog.postgres import open_catalog

    return open_catalog(place, key)


def _doc(doc_id: str, text: str, title: str, chunk_terms: list[list[str]]):
    from rag.schema import Article, Chunk

    article = Article(doc_id, title, text, f"docs/{doc_id}.md", f"/abs/docs/{doc_id}.md", doc_id * 8, {"k": "v"})
    size = len(text) // len(chunk_terms)
    chunks = [Chunk(f"{doc_id}:{i}", doc_id, i, text[i * size:(i + 1) * size], i * size, (i + 1) * size, "Sec",
                    ((i * size, i * size + 3),)) for i in range(len(chunk_terms))]
    return article, chunks, chunk_terms


def test_an_article_reads_back_whole_and_goes_whole(where):
    kind, place = where
    catalog = _catalog(kind, place)
    assert not catalog.has_articles() and catalog.counts() == (0, 0)
    catalog.put_article(*_doc("bbb", "Barter trade and oil shipments.", "Barter", [["barter", "trade"], ["oil", "ship"]]))
    catalog.put_article(*_doc("aaa", "Astana summit meeting notes here", "Astana", [["astana", "summit"]]))
    assert catalog.has_articles() and catalog.counts() == (2, 3)
    article = catalog.article("bbb")
    assert article.text == "Barter trade and oil shipments." and article.metadata == {"k": "v"} and article.title == "Barter"
    assert [s.doc_id for s in catalog.sources()] == ["aaa", "bbb"]  # in order of their source
    assert [s.doc_id for s in catalog.sources("BART")] == ["bbb"] and catalog.count_articles("bart") == 1
    assert [s.doc_id for s in catalog.sources(limit=1, offset=1)] == ["bbb"] and catalog.sources(offset=2**63) == []
    assert catalog.unknown(["aaa", "zzz"]) == ["zzz"] and catalog.path_of("aaa") == "/abs/docs/aaa.md"
    assert catalog.paths() == {"aaa": "/abs/docs/aaa.md", "bbb": "/abs/docs/bbb.md"}
    assert catalog.content_hash("aaa") == "aaa" * 8 and catalog.content_hash("zzz") is None
    got = catalog.chunks(["bbb:1", "nope"])
    chunk, title, source = got["bbb:1"]
    assert list(got) == ["bbb:1"] and title == "Barter" and source == "docs/bbb.md"
    assert chunk.text == article.text[chunk.start:chunk.end] and chunk.sentences == ((chunk.start, chunk.start + 3),)
    assert sorted(catalog.chunk_ids(["bbb"])) == ["bbb:0", "bbb:1"]
    assert [s[2] for s in catalog.chunk_spans("bbb")] == ["Sec", "Sec"]
    # Replaced: the old chunks and their terms go with it.
    catalog.put_article(*_doc("bbb", "Barter only.", "Barter 2", [["barter"]]))
    assert catalog.counts() == (2, 2) and catalog.keyword_search(["oil"], 10) == []
    catalog.delete_article("bbb")
    assert catalog.article("bbb") is None and catalog.counts() == (1, 1) and catalog.keyword_search(["barter"], 10) == []
    catalog.clear()
    assert catalog.counts() == (0, 0) and not catalog.has_articles()
    catalog.close()


def test_a_failed_write_leaves_nothing_of_the_article(where):
    kind, place = where
    catalog = _catalog(kind, place)
    article, chunks, terms = _doc("ccc", "Some text of an article.", "C", [["some"], ["text"]])
    with pytest.raises(ValueError):
        catalog.put_article(article, chunks, terms[:1])  # fewer term lists than chunks: zip(strict) fails midway
    assert catalog.article("ccc") is None and catalog.counts() == (0, 0)
    catalog.close()


def test_keyword_search_ranks_the_rare_term_first_and_filters_by_article(where):
    kind, place = where
    catalog = _catalog(kind, place)
    common = [["oil", "trade", "russia"], ["oil", "pakistan"], ["oil", "barter", "barter", "wheat"]]
    catalog.put_article(*_doc("ddd", "x" * 30, "D", common))
    catalog.put_article(*_doc("eee", "y" * 20, "E", [["oil", "trade"], ["barter", "rice", "corn", "tea"]]))
    assert catalog.keyword_search(["barter"], 10) == ["ddd:2", "eee:1"]  # twice beats once in a chunk as long
    assert catalog.keyword_search(["wheat", "oil"], 1) == ["ddd:2"]  # the rare term decides
    assert catalog.keyword_search(["barter"], 10, ["eee"]) == ["eee:1"]
    assert catalog.keyword_search(["nowhere"], 10) == []
    assert catalog.document_frequencies(["oil", "barter", "nowhere"]) == {"oil": 4, "barter": 2, "nowhere": 0}
    idf, unknown = catalog.idf(["oil", "wheat", "nowhere"])
    assert idf["wheat"] > idf["oil"] and unknown == {"nowhere"}
    catalog.close()


def test_both_stores_rank_keyword_matches_alike(tmp_path, database_url):
    # The same BM25 (FTS5's), so the embedded default and the shared mode retrieve, and
    # answer, alike. Real text: the seeds' paragraphs, one chunk each.
    from conftest import SEEDS
    from rag.text import terms

    catalogs = [_catalog("files", tmp_path), _catalog("postgres", database_url)]
    for n, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
        article, chunks, _ = _doc(f"d{n}", "\n".join(paragraphs), path.stem, [[]] * len(paragraphs))
        for catalog in catalogs:
            catalog.put_article(article, chunks, [terms(c.text) for c in chunks])
    catalogs[1].delete_article("d1")  # (a replaced or deleted article's terms leave the averages too)
    catalogs[1].put_article(article, chunks, [terms(c.text) for c in chunks])
    for question in ["What happened to Russian oil shipments to Pakistan?", "Where did Putin and Sharif meet?",
                     "How big is the trade between Pakistan and Russia?", "barter trade fruit leather",
                     "Pakistan Russia", "SCO summit Astana energy"]:
        found = [c.keyword_search(terms(question), 8) for c in catalogs]
        assert found[0] and found[1] == found[0], question
        filtered = [c.keyword_search(terms(question), 8, ["d0"]) for c in catalogs]
        assert filtered[1] == filtered[0], question
    for catalog in catalogs:
        catalog.close()


def test_meta_pending_and_file_stats(where, tmp_path):
    kind, place = where
    catalog = _catalog(kind, place)
    assert catalog.get_meta("embed_model") is None
    catalog.set_meta(embed_model="m", chunk_size="200")
    assert catalog.get_meta("chunk_size") == "200"
    assert catalog.meta_or_set("index_id", "first") == "first" and catalog.meta_or_set("index_id", "second") == "first"
    catalog.mark_pending("a")
    catalog.mark_pending("a")
    catalog.mark_pending("b")
    catalog.clear_pending("b")
    assert catalog.pending() == ["a"]
    file = tmp_path / "f.txt"
    file.write_text("x")
    stat = file.stat()
    assert not catalog.file_unchanged("a", stat)
    catalog.set_file_stat("a", stat, checked_ns=stat.st_mtime_ns + 10**10)
    assert catalog.file_unchanged("a", stat)
    catalog.forget_file_stats()
    assert not catalog.file_unchanged("a", stat)
    other = _catalog(kind, place, key="def456")  # another index keeps its own
    assert other.get_meta("embed_model") is None and other.pending() == []
    other.close()
    catalog.close()


def test_a_new_database_has_no_indexes_and_dropping_one_is_harmless(database_url):
    from rag.catalog.postgres import drop, keys

    assert keys(database_url) == []
    drop(database_url, "abc123")  # (nothing to drop: bench/keyword_recall.py starts so)
    assert keys(database_url) == []


def test_a_database_from_newer_code_is_refused_with_the_fix(database_url, monkeypatch):
    import psycopg

    from rag.errors import StoreUnavailableError
    from rag.pg_chats import PgConversations

    PgConversations(database_url)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE rag_schema SET version = 99 WHERE component = 'conversation history'")
    monkeypatch.setattr("rag.postgres._migrated", set())  # as a process started now finds it
    with pytest.raises(StoreUnavailableError, match="newer version of rag"):
        PgConversations(database_url)


def test_an_upload_is_kept_replaced_and_deleted_as_every_machine_sees_it(where, tmp_path):
    kind, place = where
    one, two = _uploads(kind, place, tmp_path / "one"), _uploads(kind, place, tmp_path / "two")
    here = one.uploads / "note.txt"
    change = one.begin(here)
    one.write(change, b"first")
    one.settle(change, keep=True)
    assert here.read_bytes() == b"first"

    assert two.reconcile(_nothing_to_settle) == 0  # (every write starts so: the copy is brought up to date)
    there = two.uploads / "note.txt"
    assert there == here if kind == "files" else there.parent != here.parent  # another machine's copy
    assert there.read_bytes() == b"first" and there.name == here.name
    change = two.begin(there)
    two.write(change, b"second")
    two.settle(change, keep=True)
    one.reconcile(_nothing_to_settle)
    assert here.read_bytes() == b"second"

    change = two.begin(there)
    two.write(change, b"third, which the index refused")
    two.settle(change, keep=False)  # the old bytes go back
    change = two.begin(two.uploads / "other.txt")
    two.write(change, b"refused too")
    two.settle(change, keep=False)  # a new file that fails is gone
    one.reconcile(_nothing_to_settle)
    assert here.read_bytes() == b"second" and there.read_bytes() == b"second"
    assert not (one.uploads / "other.txt").exists() and not (two.uploads / "other.txt").exists()

    change = two.begin(there)
    two.delete(change)
    assert not there.exists()
    two.settle(change, keep=False)  # a delete the index did not take is undone
    assert there.read_bytes() == b"second"
    change = two.begin(there)
    two.delete(change)
    two.settle(change, keep=True)
    one.reconcile(_nothing_to_settle)
    assert not here.exists() and not there.exists()


def test_changes_a_killed_writer_left_are_settled_by_what_the_index_holds(where, tmp_path):
    kind, place = where
    one = _uploads(kind, place, tmp_path / "one")
    change = one.begin(one.uploads / "kept.txt")
    one.write(change, b"old")
    one.settle(change, keep=True)
    one.write(one.begin(one.uploads / "kept.txt"), b"new, not indexed")  # killed before settling
    one.write(one.begin(one.uploads / "added.txt"), b"new, indexed")
    one.delete(one.begin(one.uploads / "gone.txt"))  # (a delete of a file that was not there)

    two = _uploads(kind, place, tmp_path / "two")  # the next writer, maybe on another machine
    asked = []

    def holds(path):
        asked.append((path.name, path.read_bytes() if path.exists() else None))
        return path.name != "kept.txt"

    assert two.reconcile(holds) == 3
    assert sorted(asked) == [("added.txt", b"new, indexed"), ("gone.txt", None), ("kept.txt", b"new, not indexed")]
    assert (two.uploads / "kept.txt").read_bytes() == b"old"
    assert (two.uploads / "added.txt").read_bytes() == b"new, indexed"
    assert sorted(p.name for p in two.uploads.iterdir() if not p.name.startswith(".")) == ["added.txt", "kept.txt"]
    assert two.reconcile(_nothing_to_settle) == 0
