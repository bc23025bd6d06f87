import tiktoken  # noqa: F401  (tiktoken's cache must come from llama-index, offline)
from llama_index.core.utils import get_tokenizer

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rag.chunk import chunk_article
from rag.load import load_article
from rag.schema import Article

from conftest import ROOT, SEEDS


def test_chunks_carry_exact_offsets_and_respect_the_token_budget():
    for path in sorted(SEEDS.iterdir()):
        article = load_article(path)
        chunks = chunk_article(article, chunk_size=120, chunk_overlap=30)
        assert len(chunks) > 3
        count = get_tokenizer()
        for chunk in chunks:
            assert article.text[chunk.start : chunk.end] == chunk.text
            assert len(count(chunk.text)) <= 120
        # Together the chunks cover the whole article, in order.
        assert chunks[0].start == 0 and chunks[-1].end == len(article.text.rstrip())
        assert all(a.start < b.start for a, b in zip(chunks, chunks[1:]))
        assert all(b.start <= a.end + 1 for a, b in zip(chunks, chunks[1:]))


def test_chunks_end_on_sentence_boundaries():
    article = load_article(SEEDS / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt")
    for chunk in chunk_article(article, chunk_size=120, chunk_overlap=30):
        assert chunk.text.rstrip()[-1] in ".?!”\"’"


def test_chunk_ids_change_with_content():
    article = load_article(SEEDS / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt")
    ids = {c.chunk_id for c in chunk_article(article, 200, 40)}
    assert all(cid.startswith(f"{article.doc_id}:{article.content_hash[:12]}:") for cid in ids)


def test_repeated_text_is_chunked_to_the_end(tmp_path):
    from rag.load import load_article as load

    path = tmp_path / "repeat.txt"
    path.write_text("The same paragraph about barter trade, again and again.\n" * 60, encoding="utf-8")
    article = load(path)
    chunks = chunk_article(article, chunk_size=64, chunk_overlap=16)
    assert chunks[-1].end == len(article.text.rstrip())
    for chunk in chunks:
        assert article.text[chunk.start : chunk.end] == chunk.text
    assert all(a.start < b.start <= a.end + 1 for a, b in zip(chunks, chunks[1:]))


@pytest.mark.slow  # the real corpora of the gold sets
def test_every_article_of_the_real_corpora_chunks_with_exact_offsets():
    # Real text trips the splitter in ways tiny fixtures do not (a Debian Reference
    # section ended in a piece made only of the previous chunk's overlap).
    corpora = [p for p in sorted((ROOT / ".corpora").glob("*/*.*")) if p.parent.name != ".debs"]
    assert corpora, "run `bash eval/corpora.sh` (make test does)"
    for path in corpora:
        article = load_article(path)
        chunks = chunk_article(article, 200, 40)
        assert chunks, path
        for before, chunk in zip([None, *chunks], chunks):
            assert article.text[chunk.start:chunk.end] == chunk.text
            assert before is None or chunk.end > before.end, path


# Text as files hold it: words, numbers and unicode, odd whitespace and line breaks of
# every kind, Markdown-ish headings, lists, fences, rules and tables, runs of one piece.
_PIECES = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
    st.sampled_from([
        " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\u00a0", "\u2028", "\u3000", "\f", "\v", "\ufeff", "\u200b",
        "# ", "## ", "###### ", "#", "=====\n", "-----\n", "- ", "* ", "1. ", "> ", "```\n", "~~~\n", "| a | b |\n",
        "term::\n", ".. note::\n", "    ", "Heading\n", ".", "!", "?", "...", "word", "Word.", "é", "日本語。", "👍",
        "[[anchor]]\n", ":attr: x\n", "From: someone\n", "http://x.y/z", "e.g.", "Mr.", "3.14", "(", ")", "\"", "”",
    ]),
)
_TEXTS = st.lists(st.one_of(_PIECES, st.tuples(_PIECES, st.integers(2, 60)).map(lambda p: p[0] * p[1])),
                  min_size=1, max_size=300).map("".join)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, size=st.sampled_from([(32, 0), (32, 8), (64, 16), (200, 40)]))
# Found by it: a first chunk small enough to be the second one's overlap whole (symbols
# of several tokens each), so the second started where the first did.
@example(text=" " * 21 + "00\x81𐀀𐀀0:0:0\x81Ò𐀀𐀀𓎀", size=(32, 8))
# And a "sentence" of nothing but a parenthesis it does not close, trimmed to nothing.
@example(text=")", size=(32, 0))
def test_any_decodable_text_chunks_with_exact_offsets(text, size):
    article = Article(doc_id="d", title="T", text=text, source="s", path="/s", content_hash="0" * 64, metadata={})
    chunks = chunk_article(article, *size)
    for before, chunk in zip([None, *chunks], chunks):
        assert text[chunk.start:chunk.end] == chunk.text
        assert before is None or before.start < chunk.start and before.end < chunk.end
        assert all(chunk.start <= a < b <= chunk.end for a, b in chunk.sentences)
    # (Token counts are the splitter's estimate: joined pieces can count a token more.)


WGET_INFO_START = (
    "This is wget.info, produced by makeinfo version 6.8 from wget.texi.\n\nThis file documents the GNU Wget utility "
    "for downloading network data.\n\n   Copyright © 1996–2011, 2015, 2018–2022 Free Software Foundation, Inc.\n\n"
    "   Permission is granted to copy, distribute and/or modify this document\nunder the terms of the GNU Free "
    "Documentation License, Version 1.3 or\nany later version published by the Free Software Foundation; with no\n"
    "Invariant Sections, with no Front-Cover Texts, and with no Back-Cover\nTexts.  A copy of the license is included "
    "in the section entitled “GNU\nFree Documentation License”.\nINFO-DIR-SECTION Network applications\n"
    "START-INFO-DIR-ENTRY\n* Wget: (wget).                 Non-interactive network downloader.\nEND-INFO-DIR-ENTRY\n\n"
    "\x1f\nFile: wget.info,  Node: Top,  Next: Overview,  Prev: (dir),  Up: (dir)\n\nWget 1.21.3\n***********\n\n"
    "This file documents the GNU Wget utility for downloading network data.\n")


def test_no_chunk_is_only_markup(tmp_path):
    # Blind trial 29: 9 of wget.info's chunks were an Info node line alone ("File: wget.info,
    # Node: Top, ..."), the end of the section before the node's heading.
    path = tmp_path / "wget.info.txt"
    path.write_text(WGET_INFO_START)
    article = load_article(path)
    chunks = chunk_article(article, 200, 40)
    assert chunks and not [c.text for c in chunks if c.text.strip().startswith("File: wget.info")]
    assert any("Free Documentation License" in c.text for c in chunks)
    assert any("utility for downloading network data" in c.text and c.start > article.text.index("Node: Top") for c in chunks)
