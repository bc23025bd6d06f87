"""Passages -> Answer written by an LLM, then verified sentence by sentence.

The model writes from numbered passages with [n] markers (prompts in `rag.prompts`).
Nothing it writes reaches the user unchecked: `verify()` reads the reply (`rag.reply`:
markers parsed, those that name no passage dropped, every sentence checked against what it
cites, a citation repaired when another retrieved passage supports the sentence), keeps
what answers the question, and flags or drops what stays unsupported (`RAG_UNSUPPORTED`).
Each citation quotes the exact supporting span of its passage. A model's own "the
passages do not answer" becomes a refusal. Never worse than the extractive answer: where
the model's sentences miss, or say little of, what the quotes answer, the quotes are shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from rag import asks, defaults, grounding, lists
from rag.answer import REFUSAL, ExtractiveAnswerer
from rag.roles import gives_shape
from rag.candidates import Candidate
from rag.config import Settings
from rag.llm import ChatModel
from rag.prompts import answer_messages
from rag.reply import Reading, bare, read_reply
from rag.schema import Answer, AnswerSentence, Citation, Delta, Final, Passage
from rag.text import names, terms, words

BACKEND = "openai"
# A generated sentence answers when its evidence, scored among the passages' sentences as
# the extractive answer scores them, reaches this share of its bar: the model may phrase
# what the words of the question do not match. Where the extractive answer refuses (no
# sentence clears the bar, or none gives what the question's shape asks for: a number, a
# time, a role), nothing the model writes is an answer: with real small models every
# answer given there was wrong (an invented "git bisect start old new", "Install the Perl
# version you want to install" for how to use perlbrew, a code line the model wrote), none
# right.
RELEVANCE_SHARE = 0.5
# When the extractive answer answers, the evidence of one of the model's sentences must
# hold at least this share of what the best of its quotes holds of the question's rare
# words (IDF-weighted coverage), or the quotes are the answer.
MISSED_RATIO = 0.75
# A verified sentence whose evidence holds less than this share of what the best one holds
# of each part of the question's words (IDF-weighted coverage) is left out (padding).
OUTRANKED_SHARE = 0.5
# When the sentence the extractive answer leads with scores over 1/OUTSCORED_RATIO times the
# best of the model's kept sentences (the offline scorer's probability that it answers), it
# is quoted after them: a small model copies the passage beside the answer, echoing the
# question's words ("set MTU manually after experiments with ping" for "which command
# automates finding the path MTU?"), and the answer's sentence would be lost.
OUTSCORED_RATIO = 0.7
# A sentence resting on a quote says little of it when, with the question, it keeps less
# than this share of the quote's content words: SmolLM2 answered "What does yyless do?"
# with "The actions of yyless() are to scan the input stream and return the next
# character.", resting on "yyless(n) returns all but the first n characters of the current
# token back to the input stream..." (0.43 of it kept), and "What does the 'flex scanner
# jammed' error mean?" with "...a compilation error that occurs when a scanner is not able
# to match a very large token" (0.56). Restatements of the flex and Flask gold sets by
# Qwen2.5 and SmolLM2 that said what the quote says kept 0.75 or more.
KEPT_SHARE = 0.6


class GenerativeAnswerer:
    name = BACKEND

    def __init__(self, llm: ChatModel, settings: Settings, extractive: ExtractiveAnswerer) -> None:
        self.llm = llm
        # Answer.backend: "openai", or what another model behind the same seam calls itself
        # (rag.llamaindex.LlamaIndexLLM: "llama-index").
        self.name = getattr(llm, "backend", BACKEND)
        self.settings = settings
        self.extractive = extractive

    def stream(self, question: str, passages: list[Passage], focus: str | None = None,
               rewritten: str | None = None) -> Iterator[Delta | Final]:
        """Text deltas as the model writes them, then the verified Answer.

        The model reads `rewritten` when there is one (its own standalone rewrite of a
        follow-up); whether its sentences answer, and the quotes that replace them when
        they do not, are judged on `question` and `focus` as the extractive answer judges
        them (a follow-up joined to its topic): a rewrite that drifts cannot make the
        answer worse than the offline one."""
        if not passages:
            yield from self.extractive.stream(question, passages, focus)
            return
        parts = []
        stream = self.llm.stream(answer_messages(rewritten or question, passages))
        try:
            for delta in stream:
                parts.append(delta)
                yield Delta(delta)
        finally:
            stream.close()  # a reader that stops reading stops the model too
        yield Final(self.verify(question, "".join(parts), passages, truncated=stream.truncated, focus=focus))

    def answer(self, question: str, passages: list[Passage], focus: str | None = None,
               rewritten: str | None = None) -> Answer:
        """The verified Answer (see `stream`)."""
        if not passages:
            return self.extractive.answer(question, passages, focus)
        reply = self.llm.reply(answer_messages(rewritten or question, passages))
        return self.verify(question, reply.text, passages, truncated=reply.truncated, focus=focus)

    def verify(self, question: str, text: str, passages: Sequence[Passage], truncated: bool = False,
               readings: list[Reading] | None = None, focus: str | None = None) -> Answer:
        """The verified Answer to `question` (with a follow-up's `focus`, as the extractive
        answer reads them) from the model's reply `text`. With `readings` (a list), each
        sentence's `Reading` is appended to it, its outcome settled."""
        found = read_reply(text, passages, truncated, question)
        if readings is not None:
            readings.extend(found)
        checked_ones = [r for r in found if r.outcome in {"refusal", "supported", "unsupported"}]
        if not checked_ones:
            # Nothing but markers, titles or fragments: the model pointed without saying.
            return self._fallback(self.extractive.answer(question, list(passages), focus),
                                  "The model's reply held no sentence to check, so the answer is quoted from "
                                  "the passages instead.")
        if all(r.outcome == "refusal" for r in checked_ones):
            return self._refuse(question, focus, passages)

        candidates = self.extractive.score(question, list(passages), focus)
        offline = self.extractive.answer(question, list(passages), focus, candidates=candidates)
        answered = not offline.refused
        # The sentence the quotes lead with (not always the best scored: a question for a
        # figure is answered by a sentence that gives one, a follow-up by one that says
        # what it asks now).
        lead = self.extractive.lead(question, candidates, focus, list(passages))
        quotes = [c for c in candidates if _quoted_by(c, offline)]
        relevant = self.settings.min_support * RELEVANCE_SHARE if answered else float("inf")
        fits = {id(r): _placed(r.text, r.verdict.spans, candidates, code=r.verdict.copied)
                for r in checked_ones if r.outcome == "supported" and r.verdict is not None}
        outranked = self._outranked(question, focus, [r for r in checked_ones if (f := fits.get(id(r)))
                                                      and (f.score >= relevant or f in quotes)])
        citations: dict[tuple[str, int, int], Citation] = {}
        checked: list[AnswerSentence] = []
        supplied = 0  # sentences whose citations the check found, not the model
        restated = 0  # sentences replaced by the passage sentence they left a name or number of
        covered = 0.0  # the most of the question's rare words one verified sentence's evidence holds
        best = 0.0  # the highest score of a kept sentence's evidence
        unsaid: list[Candidate] = []  # quotes a kept sentence rests on but says little of
        for reading in checked_ones:
            sentence, numbers, verdict = reading.text, reading.markers, reading.verdict
            if any(bare(sentence) == bare(shown.text) for shown in checked):
                reading.outcome = "repeat"  # a looping model says it again: shown once
                continue
            if reading.outcome == "refusal":  # a remark about the evidence, not a claim
                checked.append(AnswerSentence(sentence, [], True, 1.0))
                continue
            assert verdict is not None
            if verdict.supported:
                fit = fits[id(reading)]
                reading.relevance = None if fit is None else round(fit.score, 4)
                # (A sentence the quotes give answers, whatever its score: a figure asked
                # for is given at a quarter of the bar, see rag.answer.TYPED_SHARE.)
                if fit is None or (fit.score < relevant and fit not in quotes) or id(reading) in outranked:
                    reading.outcome = "off_topic"
                    continue  # true to its passage, but not an answer to this question
                covered = max(covered, fit.coverage)
                best = max(best, fit.score)
                rests = fit in quotes and not verdict.copied  # (a line of code rests on no sentence)
                thin = _says_little_of(fit.text, question, sentence, verdict) if rests else None
                if thin == "add":
                    unsaid.append(fit)
                elif rests and (thin == "restate" or _left_out(fit.text, f"{question} {sentence}")):
                    # It rests on a sentence the quotes give but leaves out a name or number
                    # of that sentence ("Git uses a three-way merge strategy" for
                    # "...the `ort` strategy, which does a fancy three-way merge"), or most of
                    # its words and says nothing else the evidence holds: that sentence is
                    # quoted in its place, or the answer would say less. (A line of code
                    # does not rest on the sentence introducing it.)
                    quote = " ".join(fit.text.split())
                    if any(bare(quote) == bare(shown.text) for shown in checked):
                        reading.outcome = "repeat"  # (that quote is shown already)
                        continue
                    reading.outcome = "restated"
                    restated += 1
                    checked.append(AnswerSentence(quote, [_cite(citations, _span_of(fit, passages))], True, 1.0))
                    continue
                reading.outcome = "kept"
                supplied += not set(numbers) & set(reading.cited)
                checked.append(AnswerSentence(sentence, [_cite(citations, s) for s in verdict.spans], True, verdict.support))
            elif self.settings.unsupported == "flag":
                # Shown, marked, and citing nothing: its citations did not back it.
                reading.outcome = "flagged"
                checked.append(AnswerSentence(sentence, [], False, verdict.support))
            else:
                reading.outcome = "dropped"

        if not answered:
            return self._fallback(offline, "No sentence of the passages answers this question by the offline "
                                           "scorer, so the model's answer, judged by the same scorer, is not shown.")
        if not any(s.supported and s.citations for s in checked):
            # Nothing the model wrote could be verified as an answer: answer from the passages.
            return self._fallback(offline, "The model's answer could not be verified against "
                                           "the passages, so it was replaced by quotes from them.")
        if quotes and (covered < MISSED_RATIO * max(c.coverage for c in quotes)
                       or self._part_missed(question, focus, checked_ones, quotes, passages)
                       or _items_missed(question, checked_ones, offline, self.settings.max_answer_sentences)):
            # Never worse than the offline answer: the model wrote true sentences around a
            # passage that answers far better ("oil shipments" answered with wheat exports).
            return self._fallback(offline, "The model's answer missed the passage that answers "
                                           "best (or a part of the question), so the answer is quoted from "
                                           "the passages instead.")
        # (The lead is quoted after the model's answer when it scores far above it, or when
        # the answer leaves out a name or number it gives: Qwen answered "what is /sbin/init
        # actually?" with how to check it, true, without "/lib/systemd/systemd".)
        written = [s.text for s in checked if s.supported]
        added = lead is not None and (best < OUTSCORED_RATIO * lead.score or _left_out(lead.text, " ".join([question, *written]))) \
            and _quote(lead, passages, citations, checked)
        giving = _giving(question, [lead, *quotes] if lead else quotes, written)
        shape_added = giving is not None and _quote(giving, passages, citations, checked)
        # (In order, each once: `_quote` skips a sentence cited already.)
        unsaid_added = sum(_quote(quote, passages, citations, checked) for quote in unsaid)
        parts_added = _add_parts(question, focus, quotes, passages, citations, checked)
        answer = Answer(question, _render(checked), False, list(citations.values()), checked, self.name)
        if added:
            answer.warnings.append("The passage sentence the offline answer leads with was added after the "
                                   "model's answer, which left it out.")
        if shape_added:
            answer.warnings.append("The model's answer did not give what the question asks for (a figure, a name, a "
                                   "default, what to do), so the passage sentence that does is quoted after it.")
        if unsaid_added:
            answer.warnings.append("The model's answer said little of the passage sentence it rests on, which is "
                                   "quoted after it.")
        if parts_added:
            answer.warnings.append(f"{parts_added} passage sentence{'s' * (parts_added > 1)} of the offline answer "
                                   "said what the model's answer did not of the question, and "
                                   f"{'are' if parts_added > 1 else 'is'} quoted after it.")
        if restated:
            answer.warnings.append(f"{restated} sentence{'s' * (restated > 1)} of the model's answer left out a name or "
                                   "number, or most of the words, of the passage sentence that answers, which is "
                                   "quoted in its place.")
        if supplied:
            answer.warnings.append(f"The citations of {supplied} sentence{'s' * (supplied > 1)} were found by the "
                                   "grounding check, not given by the model.")
        return answer

    def _fit(self, question: str, focus: str | None, sentence: str, spans: Sequence[grounding.Span]) -> Candidate | None:
        """The evidence sentence that shares most words with `sentence`, scored alone against
        `question`: its coverage of the question's words, for `_outranked`."""
        evidence = [replace(s.passage, text=s.text, start=s.start, end=s.end, sentences=None) for s in spans]
        said = set(terms(sentence))
        return max(self.extractive.score(question, evidence, focus), key=lambda c: (len(said & set(terms(c.text))), c.score),
                   default=None)

    def _outranked(self, question: str, focus: str | None, relevant: list[Reading]) -> set[int]:
        """The ids of the relevant readings that answer no part of the question nearly as
        well as another does: a small model lists every rule of a passage ("Use only 7-bit
        ASCII", "Lines should be no more than 78 characters") when asked how far to indent
        and which quotes to use. Each part ("..., and which ...?") has its own best."""
        parts = asks.parts(question) if focus is None else [question]
        scores = {}
        for reading in relevant:
            assert reading.verdict is not None
            fits = [self._fit(part, focus, reading.text, reading.verdict.spans) for part in parts]
            scores[id(reading)] = [fit.coverage if fit else 0.0 for fit in fits]
        best = [max((s[i] for s in scores.values()), default=0.0) for i in range(len(parts))]
        return {key for key, s in scores.items() if all(s[i] < OUTRANKED_SHARE * best[i] for i in range(len(parts)))}

    def _part_missed(self, question: str, focus: str | None, readings: list[Reading], quotes: list[Candidate],
                     passages: Sequence[Passage]) -> bool:
        """Does the model's answer miss a part of the question ("when is the list notified,
        and at what time of day is the release pushed?") that the quotes answer: for some
        part, no kept sentence's evidence holds MISSED_RATIO of what the best quote holds
        of that part's rare words?"""
        parts = asks.parts(question) if focus is None else []
        if len(parts) < 2:
            return False
        kept = [r for r in readings if r.outcome in {"kept", "restated"}]
        for part in parts:
            said = [self._fit(part, focus, r.text, r.verdict.spans) for r in kept if r.verdict]
            quoted = [self._fit(part, focus, q.text, [_span_of(q, passages)]) for q in quotes]
            if max((f.coverage for f in said if f), default=0.0) < MISSED_RATIO * max((f.coverage for f in quoted if f), default=0.0):
                return True
        return False

    def _fallback(self, fallback: Answer, why: str) -> Answer:
        """The extractive answer in place of the model's, saying why."""
        fallback.backend = f"{self.name}+extractive"
        fallback.warnings.append(why)
        return fallback

    def _refuse(self, question: str, focus: str | None, passages: Sequence[Passage]) -> Answer:
        closest = self.extractive.answer(question, list(passages), focus)
        if not closest.refused:
            # Never worse than the offline answer: a small model refuses what the quotes
            # answer (a 0.5B model refused two git follow-ups whose passage it was given).
            closest.backend = f"{self.name}+extractive"
            closest.warnings.append("The model found no answer in the passages, but these quotes from them "
                                    "clear the bar for an answer.")
            return closest
        return Answer(question, REFUSAL, True, closest.citations[:3], [], self.name)


