"""The corpus over HTTP: list and read articles, upload, replace and delete them.

Uploads, replacements and deletes take turns on threads of their own (one write at a
time, app.state.writes): queued behind a slow one, they wait as coroutines, never
holding the threads that answer questions and health checks.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, File, Query, Request, UploadFile

from rag import observe
from rag.api import state
from rag.api.security import UNAUTHORIZED, require_key
from rag.errors import InvalidRequestError, LoadError, NotFoundError, TooLargeError
from rag.load import make_doc_id

router = APIRouter(tags=["documents"], dependencies=[Depends(require_key)], responses=UNAUTHORIZED)


@router.get("/v1/documents")
def documents(
    request: Request,
    q: Annotated[str, Query(max_length=200, description="Only articles whose title or path holds this text.")] = "",
    limit: Annotated[int, Query(ge=0, le=1000, description="Page size (0: only the total).")] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict:
    """A page of the articles in order of their source path, and how many there are in all."""
    assistant = state.the(request)
    return {
        "documents": [asdict(s) for s in assistant.sources(q or None, limit, offset)],
        "total": assistant.count_articles(q or None),
    }


@router.get("/v1/documents/{doc_id}")
def document(doc_id: str, request: Request) -> dict:
    """One article with its full text, so a client can highlight text[start:end]."""
    article = state.the(request).article(doc_id)
    if article is None:
        raise NotFoundError(f"no article with doc_id {doc_id}", "GET /v1/documents lists them")
    data = asdict(article)
    data.pop("path")  # a server-side path is nobody's business
    return data


@router.post("/v1/documents", status_code=201)
async def upload(request: Request, file: UploadFile = File(...)) -> dict:
    """Upload one article (.txt, .md, .rst, .adoc, .info, .html, .pdf) and ingest it, as a new article: it
    never replaces another. A name already taken is stored numbered ("report-2.md",
    see `stored_as`); the same bytes again give the same article (`unchanged`), so a
    retry adds nothing. PUT /v1/documents/{doc_id} replaces an uploaded article."""
    if len((await request.form()).getlist("file")) > 1:
        raise InvalidRequestError("more than one 'file' part", "upload one file per request")
    data = await _read_upload(file, state.settings(request).max_upload_bytes)
    # Parsing and embedding run on a thread of their own, one write at a time, so
    # questions and health checks keep answering meanwhile.
    return await anyio.to_thread.run_sync(_upload, request, file.filename or "upload.txt", data,
                                          limiter=request.app.state.writes)


@router.put("/v1/documents/{doc_id}")
async def replace(doc_id: str, request: Request, file: UploadFile = File(...)) -> dict:
    """Replace an uploaded article with a new version of its file (its doc_id stays). If
    the new version cannot be ingested, the old one stays, on disk and in the index.
    Articles ingested from files on the server are 409: change the file and run `rag ingest`."""
    data = await _read_upload(file, state.settings(request).max_upload_bytes)
    return await anyio.to_thread.run_sync(_replace, request, doc_id, data, limiter=request.app.state.writes)


@router.delete("/v1/documents/{doc_id}")
async def delete(doc_id: str, request: Request) -> dict:
    return await anyio.to_thread.run_sync(_delete, request, doc_id, limiter=request.app.state.writes)


async def _read_upload(file: UploadFile, limit: int) -> bytes:
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"the file is larger than {limit} bytes", "RAG_MAX_UPLOAD_BYTES sets the limit")
    return data


# The Assistant is looked up on the writer's thread, once its turn has come, so a write
# queued across an index switch lands in the new index.


def _upload(request: Request, name: str, data: bytes) -> dict:
    [target], report = state.the(request).upload({name: data})
    return _uploaded(target, report, state.metrics(request))


def _replace(request: Request, doc_id: str, data: bytes) -> dict:
    assistant = state.the(request)
    report = assistant.replace(doc_id, data)
    path = assistant.catalog.path_of(doc_id)
    assert path is not None  # replace() raised NotFoundError otherwise
    return _uploaded(Path(path), report, state.metrics(request))


def _uploaded(target: Path, report: Any, metrics: observe.Metrics) -> dict:
    metrics.ingest(added=report.added, updated=report.updated, unchanged=report.unchanged, failed=len(report.failed))
    if not report.ok:
        raise LoadError(report.failed[0][1], "upload a .txt, .md, .rst, .adoc, .info, .html or .pdf file in UTF-8 (or HTML that declares its encoding)")
    return {"doc_id": make_doc_id(str(target.resolve())), "stored_as": target.name, "added": report.added,
            "updated": report.updated, "unchanged": report.unchanged, "chunks": report.chunks}


def _delete(request: Request, doc_id: str) -> dict:
    assistant = state.the(request)
    if assistant.article(doc_id) is None:
        raise NotFoundError(f"no article with doc_id {doc_id}", "GET /v1/documents lists them")
    assistant.remove(doc_id)
    state.metrics(request).ingest(deleted=1)
    return {"deleted": doc_id}
