"""Embedding providers: the bundled model offline, and an OpenAI-compatible API."""

import numpy as np
import pytest

from rag import Settings
from rag.assistant import Assistant
from rag.embed import make_embedder
from rag.errors import ModelUnavailableError

from conftest import SEEDS


def test_bundled_model_gives_unit_vectors_that_know_meaning(embedder):
    vectors = embedder.embed(["Oil shipments were suspended.", "Crude deliveries stopped.", "I like baking bread."])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert embedder.name == "bundled:all-MiniLM-L6-v2-int8"


def test_the_derived_int8_model_agrees_with_the_packaged_one(embedder):
    # RAG_EMBED_MODEL=all-MiniLM-L6-v2-int8-dynamic: int8 matrix products, ~1.9x faster.
    from rag.chunk import chunk_article
    from rag.load import load_article

    texts = [c.text for path in sorted(SEEDS.glob("*.txt")) for c in chunk_article(load_article(path), 200, 40)]
    derived_model = make_embedder(Settings(_env_file=None, embed_model="all-MiniLM-L6-v2-int8-dynamic"))
    assert derived_model.name == "bundled:all-MiniLM-L6-v2-int8-dynamic"
    derived, original = derived_model.embed(texts), embedder.embed(texts)
    assert not np.allclose(derived, original)  # really another computation
    assert (derived * original).sum(axis=1).min() > 0.98
    # Each chunk's nearest other chunk is the same under both, but for near-ties.
    nearest = lambda v: np.argsort(-(v @ v.T), axis=1)[:, 1]  # noqa: E731
    agree = nearest(derived) == nearest(original)
    gap = lambda v, i: np.sort(v[i] @ v.T)[-2] - np.sort(v[i] @ v.T)[-3]  # noqa: E731
    assert agree.mean() >= 0.9 and all(gap(original, i) < 0.02 for i in np.flatnonzero(~agree))
    # A text's vector does not depend on the texts embedded with it (the question is alone).
    alone = np.concatenate([derived_model.embed([t]) for t in texts[:4]])
    assert np.allclose(alone, derived[:4], atol=1e-6)


def test_an_index_of_the_derived_model_is_rebuilt_after_an_onnxruntime_upgrade(monkeypatch):
    # Another ONNX Runtime derives slightly other weights: vectors of the old derivation
    # must not be searched with the new one.
    from rag import indexes

    settings = Settings(_env_file=None)
    derived, packaged = "bundled:all-MiniLM-L6-v2-int8-dynamic", settings.embed_name
    before = indexes.index_key(derived, settings), indexes.index_key(packaged, settings)
    monkeypatch.setattr(indexes, "onnxruntime_version", lambda: "99.0.0")
    after = indexes.index_key(derived, settings), indexes.index_key(packaged, settings)
    assert after[0] != before[0] and after[1] == before[1]


def test_unknown_bundled_model_names_the_fix():
    with pytest.raises(ModelUnavailableError, match="RAG_EMBED_PROVIDER=fastembed"):
        make_embedder(Settings(_env_file=None, embed_model="nope"))


def test_openai_embeddings_through_a_compatible_server(tmp_path, fake_openai):
    settings = Settings(
        _env_file=None, data_dir=tmp_path / "data", embed_provider="openai", embed_model="text-embedding-3-small",
        openai_api_key="test-key", openai_base_url=fake_openai.url,
    )
    assistant = Assistant.from_settings(settings)
    try:
        assert assistant.ingest([SEEDS]).added == 2
        answer = assistant.ask("Who is the new Russian ambassador to Pakistan?")
        assert "Albert Khorev" in answer.answer
        assert assistant.catalog.get_meta("embed_model") == "openai:text-embedding-3-small"
        assert {r["path"] for r in fake_openai.requests} == {"/v1/embeddings"}
    finally:
        assistant.close()


def test_openai_errors_are_clear(tmp_path, fake_openai):
    wrong_key = Settings(_env_file=None, embed_provider="openai", embed_model="m",
                         openai_api_key="wrong", openai_base_url=fake_openai.url)
    with pytest.raises(ModelUnavailableError, match="embeddings API failed.*Incorrect API key"):
        make_embedder(wrong_key).embed(["hello"])
    with pytest.raises(ModelUnavailableError, match="no API key or base URL"):
        make_embedder(Settings(_env_file=None, embed_provider="openai", openai_api_key="", openai_base_url=""))


def test_a_compatible_server_needs_no_key(fake_openai):
    embedder = make_embedder(Settings(_env_file=None, embed_provider="openai", embed_model="m",
                                      openai_api_key="", openai_base_url=fake_openai.url))
    fake_openai.api_key = "not-needed"  # what a keyless local server accepts
    assert embedder.embed(["hello"]).shape == (1, 64)