def _placed(sentence: str, spans: Sequence[grounding.Span], candidates: Sequence[Candidate],
            code: bool = False) -> Candidate | None:
    """How well the evidence of a sentence answers the question, not only backs the
    sentence ("Who is the prime minister of India?" is not answered by a true sentence
    about Pakistan): of the passages' sentences as the extractive answer scored them, the
    one within the evidence that shares most words with it. (A span may hold a neighbour
    that says more.) Scored among all of them, not alone: alone, any sentence ranks first
    and trails no better one, and a true line beside the question passed as its answer
    ("Install the Perl version you want to install" for how to use perlbrew). A line of
    `code` (a verdict of a line copied whole) is placed as the sentence that introduces it,
    the last before it in its passage ("...call the Cls method:"). None when there is none."""
    said = set(terms(sentence))
    inside = [c for c in candidates if _within(c, spans)]
    if not inside:  # a copy of a sentence scored once, where another passage holds it
        evidence = [" ".join(s.text.split()) for s in spans]
        inside = [c for c in candidates if any(" ".join(c.text.split()) in text for text in evidence)]
    if code and not inside:
        line = spans[0]
        return max((c for c in candidates if c.doc_id == line.passage.doc_id
                    and line.passage.start <= c.start and c.end <= line.start), key=lambda c: c.end, default=None)
    return max(inside, key=lambda c: (len(said & set(terms(c.text))), c.score), default=None)


