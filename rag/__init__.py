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
model), the Client (httpx) and Settings (pydantic-settings) load on first use, so
`rag --help` and the shells' start-up do not pay for what they do not run.
"""

from typing import TYPE_CHECKING

from rag.errors import RagError
from rag.schema import Answer, AnswerSentence, Article, Citation, Delta, Final, Passage, Passages, Source, StreamEvent

if TYPE_CHECKING:  # for type checkers and editors; at run time they load on first use
    __version__: str
    from rag.assistant import Assistant
    from rag.client import Client
    from rag.config import Settings

__all__ = [
    "__version__", "Answer", "AnswerSentence", "Article", "Assistant", "Citation", "Client", "Delta", "Final", "Passage",
    "Passages", "RagError", "Settings", "Source", "StreamEvent",
]


def __getattr__(name: str):
    if name == "__version__":  # the installed distribution's, read on first use
        from importlib.metadata import version

        return version("rag")
    if name == "Settings":
        from rag.config import Settings

        return Settings
    if name == "Assistant":
        from rag.assistant import Assistant

        return Assistant
    if name == "Client":
        from rag.client import Client

        return Client
    raise AttributeError(name)
