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


def test_the_generative_path_runs_in_process_on_a_scripted_model(fake_assistant):
    # Any rag.llm.ChatModel can write the answers; its sentences are still verified, the
    # invented one flagged, and the follow-up's rewrite is asked of the same model.
    from fake_llm import ScriptedModel

    fake_assistant.ingest([SEEDS])
    model = ScriptedModel([
        lambda messages: "Pakistan indefinitely suspended Russian oil shipments [1]. "
                         "Moscow then sent 40 tankers of wheat [1].",
        "What did Pakistan do with Russian oil shipments after that?",
        "Pakistan indefinitely suspended Russian oil shipments on dubious pretexts [1].",
    ])
    fake_assistant.use_llm(model)
    answer = fake_assistant.ask(OIL)
    assert answer.backend == "scripted" and not answer.refused
    assert [s.supported for s in answer.sentences] == [True, False]  # "40 tankers of wheat": invented
    events = list(fake_assistant.stream("And after that?", history=[("user", OIL), ("assistant", answer.answer)]))
    final = events[-1].answer
    assert final.search_query == "What did Pakistan do with Russian oil shipments after that?"
    assert final.sentences[0].supported and final.citations[0].quote in fake_assistant.article(final.citations[0].doc_id).text
    assert not model.script and len(model.sent) == 3
