"""`rag.Client`: a running `rag serve`, driven from Python with the same calls as the local
`rag.Assistant` (both satisfy `rag.protocol.AssistantLike`), answered over HTTP.

    from rag import Client

    with Client("http://127.0.0.1:8000", api_key="key1") as client:
        answer = client.ask("Where did Putin and Sharif meet?")
        answer, chat_id = client.chat("What did Sharif propose about barter with Russia?")
        answer, _ = client.chat("And what happened to it?", chat_id)   # a follow-up
        client.feedback(answer, -1, "it missed the date")

Without arguments it reads RAG_API_URL and RAG_API_TOKEN (the chat UI's settings). An
error the server reports is raised as the class the local Assistant raises for it
(rag.errors: NotFoundError, IndexBusyError, NotAnUploadError, ... chosen by the error's
`code`; UnauthorizedError for a missing or wrong key); a server that cannot be reached is
StoreUnavailableError. Every one is a `rag.RagError`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError

from rag.config import Settings
from rag.errors import EmptyQuestionError, LoadError, RagError, StoreUnavailableError, TooLargeError, settings_error
from rag.followup import History
from rag.ingest import IngestReport
from rag.schema import Answer, Article, Delta, Final, Passage, Passages, Source, StreamEvent, known_fields

Progress = Callable[[Path, str], None]


class RemoteError(RagError):
    """An error the server reported with a code this client does not know (a newer server)."""

    def __init__(self, status: int, message: str, code: str = "remote_error") -> None:
        super().__init__(message)
        self.status, self.code = status, code


class Client:
    def __init__(
        self,
        base_url: str | Settings | None = None,
        api_key: str | None = None,
        *,
        timeout: float | None = None,
        transport: httpx.BaseTransport | None = None,
        settings: Settings | None = None,
    ) -> None:
        """`base_url` is where `rag serve` listens (default RAG_API_URL), `api_key` one of its
        RAG_API_KEYS (default RAG_API_TOKEN). `transport` swaps how requests are sent (an
        httpx transport: a test's, or a proxy's)."""
        if isinstance(base_url, Settings):  # RemoteAssistant(settings), as the chat UI built it
            settings, base_url = base_url, None
        if settings is None:
            try:
                settings = Settings()
            except ValidationError as e:
                raise settings_error(e) from None
        base_url = (base_url or settings.api_url).rstrip("/")
        if not base_url:
            raise RagError("no address for the answer API", 'pass Client("http://HOST:PORT") or set RAG_API_URL')
        self.settings = settings.model_copy(update={"api_url": base_url})  # what the UI shows and defaults to
        token = settings.api_token.get_secret_value() if api_key is None else api_key
        self._http = httpx.Client(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}"} if token else {},
            timeout=settings.llm_timeout + 30 if timeout is None else timeout,  # a generated answer may take that long
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def configure(self, backend: str | None = None, llm_model: str | None = None) -> None:
        """The server's own settings decide; nothing to switch from here."""

    # --- questions ------------------------------------------------------------------------

    def ask(self, question: str, k: int | None = None, documents: Sequence[str] | None = None,
            history: History = ()) -> Answer:
        """As Assistant.ask: POST /v1/ask (with `history`, the answer of /v1/ask/stream)."""
        if history:  # only the streaming route takes a history
            *_, last = self.stream(question, k, documents, history)
            match last:
                case Final(answer):
                    return answer
            raise StoreUnavailableError(f"the answer API at {self.settings.api_url} ended the stream without an answer",
                                        "try again; the server's log may say why")
        return Answer.from_dict(self._request("POST", "/v1/ask", json=self._question(question, k, documents)))

    def stream(self, question: str, k: int | None = None, documents: Sequence[str] | None = None,
               history: History = (), with_passages: bool = False) -> Iterator[StreamEvent]:
        """As Assistant.stream, from the server-sent events of POST /v1/ask/stream: Delta
        events as the text is written, then Final (with `with_passages`, Passages first)."""
        body = self._question(question, k, documents) | {"history": [{"role": r, "content": t} for r, t in history]}
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
                            yield Passages([known_fields(Passage, p) for p in data])
                        elif event == "delta":
                            yield Delta(data["text"])
                        elif event == "answer":
                            yield Final(Answer.from_dict(data))
                        elif event == "error":  # a failure after the answer began
                            raise _raised(data.get("error"), status=None)
        except httpx.HTTPError as e:
            raise self._unreachable(e) from None

    def chat(self, question: str, conversation_id: str | None = None, k: int | None = None,
             documents: Sequence[str] | None = None) -> tuple[Answer, str]:
        """As Assistant.chat: one turn of a conversation the server keeps (POST /v1/chat).
        Returns the answer and the conversation's id, to pass with the next question."""
        body = self._question(question, k, documents) | {"conversation_id": conversation_id}
        data = self._request("POST", "/v1/chat", json=body)
        conversation_id = data.pop("conversation_id")
        return Answer.from_dict(data), conversation_id

    def feedback(self, answer: Answer, rating: int, comment: str = "") -> dict[str, Any]:
        """As Assistant.feedback, kept by the server (POST /v1/feedback): +1 or -1 for an
        answer, with an optional comment. Returns the stored record's `id` and `at`."""
        return self._request("POST", "/v1/feedback", json={"answer": answer.to_dict(), "rating": rating, "comment": comment})

    @staticmethod
    def _question(question: str, k: int | None, documents: Sequence[str] | None) -> dict[str, Any]:
        if not (question or "").strip():  # as the Assistant says it, without a round trip
            raise EmptyQuestionError("the question is empty", "type a question about the articles")
        return {"question": question, "k": k, "documents": list(documents) if documents is not None else None}

    # --- the corpus -----------------------------------------------------------------------

    def sources(self, contains: str | None = None, limit: int | None = None, offset: int = 0) -> list[Source]:
        """As Assistant.sources (GET /v1/documents): every article when `limit` is None, else a page."""
        found: list[Source] = []
        while limit is None or len(found) < limit:
            want = 1000 if limit is None else min(1000, limit - len(found))  # the server's largest page
            page = self._documents(contains, want, offset + len(found))["documents"]
            found += [known_fields(Source, d) for d in page]
            if len(page) < want:
                break
        return found

    def count_articles(self, contains: str | None = None) -> int:
        return self._documents(contains, 0, 0)["total"]

    def _documents(self, contains: str | None, limit: int, offset: int) -> dict:
        return self._request("GET", "/v1/documents", params={"q": contains or "", "limit": limit, "offset": offset})

    def article(self, doc_id: str) -> Article | None:
        """As Assistant.article (GET /v1/documents/{doc_id}): None for an unknown doc_id. The
        server does not say where its file is: `path` is empty."""
        try:
            data = self._request("GET", f"/v1/documents/{doc_id}")
        except RagError as e:
            if e.status == 404:
                return None
            raise
        return known_fields(Article, data | {"path": ""})

    def upload(self, files: Mapping[str, bytes], on_file: Progress | None = None,
               on_busy: Callable[[], None] | None = None) -> tuple[list[Path], IngestReport]:
        """As Assistant.upload, one POST /v1/documents per file: the server names and stores
        each (the paths returned are the names it stored them under). A file it cannot
        ingest is in the report's `failed`, as locally; anything else (a wrong key, the index
        busy) is raised. `on_busy` is not called: the server answers 409 at once."""
        report, stored = IngestReport(), []
        for name, data in files.items():
            path = Path(name)
            try:
                result = self._request("POST", "/v1/documents", files={"file": (name, data)})
            except (LoadError, TooLargeError) as e:
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
        """As Assistant.replace (PUT /v1/documents/{doc_id}): a new version of an uploaded article."""
        report = IngestReport()
        self._count(report, self._request("PUT", f"/v1/documents/{doc_id}", files={"file": (doc_id, data)}))
        return report

    def remove(self, doc_id: str) -> None:
        """As Assistant.remove (DELETE /v1/documents/{doc_id}); an unknown doc_id is NotFoundError."""
        self._request("DELETE", f"/v1/documents/{doc_id}")

    @staticmethod
    def _count(report: IngestReport, result: dict) -> str:
        outcome = next(k for k in ("added", "updated", "unchanged") if result[k])
        setattr(report, outcome, getattr(report, outcome) + 1)
        report.chunks += result["chunks"]
        return outcome

    # --- HTTP -----------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> dict:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as e:
            raise self._unreachable(e) from None
        if response.status_code >= 400:
            raise self._error(response)
        return response.json()

    def _error(self, response: httpx.Response) -> RagError:
        try:
            error = response.json()["error"]
        except (ValueError, KeyError, TypeError):  # not our server's error shape (a proxy's page?)
            error = None
        return _raised(error, response.status_code)

    def _unreachable(self, e: Exception) -> StoreUnavailableError:
        return StoreUnavailableError(
            f"cannot reach the answer API at {self.settings.api_url} ({type(e).__name__})",
            "start it with `rag serve`, or unset RAG_API_URL to run the pipeline in the UI",
        )


RemoteAssistant = Client  # its name before it was public; kept so code written for it runs


def _raised(error: Any, status: int | None) -> RagError:
    """The exception for an error body {"message", "type", "code"}: the RagError subclass
    with that code, carrying the server's status."""
    if not isinstance(error, dict) or not isinstance(error.get("message"), str):
        return RemoteError(status or 502, f"the API answered HTTP {status}" if status else "the API sent a malformed error")
    cls = _error_classes().get(str(error.get("code")))
    if cls is None:
        return RemoteError(status or 502, error["message"], str(error.get("code") or "remote_error"))
    raised = cls(error["message"])  # the server's message already ends with its hint
    if status is not None and status != raised.status:
        raised.status = status
    return raised


def _error_classes() -> dict[str, type[RagError]]:
    """Every RagError subclass by its code, the first defined winning (RagError itself
    for 'rag_error'); read when needed, so subclasses defined later count too."""
    found: dict[str, type[RagError]] = {}
    todo: list[type[RagError]] = [RagError]
    while todo:
        cls = todo.pop(0)
        if cls is not RemoteError:
            found.setdefault(cls.code, cls)
        todo += cls.__subclasses__()
    return found
