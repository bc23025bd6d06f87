"""Calibrate the extractive answerer's refusal bar (`RAG_MIN_SUPPORT`) across corpora.

For every case a bar may be tuned on (all of the seeds' gold set, and the `dev` cases of
the other sets of eval/sets.toml), the real pipeline retrieves passages and scores their
sentences; the case's figure is its best sentence's support. A bar answers the cases at
or above it. The bar chosen maximises balanced accuracy (answerable answered,
unanswerable refused) averaged over the corpora, each weighing the same, so that no one
corpus sets it. The `test` cases are shown only in aggregate, for the bar chosen.

    python eval/calibrate_refusal.py
"""

from __future__ import annotations

import statistics
from pathlib import Path

from rag.assistant import Assistant
from rag.config import Settings
from rag.evaluation import load_cases, load_sets, set_settings
from rag.followup import standalone_question

ROOT = Path(__file__).resolve().parent.parent


def best_supports(name: str, spec: dict, base: Settings) -> list[tuple[str, bool, float]]:
    """(split, answerable, best sentence's support) per case of one set."""
    settings = set_settings(base, name)
    assistant = Assistant.from_settings(settings, create=True)
    try:
        assistant.ingest([ROOT / spec["corpus"]], prune=True)
        rows = []
        for case in load_cases([ROOT / spec["cases"]]):
            history = [(role, text) for h in case.get("history", []) for role, text in (("user", h), ("assistant", ""))]
            query = standalone_question(case["question"], history) if history else case["question"]
            focus = case["question"] if query != case["question"] else None
            candidates = assistant.extractive.score(query, assistant.retrieve(query, k=settings.top_k), focus)
            split = "tune" if name == "seeds" or case.get("split") == "dev" else "test"
            rows.append((split, case["answerable"], max((c.score for c in candidates), default=0.0)))
        return rows
    finally:
        assistant.close()


def balanced(rows: list[tuple[str, bool, float]], bar: float) -> tuple[float, float, float]:
    """(balanced accuracy, share of answerable answered, share of unanswerable refused)."""
    answered = [s >= bar for _, a, s in rows if a]
    refused = [s < bar for _, a, s in rows if not a]
    tpr, tnr = statistics.fmean(answered or [1.0]), statistics.fmean(refused or [1.0])
    return (tpr + tnr) / 2, tpr, tnr


def main() -> None:
    base = Settings()
    sets = {name: best_supports(name, spec, base) for name, spec in load_sets(ROOT / "eval" / "sets.toml").items()}
    bars = [round(0.30 + 0.01 * i, 2) for i in range(41)]

    def score(bar: float) -> float:
        return statistics.fmean(balanced([r for r in rows if r[0] == "tune"], bar)[0] for rows in sets.values())

    chosen = max(bars, key=lambda b: (round(score(b), 4), -abs(b - base.min_support)))
    print(f"bar now {base.min_support}: mean balanced accuracy over corpora {score(base.min_support):.3f}")
    print(f"bar chosen {chosen}: mean balanced accuracy over corpora {score(chosen):.3f}")
    for name, rows in sets.items():
        for split in ("tune", "test"):
            part = [r for r in rows if r[0] == split]
            if part:
                for bar in (base.min_support, chosen):
                    ba, tpr, tnr = balanced(part, bar)
                    print(f"  {name:<8} {split:<4} bar {bar}: answerable answered {tpr:.2f}, unanswerable refused {tnr:.2f}")


if __name__ == "__main__":
    main()
