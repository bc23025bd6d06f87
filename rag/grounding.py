"""The grounding check: does an answer sentence say only what the passages it cites say?

Deterministic and offline, so the same judge serves answers and the evaluation harness.
For a sentence and its cited passages it finds, in each passage, the span (one sentence,
or two adjacent ones) that best supports it, and checks against those spans together:
- content words: the share of the sentence's content-word stems they contain;
- numbers: every number of the sentence appears in them (number words too), with the
  same thing counted ("three things" is not backed by "two years");
- names: every capitalised name of the sentence appears in them;
- negation: a negating sentence needs negating evidence, and a positive one must not
  have its words negated in the evidence ("...has not suspended shipments");
- code names (CPAN::Switch, core.eol, --option, URLs) appear verbatim in the passages;
- each clause ("X, and Y", "X because Y") is backed by one sentence on its own.
A frame about the evidence ("The passage states that") is not part of the claim. It also parses [n] markers out of generated text. It does not judge whether an answer is
complete or whether it answers the question: only whether it is backed by its citations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rag.schema import Passage
from rag.sentences import passage_sentences
from rag.shapes import underlined
from rag.text import NUMBER_WORDS, names, sentence_spans, terms, words

# Share of a sentence's content words its cited spans must contain.
SUPPORT_THRESHOLD = 0.6
# Words after a negation that it is taken to cover.
NEGATION_REACH = 5

# [1], [1, 2], [1;2], [1-3], [Passage 1], [Source 2,]
MARKER = re.compile(r"\s*\[(?:passage|source|doc)?\s*(\d+(?:\s*(?:[,;]|-|–)\s*\d+)*)\s*[,;]?\s*\]", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATION = re.compile(r"\b(not|no|never|nobody|none|neither|nor|without|cannot|nothing)\b|n[’']t\b", re.I)


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
    copied: bool = False  # a line of code the passage holds whole (its one span)


# A number and the words after it, within a line or across one line break: hard-wrapped
# text ("exactly three\npoints") counts the same as a line, a blank line ends it.
_QUANTITY = re.compile(
    r"(?<![\w.])(\d[\d,.]*\d|\d|" + "|".join(NUMBER_WORDS) + r")((?:(?:[ \t]+|[ \t]*\n[ \t]*)[A-Za-z][\w’'-]*){1,3})",
    re.I,
)


# "The passage states that ...": a frame about the evidence, not part of the claim.
_SOURCE = r"(?:passages?|articles?|texts?|documents?|sources?|faq|documentation|manual|guide)"
_FRAME = re.compile(
    rf"^\s*(?:(?:the|this|that)\s+{_SOURCE}\s*(?:\d+\s*)?"
    r"(?:also\s+)?(?:states?|says?|mentions?|notes?|explains?|indicates?|suggests?|reports?|recommends?)\s*(?:that\b|:)?"
    rf"|according\s+to\s+(?:the\s+)?{_SOURCE}\s*(?:\d+\s*)?,?)\s*"
    # (or at the end: "... in Russia-Pakistan relations according to the articles.")
    rf"|,?\s+according\s+to\s+(?:the\s+)?{_SOURCE}\s*(?:\d+\s*)?(?=[.!]?\s*$)",
    re.I,
)
# Switches that turn a part of the check off, to measure what it adds on the labelled real
# model sentences (eval/check_labels.py --without); the product leaves them on.
UNFRAME = True
CLAUSES = True
IDENTIFIERS = True


def unframed(sentence: str) -> str:
    """The claim of a sentence without a leading "The passage states that" or "According
    to the passages,"."""
    if not UNFRAME:
        return sentence
    rest = _FRAME.sub("", sentence, count=1)
    return rest if terms(rest) else sentence


