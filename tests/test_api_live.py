"""A live `rag serve`-style server on loopback: the official openai client as a real client,
many simultaneous requests, and property-based fuzzing of the OpenAPI spec."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import openai
import pytest

from rag import Settings
from rag.api import create_app
from rag.assistant import Assistant
from conftest import SEEDS, serving, uploads_folder

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


def test_the_openai_client_reads_models_usage_and_refusals(server):
    from llama_index.core.utils import get_tokenizer  # cl100k_base, as the API counts

    client = openai.OpenAI(base_url=f"{server}/v1", api_key="live-key", max_retries=0)
    assert client.models.retrieve("rag").id == "rag"
    for call in (lambda: client.models.retrieve("gpt-4o"),
                 lambda: client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": OIL}])):
        with pytest.raises(openai.NotFoundError) as raised:
            call()
        assert raised.value.code == "model_not_found" and "serves: rag" in raised.value.message

    response = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": OIL}])
    tokens = get_tokenizer()
    assert response.usage.completion_tokens == len(tokens(response.choices[0].message.content))
    assert response.usage.prompt_tokens == 3 + 3 + len(tokens("user")) + len(tokens(OIL))
    assert response.usage.total_tokens == response.usage.prompt_tokens + response.usage.completion_tokens

    refusal = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": "How do I bake bread?"}])
    content = refusal.choices[0].message.content
    assert refusal.model_extra["rag"]["refused"] and "listed below" not in content
    assert all(" ".join(c["quote"].split()) in content for c in refusal.model_extra["citations"])


def test_the_openai_client_streams_usage_when_asked(server):
    client = openai.OpenAI(base_url=f"{server}/v1", api_key="live-key")
    whole = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": OIL}])
    chunks = list(client.chat.completions.create(model="rag", messages=[{"role": "user", "content": OIL}],
                                                 stream=True, stream_options={"include_usage": True}))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == whole.choices[0].message.content
    assert chunks[-1].choices == [] and chunks[-1].usage == whole.usage


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


def test_health_and_questions_answer_while_uploads_are_processed(make_assistant, monkeypatch):
    # One upload is held inside its ingest and more than the server's worker threads (40)
    # are sent behind it; health checks and questions must still be answered meanwhile.
    import threading

    import rag.ingest

    assistant = make_assistant()
    assistant.ingest([SEEDS])
    held, answered, received = threading.Event(), threading.Event(), threading.Semaphore(0)
    released_by_answer = []
    real_load = rag.ingest.load_article

    def slow_load(path):
        if path.name == "slow.txt":
            held.set()
            # A deadlock breaker, not a time limit: the test fails unless the question
            # and the health check were answered while the upload was held.
            released_by_answer.append(answered.wait(120))
        return real_load(path)

    def counting(app):
        """The app, releasing `received` once each upload's body is in."""
        async def wrapped(scope, receive, send):
            if scope["type"] != "http" or scope["path"] != "/v1/documents":
                return await app(scope, receive, send)

            async def counted():
                message = await receive()
                if message["type"] == "http.request" and not message.get("more_body"):
                    received.release()
                return message

            return await app(scope, counted, send)

        return wrapped

    monkeypatch.setattr(rag.ingest, "load_article", slow_load)
    article = b"Zeppelin Trade\nPakistan and Russia discussed zeppelin deliveries in 2031.\n"
    with serving(counting(create_app(assistant))) as url, ThreadPoolExecutor(max_workers=46) as pool:
        def upload(name: str) -> int:
            with httpx.Client(base_url=url, timeout=None) as http:
                return http.post("/v1/documents", files={"file": (name, article)}).status_code

        uploads = [pool.submit(upload, "slow.txt")]
        held.wait()
        uploads += [pool.submit(upload, f"queued-{i}.txt") for i in range(45)]
        for _ in uploads:
            received.acquire()
        with httpx.Client(base_url=url, timeout=None) as http:
            health = http.get("/healthz").status_code
            asked = http.post("/v1/ask", json={"question": "Where did Putin and Sharif meet?"}).json()
        answered.set()
        statuses = [u.result() for u in uploads]
    assert released_by_answer == [True]
    assert health == 200 and "Astana" in asked["answer"]
    assert statuses == [201] * 46