def _add_parts(question: str, focus: str | None, quotes: list[Candidate], passages: Sequence[Passage],
               citations: dict[tuple[str, int, int], Citation], sentences: list[AnswerSentence]) -> int:
    """Never worse than the quotes on a question of several parts: each quote that says a
    word of the question that the answer's verified sentences and quotes do not is
    quoted after them ("When and where did Putin and Sharif last meet...?" answered by
    SmolLM2 with the lead alone, about this week's meeting, without "They last met two
    years ago at the 2022 SCO Summit in Tashkent"). How many were added."""
    if not asks.several(focus or question):
        return 0  # (the quotes' other sentences add words of the question's frame: padding)
    asked = set(terms(focus or question))
    said = {t for s in sentences if s.supported for t in terms(s.text)}
    said |= {t for c in citations.values() for t in terms(c.quote)}
    added = 0
    for quote in quotes:
        if (set(terms(quote.text)) & asked) - said and _quote(quote, passages, citations, sentences):
            said |= set(terms(quote.text))
            added += 1
    return added


def _items_missed(question: str, readings: list[Reading], offline: Answer, most: int) -> bool:
    """A question that counts what it asks for ("What three things must Pakistan do...?")
    that the quotes answer with that many items ("To begin with...", "The second...") after
    the sentence the list follows (rag.companions.counted_list, at most `most` items): does the model's
    answer leave one of those items out?"""
    asked = asks.counted(question)
    if asked is None:
        return False
    wanted = min(asked[0], most)
    items = offline.citations[-wanted:]
    if len(offline.citations) <= wanted or not all(lists.ORDINAL_START.match(item.quote) for item in items):
        return False  # (the quotes are no such list)
    said = [s for r in readings if r.outcome in {"kept", "restated"} and r.verdict for s in r.verdict.spans]
    return not all(_within(item, said) for item in items)


