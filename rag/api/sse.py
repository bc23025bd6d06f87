"""Server-sent events, as /v1/ask/stream and /v1/chat/completions send them.

A RagError raised while the stream is under way (the status line is long gone) becomes
an `error` event with the usual error body.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi.responses import StreamingResponse

from rag.errors import RagError


def sse(events: Iterator[tuple[str, Any]], openai_style: bool = False) -> StreamingResponse:
    """Server-sent events of (event name, data); data that is a str is JSON already.
    `openai_style`: no event names needed, and a last `data: [DONE]` (as OpenAI)."""

    def body() -> Iterator[str]:
        try:
            for event, data in events:
                prefix = f"event: {event}\n" if event else ""
                encoded = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
                yield f"{prefix}data: {encoded}\n\n"
        except RagError as e:
            yield f"event: error\ndata: {json.dumps(e.body())}\n\n"
        if openai_style:
            yield "data: [DONE]\n\n"

    return StreamingResponse(body(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
