"""What `rag serve` tells its operators: one structured log line per request, Prometheus
metrics at /metrics, and a request id that ties a client's report to the server's log.

- Every request gets an id: the client's `X-Request-ID` when it is a sane token (so a
  proxy's or a caller's id carries through), else a new one. It is echoed in the
  response's `X-Request-ID`, logged with the request, and named in a 500's message.
- The log (logger "rag.access", JSON lines on stderr from `rag serve`) has method, route
  (the template, "/v1/documents/{doc_id}", so lines group by endpoint), status, duration
  and request id; an unexpected error is logged with its traceback (logger "rag.api").
- Metrics live in a registry per app (prometheus-client), so several apps in one process
  (tests) do not share counters.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from collections.abc import Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from rag.schema import Answer

access_log = logging.getLogger("rag.access")
error_log = logging.getLogger("rag.api")

METRICS_CONTENT_TYPE = CONTENT_TYPE_LATEST
# A client's id is kept if it looks like an id (what proxies and tracing headers send);
# anything else (long, or with characters a log line should not carry) is replaced.
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Answers take milliseconds (extractive) to a minute (a small local LLM on a CPU).
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for the rag loggers, at `level` (what `rag serve` calls)."""
    from pythonjsonlogger.json import JsonFormatter

    handler = _CurrentStderr()
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                                       rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}))
    logger = logging.getLogger("rag")
    logger.handlers[:] = [handler]
    logger.setLevel(level.upper())
    logger.propagate = False


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is logged, not to the stream it was
    when logging was configured: a caller that swaps stderr for a while (a test runner
    capturing a command's output) may close that stream before the next line."""

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


class Metrics:
    """The counters /metrics shows. `index_counts` gives (articles, chunks) at scrape time."""

    def __init__(self, index_counts: Callable[[], tuple[int, int]]) -> None:
        self.registry = registry = CollectorRegistry()
        self.requests = Counter("rag_http_requests", "HTTP requests answered, by method, route and status",
                                ["method", "route", "status"], registry=registry)
        self.latency = Histogram("rag_http_request_duration_seconds", "Time to answer an HTTP request, by route",
                                 ["method", "route"], buckets=_LATENCY_BUCKETS, registry=registry)
        self.answers = Counter("rag_answers", "Answers given, by backend and outcome (answered or refused)",
                               ["backend", "outcome"], registry=registry)
        self.unverified = Counter("rag_answer_sentences_unverified",
                                  "Answer sentences shown flagged as not supported by their cited passages",
                                  registry=registry)
        self.ingested = Counter("rag_ingest_articles", "Articles written through the API, by result "
                                "(added, updated, unchanged, failed, deleted)", ["result"], registry=registry)
        registry.register(_IndexSize(index_counts))

    def answer(self, answer: Answer) -> None:
        self.answers.labels(answer.backend, "refused" if answer.refused else "answered").inc()
        self.unverified.inc(sum(not s.supported for s in answer.sentences))

    def ingest(self, **results: int) -> None:
        for result, count in results.items():
            if count:
                self.ingested.labels(result).inc(count)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class _IndexSize:
    """Articles and chunks in the serving index, read when scraped."""

    def __init__(self, counts: Callable[[], tuple[int, int]]) -> None:
        self.counts = counts

    def describe(self):  # registering must not read the index
        return []

    def collect(self):
        try:
            articles, chunks = self.counts()
        except Exception:  # an index that cannot be read shows as missing figures, not a failed scrape
            return
        yield GaugeMetricFamily("rag_index_articles", "Articles in the serving index", value=articles)
        yield GaugeMetricFamily("rag_index_chunks", "Chunks in the serving index", value=chunks)


class RequestLog:
    """ASGI middleware: the request id, the access log line and the request metrics. Plain
    ASGI rather than @app.middleware, whose wrapper costs about a millisecond a request."""

    def __init__(self, app, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500  # if the app fails before it starts a response
        started = time.perf_counter()

        async def send_with_id(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = route_of(scope)
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(scope["method"], route).observe(seconds)
            access_log.info("request", extra={"method": scope["method"], "route": route, "path": scope["path"],
                                              "status": status, "duration_ms": round(seconds * 1000, 1),
                                              "request_id": request_id})


def route_of(scope) -> str:
    """The matched route's template; one label for every unmatched path, so a scan of
    random URLs cannot grow the metrics without bound."""
    route = scope.get("route")
    return getattr(route, "path", None) or "(unmatched)"


def request_id(request) -> str:
    return getattr(request.state, "request_id", "")
