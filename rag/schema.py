"""The data that crosses module boundaries: plain dataclasses, no library types.

Offsets (`start`, `end`) are always character offsets into `Article.text`, the article's
text as loaded from its file, so `article.text[start:end]` gives back the quoted text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeAlias, TypeVar, cast

T = TypeVar("T")


@dataclass(frozen=True)
class Article:
    doc_id: str
    title: str
    text: str
    source: str  # the path as the user gave it, relative to the working directory
    path: str  # absolute path, used to notice deleted files
    content_hash: str
    metadata: dict[str, str] = field(default_factory=dict)
    body_start: int = 0  # where the text proper begins (after .md front matter)


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    doc_id: str
    index: int
    text: str
    start: int
    end: int
    section: str = ""  # the headings above the chunk, "Configuration > Editors"
    # Offsets of the prose sentences inside the chunk (not headings, code or tables);
    # None when the index predates them.
    sentences: tuple[tuple[int, int], ...] | None = None


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with where it came from and how well it matched."""

    chunk_id: str
    doc_id: str
    title: str
    source: str
    text: str
    start: int
    end: int
    score: float  # fused (reciprocal rank) score; higher is better
    dense: float | None = None  # cosine similarity to the question, when retrieved densely
    keyword_rank: int | None = None
    section: str = ""
    sentences: tuple[tuple[int, int], ...] | None = None  # as Chunk.sentences


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    title: str
    source: str
    quote: str  # == article.text[start:end]
    start: int
    end: int
    score: float
    section: str = ""  # the headings above the quote, "Configuration > Editors"

    @classmethod
    def quoting(cls, n: int, article, quote: str, start: int, end: int, score: float) -> Citation:
        """Citation `n` of `quote` (article.text[start:end]); `article` is anything naming its
        article: a Passage, or a candidate sentence (doc_id, title, source, section)."""
        return cls(n, article.doc_id, article.title, article.source, quote, start, end, round(score, 4),
                   article.section)


@dataclass(frozen=True)
class AnswerSentence:
    text: str
    citations: list[int]
    supported: bool
    support: float


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    citations: list[Citation]
    sentences: list[AnswerSentence]
    backend: str
    timings_ms: dict[str, float] = field(default_factory=dict)
    # Beyond the contract: what was searched (a follow-up rewritten), and anything the
    # user should know about how the answer was made (e.g. a fallback).
    search_query: str = ""
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        return known_fields(cls, {
            **data,
            "citations": [known_fields(Citation, c) for c in data["citations"]],
            "sentences": [known_fields(AnswerSentence, s) for s in data["sentences"]],
        })


@dataclass(frozen=True)
class Source:
    """An ingested article as listed by `rag sources`."""

    doc_id: str
    title: str
    source: str
    chunks: int
    chars: int
    metadata: dict[str, str] = field(default_factory=dict)


# --- the answer stream ------------------------------------------------------------------
# What `stream()` yields (Assistant, Client, the answerers): typed events, so a consumer
# matches on the kind (`match event: case Delta(text): ...`) instead of telling a str
# from a list from an Answer by isinstance. The order is always: Passages (only when
# asked for), Delta* (the text as it is written), then one Final.


@dataclass(frozen=True)
class Passages:
    """The retrieved passages, first, before any text (with `with_passages=True`)."""

    passages: list[Passage]


@dataclass(frozen=True)
class Delta:
    """A piece of the answer text as it is written (unverified: shown live, then replaced)."""

    text: str


@dataclass(frozen=True)
class Final:
    """The verified Answer, always the last event."""

    answer: Answer


StreamEvent: TypeAlias = Passages | Delta | Final


def known_fields(cls: type[T], data: Mapping[str, Any]) -> T:
    """`cls(**data)` without the keys `cls` does not have: the contracts allow extra fields,
    so what a newer server sends still reads."""
    names = {f.name for f in fields(cast(Any, cls))}
    return cls(**{k: v for k, v in data.items() if k in names})
