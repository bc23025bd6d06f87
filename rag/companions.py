"""What a chosen sentence brings with it into an extractive answer (rag.answer).

In reference text a sentence often says only part of its answer: it announces a list,
an example or the paragraphs after it ("...execute the following command as root:"),
describes a setting whose value the next sentence gives ("Default is 300 seconds."), or
opens a counted list ("...unless Pakistan does three things first"). These functions
return the chosen sentences with what they announce, describe or (asked how) tell how to
do shown as well, as far as the answer's length (`limit` sentences) allows, reading on in
the article (`catalog`) where the passage ends first; `counted_list` returns the list
itself, in place of the chosen sentences. Each sentence added is quoted exactly from its
article.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rag import asks, defaults, entries, identifiers, lists, roles
from rag.candidates import Candidate
from rag.catalog import Catalog
from rag.schema import Article, Passage
from rag.text import terms

# How far past a passage's end an example its last sentence introduces is read (rag.lists:
# at most EXAMPLE_LINES lines, EXAMPLE_CHARS characters, and what follows it).
READ_ON_CHARS = 1000


def read_on(catalog: Catalog, passage: Passage) -> tuple[Passage, bool]:
    """The passage with the article's text after it, as far as an example reaches, and
    whether it now runs to the article's end."""
    article = catalog.article(passage.doc_id)
    if article is None or article.text[passage.start : passage.end] != passage.text:
        return passage, False
    end = min(len(article.text), passage.end + READ_ON_CHARS)
    longer = replace(passage, text=article.text[passage.start : end], end=end, sentences=None)
    return longer, end >= len(article.text.rstrip())


def with_announced(question: str, chosen: list[Candidate], ranked: list[Candidate], passages: list[Passage],
                   limit: int, bar: float) -> list[Candidate]:
    """A lead that announces the paragraphs after it ("GNU 'sed' returns the following
    exit status error values:" over GNU Info's "4" and "An I/O error, or a serious
    processing error during runtime, ...") says nothing of its own: the one of them that
    says most of what the question asks beyond the lead ("I/O") and scores at least `bar`
    follows it."""
    lead = chosen[0]
    passage = entries.holding(lead, passages)
    if passage is None or not lists.announces_prose(lead.text, lead.end, passage):
        return announced_after(question, chosen, ranked, passages, limit)
    asked = set(terms(question))
    beyond = asked - set(terms(lead.text))
    announced = [c for c in ranked if c.doc_id == lead.doc_id and lead.end <= c.start < passage.end
                 and c.section == lead.section  # (its own section's paragraphs)
                 and beyond & set(terms(c.text)) and c.score >= bar]
    if not announced:
        return chosen
    best = max(announced, key=lambda c: (len(beyond & set(terms(c.text))), c.score))
    rest = [c for c in chosen[1:] if c is not best]
    return [lead, best, *rest][:limit]


def announced_after(question: str, chosen: list[Candidate], ranked: list[Candidate], passages: list[Passage],
                    limit: int) -> list[Candidate]:
    """Another chosen sentence that announces the paragraphs after it ("The paths to either
    of these files can be overridden through the following environment variables:" over
    tig's "TIGRC_USER Path of the user configuration file." and "TIGRC_SYSTEM ...") comes
    with those of them that say a word of the question, in their order, as room allows:
    alone, it ends on a colon and names nothing."""
    asked = set(terms(question)) - defaults.value_words(question)
    out = list(chosen)
    for sentence in chosen[1:]:
        passage = entries.holding(sentence, passages)
        room = limit - len(out)
        if passage is None or room <= 0 or not lists.announces_prose(sentence.text, sentence.end, passage):
            continue
        following = sorted((c for c in ranked if c.doc_id == sentence.doc_id and sentence.end <= c.start < passage.end
                            and c.section == sentence.section and c not in out), key=lambda c: c.start)
        # (What it announces opens with a term, "TIGRC_USER Path of...", in a row after it.)
        announced = []
        for c in following:
            if not identifiers.opens_entry(c.text):
                break
            if asked & set(terms(c.text)):
                announced.append(c)
        announced = announced[:room]
        at = out.index(sentence) + 1
        out[at:at] = announced
    return out


def with_examples(question: str, chosen: list[Candidate], passages: list[Passage], catalog: Catalog) -> list[Candidate]:
    """Each chosen sentence that introduces an example ("...execute the following command
    as root:"), followed by it: in reference text the example is what the sentence only
    announces. (Both parts of "How do I allow printing from any subnet, and how do I
    require authentication?" are told by a command.) Asked how to do something, so is a
    lead that tells what to do, when the example follows it at once ("Alternatively you can
    use command line for export and import everything." over "copyq exportData FILE")."""
    how_to = bool(roles.HOW_TO.search(question))
    out: list[Candidate] = []
    for sentence in chosen:
        out.append(sentence)
        passage = entries.holding(sentence, passages)
        if passage is None or sentence.code:
            continue
        told = how_to and sentence is chosen[0] and bool(roles.INSTRUCTS.search(sentence.text))
        example = lists.example_after(sentence.text, sentence.end, passage, told)
        if example is None and (told or sentence.text.rstrip().endswith(":")) \
                and passage.end - sentence.end <= lists.EXAMPLE_CHARS:
            # The passage ends at or inside what the lead introduces ("...the new default
            # value for "rsync_long_args" is:" over its indented value): read on in the article.
            longer, whole = read_on(catalog, passage)
            example = lists.example_after(sentence.text, sentence.end, longer, told, whole)
        if example and not any(c.doc_id == sentence.doc_id and c.start == example[0] for c in [*chosen, *out]):
            a, b, text = example
            out.append(replace(sentence, start=a, end=b, text=text, code=True))
    return out


