"""The llama-index adapters (rag.llamaindex), driven through llama-index's own APIs: a
RetrieverQueryEngine on the retriever, BatchEvalRunner with the grounding evaluator, and
llama-index LLMs (MockLLM and a scripted CustomLLM, both offline) as the generative backend."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from llama_index.core import Settings as LlamaSettings
from llama_index.core.base.llms.types import CompletionResponse, CompletionResponseGen, LLMMetadata
from llama_index.core.evaluation import BatchEvalRunner
from llama_index.core.llms import CustomLLM
from llama_index.core.llms.mock import MockLLM
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.retrievers import BaseRetriever

from rag.errors import LLMError
from rag.llamaindex import GroundingEvaluator, LlamaIndexLLM, RagQueryEngine, RagRetriever

from conftest import readme_example

OIL = "What happened to Russian oil shipments to Pakistan?"
INVENTED = "Pakistan also agreed to buy twenty Russian submarines in 2023."


class ScriptedLLM(CustomLLM):
    """A llama-index LLM that answers with `script(prompt)`: a stand-in for any real one."""

    script: Callable[[str], str]
    prompts: list[str] = []

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(model_name="scripted")

    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        self.prompts.append(prompt)
        return CompletionResponse(text=self.script(prompt))

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        text = self.complete(prompt).text
        for i in range(0, len(text), 7):
            yield CompletionResponse(text=text[: i + 7], delta=text[i : i + 7])


def passage_number(prompt: str, phrase: str) -> int:
    """The [n] of the first passage of the answer prompt that contains `phrase`."""
    for m in re.finditer(r'<passage n="(\d+)".*?</passage>', prompt, re.S):
        if phrase in m.group(0):
            return int(m.group(1))
    raise AssertionError(f"no passage in the prompt holds {phrase!r}")


def good_reply(prompt: str) -> str:
    return (f"Pakistan indefinitely suspended Russian oil shipments on dubious pretexts "
            f"[{passage_number(prompt, 'indefinitely suspended')}].")


@pytest.fixture(autouse=True)
def no_global_llama_settings():
    """Nothing may fall back to llama-index's global Settings (their first read builds
    OpenAI clients): everything is passed explicitly."""
    yield
    assert LlamaSettings._llm is None and LlamaSettings._embed_model is None


@pytest.fixture()
def seeded_copy(seeded, make_assistant):
    """Another Assistant on the seeded index, for tests that change its LLM."""
    return lambda **overrides: make_assistant(data_dir=seeded.settings.data_dir, **overrides)


def assert_exact(assistant, nodes):
    """Every node's text is its article's text between its offsets, and it names the article."""
    assert nodes
    for hit in nodes:
        node = hit.node
        article = assistant.article(node.metadata["doc_id"])
        assert article.text[node.start_char_idx : node.end_char_idx] == node.text
        assert node.ref_doc_id == article.doc_id
        assert (node.metadata["title"], node.metadata["source"]) == (article.title, article.source)


def test_the_retriever_returns_exact_text_nodes(seeded):
    retriever = RagRetriever(seeded, k=3)
    assert isinstance(retriever, BaseRetriever)
    hits = retriever.retrieve("Russian oil shipments")
    assert len(hits) == 3 and hits[0].score >= hits[-1].score
    assert any("indefinitely suspended" in h.node.text for h in hits)
    assert_exact(seeded, hits)
    # Only the title and headings reach a model; the ids and paths stay out of its prompt.
    prompt_text = hits[0].node.get_content(metadata_mode="llm")
    assert hits[0].node.metadata["title"] in prompt_text and hits[0].node.metadata["doc_id"] not in prompt_text


def test_the_retriever_limits_to_documents(seeded):
    doc_id = seeded.sources()[0].doc_id
    hits = RagRetriever(seeded, documents=[doc_id]).retrieve("trade")
    assert hits and {h.node.ref_doc_id for h in hits} == {doc_id}


def test_a_retriever_query_engine_built_on_the_retriever(seeded):
    # llama-index's own engine, with its own response synthesis; MockLLM echoes the prompt
    # it is given, so the answer shows what llama-index sent the model.
    engine = RetrieverQueryEngine.from_args(RagRetriever(seeded, k=2), llm=MockLLM())
    response = engine.query(OIL)
    assert len(response.source_nodes) == 2
    assert_exact(seeded, response.source_nodes)
    assert response.source_nodes[0].node.text.strip()[:40] in str(response)


def test_the_query_engine_answers_with_verified_text_and_citations(seeded):
    response = RagQueryEngine(assistant=seeded).query(OIL)
    answer = response.metadata["answer"]
    assert str(response) == answer.answer and not answer.refused
    assert "indefinitely suspended" in str(response)
    assert [h.node.text for h in response.source_nodes] == [c.quote for c in answer.citations]
    assert [h.node.metadata["n"] for h in response.source_nodes] == list(range(1, len(answer.citations) + 1))
    assert_exact(seeded, response.source_nodes)


def test_the_grounding_evaluator_in_llamaindex_batch_evaluation(seeded):
    engine = RagQueryEngine(assistant=seeded)
    questions = [OIL, "What did Sharif propose about barter with Russia?"]
    runner = BatchEvalRunner({"grounded": GroundingEvaluator()}, workers=1)
    results = runner.evaluate_responses(queries=questions, responses=[engine.query(q) for q in questions])
    assert [r.passing for r in results["grounded"]] == [True, True]
    assert all(r.score == 1.0 for r in results["grounded"])


def test_the_grounding_evaluator_flags_an_invented_sentence(seeded):
    contexts = [h.node.text for h in RagRetriever(seeded).retrieve(OIL)]
    n = next(i for i, text in enumerate(contexts, start=1) if "indefinitely suspended" in text)
    true = f"Pakistan indefinitely suspended Russian oil shipments on dubious pretexts [{n}]."
    runner = BatchEvalRunner({"grounded": GroundingEvaluator()}, workers=1)
    results = runner.evaluate_response_strs(
        queries=[OIL, OIL], response_strs=[true, f"{true} {INVENTED[:-1]} [{n}]."], contexts_list=[contexts, contexts]
    )
    kept, invented = results["grounded"]
    assert kept.passing and kept.score == 1.0
    assert not invented.passing and invented.score == 0.5
    assert "submarines" in invented.feedback and "2023" in invented.feedback


def test_a_refusal_claims_nothing_and_passes(seeded):
    result = GroundingEvaluator().evaluate(OIL, "The passages do not answer this question.", ["Some text."])
    assert result.passing and result.score == 1.0


@pytest.mark.parametrize("policy", ["flag", "drop"])
def test_a_llamaindex_llm_writes_answers_that_are_verified(seeded_copy, policy):
    assistant = seeded_copy(unsupported=policy)
    llm = ScriptedLLM(script=lambda prompt: f"{good_reply(prompt)} {INVENTED[:-1]} [1].")
    assistant.use_llm(LlamaIndexLLM(llm))
    answer = assistant.ask(OIL)
    assert answer.backend == "llama-index" and not answer.refused
    assert answer.sentences[0].supported and answer.sentences[0].citations == [1]
    assert "indefinitely suspended such shipments" in answer.citations[0].quote
    if policy == "flag":
        assert [(s.text, s.supported) for s in answer.sentences[1:]] == [(INVENTED, False)]
        assert answer.answer.endswith("(unverified)")
    else:
        assert "submarines" not in answer.answer and len(answer.sentences) == 1
    for c in answer.citations:
        assert assistant.article(c.doc_id).text[c.start : c.end] == c.quote
    # The assistant's own prompt reached the model, passages numbered.
    assert '<passage n="1"' in llm.prompts[0] and OIL in llm.prompts[0]


def test_a_llamaindex_llm_streams(seeded_copy):
    assistant = seeded_copy()
    assistant.use_llm(LlamaIndexLLM(ScriptedLLM(script=good_reply)))
    *deltas, final = assistant.stream(OIL)
    assert len(deltas) > 5 and "".join(d.text for d in deltas).startswith("Pakistan indefinitely suspended")
    answer = final.answer
    assert answer.backend == "llama-index" and [s.supported for s in answer.sentences] == [True]


def test_the_query_engine_over_a_llamaindex_llm(seeded_copy):
    assistant = seeded_copy()
    assistant.use_llm(LlamaIndexLLM(ScriptedLLM(script=good_reply)))
    response = RagQueryEngine(assistant=assistant).query(OIL)
    assert str(response).startswith("Pakistan indefinitely suspended Russian oil shipments on dubious pretexts. [1]")
    assert GroundingEvaluator().evaluate_response(query=OIL, response=response).passing


def test_mock_llm_text_that_says_nothing_is_replaced_by_quotes(seeded_copy):
    # MockLLM(max_tokens=n) writes "text text ...": nothing to verify, so the answer is quoted.
    assistant = seeded_copy()
    assistant.use_llm(LlamaIndexLLM(MockLLM(max_tokens=5)))
    answer = assistant.ask(OIL)
    assert answer.backend == "llama-index+extractive" and answer.warnings
    assert "text text" not in answer.answer and answer.citations


def test_a_failing_llm_is_an_llm_error_or_falls_back(seeded_copy):
    def broken(prompt: str) -> str:
        raise ConnectionError("server down")

    strict = seeded_copy(llm_fallback=False)
    strict.use_llm(LlamaIndexLLM(ScriptedLLM(script=broken)))
    with pytest.raises(LLMError, match="ScriptedLLM failed: ConnectionError: server down"):
        strict.ask(OIL)
    lenient = seeded_copy()
    lenient.use_llm(LlamaIndexLLM(ScriptedLLM(script=broken)))
    answer = lenient.ask(OIL)
    assert answer.backend == "extractive" and "server down" in answer.warnings[0]


def test_configure_goes_back_to_the_settings_backend(seeded_copy):
    assistant = seeded_copy()
    assistant.use_llm(LlamaIndexLLM(ScriptedLLM(script=good_reply)))
    assert assistant.ask(OIL).backend == "llama-index"
    assistant.configure(backend="openai")
    assistant.configure(backend="extractive")
    assert assistant.ask(OIL).backend == "extractive"


def test_the_readme_example_runs(seeded, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no .env of the project's
    monkeypatch.setenv("RAG_DATA_DIR", str(seeded.settings.data_dir))
    code = readme_example("llama-index")
    # The example's LLM is a local Ollama server; here a scripted model stands in for it.
    code = code.replace("from llama_index.llms.ollama import Ollama", "")
    exec(compile(code, "README.md", "exec"), {"Ollama": lambda **kwargs: ScriptedLLM(script=good_reply)})
    out = capsys.readouterr().out
    assert "indefinitely suspended" in out and "True 1.0" in out and "llama-index" in out


def test_the_llm_keeps_answering_after_the_index_switches(make_assistant, corpus):
    make_assistant().ingest([corpus])
    other = make_assistant(chunk_size=120)  # same data dir, other chunking: a new index beside
    other.use_llm(LlamaIndexLLM(ScriptedLLM(script=good_reply)))
    assert other.ask(OIL).backend == "llama-index"
    assert other.ingest([]).switched_from  # now serving the new index
    answer = other.ask(OIL)
    assert answer.backend == "llama-index" and answer.sentences[0].supported
    for c in answer.citations:
        assert other.article(c.doc_id).text[c.start : c.end] == c.quote
