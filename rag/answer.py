"""Passages -> Answer, extractively: the offline default backend.

Grounded by construction: the answer is made of sentences copied from the retrieved
passages, each followed by its [n] marker, and each citation quotes exactly that span of
the article. What this module decides is which sentences answer the question, and
whether any does (else it refuses, showing the closest passages).

The sentences are scored by rag.scoring. A question that asks for a number or a time ("How
many...", "When...") is answered only by a sentence that gives one beyond the question's
own; when none does, it is refused. (Those question-shape rules are rag.asks.) A chosen
sentence that points back ("This prevents it...") comes with the one before it; so does one
that describes an option, for "How do I...?", when the one before names it; and, for
"Why...?", one that restates what is asked about comes with the reason given just after it.
A sentence that only describes a setting comes with the one after it that gives its value
("Default is 300 seconds."). A question in parts ("..., and which quotes should I use?")
gets the best sentence for each part it lacks. (What a sentence does for a question, read
from its words, is rag.roles; what a chosen one brings with it, its list, example or
value, is rag.companions.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from rag import asks, companions, defaults, entries, identifiers, lists, prose, roles, tables
from rag.candidates import Candidate
from rag.catalog import Catalog
from rag.config import Settings
from rag.sentences import passage_sentences
from rag.schema import Answer, AnswerSentence, Citation, Delta, Final, Passage
from rag.scoring import COMMON_NAME_SHARE, SentenceScorer
from rag.text import joined, sentence_spans, terms
from rag.text import names as text_names

BACKEND = "extractive"
# Sentences within this share of the best score may join the answer (when they add a
# word of the question that the ones chosen lack). Both ratios were chosen on the tune cases.
KEEP_RATIO = 0.5
# The sentence right after the best one joins it when it scores this share of the best.
FOLLOWING_RATIO = 0.25
# A question that asks for a number or a time ("How big is the trade...?") is answered by
# a sentence that gives one (of what is asked about, see asks.counts) scoring this share of
# the refusal bar: the figure itself is the evidence that its passage's rank may not show
# ("trade is approaching $1 billion" sits in the third passage). On the four gold sets no
# typed question's refusal changed with it.
TYPED_SHARE = 0.25
# Verbs a part of a question asks with that its answer need not say: "what happens if I do
# not?", "how do I change it?".
_UNSAID_VERBS = set(terms("happen work do use change need mean differ make get"))  # (stemmed: "happens" too)
# Said when no passage answers well enough. It reports what the search found rather than
# asserting what the articles say: a refused answer's passages may still hold it.
REFUSAL = "I found no answer to this question in the articles. The closest passages are listed below."

# How far after the lead (in characters) the reason for a "Why...?" may be given.
REASON_REACH = 300


class ExtractiveAnswerer:
    name = BACKEND

    def __init__(self, catalog: Catalog, settings: Settings) -> None:
        self.catalog = catalog
        self.settings = settings
        self.scorer = SentenceScorer(catalog)
        sentence_spans("Load the sentence splitter now. Not on the first question.")

    def score(self, question: str, passages: list[Passage], focus: str | None = None) -> list[Candidate]:
        """Every distinct sentence of the passages, scored against the question (rag.scoring)."""
        return self.scorer.score(question, passages, focus)

    def stream(self, question: str, passages: list[Passage], focus: str | None = None,
               rewritten: str | None = None) -> Iterator[Delta | Final]:
        """The same interface as the generative backend: the text, then the Answer."""
        answer = self.answer(question, passages, focus)
        yield Delta(answer.answer)
        yield Final(answer)

    def answer(self, question: str, passages: list[Passage], focus: str | None = None,
               rewritten: str | None = None, candidates: list[Candidate] | None = None) -> Answer:
        """The answer quoted from the passages. (`rewritten`, an LLM's rewrite of a
        follow-up, is not read: the words of the follow-up joined to its topic are.)
        `candidates`: their sentences as `score` gave them, when the caller has them."""
        if candidates is None:
            candidates = self.score(question, passages, focus)
        ranked, answering = self._ranked(question, candidates, focus, passages)
        tabled = self._table_value(focus or question, passages, ranked)
        parts = asks.parts(question) if not (tabled or focus) else []
        if len(parts) > 1:  # ("What is the default command_timeout, and what else is it used for?")
            tabled = next(filter(None, (self._table_value(part, passages, ranked) for part in parts)), None)
        if not answering:
            return self._compose(question, [tabled]) if tabled else self._refuse(question, ranked, passages)
        chosen = self._select(question, answering, focus)
        limit = self.settings.max_answer_sentences
        chosen = companions.with_announced(focus or question, chosen, ranked, passages, limit,
                                           TYPED_SHARE * self.settings.min_support)
        told = self._default_told(focus or question, chosen[0], passages)
        if told:
            chosen = self._other_defaults(focus or question, chosen, passages, told)
        if tabled:  # (the row the question names leads: a sentence may give the value of another)
            chosen = [tabled, *chosen][:limit]
        # A chosen sentence that announces a list ("Each extension needs to define:") comes
        # with it: the lead, or one that joined it. (Examples come later, `companions.with_examples`.)
        for i, sentence in enumerate(chosen):
            passage = entries.holding(sentence, passages)
            kept = chosen[:1] if i == 0 else chosen  # (the lead's list stands for the rest; another's joins them)
            have = {(c.doc_id, c.start) for c in kept}
            listed = [item for item in companions.listed_after(sentence, passage, limit - len(kept) + 1, self.catalog,
                                                               asks.asks_several(focus or question))
                      if (item.doc_id, item.start) not in have]  # (each sentence once)
            if listed:
                return self._compose(question, [*kept, *listed])
        chosen = companions.with_values(focus or question, chosen + self._part_answers(question, passages, chosen, focus),
                                        passages, limit)
        chosen = companions.with_examples(focus or question, chosen, passages, self.catalog)
        chosen = companions.with_release(focus or question, chosen, self.catalog, limit)
        said = [c.text for c in chosen]
        if not defaults.gives_default(said, focus or question) or not defaults.gives_bound(said, focus or question):
            return self._refuse(question, ranked, passages)  # (a sentence describing what has a default is no default)
        return self._compose(question, chosen)

    @staticmethod
    def _default_told(question: str, lead: Candidate, passages: list[Passage]) -> str:
        """Asked for a default, the lead that states one, or the lead and the sentence after
        it in its paragraph that does (`lists.value_after`); "" when neither does."""
        if not defaults.asks_default(question):
            return ""
        if defaults.gives_value(lead.text):
            return lead.text
        passage = entries.holding(lead, passages)
        value = lists.value_after(lead.start, lead.end, passage, question) if passage else None
        return f"{lead.text} {value[2]}" if value is not None and defaults.gives_value(value[2]) else ""

    def _other_defaults(self, question: str, chosen: list[Candidate], passages: list[Passage],
                        told: str) -> list[Candidate]:
        """Asked for a default, a lead that gives it (`told`, as `_default_told` found it) is the
        answer; another chosen sentence stays when it gives another figure for a question of
        several parts or settings ("The default is 853." and "The default is 443.") or says a
        name of the question the kept ones do not, nor its title, headings and file name ("On
        Linux it is 4096 bytes"); not the same value again
        ("The default is 15 minutes." beside "Default: read_timeout 15 minutes"), nor what only
        scores ("When a probe is registered...", naming nmap's files in nmap's manual)."""
        # (Of the question's words, its names: a condition, "on Linux", "with TLS"; not "named by".)
        asked = set(terms(" ".join(text_names(question, openers=False)))) | {
            t for name in identifiers.setting_names(question) for t in terms(name)}
        several = asks.several(question) or len(identifiers.setting_names(question)) > 1 or bool(asks.joined_things(question))
        lead = chosen[0]
        paragraph = self._said_before(lead, passages)
        given = roles.figures(told)
        covered = (set(terms(f"{lead.title} {lead.section} {paragraph} {told}")) | roles.named_by_path(lead.source)) & asked
        kept = chosen[:1]
        for sentence in chosen[1:]:
            told = self._default_told(question, sentence, passages)
            figures, adds = roles.figures(told), (set(terms(sentence.text)) & asked) - covered
            if several and told and figures and not figures <= given or adds:
                kept.append(sentence)
                given |= figures
                covered |= adds
        return kept

    @staticmethod
    def _said_before(sentence: Candidate, passages: list[Passage]) -> str:
        """What the sentence's paragraph and its entry's term say before it: "-PU port list
        (UDP Ping)" over "...If no ports are specified, the default is 40125."."""
        passage = entries.holding(sentence, passages)
        if passage is None:
            return ""
        paragraph = passage.text[: sentence.start - passage.start].rsplit("\n\n", 1)[-1]
        spans = passage_sentences(passage)
        at = next((i for i, (a, _) in enumerate(spans) if passage.start + a == sentence.start), None)
        return paragraph + " " + (entries.entry_terms(passage.text, spans)[at] if at is not None else "")

    def _table_value(self, question: str, passages: list[Passage], ranked: list[Candidate]) -> Candidate | None:
        """The row of a table that gives the value asked for (rag.tables), from the first
        passage that has one and says every word of the question but those common in the
        corpus (COMMON_NAME_SHARE: "use") and those that ask for a value ("default value"),
        as a candidate scored as the best sentence of its passage. (A row gives no sentence
        to score: "What TCP port does RELP use by default?" is not answered by the Port row
        of a page that never says RELP.)"""
        rare: set[str] | None = None
        for passage in passages:
            found = tables.value_in_table(question, passage)
            if not found:
                continue
            if rare is None:
                asked = set(terms(question)) - defaults.value_words(question)  # (what the value is of)
                frequencies = self.catalog.document_frequencies(asked)
                rare = {t for t in asked if frequencies.get(t, 0) < COMMON_NAME_SHARE * self.catalog.chunk_count()}
            said = " ".join([passage.title, passage.section, passage.text])
            if rare <= set(terms(said)) | joined(said):
                a, b, text = found
                like = next((c for c in ranked if entries.holding(c, [passage])), None)
                base = like or Candidate(passage.doc_id, passage.title, passage.source, a, b, text, section=passage.section)
                return replace(base, start=a, end=b, text=text, section=passage.section)
        return None

    def lead(self, question: str, candidates: list[Candidate], focus: str | None = None,
             passages: list[Passage] | None = None) -> Candidate | None:
        """The sentence the answer is built on (of `candidates`, as `score` gave them: its
        best, though reading order may show another first), or None when it refuses."""
        answering = self._ranked(question, candidates, focus, passages)[1]
        return answering[0] if answering else None

    def _entry_asked(self, question: str, ranked: list[Candidate]) -> Candidate | None:
        """For a question what a setting it names is or does ("What does the nft --check
        option do?"), the sentence that opens the setting's entry ("-c, --check Check commands
        validity without actually applying the changes."), below the bar too: its words need
        not be the question's ("nft", "option" are the manual's title and section), the
        entry's name is."""
        asked = {name.lower() for name in identifiers.setting_names(question)} | identifiers.entry_like_names(question)
        if not asked or not asks.asks_what_it_is(question) or defaults.asks_default(question) or asks.answer_types(question):
            return None
        # The question's other words are the entry's article's: its program's name ("nft"),
        # not another's ("What does the rclone --whole-file option do?" of rsync's entry),
        # nor something else asked of it ("What is the best alternative to --delete?").
        named = set().union(*(terms(name) for name in asked))
        others = set(terms(question)) - named - set(identifiers.SETTING_KINDS) - {"mean", "purpos", "use", "for"}
        return next((c for c in ranked if c.score >= TYPED_SHARE * self.settings.min_support and not c.missing_names
                     and identifiers.entry_names(c.text) & asked
                     and others <= set(terms(" ".join([c.title, c.section, c.source, c.text])))), None)

    def _ranked(self, question: str, candidates: list[Candidate], focus: str | None,
                passages: list[Passage] | None = None) -> tuple[list[Candidate], list[Candidate]]:
        """The candidates best first, and those of them that answer (empty: refuse)."""
        ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
        if not ranked:
            return ranked, []
        if ranked[0].score < self.settings.min_support:
            entry = None if focus else self._entry_asked(question, ranked)
            return ranked, [entry] if entry else []
        if focus:
            # A follow-up's own topic decides the answer: a sentence that itself says
            # what is asked now ("prize") leads, not a neighbour of it.
            asked_now = set(terms(focus))
            ranked.sort(key=lambda c: (c.score < self.settings.min_support or not asked_now & set(terms(c.text)),
                                       -c.score))
        answering = self._answering(focus or question, ranked, passages)  # (what a follow-up asks now)
        answering = [c for c in answering if not roles.is_question(c)]  # (a question read as prose states nothing)
        answering = self._naming_first(focus or question, answering)
        if focus:
            return ranked, answering
        entry = self._entry_asked(question, answering)
        if entry is not None:  # (not another sentence of its entry: "The --delete option may be combined with...")
            answering = [entry, *(c for c in answering if c is not entry)]
        if ranked[0].asked:
            # The FAQ's question most like the user's is followed by its answer, which need
            # not repeat its words ("Q: ... Is there a way to get rid of this text" over "A:
            # Just put the following line in your ~/.screenrc").
            reply = roles.next_to(ranked[0], ranked, after=True)
            while reply is not None and roles.is_question(reply):
                reply = roles.next_to(reply, ranked, after=True)
        else:
            # A FAQ whose questions are its headings ("3.1 How do I enable mouse support?"):
            # the first sentence under the one that asks the user's question answers it
            # ('Invoke mc like this (without quotes): "mc -x".'), in words of its own.
            reply = roles.under_asking_heading(question, ranked)
        if reply in answering:
            answering = [reply, *(c for c in answering if c is not reply)]
        return ranked, answering

    @staticmethod
    def _naming_first(asked: str, answering: list[Candidate]) -> list[Candidate]:
        """For a question that asks for several things ("Which shells can mc use as a
        subshell?"), a sentence nearly as good as the lead that names them in a row ("...works
        with the shells: bash, ash (BusyBox and Debian), tcsh, zsh and fish.") leads, when
        the lead names none so; for one asked by name ("Which signal wakes up a fetchmail
        daemon?"), one that names it ("The wake-up signal, SIGUSR1, can also be sent
        manually.") when the lead names nothing the question does not. Asked for a default, a
        lead that gives it stays first."""
        several, one = set(terms(asks.several_of(asked))), set(terms(asks.which_one(asked)))
        asked_names = {n.lower() for n in identifiers.setting_names(asked)}

        def names(text: str) -> bool:  # (a name the question does not say: "SIGUSR1", "--quit")
            return bool({n.lower() for n in identifiers.setting_names(text)} - asked_names)

        def gives(text: str) -> bool:
            return asks.lists_inline(text) if several else names(text)

        kind = several or one
        if not kind or not answering or gives(answering[0].text) \
                or defaults.asks_default(asked) and defaults.gives_value(answering[0].text):
            return answering  # (a lead that gives the default asked for stays: "The default category ... is 'message'.")
        giving = next((c for c in answering[1:] if c.score >= KEEP_RATIO * answering[0].score and not c.code
                       and gives(c.text) and kind <= set(terms(c.text))), None)
        return answering if giving is None else [giving, *(c for c in answering if c is not giving)]

    def _answering(self, asked: str, ranked: list[Candidate], passages: list[Passage] | None = None) -> list[Candidate]:
        """The candidates, best first, that can answer what the question's shape asks for
        (a role, a number, a time, a version, an option); empty when none can. A sentence
        may give it in the short one after it, in its paragraph ("-days n When -x509 is in
        use this specifies the number of days to certify the certificate for..." and "The
        default is 30 days.", lists.value_after): so it does, of `passages`."""
        if asks.WHO_ROLE.search(asked):
            # "Who is the foreign minister...?": only a sentence naming that role answers.
            ranked = [c for c in ranked if asks.names_role(c.text, asked)]
            if not ranked or max(c.score for c in ranked) < self.settings.min_support:
                return []
        # ("By default" of one part of a question in parts is read with that part.)
        by_default = defaults.by_default(asked) and len(asks.parts(asked)) < 2
        if defaults.asks_default(asked) or by_default:
            # The default is asked for: a sentence that states one leads ("The default is
            # typically 100 connections" before "When running a standby server, you must set
            # this parameter to the same or higher value...", both of max_connections'
            # entry), as a figure does when one is asked for, below the bar too (TYPED_SHARE).
            # So does one that says what is done by default, when that is asked.
            # (Below the bar, it shares a word of the question besides those asking for a value:
            # not only "(default: 465 if tls is smtps; 25 otherwise)" for "the default connection
            # timeout".)
            # So does one over the bar followed, in its paragraph, by a short one that states it
            # ("The intensity must be between 0 and 9." "The default is 7.", lists.value_after).
            of = set(terms(asked)) - defaults.value_words(asked)
            stating = [c for c in ranked if c.score >= TYPED_SHARE * self.settings.min_support
                       and (defaults.states_default(c.text) or by_default and defaults.by_default(c.text))
                       and not c.missing_names
                       and (c.score >= self.settings.min_support or of & set(terms(c.text)))]
            stating += [c for c in ranked if c.score >= self.settings.min_support and not c.missing_names
                        and c not in stating and passages is not None and self._default_told(asked, c, passages)]
            stating.sort(key=lambda c: defaults.conditional_default(c.text, asked))  # (the plain default first)
            ranked = stating + [c for c in ranked if c not in stating]
        wanted = asks.answer_types(asked)
        if not wanted:
            return ranked
        # A number or a time is asked for: only a sentence that gives one answers.
        # (A variable's name below the bar may join a lead over it, "If REQUESTS_CA_BUNDLE is
        # not set, CURL_CA_BUNDLE will be used as fallback.", but not lead: see below.)
        share = TYPED_SHARE if all(kind in asks.FIGURES or kind is asks.ENVIRONMENT_VARIABLE for kind in wanted) else 1.0

        def told(c: Candidate) -> str:
            passage = entries.holding(c, passages) if passages else None
            value = lists.value_after(c.start, c.end, passage, asked) if passage else None
            return f"{c.text} {value[2]}" if value else c.text

        def gives(c: Candidate, text: str) -> bool:
            return all(asks.gives(kind, text, asked, f"{c.title} {c.section}", c.section) for kind in wanted) and asks.counts(text, asked)

        giving = [c for c in ranked if c.score >= share * self.settings.min_support
                  and (gives(c, c.text) or c.score >= self.settings.min_support and gives(c, told(c)))]
        if asks.ENVIRONMENT_VARIABLE in wanted and not any(c.score >= self.settings.min_support for c in giving):
            return []  # (a word in capitals is no evidence on its own, as a figure is)
        # Sentences over the bar first, then, when the default is asked for, those that
        # state one, themselves or in the sentence after them ("...ensuring this limit for
        # unused data." "The default value is 5%.", not an example's "at most 10%"), then
        # figures ("$1 billion", "50") before number words ("the two countries").
        defaulted = defaults.asks_default(asked) or by_default
        giving.sort(key=lambda c: (c.score < self.settings.min_support,
                                   defaulted and not defaults.states_default(told(c)),
                                   not roles.STANDING_FIGURE.search(told(c)), -c.score))  # (its figure may follow it)
        return giving  # (a sentence without one is filler here)

    def _part_answers(self, question: str, passages: list[Passage], chosen: list[Candidate],
                      focus: str | None) -> list[Candidate]:
        """For a question in several parts ("..., and which quotes should I use?"), the
        sentence that best answers each part (read with its words weighing most, and by the
        rules of its own shape) when the answer lacks it and it clears the refusal bar."""
        if focus:
            return []
        parts = asks.parts(question)
        if len(parts) < 2:
            return self._thing_answers(question, passages, chosen)
        have = {(c.doc_id, c.start) for c in chosen}
        added: list[Candidate] = []
        for part in parts:
            if len(chosen) + len(added) >= self.settings.max_answer_sentences:
                break
            if not terms(part):
                continue  # ("..., and where?" asks nothing of its own)
            best = self._part_best(question, passages, part)
            if best is not None and (best.doc_id, best.start) in have:
                # The answer has the part's best sentence; but when none of its sentences
                # names the setting the part asks about ("What does TIG_NO_DISPLAY do, ...?"
                # answered "The main use is for automated testing of Tig."), the best
                # sentence that names it answers the part.
                held = best
                said = " ".join(c.text for c in [*chosen, *added])
                unnamed = {n.lower() for n in identifiers.setting_names(part) if not identifiers.says_identifier(n.lower(), said)}
                best = self._best_for(question, passages, part, asked=part, naming=set().union(
                    *(terms(n) for n in unnamed)), besides=have) if unnamed else None
                if best is None and not roles.gives_shape(part, held):
                    # Nor when it gives nothing of the part's shape ("When invoked as 'sh',
                    # Bash enters POSIX mode..." for "How do you put Bash into POSIX mode,
                    # and when does Bash enter it if invoked as sh?"): the part's next best
                    # sentence that does ("Starting Bash with the '--posix' option...").
                    nearest = self._part_best(question, passages, part, besides=have)
                    best = nearest if nearest is not None and roles.gives_shape(part, nearest) else None
                elif best is None and asks.YES_NO.match(part) and (own := self._own_words(part, parts, [*chosen, *added])) \
                        and not own & set(terms(said)):
                    # Nor, for a part asked yes or no, when the answer says none of its own
                    # words, only those it shares with another part ("...use command line for
                    # export and import everything" for "..., and are exported tabs
                    # encrypted?"): the part's next best sentence that says one ("Tabs are
                    # always exported **unencrypted**..."). (A part asking where or what is
                    # answered in words of its own: "During requests, it will write to...".)
                    nearest = self._part_best(question, passages, part, besides=have)
                    best = nearest if nearest is not None and own & set(terms(nearest.text)) else None
            if best is None or defaults.asks_default(part) and not self._gives_default_of(part, best, passages):
                continue
            have.add((best.doc_id, best.start))
            added.append(best)
        return added

    @staticmethod
    def _own_words(part: str, parts: list[str], said: list[Candidate]) -> set[str]:
        """The words of a part that no other part says, but verbs any answer may leave
        unsaid ("what happens if I do not?") and what the answer's articles are named by
        (titles, headings, file names)."""
        rest = list(parts)
        rest.remove(part)
        others = set().union(*(terms(other) for other in rest))
        named = set().union(*(set(terms(f"{c.title} {c.section}")) | roles.named_by_path(c.source) for c in said))
        return set(terms(part)) - others - named - _UNSAID_VERBS

    def _gives_default_of(self, part: str, sentence: Candidate, passages: list[Passage]) -> bool:
        """For a part that asks for a default: does the sentence give one (itself or in the one
        after it), of what the part asks about (said by it, its paragraph or its entry's term)?
        Not a description giving none, nor "Default: 20" under another setting's entry."""
        told = self._default_told(part, sentence, passages)
        own = set(terms(part)) - defaults.value_words(part)
        return bool(told) and bool(own & set(terms(f"{told} {self._said_before(sentence, passages)}")))

    def _part_best(self, question: str, passages: list[Passage], part: str,
                   besides: set[tuple[str, int]] | None = None) -> Candidate | None:
        """The best sentence for one part: one that names what the part asks for ("what
        severity does imfile assign...?") before one that says more of its other words."""
        head = asks.asked_head(part)
        return (self._best_for(question, passages, part, asked=part, naming=head, besides=besides) if head else None) \
            or self._best_for(question, passages, part, asked=part, besides=besides)

    def _thing_answers(self, question: str, passages: list[Passage], chosen: list[Candidate]) -> list[Candidate]:
        """For a question about two things joined by "and" ("where are my user cron jobs and
        my systemd timer jobs stored?"), the sentence that best answers about the thing the
        chosen sentences do not name (the question read with that thing's words weighing
        most), when it clears the refusal bar."""
        said = set(terms(chosen[0].text))  # (the lead's: another chosen sentence may only mention it)
        have = {(c.doc_id, c.start) for c in chosen}
        added: list[Candidate] = []
        things = asks.joined_things(question)
        if not things:
            return self._setting_answers(question, passages, chosen)
        for (phrase, own), (_, others) in zip(things, reversed(things)):
            # (An option is answered by its entry, which opens with it: "-Q  This option is
            # similar to the -q option, except..." only mentions -q.)
            told = any(roles.opens_with(c.text, phrase) for c in (chosen[0], *added)) \
                if asks.OPTION.fullmatch(phrase) else own & said
            if told or len(chosen) + len(added) >= self.settings.max_answer_sentences:
                continue
            # (A sentence naming both, "Automatic scheduled backup with cron job or systemd
            # timer job", says what is asked of neither.)
            best = self._best_for(question, passages, phrase, asked=question, naming=own, not_naming=others)
            if best is None or (best.doc_id, best.start) in have:
                continue
            have.add((best.doc_id, best.start))
            said |= set(terms(best.text))
            added.append(best)
        return added

    def _setting_answers(self, question: str, passages: list[Passage], chosen: list[Candidate]) -> list[Candidate]:
        """For settings named in a row ("the default values of --limit and --limit-burst"),
        the sentence that best answers about each one the chosen sentences do not name: one
        opening with it (its entry's), read with its name weighing most."""
        added: list[Candidate] = []
        for name in sorted(identifiers.joined_names(question)):
            said = " ".join(c.text for c in [*chosen, *added])
            if identifiers.says_identifier(name.lower(), said) or len(chosen) + len(added) >= self.settings.max_answer_sentences:
                continue
            best = self._best_for(question, passages, name, asked=question, opening=name,
                                  besides={(c.doc_id, c.start) for c in [*chosen, *added]})
            if best is not None:
                added.append(best)
        return added

    def _best_for(self, question: str, passages: list[Passage], focus: str, asked: str,
                  naming: set[str] | None = None, not_naming: set[str] | None = None,
                  besides: set[tuple[str, int]] | None = None, opening: str = "") -> Candidate | None:
        """The best sentence for one part or one thing of a question: read with `focus`'s
        words weighing most, answering what `asked` asks for (by its shape), saying a word
        of `naming` and none of `not_naming`, and opening with the setting `opening`, when
        given; None when none clears the refusal bar. (A sentence that asks a question
        states nothing.)"""
        def keeps(candidate: Candidate) -> bool:
            said = set(terms(candidate.text))
            return not roles.is_question(candidate) and (naming is None or bool(naming & said)) and not (not_naming or set()) & said \
                and (candidate.doc_id, candidate.start) not in (besides or set()) \
                and (not opening or roles.opens_with(candidate.text, opening) or roles.under_heading_of(candidate, opening))

        ranked = sorted(filter(keeps, self.score(question, passages, focus=focus)), key=lambda c: c.score, reverse=True)
        best = next(iter(self._answering(asked, ranked, passages)), None)
        # (The entry of a setting the question names need not say its other words, as in
        # `_entry_asked`.)
        bar = TYPED_SHARE * self.settings.min_support if opening else self.settings.min_support
        return best if best is not None and best.score >= bar else None

    def _select(self, question: str, ranked: list[Candidate], focus: str | None = None) -> list[Candidate]:
        """The best sentence, then only sentences nearly as good that add something the
        question asks about (a word of it the chosen ones lack): no filler."""
        best = ranked[0]
        floor = max(self.settings.min_support, KEEP_RATIO * best.score)
        asked = set(terms(focus or question))
        chosen, covered = [best], set(terms(f"{best.list_lead} {best.text}")) & asked  # (an item says its lead's words)
        # A sentence that restates the question is often followed by the one that answers
        # it ("...stored under a 40-digit hex name. That name is the SHA-1 hash of..."), or
        # tells how it is done ("...storage of credentials. You can achieve this using a
        # .netrc file.").
        # So does an entry described in a word or two ("-n Reverse operation."): the sentence
        # after it says what that means ("Run the command if the standard input is empty."; not
        # the next entry, "-s Print sizes.").
        following = roles.next_to(best, ranked, after=True)
        if following is not None and not roles.is_question(following) and not roles.points_elsewhere(following) and (
                not roles.restates(following.text, best.text) and (
                    following.score >= FOLLOWING_RATIO * best.score and asked & set(terms(following.text))
                    or roles.TELLS_HOW.match(following.text))
                or roles.briefly_described(best.text) and not identifiers.opens_entry(following.text)):
            chosen.append(following)
            covered |= set(terms(following.text)) & asked
        # A lead that points back ("This prevents it from...") is read with the sentence it
        # points to; so is a default that says nothing of what it is the default of ("The
        # default is 7.").
        if roles.OPENS_POINTING_BACK.match(best.text) or defaults.gives_value(best.text) \
                and not set(terms(best.text)) & (asked - defaults.value_words(focus or question)):
            before = roles.next_to(best, ranked, after=False)
            # (A note set apart is not what "This list" points to; its own next sentence reads with it.)
            if before is not None and not (roles.ASIDE.match(before.text) and before.next_start != best.start):
                chosen.append(before)  # (the lead stays first; reading order is restored later)
                covered |= set(terms(before.text)) & asked
        # "How do I...?" asks for a means: a lead that describes what an option does ("The
        # case of letters ... will be ignored") comes with the sentence before it that names
        # the option ("'-i, --case-insensitive' instructs flex to...").
        if roles.HOW_TO.search(focus or question) and not asks.OPTION.search(best.text):
            before = roles.next_to(best, ranked, after=False)
            if before is not None and before not in chosen and asks.OPTION.search(before.text) \
                    and before.score >= FOLLOWING_RATIO * best.score and not roles.points_elsewhere(before):
                chosen.append(before)
                covered |= set(terms(before.text)) & asked
        # "How do I...?" asks what to do: a lead that only describes the user's case ("When a
        # command is moved to a new location in the PATH, ... the hash table still records
        # the old location.") comes with what to do given just after it ("Use 'hash -r'
        # manually or set a bash option: ..."): the sentence right after it whatever its
        # score, one further on if it scores. "Why...?" asks for a reason: a lead that only
        # restates what is asked about ("Never pass current_app as sender") comes with the
        # reason given just after it ("The reason for this is that current_app is a proxy...").
        for asking, telling, next_one_free in ((roles.HOW_TO, roles.INSTRUCTS, True), (roles.WHY, roles.REASON, False)):
            if not asking.search(focus or question) or any(telling.search(c.text) for c in chosen):
                continue
            told = next((c for c in ranked if c.doc_id == best.doc_id and 0 <= c.start - best.end <= REASON_REACH
                         and telling.search(c.text) and not roles.is_question(c)
                         and (next_one_free and c.start - best.end <= 3 or c.score >= FOLLOWING_RATIO * best.score)), None)
            if told is not None and told not in chosen:
                chosen.append(told)
                covered |= set(terms(told.text)) & asked
        # A lead that only says it can be done ("you can run mount in either foreground or
        # background (aka daemon) mode") comes with the option it is done with, given just
        # after it ("Use the --daemon flag to force background mode.").
        if roles.HOW_TO.search(focus or question) and not any(asks.OPTION.search(c.text) for c in chosen):
            told = next((c for c in ranked if c.doc_id == best.doc_id and 0 <= c.start - best.end <= REASON_REACH
                         and roles.INSTRUCTS.search(c.text) and asks.OPTION.search(c.text) and not roles.is_question(c)
                         and set(terms(c.text)) & asked), None)  # (it says a word of the question: "background")
            if told is not None and told not in chosen:
                chosen.append(told)
                covered |= set(terms(told.text)) & asked
        defaulted = defaults.asks_default(focus or question) or defaults.by_default(focus or question)
        several = asks.asks_several(focus or question) or len(identifiers.setting_names(focus or question)) > 1
        for candidate in ranked[1:]:
            if candidate in chosen or roles.is_question(candidate) or roles.points_elsewhere(candidate):
                continue  # (a sentence that asks a question states nothing; one that points elsewhere, no more)
            if candidate.score < floor or len(chosen) >= self.settings.max_answer_sentences:
                break
            adds = (set(terms(candidate.text)) & asked) - covered
            if best.list_lead and candidate.list_lead == best.list_lead and candidate.list_item != best.list_item \
                    and not asks.asks_several(focus or question):
                continue  # (another item of the list the lead is one of: another case, "0 when the backup was successful")
            if identifiers.opens_entry(candidate.text) and any(identifiers.opens_entry(c.text) for c in chosen) and not several:
                continue  # (another entry of a reference: another setting, LESSHISTSIZE's beside LESSHISTFILE's)
            if defaulted and asks.MEASURE.search(candidate.text) and not defaults.states_default(candidate.text):
                continue  # (asked for the default, another figure is an example's: "at most 10%" beside "The default value is 5%.")
            if adds:
                chosen.append(candidate)
                covered |= adds
        counted = asks.counted(question)
        listed = companions.counted_list(counted, ranked, self.catalog, self.settings.max_answer_sentences) if counted else []
        return listed or chosen

    def _compose(self, question: str, chosen: list[Candidate]) -> Answer:
        # Keep the reading order of each article; articles in order of their best sentence.
        article_order = {c.doc_id: i for i, c in reversed(list(enumerate(chosen)))}
        chosen = sorted(chosen, key=lambda c: (article_order[c.doc_id], c.start))
        citations: list[Citation] = []
        sentences: list[AnswerSentence] = []
        for candidate in chosen:
            n = len(citations) + 1
            citations.append(Citation.quoting(n, candidate, candidate.text, candidate.start, candidate.end, candidate.score))
            # The sentence is the cited text itself, so its support is complete.
            # The answer reads as prose (a quote's line breaks are the file's wrapping); each
            # citation keeps the exact span.
            shown = lists.one_line(candidate.text) if candidate.code else tables.as_pairs(candidate.text) \
                if candidate.text.startswith("|") else lists.as_names(candidate.text) or prose.as_prose(candidate.text)
            sentences.append(AnswerSentence(shown, [n], True, 1.0))
        text = " ".join(f"{s.text} [{s.citations[0]}]" for s in sentences)
        return Answer(question, text, False, citations, sentences, BACKEND)

    def _refuse(self, question: str, ranked: list[Candidate], passages: list[Passage]) -> Answer:
        """The refusal, with the best sentence of each of the three closest passages (three
        sentences of one passage would hide the others, where a reader may find what the
        scoring missed)."""
        closest: dict[object, Candidate] = {}
        for c in ranked:
            passage = entries.holding(c, passages)
            closest.setdefault(passage.chunk_id if passage else (c.doc_id, c.start), c)
            if len(closest) == 3:
                break
        citations = [Citation.quoting(n, c, c.text, c.start, c.end, c.score)
                     for n, c in enumerate(closest.values(), start=1)]
        if not citations:  # (passages with no sentence to quote, code alone: they are what was found)
            citations = [Citation.quoting(n, p, p.text, p.start, p.end, p.score) for n, p in enumerate(passages[:3], start=1)]
        return Answer(question, REFUSAL, True, citations, [], BACKEND)
