"""An OpenAI-compatible HTTP server on loopback, for tests: the real protocol, scripted answers.

- POST /v1/embeddings: deterministic bags of hashed words (64 dimensions), so texts that
  share words are similar and retrieval behaves sensibly.
- POST /v1/chat/completions: replies from `script`, a list consumed in order. An entry is
  the reply text, a callable (request body -> reply text), or a dict describing a fault:
  {"status": 429} / {"status": 500}, {"delay": seconds, "text": ...}, {"malformed": True},
  {"raw": completion-json}, {"cut_after": n, "text": ...} (a stream that stops after n chunks),
  {"finish_reason": "length", "text": ...} (a reply cut by max_tokens), {"pause": seconds,
  "text": ...} (a stream that waits between chunks).
  With "stream": true the text is sent as server-sent events, a few characters a chunk.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DIMENSIONS = 64
Reply = str | Callable[[dict], str] | dict


def bag_of_words(text: str) -> list[float]:
    vector = [0.0] * DIMENSIONS
    for word in re.findall(r"\w+", text.lower()):
        vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % DIMENSIONS] += 1.0
    return vector


def passages(body: dict) -> dict[int, str]:
    """The numbered passages of an answer prompt."""
    prompt = body["messages"][-1]["content"]
    return {int(m.group(1)): m.group(0) for m in re.finditer(r'<passage n="(\d+)".*?</passage>', prompt, re.S)}


def passage_number(body: dict, phrase: str, containing: bool = True) -> int:
    """The [n] of the first passage that contains `phrase` (or, with containing=False,
    that does not), for scripted citations."""
    for n, block in passages(body).items():
        if (phrase in block) == containing:
            return n
    raise AssertionError(f"no passage in the prompt fits {phrase!r}")


class FakeOpenAI:
    def __init__(self, api_key: str = "test-key") -> None:
        self.api_key = api_key
        self.script: list[Reply] = []
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append({"path": self.path, "body": body})
                if self.headers.get("Authorization") != f"Bearer {server.api_key}":
                    return self._json(401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}})
                if self.path.endswith("/embeddings"):
                    texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
                    data = [{"object": "embedding", "index": i, "embedding": bag_of_words(t)} for i, t in enumerate(texts)]
                    return self._json(200, {"object": "list", "data": data, "model": body["model"],
                                            "usage": {"prompt_tokens": 1, "total_tokens": 1}})
                if self.path.endswith("/chat/completions"):
                    return self._chat(body)
                self._json(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})

            def _chat(self, body: dict) -> None:
                reply = server.script.pop(0) if server.script else "The passages do not answer this question."
                if isinstance(reply, dict):
                    time.sleep(reply.get("delay", 0))
                    if "status" in reply:
                        return self._json(reply["status"], {"error": {"message": f"scripted {reply['status']}", "type": "server_error"}})
                    if reply.get("malformed"):
                        if body.get("stream"):
                            return self._raw(200, b"data: {this is not json\n\n", "text/event-stream")
                        return self._raw(200, b"{this is not json", "application/json")
                    if "raw" in reply:
                        return self._json(200, reply["raw"])
                    if "cut_after" in reply:
                        return self._stream(body["model"], reply["text"], cut_after=reply["cut_after"])
                    finish, pause = reply.get("finish_reason", "stop"), reply.get("pause", 0)
                    reply = reply["text"]
                else:
                    finish, pause = "stop", 0
                text = reply(body) if callable(reply) else reply
                if body.get("stream"):
                    return self._stream(body["model"], text, finish=finish, pause=pause)
                self._json(200, {
                    "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": body["model"],
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })

            def _stream(self, model: str, text: str, cut_after: int | None = None, finish: str = "stop",
                        pause: float = 0) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                pieces = [text[i : i + 7] for i in range(0, len(text), 7)]
                for i, piece in enumerate([*pieces, None]):
                    if cut_after is not None and i == cut_after:
                        return  # the connection drops: no finish, no [DONE]
                    delta = {"content": piece} if piece is not None else {}
                    chunk = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                             "choices": [{"index": 0, "delta": delta, "finish_reason": None if piece is not None else finish}]}
                    try:
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                        self.wfile.flush()
                    except (BrokenPipeError, ConnectionResetError):
                        return  # the client stopped reading
                    time.sleep(pause)
                self.wfile.write(b"data: [DONE]\n\n")
                self.close_connection = True

            def _json(self, status: int, payload: dict) -> None:
                self._raw(status, json.dumps(payload).encode(), "application/json")

            def _raw(self, status: int, raw: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def chat_requests(self) -> list[dict]:
        return [r["body"] for r in self.requests if r["path"].endswith("/chat/completions")]

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
