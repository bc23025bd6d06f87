"""A candidate answer sentence, its signals and its score.

A sentence's score is the probability, by a logistic model, that it states the answer. Its
signals, each about [0, 1]:
- coverage: the IDF-weighted share of the question's content words found in the
  sentence (idf from the keyword index, so rare words like names count most);
- context: the same over the sentence and its neighbours, which often hold the
  question's other words ("the barter trials" are named one sentence earlier);
- share: the plain share of the question's words found there (one rare word is not enough);
- similarity: cosine between the question and the sentence's passage (the stored chunk
  vector: embedding each sentence per question would cost ~12 ms a sentence here);
- keyword and position: 1/rank of its passage by keywords, and among the passages retrieved;
- length: log of its length (a short line rarely says a whole fact);
- coverage gap and similarity gap: how far it falls behind the best candidate's.
The weights are fitted (eval/fit_scorer.py) on labelled sentences of several corpora (the
seeds and the dev halves of the other gold sets), not set by hand on one; they live in
rag/models/sentence_scorer.json.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

SCORER = Path(__file__).parent / "models" / "sentence_scorer.json"
# {"bias": b, "weights": {signal: w}}: a sentence's score is sigmoid(b + sum(w * signal)).
MODEL = json.loads(SCORER.read_text())
# The score is multiplied by (1 - UNKNOWN_PENALTY * share of words unknown to the corpus) ** 3
# and by NAME_PENALTY for each name asked about that the text never names. The fitted
# model cannot learn these from a few dozen such questions; their strength was chosen
# with the refusal bar, on the tune cases of every corpus (eval/calibrate_refusal.py).
UNKNOWN_PENALTY = 0.7
NAME_PENALTY = 0.25


@dataclass
class Candidate:
    doc_id: str
    title: str
    source: str
    start: int
    end: int
    text: str
    coverage: float = 0.0
    context: float = 0.0
    share: float = 0.0
    similarity: float = 0.0
    keyword: float = 0.0
    position: float = 0.0
    coverage_gap: float = 0.0
    similarity_gap: float = 0.0
    section: str = ""
    unknown: float = 0.0  # share of the question's words that occur nowhere in the corpus
    missing_names: list[str] = field(default_factory=list)
    code: bool = False  # a code example that a sentence ending in ":" introduces (rag.lists), not a sentence
    asked: bool = False  # a sentence of a FAQ's question ("Q: ..."): it states nothing
    list_lead: str = ""  # of a list's item, the sentence announcing the list ("...the following codes:")
    list_item: int = -1  # of a list's item, where its line starts in the passage (its siblings' differ)
    next_start: int = -1  # where the sentence after it in its paragraph starts (past a line's indent)

    @property
    def length(self) -> float:
        return math.log(max(len(self.text), 1)) / 6

    @property
    def penalty(self) -> float:
        """Words the corpus never uses shrink the score; so does each name asked about that
        the text never names (a question about a named thing is not answered without it)."""
        return (1 - UNKNOWN_PENALTY * self.unknown) ** 3 * NAME_PENALTY ** len(self.missing_names)

    @property
    def score(self) -> float:
        z = MODEL["bias"] + sum(w * getattr(self, name) for name, w in MODEL["weights"].items())
        return self.penalty / (1 + math.exp(-z))
