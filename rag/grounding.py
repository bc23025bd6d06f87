"""The grounding check: does an answer sentence say only what the passages it cites say?

Deterministic and offline, so the same judge serves answers and the evaluation harness.
For a sentence and its cited passages it finds, in each passage, the span (one sentence,
or two adjacent ones) that best supports it, and checks against those spans together:
- content words: the share of the sentence's content-word stems they contain;
- numbers: every number of the sentence appears in them;
- names: every capitalised name of the sentence appears in them;
- negation: a negating sentence needs negating evidence, and a positive one must not
  have its words negated in the evidence ("...has not suspended shipments").
It also parses [n] markers out of generated text. It does not judge whether an answer is
complete or whether it answers the question: only whether it is backed by its citations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rag.schema import Passage
from rag.text import sentence_spans, terms, words

# Share of a sentence's content words its cited spans must contain.
SUPPORT_THRESHOLD = 0.6
# Words after a negation that it is taken to cover.
NEGATION_REACH = 5

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]*")
_NEGATION = re.compile(r"\b(not|no|never|nobody|none|neither|nor|without|cannot|nothing)\b|n[’']t\b", re.I)
# Capitalised words that are not names.
_NOT_NAMES = {"i", "the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "in", "on", "at", "as", "but", "and", "or", "if", "so", "for"}


@dataclass(frozen=True)
class Span:
    """A supporting span of a passage, with offsets into the article."""

    passage: Passage
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.passage.text[self.start - self.passage.start : self.end - self.passage.start]


@dataclass(frozen=True)
class Verdict:
    supported: bool
    support: float  # share of content words found, 0 when a hard check fails
    spans: list[Span] = field(default_factory=list)  # one per cited passage, same order
    problems: list[str] = field(default_factory=list)


def check(sentence: str, cited: Sequence[Passage]) -> Verdict:
    """Is `sentence` backed by the `cited` passages?"""
    wanted = set(terms(sentence))
    if not cited:
        return Verdict(False, 0.0, [], ["cites nothing"])
    spans = [_best_span(wanted, passage) for passage in cited]
    evidence = " ".join(span.text for span in spans)
    found = set(terms(evidence))
    share = len(wanted & found) / len(wanted) if wanted else 1.0

    hard = []  # any of these makes the sentence unsupported whatever its overlap
    evidence_numbers = {_normal_number(n) for n in _NUMBER.findall(evidence)}
    for number in _NUMBER.findall(sentence):
        if _normal_number(number) not in evidence_numbers:
            hard.append(f"the number {number} is not in the cited text")
    evidence_words = set(words(evidence))
    for name in names(sentence):
        if name not in evidence_words:
            hard.append(f"the name {name!r} is not in the cited text")
    if _NEGATION.search(sentence):
        if not _NEGATION.search(evidence):
            hard.append("it negates what the cited text does not")
    elif any(len(wanted & negated) >= 2 for negated in _negated(evidence)):
        hard.append("the cited text negates what it asserts")
    problems = hard.copy()
    if share < SUPPORT_THRESHOLD:
        missing = ", ".join(sorted(wanted - found)[:6])
        problems.insert(0, f"only {share:.0%} of its content words are in the cited text (missing: {missing})")
    return Verdict(not problems, 0.0 if hard else round(share, 3), spans, problems)


def names(sentence: str) -> list[str]:
    """Lowercased capitalised words past the sentence's first word (Putin, SCO, Khorev)."""
    text = MARKER.sub("", sentence).strip()
    found = []
    for match in _NAME.finditer(text):
        if match.start() == 0 or text[: match.start()].rstrip().endswith((".", "“", '"', ":")):
            continue  # a capital that starts a sentence or a quote is not evidence of a name
        for part in words(match.group()):
            if part not in _NOT_NAMES:
                found.append(part)
    return found


def cited_sentences(text: str) -> list[tuple[str, list[int]]]:
    """Split generated text into sentences, each with the [n] numbers it carries.

    Markers are read wherever they sit ("...pretexts [1]." or "...pretexts. [1]"); a
    marker that opens a sentence belongs to the one before.
    """
    result: list[tuple[str, list[int]]] = []
    for start, end in sentence_spans(text):
        raw = text[start:end]
        leading = re.match(r"(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+", raw)
        if leading and result:
            result[-1][1].extend(_numbers(leading.group()))
            raw = raw[leading.end() :]
        clean = " ".join(MARKER.sub("", raw).split())
        clean = re.sub(r"\s+([.,;:!?])", r"\1", clean)
        if clean:
            result.append((clean, _numbers(raw)))
    return result


def _negated(text: str) -> list[set[str]]:
    """Content-word stems of the few words after each negation ("hasn't suspended such
    shipments"), where a contradiction of a positive sentence would sit."""
    return [set(terms(" ".join(text[m.end() :].split()[:NEGATION_REACH]))) for m in _NEGATION.finditer(text)]


def _numbers(fragment: str) -> list[int]:
    return [int(n) for group in MARKER.findall(fragment) for n in re.split(r"\s*[,;]\s*", group)]


def _best_span(wanted: set[str], passage: Passage) -> Span:
    """The sentence, or pair of adjacent sentences, of the passage sharing most content words."""
    spans = sentence_spans(passage.text) or [(0, len(passage.text))]
    sentence_terms = [set(terms(passage.text[a:b])) for a, b in spans]
    best, best_key = (0, 0), (-1.0, 0)
    for i in range(len(spans)):
        for j in (i, i + 1):
            if j >= len(spans):
                continue
            shared = len(wanted & sentence_terms[i].union(sentence_terms[j]))
            key = (shared - 0.5 * (j - i), -(j - i))  # a second sentence must earn its place
            if key > best_key:
                best, best_key = (i, j), key
    a, b = spans[best[0]][0], spans[best[1]][1]
    return Span(passage, passage.start + a, passage.start + b)


def _normal_number(number: str) -> str:
    return number.replace(",", "").rstrip(".").lstrip("0") or "0"
