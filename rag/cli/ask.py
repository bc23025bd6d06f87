"""`rag ask` and `rag chat`: answers streamed as they are written, then shown verified
with their sources."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Annotated

import typer

from rag.cli.app import DocsOption, KOption, app, err, escape, open_assistant, out
from rag.cli.help import Command
from rag.errors import RagError
from rag.prose import as_prose

PassagesOption = Annotated[bool, typer.Option(
    "--passages", help="Also list every passage retrieved (best first), not only those cited (with --json: \"passages\").")]


@app.command(cls=Command, short_help="Answer a question, citing the passages.", epilog="""\
Every sentence cites [n] a passage; the sources show each one's article, character
offsets and quote (on one line here: with --json the quote is exactly the article's
text[start:end], line breaks and all). When the articles do not answer, it says so and
shows the closest passages. The answer is chosen from the -k passages retrieved, so
another -k may give another answer. With RAG_BACKEND=openai an LLM writes the answer
(streamed, then checked).

\b
Examples:
  rag ask "What happened to Russian oil shipments to Pakistan?"
  rag ask --json -k 8 "Where did Putin and Sharif meet?"
  rag ask --doc DOC_ID "Who is the new ambassador?"    one article only
  rag ask --passages "Why was barter approved?"        what the answer was chosen from
""")
def ask(
    question: Annotated[str, typer.Argument(metavar="QUESTION", help="Your question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the Answer as one JSON object.")] = False,
    k: KOption = None,
    doc: DocsOption = None,
    passages: PassagesOption = False,
) -> None:
    """Answer a question from the ingested articles, with numbered citations."""
    with open_assistant(json_errors=as_json) as assistant:
        if as_json:  # (without --passages, not streamed: the Answer as Assistant.ask gives it)
            retrieved, answer = _final(assistant.stream(question, k=k, documents=doc, with_passages=True)) \
                if passages else ([], assistant.ask(question, k=k, documents=doc))
            record = answer.to_dict()
            if passages:
                record["passages"] = [asdict(p) for p in retrieved]  # (as the API's "passages" event)
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            retrieved, answer = _streamed(assistant.stream(question, k=k, documents=doc, with_passages=passages))
            _print_answer(answer)
            _print_passages(retrieved)


@app.command(cls=Command, short_help="Ask one question after another; follow-ups keep the topic.")
def chat(k: KOption = None, doc: DocsOption = None, passages: PassagesOption = False) -> None:
    """Ask one question after another in the terminal (empty line or Ctrl-D to quit)."""
    from rag.followup import recent

    with open_assistant() as assistant:
        out.print("[dim]Ask about the articles; follow-up questions keep the topic. Empty line or Ctrl-D to quit.[/dim]")
        history: list[tuple[str, str]] = []
        while True:
            try:
                question = out.input("[bold]> [/bold]").strip()
            except (EOFError, KeyboardInterrupt):
                out.print()
                break
            if not question:
                break
            try:
                retrieved, answer = _streamed(assistant.stream(question, k=k, documents=doc, history=history,
                                                               with_passages=passages))
            except RagError as e:
                err.print(f"[red]Error:[/red] {escape(str(e))}")
                continue
            _print_answer(answer)
            _print_passages(retrieved)
            history = recent([*history, ("user", answer.question), ("assistant", answer.answer)])


def _final(events):
    """The retrieved passages (when asked for) and the verified Answer of a stream."""
    from rag.schema import Final, Passages

    retrieved = []
    for event in events:
        match event:
            case Passages(found):
                retrieved = found
            case Final(answer):
                return retrieved, answer
    raise RuntimeError("the answer stream ended without an Answer")


def _streamed(events):
    """Show the text live as it is written, then return the retrieved passages (when asked
    for) and the verified Answer (which is printed in its place: unverified sentences
    marked, citations renumbered)."""
    from rich.live import Live
    from rich.text import Text

    from rag.schema import Delta

    text = ""
    with Live("", console=out.get(), transient=True, refresh_per_second=12) as live:

        def shown(events):
            nonlocal text
            for event in events:
                if isinstance(event, Delta):
                    text += event.text
                    live.update(Text(text, style="dim"))
                yield event

        return _final(shown(events))


def _print_passages(retrieved) -> None:
    """Every passage the answer was chosen from, best first: where it is, how it matched
    (embedding similarity, keyword rank) and how it begins."""
    if not retrieved:
        return
    out.print("\n[dim]Retrieved passages, best first:[/dim]")
    for rank, p in enumerate(retrieved, start=1):
        where = f"{p.title} > {p.section}" if p.section else p.title
        matched = ", ".join(filter(None, [f"similarity {p.dense:.2f}" if p.dense is not None else "",
                                          f"keyword rank {p.keyword_rank}" if p.keyword_rank else ""]))
        out.print(f"{rank}. [bold]{escape(where)}[/bold] [dim]({escape(p.source)}, chars {p.start}-{p.end}"
                  f"{'; ' + matched if matched else ''})[/dim]")
        opening = " ".join(p.text.split())
        out.print(f"    {escape(opening[:160] + ('…' if len(opening) > 160 else ''))}")


def _print_answer(answer) -> None:
    for warning in answer.warnings:
        err.print(f"[yellow]Note:[/yellow] {escape(warning)}")
    if answer.search_query and answer.search_query != answer.question:
        out.print(f"[dim]Searched for: {escape(answer.search_query)}[/dim]")  # a follow-up, made standalone
    if answer.refused or not answer.sentences:
        style = "yellow" if answer.refused else "bold"
        out.print(f"[{style}]{escape(answer.answer)}[/{style}]")
    else:
        parts = []
        for s in answer.sentences:
            marks = "".join(f"[{n}]" for n in s.citations)
            if s.supported:
                parts.append(f"[bold]{escape(s.text)}[/bold] [cyan]{escape(marks)}[/cyan]")
            else:
                parts.append(f"[yellow]{escape(s.text)} (unverified: no retrieved passage says this)[/yellow]")
        out.print(" ".join(parts))
    if answer.citations:
        out.print("\n[dim]Closest passages:[/dim]" if answer.refused else "\n[dim]Sources:[/dim]")
    shown = " ".join(answer.answer.split())
    for c in answer.citations:
        where = f"{c.title} > {c.section}" if c.section else c.title
        out.print(f"[cyan][{c.n}][/cyan] [bold]{escape(where)}[/bold] [dim]({escape(c.source)}, chars {c.start}-{c.end})[/dim]")
        quote = as_prose(c.quote)
        if answer.refused or quote not in shown:  # the sources add only what the answer does not show
            out.print(f"    “{escape(quote)}”")
