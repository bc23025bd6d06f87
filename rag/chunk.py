"""Article -> Chunks, token-aware, with exact character offsets.

llama-index's SentenceSplitter does the splitting (tiktoken token counts, paragraphs and
sentences kept whole where they fit, overlap). We only pin each chunk to its offsets in
the article, so that `article.text[chunk.start:chunk.end] == chunk.text` always holds.
"""

from __future__ import annotations

from functools import lru_cache

from rag.schema import Article, Chunk


@lru_cache(maxsize=4)
def _splitter(chunk_size: int, chunk_overlap: int):
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.utils import get_tokenizer  # tiktoken, from llama-index's own cache

    return SentenceSplitter(
        chunk_size=chunk_size,
        chunk_overlap=min(chunk_overlap, chunk_size // 2),
        tokenizer=get_tokenizer(),
        paragraph_separator="\n",
    )


def chunk_article(article: Article, chunk_size: int, chunk_overlap: int) -> list[Chunk]:
    pieces = _splitter(chunk_size, chunk_overlap).split_text(article.text)
    chunks: list[Chunk] = []
    cursor = 0
    for piece in pieces:
        start, end = _locate(article.text, piece, cursor)
        chunks.append(
            Chunk(
                chunk_id=f"{article.doc_id}:{article.content_hash[:12]}:{len(chunks)}",
                doc_id=article.doc_id,
                index=len(chunks),
                text=article.text[start:end],
                start=start,
                end=end,
            )
        )
        cursor = start + 1
    return chunks


def _locate(text: str, piece: str, cursor: int) -> tuple[int, int]:
    """Where `piece` sits in `text`, searching forward from `cursor`.

    The splitter returns substrings of the text, but it may normalise whitespace where it
    joins splits; then we anchor on the piece's first and last words instead.
    """
    at = text.find(piece, cursor)
    if at >= 0:
        return at, at + len(piece)
    head, tail = piece[:40], piece[-40:]
    start = text.find(head, cursor)
    start = cursor if start < 0 else start
    end = text.find(tail, start)
    end = start + len(piece) if end < 0 else end + len(tail)
    return start, min(end, len(text))
