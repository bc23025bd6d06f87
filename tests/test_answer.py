"""The answer contract over the real seeds: exact quotes, expected facts, refusals; the sentence scorer."""

import json
import pytest

from conftest import ROOT, eval_script


ANSWERABLE = [
    ("What happened to Russian oil shipments to Pakistan?", ["indefinitely suspended such shipments"]),
    ("What three things must Pakistan do to expand ties with Russia?",
     ["yoke of American hegemony", "repair its relations with the Taliban", "BRICS"]),
    ("Who is the new Russian ambassador to Pakistan?", ["Albert Khorev"]),
    ("Where did Putin and Sharif meet?", ["SCO Summit in Astana"]),
    ("How much is trade between Russia and Pakistan?", ["$1 billion"]),
    ("What did Donald Lu tell Congress?", ["red lines"]),
    ("What is the Pakistani Establishment?", ["military-intelligence services"]),
    ("What could happen if Pakistan goes rogue from the US perspective?", ["IMF’s purse strings"]),
    ("How much in fines could Pakistan face over the Iran pipeline?", ["$18 billion"]),
    ("Which transport corridor was used for the barter trials?", ["North-South Transport Corridor"]),
    ("How large could the arbitration penalty over the Iranian pipeline be?", ["$18 billion"]),  # (says "Iran")
    ("Why won't Russia let Pakistan into BRICS?", ["Kashmir"]),
    ("What sectors did Sharif want to cooperate with Russia on?", ["energy, trade and investment"]),
    # (issue 11: the figure sits in the third passage, its sentence scores under the bar)
    ("How big is the trade between the two countries?", ["$1 billion"]),
]


OUT_OF_CORPUS = [
    "Who is the prime minister of India?",
    "How do I bake bread?",
    "What is the capital of France?",
    "Who won the 2022 football World Cup?",
    "What is the GDP of Russia?",
    "How many nuclear weapons does Pakistan have?",
    "What is the population of Pakistan?",
    "When was the Taliban founded?",
    "Who founded the SCO?",
    "How many Russian soldiers are based in Pakistan?",  # numbers are given, none counts soldiers
    "How much oil does Russia sell to Pakistan?",  # an amount of trade is given, not of oil
    "Who is the foreign minister of Russia?",  # people are named, in other roles
]


def test_a_question_for_a_number_gets_the_sentence_with_it_and_no_filler(seeded):
    answer = seeded.ask("How big is the trade between the two countries?")
    assert len(answer.sentences) == 1 and "$1 billion" in answer.answer, answer.answer


@pytest.mark.parametrize("question, facts", ANSWERABLE)
def test_answerable_questions_are_answered_with_the_facts(seeded, question, facts):
    answer = seeded.ask(question)
    assert not answer.refused, answer.answer
    for fact in facts:
        assert fact in answer.answer
    # Every [n] in the text names a citation, and every citation is used.
    numbers = {c.n for c in answer.citations}
    for n in numbers:
        assert f"[{n}]" in answer.answer
    assert all(set(s.citations) <= numbers and s.supported for s in answer.sentences)


@pytest.mark.parametrize("question", OUT_OF_CORPUS)
def test_out_of_corpus_questions_are_refused_with_the_closest_passages(seeded, question):
    answer = seeded.ask(question)
    assert answer.refused, answer.answer
    assert "found no answer" in answer.answer
    assert answer.sentences == []
    assert 1 <= len(answer.citations) <= 3
    # Each from another passage: three sentences of one would hide the rest.
    passages = seeded.retrieve(question)
    held_in = [next(p.chunk_id for p in passages if p.doc_id == c.doc_id and p.start <= c.start < p.end)
               for c in answer.citations]
    assert len(set(held_in)) == len(held_in) == min(3, len(passages))


