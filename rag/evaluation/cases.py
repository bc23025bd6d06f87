"""Gold cases: what a line of a case file (eval/*.jsonl) holds, typed, and the gold sets
named in eval/sets.toml. A case names its question, whether the corpus answers it, the
key facts an answer must state and the passages (exact quotes) that hold them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class GoldPassage:
    """A passage that answers a case: an exact quote (spacing aside) of the article at
    `source`, or of the article `doc_id` (feedback cases know the id, not the file)."""

    quote: str
    source: str = ""
    doc_id: str = ""


@dataclass(frozen=True)
class GoldCase:
    id: str
    question: str
    category: str = "other"
    split: str = ""  # "dev" (looked at while tuning) or "test"; the seeds' set has none
    answerable: bool = True
    reference_answer: str = ""
    key_facts: list[str] = field(default_factory=list)
    gold_passages: list[GoldPassage] = field(default_factory=list)
    history: list[str] = field(default_factory=list)  # earlier questions, for follow-ups
    near_domain: bool = False  # unanswerable, but asked in the corpus's own words
    why: str = ""
    draft: bool = False  # drafted by `rag eval generate`, not yet reviewed
    # Fields a case file may add that the harness does not read (a feedback case's
    # reader_comment, rejected_answer, cited_passages): kept, so a case round-trips.
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GoldCase:
        known = {f.name for f in fields(cls)} - {"extra"}
        values = {k: v for k, v in data.items() if k in known}
        # A gold passage's other keys (a note, offsets) are not read, as before cases were typed.
        passage_keys = {f.name for f in fields(GoldPassage)}
        values["gold_passages"] = [GoldPassage(**{k: v for k, v in g.items() if k in passage_keys})
                                   for g in data.get("gold_passages") or []]
        values["key_facts"] = list(data.get("key_facts") or [])
        return cls(**values, extra={k: v for k, v in data.items() if k not in known})

    def to_dict(self) -> dict[str, Any]:
        """As a line of a case file: what every case states, and the other fields where
        they differ from their defaults."""
        defaults = GoldCase(id="", question="")
        out = {f.name: getattr(self, f.name) for f in fields(self)
               if f.name in ("id", "question", "category", "answerable") or getattr(self, f.name) != getattr(defaults, f.name)}
        out.pop("extra", None)
        if "gold_passages" in out:
            out["gold_passages"] = [{k: v for k, v in asdict(g).items() if v} for g in self.gold_passages]
        return {**out, **self.extra}


def load_cases(paths: Iterable[Path]) -> list[GoldCase]:
    cases = []
    for path in paths:
        with Path(path).open(encoding="utf-8") as f:
            cases += [GoldCase.from_dict(json.loads(line)) for line in f if line.strip()]
    return cases


def load_sets(path: Path) -> dict[str, dict[str, str]]:
    """The gold sets named in `path` (eval/sets.toml): name -> corpus, cases, about."""
    import tomllib

    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def all_sets(paths: list[Path]) -> dict[str, dict[str, str]]:
    """The gold sets named in several files (eval/sets.toml, eval/trials.toml), in order."""
    return {name: spec for path in paths for name, spec in load_sets(path).items()}


def set_settings(base, name: str):
    """The settings of a gold set's own index: `<data_dir>/eval-sets/<name>`, always in the
    embedded default (SQLite and Chroma on disk): a shared database holds the one index its
    replicas serve, and every set needs one of its own. (The shared mode's keyword search
    ranks as SQLite's does: tests/test_stores.py.)"""
    return base.model_copy(update={"data_dir": base.data_dir / "eval-sets" / name, "database_url": "", "chroma_url": ""})
