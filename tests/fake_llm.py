"""An in-process fake chat model for fast tests of the generative path: it keeps the
`rag.llm.ChatModel` contract (complete, reply, stream) and answers from a script, each
entry a reply text or a function of the messages it is sent. No server, no port: the
unit tests use it; the loopback fake server (tests/conftest.py, `fake_openai`) stays for
what needs the OpenAI protocol itself, and the real-model tests for real behaviour.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rag.llm import Reply, Stream

Script = list[str | Callable[[list[dict[str, str]]], str]]


class ScriptedModel:
    backend = "scripted"  # (what Answer.backend says)

    def __init__(self, script: Script) -> None:
        self.script = list(script)
        self.sent: list[list[dict[str, str]]] = []

    def complete(self, messages: list[dict[str, str]]) -> str:
        self.sent.append(messages)
        entry = self.script.pop(0)
        return entry(messages) if callable(entry) else entry

    def reply(self, messages: list[dict[str, str]]) -> Reply:
        return Reply(self.complete(messages), truncated=False)

    def stream(self, messages: list[dict[str, str]]) -> Stream:
        text = self.complete(messages)

        def words(_cut) -> Iterator[str]:
            yield from (text[i : i + 7] for i in range(0, len(text), 7))

        return Stream(words)
