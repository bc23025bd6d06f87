"""The file-stat cache: each article's file as it was when read, so that a rerun skips
files that have not changed without reading them (parsing a PDF or HTML file is the slow
part). A cache only: forgetting it costs one more read of every file, nothing else."""

from __future__ import annotations

import os

from rag.sqlite import Database

# A file modified less than this before it was read is read again next time (see
# FileStats.unchanged).
STAT_MARGIN_NS = 2_000_000_000


class FileStats:
    def __init__(self, db: Database) -> None:
        self._db = db

    def unchanged(self, doc_id: str, stat: os.stat_result) -> bool:
        """Whether the article's file is as it was when last read: same size, inode, mtime
        and ctime (which no tool can set back, unlike mtime). Like git's index, a file
        changed within STAT_MARGIN_NS of that read is not trusted: file times are coarse,
        and a quick second write could keep them."""
        row = self._db.row("SELECT stat, checked_ns FROM file_stats WHERE doc_id = ?", (doc_id,))
        return row is not None and row[0] == _stat_key(stat) and _changed_ns(stat) < row[1] - STAT_MARGIN_NS

    def set(self, doc_id: str, stat: os.stat_result, checked_ns: int) -> None:
        """Record the file as read at `checked_ns` (taken before reading it)."""
        self._db.run(
            "INSERT OR REPLACE INTO file_stats VALUES (?, ?, ?, ?)",
            (doc_id, _stat_key(stat), _changed_ns(stat), checked_ns),
        )

    def forget(self, doc_id: str) -> None:
        self._db.run("DELETE FROM file_stats WHERE doc_id = ?", (doc_id,))

    def forget_all(self) -> None:
        """Read every file again on the next run (the loader changed)."""
        self._db.run("DELETE FROM file_stats")


def _stat_key(stat: os.stat_result) -> str:
    return f"{stat.st_size}:{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_ctime_ns}"


def _changed_ns(stat: os.stat_result) -> int:
    return max(stat.st_mtime_ns, stat.st_ctime_ns)
