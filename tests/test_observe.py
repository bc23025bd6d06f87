"""What operators see of `rag serve`: request ids, one log line per request, /metrics."""

import json
import logging
import re

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from rag import Settings, observe
from rag.api import create_app
from rag.assistant import Assistant

from conftest import SEEDS


@pytest.fixture()
def client(seeded):
    with TestClient(create_app(seeded)) as client:
        yield client


def scrape(client, **headers) -> dict[tuple[str, tuple], float]:
    """/metrics parsed by prometheus-client's own parser: {(sample name, labels): value}."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.text) for s in family.samples}


def test_every_response_carries_a_request_id_and_a_sane_given_one_is_kept(client):
    made = client.get("/healthz").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/healthz").headers["x-request-id"] != made
    assert client.get("/healthz", headers={"X-Request-ID": "trace-42.a"}).headers["x-request-id"] == "trace-42.a"
    # Errors carry it too, and an id a log line should not hold is replaced.
    response = client.post("/v1/ask", json={"question": ""}, headers={"X-Request-ID": "bad id\twith tab"})
    assert response.status_code == 400
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])
    assert re.fullmatch(r"[0-9a-f]{32}", client.get("/healthz", headers={"X-Request-ID": "x" * 200}).headers["x-request-id"])


def test_one_log_line_per_request_names_the_route_status_duration_and_id(client, caplog):
    caplog.set_level(logging.INFO, logger="rag.access")
    client.get("/v1/documents/no-such-doc", headers={"X-Request-ID": "abc"})
    client.post("/v1/ask", json={"question": "What goods did Pakistan export to Russia?"})
    lines = [r for r in caplog.records if r.name == "rag.access"]
    assert len(lines) == 2
    missing, asked = lines
    assert (missing.method, missing.route, missing.path, missing.status, missing.request_id) == \
        ("GET", "/v1/documents/{doc_id}", "/v1/documents/no-such-doc", 404, "abc")
    assert (asked.method, asked.route, asked.status) == ("POST", "/v1/ask", 200)
    assert asked.duration_ms > 0


def test_an_unexpected_error_is_logged_with_its_traceback_and_the_client_gets_the_id(seeded, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(seeded, "ask", broken)
    caplog.set_level(logging.INFO, logger="rag")
    with TestClient(create_app(seeded), raise_server_exceptions=False) as client:
        response = client.post("/v1/ask", json={"question": "anything?"}, headers={"X-Request-ID": "req-7"})
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "req-7"
    assert response.json()["error"]["code"] == "internal_error"
    assert "req-7" in response.json()["error"]["message"]
    assert "a bug" not in response.text  # the details stay in the server's log
    [logged] = [r for r in caplog.records if r.name == "rag.api"]
    assert logged.levelno == logging.ERROR and logged.request_id == "req-7"
    assert logged.exc_info[0] is ZeroDivisionError
    [line] = [r for r in caplog.records if r.name == "rag.access"]
    assert (line.status, line.request_id) == (500, "req-7")


def test_the_log_is_json_lines_at_the_configured_level(client, capsys):
    try:
        observe.configure_logging("info")
        client.get("/healthz", headers={"X-Request-ID": "json-1"})
        observe.configure_logging("WARNING")
        client.get("/healthz", headers={"X-Request-ID": "json-2"})
    finally:
        rag_logger = logging.getLogger("rag")
        rag_logger.handlers[:], rag_logger.propagate = [], True
        rag_logger.setLevel(logging.NOTSET)
    [line] = capsys.readouterr().err.splitlines()
    record = json.loads(line)
    assert record["logger"] == "rag.access" and record["level"] == "INFO" and record["message"] == "request"
    assert (record["route"], record["status"], record["request_id"]) == ("/healthz", 200, "json-1")
    assert record["time"]


def test_the_log_follows_stderr_when_a_caller_swaps_it(client, monkeypatch, capsys):
    # An in-process `rag serve` under a test runner configured logging while stderr was the
    # runner's capture, closed right after; later lines raised "I/O operation on closed file".
    import io

    captured = io.StringIO()
    try:
        with monkeypatch.context() as swapped:
            swapped.setattr("sys.stderr", captured)
            observe.configure_logging("info")
        captured.close()
        client.get("/healthz", headers={"X-Request-ID": "after-swap"})
    finally:
        rag_logger = logging.getLogger("rag")
        rag_logger.handlers[:], rag_logger.propagate = [], True
        rag_logger.setLevel(logging.NOTSET)
    captured_now = capsys.readouterr()
    assert "after-swap" in captured_now.err and "closed file" not in captured_now.err


def test_metrics_count_requests_answers_refusals_and_writes(client):
    before = scrape(client)
    client.post("/v1/ask", json={"question": "What goods did Pakistan export to Russia?"})
    refused = client.post("/v1/ask", json={"question": "How do I bake sourdough bread at home?"}).json()
    assert refused["refused"]
    client.get("/v1/documents/nope")
    client.get("/v1/documents/also-nope")
    client.get("/no/such/page")
    after = scrape(client)

    def grew(name, **labels):
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert grew("rag_http_requests_total", method="POST", route="/v1/ask", status="200") == 2
    assert grew("rag_http_requests_total", method="GET", route="/v1/documents/{doc_id}", status="404") == 2
    assert grew("rag_http_requests_total", method="GET", route="(unmatched)", status="404") == 1
    assert grew("rag_http_request_duration_seconds_count", method="POST", route="/v1/ask") == 2
    assert grew("rag_answers_total", backend="extractive", outcome="refused") == 1
    assert grew("rag_answers_total", backend="extractive", outcome="answered") == 1
    assert ("rag_answer_sentences_unverified_total", ()) in after
    articles = len(list(SEEDS.glob("*.txt")))
    assert after[("rag_index_articles", ())] == articles
    assert after[("rag_index_chunks", ())] > articles


def test_uploads_and_deletes_are_counted(make_assistant):
    with TestClient(create_app(make_assistant())) as client:
        added = client.post("/v1/documents", files={"file": ("note.md", b"# Note\n\nThe owl counts stars at night.\n")})
        assert added.status_code == 201, added.text
        client.post("/v1/documents", files={"file": ("note.md", b"# Note\n\nThe owl counts stars at night.\n")})
        bad = client.post("/v1/documents", files={"file": ("bad.pdf", b"not a pdf")})
        assert bad.status_code >= 400
        client.delete(f"/v1/documents/{added.json()['doc_id']}")
        metrics = scrape(client)
    for result, count in {"added": 1, "unchanged": 1, "failed": 1, "deleted": 1}.items():
        assert metrics[("rag_ingest_articles_total", (("result", result),))] == count, result


def test_metrics_need_a_key_when_keys_are_set(seeded, embedder):
    settings = Settings(_env_file=None, data_dir=seeded.settings.data_dir, api_keys="k1")
    with Assistant.from_settings(settings, embedder=embedder) as locked, TestClient(create_app(locked)) as client:
        assert client.get("/metrics").status_code == 401
        assert scrape(client, Authorization="Bearer k1")[("rag_index_articles", ())] > 0


def test_the_readme_reads_the_metrics_of_a_running_server(seeded, capsys):
    from conftest import readme_example, serving

    with serving(create_app(seeded)) as url:
        import httpx

        httpx.post(f"{url}/v1/ask", json={"question": "What goods did Pakistan export to Russia?"}, timeout=60)
        exec(compile(readme_example("metrics").replace("http://127.0.0.1:8000", url), "README.md", "exec"), {})
    printed = capsys.readouterr().out.split()
    assert printed[:2] == ["answered", "1.0"] or ["answered", "1.0"] == printed[2:4], printed
