"""Passages -> Candidates: every distinct sentence of the retrieved passages, scored
against the question (the extractive answerer, rag.answer, chooses among them).

A sentence's score (rag.candidates) is the probability, by a fitted logistic model, that
it states the answer. Words found nowhere in the corpus ("crude" for "oil") cannot be
matched by words, so the three word signals count only the corpus's words, and the score
shrinks with the share of unknown words: a question made of them ("How do I bake bread?")
is not answered. (An acronym the corpus never writes but the passages spell out, "FSF" as
"Free Software Foundation", is a word found.) It shrinks for each name in the question
(India, SCO) that its passage never names; a name a fifth of the corpus says (its own
subject) need not be repeated.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from rag import asks, defaults, entries, identifiers, lists, shapes
from rag.candidates import Candidate
from rag.catalog import Catalog
from rag.schema import Passage
from rag.sentences import passage_sentences
from rag.text import joined, terms
from rag.text import names as text_names

# A name in at least this share of the corpus's chunks is what the corpus is about, not a
# name a passage must repeat to answer.
COMMON_NAME_SHARE = 0.2
# In a follow-up joined to the question before it ("Where did they meet? And before
# that?"), the words asked now count this many times the earlier ones.
FOCUS_WEIGHT = 3
MIN_SENTENCE_CHARS = 25
# How far back a FAQ's question label is looked for from a sentence of its question.
QUESTION_REACH = 600
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
# What stands between a FAQ's question and its answer's first sentence: "\n\nA:   ".
_ANSWER_LABEL = re.compile(r"\s*[*_]*(?:A|Answer)[ \t]*:[ \t*_]*")


# A sentence that refers back to what the one before it names ("It cannot be set greater
# than..."), but not with an "it" that stands for nothing ("It is recommended to...").
_REFERS_BACK = re.compile(r"[\"'(]?(?:it|its|this|these|they|their)\b", re.I)
_EXPLETIVE = re.compile(r"[\"'(]?it\s+(?:is|was)\s+\w+\s+(?:to|that)\b", re.I)


def _of_one_thing(missing: list[str], things: list[tuple[list[str], set[str]]], said: set[str]) -> list[str]:
    """The names missing from a sentence (whose words are `said`), but for those of one of two
    things asked about (each its names and its own words) when it speaks of the other."""
    for (names, _), (others, words) in zip(things, reversed(things)):
        if names and set(names) <= set(missing) and words & said and not set(others) & set(missing):
            return [n for n in missing if n not in names]
    return missing


def _file_named(source: str) -> set[str]:
    """The words of an article's file name (its stem), as the user named what it is about."""
    return set(re.split(r"[\W_]+", PurePath(source.replace("\\", "/")).stem.lower())) - {""}


