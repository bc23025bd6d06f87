"""Why an answer came out as it did: the passages retrieved, the sentences scored best, the answer.

    RAG_DATA_DIR=... python tools/trace.py "QUESTION" [N]

Prints each passage (fused score, dense similarity, keyword rank, source, section), the N best
candidate sentences with their scores against the refusal bar (RAG_MIN_SUPPORT), then the answer.
"""

from __future__ import annotations

import sys

from rag import Settings
from rag.assistant import Assistant


def main(question: str, shown: int) -> None:
    with Assistant.from_settings(Settings()) as assistant:
        passages = assistant.retrieve(question)
        for rank, p in enumerate(passages, start=1):
            dense = "-" if p.dense is None else f"{p.dense:.3f}"
            print(f"P{rank} {p.score:.4f} dense={dense} keyword={p.keyword_rank} {p.source} [{p.section}]")
            print("    ", " ".join(p.text.split())[:110])
        scored = sorted(assistant.extractive.score(question, passages), key=lambda c: -c.score)
        print(f"bar {assistant.settings.min_support}")
        for c in scored[:shown]:
            print(f"  {c.score:.3f} {' '.join(c.text.split())[:140]}")
        print("ANSWER:", assistant.ask(question).answer)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 12)
