"""What a sentence does for a question, read from its words and its place: a sentence
that instructs, gives a reason, points back or elsewhere, asks a question, opens an entry
described in a word or two, or gives what a question's shape asks for; and the sentences
next to one, or under a FAQ heading that asks the question; with the small readings of
text they rest on (the figures a sentence gives, the words an article's path names it by,
whether a sentence opens with an option). The extractive answerer (rag.answer, and
rag.companions for what a lead brings with it) reads these to choose which sentences join
its lead; the generative one (rag.generate) reads `gives_shape` too.
"""

from __future__ import annotations

import re

from rag import asks, identifiers
from rag.candidates import Candidate
from rag.text import terms

# An entry's description of at most this many words says too little alone ("Reverse operation.").
BRIEF_DESCRIPTION_WORDS = 3

HOW_TO = re.compile(r"\bhow (?:do|can|should|would) (?:i|you|we)\b(?!\s+(?:tell|know|describe|say)\b)", re.I)
WHY = re.compile(r"^\W*(?:(?:and|but|so|then)\s+)?why\b", re.I)
REASON = re.compile(r"\b(?:because|since(?!\s+(?:v(?:ersion)?\s*\d|\d|then\b|release|version))|the reason|reasons? (?:is|are|for)|due to|so that|otherwise|this is why|that is why)\b", re.I)
# A sentence that tells what to do: "Use 'hash -r' manually...", "You can achieve this with
# the `--sort path` flag.", "To fix this, set...", "...can operate asynchronously to remedy
# this situation.".
INSTRUCTS = re.compile(r"^\W*(?:to\s+[^,]+,\s*)?(?:use|set|run|add|try|pass|call|install|enable|disable|remove|type|press"
                        r"|edit|change|put|specify|make\s+sure)\b|\byou\s+(?:can|could|may|need\s+to|should|must|have\s+to)\b"
                        r"|\bthe\s+(?:fix|solution|workaround)\s+is\b"
                        r"|\bto\s+(?:remedy|fix|solve|avoid|prevent|work\s+around)\s+(?:this|that|it|the\s+problem)\b", re.I)
# A sentence that only points elsewhere ("See :hg:`help -v phase` for examples.", "For details,
# see perlsub."): beside the answer it adds nothing.
# (The whole sentence: not "Refer to the manual: the default is 5 seconds.")
POINTER = re.compile(r"^\W*(?:(?:please\s+)?(?:see(?:\s+also)?|refer\s+to|consult)|for\s+(?:more\s+)?(?:details|information|examples|more)"
                      r"[^,;:]*,\s*see)\s(?!(?:[^,;:]|:(?!\s))*\b(?:if|when|unless|default)\b)(?:[^,;:]|:(?!\s))*$", re.I)
# A value in quotes, of a word or two: "Can be set to 'Lax' (recommended) or 'Strict'."
QUOTED_VALUE = re.compile(r"(?<!\w)['‘\"“]([\w.:-]+(?: [\w.:-]+)?)['’\"”](?!\w)")
# A question (or part) asking for a setting by its kind: "which variable changes that limit?"
ASKS_NAME = re.compile(rf"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:{'|'.join(identifiers.SETTING_KINDS)})s?\b", re.I)


def gives_shape(asked: str, sentence: Candidate) -> bool:
    """Does the sentence give what the question's shape asks for: something to do for "How
    do I...?", a setting's name for "Which variable...?" (not "VARIABLE", the question's own
    word), a figure, time, version or option where one is asked for? True for other shapes."""
    text = sentence.text
    if HOW_TO.search(asked) and not (INSTRUCTS.search(text) or asks.OPTION.search(text)):
        return False
    if ASKS_NAME.search(asked):
        kinds = set(terms(asked))
        if not any(set(terms(name)) - kinds for name in identifiers.setting_names(text) + QUOTED_VALUE.findall(text)):
            return False
    return all(asks.gives(kind, text, asked, f"{sentence.title} {sentence.section}", sentence.section) for kind in asks.answer_types(asked))


# A FAQ's sentence that says it gives the answer.
GIVES_ANSWER = re.compile(r"^\W*the\s+(?:(?:short|simple|simplest|easiest|usual)\s+)?(?:answer|solution|fix|remedy|cure|workaround)\s+is\b", re.I)
# A note set aside from the text around it: "Note: If verify is set to a path...", "Warning: ...".
ASIDE = re.compile(r"\W*(?:notes?|nb|warning|caution|attention|danger|tip|hint|important|see\s+also)[*_]*\s*(?:[:!]|[—–-]\s)", re.I)
# A sentence that opens pointing back to the one before it: "This prevents it from...".
OPENS_POINTING_BACK = re.compile(r"(this|that|these|those|they|such|he|she)\b", re.I)
# A sentence that tells how what the one before it wants is done: "You can achieve this
# using a .netrc file...", "This can be done by setting a repository to...".
TELLS_HOW = re.compile(r"(?:\w+,\s+)?(?:(?:you|one|we)\s+(?:can|could|may)\s+(?:achieve|accomplish|do)\s+(?:this|that|so)"
                        r"|(?:this|that|it)\s+(?:can|could|may)\s+be\s+(?:done|achieved|accomplished)"
                        r"|to\s+(?:do|achieve|accomplish)\s+(?:this|that|so))\b", re.I)


