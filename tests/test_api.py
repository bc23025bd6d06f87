"""The HTTP API with FastAPI's TestClient: every endpoint and its errors."""

import json
import re

import pytest
from fastapi.testclient import TestClient

from rag import Settings
from rag.api import create_app
from rag.assistant import Assistant

from conftest import SEEDS, another_process_writing, feedback_records, serving_key, unsettled_uploads, uploads_folder

OIL = "What happened to Russian oil shipments to Pakistan?"


@pytest.fixture()
def client(seeded):
    with TestClient(create_app(seeded)) as client:
        yield client


@pytest.fixture()
def fresh_client(make_assistant):
    """An app over an index of its own, for tests that change documents."""
    assistant = make_assistant()
    assistant.ingest([SEEDS])
    with TestClient(create_app(assistant)) as client:
        yield client


def assert_error(response, status: int, text: str):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "code"}
    assert text in body["error"]["message"]


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["articles"] == 2 and ready["chunks"] == ready["vectors"]


def test_readiness_fails_while_the_index_is_empty(make_assistant):
    with TestClient(create_app(make_assistant())) as client:
        assert_error(client.get("/readyz"), 503, "the index is empty")
        assert client.get("/healthz").status_code == 200


def test_ask_returns_the_answer_contract(client, seeded):
    data = client.post("/v1/ask", json={"question": OIL, "k": 4}).json()
    assert not data["refused"] and "indefinitely suspended" in data["answer"]
    for c in data["citations"]:
        assert seeded.article(c["doc_id"]).text[c["start"] : c["end"]] == c["quote"]
    assert client.post("/v1/ask", json={"question": "How do I bake bread?"}).json()["refused"]


def test_ask_can_be_limited_to_documents(client, seeded):
    other = next(s.doc_id for s in seeded.sources() if s.title.startswith("Pakistan Must"))
    data = client.post("/v1/ask", json={"question": OIL, "documents": [other]}).json()
    assert all(c["doc_id"] == other for c in data["citations"])
    assert_error(client.post("/v1/ask", json={"question": OIL, "documents": ["nope"]}), 404, "no article with doc_id nope")


