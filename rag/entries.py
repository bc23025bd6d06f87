"""Reference entries in retrieved passages: which setting or option each sentence describes.

A manual's entry opens with its term ("max_connections (integer)", "--retries N", "|
Syntax: | server_tokens on | off |") and goes on for paragraphs that never name it again
("The default is typically 100 connections."). The extractive answerer reads here which
entry each sentence belongs to, across chunk boundaries too: a chunk may begin inside an
entry whose term the chunk before it holds.
"""

from __future__ import annotations

from dataclasses import replace

from rag import identifiers
from rag.candidates import Candidate
from rag.schema import Passage
from rag.sentences import passage_sentences


# Chunks that follow each other may leave the blank lines between them out of both.
CHUNK_GAP = 16


def passage_entries(passages: list[Passage]) -> list[list[str]]:
    """Each passage's `entry_terms`, read on from the entry it begins inside of: the one a
    retrieved passage of the same article that begins before it and reaches it is in at
    that point (a chunk may begin under "stale-answer-ttl Grammar: ..." that the chunk
    before holds, BIND's reference), however many chunks back the entry opened (restic's
    "--max-unused limit" over a list of three items and "The default value is 5%.")."""
    spans = [passage_sentences(p) for p in passages]
    found: list[list[str] | None] = [None] * len(passages)
    for k in sorted(range(len(passages)), key=lambda k: (passages[k].doc_id, passages[k].start)):
        passage, term, at = passages[k], "", -1
        for other, other_spans, other_found in zip(passages, spans, found):
            if other_found is None or other.doc_id != passage.doc_id \
                    or not other.start < passage.start <= other.end + CHUNK_GAP:
                continue
            before = [i for i, (a, _) in enumerate(other_spans) if other.start + a < passage.start]
            if before and other.start + other_spans[before[-1]][0] > at:
                at, term = other.start + other_spans[before[-1]][0], other_found[before[-1]]
        found[k] = entry_terms(passage.text, spans[k], term)
    return [entries or [] for entries in found]


def entry_terms(text: str, spans: list[tuple[int, int]], term: str = "") -> list[str]:
    """For each sentence, the term line of the reference entry it belongs to: the nearest
    sentence at or before it that opens with a setting's name ("max_connections (integer)",
    "timestamp_timeout=number ...", "--retries N"), or table of one row that does ("|
    max_rcpt | Use: smtp | Type: integer | Default: 100 |", Exim's option headers), whose
    paragraphs below describe it; `term` is the entry the text begins inside of."""
    lines = text.split("\n")
    rows, at = [], 0
    for i, line in enumerate(lines):
        if line.startswith("|") and not (i and lines[i - 1].startswith("|")) \
                and not (i + 1 < len(lines) and lines[i + 1].startswith("|")):
            rows.append((at, line))
        at += len(line) + 1
    entries, r = [], 0
    for a, b in spans:
        while r < len(rows) and rows[r][0] < a:
            # (A row that names no setting goes on with the entry: nginx's "| Context: | http |"
            # under "| Syntax: | server_tokens on | off |".)
            term, r = rows[r][1] if identifiers.entry_names(rows[r][1]) or not term else term, r + 1
        if identifiers.opens_entry(text[a:b]):
            term = text[a:b]
        entries.append(term)
    return entries



def holding(sentence: Candidate, passages: list[Passage]) -> Passage | None:
    """The retrieved passage that holds the sentence, joined to those of its article that
    go on from it (chunks overlap or meet): what follows may be its value, list or example
    ("stale-answer-ttl Grammar: ..." ends one chunk, "The default is 30 seconds." is in
    the next)."""
    found = next((p for p in passages if p.doc_id == sentence.doc_id and p.start <= sentence.start < p.end), None)
    if found is None:
        return None
    for other in sorted((p for p in passages if p.doc_id == sentence.doc_id), key=lambda p: p.start):
        if found.start <= other.start <= found.end < other.end:
            spans = None if found.sentences is None or other.sentences is None else \
                (*found.sentences, *(s for s in other.sentences if s[0] >= found.end))
            found = replace(found, text=found.text + other.text[found.end - other.start :], end=other.end,
                            sentences=spans)
    return found
