"""The cases whose answers differ between two `rag eval --set ...` output folders.

    python tools/eval_diff.py OLD_OUT NEW_OUT

For each gold or trial set in both (their `<set>/results.json`), prints every case whose answer
or refusal changed, with its key facts found and answer precision before and after: what a
change to the answerer did, case by case, beside the summary `sets.md` gives.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def records(folder: Path) -> dict[str, dict]:
    return {r["id"]: r for r in json.loads((folder / "results.json").read_text(encoding="utf-8"))["records"]}


def main(old: Path, new: Path) -> None:
    for folder in sorted(p for p in old.iterdir() if (p / "results.json").exists() and (new / p.name / "results.json").exists()):
        before, after = records(folder), records(new / folder.name)
        for case, was in before.items():
            now = after.get(case)
            if now is None or (was["answer"], was["refused"]) == (now["answer"], now["refused"]):
                continue
            print(f"== {folder.name} {case} [{was['split']}] {was['question']}")
            print(f"   key facts {was.get('all_facts')} -> {now.get('all_facts')}, precision "
                  f"{was.get('answer_precision')} -> {now.get('answer_precision')}, refused {was['refused']} -> {now['refused']}")
            print("   before:", " ".join(str(was["answer"]).split())[:300])
            print("   after: ", " ".join(str(now["answer"]).split())[:300])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