def next_to(sentence: Candidate, ranked: list[Candidate], after: bool) -> Candidate | None:
    """The candidate right after (or before) the sentence in its article, if any: in its
    paragraph past a line's indent (GNU Info's, a man page's), or within three characters."""
    def adjacent(first: Candidate, then: Candidate) -> bool:
        return first.next_start == then.start or 0 <= then.start - first.end <= 3

    return next((c for c in ranked if c.doc_id == sentence.doc_id
                 and (adjacent(sentence, c) if after else adjacent(c, sentence))), None)


def briefly_described(sentence: str) -> bool:
    """Does the sentence open an entry whose description, past the names, is a word or two
    ("-n Reverse operation.", "--quiet Be quiet.")?"""
    if not identifiers.opens_entry(sentence):
        return False
    names = identifiers.entry_names(sentence)
    words = [word.strip(",;'\"‘’“”`*") for word in sentence.split()]
    said = [word for word in words if word.lower() not in names and not word.startswith("-")]  # (short options: "-n")
    return len(said) < len(words) and 0 < len(said) <= BRIEF_DESCRIPTION_WORDS


def under_asking_heading(question: str, ranked: list[Candidate]) -> Candidate | None:
    """The first sentence under a heading that asks the question ("3.1 How do I enable mouse
    support?" for "How do I enable mouse support in Midnight Commander?"), or the one that
    says it gives the answer ("The answer is to alias the offending command to itself with
    nocorrect...", after zsh's FAQ tells when the question arises); or the sentence right
    after a FAQ's question that asks it, set as a term over its answer ("What is w3m's
    configuration file?" over "By default, it is ~/.w3m/config.": the two say every word of
    "What is w3m's default configuration file?")."""
    for candidate in ranked:
        heading = candidate.section.rsplit(" > ", 1)[-1]
        if heading.rstrip().endswith("?") and asks_the_same(question, heading, candidate):
            under = [c for c in ranked if c.doc_id == candidate.doc_id and c.section == candidate.section and not is_question(c)]
            under.sort(key=lambda c: c.start)
            return next((c for c in under if GIVES_ANSWER.match(c.text)), under[0] if under else None)
    for candidate in ranked:
        reply = next_to(candidate, ranked, after=True) if is_question(candidate) and not candidate.asked else None
        if reply is not None and not is_question(reply) and asks_the_same(question, candidate.text, candidate, reply.text):
            return reply
    return None


def asks_the_same(question: str, asking: str, candidate: Candidate, answer: str = "") -> bool:
    """Does `asking` (a heading or a sentence of the candidate's article) ask the question: say
    its words (but those of its article's title and path; or its answer does) and at most one other?"""
    asked = set(terms(question))
    said = {t for t in terms(asking) if not t.isdigit()}
    own = asked - set(terms(candidate.title)) - named_by_path(candidate.source)
    return bool(own & said) and own <= said | set(terms(answer)) and len(said - asked) <= 1


def named_by_path(source: str) -> set[str]:
    """The words of an article's file name and its folder's ("zsh" of "zsh-faq/FAQ03.html"),
    but a file system's own ("usr", "share", "doc" of "/usr/share/doc/cups/FAQ.txt")."""
    words = set(terms(" ".join(re.split(r"[\\/]", source)[-2:])))
    return words - {"usr", "share", "doc", "docs", "lib", "home", "local", "opt", "html", "txt", "md"}


def restates(sentence: str, other: str) -> bool:
    """Does the sentence say at most one word the other does not ("This is the TCP port
    number the server uses..." after "Specifies the TCP port number the server uses...")?"""
    return len(set(terms(sentence)) - set(terms(other))) <= 1


def opens_with(sentence: str, option: str) -> bool:
    """Does the sentence open with the option, whole ("-q  Quiet." opens with -q; "-qq ..."
    and "--force-yes ..." do not open with -q or --force), quoted or not ("‘DFLTCC_BLOCK_SIZE’
    Size of deflate blocks...", GNU Info's)?"""
    return re.match(re.escape(option) + r"(?![\w-])", sentence.lstrip().lstrip(OPENING_MARKS)) is not None


OPENING_MARKS = "‘'\"“`*"


# A figure standing as one ("$1 billion", "50"), not a digit of a name ("connect_from_port_20").
STANDING_FIGURE = re.compile(r"(?<![\w.-])(?:[$€£]\s?)?\d|\b(?:billion|million|thousand|hundred|dozen)\b")


def figures(text: str) -> set[str]:
    """The numbers a text says, as written ("300", "two")."""
    return {m.group() for m in asks.NUMBER.finditer(text)}


def under_heading_of(sentence: Candidate, option: str) -> bool:
    """Is the sentence in the entry the heading just above it names ("TAG: request_timeout"
    over squid's "Default: request_timeout 5 minutes")?"""
    return identifiers.says_identifier(option.lower(), sentence.section.rsplit(" > ", 1)[-1])


def points_elsewhere(sentence: Candidate) -> bool:
    """Does the sentence only point elsewhere ("See :hg:`help -v phase` for examples.")? One
    that names the settings to read of ("See the 'editor' and 'env_editor' entries in the
    sudoers manual.") says what to use."""
    return bool(POINTER.match(sentence.text)) and not identifiers.setting_names(sentence.text)


def is_question(sentence: Candidate) -> bool:
    """Does the sentence ask a question (and so state nothing)? So does one of a FAQ's
    question ("Q: When you start "screen" a page of text comes up to start you off. Is
    there a way to get rid of this text...")."""
    return sentence.text.rstrip().rstrip("\"')”’").endswith("?") or sentence.asked
