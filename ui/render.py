"""HTML for the chat UI, as pure functions (no Streamlit): an answer whose [n] are buttons,
its sources with each article once, and an article laid out in paragraphs with the cited
span marked. Everything taken from an article or an answer is escaped here; what the
buttons do (popover, marking, scrolling) is in `ui/widgets.py`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from pathlib import PurePath

from rag.schema import Answer, Article, Citation
from rag.prose import as_prose
from rag.structure import blocks


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def file_label(source: str) -> str:
    """What to call an article's file: the path it was ingested from as given (relative),
    but only the name of an upload or of anything absolute (where the server keeps a file
    is nobody's business)."""
    path = PurePath(source)
    return path.name if path.is_absolute() or path.parent.name == "uploads" else source


def cited_answer_html(answer: Answer, anchor: str) -> str:
    """Everything the answer component shows: the answer with its [n] buttons (not for a
    refusal, which the page shows as a warning), what each [n] pops up, and the sources."""
    parts = [] if answer.refused else [answer_html(answer), popovers_html(answer)]
    return "".join(parts) + sources_html(answer, anchor)


def answer_html(answer: Answer) -> str:
    """The answer's sentences, each followed by its [n] buttons; a sentence the grounding
    check did not verify is highlighted and labelled."""
    known = {c.n: c for c in answer.citations}
    parts = []
    for sentence in answer.sentences:
        buttons = "".join(_cite_button(known[n]) for n in sentence.citations if n in known)
        if sentence.supported:
            parts.append(f'<span class="rag-sentence">{escape(sentence.text)}</span>{buttons}')
        else:
            parts.append(
                f'<span class="rag-sentence rag-unverified" title="Not verified: no retrieved passage says this">'
                f"{escape(sentence.text)}</span>{buttons}"
                f'<span class="rag-unverified-tag">unverified</span>'
            )
    return '<div class="rag-answer">' + " ".join(parts) + "</div>"


def _cite_button(c: Citation) -> str:
    return (
        f'<button type="button" class="rag-cite" data-n="{c.n}" aria-haspopup="dialog" aria-expanded="false" '
        f'aria-label="Source {c.n}: {escape(c.title)}">{c.n}</button>'
    )


def popovers_html(answer: Answer) -> str:
    """What a click on [n] shows, one hidden template per citation: where the quote is, the
    quote, and the way to the article."""
    out = []
    for c in answer.citations:
        where = f'<div class="rag-pop-section">{escape(c.section)}</div>' if c.section else ""
        out.append(
            f'<template class="rag-pop-template" data-n="{c.n}">'
            f'<div class="rag-pop-head"><span class="rag-n">{c.n}</span>'
            f'<span class="rag-pop-title">{escape(c.title)}</span></div>{where}'
            f'<blockquote class="rag-pop-quote">{escape(c.quote)}</blockquote>'
            f'<div class="rag-pop-actions"><button type="button" class="rag-open" data-n="{c.n}">Open in article</button>'
            f'<button type="button" class="rag-goto" data-n="{c.n}">Show in sources</button></div>'
            f"</template>"
        )
    return "".join(out)


def sources_html(answer: Answer, anchor: str) -> str:
    """The sources under an answer: each article once (title and file), then its passages,
    each with its number, its section and its quote, unless the answer already shows that
    quote word for word. For a refusal, the closest passages in full."""
    if not answer.citations:
        return ""
    shown = " ".join(answer.answer.split())
    heading = "Closest passages" if answer.refused else "Sources"
    out = [f'<div class="rag-sources" role="list" aria-label="{heading}"><div class="rag-sources-head">{heading}</div>']
    for citations in _by_article(answer.citations):
        first = citations[0]
        out.append(
            f'<div class="rag-doc" role="listitem"><div class="rag-doc-head">'
            f'<span class="rag-doc-title">{escape(first.title)}</span> '
            f'<span class="rag-doc-file">{escape(file_label(first.source))}</span></div>'
        )
        for c in citations:
            quoted = not answer.refused and as_prose(c.quote) in shown
            section = f'<span class="rag-src-section">{escape(c.section)}</span>' if c.section else ""
            body = ('<span class="rag-src-note">quoted in the answer</span>' if quoted
                    else f'<q class="rag-src-quote">{escape(c.quote)}</q>')
            out.append(
                f'<div class="rag-src" id="{anchor}-{c.n}" data-n="{c.n}"><span class="rag-n">{c.n}</span>'
                f'<div class="rag-src-body">{section}{body}'
                f'<button type="button" class="rag-open rag-open-small" data-n="{c.n}" '
                f'aria-label="Open source {c.n} in its article">Open in article</button></div></div>'
            )
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


def _by_article(citations: Iterable[Citation]) -> list[list[Citation]]:
    """Citations grouped by article, articles in order of their first citation."""
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.doc_id, []).append(c)
    return list(groups.values())


