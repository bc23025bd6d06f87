"""Word-level text tools shared by the keyword index, the answerer and the grounding check.

`terms()` is the one normalisation (lowercase words, stopwords out, Snowball stems) used
both to index chunks and to match questions, so the two always agree. `sentence_spans()`
gives sentence boundaries as offsets, never copies, so quotes stay exact.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import Stemmer

# Bump when terms() changes: the keyword index holds its output, so an index built with
# another version must be rebuilt (the Assistant checks).
TERMS_VERSION = "8"

# A number run into its unit is two words: "32kb/s" is "32 kb/s", "16kB" is "16 kB", as
# either may be written (not "x86" or "md5", which start with a letter, nor an ordinal,
# "21st", or a hex number, "0x1f"). Two letters joined by a slash are one word ("I/O" as
# "io", as "IO" writes it), and so is a short option with its dash ("-s" of "du -s" as
# "sdash"): each letter alone is too short to count. (Both spelt in letters only, as the
# keyword index's tokenizer keeps them whole.)
_WORD = re.compile(r"(?<![\w/])[^\W\d_]/[^\W\d_](?![\w/])|(?<![\w-])-[^\W\d_](?![\w-])|0x[0-9a-f]+\b|\d+(?=[^\W\d_])(?!(?:st|nd|rd|th)\b)|[^\W_]+(?:[’'][^\W_]+)*", re.UNICODE | re.IGNORECASE)
_BETWEEN_PHRASES = re.compile(r"[^\w\s'’-]+")
# Contractions and possessives carry no meaning for matching.
_CLITIC = re.compile(r"[’']\w*$")


# Numbers written as words, and their values (a claim's "three" is the evidence's "3").
NUMBER_WORDS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000, "million": 1000000,
    "billion": 1000000000, "dozen": 12, "decade": 10, "decades": 10,
}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _nltk_data() -> Path:
    """The NLTK data llama-index-core ships (punkt, for sentences), found without importing it."""
    spec = importlib.util.find_spec("llama_index.core")
    assert spec and spec.submodule_search_locations, "llama-index-core is not installed"
    return Path(next(iter(spec.submodule_search_locations))) / "_static" / "nltk_cache"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """NLTK's English stopwords, plus words that never carry a question's meaning: a few
    fillers, and words about the documents rather than their content ("according to the
    articles", "how does the author describe")."""
    lines = (Path(__file__).parent / "models" / "stopwords-en.txt").read_text(encoding="utf-8").splitlines()
    listed = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    fillers = {"also", "would", "could", "us", "said", "say", "says", "tell", "much", "many"}
    about_documents = {
        "article", "articles", "author", "authors", "writer", "text", "texts", "passage", "passages",
        "document", "documents", "describe", "describes", "described", "according",
        "mention", "mentions", "mentioned", "discuss", "discusses", "discussed",
    }
    return frozenset(listed) | fillers | about_documents


# A word hyphenated at a line's end as `man` prints it ("destina‐" over "tion", with
# U+2010): one word, also once the line break is a space. (An ASCII hyphen at a line's end may be the word's own: "read-" "only".)
# (Not a prefix before "and"/"or"/"to" and another prefix: "pre\u2010 and post\u2010processing";
# "oper\u2010" over "and" is "operand".)
_MAN_HYPHENATED = re.compile(r"(?<=[^\W\d_])\u2010\s+(?!(?:and|or|to)\s+[^\W\d_]+\u2010)(?=[^\W\d_])")


def join_broken_words(text: str) -> str:
    """The text with each word `man` hyphenated at a line's end whole again."""
    return _MAN_HYPHENATED.sub("", text)


def words(text: str) -> list[str]:
    """Lowercased words, possessives and contractions stripped; a short option spelt in
    letters ("-s" as "sdash", "-S" as "scapdash"), two letters joined by a slash as one
    ("I/O" as "io")."""
    return [_spelt(_CLITIC.sub("", w)) for w in _WORD.findall(join_broken_words(text))]


def _spelt(word: str) -> str:
    if word.startswith("-"):  # ("-S" is another option than "-s")
        return word[1:].lower() + ("capdash" if word[1:].isupper() else "dash")
    return word.lower().replace("/", "") if len(word) == 3 and word[1] == "/" else word.lower()


def joined(text: str) -> set[str]:
    """Stems of each two adjacent words written as one ("pass phrase" -> passphras, "web
    server" -> webserv, "file-name" -> filenam): what a question may write as one word."""
    stop = stopwords()
    pairs = []
    for piece in _BETWEEN_PHRASES.split(text):  # (not across a comma: "web server, read-only")
        found = words(piece)
        pairs += [a + b for a, b in zip(found, found[1:]) if len(a) > 1 and len(b) > 1 and a not in stop and b not in stop]
    return set(_stemmer().stemWords(pairs))  # (not "in form" for "inform", nor across a word left out)


def terms(text: str) -> list[str]:
    """Content-word stems of `text`, in order (duplicates kept); an irregular verb's past
    forms stem as the verb ("wrote", "written" as "write": "Who wrote zsh?" asks what "It
    was written by Paul Falstad" says)."""
    stop = stopwords()
    kept = [w for w in (_IRREGULAR.get(w, w) for w in words(text)) if w not in stop and (len(w) > 1 or w.isdigit())]
    return _stemmer().stemWords(kept)


# Past forms the stemmer cannot join to their verb. Not forms that are words of their own in
# manuals ("bound", "left", "saw", "bit", "lay", "wound", "born", "lit", "ground", and LED,
# HID, SAT as "led", "hid", "sat").
_IRREGULAR = {
    form: verb
    for verb, forms in {
        "arise": "arose arisen", "beat": "beaten", "become": "became", "begin": "began begun",
        "bite": "bitten", "blow": "blew blown", "break": "broke broken", "bring": "brought",
        "build": "built", "buy": "bought", "catch": "caught", "choose": "chose chosen", "come": "came",
        "deal": "dealt", "dig": "dug", "draw": "drew drawn", "drive": "drove driven", "eat": "ate eaten",
        "fall": "fell fallen", "feed": "fed", "feel": "felt", "fight": "fought", "find": "found",
        "flee": "fled", "fly": "flew flown", "forbid": "forbade forbidden", "forget": "forgot forgotten",
        "forgive": "forgave forgiven", "freeze": "froze frozen", "get": "got gotten", "give": "gave given",
        "go": "went gone", "grow": "grew grown", "hang": "hung", "hide": "hidden", "hold": "held",
        "keep": "kept", "know": "knew known", "lend": "lent", "lose": "lost", "make": "made",
        "mean": "meant", "meet": "met", "mislead": "misled", "mistake": "mistook mistaken",
        "override": "overrode overridden", "overwrite": "overwrote overwritten", "pay": "paid",
        "rewrite": "rewrote rewritten", "ride": "rode ridden", "rise": "rose risen", "run": "ran",
        "say": "said", "see": "seen", "seek": "sought", "sell": "sold", "send": "sent", "shake": "shook shaken",
        "shoot": "shot", "show": "shown", "shrink": "shrank shrunk", "sink": "sank sunk",
        "sleep": "slept", "slide": "slid", "speak": "spoke spoken", "spend": "spent", "spin": "spun",
        "stand": "stood", "steal": "stole stolen", "stick": "stuck", "strike": "struck", "swim": "swam swum",
        "take": "took taken", "teach": "taught", "tear": "tore torn", "tell": "told", "think": "thought",
        "throw": "threw thrown", "understand": "understood", "undo": "undid undone", "wake": "woke woken",
        "wear": "wore worn", "win": "won", "withdraw": "withdrew withdrawn", "write": "wrote written",
    }.items()
    for form in forms.split()
} | {"often": "frequently"}  # (one word too: "How often...?" asks what "...more frequently than once every three weeks" says)


@lru_cache(maxsize=1)
def punkt():
    import nltk.data
    from nltk.tokenize import PunktTokenizer

    if str(_nltk_data()) not in nltk.data.path:
        nltk.data.path.append(str(_nltk_data()))

    class WholeTokens(PunktTokenizer):
        """Never ends a sentence inside a token: Punkt cut "It matches a.*b here." after
        "a." and "the greedy nature of .*." after its first full stop, and quoted the cut
        half. Sentences that touch, with no space between, are one."""

        def span_tokenize(self, text: str, realign_boundaries: bool = True) -> Iterator[tuple[int, int]]:
            spans: list[tuple[int, int]] = []
            for start, end in super().span_tokenize(text, realign_boundaries):
                if spans and spans[-1][1] == start:
                    start = spans.pop()[0]
                spans.append((start, end))
            return iter(spans)

    tokenizer = WholeTokens("english")
    # Its English model lacks the Latin abbreviations of technical prose: "(e.g. the working
    # directory)" was cut after "e.g.", and the cut-off half quoted as an answer. (Before a
    # capitalised word, as in "lists, etc. The next", a sentence still ends.)
    tokenizer._params.abbrev_types.update(LATIN_ABBREVIATIONS)
    return tokenizer


LATIN_ABBREVIATIONS = {"e.g", "i.e", "eg", "ie", "etc", "cf", "viz", "approx", "incl", "esp", "resp", "al", "ca"}


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of text[start:end]; lines never join. For text
    written line by line (an LLM's reply); articles are read by `rag.structure`."""
    end = len(text) if end is None else end
    spans = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        base = start + line.start()
        for a, b in punkt().span_tokenize(line.group()):
            spans.append((base + a, base + b))
    return spans


# Capitalised words that are not names, and words a sentence may open with.
_NOT_NAMES = {"i", "the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "in", "on", "at", "as", "but", "and", "or", "if", "so", "for", "ok"}
_OPENERS = {
    "however", "moreover", "also", "meanwhile", "still", "yet", "thus", "therefore", "instead",
    "furthermore", "additionally", "finally", "overall", "according", "although", "though",
    "despite", "while", "since", "because", "after", "before", "today", "first", "second",
    "third", "last", "both", "neither", "either", "many", "several", "some", "one", "another",
}
_NAME = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]*")


def names(sentence: str, openers: bool = True) -> list[str]:
    """Lowercased capitalised words (Putin, SCO, Khorev), the first word included unless it
    is a common word that any sentence may start with. Of a hyphenated word, only the
    capitalised parts ("WebDAV" of "WebDAV-served"). With `openers` false, a word opening
    a sentence counts only when it is more than capitalised (SSH, GNOME, WebDAV): in a
    question, "Later ..." or "Rather than ..." names nothing."""
    text = re.sub(r"\[[^\]]*\]", "", sentence).strip()  # no [n] markers
    found = []
    for match in _NAME.finditer(text):
        opens = match.start() == 0 or text[: match.start()].rstrip().endswith((".", "?", "!", "“", '"', ":"))
        for piece in match.group().split("-"):
            if not piece[:1].isupper() or (opens and not openers and not any(c.isupper() for c in piece[1:])):
                continue
            for part in words(piece):
                if part in _NOT_NAMES or (opens and (part in stopwords() or part in _OPENERS)):
                    continue
                found.append(part)
    return found
