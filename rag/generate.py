"""Passages -> Answer written by an LLM, then verified sentence by sentence.

The model writes from numbered passages with [n] markers (prompts in `rag.prompts`).
Nothing it writes reaches the user unchecked: `verify()` parses the markers, drops those
that name no passage, checks every sentence against what it cites (`rag.grounding`),
repairs a citation when another retrieved passage is the one that supports the sentence,
and flags or drops what stays unsupported (`RAG_UNSUPPORTED`). Each citation quotes the
exact supporting span of its passage. A model's own "the passages do not answer"
becomes a refusal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rag import grounding
from rag.answer import REFUSAL, ExtractiveAnswerer
from rag.config import Settings
from rag.llm import LLM
from rag.prompts import MODEL_REFUSALS, answer_messages
from rag.schema import Answer, AnswerSentence, Citation, Passage

BACKEND = "openai"


class GenerativeAnswerer:
    name = BACKEND

    def __init__(self, llm: LLM, settings: Settings, extractive: ExtractiveAnswerer) -> None:
        self.llm = llm
        self.settings = settings
        self.extractive = extractive

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str | Answer]:
        """Text deltas as the model writes them, then the verified Answer."""
        if not passages:
            yield from self.extractive.stream(question, passages)
            return
        parts = []
        for delta in self.llm.stream(answer_messages(question, passages)):
            parts.append(delta)
            yield delta
        yield self.verify(question, "".join(parts), passages)

    def answer(self, question: str, passages: list[Passage]) -> Answer:
        if not passages:
            return self.extractive.answer(question, passages)
        return self.verify(question, self.llm.complete(answer_messages(question, passages)), passages)

    def verify(self, question: str, text: str, passages: Sequence[Passage]) -> Answer:
        sentences = grounding.cited_sentences(text)
        refusals = [_is_refusal(sentence, numbers) for sentence, numbers in sentences]
        if all(refusals):
            return self._refuse(question, passages)

        citations: dict[tuple[str, int, int], Citation] = {}
        checked: list[AnswerSentence] = []
        for (sentence, numbers), refusal in zip(sentences, refusals):
            if refusal:  # "the passages do not say when": a remark about the evidence, not a claim
                checked.append(AnswerSentence(sentence, [], True, 1.0))
                continue
            verdict = self._verdict(sentence, numbers, passages)
            if verdict.supported:
                checked.append(AnswerSentence(sentence, [_cite(citations, s) for s in verdict.spans], True, verdict.support))
            elif self.settings.unsupported == "flag":
                # Shown, marked, and citing nothing: its citations did not back it.
                checked.append(AnswerSentence(sentence, [], False, verdict.support))

        if not any(s.supported and s.citations for s in checked):
            # Nothing the model wrote could be verified: answer from the passages instead.
            fallback = self.extractive.answer(question, list(passages))
            fallback.backend = f"{BACKEND}+extractive"
            fallback.warnings.append("The model's answer could not be verified against the passages, so it was replaced by quotes from them.")
            return fallback
        return Answer(question, _render(checked), False, list(citations.values()), checked, BACKEND)

    def _verdict(self, sentence: str, numbers: list[int], passages: Sequence[Passage]) -> grounding.Verdict:
        """The check against what the sentence cites, keeping only citations that back it;
        failing that, against the one retrieved passage that backs it (a repaired [n])."""
        cited = [passages[n - 1] for n in dict.fromkeys(numbers) if 1 <= n <= len(passages)]  # unknown [n] go
        alone = [p for p in cited if grounding.check(sentence, [p]).supported]
        if alone:
            return grounding.check(sentence, alone)
        together = grounding.check(sentence, cited) if cited else None
        if together and together.supported:
            return together
        return self._repair(sentence, passages) or together or grounding.Verdict(False, 0.0, [], ["cites nothing"])

    def _repair(self, sentence: str, passages: Sequence[Passage]) -> grounding.Verdict | None:
        """The verdict against the single retrieved passage that supports the sentence best."""
        verdicts = [grounding.check(sentence, [p]) for p in passages]
        supported = [v for v in verdicts if v.supported]
        return max(supported, key=lambda v: v.support) if supported else None

    def _refuse(self, question: str, passages: Sequence[Passage]) -> Answer:
        closest = self.extractive.answer(question, list(passages))
        return Answer(question, REFUSAL, True, closest.citations[:3], [], BACKEND)


def _cite(citations: dict[tuple[str, int, int], Citation], span: grounding.Span) -> int:
    """The number of the citation quoting `span`, adding it if new."""
    key = (span.passage.doc_id, span.start, span.end)
    if key not in citations:
        citations[key] = Citation(
            n=len(citations) + 1,
            doc_id=span.passage.doc_id,
            title=span.passage.title,
            source=span.passage.source,
            quote=span.text,
            start=span.start,
            end=span.end,
            score=round(span.passage.score, 4),
        )
    return citations[key].n


def _is_refusal(sentence: str, numbers: list[int]) -> bool:
    """A sentence by which the model says the passages do not answer (and cites nothing)."""
    lowered = sentence.lower()
    return not numbers and any(p in lowered for p in MODEL_REFUSALS)


def _render(sentences: list[AnswerSentence]) -> str:
    """The answer text: each sentence with its [n] markers, unverified ones marked as such."""
    parts = []
    for s in sentences:
        marks = "".join(f" [{n}]" for n in s.citations)
        parts.append(s.text + marks + ("" if s.supported else " (unverified)"))
    return " ".join(parts)
