"""The Assistant's interface over a running `rag serve` (the chat UI uses it when
RAG_API_URL is set): the same calls, answered by the HTTP API instead of a local pipeline."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import httpx

from rag.config import Settings
from rag.errors import RagError, StoreUnavailableError
from rag.ingest import IngestReport
from rag.schema import Answer, Article, Passage, Source


class RemoteError(RagError):
    """An error the server reported, with its status."""

    def __init__(self, status: int, message: str, code: str = "remote_error") -> None:
        super().__init__(message)
        self.status, self.code = status, code


class RemoteAssistant:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        token = settings.api_token.get_secret_value()
        self._http = httpx.Client(
            base_url=settings.api_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}"} if token else {},
            timeout=settings.llm_timeout + 30,
        )

    def close(self) -> None:
        self._http.close()

    def configure(self, backend: str | None = None, llm_model: str | None = None) -> None:
        """The server's own settings decide; nothing to switch from here."""

    def sources(self, contains: str | None = None, limit: int | None = None, offset: int = 0) -> list[Source]:
        """As Assistant.sources: every article when `limit` is None, page by page."""
        found: list[Source] = []
        while limit is None or len(found) < limit:
            want = 1000 if limit is None else min(1000, limit - len(found))
            page = self._documents(contains, want, offset + len(found))["documents"]
            found += [Source(**d) for d in page]
            if len(page) < want:
                break
        return found

    def count_articles(self, contains: str | None = None) -> int:
        return self._documents(contains, 0, 0)["total"]

    def _documents(self, contains: str | None, limit: int | None, offset: int) -> dict:
        params = {"q": contains or "", "offset": offset} | ({"limit": limit} if limit is not None else {})
        return self._request("GET", "/v1/documents", params=params)

    def article(self, doc_id: str) -> Article | None:
        try:
            data = self._request("GET", f"/v1/documents/{doc_id}")
        except RemoteError as e:
            if e.status == 404:
                return None
            raise
        return Article(path="", **data)

    def upload(self, files: Mapping[str, bytes], on_file: Callable | None = None,
               on_busy: Callable[[], None] | None = None) -> tuple[list[Path], IngestReport]:
        """As Assistant.upload, through POST /v1/documents (the server names and stores
        each file; the paths returned are the names it stored them under)."""
        report, stored = IngestReport(), []
        for name, data in files.items():
            path = Path(name)
            try:
                result = self._request("POST", "/v1/documents", files={"file": (name, data)})
            except RemoteError as e:
                report.failed.append((name, e.message))
                outcome = "failed"
            else:
                path = Path(result["stored_as"])
                stored.append(path)
                outcome = self._count(report, result)
            if on_file:
                on_file(path, outcome)
        return stored, report

    def replace(self, doc_id: str, data: bytes, on_busy: Callable[[], None] | None = None) -> IngestReport:
        """As Assistant.replace, through PUT /v1/documents/{doc_id}."""
        report = IngestReport()
        self._count(report, self._request("PUT", f"/v1/documents/{doc_id}", files={"file": (doc_id, data)}))
        return report

    def remove(self, doc_id: str) -> None:
        self._request("DELETE", f"/v1/documents/{doc_id}")

    @staticmethod
    def _count(report: IngestReport, result: dict) -> str:
        outcome = next(k for k in ("added", "updated", "unchanged") if result[k])
        setattr(report, outcome, getattr(report, outcome) + 1)
        report.chunks += result["chunks"]
        return outcome

    def ask(self, question: str, k: int | None = None, documents: Sequence[str] | None = None, history=()) -> Answer:
        *_, answer = self.stream(question, k, documents, history)
        return answer

    def stream(self, question: str, k: int | None = None, documents: Sequence[str] | None = None,
               history=(), with_passages: bool = False) -> Iterator[str | Answer | list[Passage]]:
        body = {"question": question, "k": k, "documents": list(documents) if documents else None,
                "history": [{"role": r, "content": t} for r, t in history]}
        try:
            with self._http.stream("POST", "/v1/ask/stream", json=body) as response:
                if response.status_code >= 400:
                    response.read()
                    raise self._error(response)
                event = ""
                for line in response.iter_lines():
                    if line.startswith("event: "):
                        event = line[7:]
                    elif line.startswith("data: "):
                        data = json.loads(line[6:])
                        if event == "passages" and with_passages:
                            yield [Passage(**p) for p in data]
                        elif event == "delta":
                            yield data["text"]
                        elif event == "answer":
                            yield Answer.from_dict(data)
                        elif event == "error":
                            raise RemoteError(502, data["error"]["message"], data["error"]["code"])
        except httpx.HTTPError as e:
            raise self._unreachable(e) from None

    def _request(self, method: str, path: str, **kwargs) -> dict:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as e:
            raise self._unreachable(e) from None
        if response.status_code >= 400:
            raise self._error(response)
        return response.json()

    def _error(self, response: httpx.Response) -> RemoteError:
        try:
            error = response.json()["error"]
            return RemoteError(response.status_code, error["message"], error["code"])
        except (ValueError, KeyError, TypeError):
            return RemoteError(response.status_code, f"the API answered HTTP {response.status_code}")

    def _unreachable(self, e: Exception) -> StoreUnavailableError:
        return StoreUnavailableError(
            f"cannot reach the answer API at {self.settings.api_url} ({type(e).__name__})",
            "start it with `rag serve`, or unset RAG_API_URL to run the pipeline in the UI",
        )
