"""Evaluation outputs: results.json (every figure and per-question record), report.md
(summary per category, comparison with a baseline run, per-question rows, plots), the
per-question rows for other tools (results.jsonl in ragas's columns, results.csv for a
spreadsheet), and the threshold check that fails a build."""

from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path
from typing import Any

from rag.evaluation.metrics import DEFINITIONS

SHOWN = [
    ("recall_at_k", "retrieval recall@k"), ("mrr", "MRR"), ("correctness", "correctness"),
    ("citation_recall", "citation recall"), ("citation_precision", "citation precision"),
    ("faithfulness", "faithfulness"), ("refusal_recall", "refusal recall"),
    ("refusal_precision", "refusal precision"), ("answerable_refused", "answerable refused"),
    ("flagged", "sentences flagged unverified"), ("model_answered", "sentences written by the model"),
    ("first_token_ms_p50", "time to first token p50 ms"),
    ("total_ms_p50", "latency p50 ms"), ("total_ms_p95", "latency p95 ms"),
]
# For these, lower is better.
LOWER_IS_BETTER = {"answerable_refused", "answerable_refused_rate", "median_sentences", "total_ms_p50",
                   "total_ms_p95", "retrieve_ms_p50", "retrieve_ms_p95", "generate_ms_p50", "generate_ms_p95",
                   "flagged", "first_token_ms_p50", "first_token_ms_p95"}


def write(results: dict[str, Any], out: Path, baseline: dict[str, Any] | None = None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    write_rows(results["records"], out)
    plots = _plots(results, out)
    lines = ["# Grounding evaluation\n", f"Judge: **{results['judge']}** · top-k {results['k']} · "
             f"backend {results.get('backend', '?')} · {results['summary']['overall']['questions']} questions\n"]
    if "calibration" in results:
        c = results["calibration"]
        lines.append(f"Judge calibration: balanced accuracy **{c['balanced_accuracy']}** on {c['pairs']} labelled pairs "
                     f"({', '.join(f'{k} {v}' for k, v in c['accuracy_by_kind'].items())}).\n")
    lines += ["## Summary\n", _summary_table(results["summary"])]
    if baseline:
        lines += ["\n## Against the baseline\n", _comparison(baseline["summary"]["overall"], results["summary"]["overall"])]
    for plot in plots:
        lines.append(f"\n![{plot.stem}]({plot.name})\n")
    lines += _definitions()
    lines += ["\n## Questions\n", "| id | category | question | answer | refused | correctness | citations ok |",
              "|---|---|---|---|---|---|---|"]
    for r in results["records"]:
        answer = r["answer"].replace("|", "\\|").replace("\n", " ")
        answer = answer if len(answer) < 220 else answer[:220] + "…"
        lines.append(f"| {r['id']} | {r['category']} | {r['question']} | {answer} | {'yes' if r['refused'] else ''} "
                     f"| {_fmt(r.get('correctness'))} | {_fmt(r.get('citation_recall'))} |")
    report = out / "report.md"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return report


# Per-question figures, in the order a spreadsheet shows them (see DEFINITIONS).
ROW_FIGURES = ["correctness", "all_facts", "answer_precision", "sentences", "flagged", "citation_recall",
               "citation_precision", "faithfulness", "citations_exact", "recall_at_k", "mrr"]


def write_rows(records: list[dict[str, Any]], out: Path) -> None:
    """results.jsonl: a line per question with ragas's sample columns (user_input,
    response, retrieved_contexts, reference, reference_contexts: `EvaluationDataset.
    from_jsonl` reads it) beside ours; results.csv: the same as flat columns."""
    rows = [_row(r) for r in records]
    with (out / "results.jsonl").open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    flat = ["id", "category", "split", "answerable", "user_input", "response", "refused", *ROW_FIGURES,
            "total_ms", "reference", "missing_facts", "cited"]
    with (out / "results.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, flat, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "missing_facts": "; ".join(row["missing_facts"]),
                             "cited": " | ".join(f"[{c['n']}] {c['source']}: {c['quote']}" for c in row["citations"])})


def _row(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "user_input": record["question"], "response": record["answer"],
        "retrieved_contexts": record.get("contexts", []), "reference": record.get("reference", ""),
        "reference_contexts": record.get("reference_contexts", []),
        "id": record["id"], "category": record["category"], "split": record["split"],
        "answerable": record["answerable"], "refused": record["refused"], "backend": record["backend"],
        **{key: record.get(key) for key in ROW_FIGURES},
        "total_ms": record.get("timings_ms", {}).get("total"),
        "missing_facts": record.get("missing_facts", []),
        "citations": [{k: c[k] for k in ("n", "doc_id", "source", "quote", "start", "end")} for c in record["citations"]],
    }