@pytest.mark.parametrize("header", [b"X-API-Key: \xff\xfe\x80", b"Authorization: Bearer live-key\xe9", b"X-API-Key: \xd0\xba\xd0\xbb"])
def test_key_headers_with_bytes_beyond_ascii_are_401_through_a_real_server(server, header):
    # Sent by hand: clients refuse to send such headers, uvicorn passes them on.
    from urllib.parse import urlparse
    import socket

    url = urlparse(server)
    request = b"GET /v1/models HTTP/1.1\r\nHost: test\r\n" + header + b"\r\nConnection: close\r\n\r\n"
    with socket.create_connection((url.hostname, url.port)) as sock:
        sock.sendall(request)
        status_line = sock.makefile("rb").readline()
    assert status_line.split()[1] == b"401", status_line


def test_concurrent_uploads_replacements_deletes_and_questions_leave_the_index_as_told(make_assistant):
    # The load benchmark's check (bench/api_load.py), small: 12 clients at once, each
    # uploading its own article, asking, replacing it, and half of them deleting it.
    # Afterwards the index, the files and the answers must be what the replies said.
    assistant = make_assistant()
    assistant.ingest([SEEDS])
    names = ["Quokalo", "Quomiru", "Quoteva", "Quozane", "Quolomi", "Quoruka",
             "Quovote", "Quonaza", "Quomika", "Quorune", "Quotezo", "Quozavi"]

    def article(name: str, version: int) -> bytes:
        return (f"The {name} lantern works\n\nThe {name} lantern works made {1000 + 37 * version} lanterns "
                f"last year, its ledger shows. Its owners plan a second furnace.\n").encode()

    def client(i: int) -> tuple[str, bool, list[int]]:
        name, statuses = names[i], []
        with httpx.Client(base_url=url, timeout=None) as http:
            reply = http.post("/v1/documents", files={"file": (f"{name}.md", article(name, 0))})
            statuses.append(reply.status_code)
            doc_id = reply.json()["doc_id"]
            statuses.append(http.post("/v1/ask", json={"question": "Where did Putin and Sharif meet?"}).status_code)
            statuses.append(http.put(f"/v1/documents/{doc_id}", files={"file": ("new.md", article(name, 1))}).status_code)
            if i % 2:
                statuses.append(http.delete(f"/v1/documents/{doc_id}").status_code)
        return doc_id, bool(i % 2), statuses

    with serving(create_app(assistant)) as url, ThreadPoolExecutor(max_workers=len(names)) as pool:
        results = list(pool.map(client, range(len(names))))
        with httpx.Client(base_url=url, timeout=None) as http:
            listed = {d["doc_id"]: d for d in http.get("/v1/documents", params={"limit": 1000}).json()["documents"]}
            answers = [http.post("/v1/ask", json={"question": f"How many lanterns did the {name} lantern works make last year?"}).json()
                       for name in names]
            texts = {doc_id: http.get(f"/v1/documents/{doc_id}").json()["text"] for doc_id in listed}

    assert all(s in (200, 201) for *_, statuses in results for s in statuses)
    uploads = uploads_folder(assistant.settings.data_dir)
    on_disk = {p.name for p in uploads.iterdir() if p.is_file() and not p.name.startswith(".")}
    kept = [(names[i], doc_id) for i, (doc_id, deleted, _) in enumerate(results) if not deleted]
    assert on_disk == {f"{name}.md" for name, _ in kept}  # no orphans, nothing deleted left
    assert {d for d in listed if "uploads/" in listed[d]["source"]} == {doc_id for _, doc_id in kept}  # (rag-uploads/ when shared)
    for (doc_id, deleted, _), name, answer in zip(results, names, answers):
        cited = {c["doc_id"] for c in answer["citations"]}
        if deleted:
            assert doc_id not in cited
        else:
            assert texts[doc_id] == article(name, 1).decode()  # the last version, on disk and indexed
            assert doc_id in cited and "1037" in answer["answer"]
    assert assistant.store.count() == assistant.catalog.chunk_count()  # no stray vectors