def _copied(sentence: str, cited: Sequence[Passage]) -> Span | None:
    """Where a cited passage holds the sentence as a whole line outside its prose and its
    headings (a line of code, copied with or without its shell prompt): it says what the
    passage says. Code is not prose, so no sentence of the passage shares its words. (A
    heading, or "X causes Y" copied out of "It is not true that\nX causes Y", is checked
    as a claim.)"""
    tokens = re.sub(r"^\s*[$#]\s+", "", sentence).rstrip(".").split()
    if len(tokens) < 2 or not terms(sentence):
        return None
    line = re.compile(r"^[ \t]*(?:[$#][ \t]+)?(" + r"[ \t]+".join(map(re.escape, tokens)) + r")[ \t]*\.?[ \t]*$", re.M)
    for passage in cited:
        # ("# Title" reads as a root prompt and its command: its heading path tells.)
        headings = {" ".join(h.split()).lower() for h in [passage.title, *passage.section.split(" > ")]}
        for found in line.finditer(passage.text):
            a, b = found.span(1)
            # (The passage's prose sentences are the article's, read whole: a chunk that
            # starts inside a code block cannot tell code from prose by its own fences.)
            if not any(start < b and a < end for start, end in passage_sentences(passage)) \
                    and " ".join(tokens).lower() not in headings and not underlined(passage.text, a, b):
                return Span(passage, passage.start + a, passage.start + b)
    return None


def check(sentence: str, cited: Sequence[Passage]) -> Verdict:
    """Is `sentence` backed by the `cited` passages?"""
    if not cited:
        return Verdict(False, 0.0, [], ["cites nothing"])
    sentence = unframed(sentence)
    verdict = _check(sentence, cited)
    if not verdict.supported:
        copied = _copied(sentence, cited)
        return Verdict(True, 1.0, [copied], copied=True) if copied else verdict
    if not CLAUSES:
        return verdict
    # Each clause must be backed on its own: "X is notified at 10am, and Y is pushed on the
    # day" is not backed by a text where 10am is when Y is pushed.
    for clause in clauses(sentence):
        # A clause is one claim: one sentence backs it. Negation is judged on the whole
        # sentence, where the clause that holds the "not" is seen with the rest.
        part = _check(clause, cited, pairs=False, negation=False)
        if not part.supported:
            return Verdict(False, 0.0 if any(not p.startswith("only") for p in part.problems) else part.support,
                           verdict.spans, [f"in {clause!r}: {problem}" for problem in part.problems])
    return verdict


# Where a sentence joins two claims: "; ", ", and ", ", but ", ", while ", ", so ", " because ".
_CLAUSE_BREAK = re.compile(r"\s*;\s+|,\s+(?:and|but|while|whereas|so|yet)\s+|\s+(?:because|whereas)\s+", re.I)
# A clause needs this many content words to be checked alone (else it stays with its neighbour).
CLAUSE_WORDS = 3


