"""Collect a real model's answer sentences over the gold sets, with what the grounding
check decided about each, for labelling by hand (eval/grounding_labels.jsonl).

For every case of every set in eval/sets.toml it retrieves the passages as `rag` does,
asks the model through the openai backend (any OpenAI-compatible server; here llama.cpp's,
see eval/local_llm.sh), and hands the raw reply to `GenerativeAnswerer.verify`, which
reports each sentence's `rag.reply.Reading`. One JSON line per sentence of the raw
reply (as `rag.grounding.cited_sentences` parses it, before any fallback): the set, case,
split, question, model, the sentence and its markers, the passages shown to the model
(enough to rebuild them exactly), the check's verdict and the sentence's fate, and how the
whole answer ended (answered, fell back to quotes, refused). A reply with no sentence at
all gets one line with an empty sentence, so the case is not lost.

    bash eval/local_llm.sh serve qwen 18431 &
    python eval/collect_sentences.py --url http://127.0.0.1:18431/v1 --model qwen \\
        --out eval/out/sentences-qwen.jsonl

Or in process, from replies `rag eval --replies` recorded with the same model and prompt
(no model runs unless a reply is missing):

    python eval/collect_sentences.py --gguf .models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf \\
        --model qwen --replies qwen-replies.jsonl --out eval/out/sentences-qwen.jsonl

(`seconds` is then the replay's; the replies' keys hold the model, token cap, temperature
and prompt, so give the --max-tokens the replies were recorded with: a reply not found is
made by the model, and the counts printed at the end say how many were.)

It appends, and skips the cases already in --out (a killed run resumes). It does not
label: labels are a person's reading of the passages (eval/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.assistant import MAX_QUESTION_CHARS, Assistant  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.evaluation import load_cases, load_sets, set_settings, use_replies  # noqa: E402
from rag.followup import searches  # noqa: E402
from rag.reply import Reading  # noqa: E402
from rag.questions import retrieve_all  # noqa: E402
from rag.prompts import answer_messages  # noqa: E402
from rag.schema import Answer, Passage  # noqa: E402


def passage_record(n: int, p: Passage) -> dict[str, Any]:
    """A passage as shown to the model, enough to rebuild the `Passage` exactly."""
    return {"n": n, "chunk_id": p.chunk_id, "doc_id": p.doc_id, "title": p.title, "source": p.source,
            "section": p.section, "start": p.start, "end": p.end, "text": p.text, "score": round(p.score, 6),
            "sentences": [list(s) for s in p.sentences] if p.sentences is not None else None}


def answer_outcome(answer: Answer) -> str:
    if answer.refused:
        return "refused"
    return "fallback" if answer.backend.endswith("+extractive") else "answered"


def sentence_record(reading: Reading, answer: Answer) -> dict[str, Any]:
    verdict = reading.verdict
    return {
        "sentence": reading.text,
        "markers": reading.markers,
        "outcome": reading.outcome,
        "supported": None if verdict is None else verdict.supported,
        "support": None if verdict is None else verdict.support,
        "problems": [] if verdict is None else verdict.problems,
        "verified_by": reading.cited,
        "relevance": reading.relevance,
        # Shown to the user as a verified sentence of the model's answer.
        "shown_verified": reading.outcome == "kept" and answer_outcome(answer) == "answered",
    }


def collect(url: str | None, model: str, out: Path, data_dir: Path, sets: list[str], max_tokens: int,
            limit: int | None, every: int = 1, gguf: Path | None = None, replies: Path | None = None) -> int:
    done = set()
    if out.exists():
        done = {(r["set"], r["id"], r["model"]) for r in map(json.loads, out.read_text().splitlines()) if r}
    written = replayed = recorded = 0
    model_settings = ({"backend": "local", "llm_gguf": gguf, "llm_threads": 1} if gguf else
                      {"backend": "openai", "openai_base_url": url, "llm_model": model})
    base = Settings(_env_file=None, data_dir=data_dir, llm_timeout=900, llm_max_retries=0, llm_fallback=False,
                    llm_max_tokens=max_tokens, **model_settings)
    out.parent.mkdir(parents=True, exist_ok=True)
    for name, spec in load_sets(ROOT / "eval" / "sets.toml").items():
        if sets and name not in sets:
            continue
        assistant = Assistant.from_settings(set_settings(base, name), create=True)
        if replies:
            use_replies(assistant, replies)
        try:
            assistant.ingest([spec["corpus"]], prune=True)  # incremental: quick when indexed
            answerer = assistant.answerer()
            cases = load_cases([ROOT / spec["cases"]])[::every][:limit]
            for case in cases:
                if (name, case.id, model) in done:
                    continue
                history = [(role, text) for h in case.history
                           for role, text in (("user", h), ("assistant", ""))]
                # As the product asks (rag.questions.answer): the model reads its rewrite of a
                # follow-up; both it and the join are searched; the reply is judged on the join.
                queries = (searches(case.question, history, assistant.llm, MAX_QUESTION_CHARS)
                           if history else [case.question])
                query, joined = queries[0], queries[-1]
                focus = case.question if joined != case.question else None
                passages = retrieve_all(assistant.index, queries, assistant.settings.top_k, None)
                started = time.perf_counter()
                reply = answerer.llm.reply(answer_messages(query, passages))
                seconds = time.perf_counter() - started
                readings: list[Reading] = []
                answer = answerer.verify(joined, reply.text, passages, truncated=reply.truncated, readings=readings,
                                         focus=focus)
                common = {
                    "set": name, "id": case.id, "split": case.split or "dev",  # seeds: tuned on, so dev
                    "category": case.category, "answerable": case.answerable,
                    "question": case.question, "query": query, "model": model,
                    "reply": reply.text, "truncated": reply.truncated, "seconds": round(seconds, 1),
                    "answer_outcome": answer_outcome(answer), "answer": answer.answer,
                    "passages": [passage_record(n, p) for n, p in enumerate(passages, start=1)],
                }
                lines = [sentence_record(r, answer) for r in readings] or [
                    {"sentence": "", "markers": [], "outcome": "empty", "supported": None, "support": None,
                     "problems": [], "verified_by": [], "relevance": None, "shown_verified": False}]
                with out.open("a", encoding="utf-8") as f:
                    for position, line in enumerate(lines):
                        f.write(json.dumps({**common, "position": position, **line}, ensure_ascii=False) + "\n")
                written += len(lines)
                print(f"{name} {case.id}: {len(lines)} sentences, {seconds:.0f}s, {answer_outcome(answer)}",
                      flush=True)
        finally:
            replayed += getattr(assistant.llm, "replayed", 0)
            recorded += getattr(assistant.llm, "recorded", 0)
            assistant.close()
    if replies:
        print(f"{replayed} replies replayed, {recorded} made by the model and recorded in {replies}")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="the OpenAI-compatible server, e.g. http://127.0.0.1:18431/v1")
    where.add_argument("--gguf", type=Path, help="or run these weights in process (RAG_BACKEND=local, one thread)")
    parser.add_argument("--replies", type=Path, help="replies recorded by `rag eval --replies` (replayed; missing ones recorded)")
    parser.add_argument("--model", required=True, help="the model's name on that server (qwen, smollm2)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".rag", help="where the sets' indexes live")
    parser.add_argument("--set", action="append", default=[], help="only this set (repeatable)")
    parser.add_argument("--max-tokens", type=int, default=Settings.model_fields["llm_max_tokens"].default)
    parser.add_argument("--limit", type=int, default=None, help="only the first N cases of each set")
    parser.add_argument("--every", type=int, default=1, help="only every Nth case of each set (a sample across its categories)")
    args = parser.parse_args()
    os.chdir(ROOT)  # the sets name their corpora relative to the project, as sources are recorded
    written = collect(args.url, args.model, args.out, args.data_dir, args.set, args.max_tokens, args.limit, args.every,
                      args.gguf, args.replies)
    print(f"{written} sentences written to {args.out}")


if __name__ == "__main__":
    main()