def _within(quoted: Candidate | Citation, spans: Sequence[grounding.Span]) -> bool:
    """Does a sentence (a candidate, or a citation's quote) overlap one of the spans?"""
    return any(quoted.doc_id == s.passage.doc_id and quoted.start < s.end and s.start < quoted.end for s in spans)


def _cite(citations: dict[tuple[str, int, int], Citation], span: grounding.Span) -> int:
    """The number of the citation quoting `span`, adding it if new."""
    key = (span.passage.doc_id, span.start, span.end)
    if key not in citations:
        citations[key] = Citation.quoting(len(citations) + 1, span.passage, span.text, span.start, span.end,
                                          span.passage.score)
    return citations[key].n


def _span_of(candidate: Candidate, passages: Sequence[Passage]) -> grounding.Span:
    """The candidate sentence as a span of the passage it was read from."""
    passage = next(p for p in passages if p.doc_id == candidate.doc_id and p.start <= candidate.start <= candidate.end <= p.end)
    return grounding.Span(passage, candidate.start, candidate.end)


def _quoted_by(candidate: Candidate, offline: Answer) -> bool:
    """Is `candidate` one of the sentences the extractive answer quotes?"""
    return not offline.refused and any(candidate.doc_id == c.doc_id and candidate.start < c.end and c.start < candidate.end
                                       for c in offline.citations)