def clauses(sentence: str) -> list[str]:
    """The parts of a sentence that make claims of their own (one part for most sentences)."""
    parts = [p for p in _CLAUSE_BREAK.split(sentence) if p.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and len(terms(part)) < CLAUSE_WORDS:
            merged[-1] += " " + part
        elif merged and len(terms(merged[-1])) < CLAUSE_WORDS:
            merged[-1] += " " + part
        else:
            merged.append(part)
    return merged if len(merged) > 1 else []


def _check(sentence: str, cited: Sequence[Passage], pairs: bool = True, negation: bool = True) -> Verdict:
    wanted = set(terms(sentence))
    spans = [_best_span(wanted, passage, pairs) for passage in cited]
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
    if IDENTIFIERS:
        folded = passages_text.lower()
        for identifier in identifiers(sentence):
            if identifier.lower() not in folded:
                hard.append(f"{identifier!r} is not in the cited text")
    negated_here = _negated(sentence) if negation else []
    if negated_here:
        if not any(clause & theirs for clause in negated_here for theirs in _negated(evidence)):
            hard.append("it negates what the cited text does not")
    elif negation and any(len(wanted & negated) >= 2 for negated in _negated(evidence)):
        hard.append("the cited text negates what it asserts")
    problems = hard.copy()
    if share < SUPPORT_THRESHOLD:
        missing = ", ".join(sorted(wanted - found)[:6])
        problems.insert(0, f"only {share:.0%} of its content words are in the cited text (missing: {missing})")
    return Verdict(not problems, 0.0 if hard else round(share, 3), spans, problems)


# Code names must be given as they are: "CPAN::Switch" is not backed by "CPAN" and
# "Switch::Plain", nor "core.autocrlf" by "core.eol". Module paths (A::B), dotted or
# slashed names (core.eol, refs/heads, file patterns pack-*.pack), snake_case names, --options, settings (group=root), calls (f()) and URLs.
_IDENTIFIER = re.compile(
    r"(?<![\w.:/-])(?:[A-Za-z_][\w]*(?:::[\w*]+)+(?:\(\))?"
    r"|[a-z][\w*-]+(?:[./][\w*-]{2,})+(?<![.])"
    r"|[A-Za-z]\w*_\w+"
    r"|--[A-Za-z][\w-]*"
    r"|[A-Za-z][\w.-]*=[\w.:/-]*\w"
    r"|[A-Za-z_]\w*\(\)"
    r"|(?:https?|ftp)://[^\s<>\"'`)\]]*[^\s<>\"'`)\].,;:!?])"
)


def identifiers(text: str) -> list[str]:
    """The code names in `text` (see `_IDENTIFIER`), in order."""
    return [m.group() for m in _IDENTIFIER.finditer(text)]


def numbers(text: str) -> list[str]:
    """Every number in the text as digits, number words included ("three" -> "3")."""
    found = [_normal_number(n) for n in _NUMBER.findall(text)]
    found += [str(NUMBER_WORDS[w]) for w in words(text) if w in NUMBER_WORDS]
    return found


_YEAR = re.compile(r"(?:19|20)\d\d")  # (a year: a date, not a count)


def _quantities(text: str, reach: int) -> list[tuple[str, tuple[str, ...]]]:
    """Numbers with the content words right after them (within `reach` words, not across
    punctuation): ("3", ("thing",)) for "three things", so "two years" in a text does not
    back "two things"."""
    found = []
    for match in _QUANTITY.finditer(text):
        if _YEAR.fullmatch(match.group(1)):
            continue  # a date, not a count: "in April 2022 ousted" counts no ousts
        number = _as_number(match.group(1).lower().replace(",", ""))
        following = [w for w in match.group(2).split()[:reach] if _as_number(w.lower()) is None]
        nouns = tuple(terms(" ".join(following)))
        if number is not None and nouns:
            found.append((number, nouns))
    return found


def _as_number(token: str) -> str | None:
    if token.replace(".", "").isdigit():
        return _normal_number(token)
    return str(NUMBER_WORDS[token]) if token in NUMBER_WORDS else None


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
    text = _unwrap(text)
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


# A line that a sentence runs on to: the one before ends mid-sentence (a word, comma, quote
# or bracket) and this one goes on in lower case. Models copy hard-wrapped passages with
# their line breaks ("...show until we display four more common commits". That last
# commit\nwould have been where..."), and lines of a reply are otherwise read apart.
_RUNS_ON = re.compile(r"(?<=[A-Za-z,'\"`)])[ \t]*\n[ \t]*(?=[a-z(])")


def _unwrap(text: str) -> str:
    """The reply with every line a sentence runs on to joined to the line before, outside
    code fences (where a line is a line of code)."""
    pieces = re.split(r"(^[ \t]*```.*$)", text, flags=re.M)  # fences are kept as they are
    inside = False
    for i, piece in enumerate(pieces):
        if i % 2:
            inside = not inside
        elif not inside:
            pieces[i] = _RUNS_ON.sub(" ", piece)
    return "".join(pieces)


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


def _best_span(wanted: set[str], passage: Passage, pairs: bool = True) -> Span:
    """The sentence, or pair of adjacent sentences, of the passage sharing most content words."""
    spans = passage_sentences(passage) or [(0, len(passage.text))]
    sentence_terms = [set(terms(passage.text[a:b])) for a, b in spans]
    best, best_key = (0, 0), (-1.0, 0)
    for i in range(len(spans)):
        for j in (i, i + 1) if pairs else (i,):
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
