"""Grounded question answering over a corpus of articles.

    from rag import Assistant
    assistant = Assistant.from_settings()
    assistant.ingest(["seeds"])
    answer = assistant.ask("What happened to Russian oil shipments to Pakistan?")
    print(answer.answer, answer.citations[0].quote)

    from rag import Client                     # the same calls, answered by a running `rag serve`
    with Client("http://127.0.0.1:8000", api_key="...") as client:
        answer = client.ask("What happened to Russian oil shipments to Pakistan?")

`import rag` stays light: the Assistant (and with it llama-index, Chroma and the embedding
model) and the Client (httpx) load on first use.
"""

from typing import TYPE_CHECKING

from rag.config import Settings
from rag.errors import RagError
from rag.schema import Answer, AnswerSentence, Article, Citation, Passage, Source

if TYPE_CHECKING:  # for type checkers and editors; at run time they load on first use
    from rag.assistant import Assistant
    from rag.client import Client

__all__ = [
    "Answer", "AnswerSentence", "Article", "Assistant", "Citation", "Client", "Passage", "RagError",
    "Settings", "Source",
]


def __getattr__(name: str):
    if name == "Assistant":
        from rag.assistant import Assistant

        return Assistant
    if name == "Client":
        from rag.client import Client

        return Client
    raise AttributeError(name)
