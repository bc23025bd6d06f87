"""The grounding check's figures on real model sentences labelled by hand, offline.

eval/grounding_labels.jsonl holds sentences that real small models wrote over the gold
sets (eval/collect_sentences.py), each with the passages the model was shown and a label
given by reading them: `supported`, `not_supported` or `not_an_answer`. This re-runs the
current check (`rag.reply.read_sentence`: fragment and title filters, then the
grounding check against the sentence's own citations, repaired to another retrieved
passage when that one backs it) on every stored sentence and counts, per model and split
(the seeds' questions count as dev):

- not_supported caught: share the check flags or drops (goal >= 95%);
- supported caught: share the check flags or drops (goal <= 10%);
- not_an_answer: how many the check stops, and how many pass it (those are left to the
  relevance test, which needs the index; its verdict at collection time is in the file).

No model and no index are needed, so a change to the check is measured in seconds:

    python eval/check_labels.py            # the table
    python eval/check_labels.py --misses   # also every sentence the check gets wrong
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# With --rev, the check of another commit is measured: its rag/ is unpacked elsewhere and
# this script re-runs with that copy first on the path (RAG_CHECK_CODE).
sys.path.insert(0, os.environ.get("RAG_CHECK_CODE") or str(ROOT))

try:
    from rag.reply import Reading, read_sentence  # noqa: E402
except ImportError:  # (a --rev before the reading of a reply had a module of its own)
    from rag.generate import Reading, read_sentence  # type: ignore[attr-defined, no-redef]  # noqa: E402
from rag.schema import Passage  # noqa: E402

LABELS_FILE = ROOT / "eval" / "grounding_labels.jsonl"
LABELS = ("supported", "not_supported", "not_an_answer")
# Outcomes by which the check keeps a sentence from being shown as verified. A "cut"
# (unfinished last sentence of a truncated reply) is decided from the reply, as stored.
CAUGHT = {"unsupported", "fragment", "echo", "title", "cut"}


def load(path: Path = LABELS_FILE) -> list[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def passages_of(record: dict[str, Any]) -> list[Passage]:
    """The passages the model was shown, rebuilt exactly."""
    return [
        Passage(chunk_id=p["chunk_id"], doc_id=p["doc_id"], title=p["title"], source=p["source"], text=p["text"],
                start=p["start"], end=p["end"], score=p["score"], section=p.get("section", ""),
                sentences=None if p.get("sentences") is None else tuple(tuple(s) for s in p["sentences"]))
        for p in record["passages"]
    ]


def reread(record: dict[str, Any]) -> Reading:
    """The current check's reading of a stored sentence."""
    if record["outcome"] in {"cut", "empty"}:
        return Reading(record["sentence"], record["markers"], record["outcome"])
    if _TAKES_QUESTION:
        return read_sentence(record["sentence"], record["markers"], passages_of(record), record["query"])
    return read_sentence(record["sentence"], record["markers"], passages_of(record))


_TAKES_QUESTION = "question" in inspect.signature(read_sentence).parameters  # not in older commits


# What the check said when the sentence was collected, in `read_sentence`'s terms (the
# relevance test then set verified sentences "kept" or "off_topic").
_AS_READ = {"kept": "supported", "restated": "supported", "off_topic": "supported", "flagged": "unsupported", "dropped": "unsupported"}


def as_collected(record: dict[str, Any]) -> Reading:
    """The check's reading at collection time, as stored (the figures "before")."""
    return Reading(record["sentence"], record["markers"], _AS_READ.get(record["outcome"], record["outcome"]))


def part(record: dict[str, Any]) -> str:
    """dev (the seeds, tuned on, count as dev), test, or fresh: the test halves of the second
    batch (collected 2026-12-04, docutils and Qwen's perlfaq and debref), labelled after the
    first test half had been read for its misses, and never read for the check's misses."""
    if record.get("split") != "test":
        return "dev"
    return "fresh" if record.get("batch", 1) >= 2 else "test"


def figures(records: Iterable[dict[str, Any]], reader=None) -> dict[tuple[str, str], dict[str, Any]]:
    """(model, split) -> counts per label of sentences caught by the check, with "all"
    rows over models and splits. A "refusal" reading (the model says the passages do not
    answer) is counted as not caught: it is shown, as a remark. `reader` gives the check's
    reading of a record: `reread` (the current check, the default) or `as_collected`."""
    reader = reader or reread
    table: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: {label: [0, 0] for label in LABELS}
                                                             | {"outcomes": defaultdict(int)})
    for record in records:
        if record["outcome"] == "empty":  # a reply with no sentence at all: nothing to label
            continue
        reading = reader(record)
        caught = reading.outcome in CAUGHT
        for model in (record["model"], "all"):
            for split in (part(record), "all"):
                row = table[(model, split)]
                row[record["label"]][0] += caught
                row[record["label"]][1] += 1
                row["outcomes"][(record["label"], reading.outcome)] += 1
    return dict(table)


def rate(pair: list[int]) -> float | None:
    caught, total = pair
    return caught / total if total else None