# What a paraphrase must not lose: code names, paths, numbers written as digits, and
# short `backticked` terms ("/etc/hostname", "5.8.0", `ort`). (Not words in quotes: a
# sentence quotes what someone said, “further move”, which a paraphrase may well leave out.)
_PATH = re.compile(r"(?<![\w.])/[\w.+-]+(?:/[\w.+-]+)*")
_CODE = re.compile(r"`([^`\n]+)`")


def _left_out(quote: str, said: str) -> bool:
    """Does `said` (the question and the model's sentence) leave out a name, code name, path
    or number that `quote` gives? ("Russia would need to turn the Line of Control into the
    international border" for "Without a political resolution to the Kashmir Conflict...")"""
    return bool(_specifics(quote) - _specifics(said)) or not set(names(quote, openers=False)) <= set(words(said))


def _says_little_of(quote: str, question: str, sentence: str, verdict: grounding.Verdict) -> str | None:
    """Does `sentence`, resting on `quote`, say little of it (`KEPT_SHARE`) while saying
    words its evidence lacks? (A sentence true word for word that keeps little of a long
    quote is a concise answer: "Pakistan indefinitely suspended Russian oil shipments".)
    Then "restate" when it says nothing else its evidence holds either (its own words: the
    quote is shown in its place), "add" when it brings words from beside the quote (it is
    kept and the quote added: "clickjacking", from the sentence after the one it rested
    on); None otherwise."""
    quoted, asked, said = set(terms(quote)), set(terms(question)), set(terms(sentence))
    if verdict.support >= 1 or len(quoted & (said | asked)) >= KEPT_SHARE * len(quoted):
        return None
    evidence = set(terms(" ".join(span.text for span in verdict.spans)))
    return "add" if (said - quoted - asked) & evidence else "restate"


