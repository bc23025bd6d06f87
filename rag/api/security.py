"""The API key, declared with fastapi.security so /docs has an "Authorize" button and
/openapi.json lists how to authenticate: `Authorization: Bearer KEY` (what the openai
client sends) or `X-API-Key: KEY`.

The schemes only document and extract; the decision stays with rag.keys.key_ok (the
same check the MCP server uses), on the raw headers, so behaviour does not depend on how
fastapi.security parses them. With no keys configured (RAG_API_KEYS), everyone is let in.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from rag.keys import key_ok, unauthorized

# auto_error=False: a missing or malformed header is ours to answer (401, our error body),
# not fastapi.security's (403, its own body).
api_key_header = APIKeyHeader(name="X-API-Key", scheme_name="apiKey", auto_error=False,
                              description="A key from RAG_API_KEYS.")
bearer = HTTPBearer(scheme_name="bearer", auto_error=False,
                    description="A key from RAG_API_KEYS, as `Authorization: Bearer KEY`.")

UNAUTHORIZED: dict[int | str, dict[str, Any]] = {401: {"description": "missing or invalid API key (when RAG_API_KEYS is set)"}}


def has_key(request: Request) -> bool:
    """Whether the request carries a valid key (always true when no keys are configured)."""
    return key_ok(request.headers, request.app.state.settings.api_key_list)


async def require_key(
    request: Request,
    _api_key: str | None = Security(api_key_header),
    _bearer: HTTPAuthorizationCredentials | None = Security(bearer),
) -> None:
    """The dependency of every keyed route (async: no thread hop for a header check)."""
    if not has_key(request):
        raise unauthorized()
