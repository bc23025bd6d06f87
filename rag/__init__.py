"""Grounded question answering over a corpus of articles.

    from rag import Assistant
    assistant = Assistant.from_settings()
    assistant.ingest(["seeds"])
    answer = assistant.ask("What happened to Russian oil shipments to Pakistan?")
    print(answer.answer, answer.citations[0].quote)

`import rag` stays light: the Assistant (and with it llama-index, Chroma and the embedding
model) loads on first use.
"""

from rag.config import Settings
from rag.errors import RagError
from rag.schema import Answer, AnswerSentence, Article, Citation, Passage, Source

__all__ = [
    "Answer", "AnswerSentence", "Article", "Assistant", "Citation", "Passage", "RagError",
    "Settings", "Source",
]


def __getattr__(name: str):
    if name == "Assistant":
        from rag.assistant import Assistant

        return Assistant
    raise AttributeError(name)
