"""The grounding check: does an answer sentence say only what the passages it cites say?

Deterministic and offline, so the same judge serves answers and the evaluation harness.
For a sentence and its cited passages it finds, in each passage, the span (one sentence,
or two adjacent ones) that best supports it, and checks against those spans together:
- content words: the share of the sentence's content-word stems they contain;
- numbers: every number of the sentence appears in them (number words too), with the
  same thing counted ("three things" is not backed by "two years");
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
from rag.structure import passage_sentences
from rag.text import names, sentence_spans, terms, words

# Share of a sentence's content words its cited spans must contain.
SUPPORT_THRESHOLD = 0.6
# Words after a negation that it is taken to cover.
NEGATION_REACH = 5

# [1], [1, 2], [1;2], [1-3], [Passage 1], [Source 2,]
MARKER = re.compile(r"\s*\[(?:passage|source|doc)?\s*(\d+(?:\s*(?:[,;]|-|–)\s*\d+)*)\s*[,;]?\s*\]", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATION = re.compile(r"\b(not|no|never|nobody|none|neither|nor|without|cannot|nothing)\b|n[’']t\b", re.I)
_NUMBER_WORDS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000, "million": 1000000,
    "billion": 1000000000, "dozen": 12, "decade": 10, "decades": 10,
}


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


# A number and the words after it, within a line or across one line break: hard-wrapped
# text ("exactly three\npoints") counts the same as a line, a blank line ends it.
_QUANTITY = re.compile(
    r"(?<![\w.])(\d[\d,.]*\d|\d|" + "|".join(_NUMBER_WORDS) + r")((?:(?:[ \t]+|[ \t]*\n[ \t]*)[A-Za-z][\w’'-]*){1,3})",
    re.I,
)


def check(sentence: str, cited: Sequence[Passage]) -> Verdict:
    """Is `sentence` backed by the `cited` passages?"""
    wanted = set(terms(sentence))
    if not cited:
        return Verdict(False, 0.0, [], ["cites nothing"])
    spans = [_best_span(wanted, passage) for passage in cited]
    evidence = " ".join(span.text for span in spans)
    found = set(terms(evidence))
    share = len(wanted & found) / len(wanted) if wanted else 1.0
    # A name may be given anywhere in a cited passage; a number must be in the span.
    passages_text = " ".join(p.text for p in cited)

    hard = []  # any of these makes the sentence unsupported whatever its overlap
    known_numbers = set(numbers(evidence))
    known_quantities = _quantities(evidence, reach=3)
    for number in numbers(sentence):
        if number not in known_numbers:
            hard.append(f"the number {number} is not in the cited text")
    for number, nouns_here in _quantities(sentence, reach=1):
        noun = nouns_here[0] if nouns_here else None
        if noun and number in known_numbers and not any(n == number and noun in nouns for n, nouns in known_quantities):
            hard.append(f"the cited text does not give {number} {noun}")
    known_words = set(words(passages_text))
    for name in names(sentence):
        if not _mentioned(name, known_words):
            hard.append(f"the name {name!r} is not in the cited text")
    negated_here = _negated(sentence)
    if negated_here:
        if not any(clause & theirs for clause in negated_here for theirs in _negated(evidence)):
            hard.append("it negates what the cited text does not")
    elif any(len(wanted & negated) >= 2 for negated in _negated(evidence)):
        hard.append("the cited text negates what it asserts")
    problems = hard.copy()
    if share < SUPPORT_THRESHOLD:
        missing = ", ".join(sorted(wanted - found)[:6])
        problems.insert(0, f"only {share:.0%} of its content words are in the cited text (missing: {missing})")
    return Verdict(not problems, 0.0 if hard else round(share, 3), spans, problems)


def numbers(text: str) -> list[str]:
    """Every number in the text as digits, number words included ("three" -> "3")."""
    found = [_normal_number(n) for n in _NUMBER.findall(text)]
    found += [str(_NUMBER_WORDS[w]) for w in words(text) if w in _NUMBER_WORDS]
    return found


def _quantities(text: str, reach: int) -> list[tuple[str, tuple[str, ...]]]:
    """Numbers with the content words right after them (within `reach` words, not across
    punctuation): ("3", ("thing",)) for "three things", so "two years" in a text does not
    back "two things"."""
    found = []
    for match in _QUANTITY.finditer(text):
        number = _as_number(match.group(1).lower().replace(",", ""))
        following = [w for w in match.group(2).split()[:reach] if _as_number(w.lower()) is None]
        nouns = tuple(terms(" ".join(following)))
        if number is not None and nouns:
            found.append((number, nouns))
    return found


def _as_number(token: str) -> str | None:
    if token.replace(".", "").isdigit():
        return _normal_number(token)
    return str(_NUMBER_WORDS[token]) if token in _NUMBER_WORDS else None


def _mentioned(name: str, known: set[str]) -> bool:
    """Russia is mentioned by "Russian", Pakistan by "Pakistani": a shared stem will do."""
    if name in known:
        return True
    return len(name) >= 4 and any(w.startswith(name) or (len(w) >= 4 and name.startswith(w)) for w in known)


def cited_sentences(text: str) -> list[tuple[str, list[int]]]:
    """Split generated text into sentences, each with the [n] numbers it carries.

    Markers are read wherever they sit ("...pretexts [1]." or "...pretexts. [1]"). A
    marker that opens a sentence belongs to the one before when that one has none of its
    own ("Oil stopped. [1] Trade grew [2]."), else to its own ("[1] Oil stopped. [2] Trade
    grew."), as it does at the start of a line.
    """
    result: list[tuple[str, list[int]]] = []
    for start, end in sentence_spans(text):
        raw = text[start:end]
        leading = re.match(f"(?:{MARKER.pattern})+", raw, re.I)
        line_start = text.rfind("\n", 0, start) + 1
        opens_line = not text[line_start:start].strip()
        if leading and result and not result[-1][1] and not opens_line:
            result[-1][1].extend(_numbers(leading.group()))
            raw = raw[leading.end() :]
        clean = " ".join(MARKER.sub("", raw).split())
        clean = re.sub(r"\s*[,;]*\s*([.!?])$", r"\1", clean)  # "stopped [1], [2]." -> "stopped."
        clean = re.sub(r"\s+([.,;:!?])", r"\1", clean)
        if clean:
            result.append((clean, _numbers(raw)))
    return result


def _negated(text: str) -> list[set[str]]:
    """Content-word stems of the few words after each negation ("hasn't suspended such
    shipments"): what the negation denies."""
    return [set(terms(" ".join(text[m.end() :].split()[:NEGATION_REACH]))) for m in _NEGATION.finditer(text)]


def _numbers(fragment: str) -> list[int]:
    """The passage numbers named by the markers in `fragment`, ranges expanded."""
    found: list[int] = []
    for group in MARKER.findall(fragment):
        for part in re.split(r"\s*[,;]\s*", group):
            low, _, high = re.sub(r"\s", "", part).replace("–", "-").partition("-")
            first, last = int(low), int(high or low)
            found += range(first, last + 1) if 0 <= last - first < 20 else [first]
    return found


def _best_span(wanted: set[str], passage: Passage) -> Span:
    """The sentence, or pair of adjacent sentences, of the passage sharing most content words."""
    spans = passage_sentences(passage) or [(0, len(passage.text))]
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
