"""The grounding evaluation: run the real pipeline on gold questions and score it.

Per question it records the retrieved passages, the answer and these measures:
- retrieval: recall@k (share of gold passages overlapped by a retrieved one) and the
  reciprocal rank of the first retrieved passage that overlaps one;
- correctness: share of the case's key facts found in the answer;
- citation recall and precision as in ALCE (Gao et al. 2023): a sentence counts for
  recall if its citations together support it; a citation is imprecise if it does not
  support its sentence alone while the sentence's other citations still do;
- faithfulness: share of answer sentences supported by the retrieved passages;
- refusals on the questions the corpus does not answer (and on those it does);
- latency per stage.
Supports are decided by a `rag.judge.Judge`, named in every result. `calibrate()` says how
far that judge can be trusted. Reports and thresholds are in `rag.report`.
"""

from __future__ import annotations

import json
import random
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rag.judge import Judge
from rag.schema import Answer, Final, Passage, Passages

RATE_METRICS = ("recall_at_k", "mrr", "correctness", "all_facts", "answer_precision", "citations_exact",
                "citation_recall", "citation_precision", "faithfulness", "flagged")

# What each figure of a summary means (printed in every report).
DEFINITIONS = {
    "recall_at_k": "share of a case's gold passages that a retrieved passage covers (half the quote or more), mean over cases",
    "mrr": "1 / rank of the first retrieved passage covering a gold passage (0 when none), mean over cases",
    "correctness": "share of a case's key facts found in the answer (whole words, case and spacing aside), mean over answerable cases",
    "all_facts": "share of answerable cases whose answer holds every key fact",
    "answer_precision": "share of an answer's sentences that hold a key fact (padding counts against it), mean over answered answerable cases",
    "median_sentences": "median number of sentences in an answer that is not a refusal",
    "citations_exact": "share of citations whose quote is exactly article.text[start:end], mean over cases with citations",
    "citation_recall": "ALCE: share of answer sentences supported by their own citations together (by the judge)",
    "citation_precision": "ALCE: share of citations that are not imprecise (imprecise: does not support its sentence alone while the others do)",
    "faithfulness": "share of answer sentences supported by the retrieved passages (by the judge)",
    "flagged": "share of an answer's sentences the grounding check marked unverified, mean over answers that are not refusals",
    "refusal_recall": "share of unanswerable cases refused",
    "refusal_precision": "share of refusals that were on unanswerable cases",
    "answerable_refused": "number of answerable cases refused",
    "answerable_refused_rate": "share of answerable cases refused",
}


def load_cases(paths: Iterable[Path]) -> list[dict[str, Any]]:
    cases = []
    for path in paths:
        with Path(path).open(encoding="utf-8") as f:
            cases += [json.loads(line) for line in f if line.strip()]
    return cases


def load_sets(path: Path) -> dict[str, dict[str, str]]:
    """The gold sets named in `path` (eval/sets.toml): name -> corpus, cases, about."""
    import tomllib

    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def set_settings(base, name: str):
    """The settings of a gold set's own index: `<data_dir>/eval-sets/<name>`."""
    return base.model_copy(update={"data_dir": base.data_dir / "eval-sets" / name})


def run_set(name: str, spec: dict[str, str], settings, judge_kind: str = "offline", k: int | None = None,
            backend: str | None = None, on_case=None) -> dict[str, Any]:
    """Index a gold set's corpus in its own index (incrementally), then `run` its cases."""
    from rag.assistant import Assistant
    from rag.judge import make_judge

    assistant = Assistant.from_settings(settings, create=True)
    try:
        if backend:
            assistant.configure(backend=backend)
        assistant.ingest([spec["corpus"]], prune=True)
        cases = load_cases([Path(spec["cases"])])
        results = run(assistant, cases, make_judge(judge_kind, settings), k or settings.top_k,
                      on_case=on_case and (lambda case, record: on_case(len(cases))))
        results["backend"] = assistant.settings.backend
        results["set"] = {"name": name, **spec}
        return results
    finally:
        assistant.close()


def run(assistant, cases: Sequence[dict], judge: Judge, k: int, on_case=None) -> dict[str, Any]:
    """Answer every case with the real pipeline and score it."""
    by_source = {s.source: s.doc_id for s in assistant.sources()}
    records = []
    for case in cases:
        history = [(role, text) for h in case.get("history", []) for role, text in (("user", h), ("assistant", ""))]
        passages: list[Passage] = []
        for event in assistant.stream(case["question"], k=k, history=history, with_passages=True):
            match event:
                case Passages(retrieved):
                    passages = retrieved
                case Final():
                    answer = event.answer
        records.append(score_case(case, answer, passages, judge, assistant, by_source))
        if on_case:
            on_case(case, records[-1])
    return {"judge": judge.name, "k": k, "summary": summarize(records), "records": records}


