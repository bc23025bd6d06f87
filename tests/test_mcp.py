"""`rag mcp` driven by the official MCP SDK's own client: over stdio (the command started
as a subprocess from the README's configuration, as an MCP client does) and over
streamable HTTP on loopback behind RAG_API_KEYS, where a missing or wrong key is refused."""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import httpx2
import pytest
from mcp import Client, MCPError, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from conftest import SEEDS, free_port, readme_example, running

OIL = "What happened to Russian oil shipments to Pakistan?"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def project(tmp_path_factory, embedder):
    """A folder holding an index of the seeds in `.rag`, as a project folder does. Chroma on
    disk (and SQLite) even in the Chroma-server and shared runs: a stdio server gets only
    the environment its configuration names."""
    from rag import Settings
    from rag.assistant import Assistant

    folder = tmp_path_factory.mktemp("project")
    assistant = Assistant.from_settings(Settings(_env_file=None, data_dir=folder / ".rag", chroma_url="", database_url=""),
                                        embedder=embedder)
    assert assistant.ingest([SEEDS]).added == 2
    assistant.close()
    return folder


async def _use_every_tool(client: Client) -> dict:
    """Call the four tools as a model would; return what `ask` gave."""
    names = {tool.name for tool in (await client.list_tools()).tools}
    assert names == {"ask", "search", "list_articles", "read_article"}

    asked = await client.call_tool("ask", {"question": OIL, "k": 4})
    assert not asked.is_error
    answer = asked.structured_content
    assert not answer["refused"] and "indefinitely suspended" in answer["answer"]
    assert json.loads(asked.content[0].text) == answer  # the same, as text, for clients that read only text
    articles = (await client.call_tool("list_articles", {})).structured_content
    assert articles["total"] == 2 and len(articles["articles"]) == 2
    for c in answer["citations"]:
        # The contract: the quote is the article's text at its offsets, as read_article gives it.
        span = (await client.call_tool("read_article", {"doc_id": c["doc_id"], "start": c["start"], "end": c["end"]}))
        assert span.structured_content["text"] == c["quote"] and c["start"] < c["end"]
    whole = (await client.call_tool("read_article", {"doc_id": articles["articles"][0]["doc_id"]})).structured_content
    assert whole["start"] == 0 and whole["end"] == whole["length"] == len(whole["text"]) and not whole["more"]

    found = (await client.call_tool("search", {"query": "barter", "k": 2})).structured_content["result"]
    assert len(found) == 2 and all("doc_id" in p and p["start"] < p["end"] for p in found)
    assert any("barter" in p["text"].lower() for p in found)

    refused = (await client.call_tool("ask", {"question": "How do I bake sourdough bread?"})).structured_content
    assert refused["refused"]
    unknown = await client.call_tool("read_article", {"doc_id": "no-such-article"})
    assert unknown.is_error and "no article with doc_id no-such-article" in unknown.content[0].text
    bad_k = await client.call_tool("ask", {"question": OIL, "k": 0})
    assert bad_k.is_error
    return answer


def test_stdio_server_started_from_the_readme_configuration(project, tmp_path):
    config = json.loads(readme_example("mcp-stdio-config"))["mcpServers"]["rag"]
    command = config["command"].replace("/path/to/project/.venv/bin", str(BIN))
    env = {k: v.replace("/path/to/project", str(project)) for k, v in config["env"].items()}
    server = StdioServerParameters(command=command, args=config["args"], env=env, cwd=tmp_path)  # not the project

    async def main():
        with (tmp_path / "stderr.txt").open("w") as errlog:
            from mcp.client.stdio import stdio_client

            async with Client(stdio_client(server, errlog=errlog)) as client:
                return await _use_every_tool(client)

    answer = asyncio.run(main())
    assert answer["citations"] and answer["backend"] == "extractive"


def test_stdio_server_without_an_index_says_where_it_looked(tmp_path):
    done = subprocess.run([str(BIN / "rag"), "mcp"], cwd=tmp_path, env={**os.environ, "RAG_DATA_DIR": str(tmp_path / "nothing")},
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""  # stdout belongs to the protocol
    assert "nothing has been ingested yet" in done.stderr and "RAG_DATA_DIR" in done.stderr


def test_the_readme_python_example_runs(project):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([sys.executable, "-c", readme_example("mcp-python")], cwd=project, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "indefinitely suspended such shipments" in done.stdout
    assert "[1] seeds/putin-and-sharif-meet-at-the-sco-summit-in-astana.txt, characters " in done.stdout


@pytest.fixture(scope="module")
def http_server(project):
    """`rag mcp --http` on a free loopback port, wanting a key."""
    port = free_port()
    env = {**os.environ, "RAG_DATA_DIR": str(project / ".rag"), "RAG_CHROMA_URL": "", "RAG_DATABASE_URL": "",
           "RAG_API_KEYS": "mcp-key,other-key"}
    command = [sys.executable, "-m", "rag.cli", "mcp", "--http", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with running(command, f"{url}/healthz", env):
        yield url


def _client(url: str, headers: dict, statuses: list[int] | None = None) -> Client:
    async def record(response: httpx2.Response) -> None:
        if statuses is not None:
            statuses.append(response.status_code)

    http = httpx2.AsyncClient(headers=headers, event_hooks={"response": [record]})
    return Client(streamable_http_client(f"{url}/mcp", http_client=http))


def test_http_server_with_a_key(http_server):
    async def main():
        async with _client(http_server, {"Authorization": "Bearer mcp-key"}) as client:
            return await _use_every_tool(client)

    assert asyncio.run(main())["citations"]

    async def with_the_other_header():  # X-API-Key, as the HTTP API takes it too
        async with _client(http_server, {"X-API-Key": "other-key"}) as client:
            return (await client.call_tool("list_articles", {"contains": "astana"})).structured_content["total"]

    assert asyncio.run(with_the_other_header()) == 1


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"X-API-Key": "mcp-key2"}])
def test_http_server_refuses_a_missing_or_wrong_key(http_server, headers):
    statuses: list[int] = []

    async def main():
        async with _client(http_server, headers, statuses) as client:
            await client.call_tool("list_articles", {})

    with pytest.raises(ExceptionGroup) as refused:
        asyncio.run(main())
    assert refused.group_contains(MCPError) and statuses and set(statuses) == {401}

    # The refusal as any HTTP client sees it: the API's status, error shape and header.
    response = httpx.post(f"{http_server}/mcp", headers=headers, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "invalid_api_key"
    assert httpx.get(f"{http_server}/healthz").json() == {"status": "ok"}  # health stays open
