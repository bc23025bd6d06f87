"""Follow-up questions -> standalone questions, so every turn of a chat searches the corpus.

"And what about oil?" means nothing to a retriever. With an LLM configured it rewrites
the follow-up from the conversation; without one (the extractive backend), a follow-up
(one leaning on "and", "what about", "it", "they"..., or a short one naming nothing) is
joined to the previous question, which carries the topic. Callers keep the standalone
questions (`Answer.search_query`) as the user turns of the history, so a chain of
follow-ups keeps its topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.errors import LLMError
from rag.prompts import condense_messages
from rag.text import names, terms

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
    short_and_nameless = len(terms(question)) <= 2 and not names(question)
    if _LEANS_ON_CONTEXT.search(question) or short_and_nameless:
        return f"{previous[-1].rstrip()} {question.strip()}"
    return question
