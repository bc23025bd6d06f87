"""A `ChatModel` that runs a GGUF model in this process with llama.cpp (RAG_BACKEND=local),
for users without a server: `pip install 'rag[local]'` (llama-cpp-python builds llama.cpp
from source the first time, 10-30 minutes on a small machine; pip caches the wheel) and
RAG_LLM_GGUF=/path/to/model.gguf.

The weights are loaded once per process for each file, context and thread count (the
first question waits for them) and shared by every Assistant that names them. A llama.cpp
context answers one request at a time, so requests take turns (the API server's threads
queue here). As with a server, every request is capped by `llm_max_tokens` and a whole
reply, its wait for a turn included, by `llm_timeout` seconds: a reply past the cap is cut
and marked truncated; a request still waiting for its turn is an LLMError.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rag.config import Settings
from rag.errors import LLMError
from rag.llm import Cut, Reply, Stream

BACKEND = "local"
_loaded: dict[tuple, tuple[Any, threading.Lock]] = {}  # (path, context, threads) -> (Llama, its turn)
_loading = threading.Lock()


class LocalLLM:
    backend = BACKEND  # Answer.backend: "local", or "local+extractive" when quotes replace it

    def __init__(self, settings: Settings) -> None:
        if settings.llm_gguf is None:
            raise LLMError("RAG_BACKEND=local needs the model's weights (a .gguf file)",
                           "set RAG_LLM_GGUF=/path/to/model.gguf, or RAG_BACKEND=openai for a server")
        self.path = Path(settings.llm_gguf).expanduser().resolve()
        if not self.path.is_file():
            raise LLMError(f"no model file at {self.path}", "check RAG_LLM_GGUF (the path of a .gguf file)")
        self._temperature = settings.temperature
        self._timeout = settings.llm_timeout
        self._max_tokens = settings.llm_max_tokens
        self._model, self._turn = _load(self.path, settings.llm_context, settings.llm_threads)

    def complete(self, messages: list[dict[str, str]]) -> str:
        return self.reply(messages).text

    def reply(self, messages: list[dict[str, str]]) -> Reply:
        stream = self.stream(messages)
        text = "".join(stream)
        return Reply(text, stream.truncated)

    def stream(self, messages: list[dict[str, str]]) -> Stream:
        """Text deltas as the model writes them; raises LLMError, also mid-stream."""
        return Stream(lambda cut: self._deltas(messages, cut))

    def _deltas(self, messages: list[dict[str, str]], cut: Cut) -> Iterator[str]:
        # Waiting for the model counts against the reply's time: a queue of requests
        # ends in a clear error, not a hang.
        started = time.monotonic()
        if not self._turn.acquire(timeout=self._timeout):
            raise LLMError(f"the local model was busy with other questions for {self._timeout:g}s",
                           "raise RAG_LLM_TIMEOUT, or serve the model (RAG_BACKEND=openai) for many users at once")
        produced = False
        chunks: Any = None
        try:  # the lock is released when the reply is read, fails, or its reader drops it
            chunks = self._model.create_chat_completion(
                messages=messages, temperature=self._temperature, max_tokens=self._max_tokens, stream=True)
            for chunk in chunks:
                choice = chunk["choices"][0] if chunk.get("choices") else {}
                delta = (choice.get("delta") or {}).get("content")
                if delta:
                    produced = True
                    yield delta
                if choice.get("finish_reason") == "length":
                    cut.truncated = True
                if time.monotonic() - started > self._timeout:
                    cut.truncated = True
                    break
        except (ValueError, RuntimeError) as e:  # ValueError: llama.cpp's way to say the prompt does not fit
            raise LLMError(f"the local model could not answer: {e}",
                           "raise RAG_LLM_CONTEXT (the model's context, in tokens) or lower RAG_TOP_K") from None
        finally:
            if chunks is not None and hasattr(chunks, "close"):
                chunks.close()  # stops llama.cpp's generation
            self._turn.release()
        if not produced:
            raise LLMError(f"the local model {self.path.name} wrote nothing",
                           "check that RAG_LLM_GGUF is an instruction-tuned (chat) model")


def _load(path: Path, context: int, threads: int | None) -> tuple[Any, threading.Lock]:
    key = (path, context, threads)
    with _loading:
        if key not in _loaded:
            try:
                from llama_cpp import Llama
            except ImportError:
                raise LLMError("RAG_BACKEND=local needs llama-cpp-python, which is not installed",
                               "pip install 'rag[local]' (it builds llama.cpp: 10-30 minutes the first time), "
                               "or use RAG_BACKEND=openai with a server") from None
            try:
                model = Llama(model_path=str(path), n_ctx=context, n_threads=threads, n_threads_batch=threads,
                              verbose=False)
            except (ValueError, RuntimeError) as e:
                raise LLMError(f"llama.cpp could not load {path} ({e})",
                               "check that RAG_LLM_GGUF is a GGUF model file llama.cpp supports") from None
            _loaded[key] = (model, threading.Lock())
        return _loaded[key]
