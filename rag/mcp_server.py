"""`rag mcp`: the articles as an MCP server (Model Context Protocol, on the official `mcp`
SDK), for MCP clients such as Claude Desktop, Claude Code, Cursor or an agent of your own.

Four tools, each one call of `rag.assistant.Assistant`:
- `ask`: a cited answer, the Answer contract (text, refused, citations with exact quotes
  and their offsets, per-sentence support);
- `search`: the ranked passages for a query, without an answer;
- `list_articles`: a page of the articles (doc_id, title, source), optionally by a word
  of the title or path;
- `read_article`: an article's text, or the span `text[start:end]` a citation points to.

Transports: stdio (the client starts `rag mcp` itself) and streamable HTTP (`rag mcp
--http`, path /mcp), where every request needs one of RAG_API_KEYS exactly as the HTTP
API does (rag.keys). It does not upload or delete: that stays with the API and the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from typing import Annotated

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from rag.assistant import MAX_QUESTION_CHARS, Assistant
from rag.errors import NotFoundError, RagError
from rag.keys import key_ok, unauthorized
from rag.schema import Answer, Passage, Source

MAX_READ_CHARS = 50_000  # one read_article call: an article may hold millions of characters

INSTRUCTIONS = """\
Answers questions from a corpus of articles, citing the exact passages. `ask` gives a short
answer whose sentences cite passages as [n]; each citation has the article's doc_id, title,
source, the verbatim quote and its character offsets (quote == article text[start:end]).
When the articles do not answer, `refused` is true: say so rather than answering from
elsewhere. `search` gives passages without an answer; `list_articles` and `read_article`
browse the corpus (read_article with a citation's start and end, widened, shows its context)."""

READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)

Question = Annotated[str, Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="the question, in plain words")]
Query = Annotated[str, Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="words or a question to look for")]
TopK = Annotated[int | None, Field(ge=1, le=50, description="passages to read (default: the server's RAG_TOP_K)")]
DocIds = Annotated[list[str] | None, Field(description="only search these articles (doc_ids from list_articles)")]


class ArticlePage(BaseModel):
    articles: list[Source] = Field(description="in order of their source path")
    total: int = Field(description="how many articles match in all")


class ArticleText(BaseModel):
    doc_id: str
    title: str
    source: str
    metadata: dict[str, str]
    length: int = Field(description="characters in the whole article")
    start: int
    end: int = Field(description="text == the article's text[start:end]")
    text: str
    more: bool = Field(description="whether the article goes on after `end`: read again from `end`")


def build_server(assistant: Assistant) -> MCPServer:
    """The MCP server over this Assistant (reopened when `rag ingest` switches the index)."""
    current = assistant.follow_switch  # the index that serves now, as `rag serve` does
    server = MCPServer("rag", version=_version(), instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool(annotations=READ_ONLY)
    def ask(question: Question, k: TopK = None, documents: DocIds = None) -> Answer:
        """Answer a question from the articles, every sentence citing the passage it comes
        from. Returns the Answer: `answer` (text with [n] markers), `refused`, `citations`
        (n, doc_id, title, source, quote, start, end, score) and `sentences`."""
        with _tool_errors():
            return current().ask(question, k=k, documents=documents)

    @server.tool(annotations=READ_ONLY)
    def search(query: Query, k: TopK = None, documents: DocIds = None) -> list[Passage]:
        """The passages that best match a query, best first, without writing an answer.
        Each passage's `text` is its article's text[start:end]."""
        with _tool_errors():
            return current().retrieve(query, k=k, documents=documents)

    @server.tool(annotations=READ_ONLY)
    def list_articles(
        contains: Annotated[str | None, Field(max_length=200, description="a word of the title or file path")] = None,
        limit: Annotated[int, Field(ge=1, le=1000)] = 100,
        offset: Annotated[int, Field(ge=0)] = 0,
    ) -> ArticlePage:
        """A page of the articles: doc_id, title, source, chunks, characters, metadata."""
        with _tool_errors():
            assistant = current()
            return ArticlePage(articles=assistant.sources(contains, limit, offset), total=assistant.count_articles(contains))

    @server.tool(annotations=READ_ONLY)
    def read_article(
        doc_id: Annotated[str, Field(min_length=1, description="from list_articles, or a citation")],
        start: Annotated[int, Field(ge=0, description="first character (a citation's `start`)")] = 0,
        end: Annotated[int | None, Field(ge=0, description="end character; default: the article's end")] = None,
    ) -> ArticleText:
        """An article's text, or the span text[start:end] of it: at most 50,000 characters a
        call (`more` says whether it goes on)."""
        with _tool_errors():
            article = current().article(doc_id)
            if article is None:
                raise NotFoundError(f"no article with doc_id {doc_id}", "list_articles gives the doc_ids")
            start = min(start, len(article.text))
            stop = min(len(article.text) if end is None else end, start + MAX_READ_CHARS, len(article.text))
            stop = max(stop, start)
            return ArticleText(doc_id=article.doc_id, title=article.title, source=article.source,
                               metadata=article.metadata, length=len(article.text), start=start, end=stop,
                               text=article.text[start:stop], more=stop < len(article.text))

    @server.custom_route("/healthz", methods=["GET"])
    async def healthz(request: Request) -> Response:  # public, as the HTTP API's
        return JSONResponse({"status": "ok"})

    return server


def http_app(assistant: Assistant, host: str = "127.0.0.1") -> ASGIApp:
    """The streamable HTTP app (MCP at /mcp, a health check at /healthz), behind the
    settings' RAG_API_KEYS. On a loopback host the SDK also refuses requests whose Host or
    Origin is not loopback (DNS rebinding)."""
    app = build_server(assistant).streamable_http_app(host=host)
    return _RequireKey(app, assistant.settings.api_key_list)


class _RequireKey:
    """Plain ASGI: every HTTP request but /healthz needs a key; the refusal is the HTTP
    API's 401 and error shape, with the WWW-Authenticate header an MCP client expects."""

    def __init__(self, app: ASGIApp, keys: list[str]) -> None:
        self.app, self.keys = app, keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] != "/healthz" and not key_ok(Headers(scope=scope), self.keys):
            e = unauthorized()
            response = JSONResponse(e.body(), status_code=e.status, headers={"WWW-Authenticate": "Bearer"})
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


@contextmanager
def _tool_errors() -> Iterator[None]:
    """A RagError becomes a tool error the model reads (what happened and what to do), not
    an 'unexpected error' with the message hidden."""
    try:
        yield
    except RagError as e:
        raise ToolError(str(e)) from None


def _version() -> str:
    try:
        return metadata.version("rag")
    except metadata.PackageNotFoundError:
        return ""
