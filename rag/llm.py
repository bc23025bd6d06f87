"""Chat completions from OpenAI or any OpenAI-compatible server, through the `openai` client.

The client retries 429s, 5xx and connection errors with exponential backoff
(`llm_max_retries`); what still fails becomes an `LLMError` that names the setting to
fix. Nothing here knows about passages or citations.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, cast

from rag.config import Settings
from rag.errors import LLMError


@dataclass
class Reply:
    text: str
    truncated: bool  # cut by the token cap or the time limit: its last sentence may be unfinished


@dataclass
class Cut:
    """Whether a reply was cut short, set by whoever produces its deltas as they are read."""

    truncated: bool = False


class Stream:
    """Text deltas as the model writes them; `truncated` is known once they are read
    (`produce` gets a `Cut` to say so: not the stream itself, so that a stream a reader
    drops is freed at once and its producer closed, ending a generation, releasing a lock)."""

    def __init__(self, produce: Callable[[Cut], Iterator[str]]) -> None:
        self._cut = Cut()
        self._deltas = produce(self._cut)

    @property
    def truncated(self) -> bool:
        return self._cut.truncated

    def __iter__(self) -> Iterator[str]:
        return self._deltas

    def close(self) -> None:
        """Stop reading: the producer's generator is closed (its `finally` runs)."""
        close = getattr(self._deltas, "close", None)
        if close is not None:
            close()


class ChatModel(Protocol):
    """What the generative answer and the follow-up rewrite need of a model: `LLM` below
    (OpenAI-compatible servers), rag.llamaindex.LlamaIndexLLM (any llama-index LLM), and
    the tests' in-process fakes. Failures are raised as `LLMError`."""

    def complete(self, messages: list[dict[str, str]]) -> str: ...

    def reply(self, messages: list[dict[str, str]]) -> Reply: ...

    def stream(self, messages: list[dict[str, str]]) -> Stream: ...


class LLM:
    """A `ChatModel` over OpenAI's API or any OpenAI-compatible server."""

    def __init__(self, settings: Settings) -> None:
        from openai import OpenAI

        if not (settings.api_key or settings.openai_base_url):
            raise LLMError(
                "RAG_BACKEND=openai needs an API key or the URL of an OpenAI-compatible server",
                "set OPENAI_API_KEY, or RAG_OPENAI_BASE_URL (e.g. http://127.0.0.1:11434/v1 for Ollama)",
            )
        self.model = settings.llm_model
        self.where = settings.openai_base_url or "the OpenAI API"
        self._temperature = settings.temperature
        self._timeout = settings.llm_timeout
        self._max_tokens = settings.llm_max_tokens
        self._client = OpenAI(
            # Local servers often need no key, but the client insists on one.
            api_key=settings.api_key or "not-needed",
            base_url=settings.openai_base_url or None,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
        )

    def complete(self, messages: list[dict[str, str]]) -> str:
        return self.reply(messages).text

    def reply(self, messages: list[dict[str, str]]) -> Reply:
        with self._errors():
            response = self._client.chat.completions.create(
                model=self.model, messages=cast(Any, messages), temperature=self._temperature,
                max_tokens=self._max_tokens,
            )
            choice = response.choices[0] if response.choices else None
            text = getattr(getattr(choice, "message", None), "content", None)
        if not text or not text.strip():
            raise self._empty()
        return Reply(text, getattr(choice, "finish_reason", None) == "length")

    def stream(self, messages: list[dict[str, str]]) -> Stream:
        """Text deltas as the server sends them; raises LLMError, also mid-stream. The
        whole stream gets `llm_timeout` seconds (the client's timeout is per read, and a
        model that never stops keeps sending): past it the reply is cut, as truncated."""
        return Stream(lambda cut: self._deltas(messages, cut))

    def _deltas(self, messages: list[dict[str, str]], cut: Cut) -> Iterator[str]:
        produced = False
        deadline = time.monotonic() + self._timeout
        with self._errors():
            chunks: Any = self._client.chat.completions.create(
                model=self.model, messages=cast(Any, messages), temperature=self._temperature, stream=True,
                max_tokens=self._max_tokens,
            )
            try:
                for chunk in chunks:
                    choice = chunk.choices[0] if chunk.choices else None
                    delta = getattr(getattr(choice, "delta", None), "content", None)
                    if delta:
                        produced = True
                        yield delta
                    if getattr(choice, "finish_reason", None) == "length":
                        cut.truncated = True
                    if time.monotonic() > deadline:
                        cut.truncated = True
                        break
            finally:
                chunks.close()  # stops the server's generation too
        if not produced:
            raise self._empty()

    def _empty(self) -> LLMError:
        return LLMError(f"{self.where} returned an empty completion", f"check that RAG_LLM_MODEL={self.model} is a chat model")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Map the openai client's exceptions to one-line LLMErrors that name the fix."""
        import openai

        try:
            yield
        except (openai.OpenAIError, ValueError, AttributeError, TypeError) as exc:  # last two: odd JSON
            raise self._explain(exc) from None

    def _explain(self, exc: Exception) -> LLMError:
        import openai

        where, model = self.where, self.model
        if isinstance(exc, openai.AuthenticationError):
            return LLMError(f"{where} rejected the API key (401)", "set OPENAI_API_KEY or RAG_OPENAI_API_KEY to a valid key")
        if isinstance(exc, openai.PermissionDeniedError):
            return LLMError(f"{where} refused access to model {model} (403)", "check the key's permissions or RAG_LLM_MODEL")
        if isinstance(exc, openai.NotFoundError):
            return LLMError(f"{where} has no model {model!r}, or the URL is wrong (404)", "check RAG_LLM_MODEL and RAG_OPENAI_BASE_URL (it usually ends in /v1)")
        if isinstance(exc, openai.RateLimitError):
            return LLMError(f"{where} is rate-limiting requests (429), even after retries", "wait a little, or raise RAG_LLM_MAX_RETRIES")
        if isinstance(exc, openai.APITimeoutError):
            return LLMError(f"{where} did not answer within {self._timeout:g}s", "raise RAG_LLM_TIMEOUT, or check the server")
        if isinstance(exc, openai.APIConnectionError):
            return LLMError(f"cannot connect to {where}", "check that the server is running and RAG_OPENAI_BASE_URL is right")
        if isinstance(exc, openai.APIStatusError):
            return LLMError(f"{where} failed with HTTP {exc.status_code}: {_short(exc.message)}", "try again later, or check the server's logs")
        return LLMError(f"{where} sent a response that is not a valid completion ({_short(str(exc))})", "check that RAG_OPENAI_BASE_URL points at an OpenAI-compatible API")


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "…"
