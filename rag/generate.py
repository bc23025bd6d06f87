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
from dataclasses import replace

from rag import grounding
from rag.answer import REFUSAL, Candidate, ExtractiveAnswerer
from rag.config import Settings
from rag.llm import LLM
from rag.prompts import MODEL_REFUSALS, answer_messages
from rag.schema import Answer, AnswerSentence, Citation, Passage
from rag.text import terms

BACKEND = "openai"
# A generated sentence answers when its evidence scores this share of the extractive
# answer's bar: the model may phrase what the words of the question do not match.
RELEVANCE_SHARE = 0.5
# When the passages hold a sentence the extractive answer would give, the evidence of one
# of the model's sentences must hold at least this share of what that sentence holds of
# the question's rare words (IDF-weighted coverage), or the quotes are the answer.
MISSED_RATIO = 0.75


class GenerativeAnswerer:
    name = BACKEND

    def __init__(self, llm: LLM, settings: Settings, extractive: ExtractiveAnswerer) -> None:
        self.llm = llm
        # Answer.backend: "openai", or what another model behind the same seam calls itself
        # (rag.llamaindex.LlamaIndexLLM: "llama-index").
        self.name = getattr(llm, "backend", BACKEND)
        self.settings = settings
        self.extractive = extractive

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str | Answer]:
        """Text deltas as the model writes them, then the verified Answer."""
        if not passages:
            yield from self.extractive.stream(question, passages)
            return
        parts = []
        stream = self.llm.stream(answer_messages(question, passages))
        for delta in stream:
            parts.append(delta)
            yield delta
        yield self.verify(question, "".join(parts), passages, truncated=stream.truncated)

    def answer(self, question: str, passages: list[Passage]) -> Answer:
        if not passages:
            return self.extractive.answer(question, passages)
        reply = self.llm.reply(answer_messages(question, passages))
        return self.verify(question, reply.text, passages, truncated=reply.truncated)

    def verify(self, question: str, text: str, passages: Sequence[Passage], truncated: bool = False) -> Answer:
        sentences = grounding.cited_sentences(text)
        if truncated and sentences and not sentences[-1][0].endswith((".", "!", "?", "]", ")", '"', "”")):
            sentences.pop()  # cut off mid-sentence by the token cap or the time limit
        titles = {" ".join(p.title.lower().split()) for p in passages}
        # A title, "Passages:", "1." or "They're the" says nothing that could be checked.
        sentences = [(sentence, numbers) for sentence, numbers in sentences
                     if _says_something(sentence) and " ".join(sentence.lower().strip(".:").split()) not in titles]
        if not sentences:
            # Nothing but markers, titles or fragments: the model pointed without saying.
            return self._fallback(question, passages, "The model's reply held no sentence to check, so the answer "
                                                      "is quoted from the passages instead.")
        refusals = [_is_refusal(sentence, numbers) for sentence, numbers in sentences]
        if all(refusals):
            return self._refuse(question, passages)

        citations: dict[tuple[str, int, int], Citation] = {}
        checked: list[AnswerSentence] = []
        supplied = 0  # sentences whose citations the check found, not the model
        covered = 0.0  # the most of the question's rare words one verified sentence's evidence holds
        for (sentence, numbers), refusal in zip(sentences, refusals):
            if refusal:  # "the passages do not say when": a remark about the evidence, not a claim
                checked.append(AnswerSentence(sentence, [], True, 1.0))
                continue
            verdict = self._verdict(sentence, numbers, passages)
            if verdict.supported:
                fit = self._fit(question, sentence, verdict.spans)
                if fit is None or fit.score < self.settings.min_support * RELEVANCE_SHARE:
                    continue  # true to its passage, but not an answer to this question
                covered = max(covered, fit.coverage)
                supplied += not set(numbers) & {_number_of(s.passage, passages) for s in verdict.spans}
                checked.append(AnswerSentence(sentence, [_cite(citations, s) for s in verdict.spans], True, verdict.support))
            elif self.settings.unsupported == "flag":
                # Shown, marked, and citing nothing: its citations did not back it.
                checked.append(AnswerSentence(sentence, [], False, verdict.support))

        if not any(s.supported and s.citations for s in checked):
            # Nothing the model wrote could be verified as an answer: answer from the passages.
            return self._fallback(question, passages, "The model's answer could not be verified against the "
                                                      "passages, so it was replaced by quotes from them.")
        quoted = max(self.extractive.score(question, list(passages)), key=lambda c: c.score, default=None)
        if quoted and quoted.score >= self.settings.min_support and covered < MISSED_RATIO * quoted.coverage:
            # Never worse than the offline answer: the model wrote true sentences around a
            # passage that answers far better ("oil shipments" answered with wheat exports).
            return self._fallback(question, passages, "The model's answer missed the passage that answers best, "
                                                      "so the answer is quoted from the passages instead.")
        answer = Answer(question, _render(checked), False, list(citations.values()), checked, self.name)
        if supplied:
            answer.warnings.append(f"The citations of {supplied} sentence{'s' * (supplied > 1)} were found by the "
                                   "grounding check, not given by the model.")
        return answer

    def _fit(self, question: str, sentence: str, spans: Sequence[grounding.Span]) -> Candidate | None:
        """How well the evidence of a sentence answers the question, not only backs the
        sentence ("Who is the prime minister of India?" is not answered by a true sentence
        about Pakistan): the evidence sentence that shares most words with it, scored as the
        extractive answer scores its candidates. (A span may hold a neighbour that says more.)"""
        evidence = [replace(s.passage, text=s.text, start=s.start, end=s.end, sentences=None) for s in spans]
        said = set(terms(sentence))
        return max(self.extractive.score(question, evidence), key=lambda c: (len(said & set(terms(c.text))), c.score),
                   default=None)

    def _fallback(self, question: str, passages: Sequence[Passage], why: str) -> Answer:
        fallback = self.extractive.answer(question, list(passages))
        fallback.backend = f"{self.name}+extractive"
        fallback.warnings.append(why)
        return fallback

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
        return Answer(question, REFUSAL, True, closest.citations[:3], [], self.name)


def _says_something(sentence: str) -> bool:
    """At least two content words, or one in a sentence of three words or more: not "1."
    or "Passages:"."""
    found = terms(sentence)
    return len(found) >= 2 or (len(found) == 1 and len(sentence.split()) >= 3)


def _number_of(passage: Passage, passages: Sequence[Passage]) -> int:
    return next(n for n, p in enumerate(passages, start=1) if p is passage)


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