def _giving(question: str, quotes: list[Candidate], written: list[str]) -> Candidate | None:
    """When none of the model's verified sentences (`written`) gives what the question's
    shape asks for, the first of the `quotes` that does; None otherwise. Qwen2.5-Coder-0.5B
    answered "Is the built-in debugger enabled by default?" with the true sentences beside
    "The debugger is enabled by default when...", and "Which SameSite setting is
    recommended?" with "The SameSite setting is recommended for cookies to prevent...",
    beside "Can be set to 'Lax' (recommended) or 'Strict'." """
    if not quotes or any(_gives_asked(question, replace(quotes[0], text=text)) for text in written):
        return None  # (the model's sentences read with the title and section of the quotes' first)
    return next((quote for quote in quotes if _gives_asked(question, quote)), None)


def _gives_asked(question: str, sentence: Candidate) -> bool:
    """Does the sentence give what the question's shape asks for (rag.roles.gives_shape: a
    figure, a time, a setting's name, something to do), and a default where one is asked
    for, or what is done by default when that is asked?"""
    defaulted = defaults.asks_default(question) or defaults.by_default(question)
    return gives_shape(question, sentence) and (not defaulted or defaults.states_default(sentence.text)
                                                 or defaults.by_default(sentence.text))


def _specifics(text: str) -> set[str]:
    found = set(grounding.identifiers(text)) | set(_PATH.findall(text)) | set(re.findall(r"\d+(?:[.,]\d+)*", text))
    found |= {code for code in _CODE.findall(text) if len(code.split()) <= 3}
    return {term.lower().strip(" .,") for term in found}


def _quote(candidate: Candidate, passages: Sequence[Passage], citations: dict[tuple[str, int, int], Citation],
           sentences: list[AnswerSentence]) -> bool:
    """Add `candidate` to the answer's `sentences`, cited, unless its passage sentence is
    cited already or the answer says it word for word (a verified sentence copying two);
    whether it was added. (A quote only within a longer span cited is added: a sentence
    resting on it may say little of it.)"""
    def words_of(text: str) -> str:
        # Whole words, without the marks at their edges: "It is 5 MB." is not said by
        # "...limit is 5 MBit..." nor "The limit is 5." by "The limit is 5.5 MB".
        return " " + " ".join(re.sub(r"(?<!\w)[^\w\s]+|[^\w\s]+(?!\w)", " ", bare(text)).split()) + " "

    said = words_of(" ".join(s.text for s in sentences))
    if (candidate.doc_id, candidate.start, candidate.end) in citations or words_of(candidate.text) in said:
        return False
    sentences.append(AnswerSentence(candidate.text, [_cite(citations, _span_of(candidate, passages))],
                                    True, 1.0))
    return True


def _render(sentences: list[AnswerSentence]) -> str:
    """The answer text: each sentence with its [n] markers, unverified ones marked as such."""
    parts = []
    for s in sentences:
        marks = "".join(f" [{n}]" for n in s.citations)
        parts.append(s.text + marks + ("" if s.supported else " (unverified)"))
    return " ".join(parts)
