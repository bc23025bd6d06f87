"""Word-level text tools shared by the keyword index, the answerer and the grounding check.

`terms()` is the one normalisation (lowercase words, stopwords out, Snowball stems) used
both to index chunks and to match questions, so the two always agree. `sentence_spans()`
gives sentence boundaries as offsets, never copies, so quotes stay exact.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

import Stemmer

_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*", re.UNICODE)
# Contractions and possessives carry no meaning for matching.
_CLITIC = re.compile(r"[’']\w*$")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _nltk_data() -> Path:
    """The NLTK data llama-index-core ships (stopwords, punkt), found without importing it."""
    spec = importlib.util.find_spec("llama_index.core")
    assert spec and spec.submodule_search_locations, "llama-index-core is not installed"
    return Path(next(iter(spec.submodule_search_locations))) / "_static" / "nltk_cache"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """NLTK's English stopwords, plus a few words that never carry a question's meaning."""
    listed = (_nltk_data() / "corpora" / "stopwords" / "english").read_text(encoding="utf-8").split()
    extra = {"also", "would", "could", "us", "said", "say", "says", "tell", "much", "many"}
    return frozenset(listed) | extra


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
    import nltk.data
    from nltk.tokenize import PunktTokenizer

    if str(_nltk_data()) not in nltk.data.path:
        nltk.data.path.append(str(_nltk_data()))

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
