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
    if overrides.get("llm_gguf", WEIGHTS) == WEIGHTS and not WEIGHTS.exists():
        pytest.fail("the local LLM's weights are missing: run `bash eval/local_llm.sh install` (make test does)")
    values = dict(_env_file=None, data_dir=seeded.settings.data_dir, backend="local", llm_gguf=WEIGHTS,
                  llm_threads=1, llm_timeout=600, llm_fallback=False, llm_max_tokens=200)
    values.update(overrides)
    return Assistant.from_settings(Settings(**values), embedder=embedder)


@pytest.fixture()
def qwen(seeded, embedder):
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


class ScriptedLlama:
    """Stands in for llama_cpp.Llama where the test is about our side of it: the turns,
    the time limit and the errors (the real model is tested above)."""

    def __init__(self, deltas=("Pakistan ", "suspended ", "them."), finish="stop", fail=None):
        self.deltas, self.finish, self.fail, self.closed = deltas, finish, fail, 0

    def create_chat_completion(self, messages, temperature, max_tokens, stream):
        def chunks():
            try:
                for delta in self.deltas:
                    yield {"choices": [{"delta": {"content": delta}, "finish_reason": None}]}
                if self.fail:
                    raise self.fail
                yield {"choices": [{"delta": {}, "finish_reason": self.finish}]}
            finally:
                self.closed += 1
        return chunks()


@pytest.fixture()
def scripted(monkeypatch, tmp_path):
    """A LocalLLM over a ScriptedLlama: (make(**settings), the model, its lock)."""
    from rag import local_llm

    model, turn = ScriptedLlama(), threading.Lock()
    monkeypatch.setattr(local_llm, "_load", lambda path, context, threads: (model, turn))
    weights = tmp_path / "model.gguf"
    weights.write_bytes(b"GGUF")

    def make(**overrides):
        return local_llm.LocalLLM(Settings(_env_file=None, backend="local", llm_gguf=weights, **overrides))

    return make, model, turn


def test_a_reply_its_reader_drops_frees_the_model_at_once(scripted):
    import gc

    make, model, turn = scripted
    gc.disable()  # freed by reference counting, not whenever the collector runs
    try:
        stream = make().stream([{"role": "user", "content": "hi"}])
        assert next(iter(stream)) == "Pakistan " and turn.locked()
        del stream
        assert not turn.locked() and model.closed == 1
    finally:
        gc.enable()


def test_a_question_waiting_too_long_for_its_turn_is_told_so(scripted):
    make, _, turn = scripted
    with turn:  # another question is being answered
        with pytest.raises(LLMError, match="busy") as raised:
            make(llm_timeout=0.2).reply([{"role": "user", "content": "hi"}])
    assert "RAG_LLM_TIMEOUT" in raised.value.hint
    assert make().reply([{"role": "user", "content": "hi"}]).text == "Pakistan suspended them."


def test_a_reply_cut_by_the_token_cap_is_marked_and_a_failure_is_an_llm_error(scripted):
    make, model, turn = scripted
    model.finish = "length"
    assert make().reply([{"role": "user", "content": "hi"}]).truncated
    model.fail = RuntimeError("llama_decode returned -3")
    with pytest.raises(LLMError, match="could not answer"):
        make().reply([{"role": "user", "content": "hi"}])
    assert not turn.locked()
