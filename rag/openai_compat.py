"""The OpenAI-compatible face of the API: /v1/chat/completions and /v1/models.

Requests and replies have the shapes the `openai` package itself defines
(`openai.types.chat`), so a tool written for OpenAI reads them as it reads OpenAI's, and
/openapi.json documents them. The corpus is one model, "rag"; another name is a 404
`model_not_found`, as OpenAI answers it. Beyond OpenAI's fields, a completion carries its
evidence: `citations` (the Answer's) and `rag` (the whole Answer contract).

What is not used, and why:
- system (and developer) messages. The rules an answer keeps (quote or cite the articles,
  say so when they do not answer) are the server's: a client's instructions ("You are a
  helpful assistant", "answer from your own knowledge") must not loosen them, and the
  extractive answer has no model to instruct. They are accepted and ignored.
- temperature, max_tokens, tools and the like: the server's settings decide (RAG_*).
`usage` counts tokens with tiktoken (cl100k_base): the messages as OpenAI counts a chat
prompt, and the reply's content; the passages an LLM backend reads are the server's.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from openai.types import CompletionUsage, Model
from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage
from openai.types.chat.chat_completion import Choice
from openai.types.chat.chat_completion_chunk import Choice as ChunkChoice
from openai.types.chat.chat_completion_chunk import ChoiceDelta
from pydantic import AfterValidator, BaseModel, Field

from rag.errors import InvalidRequestError, ModelNotFoundError
from rag.schema import Answer, Citation

MODEL_ID = "rag"
SERVED_MODELS = (MODEL_ID,)
NOT_ANSWERED = "I found no answer to this question in the articles."


def _unicode(text: str) -> str:
    # JSON may escape half of a surrogate pair ("\ud800"); such a string cannot be
    # tokenized, embedded or sent back as UTF-8.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("not valid Unicode (a lone surrogate)") from None
    return text


Text = Annotated[str, AfterValidator(_unicode)]


# --- requests -------------------------------------------------------------------------


class ContentPart(BaseModel):
    type: str = "text"
    text: Text | None = None
    model_config = {"extra": "allow"}  # image_url, input_audio...: accepted, not read


class Message(BaseModel):
    role: Literal["system", "user", "assistant", "developer", "tool"]
    content: Text | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):  # content parts: keep the text ones
            return " ".join(part.text for part in self.content if part.type == "text" and part.text)
        return self.content or ""


class StreamOptions(BaseModel):
    include_usage: bool = Field(False, description="send a last chunk with `usage` and no choices")
    model_config = {"extra": "allow"}


class ChatCompletionRequest(BaseModel):
    model: Text = Field(MODEL_ID, description=f"the served model: {', '.join(SERVED_MODELS)} (GET /v1/models)")
    messages: list[Message] = Field(
        min_length=1, max_length=200,
        description="The last user message is the question, earlier user and assistant messages the "
        "conversation. System and developer messages are accepted and not used: the rules an answer "
        "keeps are the server's.")
    stream: bool = False
    stream_options: StreamOptions | None = None
    model_config = {"extra": "allow"}  # temperature, max_tokens... are accepted and ignored


# --- replies --------------------------------------------------------------------------


class RagChatCompletion(ChatCompletion):
    """OpenAI's chat.completion, with the evidence."""

    citations: list[Citation] = Field(description="the passages the answer's [n] markers cite (exact quotes)")
    rag: Answer = Field(description="the whole Answer, as POST /v1/ask returns it")


class RagChatCompletionChunk(ChatCompletionChunk):
    """OpenAI's chat.completion.chunk; the one that finishes the answer carries the evidence."""

    citations: list[Citation] | None = Field(None, description="on the chunk with finish_reason 'stop'")
    rag: Answer | None = Field(None, description="on the chunk with finish_reason 'stop'")


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Model]


def models() -> ModelList:
    return ModelList(object="list", data=[Model(id=name, object="model", created=0, owned_by="rag") for name in SERVED_MODELS])


def model(name: str) -> Model:
    check_model(name)
    return Model(id=name, object="model", created=0, owned_by="rag")


