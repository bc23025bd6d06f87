"""The figures of an evaluation: what each means, how a question's figures are summed up
per category and split, and the text matching they rest on (does an answer state a key
fact, does a retrieved passage cover a gold quote). Nothing here runs the pipeline."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from rag.schema import Passage

RATE_METRICS = ("recall_at_k", "mrr", "correctness", "all_facts", "answer_precision", "citations_exact",
                "citation_recall", "citation_precision", "faithfulness", "flagged", "model_answered")

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
    "model_answered": "with a model: share of an answer's sentences written by the model, not a passage sentence quoted in or after its text (a copy counts as a quote), mean over answers that are not refusals",
    "refusal_recall": "share of unanswerable cases refused",
    "refusal_precision": "share of refusals that were on unanswerable cases",
    "answerable_refused": "number of answerable cases refused",
    "answerable_refused_rate": "share of answerable cases refused",
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



def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` is in `text`, spacing aside (gold quotes are written on one line; the
    article may wrap them)."""
    match = re.search(r"\s+".join(map(re.escape, quote.split())), text)
    return match.span() if match else None


def holds(answer: str, fact: str) -> bool:
    """Does the answer state the fact: its words, whole, in order (not "ort" in "support")?"""
    return re.search(rf"(?<!\w){re.escape(normalize(fact))}(?!\w)", normalize(answer)) is not None


def covers(passage: Passage, span: tuple[str, int, int]) -> bool:
    """The passage holds at least half of the gold span."""
    doc_id, start, end = span
    overlap = min(passage.end, end) - max(passage.start, start)
    return passage.doc_id == doc_id and overlap >= (end - start) / 2


# A contraction says what its words say: "isn't part of" is stated by "is not part of".
_CONTRACTION = re.compile(r"\b(\w+)n't\b")
_CONTRACTED = {"ca": "can", "wo": "will", "sha": "shall", "ai": "am"}  # (can't, won't, shan't, ain't)


def normalize(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = _CONTRACTION.sub(lambda m: f"{_CONTRACTED.get(m[1], m[1])} not", text.replace("cannot", "can not"))
    return " ".join(text.split())