def in_question(text: str, start: int) -> bool:
    """Is the sentence at `start` in a FAQ's labelled question ("Q: ...")? It is from the
    line with the label to a blank line or the line labelled "A:"."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    own = text[line_start : line_end if line_end >= 0 else len(text)]
    for line in reversed(text[max(0, start - QUESTION_REACH) : line_start].split("\n")[:-1] + [own]):
        if not line.strip():
            return False  # (a paragraph ends here)
        label = shapes.FAQ_LABEL.match(line)
        if label:
            return label.group(1) in ("Q", "Question")
    return False


class SentenceScorer:
    """Scores the sentences of passages against a question, with the corpus's word and
    name frequencies (the catalog's)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def score(self, question: str, passages: list[Passage], focus: str | None = None) -> list[Candidate]:
        """Every distinct sentence of the passages, scored against the question. `focus`
        is the part asked now when `question` is a follow-up joined to the one before it:
        its words weigh FOCUS_WEIGHT times more than the earlier question's."""
        asked = set(terms(question))
        idf, unknown = self.catalog.idf(asked)
        # An acronym the corpus never writes may be spelled out by the passages ("FSF":
        # "Free Software Foundation"): there it is a word of the question found, as rare
        # as any.
        spelled_out = {term: acronym for acronym in _ACRONYM.findall(question) for term in terms(acronym)
                       if term in unknown and any(asks.spelled_out(acronym, p.text) for p in passages)}
        unknown = unknown - set(spelled_out)
        # So may a word the corpus writes as two ("pass phrase" for "passphrase").
        if unknown:
            unknown = unknown - set().union(*(joined(p.text) for p in passages))
        question_terms = asked - unknown
        focus_terms = set(terms(focus)) & question_terms if focus else set()
        if focus_terms:
            idf = {t: w * FOCUS_WEIGHT if t in focus_terms else w for t, w in idf.items()}
        total = sum(idf[t] for t in question_terms)
        # Names asked about must be in the text; in a follow-up, those it asks about now.
        # (Names given as examples, "e.g. Portuguese first", are not what is asked about.)
        names = self.required_names(focus or question)
        # Of two things asked about ("on a HUP restart, and on a USR1 restart"), or the two
        # parts of a question ("Which signal requests a Smart Shutdown, and which an
        # Immediate Shutdown?"), a sentence may answer about one: the names of the other
        # need not be said.
        asked_settings = {i.lower() for i in identifiers.setting_names(focus or question)}
        # A name of one hyphen or in camel case is a setting's where an entry opens with it
        # ("session-keyalg Grammar: ...", "LoginGraceTime" over its description), not a
        # word ("read-only") or a product's name ("NetworkManager").
        maybe = identifiers.entry_like_names(focus or question) - asked_settings
        if maybe:
            asked_settings |= maybe & {name for p in passages for a, b in passage_sentences(p)
                                       for name in identifiers.entry_names(p.text[a:b])}
        # (Settings named in a row, "--limit and --limit-burst": each entry tells its own.)
        joined_settings = {name.lower() for name in identifiers.joined_names(focus or question)} & asked_settings
        joined_things = asks.joined_things(focus or question)
        things = [([n for n in [*names, *asked_settings] if set(terms(n)) & own], own)
                  for _, own in joined_things or asks.two_parts(focus or question)]
        if not joined_things and things and not things[-1][0]:
            things = []  # ("..., and how do I change it?": the second part is of the first's thing)
        literals = asks.literals(focus or question)  # "What is the result of 5/2?": a sentence must say "5/2"
        versions = asks.VERSIONED.findall(focus or question)  # "Perl 7": a text about Perl 5 does not answer

        def coverage(found: set[str]) -> float:
            return sum(idf[t] for t in question_terms & found) / total if total else 0.0

        counts = {t: FOCUS_WEIGHT if t in focus_terms else 1 for t in question_terms}

        def share(found: set[str]) -> float:
            return sum(counts[t] for t in question_terms & found) / sum(counts.values()) if counts else 0.0

        legal_asked = asks.asks_legal(focus or question)
        time_said = {term: said for term, said in asks.time_said(focus or question).items() if term in question_terms}
        # Overlapping chunks, and copies of an article, repeat sentences: keep each once.
        seen: set[str] = set()
        candidates: list[Candidate] = []
        # Each sentence's entry term and the settings it names (read once per passage), and
        # the settings asked about that have an entry of their own in the passages.
        entries_of = entries.passage_entries(passages) if asked_settings else \
            [[""] * len(passage_sentences(p)) for p in passages]
        names_of = [[identifiers.entry_names(term) for term in terms_of] for terms_of in entries_of]
        with_entry = set().union(*(names for named in names_of for names in named)) & asked_settings
        for rank, passage in enumerate(passages):
            spans = passage_sentences(passage)
            sentence_terms = [
                set(terms(passage.text[a:b])) | (joined(passage.text[a:b]) & asked)
                | {term for term, acronym in spelled_out.items() if asks.spelled_out(acronym, passage.text[a:b])}
                for a, b in spans]
            named_in = " ".join([passage.title, passage.section, *(passage.text[a:b] for a, b in spans)])  # (not code)
            # (The file's name names what it is about: "haproxy-configuration-ch08-logging.txt"
            # names HAProxy, which its title, "8. Logging", does not; a word of it whole.)
            file_named = _file_named(passage.source)
            entry_terms, entry_of = entries_of[rank], names_of[rank]
            # A sentence of a setting's entry is about that setting ("The default is
            # typically 100 connections." under "max_connections (integer) ..."); one of
            # another setting's entry only mentions those asked ("The value must be less
            # than max_connections." under "superuser_reserved_connections").
            for i, term in enumerate(entry_terms):
                if entry_of[i] & asked_settings:
                    sentence_terms[i] |= set(terms(term)) | (joined(term) & asked)
            # A sentence that gives the time asked for says it: "May 2015" the "month and year".
            if time_said:
                for i, (a, b) in enumerate(spans):
                    if all(said.search(passage.text[a:b]) for said in time_said.values()):
                        sentence_terms[i] |= set(time_said)
            # So is a list's item about what the lead announcing the list says.
            item_leads = lists.item_leads(passage.text, spans)
            for i, (lead, _) in enumerate(item_leads):
                sentence_terms[i] |= set(terms(lead))
            for i, (a, b) in enumerate(spans):
                start, key = passage.start + a, " ".join(passage.text[a:b].split())
                if key in seen or b - a < MIN_SENTENCE_CHARS and not shapes.TERM_BESIDE.match(passage.text[a:b]) \
                        and not defaults.states_default(passage.text[a:b]):  # ("~. Disconnect.", "The default is 7.")
                    continue
                if start == 0 and passage.text[a:b] == passage.title:
                    continue  # a headline is not an answer
                if not legal_asked and asks.legal(passage.text[a:b]):
                    continue  # (a licence's "You can obtain a copy..." answers no "How do I get a copy of a key?")
                seen.add(key)
                window = set().union(*sentence_terms[max(0, i - 1) : i + 2])
                candidate = Candidate(
                    passage.doc_id, passage.title, passage.source, start, passage.start + b, passage.text[a:b],
                    section=passage.section,
                )
                candidate.coverage = coverage(sentence_terms[i])
                candidate.context = coverage(window)
                candidate.share = share(window)
                candidate.similarity = max(0.0, passage.dense or 0.0)
                candidate.keyword = 1 / passage.keyword_rank if passage.keyword_rank else 0.0
                candidate.position = 1 / (1 + rank)
                candidate.unknown = len(unknown) / len(asked) if asked else 1.0
                candidate.asked = in_question(passage.text, a)
                candidate.list_lead, item = item_leads[i]
                candidate.list_item = passage.start + item if item >= 0 else -1
                gap = passage.text[b : spans[i + 1][0]] if i + 1 < len(spans) else "x"
                if not gap.strip() and gap.count("\n") <= 1 or _ANSWER_LABEL.fullmatch(gap):
                    # (in its paragraph: "...Cycle.)." over "     These options..."; a FAQ's answer
                    # after its question, past the label it is quoted without)
                    candidate.next_start = passage.start + spans[i + 1][0]
                # A name may be said once, by the heading above ("Perl", "Windows") or a few
                # sentences before ("the target URI" ... "it's done by the ExternalTargets
                # transform"), and not repeated in the sentence that answers.
                # (A name's number is looked for nearer: "Perl 5 added 7 new functions" does
                # not say "Perl 7".)
                near = " ".join(passage.text[x:y] for x, y in spans[max(0, i - 1) : i + 2])
                foreign = entry_of[i] and not entry_of[i] & asked_settings
                # (A sentence that refers back, in its paragraph, names what the one before it
                # does: "retry_interval_max limits the maximum interval between retries." "It
                # cannot be set greater than "24h", which is its default value.")
                before = passage.text[spans[i - 1][0] : spans[i - 1][1]] if i and _REFERS_BACK.match(passage.text[a:b]) \
                    and not _EXPLETIVE.match(passage.text[a:b]) and "\n\n" not in passage.text[spans[i - 1][1] : a] else ""
                if len(identifiers.setting_names(before)) > 1:
                    before = ""  # ("Unlike max_queue_size, queue_timeout is measured in time. It defaults to...")
                own = " ".join([passage.title, passage.section, entry_terms[i], before, passage.text[a:b]])
                heads = " ".join([passage.title, passage.section, *entry_of[i]])  # (its names: a man page's term line holds its description)
                unsaid = [name for name in asked_settings
                          if not identifiers.says_identifier(name, heads if foreign and name in with_entry else own)]  # (said by the sentence itself, or its heading)
                if joined_settings - set(unsaid):
                    unsaid = [name for name in unsaid if name not in joined_settings]
                candidate.missing_names = _of_one_thing(
                    [n for n in names if not asks.named(n, named_in) and n.lower() not in file_named] + unsaid,
                    things, sentence_terms[i]) + [
                    f"{name} {number}" for name, number in versions
                    if not asks.says_number(number, " ".join([passage.title, passage.section, near]))] + [
                    literal for literal in literals if not asks.says_literal(literal, passage.text[a:b])]  # ("5/2 = 2")
                candidates.append(candidate)
        if candidates:
            best_coverage = max(c.coverage for c in candidates)
            best_similarity = max(c.similarity for c in candidates)
            for candidate in candidates:
                candidate.coverage_gap = best_coverage - candidate.coverage
                candidate.similarity_gap = best_similarity - candidate.similarity
        return candidates

    def required_names(self, question: str) -> list[str]:
        """The names a sentence must say (or sit under) to answer the question. A name
        found in a large share of the corpus's chunks ("Debian" in the Debian Reference,
        "Git" in Git's guides) is what the whole corpus is about: a passage need not
        repeat it."""
        names = [n for n in text_names(asks.EXAMPLES.sub("", question), openers=False) if n not in asks.QUESTION_WORDS]
        total = self.catalog.chunk_count()
        if not names or not total:
            return names
        spelled = {n: terms(n) for n in names}
        df = self.catalog.document_frequencies({t for ts in spelled.values() for t in ts})
        return [n for n in names if not spelled[n] or min(df.get(t, 0) for t in spelled[n]) < COMMON_NAME_SHARE * total]