def test_ask_stream_sends_passages_then_deltas_then_the_answer(client):
    with client.stream("POST", "/v1/ask/stream", json={"question": OIL}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = [(block.split("\n")[0].removeprefix("event: "), json.loads(block.split("data: ", 1)[1]))
                  for block in response.read().decode().strip().split("\n\n")]
    names = [name for name, _ in events]
    assert names[0] == "passages" and names[-1] == "answer" and "delta" in names
    assert events[0][1][0]["text"] and "indefinitely suspended" in events[-1][1]["answer"]


def test_chat_keeps_the_conversation(client):
    first = client.post("/v1/chat", json={"question": "What did Sharif propose about barter with Russia?"}).json()
    cid = first["conversation_id"]
    follow = client.post("/v1/chat", json={"question": "And what happened to it?", "conversation_id": cid}).json()
    assert follow["conversation_id"] == cid and "barter" in follow["search_query"]
    assert not follow["refused"]
    assert_error(client.post("/v1/chat", json={"question": "x", "conversation_id": "unknown"}), 404, "no conversation")


def test_feedback_is_kept_with_the_whole_answer_on_the_server(fresh_client, tmp_path):
    answer = fresh_client.post("/v1/ask", json={"question": OIL}).json()
    sent = fresh_client.post("/v1/feedback", json={"answer": answer, "rating": -1, "comment": "too long"})
    assert sent.status_code == 201, sent.text
    [record] = feedback_records(tmp_path / "data")
    assert record["id"] == sent.json()["id"] and record["rating"] == -1 and record["comment"] == "too long"
    assert record["answer"] == answer  # the whole Answer, as it was shown
    assert fresh_client.post("/v1/feedback", json={"answer": answer, "rating": 1}).status_code == 201


@pytest.mark.parametrize("change, text", [
    ({"rating": 0}, "rating"),
    ({"rating": True}, "rating"),
    ({"rating": "up"}, "rating"),
    ({"answer": {"question": "q"}}, "answer.refused"),
    ({"answer": None}, "answer"),
    ({"comment": "x" * 5001}, "comment"),
])
def test_bad_feedback_is_a_400_and_stores_nothing(fresh_client, tmp_path, change, text):
    answer = {"question": "q", "answer": "a [1].", "refused": False, "citations": [], "sentences": [], "backend": "extractive"}
    assert_error(fresh_client.post("/v1/feedback", json={"answer": answer, "rating": 1, **change}), 400, text)
    assert not feedback_records(tmp_path / "data")


def test_documents_list_and_full_text(client, seeded):
    docs = client.get("/v1/documents").json()["documents"]
    assert len(docs) == 2 and {"doc_id", "title", "source", "chunks"} <= set(docs[0])
    one = client.get(f"/v1/documents/{docs[0]['doc_id']}").json()
    assert one["text"] == seeded.article(docs[0]["doc_id"]).text and "path" not in one
    assert_error(client.get("/v1/documents/nope"), 404, "no article with doc_id nope")


def test_documents_come_in_pages_and_can_be_searched(client):
    first = client.get("/v1/documents", params={"limit": 1}).json()
    second = client.get("/v1/documents", params={"limit": 1, "offset": 1}).json()
    assert first["total"] == second["total"] == 2
    assert len(first["documents"]) == len(second["documents"]) == 1
    assert first["documents"][0]["doc_id"] != second["documents"][0]["doc_id"]
    found = client.get("/v1/documents", params={"q": "astana"}).json()  # any case, title or path
    assert found["total"] == 1 and "astana" in found["documents"][0]["source"]
    assert client.get("/v1/documents", params={"q": "100%_"}).json() == {"documents": [], "total": 0}
    assert_error(client.get("/v1/documents", params={"limit": 5000}), 400, "limit")
    # Past SQLite's largest integer (found by the fuzz test): an empty page, not a 500.
    beyond = client.get("/v1/documents", params={"offset": 2**63}).json()
    assert beyond == {"documents": [], "total": 2}


def test_upload_and_delete_a_document(fresh_client, tmp_path):
    text = "Zeppelin Trade\nPakistan and Russia discussed zeppelin deliveries in 2031.\n"
    created = fresh_client.post("/v1/documents", files={"file": ("zeppelins.txt", text.encode(), "text/plain")})
    assert created.status_code == 201 and created.json()["added"] == 1
    doc_id = created.json()["doc_id"]
    answer = fresh_client.post("/v1/ask", json={"question": "What did Pakistan and Russia discuss about zeppelins?"}).json()
    assert any(c["doc_id"] == doc_id for c in answer["citations"])
    assert (uploads_folder(tmp_path / "data") / "zeppelins.txt").exists()
    assert fresh_client.delete(f"/v1/documents/{doc_id}").json() == {"deleted": doc_id}
    assert not (uploads_folder(tmp_path / "data") / "zeppelins.txt").exists()  # an upload goes with its article
    assert len(fresh_client.get("/v1/documents").json()["documents"]) == 2
    assert_error(fresh_client.delete(f"/v1/documents/{doc_id}"), 404, "no article")


def test_uploads_of_one_name_never_replace_each_other(fresh_client, tmp_path):
    ours = b"Our Report\nThe zeppelin fleet was kept in Karachi.\n"
    theirs = b"Their Report\nThe balloon fleet was kept in Quetta.\n"
    upload = lambda name, data: fresh_client.post("/v1/documents", files={"file": (name, data, "text/plain")})  # noqa: E731
    first, second = upload("report.md", ours).json(), upload("../team/report.md", theirs).json()
    assert (first["stored_as"], second["stored_as"]) == ("report.md", "report-2.md")
    assert first["doc_id"] != second["doc_id"] and first["added"] == second["added"] == 1
    folder = uploads_folder(tmp_path / "data")
    assert (folder / "report.md").read_bytes() == ours and (folder / "report-2.md").read_bytes() == theirs
    for question, where in [("Where was the zeppelin fleet kept?", first), ("Where was the balloon fleet kept?", second)]:
        answer = fresh_client.post("/v1/ask", json={"question": question}).json()
        assert answer["citations"][0]["doc_id"] == where["doc_id"]
    again = upload("report.md", theirs).json()  # a retry of the second upload adds nothing
    assert again["doc_id"] == second["doc_id"] and again["unchanged"] == 1
    assert fresh_client.get("/v1/documents", params={"limit": 0}).json()["total"] == 4


def test_an_uploaded_article_is_replaced_only_when_asked_by_its_doc_id(fresh_client, tmp_path):
    created = fresh_client.post("/v1/documents", files={"file": ("fleet.md", b"Fleet\nThe fleet was kept in Karachi.\n")}).json()
    doc_id, stored = created["doc_id"], uploads_folder(tmp_path / "data") / "fleet.md"
    replace = lambda data: fresh_client.put(f"/v1/documents/{doc_id}", files={"file": ("any-name.md", data)})  # noqa: E731
    replaced = replace(b"Fleet\nThe fleet was moved to Gwadar.\n")
    assert replaced.status_code == 200 and replaced.json()["updated"] == 1 and replaced.json()["doc_id"] == doc_id
    assert "Gwadar" in fresh_client.get(f"/v1/documents/{doc_id}").json()["text"] and b"Gwadar" in stored.read_bytes()
    assert_error(replace(b""), 422, "empty")  # a bad new version: the last good one stays, on disk too
    assert b"Gwadar" in stored.read_bytes() and "Gwadar" in fresh_client.get(f"/v1/documents/{doc_id}").json()["text"]
    assert_error(fresh_client.put("/v1/documents/nope", files={"file": ("a.md", b"x")}), 404, "no article")
    seed = fresh_client.get("/v1/documents", params={"q": "astana"}).json()["documents"][0]["doc_id"]  # from a file, not uploaded
    assert_error(fresh_client.put(f"/v1/documents/{seed}", files={"file": ("a.md", b"New\nText here.\n")}), 409, "rag ingest")
    assert not unsettled_uploads(tmp_path / "data")  # every change settled


def test_bad_uploads(fresh_client):
    assert_error(fresh_client.post("/v1/documents", files={"file": ("a.txt", b"", "text/plain")}), 422, "empty")
    assert_error(fresh_client.post("/v1/documents", files={"file": ("a.exe", b"MZ\x00\x00", "application/octet-stream")}), 422, "unsupported")
    assert_error(fresh_client.post("/v1/documents"), 400, "file")


def test_a_refused_upload_leaves_the_uploaded_file_as_it_was(fresh_client, tmp_path):
    upload = lambda data: fresh_client.post("/v1/documents", files={"file": ("kept.txt", data, "text/plain")})  # noqa: E731
    good = b"Kept Article\nThe zeppelin fleet was kept in Karachi.\n"
    assert upload(good).status_code == 201
    stored = uploads_folder(tmp_path / "data") / "kept.txt"
    assert_error(upload(b""), 422, "empty")  # a bad new version: the good one stays, on disk too
    assert stored.read_bytes() == good
    assert fresh_client.post("/v1/ask", json={"question": "Where was the zeppelin fleet kept?"}).json()["citations"]


@pytest.mark.parametrize(
    "payload, text",
    [
        ({}, "question"),
        ({"question": ""}, "question"),
        ({"question": "x" * 2001}, "question"),
        ({"question": "ok?", "k": 0}, "k"),
        ({"question": 5}, "question"),
        ({"question": "   "}, "the question is empty"),
    ],
)
def test_invalid_questions_are_4xx_with_one_error_shape(client, payload, text):
    response = client.post("/v1/ask", json=payload)
    assert 400 <= response.status_code < 500
    assert_error(response, response.status_code, text)


def test_malformed_and_oversized_bodies(client):
    assert_error(client.post("/v1/ask", content=b"{not json", headers={"content-type": "application/json"}), 400, "not valid JSON")
    assert_error(client.post("/v1/ask", content=b'{"question": "Hi?"}'), 400, "Content-Type: application/json")
    assert_error(client.post("/v1/ask", content=b"x" * 2_000_000, headers={"content-type": "application/json"}), 413, "larger than")
    assert_error(client.get("/v1/nothing-here"), 404, "Not Found")


def test_a_chunked_body_is_held_to_the_same_limit(client):
    # No Content-Length to check up front: the limit applies to the chunks as they come.
    def chunks(body: bytes, size: int = 64_000):
        yield from (body[i:i + size] for i in range(0, len(body), size))

    json = {"content-type": "application/json"}
    huge = b'{"question": "' + b"x" * 2_000_000 + b'"}'
    assert_error(client.post("/v1/ask", content=chunks(huge), headers=json), 413, "larger than")
    small = client.post("/v1/ask", content=chunks(b'{"question": "Where did Putin and Sharif meet?"}', 8), headers=json)
    assert small.status_code == 200 and "Astana" in small.json()["answer"]


def test_changes_while_another_process_ingests_are_409_busy(fresh_client, tmp_path):
    doc_id = fresh_client.get("/v1/documents").json()["documents"][0]["doc_id"]
    key = serving_key(tmp_path / "data")
    with another_process_writing(tmp_path / "data", key):
        busy = fresh_client.post("/v1/documents", files={"file": ("new.txt", b"Some article text.")})
        assert_error(busy, 409, "another process is writing")
        assert not (uploads_folder(tmp_path / "data") / "new.txt").exists()
        assert_error(fresh_client.delete(f"/v1/documents/{doc_id}"), 409, "another process is writing")
        assert fresh_client.post("/v1/ask", json={"question": "Where did Putin and Sharif meet?"}).status_code == 200
    seeds = sorted(SEEDS.iterdir())
    assert fresh_client.delete(f"/v1/documents/{doc_id}").status_code == 200
    assert sorted(SEEDS.iterdir()) == seeds  # the user's own files stay


def test_openai_compatible_completion_and_models(client):
    models = client.get("/v1/models").json()
    assert models["data"][0]["id"] == "rag"
    response = client.post("/v1/chat/completions", json={"model": "rag", "messages": [
        {"role": "system", "content": "be brief"}, {"role": "user", "content": OIL}]}).json()
    assert response["object"] == "chat.completion"
    assert "indefinitely suspended" in response["choices"][0]["message"]["content"]
    assert response["citations"] and response["rag"]["refused"] is False
    assert_error(client.post("/v1/chat/completions", json={"messages": [{"role": "assistant", "content": "hi"}]}), 400, "last message")
    # Content parts, as newer clients send them: the text parts are the question.
    parts = [{"type": "text", "text": OIL}, {"type": "image_url", "image_url": {"url": "x"}}, {"type": "text", "text": None}]
    with_parts = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": parts}]}).json()
    assert with_parts["choices"][0]["message"]["content"] == response["choices"][0]["message"]["content"]


def test_an_unknown_model_is_openais_404_naming_the_served_models(client):
    for response in (client.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": [{"role": "user", "content": OIL}]}),
                     client.get("/v1/models/gpt-4o")):
        assert_error(response, 404, "The model `gpt-4o` does not exist")
        assert response.json()["error"]["code"] == "model_not_found" and "serves: rag" in response.json()["error"]["message"]
    assert client.get("/v1/models/rag").json() == {"id": "rag", "object": "model", "created": 0, "owned_by": "rag"}
    assert client.get("/v1/models").json() == {"object": "list", "data": [client.get("/v1/models/rag").json()]}


def test_completion_usage_counts_the_tokens(client):
    from llama_index.core.utils import get_tokenizer  # cl100k_base, as the API counts

    tokens = get_tokenizer()
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": OIL}]
    data = client.post("/v1/chat/completions", json={"messages": messages}).json()
    content = data["choices"][0]["message"]["content"]
    prompt = 3 + sum(3 + len(tokens(m["role"])) + len(tokens(m["content"])) for m in messages)
    assert data["usage"] == {"prompt_tokens": prompt, "completion_tokens": len(tokens(content)),
                             "total_tokens": prompt + len(tokens(content))}
    assert data["usage"]["completion_tokens"] > 20


def test_a_refusal_shows_the_closest_passages_in_its_content(client):
    data = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "How do I bake bread?"}]}).json()
    content = data["choices"][0]["message"]["content"]
    assert data["rag"]["refused"] and data["citations"]
    assert content.startswith("I found no answer to this question in the articles.") and "listed below" not in content
    for c in data["citations"]:  # what the content says is below is below, quoted
        assert f"[{c['n']}] “{' '.join(c['quote'].split())}” ({c['title']}, {c['source']})" in content


