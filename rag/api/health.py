"""Health and metrics: /healthz (the process is up), /readyz (the index answers) and
/metrics (Prometheus; see rag/observe.py).

/healthz and /readyz are public so load balancers and orchestrators need no key;
/readyz adds the index's counts only for a request that carries a valid key.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from rag import observe
from rag.api import state
from rag.api.security import UNAUTHORIZED, has_key, require_key
from rag.errors import StoreUnavailableError

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict:  # async: answers on the event loop even when every thread is busy
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "index or Chroma unavailable"}})
def readyz(request: Request) -> dict:
    """Whether the index answers; with a valid key (when keys are set), its counts."""
    assistant = state.the(request)
    articles, chunks = assistant.catalog.counts()
    vectors = assistant.store.count()  # raises StoreUnavailableError (503) if Chroma is gone
    if not articles:
        raise StoreUnavailableError("the index is empty", "ingest articles first (rag ingest, or POST /v1/documents)")
    if not has_key(request):
        return {"status": "ready"}
    return {"status": "ready", "articles": articles, "chunks": chunks, "vectors": vectors}


@router.get("/metrics", dependencies=[Depends(require_key)], response_class=Response,
            responses={200: {"content": {observe.METRICS_CONTENT_TYPE: {}}}, **UNAUTHORIZED})
def metrics_page(request: Request) -> Response:
    """Prometheus metrics: requests and latencies by route, answers by outcome, sentences
    flagged unverified, articles written through the API, the index's size. Needs a key
    when keys are set (Prometheus: `authorization: {credentials: KEY}`)."""
    return Response(state.metrics(request).exposition(), media_type=observe.METRICS_CONTENT_TYPE)
