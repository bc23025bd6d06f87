"""Chunk vectors in Chroma: the only module that calls chromadb.

On disk under the data directory by default, or a Chroma server when `chroma_url` is set.
Chroma holds ids, vectors and two metadata fields (doc_id, content_hash); the text lives
in the catalog. We always pass our own vectors, so Chroma never loads (or downloads) its
default embedding model.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from rag.config import Settings
from rag.errors import StoreUnavailableError


def _unavailable(settings: Settings, e: Exception) -> StoreUnavailableError:
    where = settings.chroma_url or str(settings.data_dir / "chroma")
    hint = (
        "start it (chroma run --path DIR --port N) or unset RAG_CHROMA_URL to use Chroma on disk"
        if settings.chroma_url
        else "check that the data directory is writable (RAG_DATA_DIR)"
    )
    return StoreUnavailableError(f"cannot reach the Chroma store at {where}: {e}", hint)


class VectorStore:
    def __init__(self, settings: Settings, collection: str | None = None) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self._settings = settings
        self._name = collection or settings.collection
        self._lock = threading.Lock()  # chromadb's local client is not documented thread-safe
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if settings.chroma_url:
                url = urlparse(settings.chroma_url)
                self._client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
            else:
                path = settings.data_dir / "chroma"
                path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
            self._collection = self._open()
            self._max_batch = self._client.get_max_batch_size()
        except Exception as e:  # chromadb raises ValueError/ConnectionError/its own types
            raise _unavailable(settings, e) from None

    def _open(self):
        return self._client.get_or_create_collection(
            self._name,
            metadata={"hnsw:space": "cosine"},
            embedding_function=None,
        )

    def _call(self, fn, *args, **kwargs):
        try:
            with self._lock:
                return fn(*args, **kwargs)
        except Exception as e:
            raise _unavailable(self._settings, e) from None

    def count(self) -> int:
        return self._call(self._collection.count)

    def add(self, chunk_ids: Sequence[str], vectors: np.ndarray, doc_ids: Sequence[str], content_hash: Sequence[str]) -> None:
        """Upsert, so re-adding after a crash is harmless."""
        for i in range(0, len(chunk_ids), self._max_batch):
            part = slice(i, i + self._max_batch)
            self._call(
                self._collection.upsert,
                ids=list(chunk_ids[part]),
                embeddings=vectors[part],
                metadatas=[
                    {"doc_id": d, "content_hash": h}
                    for d, h in zip(doc_ids[part], content_hash[part], strict=True)
                ],
            )

    def delete_article(self, doc_id: str, keep_hash: str | None = None) -> None:
        """Remove an article's vectors, or only those of other versions than `keep_hash`."""
        where: dict = {"doc_id": doc_id}
        if keep_hash:
            where = {"$and": [where, {"content_hash": {"$ne": keep_hash}}]}
        self._call(self._collection.delete, where=where)

    def query(self, vector: np.ndarray, limit: int, doc_ids: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity), best first."""
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids is not None else None
        result = self._call(
            self._collection.query,
            query_embeddings=[vector],
            n_results=limit,
            where=where,
            include=["distances"],
        )
        return [(cid, 1.0 - dist) for cid, dist in zip(result["ids"][0], result["distances"][0])]

    def reset(self) -> None:
        """Drop every vector (used when the index is rebuilt with another model)."""
        def drop():
            self._delete_collection()
            self._collection = self._open()

        self._call(drop)

    def drop(self) -> None:
        """Delete the collection itself (a pruned index)."""
        self._call(self._delete_collection)

    def _delete_collection(self) -> None:
        # Chroma on disk deletes a collection's rows but leaves its HNSW folder (chroma-core
        # issue 5259): gigabytes for a large index. Remove the folders of its segments.
        segments = self._segment_folders(self._collection.id) if not self._settings.chroma_url else []
        self._client.delete_collection(self._name)
        for folder in segments:
            shutil.rmtree(folder, ignore_errors=True)

    def _segment_folders(self, collection_id) -> list[Path]:
        path = self._settings.data_dir / "chroma"
        try:
            with closing(sqlite3.connect(f"{(path / 'chroma.sqlite3').resolve().as_uri()}?mode=ro", uri=True)) as db:
                ids = [row[0] for row in db.execute("SELECT id FROM segments WHERE collection = ?", (str(collection_id),))]
        except sqlite3.Error:  # another Chroma schema: leave its files alone
            return []
        return [path / i for i in ids if i and "/" not in i and (path / i).is_dir()]

    def vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these chunks."""
        if not chunk_ids:
            return {}
        result = self._call(self._collection.get, ids=list(chunk_ids), include=["embeddings"])
        return {cid: np.asarray(vec, dtype=np.float32) for cid, vec in zip(result["ids"], result["embeddings"])}
