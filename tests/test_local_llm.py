"""RAG_BACKEND=local: a GGUF model run in the test's own process by llama.cpp
(llama-cpp-python), Qwen2.5-Coder-0.5B-Instruct from the weights eval/local_llm.sh
assembles. As with the server (tests/test_real_llm.py), these assert the promise, not the
words the model writes; and what a user without the weights or the package is told."""

import sys
import threading

import pytest

from rag import Settings
from rag.assistant import Assistant
from rag.errors import LLMError
from rag.schema import Delta, Final

from conftest import ROOT
from test_real_llm import WEIGHTS, assert_grounded

OIL = "What happened to Russian oil shipments to Pakistan?"


def local(seeded, embedder, **overrides) -> Assistant:
    values = dict(_env_file=None, data_dir=seeded.settings.data_dir, backend="local", llm_gguf=WEIGHTS,
                  llm_threads=1, llm_timeout=600, llm_fallback=False, llm_max_tokens=200)
    values.update(overrides)
    return Assistant.from_settings(Settings(**values), embedder=embedder)


@pytest.fixture()
def qwen(seeded, embedder):
    if not WEIGHTS.exists():
        pytest.fail("the local LLM's weights are missing: run `bash eval/local_llm.sh install` (make test does)")
    assistant = local(seeded, embedder)
    yield assistant
    assistant.close()


@pytest.mark.real_llm
def test_a_model_in_process_answers_with_the_fact_and_exact_quotes(qwen):
    events = list(qwen.stream(OIL))
    assert isinstance(events[-1], Final) and all(isinstance(e, Delta) for e in events[:-1])
    answer = events[-1].answer
    assert not answer.refused, answer.answer
    assert answer.backend in {"local", "local+extractive"}
    assert "suspend" in answer.answer.lower(), answer.answer
    assert_grounded(qwen, answer)


@pytest.mark.real_llm
def test_a_model_in_process_does_not_answer_what_the_corpus_does_not_say(qwen):
    answer = qwen.ask("Who is the prime minister of India?")
    assert answer.refused, answer.answer


@pytest.mark.real_llm
def test_questions_asked_at_once_take_turns_on_the_one_model(seeded, embedder):
    """llama.cpp answers one request at a time: the API server's threads must queue, not
    corrupt each other's generation."""
    first, second = (local(seeded, embedder, llm_max_tokens=48) for _ in range(2))
    answers, errors = [], []

    def ask(assistant):
        try:
            answers.append(assistant.ask(OIL))
        except Exception as e:  # noqa: BLE001 (the test reports it)
            errors.append(e)

    threads = [threading.Thread(target=ask, args=(a,)) for a in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(answers) == 2
    assert first.llm._model is second.llm._model  # the weights are loaded once per process
    for answer in answers:
        assert not answer.refused and "suspend" in answer.answer.lower(), answer.answer
        assert_grounded(first, answer)


@pytest.mark.parametrize(
    "overrides, said, hint",
    [
        ({"llm_gguf": None}, "needs the model's weights", "RAG_LLM_GGUF"),
        ({"llm_gguf": ROOT / "no-such-model.gguf"}, "no model file at", "RAG_LLM_GGUF"),
    ],
)
def test_a_missing_model_is_named_with_the_fix(seeded, embedder, overrides, said, hint):
    assistant = local(seeded, embedder, **overrides)
    with pytest.raises(LLMError) as raised:
        assistant.ask(OIL)
    assert said in raised.value.message and hint in raised.value.hint
    fallback = local(seeded, embedder, llm_fallback=True, **overrides).ask(OIL)
    assert fallback.backend == "extractive" and "indefinitely suspended" in fallback.answer
    assert any(hint in w for w in fallback.warnings)


def test_a_file_that_is_not_a_model_is_named_with_the_fix(seeded, embedder, tmp_path):
    fake = tmp_path / "notes.gguf"
    fake.write_text("not a model")
    with pytest.raises(LLMError) as raised:
        local(seeded, embedder, llm_gguf=fake).ask(OIL)
    assert "could not load" in raised.value.message and "GGUF" in raised.value.hint


def test_without_llama_cpp_the_user_is_told_what_to_install(seeded, embedder, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # as if not installed
    weights = tmp_path / "model.gguf"
    weights.write_bytes(b"GGUF")
    with pytest.raises(LLMError) as raised:
        local(seeded, embedder, llm_gguf=weights).ask(OIL)
    assert "llama-cpp-python" in raised.value.message and "rag[local]" in raised.value.hint
