"""`rag serve`, `rag mcp` and `rag ui`: the long-running shells, each bound to its port
before it says it serves."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from rag.cli.app import app, err, escape, open_assistant, out
from rag.cli.help import Command


# How long `rag serve` keeps an idle connection open. uvicorn's default (5 s) equals the
# idle expiry of httpx's pools (the openai client's and RemoteAssistant's): a client that
# reuses a connection just as the server closes it gets "connection reset", a broken
# request the server never saw and so never logs, more often the busier the server (its
# timer fires late, after the request has arrived). Outlasting the clients' pools (httpx
# 5 s, aiohttp 15 s) and a proxy's usual 60 s leaves the closing to them.
KEEP_ALIVE_SECONDS = 75


class LogLevel(str, Enum):
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


@app.command(cls=Command, short_help="Run the HTTP API (OpenAI-compatible too).", epilog="""\
With RAG_API_KEYS set (comma-separated), every /v1 call needs one, as
`Authorization: Bearer KEY` or `X-API-Key: KEY`. OpenAI clients use
base_url http://HOST:PORT/v1 and the model "rag".

\b
Examples:
  rag serve                          http://127.0.0.1:8000, docs at /docs
  rag serve --host 0.0.0.0 --port 9000
""")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for all).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    keep_alive: Annotated[int, typer.Option(help="Seconds an idle connection stays open; keep it above the idle "
                                                 "timeout of the clients and of any proxy in front.")] = KEEP_ALIVE_SECONDS,
    log_level: Annotated[LogLevel | None, typer.Option(case_sensitive=False, metavar="LEVEL", help="DEBUG, INFO (a JSON line per request on "
                                                  "stderr), WARNING or ERROR. Default: RAG_LOG_LEVEL, else INFO.")] = None,
) -> None:
    """Run the HTTP answer API: /v1/ask, /v1/chat, /v1/documents, OpenAI-compatible
    /v1/chat/completions; interactive docs at /docs, Prometheus metrics at /metrics."""
    import uvicorn

    from rag import observe
    from rag.api import create_app

    sock = _listen(host, port)
    with sock, open_assistant(create=True) as assistant:
        observe.configure_logging(log_level.value if log_level else assistant.settings.log_level)
        server = uvicorn.Server(uvicorn.Config(create_app(assistant), host=host, port=port, log_level="warning",
                                                timeout_keep_alive=keep_alive))
        out.print(f"Serving on http://{host}:{port} (docs at /docs). Ctrl-C to stop.")
        server.run(sockets=[sock])


@app.command(cls=Command, short_help="Run the MCP server (stdio, or HTTP with --http).")
def mcp(
    http: Annotated[bool, typer.Option("--http", help="Serve streamable HTTP at http://HOST:PORT/mcp instead of stdio.")] = False,
    host: Annotated[str, typer.Option(help="With --http: interface to listen on (0.0.0.0 for all).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="With --http: port to listen on.")] = 8001,
) -> None:
    """Run the MCP server (Model Context Protocol) for MCP clients such as Claude Desktop:
    tools to ask (cited answers), search passages, list and read articles. Over stdio by
    default (the client starts `rag mcp` itself); with --http, streamable HTTP that needs a
    key from RAG_API_KEYS when keys are set, as `rag serve` does."""
    try:
        from rag.mcp_server import build_server, http_app
    except ModuleNotFoundError as e:
        if not (e.name or "").startswith("mcp"):
            raise
        err.print("[red]Error:[/red] the MCP server needs the `mcp` package (the official MCP SDK)")
        err.print("[dim]pip install -e '.[mcp]' in the project folder[/dim]")
        raise typer.Exit(1) from None
    with open_assistant() as assistant:  # nothing ingested: says so on stderr and exits 1
        if not http:
            build_server(assistant).run("stdio")  # stdout is the protocol's: print nothing there
            return
        import uvicorn

        if not _is_loopback(host) and not assistant.settings.api_key_list:
            err.print(f"[yellow]Warning:[/yellow] the MCP server listens on {escape(host)} without keys: anyone who can "
                      "reach this machine can use it. Set RAG_API_KEYS to require one.")
        with _listen(host, port) as sock:
            server = uvicorn.Server(uvicorn.Config(http_app(assistant, host), host=host, port=port, log_level="warning"))
            out.print(f"MCP server on http://{host}:{port}/mcp (streamable HTTP). Ctrl-C to stop.")
            server.run(sockets=[sock])


def _listen(host: str, port: int):
    """A socket bound to HOST:PORT for uvicorn to serve on. Bound before the server says
    it serves (and, for `rag serve`, before the index loads): a taken port is one clear
    line and exit status 1, and no other program can take the port meanwhile."""
    import errno
    import socket

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: a closed server's port is free
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            err.print(f"[red]Error:[/red] port {port} is taken: another program listens on {escape(host)}:{port}")
            err.print("[dim]stop that program, or choose another port with --port[/dim]")
        else:  # a host name that does not resolve, an address not on this machine, a port below 1024...
            err.print(f"[red]Error:[/red] cannot listen on {escape(host)}:{port}: {escape(e.strerror or str(e))}")
        raise typer.Exit(1) from None
    sock.set_inheritable(True)
    return sock


@app.command(cls=Command, short_help="Open the chat UI in the browser (Streamlit).")
def ui(
    port: Annotated[int, typer.Option(help="Port for the web page.")] = 8501,
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for all: anyone who reaches it can use it).")] = "127.0.0.1",
) -> None:
    """Open the chat UI (Streamlit) at http://HOST:PORT. It asks for a key or password first
    when RAG_API_KEYS or RAG_UI_PASSWORD is set."""
    from importlib.resources import files

    app_file = Path(str(files("rag.ui") / "app.py"))  # ui/ in a checkout, installed as rag.ui
    if not _is_loopback(host):
        err.print(f"[yellow]Warning:[/yellow] the chat UI listens on {escape(host)}: anyone who can reach this machine "
                  "can open it, " + ("and it asks for a key or password first." if _ui_guarded()
                                      else "ask questions, upload and ingest. Set RAG_UI_PASSWORD (or RAG_API_KEYS) to require one."))
    command = [sys.executable, "-m", "streamlit", "run", str(app_file), "--server.port", str(port),
               "--server.address", host, "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "viewer"]  # readers get no "Deploy" button
    shown = "localhost" if _is_loopback(host) else host
    out.print(f"Chat UI on http://{shown}:{port} (Ctrl-C to stop)")
    # Streamlit takes this process's place, so a signal to `rag ui` (Ctrl-C, or a service
    # manager's SIGTERM) reaches Streamlit itself instead of leaving it running orphaned.
    os.execv(sys.executable, command)


def _is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _ui_guarded() -> bool:
    """Whether the UI will ask for a key or password (a broken setting: the UI says so and stops)."""
    from pydantic import ValidationError

    from rag.config import Settings

    try:
        settings = Settings()
    except ValidationError:
        return True
    return bool(settings.api_key_list or settings.ui_password.get_secret_value())
