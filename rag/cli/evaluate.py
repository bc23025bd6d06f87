"""`rag eval` and `rag eval generate`: the evaluation harness's command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from rag.cli.app import KOption, app, err, escape, open_assistant, out
from rag.cli.help import Command, Group
from rag.errors import RagError


eval_app = typer.Typer(cls=Group, rich_markup_mode=None,
                       help="Measure whether answers stay correct, cited and grounded (and fail a build when not).",
                       short_help="Measure answers against gold questions (--check for CI).")
app.add_typer(eval_app, name="eval")


@eval_app.callback(invoke_without_command=True)
def evaluate(
    ctx: typer.Context,
    cases: Annotated[Optional[list[Path]], typer.Option("--cases", metavar="FILE", help="Gold cases (JSONL); repeatable. Default: eval/gold.jsonl.")] = None,
    backend: Annotated[Optional[str], typer.Option(metavar="NAME", help="extractive, openai or local (default: RAG_BACKEND).")] = None,
    judge: Annotated[str, typer.Option(metavar="NAME", help="offline (the grounding check) or llm (RAG_LLM_MODEL at the OpenAI-compatible server).")] = "offline",
    out_dir: Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder for results.json, report.md and plots.")] = Path("eval/out"),
    k: KOption = None,
    baseline: Annotated[Optional[Path], typer.Option(metavar="FILE", help="A previous results.json to compare with.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when a metric misses its threshold.")] = False,
    thresholds: Annotated[Path, typer.Option(metavar="FILE", help="Thresholds for --check (TOML).")] = Path("eval/thresholds.toml"),
    calibrate: Annotated[bool, typer.Option("--calibrate", help="Also measure the judge on labelled pairs built from the gold set.")] = False,
    sets: Annotated[Optional[list[str]], typer.Option("--set", metavar="NAME", help="A gold set of eval/sets.toml, each over its own corpus and index (repeatable, or 'all'); reports side by side.")] = None,
    sets_file: Annotated[Path, typer.Option("--sets-file", metavar="FILE", help="Where the gold sets are named.")] = Path("eval/sets.toml"),
    replies: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Record the model's replies in FILE (JSONL) and replay those it holds: a change to the grounding check measured without the model (latency figures are then the replay's).")] = None,
) -> None:
    """Run the pipeline on the gold questions and report retrieval, correctness, citation
    recall/precision (ALCE), faithfulness, refusals and latency, overall and per category."""
    if ctx.invoked_subcommand:
        return
    from rich.progress import Progress

    from rag import evaluation
    from rag.evaluation import report
    from rag.evaluation.judge import make_judge

    if sets:
        _evaluate_sets(sets, sets_file, backend, judge, out_dir, k, check, thresholds, replies)
        return

    paths = cases or [Path("eval/gold.jsonl")]
    for path in [*paths, *([baseline] if baseline else []), *([thresholds] if check else [])]:
        if not path.exists():
            err.print(f"[red]Error:[/red] {escape(str(path))} does not exist")
            raise typer.Exit(1)
    with open_assistant() as assistant:
        if backend:
            assistant.configure(backend=backend)
        if replies:
            evaluation.use_replies(assistant, replies)
        gold = evaluation.load_cases(paths)
        the_judge = make_judge(judge, assistant.settings)
        with Progress(console=err.get(), transient=True) as progress:
            task = progress.add_task("Evaluating", total=len(gold))
            results = evaluation.run(assistant, gold, the_judge, k or assistant.settings.top_k,
                                     on_case=lambda case, record: progress.advance(task))
        results["backend"] = assistant.settings.backend
        if calibrate:
            results["calibration"] = evaluation.calibrate(gold, the_judge)
        previous = json.loads(baseline.read_text(encoding="utf-8")) if baseline else None
        written = report.write(results, out_dir, previous)
    overall = results["summary"]["overall"]
    out.print(f"Judge: {results['judge']}")
    for key, label in report.SHOWN:
        if key in overall:
            out.print(f"  {label:<22} {overall[key]}")
    if calibrate:
        out.print(f"  judge balanced accuracy {results['calibration']['balanced_accuracy']}")
    out.print(f"Report: {written}")
    if check:
        failures = report.check(results["summary"], thresholds)
        for failure in failures:
            err.print(f"[red]below threshold:[/red] {escape(failure)}")
        if failures:
            raise typer.Exit(1)
        out.print("All thresholds met.")


def _evaluate_sets(names: list[str], sets_file: Path, backend, judge: str, out_dir: Path, k, check: bool,
                   thresholds: Path, replies: Path | None = None) -> None:
    """`rag eval --set`: each set's corpus in an index of its own, reports side by side."""
    from rich.progress import Progress

    from rag import evaluation
    from rag.config import Settings
    from rag.evaluation import report

    if not sets_file.exists():
        err.print(f"[red]Error:[/red] {escape(str(sets_file))} does not exist")
        raise typer.Exit(1)
    known = evaluation.load_sets(sets_file)
    chosen = list(known) if "all" in names else names
    for name in chosen:
        if name not in known:
            err.print(f"[red]Error:[/red] no gold set '{escape(name)}' in {sets_file}; known: {', '.join(known)}")
            raise typer.Exit(1)
        if not Path(known[name]["corpus"]).exists():
            err.print(f"[red]Error:[/red] the corpus {known[name]['corpus']} of set '{name}' is missing. "
                      "Run: bash eval/corpora.sh")
            raise typer.Exit(1)
    base = Settings()
    summaries, failures = {}, []
    for name in chosen:
        with Progress(console=err.get(), transient=True) as progress:
            task = progress.add_task(f"Indexing and evaluating {name}", total=None)
            try:
                results = evaluation.run_set(name, known[name], evaluation.set_settings(base, name), judge, k, backend,
                                             on_case=lambda total, task=task: progress.update(task, total=total, advance=1),
                                             replies=replies)
            except RagError as e:
                err.print(f"[red]Error:[/red] {escape(e.message)}")
                raise typer.Exit(1) from None
        report.write(results, out_dir / name)
        summaries[name] = results["summary"]
        if check:
            failures += [f"{name}: {f}" for f in report.check(results["summary"], thresholds, section=name)]
    written = report.write_sets(summaries, known, out_dir)
    out.print(report.sets_table(summaries))
    out.print(f"Report: {written}")
    for failure in failures:
        err.print(f"[red]below threshold:[/red] {escape(failure)}")
    if failures:
        raise typer.Exit(1)
    if check:
        out.print("All thresholds met.")


@eval_app.command("generate", cls=Command, short_help="Draft gold cases from the ingested corpus, for review.")
def evaluate_generate(
    out_file: Annotated[Path, typer.Option("--out", metavar="FILE", help="Where to write the drafted cases (JSONL).")] = Path("eval/drafts.jsonl"),
    per_article: Annotated[int, typer.Option(min=1, metavar="N", help="Cases per article.")] = 5,
    use_llm: Annotated[bool, typer.Option("--llm", help="Have the configured LLM write the questions.")] = False,
) -> None:
    """Draft gold cases (question, key facts, gold passage) from the ingested corpus, for review."""
    from rag.evaluation import draft_cases

    with open_assistant() as assistant:
        llm = None
        if use_llm:
            from rag.llm import LLM

            llm = LLM(assistant.settings)
        drafts = draft_cases(assistant, per_article, llm)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text("".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in drafts), encoding="utf-8")
    out.print(f"{len(drafts)} draft cases written to {out_file}; review them (every one is marked \"draft\": true).")

