"""The in-process fake embedder (tests/fake_embedder.py), and the pipeline on it: ingest,
cited answers, refusals and incremental re-ingest with no model loaded. These run with the
unit tests (`pytest -m "not slow"`); retrieval quality is the real model's tests' job."""

import numpy as np

from conftest import SEEDS
from fake_embedder import DIMENSIONS, HashEmbedder

OIL = "What happened to Russian oil shipments to Pakistan?"


def test_the_fake_embedder_keeps_the_embedder_contract():
    embedder = HashEmbedder()
    texts = ["Russian oil shipments to Pakistan", "oil shipments were suspended", "a recipe for bread", ""]
    vectors = embedder.embed(texts)
    assert vectors.shape == (4, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0) and not vectors[3].any()  # no words, no direction
    assert np.array_equal(vectors, HashEmbedder().embed(texts))  # the same in every process and run
    shared, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert shared > 0.3 and unrelated == 0.0
    assert embedder.embed([]).shape == (0, DIMENSIONS) and embedder.calls == [4, 0]


def test_the_pipeline_answers_from_the_seeds_on_the_fake_embedder(fake_assistant):
    report = fake_assistant.ingest([SEEDS])
    assert report.ok and report.added == 2
    answer = fake_assistant.ask(OIL)
    assert not answer.refused and answer.citations
    assert "suspended" in answer.answer
    for c in answer.citations:  # the answer contract: every quote is the text at its offsets
        assert fake_assistant.article(c.doc_id).text[c.start : c.end] == c.quote
    assert fake_assistant.ask("How do I bake sourdough bread?").refused


def test_an_unchanged_corpus_is_not_embedded_again(fake_assistant):
    fake_assistant.ingest([SEEDS])
    embedder = fake_assistant.embedder
    embedded = sum(embedder.calls)
    report = fake_assistant.ingest([SEEDS])
    assert (report.added, report.unchanged) == (0, 2) and sum(embedder.calls) == embedded > 0
