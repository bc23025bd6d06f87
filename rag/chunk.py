"""Article -> Chunks, token-aware, with exact character offsets.

llama-index's SentenceSplitter does the splitting (tiktoken token counts, paragraphs and
sentences kept whole where they fit, overlap). We only pin each chunk to its offsets in
the article, so that `article.text[chunk.start:chunk.end] == chunk.text` always holds.
Front matter (before `Article.body_start`) is not chunked.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.schema import Article, Chunk

_SPACE = re.compile(r"\s*")


@lru_cache(maxsize=1)
def _tokenizer():
    from llama_index.core.utils import get_tokenizer  # tiktoken, from llama-index's own cache

    return get_tokenizer()


@lru_cache(maxsize=4)
def _splitter(chunk_size: int, chunk_overlap: int):
    from llama_index.core.node_parser import SentenceSplitter

    return SentenceSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        tokenizer=_tokenizer(),
        paragraph_separator="\n",
    )


def chunk_article(article: Article, chunk_size: int, chunk_overlap: int) -> list[Chunk]:
    """Chunks of the article's body (after `body_start`), with offsets into `article.text`."""
    body = article.text[article.body_start :]
    chunks: list[Chunk] = []
    start, previous_end = -1, 0
    for piece in _splitter(chunk_size, chunk_overlap).split_text(body):
        start = _locate(body, piece, start + 1, previous_end, chunk_overlap)
        previous_end = start + len(piece)
        chunks.append(
            Chunk(
                chunk_id=f"{article.doc_id}:{article.content_hash[:12]}:{len(chunks)}",
                doc_id=article.doc_id,
                index=len(chunks),
                text=piece,
                start=article.body_start + start,
                end=article.body_start + previous_end,
            )
        )
    return chunks


def _locate(text: str, piece: str, after: int, previous_end: int, max_overlap: int) -> int:
    """Where `piece` starts, searching from `after` (just past the previous chunk's start).

    The splitter returns exact substrings in order, each reaching beyond the previous one
    and starting inside it (an overlap of at most `max_overlap` tokens) or just after it.
    Only text that repeats (the same paragraph twice) offers more than one such place;
    then the one whose overlap fits the budget is the splitter's.
    """
    limit = _SPACE.match(text, previous_end).end()
    places = []
    at = text.find(piece, after)
    while 0 <= at <= limit:
        if at + len(piece) > previous_end:
            places.append(at)
        at = text.find(piece, at + 1)
    count = _tokenizer()
    fitting = [p for p in places if len(count(text[p:previous_end])) <= max_overlap]
    if fitting or places:
        return (fitting or places)[0]
    if at < 0:
        raise ValueError("a chunk is not a substring of the article")
    return at  # after a gap the splitter skipped
