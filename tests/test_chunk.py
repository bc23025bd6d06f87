import tiktoken  # noqa: F401  (tiktoken's cache must come from llama-index, offline)
from llama_index.core.utils import get_tokenizer

from rag.chunk import chunk_article
from rag.load import load_article

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
