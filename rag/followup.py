"""Follow-up questions -> standalone questions, so every turn of a chat searches the corpus.

"And what about oil?" means nothing to a retriever. A follow-up (one leaning on "and",
"what about", "it", "they"..., or a short one naming nothing) is joined to the question
that set the topic: the latest one that stands alone, with the follow-ups asked since.
With an LLM configured, the model also rewrites it from the conversation, and both are
searched (`searches`).

Callers keep each question as it was asked: the history is read as written, and only its
last HISTORY_MESSAGES messages, each cut to HISTORY_CHARS, so a chat of any length costs
the same per turn and a rewritten question never outgrows the question limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.errors import LLMError
from rag.prompts import condense_messages
from rag.text import names, terms, words

if TYPE_CHECKING:
    from rag.llm import ChatModel  # (rag.llm loads the openai client: only when a model is used)

# (role, text) with role "user" or "assistant", oldest first.
History = Sequence[tuple[str, str]]

# The last three exchanges: enough for "it" to find what it stands for; older turns have
# rarely anything to do with the question now asked.
HISTORY_MESSAGES = 6
HISTORY_CHARS = 2000

_LEANS_ON_CONTEXT = re.compile(
    r"^\s*(and|but|also|so|then|what about|how about|what else|why|how come)\b"
    r"|\b(it|its|they|them|their|theirs|that|this|those|these|he|him|his|she|her|there)\b",
    re.I,
)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def recent(history: History) -> list[tuple[str, str]]:
    """The part of the history a follow-up is read against (see HISTORY_MESSAGES)."""
    return [(role, text[:HISTORY_CHARS]) for role, text in list(history)[-HISTORY_MESSAGES:]]


def standalone_question(question: str, history: History, llm: ChatModel | None = None, max_chars: int = 2000) -> str:
    return searches(question, history, llm, max_chars)[0]


def searches(question: str, history: History, llm: ChatModel | None = None, max_chars: int = 2000) -> list[str]:
    """What to search the corpus for: the standalone question first (the LLM's rewrite,
    or the heuristic's join without one), then the join too when an LLM rewrote it. A
    small model's rewrite can drift off the topic (a 0.5B model's did on each follow-up
    of the git gold set it got wrong) where the join keeps the conversation's own words:
    searching both (fused by reciprocal rank), a drifting rewrite no longer decides alone
    what is read."""
    joined = _joined(question, recent(history), max_chars)
    if llm is None or joined is None:
        return [joined or question]
    try:
        asked = [text for role, text in history if role == "user"]
        rewritten = _rewrite(llm.complete(condense_messages(recent(history), question)), question, asked)[:max_chars]
    except LLMError:
        rewritten = ""  # the join still keeps the conversation on topic
    return [rewritten, joined] if rewritten and rewritten != joined else [joined]


def _rewrite(reply: str, question: str, asked: Sequence[str] = ()) -> str:
    """The standalone question in the model's reply: its first line that is a question
    and not an earlier one said again (SmolLM2 went on, "What does yyyless do?\n\nThe
    answer is:..."; echoed the topic first, "What happened to Russian oil shipments to
    Pakistan?\nWhat about wheat?"; or answered instead, "You can use the `S5SlideShow`
    class... Here's an example:\n\n```javascript"), or none when that leaves out a name or
    number the follow-up gives (the "0" of "and what if I pass it 0?"): searched, it would
    move the passages away from what is asked."""
    earlier = {" ".join(words(text)) for text in [*asked, question]}  # (the follow-up itself is no rewrite)
    line = next((line for line in (raw.strip().strip('"') for raw in reply.splitlines())
                 if line.endswith("?") and " ".join(words(line)) not in earlier), "")
    given = set(names(question, openers=False)) | set(_NUMBER.findall(question))
    return line if given <= set(words(line)) | set(_NUMBER.findall(line)) else ""


def _joined(question: str, history: History, max_chars: int) -> str | None:
    """The follow-up joined to the question that set its topic; None without history."""
    previous = [text for role, text in history if role == "user"]
    if not previous:
        return None
    if not leans_on_context(question):
        return question
    topic = " ".join(q.strip() for q in _topic(previous))
    room = max_chars - len(question.strip()) - 1
    return f"{topic[:room].rstrip()} {question.strip()}" if room > 0 else question


def leans_on_context(question: str) -> bool:
    short_and_nameless = len(terms(question)) <= 2 and not names(question)
    return bool(_LEANS_ON_CONTEXT.search(question)) or short_and_nameless


def _topic(previous: list[str]) -> list[str]:
    """The latest question that stands alone and the follow-ups asked after it (all of the
    recent ones when each leans on another)."""
    start = len(previous) - 1
    while start > 0 and leans_on_context(previous[start]):
        start -= 1
    return previous[start:]