def test_a_refusal_without_passages_says_only_that():
    from rag.openai_compat import content
    from rag.schema import Answer

    assert content(Answer("q", "I found no answer to this question in the articles. The closest passages are "
                          "listed below.", True, [], [], "extractive")) == "I found no answer to this question in the articles."


def test_a_streamed_completion_is_the_completion_in_pieces_then_usage(client):
    body = {"messages": [{"role": "user", "content": OIL}]}
    whole = client.post("/v1/chat/completions", json=body).json()
    streamed = client.post("/v1/chat/completions", json={**body, "stream": True, "stream_options": {"include_usage": True}})
    assert streamed.headers["content-type"].startswith("text/event-stream")
    events = [line.removeprefix("data: ") for line in streamed.text.splitlines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"} and len({c["id"] for c in chunks}) == 1
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == whole["choices"][0]["message"]["content"]
    finishing, last = chunks[-2], chunks[-1]
    assert finishing["choices"][0]["finish_reason"] == "stop" and finishing["citations"] == whole["citations"]
    assert last["choices"] == [] and last["usage"] == whole["usage"]
    # without stream_options, no usage chunk (as OpenAI)
    plain = client.post("/v1/chat/completions", json={**body, "stream": True}).text
    assert '"usage"' not in plain


def test_the_openapi_spec_declares_how_to_authenticate(client):
    spec = client.get("/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert {"type": "apiKey", "in": "header", "name": "X-API-Key"}.items() <= schemes["apiKey"].items()
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["bearer"].items()
    either = [{"apiKey": []}, {"bearer": []}]  # one or the other
    operations = [(path, op) for path, ops in spec["paths"].items() for op in ops.values()]
    assert all(op["security"] == either and "401" in op["responses"] for path, op in operations if path.startswith("/v1/"))
    assert spec["paths"]["/metrics"]["get"]["security"] == either
    assert all("security" not in spec["paths"][path]["get"] for path in ("/healthz", "/readyz"))  # public


def test_the_openapi_spec_documents_the_openai_shapes(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    responses = spec["paths"]["/v1/chat/completions"]["post"]["responses"]["200"]["content"]
    assert responses["application/json"]["schema"] == {"$ref": "#/components/schemas/RagChatCompletion"}
    stream = responses["text/event-stream"]["itemSchema"]["properties"]["data"]["contentSchema"]
    assert stream == {"$ref": "#/components/schemas/RagChatCompletionChunk"}
    # openai's own fields, plus the evidence
    assert {"id", "choices", "created", "model", "object", "usage", "citations", "rag"} <= set(schemas["RagChatCompletion"]["properties"])
    chunk_choice = schemas["RagChatCompletionChunk"]["properties"]["choices"]["items"]["$ref"].rsplit("/", 1)[1]
    assert "delta" in schemas[chunk_choice]["properties"]  # a chunk's choice, not a completion's
    models = spec["paths"]["/v1/models"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert models == {"$ref": "#/components/schemas/ModelList"}
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(spec)))
    assert refs <= set(schemas), refs - set(schemas)


def test_the_docs_load_their_assets_from_this_server(client):
    html = client.get("/docs").text
    urls = re.findall(r'(?:src|href)="([^"]*)"', html) + re.findall(r"url: '([^']*)'", html)
    assert len(urls) >= 2
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url  # nothing from another host
        response = client.get(url)
        assert response.status_code == 200, url
    scripts = re.findall(r'src="([^"]*)"', html)
    assert scripts and all(len(client.get(url).content) > 100_000 for url in scripts)  # the real bundles
    assert "http://" not in html and "https://" not in html
    assert client.get("/redoc").status_code == 404  # ReDoc would fetch its logo from a CDN


def test_api_keys_guard_everything_but_health(seeded, embedder):
    settings = Settings(_env_file=None, data_dir=seeded.settings.data_dir, api_keys="k1,k2")
    assistant = Assistant.from_settings(settings, embedder=embedder)
    try:
        with TestClient(create_app(assistant)) as client:
            assert client.get("/healthz").status_code == 200
            assert_error(client.get("/v1/documents"), 401, "invalid API key")
            assert_error(client.get("/v1/documents", headers={"Authorization": "Bearer nope"}), 401, "invalid API key")
            assert client.get("/v1/documents", headers={"Authorization": "Bearer k2"}).status_code == 200
            assert client.get("/v1/models", headers={"X-API-Key": "k1"}).status_code == 200
            # Readiness stays public, the index's size does not.
            assert client.get("/readyz").json() == {"status": "ready"}
            assert client.get("/readyz", headers={"X-API-Key": "k1"}).json()["articles"] == 2
            # Header bytes beyond ASCII are a wrong key (they made compare_digest raise a TypeError).
            for odd in ({"X-API-Key": "ключ".encode()}, {"Authorization": b"Bearer \xff\xfe"}, {"X-API-Key": b"k1\x85"}):
                assert_error(client.get("/v1/documents", headers=odd), 401, "invalid API key")
    finally:
        assistant.close()


def test_a_key_beyond_ascii_works_when_sent_as_utf8(seeded, embedder):
    settings = Settings(_env_file=None, data_dir=seeded.settings.data_dir, api_keys="clé-secrète")
    assistant = Assistant.from_settings(settings, embedder=embedder)
    try:
        with TestClient(create_app(assistant)) as client:
            assert client.get("/v1/models", headers={"X-API-Key": "clé-secrète".encode()}).status_code == 200
            assert_error(client.get("/v1/models", headers={"X-API-Key": "cle-secrete"}), 401, "invalid")
    finally:
        assistant.close()


def test_cors_origins_are_a_setting(seeded, embedder):
    settings = Settings(_env_file=None, data_dir=seeded.settings.data_dir, cors_origins="https://app.example")
    assistant = Assistant.from_settings(settings, embedder=embedder)
    try:
        with TestClient(create_app(assistant)) as client:
            allowed = client.options("/v1/ask", headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"})
            assert allowed.headers["access-control-allow-origin"] == "https://app.example"
            other = client.options("/v1/ask", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
            assert "access-control-allow-origin" not in other.headers
            # A refusal made before the app runs still carries the header the browser needs
            # to read it.
            refused = client.post("/v1/ask", content=b"x" * 2_000_000, headers={"Origin": "https://app.example"})
            assert refused.status_code == 413 and refused.headers["access-control-allow-origin"] == "https://app.example"
    finally:
        assistant.close()


def test_readiness_fails_while_chroma_is_unavailable(make_assistant, monkeypatch):
    from rag.errors import StoreUnavailableError

    assistant = make_assistant()
    assistant.ingest([SEEDS])
    with TestClient(create_app(assistant)) as client:
        def down():
            raise StoreUnavailableError("cannot reach the Chroma store at http://127.0.0.1:9", "start it")

        monkeypatch.setattr(assistant.store, "count", down)
        assert_error(client.get("/readyz"), 503, "cannot reach the Chroma store")


def test_uploads_over_the_limit_are_refused(make_assistant):
    assistant = make_assistant(max_upload_bytes=2_000)
    with TestClient(create_app(assistant)) as client:
        big = b"Trade between the countries. " * 200
        assert_error(client.post("/v1/documents", files={"file": ("big.txt", big, "text/plain")}), 413, "larger than")
        assert client.get("/v1/documents").json()["documents"] == []


def test_the_server_follows_a_switch_to_a_new_index(make_assistant):
    serving = make_assistant()
    serving.ingest([SEEDS])
    with TestClient(create_app(serving)) as client:
        before = client.get("/readyz").json()["chunks"]
        make_assistant(chunk_size=120).ingest([])  # another process builds beside and switches
        after = client.get("/readyz").json()["chunks"]
        assert after > before
        assert not client.post("/v1/ask", json={"question": "Where did Putin and Sharif meet?"}).json()["refused"]


def _raw_json(client, path: str, body):
    # json.dumps escapes a lone surrogate as \ud800, as a client in another language may send it.
    return client.post(path, content=json.dumps(body).encode(), headers={"content-type": "application/json"})


@pytest.mark.parametrize(
    "path, body",
    [
        ("/v1/ask", {"question": "Where did \ud800 Putin meet?"}),
        ("/v1/ask", {"question": OIL, "documents": ["\udfff"]}),
        ("/v1/ask/stream", {"question": OIL, "history": [{"role": "user", "content": "hi \ud83d"}]}),
        ("/v1/chat", {"question": OIL, "conversation_id": "\ud800"}),
        ("/v1/chat/completions", {"messages": [{"role": "user", "content": "\ud800"}]}),
        ("/v1/chat/completions", {"messages": [{"role": "user", "content": [{"type": "text", "text": "x\udc80"}]}]}),
        ("/v1/chat/completions", {"model": "\ud800", "messages": [{"role": "user", "content": OIL}]}),
    ],
)
def test_lone_surrogates_are_a_400_not_a_500(client, path, body):
    # (pydantic refuses some itself: "unable to parse raw data as a unicode string")
    response = _raw_json(client, path, body)
    assert_error(response, 400, "invalid request: body.")
    assert "unicode" in response.json()["error"]["message"].lower()


def test_integer_fields_take_no_booleans(client):
    assert_error(client.post("/v1/ask", json={"question": OIL, "k": True}), 400, "k")
    assert client.post("/v1/ask", json={"question": OIL, "k": 2}).status_code == 200


def test_an_unknown_document_list_is_named_briefly(client):
    ids = [str(i) for i in range(100_000)]
    response = client.post("/v1/ask", json={"question": OIL, "documents": ids})
    assert_error(response, 404, "no article with doc_id 0, 1, 2, 3, 4 and 99995 more")
    assert len(response.content) < 300
    long_id = client.post("/v1/ask", json={"question": OIL, "documents": ["x" * 5000]})
    assert_error(long_id, 404, "x" * 80 + "…") and len(long_id.content) < 300


def test_uploads_with_two_files_or_an_overlong_name_are_refused(fresh_client, tmp_path):
    article = b"Zeppelin Trade\nPakistan and Russia discussed zeppelin deliveries in 2031.\n"
    two = fresh_client.post("/v1/documents", files=[("file", ("a.txt", article)), ("file", ("b.txt", article))])
    assert_error(two, 400, "more than one 'file' part")
    for name in ("a" * 252 + ".txt", "é" * 130 + ".txt"):  # 256 and 264 bytes
        assert_error(fresh_client.post("/v1/documents", files={"file": (name, article)}), 422,
                     "file rejected: the file name is longer than 255 bytes")
    assert fresh_client.post("/v1/documents", files={"file": ("a" * 251 + ".txt", article)}).status_code == 201
    uploaded = uploads_folder(tmp_path / "data").iterdir()
    assert sorted(p.name for p in uploaded if not p.name.startswith(".")) == ["a" * 251 + ".txt"]  # (.journal aside)


def test_a_page_beyond_the_bounds_is_rejected_by_the_upload_api(fresh_client, tmp_path):
    nested = b"<div>" * 200_000 + b"x" + b"</div>" * 200_000
    response = fresh_client.post("/v1/documents", files={"file": ("nested.html", nested, "text/html")})
    assert_error(response, 422, "file rejected: the page has more than 100000 HTML tags")
    assert not (uploads_folder(tmp_path / "data") / "nested.html").exists()