def score_case(case: dict, answer: Answer, passages: list[Passage], judge: Judge, assistant, by_source: dict) -> dict:
    record: dict[str, Any] = {
        "id": case["id"], "category": case.get("category", "other"), "split": case.get("split", ""),
        "question": case["question"],
        "answerable": case.get("answerable", True), "answer": answer.answer, "refused": answer.refused,
        "backend": answer.backend, "citations": [c.__dict__ for c in answer.citations],
        "timings_ms": answer.timings_ms,
        # For tools that score answers themselves (results.jsonl: ragas's columns).
        "contexts": [p.text for p in passages], "reference": case.get("reference_answer", ""),
        "reference_contexts": [g["quote"] for g in case.get("gold_passages", [])],
    }
    gold = _gold_spans(case, assistant, by_source)
    if gold:
        ranks = [i for i, p in enumerate(passages, start=1) if any(_covers(p, g) for g in gold)]
        record["recall_at_k"] = sum(any(_covers(p, g) for p in passages) for g in gold) / len(gold)
        record["mrr"] = 1 / ranks[0] if ranks else 0.0
    facts = case.get("key_facts") or []
    if facts and record["answerable"]:
        found = [f for f in facts if _holds(answer.answer, f)]
        record["correctness"] = len(found) / len(facts)
        record["all_facts"] = float(len(found) == len(facts))
        record["missing_facts"] = [f for f in facts if f not in found]
        if not answer.refused and answer.sentences:
            # Padding counts against an answer: the share of its sentences that hold a key fact.
            useful = [s for s in answer.sentences if any(_holds(s.text, f) for f in facts)]
            record["answer_precision"] = len(useful) / len(answer.sentences)
    if not answer.refused:
        record["sentences"] = len(answer.sentences)
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


def summarize(records: Sequence[dict]) -> dict[str, Any]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        groups["overall"].append(record)
        groups[record["category"]].append(record)
        if record.get("split"):
            groups[f"split:{record['split']}"].append(record)
    return {name: _aggregate(group) for name, group in groups.items()}


def _aggregate(records: Sequence[dict]) -> dict[str, Any]:
    out: dict[str, Any] = {"questions": len(records)}
    for metric in RATE_METRICS:
        values = [r[metric] for r in records if metric in r]
        if values:
            out[metric] = round(statistics.fmean(values), 4)
    unanswerable = [r for r in records if not r["answerable"]]
    refused = [r for r in records if r["refused"]]
    if unanswerable:
        out["refusal_recall"] = round(sum(r["refused"] for r in unanswerable) / len(unanswerable), 4)
    if refused:
        out["refusal_precision"] = round(sum(not r["answerable"] for r in refused) / len(refused), 4)
    answerable = [r for r in records if r["answerable"]]
    if answerable:
        out["answerable_refused"] = sum(r["refused"] for r in answerable)
        out["answerable_refused_rate"] = round(out["answerable_refused"] / len(answerable), 4)
    lengths = [r["sentences"] for r in records if "sentences" in r]
    if lengths:
        median = statistics.median(lengths)
        out["median_sentences"] = int(median) if median == int(median) else median
    for stage in ("retrieve", "generate", "first_token", "total"):
        times = sorted(r["timings_ms"][stage] for r in records if stage in r["timings_ms"])
        if len(times) >= 2:
            cuts = statistics.quantiles(times, n=100)
            out[f"{stage}_ms_p50"], out[f"{stage}_ms_p95"] = round(cuts[49], 1), round(cuts[94], 1)
    return out