def shown(records: Iterable[dict[str, Any]]) -> dict[tuple[str, str], dict[str, list[int]]]:
    """As collected, with the relevance test and the fallbacks: (model, split) -> per label,
    [sentences shown to the user as verified, sentences]."""
    table: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: {label: [0, 0] for label in LABELS})
    for record in records:
        if record["outcome"] == "empty":
            continue
        for model in (record["model"], "all"):
            for split in (part(record), "all"):
                table[(model, split)][record["label"]][0] += bool(record["shown_verified"])
                table[(model, split)][record["label"]][1] += 1
    return dict(table)


def misses(records: Iterable[dict[str, Any]]) -> list[tuple[dict[str, Any], Reading]]:
    """Sentences the check gets wrong: not_supported passed, supported caught."""
    wrong = []
    for record in records:
        if record["outcome"] == "empty":
            continue
        reading = reread(record)
        caught = reading.outcome in CAUGHT
        if (record["label"] == "not_supported" and not caught) or (record["label"] == "supported" and caught):
            wrong.append((record, reading))
    return wrong


def cell(pair: list[int]) -> str:
    r = rate(pair)
    return "-" if r is None else f"{r:.1%} ({pair[0]}/{pair[1]})"


def _order(key: tuple[str, str]) -> tuple:
    return key[0] == "all", key[0], {"dev": 0, "test": 1, "fresh": 2}.get(key[1], 3)


def render(table: dict[tuple[str, str], dict[str, Any]],
           columns: tuple[str, str, str] = ("not_supported caught (goal >= 95%)", "supported caught (goal <= 10%)",
                                            "not_an_answer stopped by the check")) -> str:
    lines = [f"| model | split | {' | '.join(columns)} |", "|---|---|---|---|---|"]
    for (model, split) in sorted(table, key=_order):
        row = table[(model, split)]
        lines.append(f"| {model} | {split} | {cell(row['not_supported'])} | {cell(row['supported'])} "
                     f"| {cell(row['not_an_answer'])} |")
    return "\n".join(lines)


SHOWN_COLUMNS = ("not_supported shown as verified", "supported shown as verified", "not_an_answer shown as verified")


def _switch(module: str, name: str, value: Any):
    def off() -> None:
        setattr(sys.modules[module], name, value)
    return off


# Parts of the check that --without turns off, to measure what each adds.
SWITCHES = {
    "unframe": _switch("rag.grounding", "UNFRAME", False),  # "The passage states that" kept as part of the claim
    "clauses": _switch("rag.grounding", "CLAUSES", False),  # no clause-by-clause check
    "identifiers": _switch("rag.grounding", "IDENTIFIERS", False),  # code names not required verbatim
    "repair-bar": _switch(Reading.__module__, "REPAIR_SUPPORT", 0.0),  # a repaired citation needs only support
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", type=Path, default=LABELS_FILE)
    parser.add_argument("--split", choices=("dev", "test", "fresh"), help="only this split (for --misses)")
    parser.add_argument("--misses", action="store_true", help="list the sentences the check gets wrong")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    parser.add_argument("--as-collected", action="store_true",
                        help="the check's verdicts as stored at collection, not re-run (the figures before a change)")
    parser.add_argument("--rev", help="measure the check as it was at this git commit (from 38efd0c on)")
    parser.add_argument("--without", action="append", default=[], choices=sorted(SWITCHES),
                        help="turn this part of the check off, to see what it adds (repeatable)")
    args = parser.parse_args()
    for name in args.without:
        SWITCHES[name]()
    if args.rev:
        with tempfile.TemporaryDirectory() as code:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.rev, "rag"], check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", code], input=archive, check=True)
            argv = [a for i, a in enumerate(sys.argv[1:]) if a != "--rev" and sys.argv[i] != "--rev"
                    and not a.startswith("--rev=")]
            sys.exit(subprocess.run([sys.executable, __file__, *argv], env={**os.environ, "RAG_CHECK_CODE": code}).returncode)
    records = load(args.labels)
    table = figures(records, as_collected if args.as_collected else reread)
    if args.json:
        print(json.dumps({f"{m}/{s}": {label: row[label] for label in LABELS} for (m, s), row in table.items()},
                         indent=1))
    else:
        print(render(table))
        outcomes = table[("all", "all")]["outcomes"]
        print("\nOutcome of the check per label (all models and splits):")
        for (label, outcome), n in sorted(outcomes.items()):
            print(f"  {label:14} {outcome:12} {n}")
        print("\nAs collected, after the relevance test and the fallbacks to quotes (not re-run):\n")
        print(render(shown(records), SHOWN_COLUMNS))
    if args.misses:
        for record, reading in misses([r for r in records if not args.split or part(r) == args.split]):
            verdict = reading.verdict
            print(f"\n[{record['label']} -> {reading.outcome}] {record['model']} {record['set']} {record['id']} "
                  f"({part(record)}) markers {record['markers']}: {record['sentence']}")
            if verdict is not None:
                print(f"   support {verdict.support}; problems: {verdict.problems}")
            if record.get("why"):
                print(f"   why: {record['why']}")


if __name__ == "__main__":
    main()
