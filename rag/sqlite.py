"""The one SQLite set-up: a connection shared by threads, its lock, the write transaction,
and versioned schema migrations.

The catalog (rag.catalog) and the conversation history (rag.conversations) both keep a
file under the data directory that several threads of one process, and sometimes several
processes, use at once. Both want the same things, so they are said once here:

- WAL, so readers never wait for a writer, and a busy timeout, so a writer waits for
  another one instead of failing at once;
- one connection with one lock (sqlite3 connections must not run statements from two
  threads at the same time), in autocommit mode: a statement outside `transaction()`
  commits on its own;
- `transaction()`: BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any exception (Ctrl-C
  included). It nests: a store's write inside a caller's transaction joins it, so several
  stores can change together or not at all;
- `migrate()`: the schema as a numbered list of steps, as simonw/llm does. The file's
  `PRAGMA user_version` says how many have run; opening runs the missing ones in one
  transaction and refuses a file from newer code, which this code would misread.

What it does not do: know any table. The schemas live with their owners.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rag.errors import StoreUnavailableError

# How long a writer waits for another process's write to finish before giving up (the
# Python default, said out loud).
BUSY_TIMEOUT_S = 5.0

Migration = Callable[[sqlite3.Connection], None]


def sql(*statements: str) -> Migration:
    """A migration step made of SQL statements, run one by one (executescript would
    commit the migration's transaction half-way)."""

    def step(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return step


class Database:
    """One SQLite file: its connection, the lock around it, and its transactions."""

    def __init__(self, path: Path, *, synchronous: str = "FULL") -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit BEGIN; transactions are ours (transaction()).
        self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL is safe in WAL mode (no corruption; a power cut may lose the last commits)
        # and saves an fsync per commit; FULL is SQLite's default.
        self.conn.execute(f"PRAGMA synchronous={synchronous}")
        self.lock = threading.RLock()

    def close(self) -> None:
        self.conn.close()

    # --- statements, each under the lock ---------------------------------------------

    def row(self, statement: str, params: Sequence | dict = ()) -> tuple | None:
        with self.lock:
            return self.conn.execute(statement, params).fetchone()

    def value(self, statement: str, params: Sequence | dict = ()) -> Any:
        """The first column of a query that always yields a row (a count, a pragma)."""
        row = self.row(statement, params)
        assert row is not None, statement
        return row[0]

    def rows(self, statement: str, params: Sequence | dict = ()) -> list[tuple]:
        with self.lock:
            return self.conn.execute(statement, params).fetchall()

    def run(self, statement: str, params: Sequence | dict = ()) -> sqlite3.Cursor:
        """A write: alone it commits at once; inside transaction() it joins it."""
        with self.lock:
            return self.conn.execute(statement, params)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (Ctrl-C included).
        Inside another transaction of this thread it simply joins that one (the lock keeps
        other threads out of a transaction in progress)."""
        with self.lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    # --- schema ---------------------------------------------------------------------

    def version(self) -> int:
        return self.value("PRAGMA user_version")

    def migrate(self, steps: Sequence[Migration], what: str) -> None:
        """Run the steps this file has not had yet (step n brings it to user_version n),
        all in one transaction, so a crash leaves the file as it was. Two processes that
        open a new file at once take turns: the second finds the work done."""
        if self._check(len(steps), what) == len(steps):
            return  # the usual case: no write, no lock
        with self.transaction() as conn:
            done = self._check(len(steps), what)
            for number, step in enumerate(steps[done:], done + 1):
                step(conn)
                conn.execute(f"PRAGMA user_version = {number}")

    def _check(self, known: int, what: str) -> int:
        version = self.version()
        if version > known:
            raise StoreUnavailableError(
                f"the {what} at {self.path} was written by a newer version of rag (schema version "
                f"{version}; this one knows up to {known}) and could be misread",
                "upgrade rag to the version that wrote it, or point RAG_DATA_DIR at another folder",
            )
        return version
