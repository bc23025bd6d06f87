"""The OpenAI-compatible routes: /v1/models and /v1/chat/completions, so tools written for
OpenAI can use the corpus as a model ("rag"). The shapes are the openai package's own
types (rag.openai_compat), plus the evidence (`citations`, `rag`).

Also the OpenAPI spec's addition for them: FastAPI collects only response models, so the
schema of the streamed chunks is added here by hand.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request

from rag import openai_compat
from rag.api import state
from rag.api.security import UNAUTHORIZED, require_key
from rag.api.sse import sse
from rag.openai_compat import ChatCompletionRequest, ModelList, RagChatCompletion

router = APIRouter(tags=["openai"], dependencies=[Depends(require_key)], responses=UNAUTHORIZED)
_NO_MODEL: dict[int | str, dict[str, Any]] = {404: {"description": "no such model (code model_not_found)"}}

# The stream of /v1/chat/completions, as FastAPI describes a stream of server-sent events.
_CHUNK_EVENT = {
    "type": "object",
    "required": ["data"],
    "properties": {"data": {"type": "string", "contentMediaType": "application/json",
                            "contentSchema": {"$ref": "#/components/schemas/RagChatCompletionChunk"}}},
    "description": "`data: {chat.completion.chunk}` events, then `data: [DONE]`",
}


@router.get("/v1/models", response_model_exclude_unset=True)
def models() -> ModelList:
    """OpenAI-compatible: the models this server answers as (the corpus is one, "rag")."""
    return openai_compat.models()


@router.get("/v1/models/{model}", response_model_exclude_unset=True, responses=_NO_MODEL)
def model(model: str) -> openai_compat.Model:
    return openai_compat.model(model)


@router.post("/v1/chat/completions", response_model=RagChatCompletion, response_model_exclude_unset=True,
             responses={200: {"content": {"text/event-stream": {"itemSchema": _CHUNK_EVENT}}}, **_NO_MODEL})
def chat_completions(body: ChatCompletionRequest, request: Request):
    """OpenAI-compatible. The last user message is the question, earlier user and
    assistant messages the conversation; system messages are not used (the rules an
    answer keeps are the server's). The answer comes back as the assistant message
    (a refusal lists the closest passages in it); extra fields carry the evidence:
    `citations` (the Answer's citations) and `rag` (the whole Answer). With `stream`,
    the verified answer is sent as chat.completion.chunk events, the evidence on the
    one that finishes it; `stream_options.include_usage` adds a last chunk with usage."""
    openai_compat.check_model(body.model)
    question, history = openai_compat.conversation(body.messages)
    answer = state.the(request).ask(question, history=history)
    state.metrics(request).answer(answer)
    completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    if not body.stream:
        return openai_compat.completion(answer, body, completion_id, created)
    return sse((("", data) for data in openai_compat.chunks(answer, body, completion_id, created)), openai_style=True)


def openapi(app: FastAPI) -> dict:
    """FastAPI's spec, plus the schema of the chunks streamed by /v1/chat/completions
    (named in its text/event-stream response; FastAPI collects only response models)."""
    if app.openapi_schema is None:
        from pydantic.json_schema import models_json_schema

        spec = FastAPI.openapi(app)
        _, chunk = models_json_schema([(openai_compat.RagChatCompletionChunk, "serialization")],
                                      ref_template="#/components/schemas/{model}")
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        # A chunk's Choice is not a completion's Choice (openai names both so): a name
        # already taken by another schema gets the chunk's prefix, and so does one whose
        # name is taken by the same schema when it refers to one so renamed.
        taken = {name for name, schema in chunk["$defs"].items() if schemas.get(name, schema) != schema}
        while more := {name for name, schema in chunk["$defs"].items() if name in schemas and name not in taken
                       and any(f'"#/components/schemas/{t}"' in json.dumps(schema) for t in taken)}:
            taken |= more
        renamed = json.loads(re.sub(
            r'"#/components/schemas/([^"]+)"',
            lambda m: f'"#/components/schemas/{"ChatCompletionChunk" if m[1] in taken else ""}{m[1]}"',
            json.dumps(chunk["$defs"])))
        for name, schema in renamed.items():
            schemas.setdefault(f"ChatCompletionChunk{name}" if name in taken else name, schema)
    assert app.openapi_schema is not None  # FastAPI.openapi() set it
    return app.openapi_schema
