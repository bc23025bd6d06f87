"""Run the real pipeline on gold cases and score each answer (see `rag.evaluation`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rag.evaluation.cases import GoldCase, load_cases
from rag.evaluation.judge import Judge
from rag.evaluation.metrics import covers, find_quote, holds, summarize
from rag.schema import Answer, Final, Passage, Passages


def run_set(name: str, spec: dict[str, str], settings, judge_kind: str = "offline", k: int | None = None,
            backend: str | None = None, on_case=None, replies: Path | None = None) -> dict[str, Any]:
    """Index a gold set's corpus in its own index (incrementally), then `run` its cases
    (with `replies`, a model's replies are recorded there and replayed: `use_replies`)."""
    from rag.assistant import Assistant
    from rag.evaluation.judge import make_judge

    assistant = Assistant.from_settings(settings, create=True)
    try:
        if backend:
            assistant.configure(backend=backend)
        if replies:
            use_replies(assistant, replies)
        assistant.ingest([spec["corpus"]], prune=True)
        cases = load_cases([Path(spec["cases"])])
        results = run(assistant, cases, make_judge(judge_kind, settings), k or settings.top_k,
                      on_case=on_case and (lambda case, record: on_case(len(cases))))
        results["backend"] = assistant.settings.backend
        results["set"] = {"name": name, **spec}
        return results
    finally:
        assistant.close()


def use_replies(assistant, path: Path) -> None:
    """Have the assistant's model (its settings' backend) answer through a file of recorded
    replies (`rag.evaluation.replies`); nothing changes for the extractive backend."""
    from rag.backends import chat_model
    from rag.evaluation.replies import RecordedReplies

    settings = assistant.settings
    if settings.backend != "extractive":
        assistant.use_llm(RecordedReplies(path, settings, lambda: chat_model(settings)))


def run(assistant, cases: Sequence[GoldCase], judge: Judge, k: int, on_case=None) -> dict[str, Any]:
    """Answer every case with the real pipeline and score it."""
    by_source = {s.source: s.doc_id for s in assistant.sources()}
    records = []
    for case in cases:
        history = [(role, text) for h in case.history for role, text in (("user", h), ("assistant", ""))]
        passages: list[Passage] = []
        for event in assistant.stream(case.question, k=k, history=history, with_passages=True):
            match event:
                case Passages(retrieved):
                    passages = retrieved
                case Final():
                    answer = event.answer
        records.append(score_case(case, answer, passages, judge, assistant, by_source))
        if on_case:
            on_case(case, records[-1])
    return {"judge": judge.name, "k": k, "summary": summarize(records), "records": records}


def score_case(case: GoldCase, answer: Answer, passages: list[Passage], judge: Judge, assistant, by_source: dict) -> dict:
    record: dict[str, Any] = {
        "id": case.id, "category": case.category, "split": case.split,
        "question": case.question,
        "answerable": case.answerable, "answer": answer.answer, "refused": answer.refused,
        "backend": answer.backend, "citations": [c.__dict__ for c in answer.citations],
        "timings_ms": answer.timings_ms,
        # For tools that score answers themselves (results.jsonl: ragas's columns).
        "contexts": [p.text for p in passages], "reference": case.reference_answer,
        "reference_contexts": [g.quote for g in case.gold_passages],
    }
    gold = _gold_spans(case, assistant, by_source)
    if gold:
        ranks = [i for i, p in enumerate(passages, start=1) if any(covers(p, g) for g in gold)]
        record["recall_at_k"] = sum(any(covers(p, g) for p in passages) for g in gold) / len(gold)
        record["mrr"] = 1 / ranks[0] if ranks else 0.0
    facts = case.key_facts
    if facts and record["answerable"]:
        found = [f for f in facts if holds(answer.answer, f)]
        record["correctness"] = len(found) / len(facts)
        record["all_facts"] = float(len(found) == len(facts))
        record["missing_facts"] = [f for f in facts if f not in found]
        if not answer.refused and answer.sentences:
            # Padding counts against an answer: the share of its sentences that hold a key fact.
            useful = [s for s in answer.sentences if any(holds(s.text, f) for f in facts)]
            record["answer_precision"] = len(useful) / len(answer.sentences)
    if not answer.refused:
        record["sentences"] = len(answer.sentences)
        if answer.backend != "extractive" and answer.sentences:
            # How much of the text is the model's, not quotes in its place (all of it when
            # "openai+extractive", or sentences put in or after the model's)?
            quotes = {" ".join(c.quote.split()) for c in answer.citations}
            own = [s for s in answer.sentences if " ".join(s.text.split()) not in quotes]
            record["model_answered"] = 0.0 if "+" in answer.backend else len(own) / len(answer.sentences)
        if answer.sentences:
            record["flagged"] = sum(not s.supported for s in answer.sentences) / len(answer.sentences)
    if assistant is not None and answer.citations:
        articles = {doc_id: assistant.article(doc_id) for doc_id in {c.doc_id for c in answer.citations}}
        exact = [articles[c.doc_id] is not None and articles[c.doc_id].text[c.start : c.end] == c.quote
                 for c in answer.citations]
        record["citations_exact"] = sum(exact) / len(exact)
    if not answer.refused and answer.sentences:
        record.update(_citation_scores(answer, passages, judge))
    return record


def _citation_scores(answer: Answer, passages: list[Passage], judge: Judge) -> dict:
    quotes = {c.n: c.quote for c in answer.citations}
    supported_jointly, precise, total_citations, faithful, verdicts = 0, 0, 0, 0, []
    context = [p.text for p in passages]
    for sentence in answer.sentences:
        cited = [quotes[n] for n in sentence.citations if n in quotes]
        jointly = judge.supports(sentence.text, cited)
        supported_jointly += jointly
        for i, quote in enumerate(cited):
            total_citations += 1
            alone = judge.supports(sentence.text, [quote])
            others = cited[:i] + cited[i + 1 :]
            # ALCE: imprecise = does not support alone, and the rest still support.
            precise += not (not alone and others and judge.supports(sentence.text, others))
        grounded = judge.supports(sentence.text, context)
        faithful += grounded
        verdicts.append({"sentence": sentence.text, "citations": sentence.citations, "supported_by_citations": jointly,
                         "supported_by_passages": grounded})
    n = len(answer.sentences)
    return {
        "citation_recall": supported_jointly / n,
        "citation_precision": precise / total_citations if total_citations else 0.0,
        "faithfulness": faithful / n,
        "verdicts": verdicts,
    }



def _gold_spans(case: GoldCase, assistant, by_source: dict) -> list[tuple[str, int, int]]:
    spans: list[tuple[str, int, int]] = []
    for gold in case.gold_passages:
        doc_id = gold.doc_id or by_source.get(gold.source)
        article = assistant.article(doc_id) if doc_id else None
        found = find_quote(article.text, gold.quote) if article else None
        if found and doc_id:
            spans.append((doc_id, *found))
    return spans