def test_a_refusal_over_passages_with_no_sentence_still_lists_them(ingested):
    # Trial 32: "...The closest passages are listed below." and then nothing, when every
    # passage retrieved was code (a configuration file's comments, then read as code).
    code = "```\n# cache_mgr webmaster\nshutdown_lifetime 30 seconds\nmaximum_object_size 4 MB\n```\n"
    assistant = ingested({"squid.md": code})
    answer = assistant.ask("What does the cache_mgr setting do?")
    assert answer.refused and answer.citations
    article = assistant.article(answer.citations[0].doc_id)
    assert all(article.text[c.start:c.end] == c.quote and "cache_mgr" in c.quote for c in answer.citations)


@pytest.mark.parametrize("question", [q for q, _ in ANSWERABLE] + OUT_OF_CORPUS)
def test_every_quote_is_the_exact_article_text_at_its_offsets(seeded, question):
    for citation in seeded.ask(question).citations:
        article = seeded.article(citation.doc_id)
        assert article.text[citation.start : citation.end] == citation.quote
        # ... and the same slice of the file on disk, which anyone can check.
        file_text = (ROOT / citation.source).read_bytes().decode("utf-8")
        assert file_text[citation.start : citation.end] == citation.quote


def test_answer_json_has_the_contract_fields(seeded):
    data = json.loads(json.dumps(seeded.ask("Where did Putin and Sharif meet?").to_dict()))
    contract = {"question", "answer", "refused", "citations", "sentences", "backend", "timings_ms"}
    assert contract <= set(data) and set(data) - contract == {"search_query", "warnings"}
    # (beyond the contract: the section the quote sits in)
    assert set(data["citations"][0]) == {"n", "doc_id", "title", "source", "quote", "start", "end", "score", "section"}
    assert set(data["sentences"][0]) == {"text", "citations", "supported", "support"}
    assert data["backend"] == "extractive"
    assert set(data["timings_ms"]) == {"retrieve", "generate", "total"}


def test_empty_question_is_an_error(seeded):
    from rag.errors import EmptyQuestionError

    with pytest.raises(EmptyQuestionError):
        seeded.ask("   ")


def test_unknown_or_no_documents(seeded):
    from rag.errors import NotFoundError

    with pytest.raises(NotFoundError, match="rag sources"):
        seeded.ask("Where did Putin and Sharif meet?", documents=["no-such-doc"])
    assert seeded.retrieve("Where did Putin and Sharif meet?", documents=[]) == []


def test_hard_wrapped_text_is_answered_with_whole_sentences_and_their_section(ingested):
    from test_structure import WRAPPED

    assistant = ingested({"sorting.txt": WRAPPED})
    answer = assistant.ask("What happens to the original order when multiple records have the same key?")
    assert not answer.refused
    # (It points back, so the sentence it points to comes before it.)
    assert answer.citations[0].quote == "Sorts are guaranteed to be stable."
    first = answer.citations[1]
    # The whole sentence across its line break, not the half-line before it.
    assert first.quote == "That means that when multiple records have\nthe same key, their original order is preserved."
    assert first.section == "Sort Stability"
    assert "have the same key, their original order is preserved. [2]" in answer.answer
    assert not any(c.quote.startswith(("Sort Stability", "---", "$ sort")) for c in answer.citations)


def test_the_sentence_scorer_weighs_the_signals_its_fitting_script_lists():
    # The weights are written by eval/fit_scorer.py: a signal renamed or added on one side
    # only would be silently ignored (or crash on the first question).
    from rag.candidates import MODEL, Candidate

    fit_scorer = eval_script("fit_scorer")
    assert list(MODEL["weights"]) == fit_scorer.SIGNALS
    candidate = Candidate("d", "t", "s", 0, 10, "Some sentence that answers.")
    assert all(isinstance(getattr(candidate, signal), float) for signal in fit_scorer.SIGNALS)


