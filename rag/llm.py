"""Chat completions from OpenAI or any OpenAI-compatible server, through the `openai` client.

The client retries 429s, 5xx and connection errors with exponential backoff
(`llm_max_retries`); what still fails becomes an `LLMError` that names the setting to
fix. Nothing here knows about passages or citations.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rag.config import Settings
from rag.errors import LLMError


class LLM:
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
        self._client = OpenAI(
            # Local servers often need no key, but the client insists on one.
            api_key=settings.api_key or "not-needed",
            base_url=settings.openai_base_url or None,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
        )

    def complete(self, messages: list[dict[str, str]]) -> str:
        with self._errors():
            response = self._client.chat.completions.create(
                model=self.model, messages=messages, temperature=self._temperature
            )
            message = response.choices[0].message if response.choices else None
            text = getattr(message, "content", None)
        if not text or not text.strip():
            raise self._empty()
        return text

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]:
        """Text deltas as the server sends them; raises LLMError, also mid-stream."""
        produced = False
        with self._errors():
            chunks = self._client.chat.completions.create(
                model=self.model, messages=messages, temperature=self._temperature, stream=True
            )
            for chunk in chunks:
                delta = getattr(chunk.choices[0].delta, "content", None) if chunk.choices else None
                if delta:
                    produced = True
                    yield delta
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
