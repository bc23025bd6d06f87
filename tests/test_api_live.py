"""A live `rag serve`-style server on loopback: the official openai client as a real client,
many simultaneous requests, and property-based fuzzing of the OpenAPI spec."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import openai
import pytest

from rag import Settings
from rag.api import create_app
from rag.assistant import Assistant
from conftest import serving

OIL = "What happened to Russian oil shipments to Pakistan?"



@pytest.fixture(scope="module")
def server(seeded, embedder):
    """A live server with an API key, over the seeded index."""
    settings = Settings(_env_file=None, data_dir=seeded.settings.data_dir, api_keys="live-key")
    assistant = Assistant.from_settings(settings, embedder=embedder)
    with serving(create_app(assistant)) as url:
        yield url
    assistant.close()


def test_the_openai_client_gets_a_cited_answer(server):
    client = openai.OpenAI(base_url=f"{server}/v1", api_key="live-key")
    assert [m.id for m in client.models.list()] == ["rag"]
    response = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": OIL}])
    assert "indefinitely suspended" in response.choices[0].message.content
    citations = response.model_extra["citations"]
    assert citations and "quote" in citations[0] and citations[0]["start"] < citations[0]["end"]


def test_the_openai_client_streams_a_cited_answer(server):
    client = openai.OpenAI(base_url=f"{server}/v1", api_key="live-key")
    chunks = list(client.chat.completions.create(model="rag", messages=[{"role": "user", "content": OIL}], stream=True))
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "indefinitely suspended" in text and "[1]" in text
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["citations"]


def test_a_wrong_key_is_the_clients_authentication_error(server):
    client = openai.OpenAI(base_url=f"{server}/v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        client.chat.completions.create(model="rag", messages=[{"role": "user", "content": OIL}])


def test_fifty_simultaneous_questions_are_all_answered_correctly(server):
    questions = [
        (OIL, "indefinitely suspended"),
        ("Who is the new Russian ambassador to Pakistan?", "Albert Khorev"),
        ("Where did Putin and Sharif meet?", "Astana"),
        ("How do I bake bread?", None),
        ("What did Donald Lu tell Congress?", "red lines"),
    ] * 10
    headers = {"Authorization": "Bearer live-key"}

    def ask(item):
        question, fact = item
        with httpx.Client(base_url=server, headers=headers, timeout=60) as http:
            data = http.post("/v1/ask", json={"question": question}).raise_for_status().json()
        return data["refused"] if fact is None else fact in data["answer"]

    with ThreadPoolExecutor(max_workers=25) as pool:
        results = list(pool.map(ask, questions))
    assert results == [True] * 50


def test_a_real_server_refuses_an_oversized_chunked_body(server):
    # Through uvicorn's own HTTP parsing: Transfer-Encoding: chunked, no Content-Length.
    body = (b"x" * 100_000 for _ in range(30))
    response = httpx.post(f"{server}/v1/ask", content=body, headers={"x-api-key": "live-key", "content-type": "application/json"})
    assert response.status_code == 413 and "larger than" in response.json()["error"]["message"]


def test_a_small_content_length_beside_a_chunked_body_does_not_lift_the_limit(seeded, embedder):
    # uvicorn's h11 parser reads the chunked body and ignores the Content-Length beside it
    # (httptools refuses such a request outright); so must the limit. Sent by hand:
    # clients never send both.
    from urllib.parse import urlparse

    assistant = Assistant.from_settings(seeded.settings, embedder=embedder)
    try:
        with serving(create_app(assistant), http="h11") as server:
            status_line = _send_raw(urlparse(server))
    finally:
        assistant.close()
    assert status_line.split()[1] == b"413", status_line


def _send_raw(url) -> bytes:
    import socket

    body = b'{"question": "Where did Putin and Sharif meet?", "padding": "' + b"x" * 3_000_000 + b'"}'
    chunks = [body[i:i + 100_000] for i in range(0, len(body), 100_000)]
    request = (
        b"POST /v1/ask HTTP/1.1\r\nHost: test\r\nX-API-Key: live-key\r\nContent-Type: application/json\r\n"
        b"Content-Length: 20\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + b"".join(b"%x\r\n" % len(c) + c + b"\r\n" for c in chunks) + b"0\r\n\r\n"
    )
    with socket.create_connection((url.hostname, url.port)) as sock:
        try:
            sock.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before it was all sent
        return sock.makefile("rb").readline()
