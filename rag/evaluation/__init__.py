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

One module per part:
- `cases`: the gold cases (`GoldCase`), typed, and the gold sets of eval/sets.toml;
- `harness`: answers every case with the real pipeline and scores it;
- `metrics`: what each figure means and how they are summed up;
- `judge`: decides supports (`Judge`), named in every result;
- `calibration`: how far that judge can be trusted;
- `report`: results.json, report.md, the per-question rows, and the thresholds check;
- `drafts`: cases drafted from any corpus, for review;
- `replies`: a model's replies recorded and replayed (`rag eval --replies`).
"""

from __future__ import annotations

from rag.evaluation.calibration import calibrate, calibration_pairs
from rag.evaluation.cases import GoldCase, GoldPassage, all_sets, load_cases, load_sets, set_settings
from rag.evaluation.drafts import draft_cases
from rag.evaluation.harness import run, run_set, score_case, use_replies
from rag.evaluation.metrics import DEFINITIONS, RATE_METRICS, find_quote, holds, summarize

__all__ = [
    "DEFINITIONS", "RATE_METRICS", "GoldCase", "GoldPassage", "calibrate", "calibration_pairs", "draft_cases",
    "all_sets", "find_quote", "holds", "load_cases", "load_sets", "run", "run_set", "score_case", "set_settings", "summarize", "use_replies",
]
