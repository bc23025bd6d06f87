"""A model's reply -> what each of its sentences is, before any answer is made of them.

`read_reply` splits a reply into sentences with their [n] markers and reads each one:
cut off by the token cap, a fragment that says nothing checkable, an echo of the
question, a passage's title or the reply's own heading, the model's refusal, or a claim
checked against what it cites (`rag.grounding`), re-cited to the retrieved passage that
backs it when its own citations do not. `rag.generate` decides what the answer shows;
evaluations read the same `Reading`s (eval/collect_sentences.py, eval/check_labels.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rag import asks, grounding
from rag.prompts import MODEL_REFUSALS
from rag.schema import Passage
from rag.text import terms


@dataclass
class Reading:
    """What `verify` made of one sentence of the model's reply, before any fallback.

    `outcome`: "cut" (unfinished, the reply was truncated), "fragment" (says nothing
    checkable), "echo" (says nothing the question did not), "title" (a passage title),
    "refusal" (the model says the passages do not answer), then for checked sentences
    "kept" (verified and shown), "restated" (verified, but it leaves out a name or number
    of the quote it rests on, or most of its words, and that quote is shown in its place), "off_topic" (verified but not
    an answer to the question: left out), "repeat" (a sentence already shown, or the quote
    shown for it, said again: left out), "flagged"
    (unsupported, shown marked) or "dropped" (unsupported, left out). `relevance` is the
    evidence's score as an answer, for verified sentences. Lets an evaluation see each
    sentence's fate without copying this module's logic (eval/collect_sentences.py)."""

    text: str
    markers: list[int]
    outcome: str
    verdict: grounding.Verdict | None = None
    relevance: float | None = None
    cited: list[int] = field(default_factory=list)  # passage numbers the verdict's spans come from


def read_reply(text: str, passages: Sequence[Passage], truncated: bool = False, question: str = "") -> list[Reading]:
    """Every sentence of a reply with what the grounding check says of it: the parts of
    `verify` that need only the reply, the passages and the question's words (no index). Checked
    sentences get outcome "supported" or "unsupported" here; `verify` settles the rest."""
    sentences = grounding.cited_sentences(text)
    cut: list[Reading] = []
    if truncated and sentences and not sentences[-1][0].endswith((".", "!", "?", "]", ")", '"', "”")):
        cut.append(Reading(*sentences.pop(), "cut"))  # cut off mid-sentence by the token cap or the time limit
    readings = [read_sentence(sentence, numbers, passages, question) for sentence, numbers in sentences]
    return readings + cut


def read_sentence(sentence: str, numbers: list[int], passages: Sequence[Passage], question: str = "") -> Reading:
    """One parsed sentence of a reply (with its [n] numbers) as `read_reply` reads it."""
    if not _says_something(sentence):  # "Passages:", "1." or "They're the"
        return Reading(sentence, numbers, "fragment")
    if _echoes(sentence, question):
        return Reading(sentence, numbers, "echo")  # says nothing the question did not
    if _is_title(sentence, passages) or _HEADING.match(sentence):  # also "- Title", "**Title**"
        return Reading(sentence, numbers, "title")  # (or the reply's own heading: it labels, it does not claim)
    if _is_refusal(sentence, numbers):  # "the passages do not say when": not a claim
        return Reading(sentence, numbers, "refusal")
    verdict = _verdict(sentence, numbers, passages)
    if not verdict.supported and sentence.rstrip().endswith(":"):
        # A lead-in to what follows ("Here is the command sequence you need:") says
        # nothing of its own unless its passages back it ("To remove the entry, call the
        # Cls method:", Qwen copying a lead-in of perlfaq): then it says what to do.
        return Reading(sentence, numbers, "fragment")
    cited = [_number_of(s.passage, passages) for s in verdict.spans] if verdict.supported else []
    return Reading(sentence, numbers, "supported" if verdict.supported else "unsupported", verdict, cited=cited)


def _verdict(sentence: str, numbers: list[int], passages: Sequence[Passage]) -> grounding.Verdict:
    """The check against what the sentence cites, keeping only citations that back it;
    failing that, against the one retrieved passage that backs it (a repaired [n])."""
    cited = [passages[n - 1] for n in dict.fromkeys(numbers) if 1 <= n <= len(passages)]  # unknown [n] go
    alone = [p for p in cited if grounding.check(sentence, [p]).supported]
    if alone:
        return grounding.check(sentence, alone)
    together = grounding.check(sentence, cited) if cited else None
    if together and together.supported:
        return together
    return _repair(sentence, passages) or together or grounding.Verdict(False, 0.0, [], ["cites nothing"])


# A sentence its own citations do not back is searched for in every retrieved passage: with
# that many chances, a chance overlap is likelier, so the passage found must back more of it.
REPAIR_SUPPORT = 0.7


def _repair(sentence: str, passages: Sequence[Passage]) -> grounding.Verdict | None:
    """The verdict against the single retrieved passage that supports the sentence best."""
    verdicts = [grounding.check(sentence, [p]) for p in passages]
    supported = [v for v in verdicts if v.supported and v.support >= REPAIR_SUPPORT]
    return max(supported, key=lambda v: v.support) if supported else None




def _echoes(sentence: str, question: str) -> bool:
    """The sentence holds no content word the question does not ("The new Russian
    ambassador Shehbaz Sharif spoke to"), unless the question asks yes or no, where
    "The US did impose sanctions" is an answer (and checked as one). A code name the
    question lacks is news too: "`pack-*.pack`" for which files lie in .git/objects/pack."""
    if not question or asks.YES_NO.match(question):
        return False
    said = grounding.unframed(sentence)
    return set(terms(said)) <= set(terms(question)) and set(grounding.identifiers(said)) <= set(grounding.identifiers(question))


# A heading the model wrote: Markdown's "# Install Perl 5.14", or a line that is all bold
# ("**Install perlbrew**"). A bold label that opens a sentence ("**Step 1**: Run...") is not one.
_HEADING = re.compile(r"^\s*(?:#{1,6}\s+\S.*|\*\*[^*]+\*\*:?|__[^_]+__:?)\s*$")


def _is_title(sentence: str, passages: Sequence[Passage]) -> bool:
    """Is the sentence a passage's title ("The passage 1: Title"), or a section heading of
    one or a piece of it? A model copies the headings it reads ("Chapter 3. The system
    initialization" comes back as "Chapter 3." and "The system initialization"): they
    label passages, they do not say anything of the question. (Part of an article's title
    is not: "Putin and Sharif" is a true, if thin, statement of who met.)"""
    if bare(sentence) in {bare(p.title) for p in passages}:
        return True
    said = _words(bare(sentence))
    headings = {_words(bare(h)) for p in passages for h in p.section.split(" > ") if h.strip()}
    return bool(said) and any(f" {said} " in f" {heading} " for heading in headings)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


def bare(text: str) -> str:
    """Text as a title is compared: lower case, single spaces, without list bullets,
    numbering, Markdown emphasis, quotes, a leading "The passage" or closing punctuation."""
    text = re.sub(r"^\s*(?:[-*•#>]+|\d+[.)])\s*", "", text.lower())
    text = re.sub(r"^the\s+(?:passage|article)s?\s*\d*\s*:?\s*", "", text)
    return " ".join(text.replace("*", "").replace("_", " ").strip(" .:\"'“”").split())


def _says_something(sentence: str) -> bool:
    """At least two content words, or one in a sentence of three words or more, not all of
    them numbers: not "1.", "1994" or "Passages:"."""
    found = terms(sentence)
    if all(word.isdigit() for word in found):
        return False  # numbers alone do not say what they count ("5.14, 5.16, 5.18" for which releases)
    return len(found) >= 2 or (len(found) == 1 and len(sentence.split()) >= 3)


def _number_of(passage: Passage, passages: Sequence[Passage]) -> int:
    return next(n for n, p in enumerate(passages, start=1) if p is passage)


def _is_refusal(sentence: str, numbers: list[int]) -> bool:
    """A sentence by which the model says the passages do not answer (and cites nothing)."""
    lowered = sentence.lower()
    return not numbers and any(p in lowered for p in MODEL_REFUSALS)
