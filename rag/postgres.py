"""PostgreSQL for several processes on several machines sharing one index: the connection
pool and schema steps every PostgreSQL store uses, and two of the storage seams
(rag.seams): which index serves and the writers' locks. Needs `pip install
'rag[postgres]'` (psycopg 3 and its pool).

- One connection pool per database URL, shared by everything in the process.
- Schema: each component's numbered steps, run once under a transaction-scoped advisory
  lock (two processes starting at once take turns), its version in `rag_schema`; a
  database from newer code is refused, as rag.sqlite does for a file.
- Writers exclude each other with session advisory locks, one per index key; a lock is
  held on its own connection for as long as the write lasts, and dies with it when the
  process does (no stale lock files).

The other stores build on this: the catalog's in rag.catalog.postgres, the chats' history
and the feedback in rag.pg_chats, uploaded files in rag.pg_uploads. `RAG_DATABASE_URL`
(with `RAG_CHROMA_URL`) makes rag.indexes and the Assistant choose all of these.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rag.errors import IndexBusyError, StoreUnavailableError

_pools: dict[str, Any] = {}
_pools_guard = threading.Lock()


def pool(url: str):
    """The process's connection pool for `url` (opened on first use)."""
    try:
        from psycopg_pool import ConnectionPool
    except ImportError:
        raise StoreUnavailableError("PostgreSQL needs psycopg", "pip install 'rag[postgres]'") from None
    with _pools_guard:
        if url not in _pools:
            opened = ConnectionPool(url, min_size=1, max_size=8, kwargs={"autocommit": True}, configure=_without_nul,
                                    open=False)
            try:
                opened.open(wait=True, timeout=10)
            except Exception as e:
                raise StoreUnavailableError(f"cannot reach PostgreSQL: {e}", "check RAG_DATABASE_URL and that the server runs") from None
            _pools[url] = opened
        return _pools[url]


def _without_nul(conn) -> None:
    """PostgreSQL's text and jsonb cannot hold U+0000, which SQLite and Python strings can
    (a fuzzed question, doc_id or comment holds one): every string is sent with it as
    U+FFFD, so a lookup of such a doc_id finds nothing and a chat's text is kept, marked,
    rather than a server error."""
    from psycopg.types.json import set_json_dumps

    conn.adapters.register_dumper(str, _nul_free_dumper())
    set_json_dumps(_json_without_nul, context=conn)


@functools.cache
def _nul_free_dumper():
    from psycopg.types.string import StrDumper

    class NulFree(StrDumper):
        def dump(self, obj: str):
            return super().dump(obj.replace("\x00", "\ufffd"))

    return NulFree


_ESCAPED_NUL = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")  # (after an even number of backslashes)


def _json_without_nul(obj: Any) -> str:
    return _ESCAPED_NUL.sub(r"\1\\ufffd", json.dumps(obj))


def close_pool(url: str) -> None:
    """Close the process's pool for `url`, if it has one (e.g. before dropping the database)."""
    with _pools_guard:
        opened = _pools.pop(url, None)
    if opened is not None:
        opened.close()
    _migrated.difference_update({m for m in _migrated if m[0] == url})


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
