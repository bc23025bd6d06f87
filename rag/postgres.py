"""PostgreSQL implementations of the storage seams (rag.seams), for several processes on
several machines sharing one index: which index serves, the writers' locks, the chats'
history and the readers' feedback. Needs `pip install 'rag[postgres]'` (psycopg 3 and its
pool).

- One connection pool per database URL, shared by everything in the process.
- Schema: each component's numbered steps, run once under a transaction-scoped advisory
  lock (two processes starting at once take turns), its version in `rag_schema`; a
  database from newer code is refused, as rag.sqlite does for a file.
- Writers exclude each other with session advisory locks, one per index key; a lock is
  held on its own connection for as long as the write lasts, and dies with it when the
  process does (no stale lock files).

The catalog's stores are in rag.catalog.postgres. `RAG_DATABASE_URL` (with
`RAG_CHROMA_URL`) makes rag.indexes and the Assistant choose all of these, uploaded
files included (PgUploads: their bytes and their journal, so any replica replaces or
deletes an upload another received).
"""

from __future__ import annotations

import hashlib
import secrets
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rag.errors import IndexBusyError, NotFoundError, StoreUnavailableError
from rag.feedback import FeedbackStore
from rag.followup import HISTORY_MESSAGES
from rag.uploads import Change, write_atomically

_pools: dict[str, Any] = {}
_pools_guard = threading.Lock()

KEPT_MESSAGES = 2 * HISTORY_MESSAGES  # as rag.conversations


def pool(url: str):
    """The process's connection pool for `url` (opened on first use)."""
    try:
        from psycopg_pool import ConnectionPool
    except ImportError:
        raise StoreUnavailableError("PostgreSQL needs psycopg", "pip install 'rag[postgres]'") from None
    with _pools_guard:
        if url not in _pools:
            opened = ConnectionPool(url, min_size=1, max_size=8, kwargs={"autocommit": True}, open=False)
            try:
                opened.open(wait=True, timeout=10)
            except Exception as e:
                raise StoreUnavailableError(f"cannot reach PostgreSQL: {e}", "check RAG_DATABASE_URL and that the server runs") from None
            _pools[url] = opened
        return _pools[url]


_migrated: set[tuple[str, str, int]] = set()  # (url, component, steps) this process has brought up to date


