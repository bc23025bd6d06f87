"""Judges for the evaluation: does this evidence support this sentence?

- `OfflineJudge`: the product's own grounding check (`rag.grounding`), deterministic, no
  network; the default, and what CI runs.
- `LLMJudge`: asks any OpenAI-compatible model, for a second opinion.
Every score in a report names the judge that produced it (`Judge.name`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rag import grounding
from rag.config import Settings
from rag.schema import Passage

LLM_JUDGE_PROMPT = """\
Evidence:
{evidence}

Claim: {claim}

Does the evidence fully support the claim (every fact in it, with no contradiction)?
Answer with one word: yes or no."""


class Judge(Protocol):
    name: str

    def supports(self, claim: str, evidence: Sequence[str]) -> bool: ...


def _as_passages(evidence: Sequence[str]) -> list[Passage]:
    return [Passage(f"e{i}", f"e{i}", "", "", text, 0, len(text), 0.0) for i, text in enumerate(evidence)]


class OfflineJudge:
    name = "offline (rag.grounding check)"

    def supports(self, claim: str, evidence: Sequence[str]) -> bool:
        return bool(evidence) and grounding.check(claim, _as_passages(evidence)).supported


class LLMJudge:
    def __init__(self, settings: Settings) -> None:
        from rag.llm import LLM

        self._llm = LLM(settings)
        self.name = f"llm ({settings.llm_model} at {self._llm.where})"

    def supports(self, claim: str, evidence: Sequence[str]) -> bool:
        if not evidence:
            return False
        prompt = LLM_JUDGE_PROMPT.format(evidence="\n\n".join(evidence), claim=claim)
        reply = self._llm.complete([{"role": "user", "content": prompt}])
        return reply.strip().lower().startswith("yes")


def make_judge(kind: str, settings: Settings) -> Judge:
    return LLMJudge(settings) if kind == "llm" else OfflineJudge()
