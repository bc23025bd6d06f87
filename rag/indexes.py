"""Where indexes live under the data directory, which one serves, and pruning the rest.

An index is identified by what its vectors and keyword terms depend on: the embedding
model (for a model we derive, the ONNX Runtime that derived it), the chunk size and
overlap, and the version of `rag.text.terms`. Each has its own
catalog (`indexes/<key>/catalog.sqlite3`) and Chroma collection, so a new one can be
built beside the one serving; the file `ACTIVE` names the one that serves, and switching is
one atomic rename.

One process at a time writes to an index (ingest, remove, prune): `writing` holds a file
lock per index, outside the index's folder so that deleting the folder never drops it.

The switch (which index serves) and the write locks are seams (rag.seams.ActiveSwitch,
rag.seams.WriteLocks): `switch(settings)` and `locks(settings)` give the files under the
data directory described here, or with `RAG_DATABASE_URL` their PostgreSQL kind
(rag.postgres); `upload_journal(settings)` likewise chooses where uploaded files are kept.

The collection's name also carries a random id that the catalog keeps, so two data
directories using one Chroma server never share (and corrupt) a collection.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from rag.catalog import Catalog
from rag.config import Settings
from rag.errors import IndexBusyError
from rag.seams import ActiveSwitch, UploadJournal, WriteLocks
from rag.structure import STRUCTURE_VERSION
from rag.text import TERMS_VERSION


def index_key(embed_name: str, settings: Settings) -> str:
    identity = f"{embed_name}|{settings.chunk_size}|{settings.chunk_overlap}|{TERMS_VERSION}|{STRUCTURE_VERSION}"
    if embed_name.endswith("-dynamic"):  # re-derived, with slightly other weights, per version
        identity += f"|onnxruntime {onnxruntime_version()}"
    return hashlib.sha1(identity.encode()).hexdigest()[:10]


def onnxruntime_version() -> str:
    import onnxruntime  # (whichever build is installed: onnxruntime, -gpu, -openvino...)

    return onnxruntime.__version__


def catalog_path(data_dir: Path, key: str) -> Path:
    return data_dir / "indexes" / key / "catalog.sqlite3"


def open_catalog(settings: Settings, key: str) -> Catalog:
    if settings.database_url:
        from rag.catalog.postgres import open_catalog as open_shared

        return open_shared(settings.database_url, key)
    return Catalog(catalog_path(settings.data_dir, key))


def switch(settings: Settings) -> ActiveSwitch:
    """Which index serves, for these settings: the file ACTIVE, or a row in the database."""
    if settings.database_url:
        from rag.postgres import PgSwitch

        return PgSwitch(settings.database_url)
    return FileSwitch(settings.data_dir)


_shared_locks: dict[str, WriteLocks] = {}


def locks(settings: Settings) -> WriteLocks:
    """The indexes' write locks, for these settings: files, or the database's advisory locks."""
    if settings.database_url:
        from rag.postgres import PgLocks

        with _write_locks_guard:  # one per database in a process, so its threads take turns
            return _shared_locks.setdefault(settings.database_url, PgLocks(settings.database_url))
    return FileLocks(settings.data_dir)


def upload_journal(settings: Settings) -> UploadJournal:
    """Where uploaded files are kept, for these settings: the data directory's uploads/, or
    the database (with a local copy the ingest reads; see rag.pg_uploads.PgUploads)."""
    if settings.database_url:
        from rag.pg_uploads import PgUploads

        return PgUploads(settings.database_url)
    from rag.uploads import Journal

    return Journal(settings.data_dir / "uploads")


def all_keys(settings: Settings) -> list[str]:
    """Every index: serving, retired or an unfinished build."""
    if settings.database_url:
        from rag.catalog.postgres import keys as shared_keys

        return shared_keys(settings.database_url)
    return keys(settings.data_dir)


def remove(settings: Settings, key: str) -> None:
    """Delete index `key`'s catalog (its vectors are the caller's)."""
    if settings.database_url:
        from rag.catalog.postgres import drop

        drop(settings.database_url, key)
    else:
        remove_files(settings.data_dir, key)


def collection_name(settings: Settings, key: str, catalog: Catalog) -> str:
    owner = catalog.get_meta("index_id")
    if owner is None:
        # Indexes built before ids existed keep their collection.
        owner = catalog.meta_or_set("index_id", "" if catalog.has_articles() else secrets.token_hex(4))
    return f"{settings.collection}-{key}" + (f"-{owner}" if owner else "")


def active_key(data_dir: Path) -> str | None:
    """The key of the serving index, if there is one on disk."""
    try:
        key = (data_dir / "ACTIVE").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return key if key and catalog_path(data_dir, key).exists() else None


def activate(data_dir: Path, key: str) -> None:
    """Make `key` the serving index, in one step (readers see the old or the new name)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    fd, staging = tempfile.mkstemp(dir=data_dir, prefix=".ACTIVE-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(key + "\n")
    os.replace(staging, data_dir / "ACTIVE")


@dataclass(frozen=True)
class FileSwitch:
    """The file ACTIVE in the data directory names the serving index."""

    data_dir: Path

    def active_key(self) -> str | None:
        return active_key(self.data_dir)

    def activate(self, key: str) -> None:
        activate(self.data_dir, key)


@dataclass(frozen=True)
class FileLocks:
    """A file lock per index under the data directory's `locks/`."""

    data_dir: Path

    def writing(self, key: str, on_busy: Callable[[], None] | None = None) -> AbstractContextManager[None]:
        return writing(self.data_dir, key, on_busy)


class _WriteLock:
    """One per index in this process. A file lock is held by an open file, not by a thread,
    so threads of one process (API requests, UI sessions) queue on `threads` and only the
    first takes `file`, which keeps other processes out."""

    def __init__(self, path: Path) -> None:
        from filelock import FileLock

        self.threads, self.file, self.depth = threading.RLock(), FileLock(path, thread_local=False), 0


_write_locks: dict[Path, _WriteLock] = {}
_write_locks_guard = threading.Lock()


@contextmanager
def writing(data_dir: Path, key: str, on_busy: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold index `key` for writing. Other threads of this process wait their turn; if
    another process holds it: with `on_busy`, call it and wait, without, raise
    IndexBusyError."""
    from filelock import Timeout

    path = (data_dir / "locks").resolve() / f"{key}.lock"
    with _write_locks_guard:
        if path not in _write_locks:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_locks[path] = _WriteLock(path)
        lock = _write_locks[path]
    with lock.threads:
        if not lock.depth:
            try:
                lock.file.acquire(timeout=0)
            except Timeout:
                if on_busy is None:
                    raise IndexBusyError(
                        "another process is writing to this index (a `rag ingest`?)", "try again when it has finished"
                    ) from None
                on_busy()
                lock.file.acquire()
        lock.depth += 1
        try:
            yield
        finally:
            lock.depth -= 1
            if not lock.depth:
                lock.file.release()


def keys(data_dir: Path) -> list[str]:
    """Every index under the data directory: serving, retired or an unfinished build."""
    return sorted(p.parent.name for p in (data_dir / "indexes").glob("*/catalog.sqlite3"))


def remove_files(data_dir: Path, key: str) -> None:
    shutil.rmtree(data_dir / "indexes" / key)


@dataclass(frozen=True)
class IndexInfo:
    key: str
    embed_model: str
    chunk_size: str
    chunk_overlap: str
    articles: int
    chunks: int
    state: str  # serving | retired (served before; prunable) | unfinished (a build not yet switched to)


def listing(settings: Settings, opened: str) -> list[IndexInfo]:
    """Every index in the data directory, the serving one first. Which one serves is
    ACTIVE's to say (another process may have switched since `opened` was opened)."""
    found = []
    serving = switch(settings).active_key() or opened
    for key in all_keys(settings):
        catalog = open_catalog(settings, key)
        try:
            meta = {name: catalog.get_meta(name) or "?" for name in ("embed_model", "chunk_size", "chunk_overlap")}
            state = "serving" if key == serving else "retired" if catalog.get_meta("served") else "unfinished"
            articles, chunks = catalog.counts()
            found.append(IndexInfo(key, **meta, articles=articles, chunks=chunks, state=state))
        finally:
            catalog.close()
    return sorted(found, key=lambda i: i.state != "serving")


def prune(settings: Settings, opened: str) -> list[str]:
    """Delete retired indexes with their Chroma collections. The serving one, `opened`
    (open in the caller), unfinished builds (the next ingest resumes them) and any that
    another process is writing to stay. Returns the keys deleted."""
    from rag.store import VectorStore

    pruned = []
    for info in listing(settings, opened):
        if info.state != "retired" or info.key == opened:
            continue
        try:
            with locks(settings).writing(info.key):
                # Switched to, or pruned by another process, while we looked?
                if switch(settings).active_key() == info.key or info.key not in all_keys(settings):
                    continue
                catalog = open_catalog(settings, info.key)
                try:
                    VectorStore(settings, collection_name(settings, info.key, catalog)).drop()
                finally:
                    catalog.close()
                remove(settings, info.key)
        except IndexBusyError:  # being rebuilt: no longer retired
            continue
        pruned.append(info.key)
    return pruned
