"""How far a judge can be trusted: its balanced accuracy on labelled (claim, evidence)
pairs built from the gold set, where each gold quote supports itself and perturbed copies
of it do not."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from rag.evaluation.cases import GoldCase
from rag.evaluation.judge import Judge

_SWAP_NAMES = ["Germany", "Beijing", "Narendra Modi", "Brazil", "Tokyo", "Angela Merkel"]
_INVENTION = ", and China pledged $5 billion to fund it"


def calibration_pairs(cases: Sequence[GoldCase], seed: int = 13) -> list[dict]:
    """Labelled (claim, evidence) pairs from the gold set: each gold quote supports itself
    and the case's reference answer; perturbed copies (numbers, names, negation, an
    invented addition) and a quote from another case do not."""
    rng = random.Random(seed)
    quotes = [(c.id, g.quote) for c in cases for g in c.gold_passages]
    pairs = []
    for case_id, quote in quotes:
        pairs.append({"kind": "supported", "label": True, "claim": quote, "evidence": [quote]})
        for kind, claim in _perturbations(quote, rng):
            pairs.append({"kind": kind, "label": False, "claim": claim, "evidence": [quote]})
        other = rng.choice([q for cid, q in quotes if cid != case_id])
        pairs.append({"kind": "wrong citation", "label": False, "claim": quote, "evidence": [other]})
    for case in cases:
        if case.reference_answer and case.gold_passages:
            evidence = [g.quote for g in case.gold_passages]
            pairs.append({"kind": "supported (paraphrase)", "label": True, "claim": case.reference_answer, "evidence": evidence})
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


def calibrate(cases: Sequence[GoldCase], judge: Judge) -> dict[str, Any]:
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

