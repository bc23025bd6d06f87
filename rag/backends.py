"""Who writes the answers: the index's extractive answerer, or a generative one over an
LLM (the backend the settings name: a server's or a local GGUF model; or an LLM given to
`Assistant.use_llm`), made on first use so that commands that need no LLM never fail for one.

An Assistant holds one `Backend` and replaces it whole when the backend or model changes,
so a shallow copy of the Assistant (the UI's per-session choice) never changes the
original's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from rag.config import Settings
from rag.schema import Answer, Delta, Final, Passage

if TYPE_CHECKING:
    from rag.index import Index
    from rag.llm import ChatModel


class Answerer(Protocol):
    """Passages -> Answer: rag.answer.ExtractiveAnswerer and rag.generate.GenerativeAnswerer.
    `focus` is what a follow-up asks now when `question` joins it to the one before it;
    `rewritten`, an LLM's standalone rewrite of the follow-up (what a model reads)."""

    name: str

    def stream(self, question: str, passages: list[Passage], focus: str | None = None,
               rewritten: str | None = None) -> Iterator[Delta | Final]:
        """Text deltas as they are written, then the verified Answer."""

    def answer(self, question: str, passages: list[Passage], focus: str | None = None,
               rewritten: str | None = None) -> Answer: ...


class Backend:
    def __init__(self, settings: Settings, given_llm: ChatModel | None = None) -> None:
        self.settings = settings
        self.given_llm = given_llm
        self.llm: ChatModel | None = None  # the model in use, once made
        self._generative: tuple[Index, Answerer] | None = None  # (the index it was made over, the answerer)

    def answerer(self, index: Index) -> Answerer:
        """The extractive answerer, or the generative one (raises LLMError if the LLM
        cannot be set up, e.g. no key)."""
        if self.settings.backend == "extractive" and self.given_llm is None:
            return index.extractive
        made = self._generative
        if made is None or made[0] is not index:  # it falls back on its index's extractive answerer
            from rag.generate import GenerativeAnswerer

            self.llm = self.llm or self.given_llm or chat_model(self.settings)
            made = self._generative = (index, GenerativeAnswerer(self.llm, self.settings, index.extractive))
        return made[1]


def chat_model(settings: Settings) -> ChatModel:
    """The LLM the settings name: a GGUF model in this process (RAG_BACKEND=local), or
    OpenAI / an OpenAI-compatible server."""
    if settings.backend == "local":
        from rag.local_llm import LocalLLM

        return LocalLLM(settings)
    from rag.llm import LLM

    return LLM(settings)