# --- the article view -------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_TAGS = {"heading": "h4", "prose": "p", "item": "p", "code": "pre", "table": "pre"}


def article_html(article: Article, start: int, end: int, section: str = "") -> str:
    """The article view: its title and metadata (not the raw front matter), the section the
    quote is in, then the article in its own scroll box from where its body begins, block
    by block (headings as headings, paragraphs with their hard-wrapped lines joined, code
    and tables as they are), the span [start:end] marked, its first piece `id="cited"`;
    last a small detail line: the file and the quote's character offsets."""
    meta = " · ".join(f"{escape(key.replace('_', ' ').capitalize())}: {escape(str(value))}"
                      for key, value in article.metadata.items() if value)
    head = [f'<div class="rag-article-title">{escape(article.title)}</div>']
    if meta:
        head.append(f'<div class="rag-article-meta">{meta}</div>')
    if section:
        head.append(f'<div class="rag-article-section">{escape(section)}</div>')
    detail = f"{escape(file_label(article.source))} · the quote is characters {start}–{end} of its text"
    return (
        '<div class="rag-article-head">' + "".join(head) + "</div>"
        + f'<div class="rag-scroll" tabindex="0" aria-label="The article">{article_body_html(article, start, end)}</div>'
        + f'<div class="rag-article-detail">{detail}</div>'
    )


def article_body_html(article: Article, start: int, end: int) -> str:
    text = article.text
    body = min(article.body_start, start)  # (a quote inside the front matter still shows)
    out, marked = [], False
    for i, block in enumerate(blocks(text, body)):
        cited = block.start < end and start < block.end
        if i == 0 and block.kind == "heading" and not cited and _same(text[block.start:block.end], article.title):
            continue  # the title, shown above already
        if block.kind == "markup" and not cited:
            continue  # anchors, attributes, mail headers: not the article's words
        if block.kind == "rule":
            out.append("<hr>")
            continue
        tag = _TAGS.get(block.kind, "pre")
        pieces = []
        for a, b, is_quote in _split(block.start, block.end, start, end):
            # Hard-wrapped lines join: any run of whitespace is one space (offsets do not
            # matter any more once the text is cut at the quote).
            piece = escape(text[a:b] if tag == "pre" else _SPACES.sub(" ", text[a:b]))
            if is_quote:
                attribute = "" if marked else ' id="cited"'
                marked = True
                piece = f'<mark class="rag-cited"{attribute}>{piece}</mark>'
            pieces.append(piece)
        css = ' class="rag-item"' if block.kind == "item" else ""
        out.append(f"<{tag}{css}>{''.join(pieces)}</{tag}>")
    if not marked and start < end:  # offsets outside any block (should not happen): show the quote alone
        out.insert(0, f'<p><mark class="rag-cited" id="cited">{escape(text[start:end])}</mark></p>')
    return '<div class="rag-article">' + "".join(out) + "</div>"


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _split(a: int, b: int, start: int, end: int) -> list[tuple[int, int, bool]]:
    """[a:b] cut where it meets [start:end], each piece flagged if it is inside it."""
    cuts = sorted({a, b, *(x for x in (start, end) if a < x < b)})
    return [(x, y, start <= x and y <= end) for x, y in zip(cuts, cuts[1:]) if y > x]
