"""Fit the extractive answerer's sentence scorer on labelled sentences of several corpora.

For every case of every set in eval/sets.toml, the real pipeline retrieves passages and
lists their candidate sentences with their signals (`rag.candidates.Candidate.signals`). A
sentence is labelled as answering when it holds one of the case's key facts or is one of
its gold quotes; the sentences of an unanswerable case answer nothing. A logistic model
(L2-regularised, each question weighing the same however many sentences it has) is fitted
on the seeds and the `dev` halves; the `test` halves are only reported. Leave-one-corpus-out
figures (fitted on three corpora, measured on the fourth) show what a new user's corpus
may expect.

    python eval/fit_scorer.py            # figures only
    python eval/fit_scorer.py --write    # also rewrite rag/models/sentence_scorer.json

Figures per corpus: hit@1 (answerable cases whose best-scored sentence answers, among
those where some candidate does), hit@3, and AUC (how well the best sentence's score
tells answerable from unanswerable cases: the refusal bar works on it).
Afterwards, choose the refusal bar again: `python eval/calibrate_refusal.py`.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

from rag.candidates import SCORER
from rag.assistant import Assistant
from rag.config import Settings
from rag.evaluation import GoldCase, all_sets, holds, load_cases, set_settings
from rag.followup import standalone_question

ROOT = Path(__file__).resolve().parent.parent
SIGNALS = ["coverage", "context", "share", "similarity", "keyword", "position", "length",
           "coverage_gap", "similarity_gap"]
L2 = 0.01


def collect(base: Settings, sets_files: list[Path]) -> list[dict]:
    """One row per case: its set, split, answerability and candidates (signals, penalty, label)."""
    rows = []
    for name, spec in all_sets(sets_files).items():
        settings = set_settings(base, name)
        assistant = Assistant.from_settings(settings, create=True)
        try:
            assistant.ingest([ROOT / spec["corpus"]], prune=True)
            for case in load_cases([ROOT / spec["cases"]]):
                history = [(role, text) for h in case.history
                           for role, text in (("user", h), ("assistant", ""))]
                query = standalone_question(case.question, history) if history else case.question
                focus = case.question if query != case.question else None
                candidates = assistant.extractive.score(query, assistant.retrieve(query, k=settings.top_k), focus)
                rows.append({
                    "set": name, "split": "tune" if name == "seeds" or case.split == "dev" else "test",
                    "answerable": case.answerable,
                    "X": np.array([[getattr(c, s) for s in SIGNALS] for c in candidates]).reshape(-1, len(SIGNALS)),
                    "penalty": np.array([c.penalty for c in candidates]),
                    "y": np.array([case.answerable and answers(c.text, case) for c in candidates], dtype=bool),
                })
        finally:
            assistant.close()
    return rows


def answers(sentence: str, case: GoldCase) -> bool:
    said = _plain(sentence)
    return any(holds(sentence, fact) for fact in case.key_facts) or any(
        said in _plain(g.quote) or _plain(g.quote)[:80] in said for g in case.gold_passages)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def fit(rows: list[dict]) -> np.ndarray:
    """Newton's method on the weighted, L2-regularised logistic loss; the last entry is the bias."""
    X = np.vstack([np.hstack([r["X"], np.ones((len(r["X"]), 1))]) for r in rows])
    y = np.concatenate([r["y"] for r in rows]).astype(float)
    weight = np.concatenate([np.full(len(r["X"]), 1 / max(len(r["X"]), 1)) for r in rows])
    ridge = L2 * np.r_[np.ones(X.shape[1] - 1), 0.0]
    beta = np.zeros(X.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-X @ beta))
        gradient = X.T @ (weight * (p - y)) + ridge * beta
        hessian = (X * (weight * p * (1 - p))[:, None]).T @ X + np.diag(ridge + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def scores(row: dict, beta: np.ndarray) -> np.ndarray:
    return row["penalty"] / (1 + np.exp(-(row["X"] @ beta[:-1] + beta[-1])))


def figures(rows: list[dict], beta: np.ndarray) -> dict[str, float]:
    hit1, hit3, reachable, answerable, unanswerable = 0, 0, 0, [], []
    for row in rows:
        s = scores(row, beta) if len(row["X"]) else np.zeros(0)
        best = float(s.max()) if len(s) else 0.0
        (answerable if row["answerable"] else unanswerable).append(best)
        if row["y"].any():
            order = np.argsort(-s)
            reachable += 1
            hit1 += bool(row["y"][order[0]])
            hit3 += bool(row["y"][order[:3]].any())
    pairs = [(a > u) + 0.5 * (a == u) for a in answerable for u in unanswerable]
    return {"hit@1": hit1 / max(reachable, 1), "hit@3": hit3 / max(reachable, 1),
            "auc": float(np.mean(pairs)) if pairs else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"rewrite {SCORER.relative_to(ROOT)}")
    parser.add_argument("--sets-file", type=Path, action="append", help="where the sets are named (repeatable; "
                        "default eval/sets.toml; add eval/trials.toml for the blind trials' sets)")
    args = parser.parse_args()
    rows = collect(Settings(), args.sets_file or [ROOT / "eval" / "sets.toml"])
    names = sorted({r["set"] for r in rows})
    current = json.loads(SCORER.read_text())
    now = np.array([current["weights"].get(s, 0.0) for s in SIGNALS] + [current["bias"]])
    tuned = fit([r for r in rows if r["split"] == "tune"])

    def line(label: str, subset: list[dict], beta: np.ndarray) -> str:
        f = figures(subset, beta)
        return f"{label:<16} " + "  ".join(f"{k} {v:.2f}" for k, v in f.items())

    print(f"{len(rows)} cases, {sum(len(r['X']) for r in rows)} candidate sentences, "
          f"{sum(int(r['y'].sum()) for r in rows)} labelled as answering")
    for name in names:
        for split in ("tune", "test"):
            subset = [r for r in rows if r["set"] == name and r["split"] == split]
            if subset:
                print(line(f"{name} {split}", subset, now), "  (now)")
                print(line("", subset, tuned), "  (fitted on tune)")
    print("leave one corpus out: fitted on the other corpora, measured on all of this one")
    for name in names:
        beta = fit([r for r in rows if r["set"] != name])
        print(line(name, [r for r in rows if r["set"] == name], beta))
    model = {"bias": round(float(tuned[-1]), 4),
             "weights": {s: round(float(w), 4) for s, w in zip(SIGNALS, tuned[:-1])}}
    print(json.dumps(model))
    if args.write:
        SCORER.write_text(json.dumps(model, indent=2) + "\n")
        print(f"wrote {SCORER.relative_to(ROOT)}; now choose the refusal bar: python eval/calibrate_refusal.py")


if __name__ == "__main__":
    main()
