"""HTML for the chat UI: answers with inline citation links, and an article with the
cited span highlighted and scrolled into view. Pure functions, no Streamlit."""

from __future__ import annotations

from html import escape

from rag.schema import Answer

STYLE = """
<style>
.rag-cite { text-decoration: none; font-size: 0.8em; vertical-align: super; margin-left: 1px; }
.rag-unverified { background: #fff3cd; border-bottom: 2px dotted #d39e00; }
.rag-unverified-tag { font-size: 0.75em; color: #8a6d00; margin-left: 4px; }
.rag-quote { color: #555; }
</style>
"""


def answer_html(answer: Answer, anchor: str) -> str:
    """The answer's sentences; each [n] links to source n (and shows its quote on hover);
    sentences the grounding check did not verify are highlighted and labelled."""
    quotes = {c.n: c.quote for c in answer.citations}
    parts = []
    for sentence in answer.sentences:
        links = "".join(
            f'<a class="rag-cite" href="#{anchor}-{n}" title="{escape(quotes.get(n, ""))}">[{n}]</a>'
            for n in sentence.citations
        )
        if sentence.supported:
            parts.append(f"<span>{escape(sentence.text)}</span>{links}")
        else:
            parts.append(
                f'<span class="rag-unverified" title="Not verified: no retrieved passage says this">'
                f"{escape(sentence.text)}</span>{links}"
                f'<span class="rag-unverified-tag">⚠ unverified</span>'
            )
    return STYLE + '<div class="rag-answer">' + " ".join(parts) + "</div>"


def article_html(text: str, start: int, end: int) -> str:
    """The whole article, the span [start:end] marked and scrolled into view on load."""
    before, quoted, after = (escape(part) for part in (text[:start], text[start:end], text[end:]))
    return f"""
<div style="font-family: sans-serif; line-height: 1.55; white-space: pre-wrap; padding: 0 8px;">{before}<mark id="cited" style="background: #ffe066; padding: 2px 0;">{quoted}</mark>{after}</div>
<script>document.getElementById("cited").scrollIntoView({{block: "center"}});</script>
"""