def with_release(question: str, chosen: list[Candidate], catalog: Catalog, limit: int) -> list[Candidate]:
    """Asked which version or release, a lead that gives none itself but sits in a
    changelog's entry ("The get-cert script was renamed to mbsync-get-cert." under isync's
    "[1.3.0]") comes after that entry's heading, quoted from the article: the answer says
    the release, not only its citation's label."""
    lead = chosen[0]
    release = asks.release_heading(lead.section)
    if not release or asks.VERSION not in asks.answer_types(question) or asks.gives(asks.VERSION, lead.text, question):
        return chosen
    article = catalog.article(lead.doc_id)
    at = article.text.rfind(release, 0, lead.start) if article else -1
    if article is None or at < 0 or any(c.doc_id == lead.doc_id and c.start == at for c in chosen):
        return chosen
    heading = replace(lead, start=at, end=at + len(release), text=release)
    return [heading, *chosen][: max(2, limit)]


def with_values(question: str, chosen: list[Candidate], passages: list[Passage], limit: int) -> list[Candidate]:
    """The chosen sentences, each followed by the one after it that gives the value it
    only describes ("...(in seconds)." "Default is 300 seconds.", lists.value_after), as
    far as the answer's length allows; the lead's value always (it is what the lead was
    chosen for when the question asks for the value)."""
    have = {(c.doc_id, c.start) for c in chosen}
    room = limit - len(chosen)
    out: list[Candidate] = []
    for sentence in chosen:
        out.append(sentence)
        passage = entries.holding(sentence, passages)
        value = lists.value_after(sentence.start, sentence.end, passage, question) \
            if passage and (room > 0 or sentence is chosen[0]) and not sentence.code else None
        if value and (sentence.doc_id, value[0]) not in have:
            a, b, text = value
            out.append(replace(sentence, start=a, end=b, text=text))
            have.add((sentence.doc_id, a))
            room = max(room - 1, 0)
    return out


def counted_list(asked: tuple[int, str], ranked: list[Candidate], catalog: Catalog, limit: int) -> list[Candidate]:
    """For a question that counts what it asks for ("What three things must Pakistan
    do...?"), the sentence the list follows and that many items after it ("To begin
    with...", "The second...", "And finally..."); empty when there is none. The items
    rarely repeat the question's words and may sit in chunks that were not retrieved,
    so the articles of the best sentences are read whole, and a sentence of theirs that
    announces the list ("...unless Pakistan does three things first") is the anchor
    preferred, retrieved or not. `asked`: the count and what it counts (`asks.counted`)."""
    wanted = min(asked[0], limit)
    saying = re.compile(rf"\b{re.escape(asked[1])}\b", re.I)  # ("two things", not "twenty-two things")
    articles: dict[str, Article | None] = {}

    def article(doc_id: str) -> Article | None:
        if doc_id not in articles:
            articles[doc_id] = catalog.article(doc_id)
        return articles[doc_id]

    best = ranked[:3]
    firsts: dict[str, Candidate] = {}  # the best of them in each article
    for candidate in best:
        firsts.setdefault(candidate.doc_id, candidate)
    announcing: list[Candidate] = []
    for first in firsts.values():
        found = article(first.doc_id)
        if found is not None:
            # (Its heading is not known here: none is shown rather than the wrong one.)
            announcing += [replace(first, start=a, end=b, text=text, section="")
                           for a, b, text in lists.sentences_saying(found, saying)]
    anchors = [c for c in ranked if saying.search(c.text)] + announcing + best
    ordinals: dict[str, list[tuple[int, int, str]]] = {}
    for anchor in anchors[:8]:
        if anchor.doc_id not in ordinals:
            found = article(anchor.doc_id)
            ordinals[anchor.doc_id] = lists.ordinal_sentences(found.text) if found else []
        items = [replace(anchor, start=a, end=b, text=text)
                 for a, b, text in ordinals[anchor.doc_id] if a > anchor.start][:wanted]
        if len(items) != wanted:  # (or the list it announces: "There are two ways to open the
            items = _items_announced(anchor, article(anchor.doc_id), catalog, limit)  # window:" over "1. From...")
        if len(items) == wanted:
            return [anchor, *items]
    return []


def _items_announced(lead: Candidate, article: Article | None, catalog: Catalog, limit: int) -> list[Candidate]:
    """The items of the list a sentence announces, right after it in its article."""
    if article is None or article.text[lead.start : lead.end] != lead.text:
        return []
    end = min(len(article.text), lead.end + READ_ON_CHARS)
    passage = Passage("", lead.doc_id, lead.title, lead.source, article.text[lead.start : end], lead.start, end, 0.0)
    return listed_after(lead, passage, limit, catalog)


def listed_after(lead: Candidate, passage: Passage | None, limit: int, catalog: Catalog,
                 several: bool = False) -> list[Candidate]:
    """The items of the list the lead announces (rag.lists.items_after), at most `limit`."""
    if passage is None:
        return []
    items = lists.items_after(lead.text, lead.end, passage, limit, several)
    if not items and lead.text.rstrip().endswith(":") and not passage.text[lead.end - passage.start :].strip():
        # (The list it announces begins in the next chunk: Exim's "The three log streams are
        # mapped onto syslog priorities as follows:" ends its chunk.)
        items = lists.items_after(lead.text, lead.end, read_on(catalog, passage)[0], limit, several)
    return [replace(lead, start=a, end=b, text=text) for a, b, text in items]