def test_fitting_finds_the_signal_that_tells_answers_apart():
    import numpy as np

    fit_scorer = eval_script("fit_scorer")
    rng = np.random.default_rng(7)
    rows = []
    for _ in range(60):  # questions of 12 candidate sentences; the one with the highest signal 0 answers
        X = rng.random((12, 3))
        y = X[:, 0] == X[:, 0].max()
        rows.append({"X": X, "y": y, "penalty": np.ones(12), "answerable": True})
    beta = fit_scorer.fit(rows)
    assert beta[0] > 3 and abs(beta[1]) < 1 and abs(beta[2]) < 1
    assert fit_scorer.figures(rows, beta)["hit@1"] > 0.9


HG_PHASES = """What are phases?
================

Phases track which changesets have been or should be shared. Secret commits are never
pushed. See :hg:`help -v phase` for secret commits and examples.

To make your commits secret by default, put this in your
configuration file::

  [phases]
  new-commit = secret

Phases and servers
==================

Normally, all servers are ``publishing`` by default.
"""


def test_a_sentence_that_only_points_elsewhere_is_no_part_of_the_answer(ingested):
    # Blind trial 30 (Mercurial's help on phases): "How can I make all my new commits private
    # so they never get pushed...?" was answered with "See :hg:`help -v phase` for examples."
    # beside the answer (its "-v" read as the option a "How...?" lead comes with).
    assistant = ingested({"hg-phases.txt": HG_PHASES, "other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    reply = assistant.ask("How can I make my commits secret by default?")
    assert "new-commit = secret" in reply.answer
    assert "See :hg:" not in reply.answer
    # One that names the settings to read of says what to use (trial 20's visudo editor).
    from rag.roles import points_elsewhere
    from rag.candidates import Candidate

    def sentence(text: str) -> Candidate:
        return Candidate("d", "T", "s.md", 0, len(text), text)

    assert not points_elsewhere(sentence("See the 'editor' and 'env_editor' entries in the sudoers manual."))
    assert points_elsewhere(sentence("See systemd.timer(5) and systemd.service(5)."))


def test_a_lead_that_points_back_is_not_read_with_a_note_box(monkeypatch):
    # Requests' advanced guide (trial 35, B09): "This list of trusted CAs can also be
    # specified through the REQUESTS_CA_BUNDLE environment variable." follows a note box
    # ("Note: If verify is set to a path to a directory, ... c_rehash ..."), which led the answer.
    from rag.answer import ExtractiveAnswerer
    from rag.candidates import Candidate
    from rag.config import Settings

    monkeypatch.setattr(Candidate, "score", property(lambda c: c.coverage))  # scores set by hand

    def sentence(start: int, text: str, score: float) -> Candidate:
        return Candidate("advanced", "Advanced Usage", "requests/advanced.html", start, start + len(text), text,
                         coverage=score)

    note = sentence(0, "Note: If verify is set to a path to a directory, the directory must have been processed "
                       "using the c_rehash utility supplied with OpenSSL.", 0.07)
    lead = sentence(note.end + 2, "This list of trusted CAs can also be specified through the REQUESTS_CA_BUNDLE "
                                  "environment variable.", 0.38)
    answerer = ExtractiveAnswerer.__new__(ExtractiveAnswerer)
    answerer.settings = Settings()
    assert answerer._select("Which environment variable can list the trusted CAs?", [lead, note]) == [lead]
    # A note's own next sentence, in its paragraph, still reads with it (redis.conf: "Warning: ...
    # an outside user can try up to 1 million passwords per second... This means that you should
    # use very strong passwords...": helper-102's review).
    warning = sentence(0, "Warning: an outside user can try up to 1 million passwords per second.", 0.1)
    means = sentence(warning.end + 1, "This means that you should use very strong passwords.", 0.4)
    warning.next_start = means.start
    assert answerer._select("Should I use very strong passwords?", [means, warning]) == [means, warning]
    plain = sentence(0, "You can pass verify the path to a CA_BUNDLE file with certificates of trusted CAs.", 0.07)
    after_plain = sentence(plain.end + 1, lead.text, 0.38)
    assert answerer._select("Which environment variable can list the trusted CAs?",
                            [after_plain, plain]) == [after_plain, plain]  # (what "This list" points to comes)
