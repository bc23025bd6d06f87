"""Draft gold cases from any ingested corpus, for a maintainer to review
(`rag eval generate`)."""

from __future__ import annotations

import json
import re

from rag.evaluation.cases import GoldCase, GoldPassage

GENERATE_PROMPT = """\
Write one question that this passage answers, the short answer, and the key facts (exact
words from the passage) an answer must contain. Reply as JSON:
{{"question": "...", "answer": "...", "key_facts": ["..."]}}

Passage from "{title}":
{passage}"""


def draft_cases(assistant, per_article: int = 5, llm=None) -> list[GoldCase]:
    """Draft gold cases from the ingested corpus, for a maintainer to review: one per
    informative sentence (one naming something or giving a number), a few per article.
    With an LLM the questions are written by it; without, from a template."""
    from rag.grounding import numbers
    from rag.sentences import sentences as article_sentences
    from rag.text import names

    drafts = []
    for source in assistant.sources():
        article = assistant.article(source.doc_id)
        sentences = [article.text[a:b] for a, b in article_sentences(article.text, article.body_start)]
        informative = [s for s in sentences if 60 <= len(s) <= 400 and s != article.title and (names(s) or numbers(s))]
        step = max(1, len(informative) // per_article)
        for i, sentence in enumerate(informative[::step][:per_article]):
            if llm is not None:
                reply = llm.complete([{"role": "user", "content": GENERATE_PROMPT.format(title=source.title, passage=sentence)}])
                try:
                    written = json.loads(reply[reply.index("{") : reply.rindex("}") + 1])
                    question, reference = written["question"], written["answer"]
                    facts = list(written.get("key_facts", []))
                except (ValueError, KeyError, TypeError):
                    continue  # a reply that is not the JSON asked for is skipped
            else:
                # A run of capitalised words past the first word, else a number and its noun.
                runs = re.findall(r"(?<=\s)[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}", sentence)
                quantity = re.search(r"[$€£]?\d[\d,.]*\s+\w+", sentence)
                shown = runs[0] if runs else (quantity.group() if quantity else sentence.split()[0])
                question, reference, facts = f"What does “{source.title}” say about {shown}?", sentence, [shown]
            drafts.append(GoldCase(id=f"gen-{source.doc_id[:24]}-{i}", question=question, category="generated",
                                   draft=True, reference_answer=reference, key_facts=facts,
                                   gold_passages=[GoldPassage(quote=sentence, source=source.source)]))
    return drafts
