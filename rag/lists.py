"""Lists that answer a question: the items after a sentence that announces them, and the
sentences of an article that open with an ordinal ("To begin with", "The second").
Offsets are into the article, as every quote's are.
"""

from __future__ import annotations

import re

from rag import asks, structure
from rag.schema import Article, Passage

# A sentence that announces a list: it ends with a colon, or counts what follows.
ANNOUNCES = re.compile(r"(?:\b(two|three|four|five|six|seven|\d{1,2}|several)\s+(?:[\w-]+\s+){0,2}?[\w-]+s"
                       r"(?:\s+[\w-]+){0,5}[.:]?|:)\s*$", re.I)
BULLET_PREFIX = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")
ORDINAL_START = re.compile(
    r"^(to begin with|first(ly)?|the first|second(ly)?|the second|third(ly)?|the third|"
    r"and finally|finally|lastly)\b",
    re.I,
)


def items_after(lead: str, lead_end: int, passage: Passage, limit: int) -> list[tuple[int, int, str]]:
    """The list items that follow a sentence announcing them ("...spent on three
    activities." or "...as follows:") in its passage, each item's first sentence, so that
    with the lead they are at most `limit` sentences."""
    announced = ANNOUNCES.search(lead)
    if not announced or limit < 3:
        return []  # (a list needs the lead and two items)
    count = (announced.group(1) or "").lower()
    wanted = min(limit - 1, asks.COUNT_WORDS.get(count) or (int(count) if count.isdigit() else limit))
    items: list[tuple[int, int, str]] = []
    for a, b in structure.passage_sentences(passage):
        if passage.start + a < lead_end:
            continue
        line_start = passage.text.rfind("\n", 0, a) + 1
        prefix = passage.text[line_start:a]
        if BULLET_PREFIX.fullmatch(prefix):
            items.append((passage.start + a, passage.start + b, passage.text[a:b]))
        elif not prefix or (prefix.strip() and not items):
            break  # a paragraph at the margin, or more of the lead's own: no list, or its end
        # (else: an item's indented text, or more of an item's sentence: read on)
        if len(items) == wanted:
            break
    return items if len(items) >= 2 else []


def ordinal_sentences(text: str) -> list[tuple[int, int, str]]:
    """The sentences of an article's text that open with an ordinal."""
    return [(a, b, text[a:b]) for a, b in structure.sentences(text) if ORDINAL_START.match(text[a:b])]


def sentences_saying(article: Article, phrase: re.Pattern) -> list[tuple[int, int, str]]:
    """The sentences of an article in which `phrase` is found; not its headline."""
    text = article.text
    return [(a, b, text[a:b]) for a, b in structure.sentences(text)
            if phrase.search(text, a, b) and not (a == 0 and text[a:b] == article.title)]
