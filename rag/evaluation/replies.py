"""Recorded model replies, so that a change to what is made of them (the grounding check,
the relevance test, the fallback to quotes) is measured in seconds, not in the model's
hours: `rag eval --replies FILE`.

A `RecordedReplies` is a `rag.llm.ChatModel` over a JSONL file. A prompt it holds a reply
for (same model, token cap, temperature and messages) is answered from the file; any other
is sent to the real model, made only then, and its reply appended. A run whose retrieval
and prompts are unchanged therefore needs no model at all. Latency figures of a replayed
run are the replay's, not the model's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from rag.config import Settings
from rag.llm import ChatModel, Cut, Reply, Stream


class RecordedReplies:
    def __init__(self, path: Path, settings: Settings, make: Callable[[], ChatModel]) -> None:
        self.path = Path(path)
        self.backend = settings.backend  # Answer.backend, as the recorded model's
        model = settings.llm_gguf.name if settings.backend == "local" and settings.llm_gguf else settings.llm_model
        self._identity = [settings.backend, model, settings.llm_max_tokens, settings.temperature]
        self._make = make
        self._model: ChatModel | None = None
        self._replies: dict[str, Reply] = {}
        self.replayed = self.recorded = 0
        if self.path.exists():
            with self.path.open(encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        row = json.loads(line)
                        self._replies[row["key"]] = Reply(row["text"], row["truncated"])

    def complete(self, messages: list[dict[str, str]]) -> str:
        return self.reply(messages).text

    def reply(self, messages: list[dict[str, str]]) -> Reply:
        key = self._key(messages)
        if key in self._replies:
            self.replayed += 1
            return self._replies[key]
        if self._model is None:
            self._model = self._make()
        reply = self._model.reply(messages)
        self._record(key, reply)
        return reply

    def stream(self, messages: list[dict[str, str]]) -> Stream:
        def deltas(cut: Cut) -> Iterator[str]:
            reply = self.reply(messages)
            cut.truncated = reply.truncated
            yield reply.text

        return Stream(deltas)

    def _key(self, messages: list[dict[str, str]]) -> str:
        return hashlib.sha256(json.dumps([self._identity, messages], sort_keys=True).encode()).hexdigest()

    def _record(self, key: str, reply: Reply) -> None:
        self._replies[key] = reply
        self.recorded += 1
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"key": key, "text": reply.text, "truncated": reply.truncated}) + "\n")
