"""Follow-up questions -> standalone questions, so every turn of a chat searches the corpus.

"And what about oil?" means nothing to a retriever. With an LLM configured it rewrites
the follow-up from the conversation; without one (the extractive backend), a follow-up
(a short question, or one leaning on "and", "what about", "it", "they"...) is joined to
the user's previous question, which carries the topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.errors import LLMError
from rag.prompts import condense_messages
from rag.text import terms

# (role, text) with role "user" or "assistant", oldest first.
History = Sequence[tuple[str, str]]

_LEANS_ON_CONTEXT = re.compile(
    r"^\s*(and|but|also|so|then|what about|how about|what else|why|how come)\b"
    r"|\b(it|its|they|them|their|theirs|that|this|those|these|he|him|his|she|her|there)\b",
    re.I,
)


def standalone_question(question: str, history: History, llm=None) -> str:
    previous = [text for role, text in history if role == "user"]
    if not previous:
        return question
    if llm is not None:
        try:
            rewritten = llm.complete(condense_messages(history, question)).strip().strip('"')
            if rewritten:
                return rewritten
        except LLMError:
            pass  # the heuristic below still keeps the conversation on topic
    if _LEANS_ON_CONTEXT.search(question) or len(terms(question)) <= 2:
        return f"{previous[-1].rstrip()} {question.strip()}"
    return question
