"""Uploaded files: the name each is stored under, and a journal so that a file and the
index change together or not at all.

Uploads live in the data directory's `uploads/`. An upload never replaces another
article: a name that is taken (by other bytes) is stored as "name-2.ext", "name-3.ext"...;
the same bytes under a name already taken are that article (so a retried upload adds
nothing). Replacing an article is asked for by its doc_id (`Assistant.replace`).

Each change of a file is journalled before it is made: a record in `uploads/.journal/`
names the file and a hard link to its old version (when it had one). New bytes go in by
an atomic rename, then the index is updated; once it holds them, or the change has been
undone, the record and the link go. A record found later means a process died mid-way
(kill -9, power cut): `reconcile` settles it by what the index holds, keeping the file when
the index holds it as it is on disk and putting back what the index knows otherwise.

The caller holds the index's write lock throughout (see rag.indexes.writing).

In shared mode (RAG_DATABASE_URL) rag.pg_uploads.PgUploads keeps the same journal, and the
files' bytes, in PostgreSQL instead (rag.indexes.upload_journal chooses); both follow the
rag.seams.UploadJournal contract.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Callable, Set
from dataclasses import dataclass
from pathlib import Path

from rag.load import upload_name

MAX_NAME_BYTES = 255  # most file systems' limit for one name


@dataclass(frozen=True)
class Change:
    record: Path | str  # the journal record (a file, or a row's token in PostgreSQL)
    target: Path  # the file that changes
    old: Path | str | None  # where its old version is kept; None when it had none


def stored_name(folder: Path, name: str, data: bytes, taken: Set[Path] = frozenset()) -> Path:
    """Where an upload called `name` goes: the first of name, name-2, name-3... that is free
    (neither on disk nor in `taken`, the other files of the same upload) or that holds
    these very bytes."""
    base = Path(upload_name(name))
    for n in range(1, 1_000_000):
        candidate = folder / _numbered(base, n)
        if candidate in taken:
            continue
        if not candidate.exists() or same_bytes(candidate, data):
            return candidate
    raise RuntimeError("no free upload name")  # (a million uploads of one name)


def _numbered(base: Path, n: int) -> str:
    suffix = "" if n == 1 else f"-{n}"
    stem = base.stem
    while len(f"{stem}{suffix}{base.suffix}".encode()) > MAX_NAME_BYTES and stem:
        stem = stem[:-1]
    return f"{stem}{suffix}{base.suffix}"


def same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


class Journal:
    def __init__(self, uploads: Path) -> None:
        self.uploads = uploads  # where uploaded files are stored
        self.folder = uploads / ".journal"  # hidden: `rag ingest` of uploads/ skips it

    def begin(self, target: Path) -> Change:
        """Record that `target` is about to change, and keep its old version."""
        self.folder.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(8)
        old = self.folder / f"{token}.old" if target.exists() else None
        record = self.folder / f"{token}.json"
        write_atomically(record, json.dumps({"target": target.name, "old": old and old.name}).encode())
        if old:
            try:
                os.link(target, old)  # no copy: the old bytes stay where they are until replaced
            except OSError:  # a file system without hard links
                shutil.copy2(target, old)
        return Change(record, target, old)

    def write(self, change: Change, data: bytes) -> None:
        """Put the new bytes in place, in one step (readers see the old or the new file)."""
        write_atomically(change.target, data, staging=self.folder)

    def delete(self, change: Change) -> None:
        change.target.unlink(missing_ok=True)

    def settle(self, change: Change, keep: bool) -> None:
        """End the change: keep the file as it is now, or put back its old version (or no
        file, if it had none)."""
        kept = Path(change.old) if change.old else None
        if not keep:
            if kept and kept.exists():
                os.replace(kept, change.target)
            elif not kept:
                change.target.unlink(missing_ok=True)
        if kept:
            kept.unlink(missing_ok=True)
        Path(change.record).unlink(missing_ok=True)

    def unsettled(self) -> list[Change]:
        """The changes a dead process left behind, oldest first."""
        found = []
        records = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns) if self.folder.exists() else []
        for record in records:
            try:
                entry = json.loads(record.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # died while writing the record: nothing changed yet
                record.unlink(missing_ok=True)
                continue
            target = self.folder.parent / entry["target"]
            found.append(Change(record, target, self.folder / entry["old"] if entry["old"] else None))
        return found

    def reconcile(self, holds: Callable[[Path], bool]) -> int:
        """Settle what a dead process left: keep each file the index holds as it is on disk
        (`holds`), put back the others. Returns how many changes were settled."""
        changes = self.unsettled()
        for change in changes:
            self.settle(change, keep=holds(change.target))
        if self.folder.exists():  # staging files and links no record names any more
            for stray in self.folder.iterdir():
                if stray.suffix != ".json":
                    stray.unlink(missing_ok=True)
        return len(changes)


def write_atomically(path: Path, data: bytes, staging: Path | None = None) -> None:
    """Write to a staging file, flush it to disk, then rename it over `path`."""
    folder = staging or path.parent
    temp = folder / f".{secrets.token_hex(8)}.tmp"
    with open(temp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, path)