def check(summary: dict[str, Any], thresholds_file: Path, section: str | None = None) -> list[str]:
    """Every metric that misses its threshold, as a sentence; empty when all pass. With
    `section`, the bounds are those of that table ([git.overall] for the set git)."""
    thresholds = tomllib.loads(thresholds_file.read_text(encoding="utf-8"))
    if section is not None:
        thresholds = thresholds.get(section, {})
    else:
        thresholds = {group: limits for group, limits in thresholds.items()
                      if all(not isinstance(v, dict) for v in limits.values())}
    failures = []
    for group, limits in thresholds.items():
        figures = summary.get(group, {})
        for metric, limit in limits.items():
            value = figures.get(metric)
            worse = value is None or (value > limit if metric in LOWER_IS_BETTER else value < limit)
            if worse:
                bound = "at most" if metric in LOWER_IS_BETTER else "at least"
                failures.append(f"{group} {metric} = {value} (needs {bound} {limit})")
    return failures


SET_ROWS = [
    ("recall_at_k", "retrieval recall@k"), ("mrr", "MRR"), ("correctness", "correctness"),
    ("all_facts", "answers with every key fact"), ("answer_precision", "answer precision"),
    ("median_sentences", "median answer sentences"), ("citations_exact", "citations exact"),
    ("citation_recall", "citation recall"), ("refusal_recall", "unanswerable refused"),
    ("answerable_refused_rate", "answerable refused"), ("flagged", "sentences flagged unverified"),
    ("model_answered", "sentences written by the model"),
    ("first_token_ms_p50", "time to first token p50 ms"), ("total_ms_p50", "latency p50 ms"),
    ("total_ms_p95", "latency p95 ms"),
]


def sets_table(summaries: dict[str, dict[str, Any]]) -> str:
    """One column per gold set and split (overall, dev, test), one row per figure."""
    columns = [(name, group) for name, summary in summaries.items()
               for group in ("overall", "split:dev", "split:test") if group in summary]
    head = [f"{name}" if group == "overall" else f"{name} {group[6:]}" for name, group in columns]
    rows = ["| metric | " + " | ".join(head) + " |", "|---|" + "---|" * len(columns)]
    for key, label in SET_ROWS:
        rows.append(f"| {label} | " + " | ".join(_fmt(summaries[n][g].get(key)) for n, g in columns) + " |")
    rows.append("| questions | " + " | ".join(str(summaries[n][g]["questions"]) for n, g in columns) + " |")
    return "\n".join(rows)


def write_sets(summaries: dict[str, dict[str, Any]], known: dict[str, dict[str, str]], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    lines = ["# Grounding evaluation, per gold set\n"]
    lines += [f"- **{name}**: {known[name].get('about', '')} ({known[name]['corpus']}, {known[name]['cases']}); "
              f"details in [{name}/report.md]({name}/report.md)" for name in summaries]
    lines += ["", sets_table(summaries), *_definitions()]
    report = out / "sets.md"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "sets.json").write_text(json.dumps(summaries, indent=1), encoding="utf-8")
    return report


def _definitions() -> list[str]:
    return ["\n## What the figures mean\n"] + [f"- **{key}**: {text}" for key, text in DEFINITIONS.items()]


def _summary_table(summary: dict[str, Any]) -> str:
    groups = ["overall"] + sorted(g for g in summary if g != "overall")
    rows = ["| metric | " + " | ".join(groups) + " |", "|---|" + "---|" * len(groups)]
    for key, label in SHOWN:
        rows.append(f"| {label} | " + " | ".join(_fmt(summary[g].get(key)) for g in groups) + " |")
    return "\n".join(rows)


def _comparison(before: dict[str, Any], now: dict[str, Any]) -> str:
    rows = ["| metric | baseline | now | change |", "|---|---|---|---|"]
    for key, label in SHOWN:
        a, b = before.get(key), now.get(key)
        if a is None or b is None:
            continue
        better = (b < a) if key in LOWER_IS_BETTER else (b > a)
        change = "same" if a == b else ("better" if better else "worse")
        rows.append(f"| {label} | {_fmt(a)} | {_fmt(b)} | {change} ({b - a:+.3g}) |")
    return "\n".join(rows)


def _fmt(value) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _plots(results: dict[str, Any], out: Path) -> list[Path]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []  # plots need the eval extra: pip install 'rag[eval]'
    summary = results["summary"]
    categories = sorted(g for g in summary if g != "overall")
    metrics = [("recall_at_k", "recall@k"), ("correctness", "correctness"), ("citation_precision", "cit. precision"),
               ("faithfulness", "faithfulness")]
    fig, ax = plt.subplots(figsize=(10, 4))
    width = 0.8 / len(metrics)
    for i, (key, label) in enumerate(metrics):
        values = [summary[c].get(key, 0) or 0 for c in categories]
        ax.bar([x + i * width for x in range(len(categories))], values, width, label=label)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(categories))], categories, rotation=20)
    ax.set_ylim(0, 1.05)
    ax.set_title(f"Metrics per category (judge: {results['judge']})")
    ax.legend(fontsize=8)
    fig.tight_layout()
    bars = out / "metrics-by-category.png"
    fig.savefig(bars)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist([r["timings_ms"].get("total", 0) for r in results["records"]], bins=20)
    ax.set_xlabel("end-to-end latency (ms)")
    ax.set_ylabel("questions")
    fig.tight_layout()
    latency = out / "latency.png"
    fig.savefig(latency)
    plt.close(fig)
    return [bars, latency]
