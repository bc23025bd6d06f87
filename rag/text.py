"""Word-level text tools shared by the keyword index, the answerer and the grounding check.

`terms()` is the one normalisation (lowercase words, stopwords out, Snowball stems) used
both to index chunks and to match questions, so the two always agree. `sentence_spans()`
gives sentence boundaries as offsets, never copies, so quotes stay exact.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*", re.UNICODE)
# Contractions and possessives carry no meaning for matching.
_CLITIC = re.compile(r"[’']\w*$")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    # The NLTK English list that llama-index ships (no download), plus question words.
    from llama_index.core.utils import globals_helper

    extra = {"also", "would", "could", "us", "said", "say", "says", "tell", "much", "many"}
    return frozenset(globals_helper.stopwords) | extra


def words(text: str) -> list[str]:
    """Lowercased words, possessives and contractions stripped."""
    return [_CLITIC.sub("", w) for w in _WORD.findall(text.lower())]


def terms(text: str) -> list[str]:
    """Content-word stems of `text`, in order (duplicates kept)."""
    stop = stopwords()
    kept = [w for w in words(text) if w not in stop and (len(w) > 1 or w.isdigit())]
    return _stemmer().stemWords(kept)


@lru_cache(maxsize=1)
def _punkt():
    from llama_index.core.utils import globals_helper
    from nltk.tokenize import PunktTokenizer

    globals_helper.wait_for_nltk_check()  # points NLTK at the punkt data llama-index ships

    return PunktTokenizer("english")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of text[start:end]; lines never join."""
    end = len(text) if end is None else end
    spans = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        base = start + line.start()
        for a, b in _punkt().span_tokenize(line.group()):
            spans.append((base + a, base + b))
    return spans
