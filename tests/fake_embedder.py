"""An in-process fake embedding model for fast tests: a hashed bag of words.

Deterministic and instant, no model file and no download: texts that share words get
close vectors, texts that share none are orthogonal. Enough for tests of what surrounds
the embedding (ingest, stores, fusion, the answer contract); not for the quality of
retrieval, which the real model's tests measure. The slow tests keep the real model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

DIMENSIONS = 384  # as the bundled all-MiniLM-L6-v2


class HashEmbedder:
    name = "test:hashed-bag-of-words-384"

    def __init__(self) -> None:
        self.calls: list[int] = []  # texts per call, for tests of batching

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised row per text (the `rag.embed.Embedder` contract)."""
        self.calls.append(len(texts))
        rows = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                rows[i, int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big") % DIMENSIONS] += 1.0
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