def migrate(url: str, component: str, steps: Sequence[str]) -> None:
    """Run the steps of `component`'s schema that this database has not had yet (once a
    process: stores are made per request, e.g. the switch each request reads)."""
    if (url, component, len(steps)) in _migrated:
        return
    with pool(url).connection() as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('rag schema'))")
        conn.execute("CREATE TABLE IF NOT EXISTS rag_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)")
        row = conn.execute("SELECT version FROM rag_schema WHERE component = %s", (component,)).fetchone()
        done = row[0] if row else 0
        if done > len(steps):
            raise StoreUnavailableError(
                f"the {component} in this database was written by a newer version of rag (schema version "
                f"{done}; this one knows up to {len(steps)}) and could be misread",
                "upgrade rag to the version that wrote it, or point RAG_DATABASE_URL at another database",
            )
        for step in steps[done:]:
            conn.execute(step)
        conn.execute("INSERT INTO rag_schema VALUES (%s, %s) ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                     (component, len(steps)))
    _migrated.add((url, component, len(steps)))


def forget_migrated(url: str, component: str) -> None:
    """(The component's tables were dropped: the next use makes them again.)"""
    _migrated.difference_update({m for m in _migrated if m[:2] == (url, component)})


# --- which index serves ---------------------------------------------------------------

SWITCH_SCHEMA = ["CREATE TABLE rag_active (one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one), key TEXT NOT NULL)"]


class PgSwitch:
    """One row names the serving index; switching is one UPDATE (readers see the old key or
    the new one)."""

    def __init__(self, url: str) -> None:
        self.url = url
        migrate(url, "active index", SWITCH_SCHEMA)

    def active_key(self) -> str | None:
        with pool(self.url).connection() as conn:
            row = conn.execute("SELECT key FROM rag_active").fetchone()
        return row[0] if row else None

    def activate(self, key: str) -> None:
        with pool(self.url).connection() as conn:
            conn.execute("INSERT INTO rag_active (key) VALUES (%s) ON CONFLICT (one) DO UPDATE SET key = excluded.key", (key,))


# --- one writer per index ---------------------------------------------------------------

class _Held:
    """One per index in this process: threads queue on `threads`, and the first one takes
    the advisory lock on a connection of its own, kept until the last one is done."""

    def __init__(self) -> None:
        self.threads, self.depth = threading.RLock(), 0
        self.conn: Any = None


class PgLocks:
    def __init__(self, url: str) -> None:
        self.url = url
        self._held: dict[str, _Held] = {}
        self._guard = threading.Lock()

    @contextmanager
    def writing(self, key: str, on_busy: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold index `key` for writing (see rag.seams.WriteLocks)."""
        with self._guard:
            held = self._held.setdefault(key, _Held())
        with held.threads:
            if not held.depth:
                held.conn = self._take(key, on_busy)
            held.depth += 1
            try:
                yield
            finally:
                held.depth -= 1
                if not held.depth:
                    conn, held.conn = held.conn, None
                    try:
                        conn.execute("SELECT pg_advisory_unlock(hashtext('rag index'), hashtext(%s))", (key,))
                    finally:
                        pool(self.url).putconn(conn)

    def _take(self, key: str, on_busy: Callable[[], None] | None):
        conn = pool(self.url).getconn()
        try:
            args = (key,)
            if not conn.execute("SELECT pg_try_advisory_lock(hashtext('rag index'), hashtext(%s))", args).fetchone()[0]:
                if on_busy is None:
                    raise IndexBusyError("another process is writing to this index (a `rag ingest`?)",
                                         "try again when it has finished")
                on_busy()
                conn.execute("SELECT pg_advisory_lock(hashtext('rag index'), hashtext(%s))", args)
        except BaseException:
            pool(self.url).putconn(conn)
            raise
        return conn


# --- conversations ----------------------------------------------------------------------

CONVERSATION_SCHEMA = [
    "CREATE TABLE rag_conversations (conversation_id TEXT PRIMARY KEY, updated_at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX rag_conversations_by_age ON rag_conversations (updated_at)",
    """CREATE TABLE rag_messages (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL,
        content TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (conversation_id, seq))""",
]


class PgConversations:
    """rag.conversations.Conversations' rules, in PostgreSQL: any replica continues a chat."""

    def __init__(self, url: str, max_age_days: float = 30.0) -> None:
        self.url, self.max_age = url, max_age_days * 86400
        migrate(url, "conversation history", CONVERSATION_SCHEMA)

    def new_id(self) -> str:
        return uuid.uuid4().hex

    def history(self, conversation_id: str, must_exist: bool = False) -> list[tuple[str, str]]:
        with pool(self.url).connection() as conn:
            rows = conn.execute(
                "SELECT role, content FROM rag_messages m WHERE conversation_id = %s AND EXISTS (SELECT 1 FROM "
                "rag_conversations c WHERE c.conversation_id = m.conversation_id AND updated_at >= %s) "
                "ORDER BY seq DESC LIMIT %s",
                (conversation_id, time.time() - self.max_age, KEPT_MESSAGES),
            ).fetchall()
        if must_exist and not rows:
            raise NotFoundError(f"no conversation {conversation_id!r} (or it expired)", "omit conversation_id to start one")
        return [(role, content) for role, content in reversed(rows)]

    def append(self, conversation_id: str, *turns: tuple[str, str]) -> None:
        now = time.time()
        with pool(self.url).connection() as conn, conn.transaction():
            # Two replicas adding to one chat take turns (each numbers its messages after the last).
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('rag chat'), hashtext(%s))", (conversation_id,))
            seq = conn.execute("SELECT coalesce(max(seq), 0) FROM rag_messages WHERE conversation_id = %s",
                               (conversation_id,)).fetchone()[0]
            with conn.cursor() as cur:
                cur.executemany("INSERT INTO rag_messages VALUES (%s, %s, %s, %s, %s)",
                                [(conversation_id, seq + i, role, content, now) for i, (role, content) in enumerate(turns, 1)])
            conn.execute("DELETE FROM rag_messages WHERE conversation_id = %s AND seq <= %s",
                         (conversation_id, seq + len(turns) - KEPT_MESSAGES))
            conn.execute("INSERT INTO rag_conversations VALUES (%s, %s) ON CONFLICT (conversation_id) "
                         "DO UPDATE SET updated_at = excluded.updated_at", (conversation_id, now))
            before = now - self.max_age
            conn.execute("DELETE FROM rag_messages WHERE conversation_id IN "
                         "(SELECT conversation_id FROM rag_conversations WHERE updated_at < %s)", (before,))
            conn.execute("DELETE FROM rag_conversations WHERE updated_at < %s", (before,))

    def count(self) -> int:
        with pool(self.url).connection() as conn:
            return conn.execute("SELECT count(*) FROM rag_conversations").fetchone()[0]

    def close(self) -> None:
        pass  # the pool is the process's, shared


# --- feedback ---------------------------------------------------------------------------

FEEDBACK_SCHEMA = [
    """CREATE TABLE rag_feedback (seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, record JSONB NOT NULL)""",
]


class PgFeedback(FeedbackStore):
    """rag.feedback.FeedbackStore's records, one row each, in the order they came."""

    def __init__(self, url: str) -> None:  # (no file: FeedbackStore's own __init__ names one)
        self.url = url
        migrate(url, "feedback", FEEDBACK_SCHEMA)

    def _append(self, record: dict[str, Any], line: bytes) -> None:
        from psycopg.types.json import Jsonb

        with pool(self.url).connection() as conn:
            conn.execute("INSERT INTO rag_feedback (id, record) VALUES (%s, %s)", (record["id"], Jsonb(record)))

    def all(self) -> list[dict[str, Any]]:
        with pool(self.url).connection() as conn:
            return [row[0] for row in conn.execute("SELECT record FROM rag_feedback ORDER BY seq")]


# --- uploaded files ---------------------------------------------------------------------

UPLOADS_SCHEMA = [
    "CREATE TABLE rag_uploads (name TEXT PRIMARY KEY, data BYTEA NOT NULL)",
    # The journal: a change begun and not settled, with the bytes it replaces (NULL: none).
    """CREATE TABLE rag_upload_changes (seq BIGSERIAL PRIMARY KEY, token TEXT NOT NULL UNIQUE,
        target TEXT NOT NULL, had_old BOOLEAN NOT NULL, old BYTEA)""",
    # Names the local copy's folder, the same on every machine (the catalog knows an upload
    # by its path) and another for another database.
    "CREATE TABLE rag_upload_home (one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one), name TEXT NOT NULL)",
    "INSERT INTO rag_upload_home (name) VALUES (substr(md5(random()::text || clock_timestamp()::text), 1, 12))",
]

_homes: dict[str, str] = {}


class PgUploads:
    """rag.uploads.Journal's contract, with the uploaded files' bytes and the journal in
    PostgreSQL: any replica replaces or deletes an upload that another one received.

    The ingest reads files by path, and an article's doc_id is made from its path, so every
    machine keeps a copy of the uploads in one folder at the same path
    (<temp dir>/rag-uploads/<this database's id>; `root` replaces the temp dir in tests).
    The copy is only a cache: `reconcile`, which every write runs first under the index's
    write lock, makes it equal to the database, and each change is written to the database
    first, then to the copy.

    The order is rag.uploads.Journal's: `begin` records the old bytes (one transaction),
    `write` puts the new ones in place (one transaction), the ingest commits the catalog
    and Chroma, `settle` keeps or puts back and ends the record (one transaction). A writer
    killed anywhere leaves a record, which the next writer's `reconcile` settles by what
    the index holds. (The bytes are not written in the catalog's own transaction: the
    ingest commits an article on its own connection, after its vectors, in batches.)
    """

    def __init__(self, url: str, root: Path | None = None) -> None:
        self.url = url
        migrate(url, "uploads", UPLOADS_SCHEMA)
        if url not in _homes:
            with pool(url).connection() as conn:
                _homes[url] = conn.execute("SELECT name FROM rag_upload_home").fetchone()[0]
        self.uploads = (root or Path(tempfile.gettempdir())) / "rag-uploads" / _homes[url]

    def begin(self, target: Path) -> Change:
        token = secrets.token_hex(8)
        with pool(self.url).connection() as conn:
            had_old = conn.execute(
                "INSERT INTO rag_upload_changes (token, target, had_old, old) SELECT %s, %s, u.data IS NOT NULL, u.data "
                "FROM (SELECT (SELECT data FROM rag_uploads WHERE name = %s) AS data) u RETURNING had_old",
                (token, target.name, target.name)).fetchone()[0]
        return Change(token, target, token if had_old else None)

    def write(self, change: Change, data: bytes) -> None:
        with pool(self.url).connection() as conn:
            conn.execute("INSERT INTO rag_uploads VALUES (%s, %s) ON CONFLICT (name) DO UPDATE SET data = excluded.data",
                         (change.target.name, data))
        self._copy(change.target, data)

    def delete(self, change: Change) -> None:
        with pool(self.url).connection() as conn:
            conn.execute("DELETE FROM rag_uploads WHERE name = %s", (change.target.name,))
        change.target.unlink(missing_ok=True)

    def settle(self, change: Change, keep: bool) -> None:
        name = change.target.name
        with pool(self.url).connection() as conn, conn.transaction():
            row = conn.execute("DELETE FROM rag_upload_changes WHERE token = %s RETURNING had_old, old",
                               (change.record,)).fetchone()
            if row and not keep:
                if row[0]:
                    conn.execute("INSERT INTO rag_uploads VALUES (%s, %s) ON CONFLICT (name) DO UPDATE SET data = "
                                 "excluded.data", (name, row[1]))
                else:
                    conn.execute("DELETE FROM rag_uploads WHERE name = %s", (name,))
            data = conn.execute("SELECT data FROM rag_uploads WHERE name = %s", (name,)).fetchone()
        self._copy(change.target, data[0] if data else None)

    def unsettled(self) -> list[Change]:
        """The changes a dead process left behind, oldest first."""
        with pool(self.url).connection() as conn:
            rows = conn.execute("SELECT token, target, had_old FROM rag_upload_changes ORDER BY seq").fetchall()
        return [Change(token, self.uploads / target, token if had_old else None) for token, target, had_old in rows]

    def reconcile(self, holds: Callable[[Path], bool]) -> int:
        """Bring the local copy up to date, then settle what a dead process left (see
        rag.uploads.Journal.reconcile)."""
        self.sync()
        changes = self.unsettled()
        for change in changes:
            self.settle(change, keep=holds(change.target))
        return len(changes)

    def sync(self) -> None:
        """Make the local copy hold exactly the database's files (fetching only those that differ)."""
        self.uploads.mkdir(parents=True, exist_ok=True)
        local = {p.name: p for p in self.uploads.iterdir() if p.is_file()}
        with pool(self.url).connection() as conn:
            digests = dict(conn.execute("SELECT name, md5(data) FROM rag_uploads").fetchall())
            for name, digest in digests.items():
                if name not in local or hashlib.md5(local[name].read_bytes()).hexdigest() != digest:
                    data = conn.execute("SELECT data FROM rag_uploads WHERE name = %s", (name,)).fetchone()[0]
                    self._copy(self.uploads / name, data)
        for name, path in local.items():
            if name not in digests:
                path.unlink(missing_ok=True)  # (staging files a killed copy left, too)

    def _copy(self, target: Path, data: bytes | None) -> None:
        if data is None:
            target.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, bytes(data))
