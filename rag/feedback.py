"""Readers' thumbs up/down on answers, kept with the full record, and their export as
evaluation cases (a thumbs-down is a question the product got wrong).

One JSON object per line in `feedback.jsonl` under the data directory: appending a line is
atomic enough for one UI process, and the file is easy to read, diff and grep.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from rag.schema import Answer


class FeedbackStore:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "feedback.jsonl"
        self._lock = threading.Lock()

    def add(self, answer: Answer, rating: int, comment: str = "") -> dict[str, Any]:
        """Record +1 (helpful) or -1 (wrong or unhelpful) for an answer."""
        if rating not in (1, -1) or isinstance(rating, bool):
            raise ValueError("the rating is 1 (helpful) or -1 (wrong or unhelpful)")
        record = {
            "id": uuid.uuid4().hex,
            "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "rating": rating,
            "comment": comment.strip(),
            "question": answer.question,
            "answer": answer.to_dict(),
        }
        # Encoded before anything is written: text that cannot be UTF-8 (a lone surrogate
        # sent through the API) is a ValueError, never half a line.
        try:
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("the answer or comment is not valid Unicode (a lone surrogate)") from None
        self._append(record, line)
        return record

    def _append(self, record: dict[str, Any], line: bytes) -> None:
        """Store one record (`line` is it as JSON, encoded)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("ab") as f:
            f.write(line)  # one append of the whole line

    def all(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def version(self) -> tuple:
        """Changes whenever a record is added (for readers that cache what they read)."""
        stat = self.path.stat() if self.path.exists() else None
        return (str(self.path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)

    def eval_cases(self, negative_only: bool = True) -> list[dict[str, Any]]:
        """Feedback as evaluation cases: the question, what was answered, what the reader
        said, and the passages that were cited, for a maintainer to complete."""
        cases = []
        for record in self.all():
            if negative_only and record["rating"] != -1:
                continue
            answer = record["answer"]
            cases.append({
                "id": f"feedback-{record['id'][:12]}",
                "category": "feedback",
                "question": record["question"],
                "reader_comment": record["comment"],
                "rejected_answer": answer["answer"],
                "refused": answer["refused"],
                "cited_passages": [
                    {"doc_id": c["doc_id"], "quote": c["quote"], "start": c["start"], "end": c["end"]}
                    for c in answer["citations"]
                ],
            })
        return cases