def _gold_spans(case: dict, assistant, by_source: dict) -> list[tuple[str, int, int]]:
    spans: list[tuple[str, int, int]] = []
    for gold in case.get("gold_passages", []):
        doc_id = gold.get("doc_id") or by_source.get(gold.get("source", ""))
        article = assistant.article(doc_id) if doc_id else None
        found = find_quote(article.text, gold["quote"]) if article else None
        if found and doc_id:
            spans.append((doc_id, *found))
    return spans


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` is in `text`, spacing aside (gold quotes are written on one line; the
    article may wrap them)."""
    match = re.search(r"\s+".join(map(re.escape, quote.split())), text)
    return match.span() if match else None


def _holds(answer: str, fact: str) -> bool:
    """Does the answer state the fact: its words, whole, in order (not "ort" in "support")?"""
    return re.search(rf"(?<!\w){re.escape(_normal(fact))}(?!\w)", _normal(answer)) is not None


def _covers(passage: Passage, span: tuple[str, int, int]) -> bool:
    """The passage holds at least half of the gold span."""
    doc_id, start, end = span
    overlap = min(passage.end, end) - max(passage.start, start)
    return passage.doc_id == doc_id and overlap >= (end - start) / 2


def _normal(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


# --- judge calibration -------------------------------------------------------------------

_SWAP_NAMES = ["Germany", "Beijing", "Narendra Modi", "Brazil", "Tokyo", "Angela Merkel"]
_INVENTION = ", and China pledged $5 billion to fund it"


def calibration_pairs(cases: Sequence[dict], seed: int = 13) -> list[dict]:
    """Labelled (claim, evidence) pairs from the gold set: each gold quote supports itself
    and the case's reference answer; perturbed copies (numbers, names, negation, an
    invented addition) and a quote from another case do not."""
    rng = random.Random(seed)
    quotes = [(c["id"], g["quote"]) for c in cases for g in c.get("gold_passages", [])]
    pairs = []
    for case_id, quote in quotes:
        pairs.append({"kind": "supported", "label": True, "claim": quote, "evidence": [quote]})
        for kind, claim in _perturbations(quote, rng):
            pairs.append({"kind": kind, "label": False, "claim": claim, "evidence": [quote]})
        other = rng.choice([q for cid, q in quotes if cid != case_id])
        pairs.append({"kind": "wrong citation", "label": False, "claim": quote, "evidence": [other]})
    for case in cases:
        if case.get("reference_answer") and case.get("gold_passages"):
            evidence = [g["quote"] for g in case["gold_passages"]]
            pairs.append({"kind": "supported (paraphrase)", "label": True, "claim": case["reference_answer"], "evidence": evidence})
    return pairs


def _perturbations(quote: str, rng: random.Random) -> list[tuple[str, str]]:
    out = []
    number = re.search(r"\d+", quote)
    if number:
        changed = str(int(number.group()) + rng.randint(2, 9))
        out.append(("number swapped", quote[: number.start()] + changed + quote[number.end() :]))
    name = re.search(r"(?<=\s)[A-Z][a-z]+(?:\s[A-Z][a-z]+)?", quote)
    if name:
        out.append(("name swapped", quote[: name.start()] + rng.choice(_SWAP_NAMES) + quote[name.end() :]))
    negated = re.sub(r"\b(is|are|was|were|will|must|has|have|could|would|can)\b", r"\1 not", quote, count=1)
    out.append(("negated", negated if negated != quote else "It is not true that " + quote[0].lower() + quote[1:]))
    out.append(("invented addition", quote.rstrip(".") + _INVENTION + "."))
    return out


def calibrate(cases: Sequence[dict], judge: Judge) -> dict[str, Any]:
    """The judge's balanced accuracy on the calibration pairs, overall and per kind."""
    by_kind: dict[str, list[bool]] = defaultdict(list)
    positives: list[bool] = []
    negatives: list[bool] = []
    for pair in calibration_pairs(cases):
        said = judge.supports(pair["claim"], pair["evidence"])
        correct = said == pair["label"]
        by_kind[pair["kind"]].append(correct)
        (positives if pair["label"] else negatives).append(correct)
    tpr = sum(positives) / len(positives)
    tnr = sum(negatives) / len(negatives)
    return {
        "judge": judge.name,
        "pairs": len(positives) + len(negatives),
        "balanced_accuracy": round((tpr + tnr) / 2, 4),
        "true_positive_rate": round(tpr, 4),
        "true_negative_rate": round(tnr, 4),
        "accuracy_by_kind": {kind: round(sum(v) / len(v), 4) for kind, v in sorted(by_kind.items())},
    }


# --- drafting cases for another corpus ---------------------------------------------------

GENERATE_PROMPT = """\
Write one question that this passage answers, the short answer, and the key facts (exact
words from the passage) an answer must contain. Reply as JSON:
{{"question": "...", "answer": "...", "key_facts": ["..."]}}

Passage from "{title}":
{passage}"""


def draft_cases(assistant, per_article: int = 5, llm=None) -> list[dict[str, Any]]:
    """Draft gold cases from the ingested corpus, for a maintainer to review: one per
    informative sentence (one naming something or giving a number), a few per article.
    With an LLM the questions are written by it; without, from a template."""
    from rag.grounding import numbers
    from rag.structure import sentences as article_sentences
    from rag.text import names

    drafts = []
    for source in assistant.sources():
        article = assistant.article(source.doc_id)
        sentences = [article.text[a:b] for a, b in article_sentences(article.text, article.body_start)]
        informative = [s for s in sentences if 60 <= len(s) <= 400 and s != article.title and (names(s) or numbers(s))]
        step = max(1, len(informative) // per_article)
        for i, sentence in enumerate(informative[::step][:per_article]):
            case = {"id": f"gen-{source.doc_id[:24]}-{i}", "category": "generated", "draft": True, "answerable": True,
                    "gold_passages": [{"source": source.source, "quote": sentence}]}
            if llm is not None:
                reply = llm.complete([{"role": "user", "content": GENERATE_PROMPT.format(title=source.title, passage=sentence)}])
                try:
                    written = json.loads(reply[reply.index("{") : reply.rindex("}") + 1])
                    case.update(question=written["question"], reference_answer=written["answer"],
                                key_facts=list(written.get("key_facts", [])))
                except (ValueError, KeyError, TypeError):
                    continue  # a reply that is not the JSON asked for is skipped
            else:
                # A run of capitalised words past the first word, else a number and its noun.
                runs = re.findall(r"(?<=\s)[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}", sentence)
                quantity = re.search(r"[$€£]?\d[\d,.]*\s+\w+", sentence)
                shown = runs[0] if runs else (quantity.group() if quantity else sentence.split()[0])
                case.update(question=f"What does “{source.title}” say about {shown}?",
                            reference_answer=sentence, key_facts=[shown])
            drafts.append(case)
    return drafts
