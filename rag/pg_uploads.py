"""Uploaded files in PostgreSQL (rag.uploads.Journal's contract): their bytes and the
journal, so any replica replaces or deletes an upload another received, with a local copy
on every machine for the ingest to read (PgUploads says how the two stay equal)."""

from __future__ import annotations

import hashlib
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from rag.postgres import migrate, pool
from rag.uploads import Change, write_atomically

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
