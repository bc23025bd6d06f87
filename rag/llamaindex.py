"""llama-index adapters (`pip install 'rag[llama-index]'`): the assistant as llama-index parts.

- `RagRetriever`: a `BaseRetriever` whose nodes are the retrieved passages, each a
  `TextNode` with `start_char_idx`/`end_char_idx` into its article and the article's
  doc_id, title and source in its metadata (and as its source document).
- `RagQueryEngine`: a query engine whose `Response` text is the verified answer and whose
  `source_nodes` are its citations, in the order of the answer's [n] markers.
- `GroundingEvaluator`: the grounding check (`rag.grounding`) as a `BaseEvaluator`, for
  `BatchEvalRunner` and the rest of llama-index's evaluation flow.
- `LlamaIndexLLM`: any llama-index `LLM` as the generative backend
  (`assistant.use_llm(LlamaIndexLLM(llm))`); what it writes is verified as any model's is.

It does not build indexes or embed: retrieval stays the assistant's own (Chroma + keywords),
and nothing here reads llama-index's global `Settings` (its first read builds OpenAI clients).
Named `llamaindex`, not `llama_index`, so that it cannot shadow the package.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rag.errors import LLMError

try:
    from llama_index.core.base.base_retriever import BaseRetriever
    from llama_index.core.base.llms.types import ChatMessage
    from llama_index.core.base.response.schema import Response
    from llama_index.core.evaluation import BaseEvaluator, EvaluationResult
    from llama_index.core.query_engine import CustomQueryEngine
    from llama_index.core.schema import NodeRelationship, NodeWithScore, QueryBundle, RelatedNodeInfo, TextNode
except ImportError as e:  # pragma: no cover - llama-index-core is a base dependency today
    raise ImportError(f"{e}; the llama-index adapters need: pip install 'rag[llama-index]'") from e

from rag import grounding
from rag.answer import REFUSAL
from rag.llm import Reply, Stream
from rag.prompts import MODEL_REFUSALS
from rag.schema import Answer, Citation, Passage

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

    from rag.assistant import Assistant

__all__ = ["GroundingEvaluator", "LlamaIndexLLM", "RagQueryEngine", "RagRetriever", "citation_node", "passage_node"]


def passage_node(passage: Passage) -> NodeWithScore:
    """A retrieved passage as a scored node; its text is `article.text[start:end]`."""
    return _node(passage.chunk_id, passage.text, passage.start, passage.end, passage.score,
                 passage.doc_id, passage.title, passage.source, passage.section)


def citation_node(citation: Citation) -> NodeWithScore:
    """A citation as a scored node; its text is the quote, `article.text[start:end]`. Its id
    is stable (doc_id and offsets), so the same quote is the same node in every answer."""
    return _node(f"{citation.doc_id}:{citation.start}-{citation.end}", citation.quote, citation.start, citation.end,
                 citation.score, citation.doc_id, citation.title, citation.source, citation.section, n=citation.n)


def _node(node_id: str, text: str, start: int, end: int, score: float, doc_id: str, title: str, source: str,
          section: str, **extra: Any) -> NodeWithScore:
    metadata = {"doc_id": doc_id, "title": title, "source": source, "section": section, **extra}
    node = TextNode(
        id_=node_id, text=text, start_char_idx=start, end_char_idx=end, metadata=metadata,
        # The article is the node's source document, so `node.ref_doc_id` is its doc_id.
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=doc_id)},
        # Only the title and headings help a model read the text; ids and paths are noise to it.
        excluded_llm_metadata_keys=["doc_id", "source", *extra],
        excluded_embed_metadata_keys=list(metadata),
    )
    return NodeWithScore(node=node, score=score)


class RagRetriever(BaseRetriever):
    """The assistant's retrieval (dense + keyword, fused) as a llama-index retriever.

    `k` passages per query (default: the settings' top_k); `documents` limits the search
    to those doc_ids."""

    def __init__(self, assistant: Assistant, k: int | None = None, documents: Sequence[str] | None = None) -> None:
        super().__init__()
        self.assistant, self.k, self.documents = assistant, k, documents

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        passages = self.assistant.retrieve(query_bundle.query_str, self.k, self.documents)
        return [passage_node(p) for p in passages]


class RagQueryEngine(CustomQueryEngine):
    """`assistant.ask` as a llama-index query engine. The `Response` text is the verified
    answer (with its [n] markers), `source_nodes[n - 1]` is citation n, and
    `response.metadata["answer"]` is the whole `rag.Answer` (refused, sentences, warnings)."""

    assistant: Any  # rag.Assistant (not a pydantic type)
    k: int | None = None
    documents: list[str] | None = None

    def custom_query(self, query_str: str) -> Response:
        answer = self.assistant.ask(query_str, k=self.k, documents=self.documents)
        return as_response(answer)


def as_response(answer: Answer) -> Response:
    """A `rag.Answer` as a llama-index `Response`."""
    return Response(
        response=answer.answer,
        source_nodes=[citation_node(c) for c in answer.citations],
        metadata={"answer": answer, "refused": answer.refused, "backend": answer.backend},
    )


class GroundingEvaluator(BaseEvaluator):
    """Is every sentence of a response backed by the contexts it cites?

    The response is read as the assistant writes answers: sentences with [n] markers, n
    numbering the contexts from 1 (a Response's source nodes, in order). A sentence with no
    valid marker is checked against each context, and passes if one backs it. A refusal ("the
    passages do not answer...") claims nothing and passes. `score` is the share of sentences
    backed; `passing` is whether all are; `feedback` names what fails and why. Deterministic
    and offline, no LLM."""

    def _get_prompts(self) -> dict:  # no prompts: no model is asked
        return {}

    def _update_prompts(self, prompts: dict) -> None:
        pass

    async def aevaluate(
        self,
        query: str | None = None,
        response: str | None = None,
        contexts: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> EvaluationResult:
        if response is None or contexts is None:
            raise ValueError("the grounding check needs a response and the contexts it cites")
        passages = [
            Passage(chunk_id=f"context-{n}", doc_id="", title="", source="", text=text, start=0, end=len(text), score=0.0)
            for n, text in enumerate(contexts, start=1)
        ]
        claims = [(s, numbers) for s, numbers in grounding.cited_sentences(response) if not _remark(s, numbers)]
        problems = []
        for sentence, numbers in claims:
            verdict = _verdict(sentence, numbers, passages)
            if not verdict.supported:
                problems.append(f"{sentence!r}: {'; '.join(verdict.problems)}")
        backed = len(claims) - len(problems)
        return EvaluationResult(
            query=query, response=response, contexts=list(contexts), passing=not problems,
            score=backed / len(claims) if claims else 1.0,
            feedback="\n".join(problems) or f"all {len(claims)} sentences are backed by the contexts they cite",
        )


def _verdict(sentence: str, numbers: list[int], passages: list[Passage]) -> grounding.Verdict:
    cited = [passages[n - 1] for n in dict.fromkeys(numbers) if 1 <= n <= len(passages)]
    if cited:
        return grounding.check(sentence, cited)
    verdicts = [grounding.check(sentence, [p]) for p in passages] or [grounding.check(sentence, [])]
    return max(verdicts, key=lambda v: (v.supported, v.support))


def _remark(sentence: str, numbers: list[int]) -> bool:
    """A refusal, the assistant's or a model's: a remark about the evidence, not a claim."""
    lowered = sentence.lower()
    return not numbers and (sentence in REFUSAL or any(p in lowered for p in MODEL_REFUSALS))


class LlamaIndexLLM:
    """Any llama-index `LLM` (OpenAI, Ollama, a local model, MockLLM...) behind the seam the
    assistant's generative backend calls (`rag.llm.LLM`: reply, stream, complete).

        assistant.use_llm(LlamaIndexLLM(llm))

    The assistant's prompts go in as chat messages (a completion-only model gets them
    through its own `messages_to_prompt`); whatever the model raises becomes an LLMError,
    so `RAG_LLM_FALLBACK` answers extractively instead."""

    backend = "llama-index"  # Answer.backend

    def __init__(self, llm: LLM) -> None:
        self.llm = llm
        self.model = getattr(llm.metadata, "model_name", "") or type(llm).__name__
        self.where = f"the llama-index LLM {type(llm).__name__}"

    def complete(self, messages: list[dict[str, str]]) -> str:
        return self.reply(messages).text

    def reply(self, messages: list[dict[str, str]]) -> Reply:
        try:
            text = self.llm.chat(_chat(messages)).message.content
        except Exception as e:  # any provider's error type
            raise self._failed(e) from e
        if not text or not text.strip():
            raise self._empty()
        # llama-index does not say in one way for all providers whether the token cap cut
        # the reply; an unfinished last sentence is then checked like any other.
        return Reply(text, truncated=False)

    def stream(self, messages: list[dict[str, str]]) -> Stream:
        return Stream(lambda _cut: self._deltas(messages))

    def _deltas(self, messages: list[dict[str, str]]) -> Iterator[str]:
        produced = False
        try:
            for chunk in self.llm.stream_chat(_chat(messages)):
                if chunk.delta:
                    produced = True
                    yield chunk.delta
        except Exception as e:
            raise self._failed(e) from e
        if not produced:
            raise self._empty()

    def _failed(self, error: Exception) -> LLMError:
        return LLMError(f"{self.where} failed: {type(error).__name__}: {error}", "check the LLM's configuration and server")

    def _empty(self) -> LLMError:
        return LLMError(f"{self.where} returned an empty reply", "check that it is a chat or instruction model")


def _chat(messages: list[dict[str, str]]) -> list[ChatMessage]:
    return [ChatMessage(role=m["role"], content=m["content"]) for m in messages]
