"""API keys (RAG_API_KEYS): whether a request carries one, and the error when it does not.

Shared by the HTTP API (`rag serve`) and the MCP server's HTTP transport (`rag mcp
--http`), so both accept the same keys the same way.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from rag.errors import UnauthorizedError


def key_ok(headers: Mapping[str, str], keys: list[str]) -> bool:
    """Whether the headers carry one of the keys (always, when there are none):
    `Authorization: Bearer KEY` (what the openai client and MCP clients send) or `X-API-Key: KEY`."""
    if not keys:
        return True
    given = headers.get("x-api-key") or ""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        given = token.strip()
    # As bytes: headers arrive as Latin-1 text, and compare_digest refuses non-ASCII str.
    sent = given.encode("latin-1")
    return any(secrets.compare_digest(sent, key.encode("utf-8")) for key in keys)


def unauthorized() -> UnauthorizedError:
    return UnauthorizedError(
        "missing or invalid API key", "send Authorization: Bearer KEY or X-API-Key: KEY, with a key from RAG_API_KEYS"
    )