def check_model(name: str) -> None:
    if name not in SERVED_MODELS:
        raise ModelNotFoundError(
            f"The model `{name}` does not exist on this server; it serves: {', '.join(SERVED_MODELS)}",
            "GET /v1/models lists them",
        )


def conversation(messages: list[Message]) -> tuple[str, list[tuple[str, str]]]:
    """The question (the last user message) and the turns before it."""
    turns: list[tuple[str, str]] = [(m.role, m.text()) for m in messages if m.role in ("user", "assistant")]
    if not turns or turns[-1][0] != "user" or not turns[-1][1].strip():
        raise InvalidRequestError("the last message must be a non-empty user message", "put the question last, as role 'user'")
    return turns[-1][1], turns[:-1]


def content(answer: Answer) -> str:
    """The assistant message: the answer with its [n] markers; for a refusal, the closest
    passages themselves (a chat client shows only the content)."""
    if not answer.refused:
        return answer.answer
    if not answer.citations:
        return NOT_ANSWERED
    closest = "\n".join(
        f"[{c.n}] “{' '.join(c.quote.split())}” ({c.title}, {c.source})" for c in answer.citations
    )
    return f"{NOT_ANSWERED} These are the closest passages:\n\n{closest}"


def usage(messages: list[Message], reply: str) -> CompletionUsage:
    prompt = prompt_tokens(messages)
    completion = len(_encoding().encode(reply, disallowed_special=()))
    return CompletionUsage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)


def prompt_tokens(messages: list[Message]) -> int:
    """As OpenAI counts a chat prompt: each message's role and content plus 3 tokens of
    framing, and 3 that open the reply."""
    encoding = _encoding()
    return 3 + sum(3 + len(encoding.encode(m.role)) + len(encoding.encode(m.text(), disallowed_special=())) for m in messages)


@lru_cache(maxsize=1)
def _encoding():
    import tiktoken

    if not os.environ.get("TIKTOKEN_CACHE_DIR"):
        # tiktoken would download its BPE file on first use; llama-index-core ships it (and
        # points TIKTOKEN_CACHE_DIR there on import, which this saves).
        spec = importlib.util.find_spec("llama_index.core")
        assert spec and spec.submodule_search_locations, "llama-index-core is not installed"
        os.environ["TIKTOKEN_CACHE_DIR"] = str(Path(next(iter(spec.submodule_search_locations))) / "_static" / "tiktoken_cache")
    return tiktoken.get_encoding("cl100k_base")


def completion(answer: Answer, request: ChatCompletionRequest, completion_id: str, created: int) -> RagChatCompletion:
    text = content(answer)
    return RagChatCompletion(
        id=completion_id, object="chat.completion", created=created, model=request.model,
        choices=[Choice(index=0, finish_reason="stop", logprobs=None,
                        message=ChatCompletionMessage(role="assistant", content=text, refusal=None))],
        usage=usage(request.messages, text),
        citations=answer.citations, rag=answer,
    )


def chunks(answer: Answer, request: ChatCompletionRequest, completion_id: str, created: int) -> Iterator[str]:
    """The data lines of the stream: the verified answer a word at a time (what the
    grounding check kept is known only once the answer is whole), the evidence on the
    chunk that finishes it, then usage if asked for."""

    def chunk(choices: list[ChunkChoice], **more: Any) -> str:
        made = RagChatCompletionChunk(id=completion_id, object="chat.completion.chunk", created=created,
                                      model=request.model, choices=choices, **more)
        return made.model_dump_json(exclude_unset=True)

    def delta(finish: Literal["stop"] | None = None, **fields: Any) -> list[ChunkChoice]:
        return [ChunkChoice(index=0, delta=ChoiceDelta(**fields), finish_reason=finish)]

    text = content(answer)
    yield chunk(delta(role="assistant", content=""))
    for piece in re.findall(r"\s*\S+\s*", text) if text.strip() else []:
        yield chunk(delta(content=piece))
    yield chunk(delta("stop"), citations=answer.citations, rag=answer)
    if request.stream_options and request.stream_options.include_usage:
        yield chunk([], usage=usage(request.messages, text))
