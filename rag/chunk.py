"""Article -> Chunks, token-aware, with exact character offsets and section paths.

`rag.structure` reads the body's headings; each section (the text under one heading) is
split on its own, so a chunk never spans two sections and knows its path of headings.
llama-index's SentenceSplitter does the splitting (tiktoken token counts, paragraphs and
sentences kept whole where they fit, overlap). We pin each chunk to its offsets in the
article, so that `article.text[chunk.start:chunk.end] == chunk.text` always holds, and
record the prose sentences it holds (whole ones only) for the answerer.
Front matter (before `Article.body_start`) is not chunked.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from rag import shapes, structure
from rag.text import punkt
from rag.schema import Article, Chunk
from rag.sentences import prose_sentences

_SPACE = re.compile(r"\s*")
# Blocks that hold something to find; a section of only markup lines gives no chunk.
_CONTENT = {"prose", "item", "row", "code", "table"}


# Where the splitter may cut a paragraph: between sentences as rag.sentences reads them
# (its own reader cut "--buffer-size SIZE  Size of download buffer, e.g." from "1024 or
# 16K (default is 1024)"), and before each entry of an option list, which has no full stops.
_ENTRY_START = re.compile(r"(?<=\n)(?=[ \t]+--?[\w?@#])")


@lru_cache(maxsize=1)
def _tokenizer():
    from llama_index.core.utils import get_tokenizer  # tiktoken, from llama-index's own cache

    return get_tokenizer()


@lru_cache(maxsize=8)
def _splitter(chunk_size: int, chunk_overlap: int, paragraph_separator: str):
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.node_parser.text.utils import split_by_sentence_tokenizer_internal

    return SentenceSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        tokenizer=_tokenizer(),
        paragraph_separator=paragraph_separator,
        chunking_tokenizer_fn=lambda text: [
            entry for sentence in split_by_sentence_tokenizer_internal(text, punkt())
            for entry in _ENTRY_START.split(sentence) if entry],
    )


def chunk_article(article: Article, chunk_size: int, chunk_overlap: int) -> list[Chunk]:
    """Chunks of the article's body (after `body_start`), with offsets into `article.text`."""
    text = article.text
    blocks = structure.blocks(text, article.body_start)
    sections = structure.sections(text, blocks, article.title)
    sentences = prose_sentences(text, blocks)
    sentence_starts = [a for a, _ in sentences]
    # Each section ends where the line of the next heading begins; sorted offsets keep
    # every lookup a bisection (a glossary has thousands of tiny sections).
    heading_lines = sorted(text.rfind("\n", 0, b.start) + 1 for b in blocks if b.kind == "heading")
    content_starts = [b.start for b in blocks if b.kind in _CONTENT]
    content_ends = [b.end for b in blocks if b.kind in _CONTENT]
    chunks: list[Chunk] = []
    for section in sections:
        begin = max(section.start, article.body_start)
        after = bisect_left(heading_lines, begin)
        end = heading_lines[after] if after < len(heading_lines) else len(text)
        first_content = bisect_left(content_starts, begin)
        if first_content == len(content_starts) or content_starts[first_content] >= end:
            continue
        for start, stop in _split(text[begin:end], chunk_size, chunk_overlap):
            a, b = begin + start, begin + stop
            last = bisect_left(content_starts, b) - 1
            # (An Info node's "File: wget.info,  Node: ..." line before the next heading; a list
            # item may read like a menu entry, "* manpage: mention...", and is kept.)
            if (last < 0 or content_ends[last] <= a) and _navigation_only(text[a:b]):
                continue
            inside = []
            for x, y in sentences[bisect_left(sentence_starts, a) :]:
                if x >= b:
                    break
                if y <= b:
                    inside.append((x, y))
            chunks.append(
                Chunk(
                    chunk_id=f"{article.doc_id}:{article.content_hash[:12]}:{len(chunks)}",
                    doc_id=article.doc_id,
                    index=len(chunks),
                    text=text[a:b],
                    start=a,
                    end=b,
                    section=" > ".join(section.path),
                    sentences=tuple(inside),
                )
            )
    return chunks


def _navigation_only(text: str) -> bool:
    """Is the text only an Info manual's navigation ("File: wget.info,  Node: Top, ...",
    "* Menu:")? (Other markup may hold what a reader looks for: a footnote, a version
    history in an HTML comment.)"""
    return all(shapes.INFO_FURNITURE.match(line.strip()) for line in text.splitlines() if line.strip())


def heading(title: str, section: str) -> str:
    """The line that names where a chunk sits, embedded and indexed with its text."""
    return f"{title} > {section}" if section else title


def _split(text: str, chunk_size: int, chunk_overlap: int) -> list[tuple[int, int]]:
    """(start, end) of each chunk of `text`."""
    spans: list[tuple[int, int]] = []
    start, previous_end = -1, 0
    # Paragraphs are parted by blank lines; in text saved one paragraph per line (no
    # blank lines), by line breaks.
    separator = "\n\n" if "\n\n" in text.strip() else "\n"
    for piece in _splitter(chunk_size, chunk_overlap, separator).split_text(text):
        at = _locate(text, piece, max(start, 0), previous_end, chunk_overlap)
        if spans and at + len(piece) <= previous_end:
            continue  # a last piece made only of the previous chunk's overlap adds nothing
        if spans and at == start:
            # A chunk small enough to be the next one's overlap whole: the next one
            # holds it (rare symbols of several tokens each make such chunks).
            spans.pop()
        start, previous_end = at, at + len(piece)
        spans.append((start, previous_end))
    return spans


def _locate(text: str, piece: str, after: int, previous_end: int, max_overlap: int) -> int:
    """Where `piece` starts, searching from `after` (the previous chunk's start).

    The splitter returns exact substrings in order, each reaching beyond the previous one
    and starting inside it (an overlap of at most `max_overlap` tokens) or just after it.
    Only text that repeats (the same paragraph twice) offers more than one such place;
    then the one whose overlap fits the budget is the splitter's.
    """
    limit = _SPACE.match(text, previous_end).end()  # type: ignore[union-attr]  # \s* always matches
    places: list[int] = []
    inside: list[int] = []
    at = text.find(piece, after)
    while 0 <= at <= limit:
        (places if at + len(piece) > previous_end else inside).append(at)
        at = text.find(piece, at + 1)
    count = _tokenizer()
    fitting = [p for p in places if len(count(text[p:previous_end])) <= max_overlap]
    if fitting or places or inside:
        return (fitting or places or inside)[0]
    if at < 0:
        raise ValueError("a chunk is not a substring of the article")
    return at  # after a gap the splitter skipped
