"""The answer contract over the real seeds: exact quotes, expected facts, refusals."""

import json
import pytest

from conftest import ROOT

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


def test_a_question_for_a_number_or_a_time_is_answered_by_one_or_refused(ingested):
    assistant = ingested({
        "bridge.txt": "The old bridge carries trains and cars across the river.\n"
                      "Many people cross the bridge every day on their way to work in the city.\n",
        "tunnel.txt": "The tunnel under the river is long and dark, and people cross it every day.\n"
                      "Dug by hand, the tunnel is 1,200 metres from end to end.\n"
                      "It opened to traffic in the spring of 1931, at 10am.\n",
    })
    # The bridge's sentence holds every word of the question but no number: not an answer.
    assert assistant.ask("How many people cross the old bridge every day?").refused
    length = assistant.ask("How long is the tunnel under the river?")
    assert not length.refused and "1,200 metres" in length.answer
    opened = assistant.ask("When did the tunnel under the river open to traffic?")
    assert "1931" in opened.answer


def test_a_name_said_earlier_in_the_passage_need_not_be_repeated_by_the_answer(ingested):
    # As Docutils' Hacker's Guide says it: "URI" is named three sentences before the one
    # that answers. A name the passage never says still counts against it.
    assistant = ingested({
        "hacking.txt": "Transforming the Document\n=========================\n\n"
                       "In the node tree above, the reference node does not contain the target URI yet.\n"
                       "Filling it in is not done by the parser, which only builds the tree.\n"
                       "Instead, it is done by a transform.\n"
                       "In this case, it is done by the ExternalTargets transform in references.py.\n\n"
                       "Writers\n=======\n\nThe writer turns the finished node tree into HTML or LaTeX output.\n",
        # (other articles, so that the name is rare: a name most chunks say need not be said)
        **{f"other{n}.txt": f"Topic {n}\n=======\n\nThe reader number {n} parses its input into a tree.\n"
           for n in range(6)},
    })

    def answering(question):
        scored = assistant.extractive.score(question, assistant.retrieve(question))
        return next(c for c in scored if "ExternalTargets" in c.text)

    assert answering("Which transform fills in the target URI of a reference?").missing_names == []
    assert answering("Which transform fills in the target URN of a reference?").missing_names == ["urn"]


def test_a_question_for_a_version_is_answered_by_a_version_number_or_refused(ingested):
    assistant = ingested({
        "modules.txt": "File::Temp creates temporary files safely.\n"
                       "The File::Temp module has been a standard module since Perl 5.6.1.\n"
                       "Subroutine signatures are a feature that many Perl programmers use in new code.\n"
                       "Each minimum Perl version a module requires is written in its Makefile.PL by its author.\n",
    })
    since = assistant.ask("Since which Perl version has File::Temp been a standard module?")
    assert not since.refused and "5.6.1" in since.answer
    # Every word of the question is in the text, but no version number beside it: not an answer.
    assert assistant.ask("In which Perl version did subroutine signatures become a stable feature?").refused


def test_how_to_answer_that_describes_an_option_names_it(ingested):
    # The sentence that matches the question's words describes what the option does; the
    # one before it names the option, which is what "How do I...?" asks for.
    assistant = ingested({
        "options.txt": "Scanner options\n\n"
                       "The '-i, --case-insensitive' option instructs the generator to build a case-insensitive scanner. "
                       "The case of letters given in the input patterns will then be ignored, and tokens in the input "
                       "will be matched regardless of their case.\n\n"
                       "The '-d, --debug' option makes the generated scanner run in debug mode.\n",
        "rules.txt": "Rules\n\nEach rule pairs a pattern with an action. Patterns are written with regular "
                     "expressions, and the scanner tries every rule on the input.\n",
    })
    answer = assistant.ask("How do I make my scanner ignore the case of letters?")
    assert not answer.refused and "--case-insensitive" in answer.answer


def test_why_answer_that_restates_the_question_comes_with_the_reason(ingested):
    # The lead repeats the question's words; the reason, two sentences on, shares few.
    assistant = ingested({
        "signals.txt": "Sending signals\n\n"
                       "Never pass current_app as the sender when you send a signal from a view. "
                       "Use current_app._get_current_object() instead. "
                       "The reason for this is that current_app is a proxy and not the real application object that a signal needs.\n\n"
                       "Receivers are called in the order they were connected.\n",
        "views.txt": "Views\n\nA view function returns the response for a request. Views may send signals "
                     "and read current_app.\n",
    })
    answer = assistant.ask("Why shouldn't I pass current_app as the sender when sending a signal?")
    assert not answer.refused and "proxy" in answer.answer


def test_a_setting_described_in_one_sentence_comes_with_the_value_given_in_the_next(ingested):
    # Trial 8 (Linux-PAM, rsyslog): reference text describes a setting in one sentence and
    # gives its value in a short one after it, too short to be scored on its own, or one
    # that points back ("this limit"). The description alone was the answer.
    assistant = ingested({
        "timestamp.txt": "Timestamp options\n\n"
                         "timestamp_timeout=number How long should the module treat a timestamp as valid after "
                         "its last modification date (in seconds). Default is 300 seconds.\n\n"
                         "timestampdir=directory Specify an alternate directory where the module creates "
                         "timestamp files.\n",
        "threads.txt": "Worker threads\n\n"
                       "Each input may run several worker threads to process incoming messages. There is a hard "
                       "upper limit on the number of threads that can be defined. Currently, this limit is set "
                       "to 32. It may increase in the future.\n",
    })
    answer = assistant.ask("What is the default value of timestamp_timeout?")
    assert not answer.refused and "Default is 300 seconds." in answer.answer
    answer = assistant.ask("What is the hard upper limit on the number of worker threads?")
    assert not answer.refused and "set to 32" in answer.answer
    assert "may increase" not in answer.answer  # (no value: not added)
    # A sentence that only describes a setting gives no default (trial 9, dovecot).
    assert assistant.ask("What is the default value of timestampdir?").refused


def test_a_question_in_the_text_never_leads_the_answer(ingested):
    # Flask's upload guide asks the reader a question before answering it; that question
    # matched every word asked and led the answer.
    assistant = ingested({
        "uploads.txt": "Uploading files\n\nFiles are saved to the upload folder. But how do you specify the maximum "
                       "file size after which an upload is aborted? By default the server will accept uploads of any "
                       "size, but you can limit that by setting the MAX_CONTENT_LENGTH config key.\n",
    })
    answer = assistant.ask("How do I specify the maximum file size after which an upload is aborted?")
    assert not answer.refused and "MAX_CONTENT_LENGTH" in answer.answer and "?" not in answer.answer, answer.answer


def test_a_default_that_is_a_word_needs_no_figure(ingested):
    # Review of session 26: "What is the default X?" was refused unless a sentence said
    # "default" or a figure, which a default given as a word ("falls back to vi") does not.
    assistant = ingested({
        "git.txt": "Commit messages\n\nWhen you commit without -m, Git opens an editor for the message. Git uses "
                   "the editor named by the GIT_EDITOR or EDITOR environment variable, and falls back to vi when "
                   "neither is set.\n",
        "net.txt": "Network options\n\nThe connect timeout sets how long the client waits for the server to accept "
                   "a connection.\n",
        "ignore.txt": "Ignore files\n\nA glob-syntax pattern of the form *.c will match a file ending in .c in any "
                      "directory.\n",
    })
    answer = assistant.ask("What is the default editor for commit messages?")
    assert not answer.refused and "falls back to vi" in answer.answer, answer.answer
    # ...but a sentence that only describes what is set gives no default (trial 10)
    assert assistant.ask("What is the default connect timeout?").refused
    assert assistant.ask("What is the default pattern syntax used in ignore files?").refused


def test_a_value_after_a_lead_is_not_another_settings(ingested):
    # Review of session 26: value_after skipped the sentences between, and gave the next
    # setting's default for the first ("The retries option sets... Its default is 3.").
    from rag.lists import value_after
    from rag.schema import Passage

    def passage(text):
        return Passage(chunk_id="c", doc_id="d", title="t", source="s", text=text, start=0, end=len(text), score=1.0)

    lead = "The timeout option sets how long to wait for a reply."
    text = f"{lead} The retries option sets how many times to retry. Its default is 3."
    assert value_after(0, len(lead), passage(text), "What is the default timeout?") is None
    assert value_after(0, len(lead), passage(f"{lead} It is given in seconds. Its default is 3."),
                       "What is the default timeout?")[2] == "Its default is 3."
    lead = "timeout=number How long to wait for a reply (in seconds)."
    text = f"{lead}\nretries=number How many times to retry. Default is 3.\n"
    assert value_after(0, len(lead), passage(text), "What is the default timeout?") is None


def test_an_entry_heads_its_paragraphs_and_a_chunk_goes_on_in_the_next(ingested):
    # BIND's reference (trial 12): "stale-answer-ttl Grammar: ..." opens an entry whose
    # default is three paragraphs down, and the chunk holding the term line ended before it.
    from dataclasses import replace

    from rag.entries import carried_terms, holding
    from rag.asks import entry_names, opens_entry, setting_names
    from rag.candidates import Candidate
    from rag.lists import value_after
    from rag.schema import Passage

    assert setting_names("What is the default stale-answer-ttl? Is it up-to-date?") == ["stale-answer-ttl"]
    assert entry_names("session-keyalg Grammar: session-keyalg <string>;") == {"session-keyalg"}
    assert not entry_names("read-only files are kept") and not opens_entry("read-only files are kept")
    lead = "stale-answer-ttl Grammar: stale-answer-ttl <duration>;"
    text = (f"{lead}\n\nBlocks: options, view\n\nSpecifies the TTL to be returned on stale answers.\n\n"
            "The default is 30 seconds.\n\nstale-cache-enable Grammar: stale-cache-enable <boolean>;\n\n"
            "The default is no.\n")
    asked = "What is the default value of stale-answer-ttl?"

    def passage(a, b):
        return Passage(chunk_id=f"c{a}", doc_id="d", title="t", source="s", text=text[a:b], start=a, end=b,
                       score=1.0)

    assert value_after(0, len(lead), passage(0, len(text)), asked)[2] == "The default is 30 seconds."
    without = text.replace("The default is 30 seconds.\n\n", "")  # (the next entry's default is not its)
    assert value_after(0, len(lead), replace(passage(0, len(text)), text=without, end=len(without)), asked) is None
    cut = text.index("Specifies")
    first, second = passage(0, cut + 20), passage(cut, len(text))
    sentence = Candidate("d", "t", "s", 0, len(lead), lead)
    joined = holding(sentence, [second, first])
    assert joined.start == 0 and joined.text == text
    assert value_after(0, len(lead), joined, asked)[2] == "The default is 30 seconds."
    assert carried_terms([second, first]) == [lead, ""]  # (the second begins inside the first's entry)


def test_a_sentence_that_restates_the_lead_leaves_room_for_the_values(ingested):
    # BIND's reference (trial 12): each port's entry says what it is twice; the restatement
    # of the first took the room the second port's default needed.
    assistant = ingested({
        "ports.txt": "Ports\n\n"
                     "tls-port Grammar: tls-port <integer>;\n\n"
                     "Specifies the TCP port number the server uses to receive and send DNS-over-TLS protocol "
                     "traffic.\n\nThis is the TCP port number the server uses to receive and send DNS-over-TLS "
                     "protocol traffic. The default is 853.\n\n"
                     "https-port Grammar: https-port <integer>;\n\n"
                     "Specifies the TCP port number the server uses to receive and send DNS-over-HTTPS protocol "
                     "traffic.\n\nThis is the TCP port number the server uses to receive and send DNS-over-HTTPS "
                     "protocol traffic. The default is 443.\n",
        "other.txt": "Other\n\nThe resolver answers queries from its cache.\n",
    })
    answer = assistant.ask("What are the default TCP ports for DNS-over-TLS and for DNS-over-HTTPS?")
    assert "853" in answer.answer and "443" in answer.answer, answer.answer
    assert "This is the TCP port" not in answer.answer


def test_a_setting_asked_by_its_name_is_answered_by_the_sentence_that_says_it_whole(ingested):
    # Dovecot's vacation settings (trial 9): their names share words, and a sentence about
    # sieve_vacation_min_period matched "sieve vacation default period" as well.
    assistant = ingested({
        "vacation.txt": "Vacation settings\n\n"
                        "The following settings can be configured for the vacation extension (default values are "
                        "indicated):\n\n"
                        "sieve_vacation_min_period = 1d : This specifies the minimum period that can be specified for "
                        "the days tag. A minimum of 0 indicates that users may send a vacation response for every "
                        "incoming message.\n\n"
                        "sieve_vacation_max_period = 0 : This specifies the maximum period that can be specified for "
                        "the days tag. The configured value must be larger than the sieve_vacation_min_period "
                        "setting.\n\n"
                        "sieve_vacation_default_period = 7d : This specifies the period that is used when no days tag "
                        "is given.\n",
        "other.txt": "Other settings\n\nThe duplicate extension is available by default.\n",
    })
    answer = assistant.ask("What is the default value of sieve_vacation_default_period?")
    assert not answer.refused and "7d" in answer.answer and "1d" not in answer.answer, answer.answer


def test_a_setting_named_by_its_entrys_term_line_is_said_by_the_entry(ingested):
    # Review of session 26: reference pages name a setting on a term line and describe it
    # in the paragraphs below (PostgreSQL's "max_connections (integer)"); the name had to be
    # in the answering sentence, and "reserved_connections" counted as said by
    # "superuser_reserved_connections".
    assistant = ingested({
        "pg.txt": "Connections\n\nmax_connections (integer)\n\nDetermines the maximum number of concurrent "
                  "connections to the database server. The default is typically 100 connections.\n\n"
                  "superuser_reserved_connections (integer)\n\nDetermines the number of connection slots that are "
                  "reserved for superusers. The default value is three connections.\n",
    })
    answer = assistant.ask("What is the default value of max_connections?")
    assert not answer.refused and "100 connections" in answer.answer, answer.answer
    answer = assistant.ask("What is the default value of superuser_reserved_connections?")
    assert not answer.refused and "three connections" in answer.answer and "100" not in answer.answer, answer.answer
    assert assistant.ask("What is the default value of reserved_connections?").refused


def test_a_value_is_taken_only_from_the_lead_paragraph_and_only_when_asked_for():
    from rag.lists import value_after
    from rag.schema import Passage

    lead = "The syslog facility to be assigned to messages read from this file."
    text = (f"{lead} Can be given as a number (e.g. 16 for local0). Textual form is suggested. Default is local0."
            "\n\nThe syslog severity to be assigned to lines read. Default is notice.")
    passage = Passage(chunk_id="c", doc_id="d", title="t", source="s", text=text, start=10, end=10 + len(text),
                      score=1.0)
    asked = "What facility does imfile assign by default?"
    a, b, value = value_after(10, 10 + len(lead), passage, asked)
    assert value == "Default is local0." == text[a - 10 : b - 10]  # (not the "16" of an example: no word of it asked)
    assert value_after(10, 10 + len(lead), passage, "Which facility is assigned to messages read from a file?") is None
    crlf = Passage(chunk_id="c", doc_id="d", title="t", source="s", text=text.replace(" Default is local0.", "").replace("\n\n", "\r\n \r\n"),
                   start=10, end=10 + len(text), score=1.0)
    assert value_after(10, 10 + len(lead), crlf, asked) is None  # (a blank line of CR or spaces ends the paragraph too)
    cut = text.replace(" Default is local0.", "")
    passage = Passage(chunk_id="c", doc_id="d", title="t", source="s", text=cut, start=10, end=10 + len(cut), score=1.0)
    assert value_after(10, 10 + len(lead), passage, asked) is None  # (the next paragraph's default is another's)


def test_a_default_given_only_in_a_table_is_answered_by_its_row(ingested):
    # Trial 8 (rsyslog): every parameter's default is a table row under its heading, which
    # no sentence repeats; rows are never sentences, so such questions got a wrong sentence
    # or a refusal.
    assistant = ingested({
        "imfile.md": "# imfile: Text File Input Module\n\n## Module Parameters\n\n#### PollingInterval\n\n"
                     "| type | default | mandatory | obsolete legacy directive |\n\n| integer | 10 | no | none |\n\n"
                     "This setting specifies how often files are to be polled for new data. During each polling "
                     "interval, all files are processed in a round-robin fashion.\n\n#### Mode\n\n"
                     "| type | default | mandatory | obsolete legacy directive |\n\n| word | inotify | no | none |\n\n"
                     "This specifies if imfile shall run in inotify or polling mode.\n",
        "omfwd.md": "# omfwd: syslog Forwarding Output Module\n\n## Action Parameters\n\n"
                    "| Name | Default | Meaning |\n|------|---------|---------|\n| Target | none | the host to send to |\n"
                    "| Port | 514 | the port to send to |\n\nUse this module to forward messages to a remote host.\n",
    })
    answer = assistant.ask("What is the default polling interval of imfile?")
    assert not answer.refused and "default 10" in answer.answer, answer.answer
    quote = answer.citations[0].quote
    assert quote.startswith("| type | default") and quote.endswith("| integer | 10 | no | none |")
    answer = assistant.ask("What port does omfwd use by default?")
    assert not answer.refused and "default 514" in answer.answer.lower() and "inotify" not in answer.answer, answer.answer
    # a row of a page that never says what the question names is no answer
    assert assistant.ask("What TCP port does RELP use by default?").refused


def test_a_table_row_answers_only_a_question_for_a_value_it_names():
    from rag.schema import Passage
    from rag.tables import as_pairs, value_in_table

    text = "| Name | Default | Meaning |\n|---|---|---|\n| Target | none | the host |\n| Port | 514 | the port |\n"
    passage = Passage("c", "d", "t", "s", text, 5, 5 + len(text), 1.0, section="omfwd > Action Parameters")
    a, b, quote = value_in_table("What is the default Port?", passage)
    assert quote == text[a - 5 : b - 5] == text.rstrip() and as_pairs(quote) == "Name Port, Default 514, Meaning the port"
    assert value_in_table("What does the Port parameter do?", passage) is None  # (asks for no value)
    assert value_in_table("What is the default timeout?", passage) is None  # (names no row)
    assert value_in_table("What is the maximum Port?", passage) is None  # (names no column)
    # a row labelled by what is asked (Apache's directive boxes, trial 9)
    text = "| Description: | Fragment size |\n\n| Syntax: | DeflateBufferSize value |\n\n| Default: | DeflateBufferSize 8096 |\n"
    passage = Passage("c", "d", "t", "s", text, 0, len(text), 1.0, section="mod_deflate > DeflateBufferSize Directive")
    a, b, quote = value_in_table("What is the default value of DeflateBufferSize?", passage)
    assert quote == text[a:b] == "| Default: | DeflateBufferSize 8096 |" and as_pairs(quote) == "Default: DeflateBufferSize 8096"
    assert value_in_table("What is the default value of DeflateCompressionLevel?", passage) is None


def test_a_question_for_an_option_is_answered_by_a_sentence_giving_one_or_refused(ingested):
    assistant = ingested({
        "rst2man.txt": "The rst2man.py front end reads reStructuredText source files and produces man pages.\n"
                       "The manual section of a man page is given in the document's title block.\n",
        "s5.txt": "Slide shows are written for S5 and need a theme.\n"
                  "A slide show picks its theme with the --theme option.\n",
    })
    theme = assistant.ask("Which option picks the theme of a slide show?")
    assert not theme.refused and "--theme" in theme.answer
    # Every word is there, but no option: the text does not say which option.
    assert assistant.ask("Which rst2man.py command-line option sets the manual section of the man page?").refused


@pytest.mark.parametrize("question, kinds", [
    ("Since which Docutils version can I put equations in a document?", ["VERSION"]),
    ("Which minor version numbers mark production releases?", ["VERSION"]),
    ("Which version control system does Perl use?", []),
    ("How do I find the version of a module?", []),
    ("When importing patches with git am, which option can help if I get conflicts?", ["OPTION"]),
    ("Which rst2man.py command-line option sets the manual section?", ["OPTION"]),
    ("What does the --export-all option of git daemon spare me from doing?", []),
    # (from the review: questions about a version or options that do not ask for one)
    ("Which version of Perl should I use?", []),
    ("How can I tell which version of a module is installed?", []),
    ("What is new in version 2.0?", []),
    ("Which Quart versions are compatible with Flask version 2.2?", ["VERSION"]),
    ("Which Quart versions work with Flask 2.2 and which versions of Werkzeug?", ["VERSION"]),
    ("What changed in Perl 5.10 compared with earlier versions?", []),
    # (a version named after what is asked is another thing's: it asks for Quart's)
    ("Which Quart versions are compatible with Flask 2.2?", ["VERSION"]),
    ("What options does Pakistan have to expand ties with Russia?", []),
    ("In which year was Docutils 1.0 released?", ["YEAR"]),
])
def test_what_a_version_or_option_question_asks_for(question, kinds):
    from rag import asks

    names = {asks.NUMBER: "NUMBER", asks.TIME: "TIME", asks.YEAR: "YEAR", asks.VERSION: "VERSION", asks.OPTION: "OPTION"}
    assert [names[kind] for kind in asks.answer_types(question)] == kinds


@pytest.mark.parametrize("kind, sentence, gives", [
    ("VERSION", "It has been standard since Perl 5.6.1.", True),
    ("VERSION", "Use v5.36 or Python 3 for that.", True),
    ("VERSION", "SHA-1 names and H1 headings are not versions.", False),
    ("VERSION", "An odd number is the minor release (where 25 is the minor release).", False),
    ("VERSION", "The host 192.168.1.10 answered on 17.06.2022 within 2.5 seconds (see section 4.2).", False),
    ("VERSION", "Table 2 lists the ports that are used for SMB printer sharing, as Example 3 shows.", False),
    ("YEAR", "Version 1.0 came out in 2023, after 0.22.", True),
    ("YEAR", "Prior to version 0.4, releases had no policy; a block holds 512 or 4096 bytes.", False),
    ("OPTION", "`git am -3` uses the index information.", True),
    ("OPTION", "Choose it with --theme, or -n for none.", True),
    ("OPTION", "A three-way merge is a built-in feature.", False),
    ("OPTION", "It returns -1 below -5 degrees.", False),
])
def test_what_gives_a_version_or_an_option(kind, sentence, gives):
    from rag import asks

    assert asks.gives(getattr(asks, kind), sentence, "Which one?") is gives


@pytest.mark.parametrize("question, sentence, gives", [
    # Linux-PAM (trial 8): refused, though the one sentence that answers was ranked first.
    ("When does pam_nologin prevent users from logging in?",
     "pam_nologin prevents users from logging into the system when /var/run/nologin exists.", True),
    ("When is the janitor run?", "If a file has timed out, it is closed.", True),
    ("When was pam_nologin written?", "It prevents logins when /etc/nologin exists.", False),  # (a date)
    ("When does pam_nologin prevent logins?", "It prevents users from logging in.", False),
    # zsh's hooks (trial 15): "may" is no month, "before ..." tells when.
    ("When is the precmd hook function executed?",
     "Note that an error in a precmd hook causes a following function not to run (though it may run later).", False),
    ("When is the precmd hook function executed?", "precmd Executed before each prompt.", True),
    ("When was the release?", "It was released in May.", True),
    # bash's restricted shell (trial 14): "after ..." tells when as well.
    ("When are the restrictions of the restricted shell enforced?",
     "These restrictions are enforced after any startup files are read.", True),
])
def test_when_does_asks_on_what_condition(question, sentence, gives):
    from rag import asks

    assert all(asks.gives(kind, sentence, question) for kind in asks.answer_types(question)) is gives


def test_a_counted_list_is_led_by_the_sentence_announcing_it_though_not_retrieved(seeded):
    # The README's first question: the chunk with "...unless Pakistan does three things
    # first." is not among the passages retrieved for it (without "comprehensively"), and
    # the best retrieved sentence saying "three things" comes after the list.
    answer = seeded.ask("What three things must Pakistan do to expand ties with Russia?")
    quotes = [c.quote for c in answer.citations]
    assert quotes[0].endswith("unless Pakistan does three things first."), quotes
    assert [q.split()[:2] for q in quotes[1:]] == [["To", "begin"], ["The", "second"], ["And", "finally,"]], quotes


def test_a_sentence_that_announces_a_list_brings_its_items(ingested):
    assistant = ingested({
        "time.txt": "How the maintainer works\n========================\n\n"
                    "The maintainer's time is spent on three activities.\n\n"
                    " - Communication (45%)\n\n"
                    "   Mailing list discussions on general design and\n   reviewing patches.\n\n"
                    " - Integration (50%)\n\n   Applying new patches from the contributors.\n\n"
                    " - Own development (5%)\n\n   Writing code of one's own.\n\n"
                    "The rest of the year is quiet and nobody complains about it.\n",
    })
    answer = assistant.ask("How is the maintainer's time split between activities?")
    assert [c.quote for c in answer.citations] == [
        "The maintainer's time is spent on three activities.", "Communication (45%)", "Integration (50%)",
        "Own development (5%)"]


def test_a_list_is_announced_by_its_count_far_from_the_end_of_the_sentence():
    # docker's plugin docs: "There are three types of files which can be put in the plugin
    # directory." was quoted without its three items.
    from rag.lists import ANNOUNCES

    assert ANNOUNCES.search("There are three types of files which can be put in the plugin directory.")
    assert ANNOUNCES.search("The maintainer's time is spent on three activities.")
    assert not ANNOUNCES.search("Three of them went home early after the long meeting.")
    assert not ANNOUNCES.search("The project has 12 maintainers across the world and its release manager is Alice Smith.")


def test_a_sentence_ending_in_a_colon_brings_the_short_example_it_introduces(ingested):
    # Postfix's README: "...execute the following command as root in order to refresh a
    # running mail system:" was quoted without the command, its indented line after it.
    assistant = ingested({
        "basic.txt": "Postfix Basic Configuration\n===========================\n\n"
                     "Whenever you make a change to the main.cf or master.cf file, execute the\n"
                     "following command as root in order to refresh a running mail system:\n\n"
                     "    # postfix reload\n\n"
                     "The mail system keeps running while the new settings are read.\n\n"
                     "To see every setting that differs from its default, run this listing:\n\n"
                     + "".join(f"    setting_{i} = value_{i}\n" for i in range(8)),
    })
    answer = assistant.ask("What do I run to refresh a running mail system after a change?")
    assert [c.quote for c in answer.citations][:2] == [
        "Whenever you make a change to the main.cf or master.cf file, execute the\n"
        "following command as root in order to refresh a running mail system:", "# postfix reload"]
    assert "system: [1] # postfix reload [2]" in answer.answer
    listing = assistant.ask("How do I see every setting that differs from its default?")
    assert not any("setting_" in c.quote for c in listing.citations)  # (a listing is no short example)


def test_an_example_cut_by_the_end_of_its_passage_is_not_shown_as_whole():
    from rag.lists import example_after
    from rag.schema import Passage

    text = "Run the following commands:\n\n    ./configure\n    make\n"  # (the chunk ends here; the listing goes on)
    passage = Passage(chunk_id="c", doc_id="d", title="t", source="s", text=text, start=100, end=100 + len(text),
                      score=1.0)
    assert example_after("Run the following commands:", 100 + 27, passage) is None
    whole = Passage(chunk_id="c", doc_id="d", title="t", source="s", text=text + "\nThen install.\n", start=100,
                    end=100 + len(text) + 15, score=1.0)
    assert example_after("Run the following commands:", 100 + 27, whole) == (133, 153, "./configure\n    make")


def test_a_shell_session_example_brings_its_commands_not_their_output():
    # git-lfs's spec: "Run the `pointer` command to generate a pointer file...:" then a
    # session of one command and six lines of its output: too long as a whole, so the
    # command was never shown.
    from rag.lists import example_after
    from rag.schema import Passage

    lead = "Run the `pointer` command to generate a pointer file:"
    text = (f"{lead}\n\n    ```\n    $ git lfs pointer --file=path/to/file\n    Git LFS pointer for path/to/file:\n\n"
            "    version https://git-lfs.github.com/spec/v1\n    oid sha256:4d7a214614ab2935c943f9e0ff69d22e\n"
            "    size 12345\n    ```\n\nThe output is the pointer.\n")
    passage = Passage(chunk_id="c", doc_id="d", title="t", source="s", text=text, start=0, end=len(text), score=1.0)
    a, b, command = example_after(lead, len(lead), passage)
    assert command == "$ git lfs pointer --file=path/to/file" == text[a:b]
    wrapped = text.replace("--file=path/to/file\n", "--file=path/to/file \\\n      --stdin\n", 1)
    passage = Passage(chunk_id="c", doc_id="d", title="t", source="s", text=wrapped, start=0, end=len(wrapped),
                      score=1.0)
    assert example_after(lead, len(lead), passage)[2].endswith("--stdin")  # (a command goes on past a backslash)
    session = text.replace("    Git LFS pointer for path/to/file:\n", "    $ git lfs status\n")
    passage = Passage(chunk_id="c", doc_id="d", title="t", source="s", text=session, start=0, end=len(session),
                      score=1.0)
    assert example_after(lead, len(lead), passage)[2].endswith("$ git lfs status")


def test_a_list_announced_by_the_sentence_after_the_lead_comes_with_it(ingested):
    # git-lfs's extensions page: the lead was "To register an LFS extension, it must be
    # added to the Git config." and the sentence after it, "Each extension needs to
    # define:", was quoted without the items it announces.
    assistant = ingested({
        "extensions.md": "# Extending LFS\n\n## Registration\n\n"
                         "To register an LFS extension, it must be added to the Git config. Each\n"
                         "extension needs to define:\n\n"
                         "* Its unique name.  This will be used as part of the key in the pointer file.\n"
                         "* The command to run on clean (when files are added to git).\n"
                         "* The command to run on smudge (when files are downloaded and checked out).\n"
                         "* The priority of the extension, which must be a unique, non-negative integer.\n\n"
                         "The sequence `%f` in the clean and smudge commands will be replaced by the\n"
                         "filename being processed.\n",
        "spec.md": "# Git LFS Specification\n\nA pointer file holds the version, the object id and the size of the "
                   "file it stands for. Git LFS keeps the content in its own store.\n",
    })
    answer = assistant.ask("What must each LFS extension define when it is registered in the Git config?")
    # (four sentences at most, RAG_MAX_ANSWER_SENTENCES: the lead, the announcement, two items)
    assert "define: [2] Its unique name. [3] The command to run on clean (when files are added to git). [4]" \
        in answer.answer


def _answer_with_scores(question, text, scores):
    """The extractive answer over one passage whose sentences score as given (by their first
    twelve characters; 0.05 otherwise): the choice of sentences, without retrieval."""
    from dataclasses import dataclass

    from rag import structure
    from rag.answer import ExtractiveAnswerer
    from rag.candidates import Candidate
    from rag.config import Settings
    from rag.schema import Passage

    @dataclass
    class Scored(Candidate):
        given: float = 0.0

        @property
        def score(self):
            return self.given

    passage = Passage(chunk_id="c", doc_id="d", title="t", source="s", text=text, start=0, end=len(text), score=1.0)
    candidates = [Scored("d", "t", "s", a, b, text[a:b], given=scores.get(text[a:b][:12], 0.05))
                  for a, b in structure.sentences(text)]
    class NoArticles:  # (nothing past the passage to read on into)
        def article(self, doc_id):
            return None

    answer = ExtractiveAnswerer(NoArticles(), Settings(_env_file=None)).answer(question, [passage], candidates=candidates)
    assert all(c.quote == text[c.start : c.end] for c in answer.citations)
    return answer


def test_a_list_another_chosen_sentence_announces_keeps_the_rest_and_repeats_nothing():
    # (from the review) The list announced by the sentence a lead points back to held the
    # lead itself; a list announced by a later sentence dropped the one "This" points to.
    items = ("Set these cache options:\n- This option turns the page cache on for every view.\n"
             "- The size option sets how many pages are kept.\n- The ttl option sets how long a page is kept.\n")
    answer = _answer_with_scores("What turns the page cache on?", items, {"This option ": 0.8, "Set these ca": 0.3})
    spans = [(c.start, c.end) for c in answer.citations]
    assert len(spans) == len(set(spans)) and answer.answer.count("turns the page cache on") == 1
    lfs = ("An LFS extension must be registered before Git can use it. This is done in the Git config. "
           "Each extension needs to define:\n\n* Its unique name.\n* The command to run on clean.\n"
           "* The command to run on smudge.\n")
    answer = _answer_with_scores("Where is an LFS extension registered?", lfs,
                                 {"This is done": 0.8, "Each extensi": 0.5, "An LFS exten": 0.3})
    # (three sentences chosen of four at most: no room left for a list of two items)
    assert answer.answer.startswith("An LFS extension must be registered") and "This is done" in answer.answer


def test_a_why_answer_is_not_content_with_since_as_a_time():
    # (from the review) "Since version 2.3, ..." joined the lead and, read as a reason, kept
    # the reason itself out.
    text = ("Flask does not enable the debugger when the app runs in production. "
            "Since version 2.3, the --debug flag is read by the flask command. "
            "The debugger lets anyone who reaches the page run code on the server, because it executes Python.\n")
    answer = _answer_with_scores("Why does Flask not enable the debugger in production?", text,
                                 {"Flask does n": 0.8, "Since versio": 0.25, "The debugger": 0.3})
    assert "because it executes Python" in answer.answer


def test_a_short_example_reads_as_one_line_of_the_answer():
    from rag.lists import one_line

    assert one_line("from flask import Flask\n\napp = Flask(__name__)") == "from flask import Flask; app = Flask(__name__)"
    assert one_line("/etc/postfix/main.cf:\n    relayhost = [mail.isp.example]") == \
        "/etc/postfix/main.cf: relayhost = [mail.isp.example]"
    assert one_line("make &&\nmake install") == "make && make install"  # (a line that goes on)
    assert one_line("ls -l |\n grep foo") == "ls -l | grep foo"
    assert one_line("make # build\nmake install") == "make # build make install"  # (no ";" into a comment)


BEES = """\
Honeybees communicate through the waggle dance, a figure-eight movement that tells other bees in the hive the direction and distance of a source of food.
The Austrian ethologist Karl von Frisch spent decades decoding the dance with glass-walled hives and marked bees.
For this work he received the Nobel Prize in Physiology or Medicine in 1973, together with Konrad Lorenz and Nikolaas Tinbergen.
Bees also use scent: a forager that finds food releases a pheromone that draws her sisters to the spot.
"""


def test_a_follow_up_is_answered_by_what_it_asks_now(ingested):
    assistant = ingested({"bees.txt": BEES})
    first = assistant.ask("How do bees communicate?")
    history = [("user", first.search_query), ("assistant", first.answer)]
    prize = assistant.ask("What prize did he get?", history=history)
    # The sentence that names the prize leads, alone; not its neighbour about decoding.
    assert [c.quote[:39] for c in prize.citations] == ["For this work he received the Nobel Pri"]
    assert prize.search_query == "How do bees communicate? What prize did he get?"
    scent = assistant.ask("And what about scent?", history=history)
    assert scent.citations[0].quote.startswith("Bees also use scent")


def test_names_given_as_examples_need_not_be_in_the_answer(ingested):
    assistant = ingested({
        "gettext.txt": "GNU gettext can accommodate a priority list of translation languages with the $LANGUAGE "
                       "environment variable.\nThe locale of a program is set by the $LANG environment variable.\n",
    })
    answer = assistant.ask("How can I give gettext a priority list of translation languages, "
                           "e.g. Portuguese first and then Spanish?")
    assert not answer.refused and "$LANGUAGE" in answer.answer
    # A name the question is about still has to be there.
    assert assistant.ask("How can I give gettext in Portugal a priority list of translation languages?").refused


def test_numbers_the_question_gives_and_counts_inside_a_sentence_are_not_answers(ingested):
    from rag.asks import NUMBER as number
    from rag.asks import gives

    assert not gives(number, "This was changed in version 2.", "How many bytes does version 2 use?")
    assert gives(number, "It uses 512 bytes.", "How many bytes does version 2 use?")
    assistant = ingested({
        "team.md": "The project has 12 maintainers across the world and its release manager is Alice Smith.\n\n"
                   "- Bugs go to the tracker.\n- Patches go to the list.\n- Questions go to the forum.\n",
    })
    answer = assistant.ask("Who is the release manager of the project?")
    assert answer.citations[0].quote.startswith("The project has 12") and "tracker" not in answer.answer


def test_a_name_said_by_the_heading_above_need_not_be_repeated_in_the_sentence(ingested):
    assistant = ingested({
        "faq.md": "# Support\n\n## Who offers commercial support for Perl?\n\nIf you still need commercial "
                  "support, ActiveState offers this through its enterprise plans.\n\n## Where are the docs?\n\n"
                  "The manual pages are installed with every release of the interpreter.\n",
    })
    answer = assistant.ask("Who offers commercial support for Perl if I need it?")
    assert not answer.refused and "ActiveState" in answer.answer
    assert answer.citations[0].section.endswith("Who offers commercial support for Perl?")
    # A name that neither the text nor its headings say still stops the answer.
    assert assistant.ask("Who offers commercial support for Python if I need it?").refused


def test_the_corpus_own_name_and_spelled_out_acronyms_count_as_named(ingested):
    from rag.asks import named as _named

    assert _named("fsf", "Perl is not maintained by the Free Software Foundation.")
    assert not _named("fsf", "for some files")  # (capitalised words only)
    # A people or an adjective named after a place, either way round; not a neighbour's name.
    assert _named("iranian", "its gas pipeline with Iran") and _named("russia", "Russian wheat")
    assert _named("chinese", "ties with China") and not _named("austria", "Australia") and not _named("iran", "Iraq")
    # Every other chunk says "Debian": it is what the corpus is about, and a passage that
    # answers need not repeat it. A name the corpus rarely says still has to be there.
    chapters = {f"chapter{i}.md": f"# Chapter {i}\n\nDebian keeps its package lists in the archive number {i}.\n"
                for i in range(4)}
    assistant = ingested({
        **chapters,
        "hostname.md": "# The hostname\n\nThe hostname service sets the system hostname at boot time to the "
                       "name stored in \"/etc/hostname\".\n\n# Licences\n\nThe archive is not maintained "
                       "by the Free Software Foundation, though Ubuntu copies it.\n",
    })
    answer = assistant.ask("At boot, where does Debian take the system hostname from?")
    assert not answer.refused and "/etc/hostname" in answer.answer
    assert "Free Software Foundation" in assistant.ask("Is the archive maintained by the FSF?").answer
    assert assistant.ask("At boot, where does Ubuntu take the system hostname from?").refused


def test_a_name_with_its_number_is_answered_only_about_that_one(ingested):
    assistant = ingested({
        "history.md": "# Releases\n\nPerl 5 was first released in 1994 after years of work. Since the 5.000 "
                      "release, the team has made about one production release per year.\n",
    })
    answer = assistant.ask("When was Perl 5 first released?")
    assert not answer.refused and "1994" in answer.answer
    # "Perl 7" is another thing: a yearly release of Perl 5 does not say when it comes.
    assert assistant.ask("When is Perl 7 going to be released?").refused


def test_a_lead_sentence_that_points_back_comes_with_the_sentence_it_points_to(ingested):
    assistant = ingested({
        "revert.txt": "Reverting a faulty merge needs care.\n\nSince I also want to say why I am reverting, "
                      "the '-n' flag is given. This prevents the revert from actually making a commit, "
                      "and instead leaves the log message in a file.\n\nThe weather was fine that day.\n",
    })
    answer = assistant.ask("How do I stop a revert from actually making a commit?")
    assert not answer.refused and "'-n' flag" in answer.answer
    assert answer.answer.index("'-n' flag") < answer.answer.index("This prevents the revert")


def _fit_scorer():
    import importlib.util

    spec = importlib.util.spec_from_file_location("fit_scorer", ROOT / "eval" / "fit_scorer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_sentence_scorer_weighs_the_signals_its_fitting_script_lists():
    # The weights are written by eval/fit_scorer.py: a signal renamed or added on one side
    # only would be silently ignored (or crash on the first question).
    from rag.candidates import MODEL, Candidate

    fit_scorer = _fit_scorer()
    assert list(MODEL["weights"]) == fit_scorer.SIGNALS
    candidate = Candidate("d", "t", "s", 0, 10, "Some sentence that answers.")
    assert all(isinstance(getattr(candidate, signal), float) for signal in fit_scorer.SIGNALS)


def test_fitting_finds_the_signal_that_tells_answers_apart():
    import numpy as np

    fit_scorer = _fit_scorer()
    rng = np.random.default_rng(7)
    rows = []
    for _ in range(60):  # questions of 12 candidate sentences; the one with the highest signal 0 answers
        X = rng.random((12, 3))
        y = X[:, 0] == X[:, 0].max()
        rows.append({"X": X, "y": y, "penalty": np.ones(12), "answerable": True})
    beta = fit_scorer.fit(rows)
    assert beta[0] > 3 and abs(beta[1]) < 1 and abs(beta[2]) < 1
    assert fit_scorer.figures(rows, beta)["hit@1"] > 0.9


@pytest.mark.parametrize("question, sentence, answers", [
    ("How many Russian soldiers are based in Pakistan?", "Trade is approaching $1 billion.", False),
    ("How many Russian soldiers are based in Pakistan?", "Some 40 Russian soldiers are based there.", True),
    ("How much oil does Russia sell to Pakistan?", "Trade is approaching $1 billion.", False),
    ("How much oil does Russia sell to Pakistan?", "Russia sells 2 million barrels of oil a year.", True),
    ("How much in fines could Pakistan face?", "It could face up to $18 billion in fines.", True),
    # amounts of money or time, comparisons and names measure no thing to look for
    ("How much money did Pakistan pay?", "Pakistan paid $1 billion.", True),
    ("How much does the pipeline cost?", "It costs $7 billion.", True),
    ("How much faster is the new version?", "It runs 3 times as fast.", True),
    ("How much of Pakistan's oil comes from Russia?", "About 10 percent of it.", True),
    # "the size of X" measures X; "the number of X" counts X (Flask's and flex's manuals)
    ("What is the maximum size in bytes of a flashed message?", "It limits the payload to 16 megabytes.", False),
    ("What is the maximum size in bytes of a flashed message?", "A flashed message holds up to 4093 bytes.", True),
    ("What is the default size of the input buffer?", "The default size of this buffer (16384 bytes) is large.", True),
    ("What is the maximum number of start conditions a scanner can declare?",
     "Here is a scanner with two different interpretations of a string.", False),
    ("What is the maximum number of start conditions a scanner can declare?",
     "A scanner may declare up to 256 start conditions.", True),
    # "the size of it" names nothing to look for; "how many" is what is counted
    ("What is the size of it?", "It is 42 bytes long.", True),
    ("How many soldiers were in the count of the army?", "There were 40 soldiers.", True),
    # what is counted is the phrase's last word before the verb: threads, not workers (Flask's)
    ("How many worker threads does the development server start?",
     "Flask, as a WSGI application, uses one worker to handle one request/response cycle.", False),
    ("How many worker threads does the development server start?", "It starts 4 worker threads.", True),
    # a verb after the counted thing is not what is counted (the reviewer's cases)
    ("How many people died in the attack?", "The attack killed 40 people.", True),
    ("How many bytes long is a SHA-1 hash?", "A SHA-1 hash is 20 bytes.", True),
    ("How many workers handle requests?", "Flask runs 4 workers.", True),
    # a count of what the sentences before named (Postfix's README)
    ("How many error-level problems make a Postfix process give up?",
     "For safety reasons, a Postfix process will terminate when more than 13 of these happen.", True),
    # a release number counts nothing (SQLite's pages)
    ("What is the maximum number of triggers that can be defined on a single table?",
     "Beginning with version 3.7.0 (2009-09-11), recursive triggers are enabled by default.", False),
    ("How many triggers can a table have?", "Since version 3 triggers may be recursive.", False),
    ("How many triggers can a table have?", "A table can have up to 64 triggers.", True),
    # a few words may come between the number and what it counts (fish's cd, trial 15)
    ("How many recently visited directories does cd keep in its history?",
     "It maintains a history of the 25 most recently visited directories.", True),
    ("How many triggers can a table have?", "A table can have up to 1.000.000 triggers.", True),
    # a default given for what the sentence named (curl's docs, trial 7: refused)
    ("How many concurrent transfers does curl do by default with --parallel?",
     "It will do up to `--parallel-max` concurrent transfers, with a default value of 50.", True),
    ("How many concurrent transfers does curl do by default?", "Retries default to 5.", False),
    # the default of what is named just before it, not of another thing the sentence names
    ("How many retries does it make by default?", "Retries are configurable; the timeout defaults to 300.", False),
    ("How many retries does it make by default?", "The number of retries defaults to 3.", True),
    # (review of this session: the default of what the clause names; an ordinal is no count, "March 5th")
    ("How many retries does it make by default?", "Retries are configurable and default to 3.", True),
    ("How many users signed up for the beta?", "On March 5th users could sign up for the beta.", False),
])
def test_a_number_answers_only_what_is_counted_or_measured(question, sentence, answers):
    from rag import asks

    assert asks.counts(sentence, question) is answers


@pytest.mark.parametrize("question, sentence, answers", [
    ("Who is the foreign minister of Russia?", "Prime Minister Shehbaz Sharif met Ambassador Albert Khorev.", False),
    ("Who is the foreign minister of Russia?", "Sergey Lavrov is Russia's foreign minister.", True),
    ("Who is the maintainer of Git?", "Junio Hamano maintains Git.", True),
    # only "the <role> of": a first, a best or an oldest of something is not a role to name
    ("Who was the first person to walk on the moon?", "Neil Armstrong walked there in 1969.", True),
    ("Who founded the SCO?", "China and Russia set it up.", True),
])
def test_who_holds_a_role_is_answered_only_by_a_sentence_naming_it(question, sentence, answers):
    from rag import asks

    assert asks.names_role(sentence, question) is answers


def test_a_sentence_that_asks_a_question_is_never_added_to_an_answer(monkeypatch):
    # "And the aborted attempt to look at the output to see what was wrong?" adds the
    # question's word "wrong" but states nothing: it is not an answer's extra sentence.
    from rag.answer import ExtractiveAnswerer
    from rag.candidates import Candidate
    from rag.config import Settings

    monkeypatch.setattr(Candidate, "score", property(lambda c: c.coverage))  # scores set by hand

    def sentence(start: int, text: str, score: float) -> Candidate:
        return Candidate("post-mortem", "Pack corruption", "pm.txt", start, start + len(text), text, coverage=score)

    lead = sentence(0, "The corruption turned out to be a single byte.", 0.5)
    asking = sentence(300, "And the aborted attempt to see what was wrong?", 0.45)
    stating = sentence(600, "What was wrong was a flipped bit in the byte's value.", 0.4)
    answerer = ExtractiveAnswerer.__new__(ExtractiveAnswerer)
    answerer.settings = Settings()
    chosen = answerer._select("What was wrong with the corrupted byte?", [lead, asking, stating])
    assert chosen == [lead, stating]


def test_an_acronym_the_corpus_spells_out_is_a_word_of_the_question_found(ingested):
    # "FSF" occurs nowhere in the corpus: as an unknown word it shrank every score, and the
    # sentence that spells it out ("Free Software Foundation") gained nothing from it.
    assistant = ingested({
        "perl.txt": "Perl is a programming language for text processing.\n\n"
                    "The core team of volunteers develops and maintains Perl in the open, on a public mailing list.\n\n"
                    "Perl is not produced nor maintained by the Free Software Foundation.\n\n"
                    "Its licence is more open than most.\n",
    })
    answer = assistant.ask("Is Perl maintained by the FSF?")
    assert not answer.refused
    assert answer.citations[0].quote == "Perl is not produced nor maintained by the Free Software Foundation."


def test_each_part_of_a_question_in_two_parts_gets_its_sentence(ingested):
    # "how much should I indent, and which quotes should I use...?": the sentence about
    # quotes scores low on the whole question (its words are the second part's only), so
    # the second part is scored on its own words.
    assistant = ingested({
        "conventions.txt": "Python coding conventions for contributed code\n\n"
                           "Indent contributed Python code by 4 spaces per indentation level, never by tabs.\n\n"
                           "Contributed code is reviewed on the mailing list before it is merged.\n\n"
                           "Use single quotes for string literals.\n\n"
                           "Lines should be no more than 78 characters long.\n",
    })
    answer = assistant.ask("In contributed Python code, how much should I indent, and which quotes should I use for string literals?")
    assert not answer.refused
    assert "4 spaces" in answer.answer and "single quotes" in answer.answer
    assert len(answer.sentences) <= 3


def test_a_part_that_names_a_setting_is_answered_by_a_sentence_naming_it(ingested):
    # tig's manual (trial 15): "What does TIG_NO_DISPLAY do, and what is its main use?" was
    # answered by "The main use is for automated testing of Tig." alone: the best sentence
    # for the first part too, though it never names the variable.
    assistant = ingested({"manual.txt": (
        "The tig manual\n\nEnvironment variables\n\nTIG_NO_DISPLAY Open Tig without rendering anything to the "
        "terminal. The main use is for automated testing of Tig and of its views.\n\nTIG_EDITOR The editor "
        "command to use when visiting files.\n")})
    answer = assistant.ask("What does TIG_NO_DISPLAY do, and what is its main use?").answer
    assert "automated testing" in answer and "without rendering" in answer


@pytest.mark.parametrize("question, count", [
    ("How much should I indent, and which quotes should I use?", 2),
    ("Which port do I send mail on, and which port does it use to fetch mail?", 2),
    ("Where are my cron jobs and my systemd timer jobs stored?", 1),  # one question about two things
    ("What did Sharif tell Khorev, and what did he ask the Russian side to do?", 2),
    ("What is the difference between cache and store?", 1),
])
def test_the_parts_of_a_question(question, count):
    from rag import asks

    assert len(asks.parts(question)) == count


@pytest.mark.parametrize("question, several", [
    ("When and where did Putin and Sharif last meet before Astana?", True),
    ("Who, what and why?", True),
    ("How much should I indent, and which quotes should I use?", True),
    ("What are the two ways to pass options to flex?", True),
    # a question word that opens a clause asks nothing more (review of session 23)
    ("What happens when I run git gc?", False),
    ("How do I know which branch I am on?", False),
    ("Where are my cron jobs and my systemd timer jobs stored?", False),
])
def test_a_question_asks_several_things_only_when_its_question_words_are_joined(question, several):
    from rag import asks

    assert asks.several(question) is several


def test_the_parts_of_a_question_are_answered_by_their_own_rules(ingested):
    assistant = ingested({
        "conference.txt": "The Perl conference\n\nThe Perl conference is held in Amsterdam every summer.\n\n"
                          "About 400 developers attend the Perl conference each year.\n\n"
                          "Which talks do developers attend at the Perl conference?\n\n"
                          "Developers attend the Perl conference to hear talks about new modules and to meet "
                          "the core team.\n",
    })
    # A part that asks nothing of its own ("and where?") adds nothing: the count answers.
    answer = assistant.ask("How many developers attend the Perl conference, and where?")
    assert [c.quote for c in answer.citations] == ["About 400 developers attend the Perl conference each year."]
    # Only the second part asks for a number, so the number leads; the first part still
    # gets its sentence.
    answer = assistant.ask("Where is the Perl conference held, and how many developers attend it?")
    assert "Amsterdam" in answer.answer and "About 400" in answer.answer
    # A part is not answered by a sentence that asks it.
    answer = assistant.ask("Where is the Perl conference held, and which talks do developers attend?")
    assert "Amsterdam" in answer.answer and "?" not in answer.answer


def test_a_question_about_two_things_gets_a_sentence_about_each(ingested):
    # debref d28: the systemd sentence led, a line naming both ("...with cron job or systemd
    # timer job") joined it, and the cron sentence, below the bar for the whole question,
    # was left out.
    assistant = ingested({
        "backup.txt": "Backup and recovery\n\n"
                      "Automatic scheduled backup with cron job or systemd timer job.\n\n"
                      "Systemd timer jobs as user processes are stored in the ~/.config/systemd/user directory.\n\n"
                      "Autostart jobs as user processes are kept in the ~/.config/autostart directory.\n\n"
                      "Important data are best stored on a read-only filesystem.\n\n"
                      "Data should be kept on different disks and machines to survive filesystem corruption.\n\n"
                      "A user's crontab is stored in /var/spool/cron/crontabs; restart cron after restoring it.\n",
    })
    from rag import asks

    question = "Where are my user cron jobs and my systemd user timer jobs stored?"
    # (The second thing ends at the head both share: "stored" is asked of both, and the cron
    # sentence that says it is not taken for one about timer jobs.)
    assert [own for _, own in asks.joined_things(question)] == [{"cron"}, {"systemd", "timer"}]
    answer = assistant.ask(question)
    assert "~/.config/systemd/user" in answer.answer and "/var/spool/cron/crontabs" in answer.answer, answer.answer
    # two things related to each other are one thing asked about
    assert asks.joined_things("How much is trade between Russia and Pakistan approaching?") == []
    # words joined as one thing or one action are not two things
    for one in ("How do I install and configure nginx?", "What are the pros and cons of Docker?",
                "How do I copy and paste?", "Does the server support IPv4 and IPv6?", "What is Tom and Jerry about?"):
        assert asks.joined_things(one) == [], one
    assert asks.joined_things("What do the client and the server send?") == [("the client", {"client"}),
                                                                           ("the server", {"server"})]


def test_two_acronyms_before_the_head_they_share_are_two_things(ingested):
    # Trial 17 (CUPS): "IPP and LPD printing" asks of each protocol's printing; the sentence
    # about LPD's port lacked "IPP" and lost to one that says both words and no port.
    from rag import asks

    assert asks.joined_things("Which ports do IPP and LPD printing normally use?") == [("IPP", {"ipp"}), ("LPD", {"lpd"})]
    assert asks.joined_things("Does the server support IPv4 and IPv6?") == []
    assistant = ingested({
        "network.txt": "Network printers\n\nLPD printing normally happens over port 515 and uses the lpd backend.\n\n"
                       "Printing to a queue needs a driver.\n",
        "lpd.txt": "cups-lpd\n\ncups-lpd does not enforce the restricted source port number specified in RFC 1179, as "
                   "using restricted ports does not prevent users from submitting print jobs. The output of the "
                   "status requests follows RFC 2569, Mapping between LPD and IPP Protocols.\n",
        **{f"other{n}.txt": f"Other {n}\n\nThe scheduler keeps job {n} in its queue.\n" for n in range(4)},
    })
    question = "Which ports do IPP and LPD printing normally use?"
    lpd = next(c for c in assistant.extractive.score(question, assistant.retrieve(question))
               if c.text.startswith("LPD printing normally"))
    assert lpd.missing_names == []  # (it need not name IPP)
    assert assistant.ask(question).answer.startswith("LPD printing normally happens over port 515")



def test_a_sentence_about_one_of_two_things_need_not_name_the_other(ingested):
    # Apache's stopping page (trial 9): each sentence names one of the two signals asked about,
    # and both were refused for the name they lack.
    from rag import asks

    assistant = ingested({
        "stopping.txt": "Stopping and Restarting\n\n"
                        "Sending the HUP signal to the parent causes it to kill off its children. Users of mod_status "
                        "will notice that the server statistics are set to zero when a HUP is sent.\n\n"
                        "The USR1 signal causes the parent process to advise the children to exit after their current "
                        "request. Users of mod_status will notice that the server statistics are not set to zero when "
                        "a USR1 is sent.\n",
        "other.txt": "Other modules\n\nThe mod_info module shows the server configuration.\n",
    })
    question = "What happens to the mod_status server statistics on a HUP restart, and on a graceful USR1 restart?"
    assert [own for _, own in asks.joined_things(question)] == [{"hup"}, {"grace", "usr1"}]
    assert [own for _, own in asks.joined_things("How much memory is allocated for the start condition stack, and "
                                                 "for each YY_BUFFER_STATE?")] == [{"start", "condit", "stack"},
                                                                                   {"yy", "buffer", "state"}]
    answer = assistant.ask(question)
    assert "set to zero when a HUP" in answer.answer and "not set to zero when a USR1" in answer.answer, answer.answer


def test_a_number_run_into_its_unit_is_found_either_way(ingested):
    # lighttpd's docs (trial 7): "32kb/s" in the text, "32 kb/s" in the question.
    from rag.text import terms

    assert set(terms("a limit below 32 kb/s")) == set(terms("a limit below 32kb/s")) == {"limit", "32", "kb"}
    assert {"x86", "md5", "utf8"} <= set(terms("x86 md5 utf8"))  # (a word that starts with a letter stays whole)
    assert terms("the 21st entry at 0x1f") == ["21st", "entri", "0x1f"]  # (nor does an ordinal or a hex number)
    assistant = ingested({"shaping.txt": "Traffic shaping\n\nKeep in mind that a limit below 32kb/s might actually "
                                         "limit the traffic to 32kb/s.\n\nThe shaper runs in the core.\n"})
    answer = assistant.ask("Why is my limit below 32 kb/s ignored?")
    assert not answer.refused and "32kb/s" in answer.answer, answer.answer


def test_two_words_are_found_as_the_one_word_a_question_writes(ingested):
    # debref: "pass phrase" in the text, "passphrase" in the question; the sentence that
    # answers shared no other word with it and lost to one about SSH keys.
    from rag.text import joined, terms

    assert set(terms("passphrase")) <= joined("If a pass phrase was not set")
    # (Not a stopword with its neighbour, "in form" for "inform", nor across a word left out.)
    assert not set(terms("inform")) & joined("Type notes in form fields") and not joined("pass a phrase")
    assert joined("web server, read access") == {"webserv", "readaccess"}  # (nor across a comma)
    assistant = ingested({"ssh.txt": "SSH keys\n\n"
                                     "Place your public SSH key into the authorized keys file of the remote host.\n\n"
                                     "If a pass phrase was not set, use ssh-keygen -p to set it.\n"})
    answer = assistant.ask("My SSH private key has no passphrase. How do I add one?")
    assert "ssh-keygen -p" in answer.answer, answer.answer


def test_an_acronym_is_not_found_inside_a_word(seeded):
    # "CIA" is in "officially", "UN" in "country": neither spells the acronym out, so the
    # question stays one about something the articles never name.
    for question in ["What did the CIA say about Pakistan?", "What did the UN say about Pakistan?"]:
        assert seeded.ask(question).refused


def test_a_default_labelled_inside_a_cell_of_a_settings_row_is_answered(ingested):
    # Trial 10 (Exim): every option's header is a one-row table whose cells label their
    # values, "| final_timeout | Use: smtp | Type: time | Default: 10m |", and no sentence
    # says the default.
    assistant = ingested({
        "smtp.html": "<html><head><title>The smtp transport</title></head><body><h1>The smtp transport</h1>"
                     "<table><tr><td>command_timeout</td><td>Use: smtp</td><td>Type: time</td><td>Default: 5m</td></tr>"
                     "</table><p>This sets a timeout for receiving a response to an SMTP command that has been sent "
                     "out.</p><table><tr><td>final_timeout</td><td>Use: smtp</td><td>Type: time</td>"
                     "<td>Default: 10m</td></tr></table><p>This is the timeout that applies while waiting for the "
                     "response to the final line containing just a dot that terminates a message.</p>"
                     "<table><tr><td>local_interfaces</td><td>Use: main</td><td>Type: string list</td>"
                     "<td>Default: see below</td></tr></table><p>This option controls which network interfaces are "
                     "used by the daemon for listening.</p></body></html>",
    })
    answer = assistant.ask("What is the default value of final_timeout in the smtp transport?")
    assert not answer.refused and "10m" in answer.answer and "5m" not in answer.answer, answer.answer
    assert answer.citations[0].quote == "| final_timeout | Use: smtp | Type: time | Default: 10m |"
    assert assistant.ask("What is the default value of connect_timeout in the smtp transport?").refused
    answer = assistant.ask("What is the default value of local_interfaces?")  # ("see below" is no value)
    assert "see below" not in answer.answer, answer.answer
    # a question in two parts: the row answers the part that asks for the default
    answer = assistant.ask("What is the default command_timeout in the smtp transport, and what else besides "
                           "command responses is that timeout used for?")
    assert not answer.refused and "5m" in answer.answer and "10m" not in answer.answer, answer.answer
    # the row heads its option's entry: the description below names that option
    question = "What does the command_timeout option of the smtp transport set?"
    candidates = assistant.extractive.score(question, assistant.retrieve(question))
    described = {c.text[:15]: c.missing_names for c in candidates}
    assert described["This sets a tim"] == [] and described["This is the tim"] == ["command_timeout"], described


def test_an_option_named_in_the_question_is_answered_by_its_own_entry(ingested):
    # yt-dlp's README (trial 11): options listed as --help prints them. "--retries" is said
    # whole only by its own entry ("--file-access-retries" is another option).
    assistant = ingested({
        "README.txt": "yt-dlp\n\nyt-dlp is a feature-rich command-line audio/video downloader. Python versions 3.7+ "
                      "(CPython and PyPy) are supported.\n\nDownload Options:\n\n"
                      "    -N, --concurrent-fragments N    Number of fragments of a dash/hlsnative\n"
                      "                                    video that should be downloaded concurrently\n"
                      "                                    (default is 1)\n"
                      "    -R, --retries RETRIES           Number of retries (default is 10), or\n"
                      "                                    \"infinite\"\n"
                      "    --file-access-retries RETRIES   Number of times to retry on file access\n"
                      "                                    error (default is 3), or \"infinite\"\n"
                      "    --buffer-size SIZE              Size of download buffer, e.g. 1024 or 16K\n"
                      "                                    (default is 1024)\n\n"
                      "Post-processing Options:\n\n"
                      "    -x, --extract-audio             Convert video files to audio-only files\n"
                      "                                    (requires ffmpeg and ffprobe)\n",
    })
    answer = assistant.ask("What is the default number of retries for a download with -R/--retries?")
    assert not answer.refused and "default is 10" in answer.answer and "default is 3" not in answer.answer, answer.answer
    answer = assistant.ask("What is the default size of the download buffer (--buffer-size)?")
    assert not answer.refused and "default is 1024" in answer.answer, answer.answer


def test_a_version_is_of_what_is_asked_and_a_default_asked_by_default_is_given():
    # Trial 11: "the minimum ffmpeg version" was answered by "Python versions 3.7+ are
    # supported"; "What compression level does pg_dump use by default...?" by a sentence
    # that says it compresses, without a level.
    from rag import asks

    assert not asks.gives(asks.VERSION, "Python versions 3.7+ (CPython and PyPy) are supported.",
                          "What is the minimum ffmpeg version that yt-dlp requires?")
    assert asks.gives(asks.VERSION, "Python versions 3.7+ (CPython and PyPy) are supported.",
                      "What is the minimum version of Python supported?")
    assert asks.gives(asks.VERSION, "It needs ffmpeg 4.2 or later.", "What is the minimum ffmpeg version required?")
    question = "What compression level does pg_dump use by default for its custom dump format?"
    assert not asks.gives_default(["The custom dump format will compress data as it writes it to the output "
                                   "file."], question)
    assert asks.gives_default(["The default compression level is 6."], question)
    assert not asks.gives_default(["Flask-Caching supports various backends."],
                                  "What default timeout does Flask-Caching use for cached values?")


def test_a_sentence_of_a_settings_entry_is_about_that_setting(ingested):
    # PostgreSQL's reference (trial 11): each setting is an entry, "max_connections
    # (integer) Determines..."; its default comes later without the name, while another
    # entry mentions the name in passing ("The value must be less than max_connections.").
    assistant = ingested({
        "connections.html": "<html><head><title>Connection Settings</title></head><body>"
        "<h1>Connection Settings</h1><dl>"
        "<dt>max_connections (integer)</dt><dd><p>Determines the maximum number of concurrent connections to the "
        "database server. The default is typically 100 connections, but might be less if your kernel settings will "
        "not support it. This parameter can only be set at server start.</p></dd>"
        "<dt>superuser_reserved_connections (integer)</dt><dd><p>Determines the number of connection slots that are "
        "reserved for connections by superusers. At most max_connections connections can ever be active "
        "simultaneously.</p><p>The default value is three connections. The value must be less than "
        "max_connections.</p></dd></dl></body></html>",
    })
    answer = assistant.ask("What is the default value of max_connections?")
    assert not answer.refused and "100 connections" in answer.answer, answer.answer
    assert "three" not in answer.answer and "must be less" not in answer.answer, answer.answer


def test_each_part_is_answered_by_a_sentence_naming_what_it_asks_for(ingested):
    # Trial 8b (rsyslog's imfile, read again this session): "What facility and what
    # severity...?" gave the facility sentence for both parts, since it shares more of the
    # second part's words ("assigned to messages read from this file").
    assistant = ingested({
        "imfile.md": "# imfile: Text File Input Module\n\n## Input Parameters\n\n### Facility\n\n"
                     "The syslog facility to be assigned to messages read from this file. Can be specified in "
                     "textual form or as numbers. Default is local0.\n\n### Severity\n\n"
                     "The syslog severity to be assigned to lines read. Can be specified in textual form or as "
                     "numbers. Default is notice.\n",
    })
    answer = assistant.ask("What facility and what severity does imfile assign by default to messages read from a file?")
    assert not answer.refused and "local0" in answer.answer and "notice" in answer.answer, answer.answer
    # a verb is not what a part asks for ("What happened to...": a sentence saying
    # "...nothing significant has happened since then" led the generative tests' answer)
    from rag import asks

    assert asks.asked_head("What severity does imfile assign") == {"sever"}
    assert asks.asked_head("What happened to Russian oil shipments to Pakistan") == set()
    assert asks.asked_head("what happens if the server fails") == set()


def test_the_names_of_one_part_need_not_be_said_by_the_sentence_answering_the_other(ingested):
    # PostgreSQL (trial 11): "Which signal requests a Smart Shutdown..., and which one
    # requests an Immediate Shutdown?" required both names of every sentence, and refused.
    assistant = ingested({
        "shutdown.md": "# Shutting Down the Server\n\nThere are several ways to shut down the database server.\n\n"
                       "## Smart\n\nSIGTERM requests the Smart Shutdown mode: the server lets existing sessions end "
                       "their work normally.\n\n## Immediate\n\nSIGQUIT requests the Immediate Shutdown mode: the "
                       "server exits at once.\n",
        **{f"other{n}.txt": f"Topic {n}\n\nThe server writes its log number {n} to a file of its own. Each log file "
                            f"is rotated when it grows past its size limit.\n" for n in range(8)},
    })
    answer = assistant.ask("Which signal requests a Smart Shutdown of the server, and which one requests an "
                           "Immediate Shutdown?")
    assert not answer.refused and "SIGTERM" in answer.answer and "SIGQUIT" in answer.answer, answer.answer


def test_a_sentence_telling_how_the_lead_is_done_comes_with_it_and_its_example(ingested):
    # Trials 10 and 11: the lead restates what is wanted and the next sentence says how
    # ("This can be done by setting... in its configuration file::" and its literal block;
    # "You can achieve this using a .netrc file"), sharing no word with the question.
    assistant = ingested({
        "phases.txt": "Phases\n\nSometimes it may be desirable to push unfinished work to a server in the draft\nphase, "
                      "so that others can see it without it becoming public. This can be done by setting a\nrepository to disable publishing in its "
                      "configuration file::\n\n  [phases]\n  publish = False\n\nSee the configuration help for more "
                      "information.\n",
    })
    answer = assistant.ask("How can I push my unfinished work to a server so others can see it without it becoming "
                           "public?")
    assert not answer.refused and "disable publishing" in answer.answer and "publish = False" in answer.answer, \
        answer.answer
    assert answer.citations[-1].quote == "[phases]\n  publish = False"


def test_a_variable_in_capitals_is_the_subject_of_its_entry(ingested):
    # Mercurial's environment help (trial 10): "If empty, only the .hg/hgrc from the
    # current repository is read." is said of HGRCPATH, the entry's term; another page
    # that names HGRCPATH and says "empty" won.
    assistant = ingested({
        "environment.txt": "Environment Variables\n\nHGRCPATH\n    A list of files or directories to search for "
                           "configuration\n    files. If HGRCPATH is not set, the platform default search path is "
                           "used.\n    If empty, only the .hg/hgrc from the current repository is read.\n\n"
                           "HGUSER\n    This is the string used as the author of a commit.\n",
        "scripting.txt": "Scripting\n\nWhen utmost control over the configuration is desired, the value of "
                         "HGRCPATH can be set to an explicit file with known good configs. In rare cases, the value "
                         "can be set to an empty file or the null device to bypass loading of any config files.\n",
        **{f"other{n}.txt": f"Topic {n}\n\nThe repository keeps history number {n} in its store. Each changeset "
                            f"records who made it and when.\n" for n in range(6)},
    })
    question = "What happens if HGRCPATH is set but empty?"
    candidates = assistant.extractive.score(question, assistant.retrieve(question))
    missing = {" ".join(c.text.split()[:2]): c.missing_names for c in candidates}
    assert missing["If empty,"] == [] and missing["In rare"] == ["hgrcpath"], missing


def test_a_value_in_the_next_paragraph_counts_when_that_paragraph_restates_the_lead():
    # BIND's reference (trial 12): "Specifies the TCP port number the server uses to ...
    # DNS-over-TLS protocol traffic." and, as its own paragraph, "This is the TCP port
    # number the server uses to ... DNS-over-TLS protocol traffic. The default is 853."
    from rag.lists import value_after
    from rag.schema import Passage

    lead = "Specifies the TCP port number the server uses to receive and send DNS-over-TLS protocol traffic."
    text = (f"{lead}\n\nThis is the TCP port number the server uses to receive and send DNS-over-TLS protocol "
            "traffic. The default is 853.\n\nhttps-port Grammar: https-port <integer>;\n\nThe default is 443.")
    passage = Passage(chunk_id="c", doc_id="d", title="t", source="s", text=text, start=0, end=len(text), score=1.0)
    found = value_after(0, len(lead), passage, "What is the default TCP port for DNS-over-TLS?")
    assert found is not None and found[2] == "The default is 853."
    other = f"{lead}\n\nThe syslog severity to be assigned to lines read. The default is 514."
    passage = Passage(chunk_id="c", doc_id="d", title="t", source="s", text=other, start=0, end=len(other), score=1.0)
    assert value_after(0, len(lead), passage, "What is the default TCP port for DNS-over-TLS?") is None


def test_review_of_session_27_settings_entries_and_defaults(ingested):
    # helper-59's review of this session's diff: an entry named without an underscore
    # ("ssl (boolean)") ended the one before it (its default was given for
    # krb_server_keyfile); a sentence naming the setting asked about counts as naming it
    # wherever it stands; "..., and how do I change it?" is of the first part's setting; a
    # "Note:" sentence does not stop the search for the value after a setting.
    assistant = ingested({
        "auth.html": "<html><head><title>Authentication</title></head><body><h1>Authentication and SSL</h1><dl>"
                     "<dt><code>krb_server_keyfile</code> (<code>string</code>)</dt><dd><p>Sets the location of the "
                     "server's Kerberos key file. This parameter can only be set in the postgresql.conf file or on "
                     "the server command line.</p></dd><dt><code>ssl</code> (<code>boolean</code>)</dt><dd><p>Enables "
                     "SSL connections. The default value is off.</p></dd></dl></body></html>",
        "uploads.md": "# Flask uploads\n\n## Upload settings\n\n- `UPLOAD_FOLDER`: the folder where uploaded files are "
                      "stored.\n- `ALLOWED_EXTENSIONS`: the file extensions that may be uploaded.\n\nBy default, "
                      "MAX_CONTENT_LENGTH is None, so Flask accepts uploads of any size.\n",
        "mem.md": "# Memory settings\n\nThe temp_buffers setting sets the maximum memory for temporary buffers. To "
                  "change temp_buffers for a session, use the SET command; its default value is eight megabytes.\n",
        "pam.md": "# pam_timestamp\n\n## Options\n\ntimestamp_timeout=number How long pam_timestamp treats a timestamp "
                  "as valid after its last modification (in seconds). Note: a value of 0 makes every timestamp "
                  "stale. Default is 300.\n\nverbose Attempt to inform the user when access is granted.\n",
        "other.md": "# Logging\n\nThe server writes its log to the file given by the log option. Logs are rotated every "
                    "week.\n",
    })
    assert assistant.ask("What is the default value of krb_server_keyfile?").refused
    answer = assistant.ask("What is the default value of MAX_CONTENT_LENGTH?")
    assert not answer.refused and "is None" in answer.answer, answer.answer
    assert assistant.ask("What is the default value of work_mem, and how do I change it for a session?").refused
    answer = assistant.ask("What is the default value of timestamp_timeout?")
    assert not answer.refused and "Default is 300." in answer.answer, answer.answer


def test_review_of_session_27_questions_by_default_and_versions():
    from rag import asks

    # "Which shell does cron use by default?" asks what is done: told by describing it
    assert asks.gives_default(["Cron runs each command of a crontab with /bin/sh as its shell."],
                              "Which shell does cron use by default?")
    assert asks.gives_default(["On Debian the umask of a login shell is 022."], "What is the default umask on Debian?")
    # "lowest", "major" name no product
    assert asks.gives(asks.VERSION, "The tool needs Python 3.8 or newer.",
                      "What is the lowest version of Python the tool supports?")
    assert asks.gives(asks.VERSION, "The json data type was added in PostgreSQL 9.2.",
                      "In which major version of PostgreSQL was the json data type added?")
    # an option spelled with an en dash, or with its negation in brackets
    assert asks.says_identifier("--partial", "The –partial option keeps partially transferred files.")
    assert asks.says_identifier("--no-edit", "--[no-]edit The message taken from file with -F is used unmodified.")


def test_a_name_of_one_hyphen_is_a_settings_where_its_entry_opens(ingested):
    # BIND (trial 12): "session-keyalg" was read as two words, and the entry before it,
    # session-keyfile's, answered with its own default.
    assistant = ingested({
        "keys.txt": "Session keys\n\n"
                    "session-keyfile Grammar: session-keyfile ( quoted_string | none );\n\n"
                    "This is the pathname of the file into which to write a TSIG session key generated by named. "
                    "If not specified, the default is /run/session.key.\n\n"
                    "session-keyalg Grammar: session-keyalg <string>;\n\n"
                    "This is the algorithm to use for the TSIG session key.\n",
        "other.txt": "Other\n\nThe resolver answers queries from its cache.\n",
    })
    answer = assistant.ask("What is the default algorithm for the TSIG session key (session-keyalg)?")
    assert answer.refused, answer.answer


def test_a_question_for_several_things_is_answered_by_the_list_under_the_lead(ingested):
    # Flask's installation page (fk-d09): the paragraph does not announce its list with a
    # colon or a count, and the answer stopped at "Flask will detect and use them...".
    assistant = ingested({
        "install.md": "# Installation\n\n## Optional dependencies\n\n"
                      "These distributions will not be installed automatically. Flask will detect and use them if "
                      "you install them.\n\n- Blinker provides support for Signals.\n"
                      "- Watchdog provides a faster, more efficient reloader for the development server.\n",
        "other.md": "# Other\n\nThe resolver answers queries from its cache.\n",
    })
    answer = assistant.ask("Which optional packages will Flask pick up if I install them?")
    assert "Blinker" in answer.answer and "Watchdog" in answer.answer, answer.answer
    answer = assistant.ask("Does Flask install its optional dependencies automatically?")
    assert "Watchdog" not in answer.answer, answer.answer  # (a question for one thing gets no list)


def test_a_question_for_a_bound_needs_a_figure_or_words_of_one(ingested):
    # BIND (trial 12, A13): "What is the maximum value that stale-answer-ttl can be set
    # to?" was answered by the setting's description, which gives no bound.
    from rag.asks import gives_bound

    question = "What is the maximum value that stale-answer-ttl can be set to?"
    assert not gives_bound(["Specifies the TTL to be returned on stale answers, in seconds."], question)
    assert gives_bound(["nta-lifetime defaults to one hour; it cannot exceed one week."], question)
    assert gives_bound(["Lines should be no more than 78 characters long."], "What's the maximum line length?")
    assert gives_bound(["It describes the option."], "What does stale-answer-ttl do?")  # (not asked)
    # (fetchmail, blind trial 19: "shortest" asks for a bound too)
    assert not gives_bound(["You must specify a numeric argument which is a polling interval in seconds."],
                           "What is the shortest polling interval fetchmail allows in daemon mode?")
    assistant = ingested({
        "stale.txt": "Stale answers\n\nstale-answer-ttl Grammar: stale-answer-ttl <duration>;\n\n"
                     "Specifies the time to live (TTL) to be returned on stale answers, in seconds.\n",
        "other.txt": "Other\n\nThe resolver answers queries from its cache.\n",
    })
    assert assistant.ask(question).refused


def test_of_an_entrys_sentences_the_one_stating_the_default_leads(ingested):
    # PostgreSQL (trial 11): once a chunk begun inside max_connections' entry was read as
    # its entry, "When running a standby server, you must set this parameter to the same
    # or higher value..." outscored "The default is typically 100 connections" and, as it
    # gives no default, the question was refused.
    from rag.asks import states_default
    from rag.candidates import Candidate

    assert states_default("It defaults to 5.") and states_default("Default: 10m")
    assert not states_default("You can override the default backlog value when the daemon listens.")
    assistant = ingested({"other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    standby = Candidate("d", "t", "s", 0, 90, "When running a standby server, you must set this parameter to the "
                        "same or higher value than on the primary server.", coverage=0.85, similarity=0.6, keyword=1.0, position=1.0)
    default = Candidate("d", "t", "s", 91, 150, "The default is typically 100 connections.", coverage=0.8, position=0.5,
                        similarity=0.6, keyword=0.1)
    assert standby.score > default.score > assistant.extractive.settings.min_support
    ranked = assistant.extractive._answering("What is the default value of max_connections?", [standby, default])
    assert ranked[0] is default
    assert assistant.extractive._answering("How is max_connections set on a standby?", [standby, default])[0] is standby


def test_asked_what_is_done_by_default_a_sentence_saying_so_leads(ingested):
    # nginx's upstream module (trial 13): "By default, how are requests distributed between
    # the servers of an upstream group?" was answered by ip_hash's sentence, which shares
    # more words, over "By default, requests are distributed ... weighted round-robin".
    from rag.candidates import Candidate

    assistant = ingested({"other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    ip_hash = Candidate("d", "t", "s", 0, 90, "Specifies that a group should use a load balancing method where requests "
                        "are distributed between servers based on client IP addresses.", coverage=0.76, similarity=0.57,
                        keyword=0.5, position=1.0)
    default = Candidate("d", "t", "s", 91, 150, "By default, requests are distributed between the servers using a "
                        "weighted round-robin balancing method.", coverage=0.52, similarity=0.58, keyword=0.25, position=0.5)
    assert ip_hash.score > default.score
    answering = assistant.extractive._answering
    question = "By default, how are requests distributed between the servers of an upstream group?"
    assert answering(question, [ip_hash, default])[0] is default
    assert answering("How are requests distributed by ip_hash?", [ip_hash, default])[0] is ip_hash
    # (In a question in parts, "by default" qualifies its own part, read on its own.)
    assert answering(question.replace("?", ", and what does ip_hash specify?"), [ip_hash, default])[0] is ip_hash


def test_an_option_of_one_dash_is_a_setting_a_neighbour_entry_only_mentions(ingested):
    # find's man page (trial 13): "In find, what does the -mtime n test check?" was answered
    # by -daystart's entry, whose term line goes on "Measure times (for ... -mtime) from the
    # beginning of today": "-mtime" was no setting's name, and a term line's description
    # counted as its heading.
    from rag.asks import setting_names

    assert setting_names("What does the -mtime n test check?") == ["-mtime"]
    assert setting_names("Is a non-zero exit -1 or -rX?") == []
    page = ("FIND(1)                     General Commands Manual                    FIND(1)\n\n"
            "NAME\n       find - search for files in a directory hierarchy\n\n"
            "POSITIONAL OPTIONS\n       -daystart\n              Measure  times  (for  -amin,  -atime,  -cmin, -ctime, "
            "-mmin, and\n              -mtime) from the beginning of today rather than  from  24  hours\n"
            "              ago.   This  option only affects tests which appear later on the\n              command line.\n\n"
            "TESTS\n       -mmin n\n              File's  data was last modified less than, more than or exactly n\n"
            "              minutes ago.\n\n       -mtime n\n              File's data was last modified less than, more  "
            "than  or  exactly\n              n*24  hours  ago.\n")
    assistant = ingested({"find.1.txt": page})
    question = "What does the find -mtime n test check?"
    candidates = assistant.extractive.score(question, assistant.retrieve(question))
    missing = {c.text.split()[0]: c.missing_names for c in candidates if c.text.startswith("-")}
    assert missing["-daystart"] == ["-mtime"] and missing["-mtime"] == []
    assert "-daystart" not in assistant.ask(question).answer


def test_how_do_i_fix_it_gets_what_to_do_after_the_case_it_describes(ingested):
    # bash's README.Debian-like notes (trial 14): "How do I fix that?" was answered by the
    # sentence describing the user's case alone; what to do, just after it, shares fewer
    # of the question's words.
    assistant = ingested({"notes.txt": (
        "Bash notes\n\nWhen a command is moved to a new location in the PATH, the command is still in the "
        "PATH but the hash table still records the old location. Use 'hash -r' manually or set a bash option: "
        "'shopt -s checkhash'.\n\nThe prompt string can be changed in the startup files of the shell.\n")})
    answer = assistant.ask("I moved a program to another directory on my PATH but bash still runs it from the "
                           "old location. How do I fix that?").answer
    assert "hash table still records" in answer and "hash -r" in answer
    assert "hash -r" not in assistant.ask("Why does bash still run a moved command from its old location in "
                                          "the PATH?").answer


def test_a_directive_named_in_its_syntax_row_heads_its_description(ingested):
    # nginx's module pages (trial 13): each directive is a table of rows, "Syntax:",
    # "Default:" and "Context:", over its description, which never says its name; a
    # sentence under "| Context: | http |" was of no entry, and the question was refused.
    row = '<table class="directive"><tr><th>{0}</th><td><code>{1}</code></td></tr></table>'
    page = "".join([
        "<h1>Module ngx_http_core_module</h1><h2>Directives</h2>",
        row.format("Syntax:", "server_name_in_redirect on | off;"), row.format("Default:", "server_name_in_redirect off;"),
        row.format("Context:", "http, server, location"),
        "<p>Enables or disables the use of the primary server name in absolute redirects.</p>",
        row.format("Syntax:", "server_tokens on | off | build;"), row.format("Default:", "server_tokens on;"),
        row.format("Context:", "http, server, location"),
        "<p>Enables or disables emitting nginx version on error pages and in the Server response header field.</p>",
    ])
    assistant = ingested({"core.html": page, "other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    answer = assistant.ask("What does the server_tokens directive enable or disable?")
    assert not answer.refused and "emitting nginx version" in answer.answer, answer.answer
    assert "primary server name" not in answer.answer


def test_an_irregular_verbs_past_forms_are_found_as_the_verb(ingested):
    # zsh's FAQ (trial 15): "Who wrote zsh?" asks what "It was written by Paul Falstad"
    # says; the stemmer leaves "wrote" and "written" apart. Not words of their own in
    # manuals ("left" margin, "bound" keys, an LED).
    from rag.text import terms

    assert terms("Who wrote it?") == terms("It was written") == ["write"]
    assert terms("overridden settings") == terms("it overrides settings")
    assert terms("the left margin, bound keys") == ["left", "margin", "bound", "key"]
    assert terms("the LED, HID and SAT") == ["led", "hid", "sat"]
    assistant = ingested({"faq.txt": "Frequently asked questions\n\n"
                                     "Since then the original shell was written by Paul Falstad while at Princeton.\n\n"
                                     "The shell can read its startup files from the home directory.\n"})
    answer = assistant.ask("Who wrote the original shell?")
    assert not answer.refused and "Paul Falstad" in answer.answer, answer.answer


def test_a_measured_thing_may_be_told_by_the_clause_that_qualifies_it(ingested):
    # fish's read (trial 15): "the maximum amount of input that read will consume" is told
    # by "read will only consume a maximum of 100 MiB", which never says "input"; the
    # limit's variable is the next sentence, which also answers the second part.
    assistant = ingested({"read.txt": "read - read line of input into variables\n\n"
                                      "read reads from standard input and stores the result in shell variables. "
                                      "In order to protect the shell from consuming too many system resources, read will "
                                      "only consume a maximum of 100 MiB (104857600 bytes); if the terminator is not "
                                      "reached before this limit then VARIABLE is set to empty. "
                                      "This limit can be altered with the fish_read_limit variable.\n\n"
                                      "The exit status is 0 when a line was read.\n"})
    answer = assistant.ask("What is the maximum amount of input that read will consume, and which variable changes "
                           "that limit?")
    assert not answer.refused and "100 MiB" in answer.answer and "fish_read_limit" in answer.answer, answer.answer


def test_a_part_answered_only_by_another_parts_sentence_gets_its_own(ingested):
    # bash's POSIX mode (trial 14): "When invoked as 'sh', Bash enters POSIX mode..."
    # answers the second part best and the first ("How do you put Bash into POSIX mode?")
    # with nothing to do; the sentence naming the option answers the first.
    assistant = ingested({"posix.txt": "Bash POSIX Mode\n\n"
                                       "When invoked as 'sh', Bash enters POSIX mode after reading the startup files.\n\n"
                                       "The following list is what's changed when POSIX mode is in effect.\n\n"
                                       "Starting Bash with the '--posix' command-line option or executing 'set -o posix' "
                                       "while Bash is running will cause Bash to conform more closely to the standard.\n"})
    answer = assistant.ask("How do you put Bash into POSIX mode, and when does Bash enter POSIX mode if it is "
                           "invoked as sh?")
    assert "--posix" in answer.answer and "after reading the startup files" in answer.answer, answer.answer


def test_a_default_given_for_when_nothing_is_specified_is_the_value_after_the_lead(ingested):
    # sed's info manual (blind trial 16): "Specify the default line-wrap length for the 'l'
    # command.  A length of 0 (zero) means to never wrap long lines.  If not specified, it
    # is taken to be 70." The last sentence gives the default the first only describes.
    assistant = ingested({"sed.txt": "Command-Line Options\n********************\n\n"
                                     "‘-l N’\n‘--line-length=N’\n"
                                     "     Specify the default line-wrap length for the ‘l’ command.  A length\n"
                                     "     of 0 (zero) means to never wrap long lines.  If not specified, it\n"
                                     "     is taken to be 70.\n\n"
                                     "‘--posix’\n     This option disables all the extensions of GNU sed.\n"})
    answer = assistant.ask("What is the default line-wrap length for the l command?")
    assert not answer.refused and "taken to be 70" in answer.answer, answer.answer


def test_a_lead_announcing_paragraphs_comes_with_the_one_that_answers(ingested):
    # sed's info manual: "GNU 'sed' returns the following exit status error values:" over
    # GNU Info's "4" and "An I/O error, ..." says most of the question and nothing of its
    # own; the paragraph after it that says the rest ("I/O") answers. "I/O" is a word, "IO".
    from rag.text import terms

    assert terms("An I/O error") == terms("an IO error") and "rw" in terms("mounted r/w") and terms("TCP/IP") == ["tcp", "ip"]
    assistant = ingested({"sed.txt": "Exit status\n***********\n\n"
                                     "An exit status of zero indicates success, and a nonzero value indicates\n"
                                     "failure.  GNU ‘sed’ returns the following exit status error values:\n\n"
                                     "0\n     Successful completion.\n\n"
                                     "1\n     Invalid command, invalid syntax, invalid regular expression or a\n"
                                     "     GNU ‘sed’ extension command used with ‘--posix’.\n\n"
                                     "4\n     An I/O error, or a serious processing error during runtime, GNU\n"
                                     "     ‘sed’ aborted immediately.\n\n"
                                     "Additionally, the commands ‘q’ and ‘Q’ can be used to terminate ‘sed’\n"
                                     "with a custom exit code value.\n"})
    answer = assistant.ask("What exit status does sed return on an I/O error?")
    assert not answer.refused and "4\n" in answer.citations[-1].quote and "I/O error" in answer.answer, answer.answer


def test_each_lead_of_a_two_part_how_to_comes_with_its_command(ingested):
    # CUPS's sharing guide (blind trial 17): each part is told by a sentence ending in ":"
    # over its command; the second lead came from the part's own answer and got none, and a
    # command closing its section (its fence closed) counts whole.
    assistant = ingested({"sharing.md": "# Printer Sharing\n\n## Configuring the Server\n\n"
                                        "By default, the above command will allow printing from other clients on the "
                                        "same subnet as your server. To allow printing from any subnet, use the "
                                        "following command instead:\n\n```\ncupsctl --share-printers --remote-any\n```\n\n"
                                        "You can require authentication for shared printing by setting the policy on "
                                        "each printer, for example:\n\n"
                                        "```\nlpadmin -p printer -o printer-op-policy=authenticated\n```\n\n"
                                        "## Other Systems\n\nWindows clients can print to shared printers too.\n"})
    answer = assistant.ask("How do I allow printing to my shared printers from any subnet, and how do I require "
                           "authentication for shared printing?")
    assert "cupsctl --share-printers --remote-any" in answer.answer, answer.answer
    assert "printer-op-policy=authenticated" in answer.answer, answer.answer


def test_a_figure_given_by_the_short_sentence_after_the_lead_answers(ingested, make_assistant):
    # openssl-req(1) (blind trial 17): "-days n  When -x509 is in use this specifies the
    # number of days to certify the certificate for, ... The default is 30 days." The lead
    # gives no figure and "The default is 30 days." is too short to be scored on its own:
    # the question for a number was refused. Short options are words ("-x", "-S" another
    # than "-s").
    from rag.text import terms

    assert terms("du -s") == ["du", "sdash"] and terms("-S") != terms("-s") and terms("e-mail -x509") == ["mail", "x509"]
    assistant = ingested({"req.txt": "OPENSSL-REQ(1SSL)     OpenSSL     OPENSSL-REQ(1SSL)\n\n"
                                     "NAME\n       openssl-req - PKCS#10 certificate request command\n\n"
                                     "OPTIONS\n       -days n\n"
                                     "           When -x509 is in use this specifies the number of days to certify\n"
                                     "           the certificate for, otherwise it is ignored. n should be a\n"
                                     "           positive integer. The default is 30 days.\n\n"
                                     "       -set_serial n\n"
                                     "           Serial number to use when outputting a self-signed certificate.\n"})
    question = "What is the default number of days a certificate is certified for when openssl req is used with -x509?"
    answer = assistant.ask(question)
    assert not answer.refused and "30 days" in answer.answer, answer.answer
    # Answers of one sentence keep the figure the lead was chosen for (it was refused).
    answer = make_assistant(max_answer_sentences=1).ask(question)
    assert not answer.refused and "30 days" in answer.answer, answer.answer


def test_a_faqs_labelled_question_never_answers(ingested):
    # screen's FAQ (blind trial 18): "Q: When you start "screen" a page of text comes up to
    # start you off. Is there a way to get rid of this text..." was quoted as the answer:
    # its sentences, questions or not, ask; the "A:" paragraph answers.
    assistant = ingested({"FAQ.txt": "screen: frequently asked questions\n\n"
                                     "Q:   When you start \"screen\" a page of text comes up to start you off. Is\n"
                                     "     there a way to get rid of this text as a command line argument.\n\n"
                                     "A:   Just put the following line in your ~/.screenrc: startup_message off\n\n"
                                     "Q:   Why does screen beep?\n\nA:   The terminal rings its bell on errors.\n"})
    answer = assistant.ask("How do I get rid of the page of text that comes up when I start screen?")
    assert not answer.refused and "startup_message off" in answer.answer, answer.answer
    assert "Q:" not in answer.answer and "Is there a way" not in answer.answer, answer.answer
    # (A question runs to a blank line or the "A:" line under it; a lettered list's "q." and
    # a key list's "q: quit" are no questions.)
    from rag.scoring import in_question as _in_question

    faq = "Q: Does lftp support FTP over SSL?\nA: Yes, since version 2.0; set\nftp:ssl-allow to yes.\n"
    assert [_in_question(faq, faq.index(s)) for s in ("Q:", "A:", "ftp:ssl")] == [True, False, False]
    changes = "p.  Fixed a bug with pipes.\n\nq.  Fixed the FIFO bug.\n\nKeys:\n  q: quit the pager\n"
    assert not _in_question(changes, changes.index("q.")) and not _in_question(changes, changes.index("q: quit"))


def test_the_example_a_lead_introduces_is_read_past_its_passages_end(ingested):
    # rsnapshot's upgrade notes (blind trial 18): the chunk ended with the indented value
    # that "...the new default value for "rsync_long_args" is:" introduces, so the value
    # might have been cut and was left out; the article says where it ends.
    from dataclasses import replace

    assistant = ingested({"Upgrading.txt": "     Upgrading rsnapshot\n\n"
                                           "         Starting with rsnapshot 1.2.0, the new default value for\n"
                                           "         \"rsync_long_args\" is:\n\n"
                                           "             --delete --numeric-ids --relative --delete-excluded\n\n"
                                           "         In both the old and new versions, explicitly setting this\n"
                                           "         parameter overrides the defaults.\n"})
    question = "What is the new default value for rsync_long_args starting with rsnapshot 1.2.0?"
    passages = assistant.retrieve(question)
    whole = next(p for p in passages if "--delete-excluded" in p.text)
    cut = whole.text.index("--delete-excluded") + len("--delete-excluded")  # (the chunk ends with the value)
    passages = [replace(p, text=p.text[:cut], end=p.start + cut, sentences=None) if p is whole else p for p in passages]
    answer = assistant.extractive.answer(question, passages)
    assert "--delete --numeric-ids --relative --delete-excluded" in answer.answer, answer.answer
    article = assistant.catalog.article(whole.doc_id)
    assert all(article.text[c.start:c.end] == c.quote for c in answer.citations)


OPENSSL_PASSWD = (
    "OPENSSL-PASSWD(1SSL)                OpenSSL               OPENSSL-PASSWD(1SSL)\n\n"
    "NAME\n       openssl-passwd - compute password hashes\n\n"
    "DESCRIPTION\n       This command computes the hash of a password typed at run-time or the\n"
    "       hash of each password in a list.\n\n"
    "OPTIONS\n       -help\n           Print out a usage message.\n\n"
    "       -1  Use the MD5 based BSD password algorithm 1 (default).\n\n"
    "       -apr1\n           Use the apr1 algorithm (Apache variant of the BSD algorithm).\n\n"
    "3.0.11                            2023-10-24               OPENSSL-PASSWD(1SSL)\n"
)


def test_a_man_pages_name_line_is_its_title_and_a_choice_marked_default_gives_the_default(ingested):
    # Blind trial 17 (openssl's man pages): "Which password hashing algorithm does openssl
    # passwd use by default?" was answered with the page's NAME line, "openssl-passwd -
    # compute password hashes" (the page's title, which says the question's words), and
    # the option marked "(default)" was not read as stating a default.
    from rag.asks import states_default
    from rag.structure import sentences

    said = [OPENSSL_PASSWD[a:b] for a, b in sentences(OPENSSL_PASSWD)]
    assert "openssl-passwd - compute password hashes" not in said and len(said) == 4, said
    assert states_default("-1  Use the MD5 based BSD password algorithm 1 (default).")
    assert states_default("yes [default]") and not states_default("the default algorithm")
    assistant = ingested({"openssl-passwd.1ssl.txt": OPENSSL_PASSWD,
                          "other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    reply = assistant.ask("Which password hashing algorithm does openssl passwd use by default?")
    assert not reply.refused
    assert reply.answer.startswith("-1 Use the MD5 based BSD password algorithm 1 (default).")
    assert "compute password hashes" not in reply.answer


def test_a_licence_notice_answers_only_a_question_about_licensing(ingested):
    # Blind trial 17: "How do I get an unprotected copy of a password-locked RSA key with
    # openssl?" was answered by the licence every openssl page ends with: "You can obtain a
    # copy in the file LICENSE in the source distribution or at <...>."
    from rag.asks import asks_legal, legal

    assert legal("Licensed under the Apache License 2.0 (the \"License\").") and legal("Copyright 2000-2021 X.")
    assert not legal("The key is written to the file given by -out.")
    assert asks_legal("Under which licence is OpenSSL distributed?") and not asks_legal("How do I copy a key?")
    rsa = OPENSSL_PASSWD.replace("openssl-passwd - compute password hashes", "openssl-rsa - RSA key processing") \
        .replace("\nDESCRIPTION", "\nCOPYRIGHT\n       Copyright 2000-2021 The OpenSSL Project Authors. All Rights Reserved.\n\n"
                 "       Licensed under the Apache License 2.0 (the \"License\").  You can obtain a copy\n"
                 "       in the file LICENSE in the source distribution.\n\nDESCRIPTION")
    assistant = ingested({"openssl-rsa.1ssl.txt": rsa, "other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    reply = assistant.ask("How do I get a copy of an RSA key in a file with openssl?")
    assert "LICENSE" not in reply.answer
    licence = assistant.ask("Under which license is OpenSSL released?")
    assert not licence.refused and "licen" in licence.answer.lower()  # (the notice answers this)


def test_a_sentence_naming_what_the_lead_counts_comes_with_it(ingested):
    # gnuplot's Gd page (blind trial 19): "Five basic fonts are provided directly by libgd."
    # was quoted without the sentence after it that names them ("These are tiny (5x8
    # pixels), small (6x12 pixels), ..."), which says none of the question's words.
    assistant = ingested({
        "gd.txt": "Gd (png, gif, jpeg terminals)\n\n"
                  "Font handling for the png, gif and jpeg terminals is done by the library libgd. Five basic fonts "
                  "are provided directly by libgd. These are tiny (5x8 pixels), small (6x12 pixels), medium (7x13 "
                  "Bold), large (8x16) or giant (9x15 pixels). These fonts cannot be scaled or rotated.\n",
        "other.txt": "Other\n\nThe plot command draws curves from data files.\n",
    })
    answer = assistant.ask("Which built-in fonts does libgd provide for the png terminal, and can they be scaled or rotated?")
    assert "tiny (5x8 pixels)" in answer.answer and "cannot be scaled" in answer.answer, answer.answer


def test_asked_for_several_things_a_sentence_naming_them_in_a_row_leads(ingested):
    # mc(1) (blind trial 19): "Which shells can Midnight Commander use as a subshell?" was
    # answered by how the subshell runs, not by "...works with the shells: bash, ash
    # (BusyBox and Debian), tcsh, zsh and fish.", the next best sentence of the passage.
    from rag import asks

    assert asks.several_of("Which shells can Midnight Commander use as a subshell?") == "shells"
    assert asks.lists_inline("It works with the shells: bash, ash (BusyBox and Debian), tcsh, zsh and fish.")
    assert not asks.lists_inline("When it is active, it spawns a copy of your shell, and if it is not defined, then "
                                 "the one in /etc/passwd, and runs it.")
    assistant = ingested({
        "mc.txt": "The subshell support\n\n"
                  "The subshell support is a compile time option, that works with the shells: bash, ash (BusyBox "
                  "and Debian), tcsh, zsh and fish. When the subshell support is active, Midnight Commander will "
                  "spawn a concurrent copy of your shell (the one defined in the SHELL variable) and run it in a "
                  "pseudo terminal.\n",
        "other.txt": "Other\n\nThe viewer shows files in hex or as text.\n",
    })
    answer = assistant.ask("Which shells can Midnight Commander use as a subshell?")
    assert answer.answer.startswith("The subshell support is a compile time option"), answer.answer


def test_asked_for_one_thing_by_name_a_sentence_that_names_it_leads(ingested):
    # fetchmail(1) (blind trial 19): "Which signal wakes up a fetchmail daemon running in
    # the background?" was answered by "...sends a wake-up signal to the daemon...", which
    # names none; the next sentence, "The wake-up signal, SIGUSR1, can also be sent
    # manually.", does.
    from rag import asks

    assert asks.which_one("Which signal wakes up a fetchmail daemon?") == "signal"
    assert asks.which_one("Which password hashing algorithm does openssl passwd use?") == "password hashing algorithm"
    assert asks.which_one("What is fetchmail?") == "" and asks.which_one("Which shells can mc use?") == ""
    assistant = ingested({
        "fetchmail.txt": "Awakening the background daemon\n\n"
                         "Normally, calling fetchmail with a daemon in the background sends a wake-up signal to the "
                         "daemon and quits without output. The wake-up signal, SIGUSR1, can also be sent manually. The "
                         "background daemon then starts its next poll cycle immediately.\n",
        "other.txt": "Other\n\nThe viewer shows files in hex or as text.\n",
    })
    answer = assistant.ask("Which signal wakes up a fetchmail daemon running in the background?")
    assert "SIGUSR1" in answer.answer, answer.answer
    from rag.answer import ExtractiveAnswerer
    from rag.candidates import Candidate

    lead = Candidate("d", "t", "s", 0, 90, "Normally, calling fetchmail with a daemon in the background sends a wake-up "
                     "signal to the daemon.", coverage=0.9, similarity=0.6, keyword=1.0, position=1.0)
    named = Candidate("d", "t", "s", 91, 150, "The wake-up signal, SIGUSR1, can also be sent manually.", coverage=0.55,
                      similarity=0.6, keyword=1.0, position=1.0)
    assert lead.score > named.score >= 0.5 * lead.score
    assert ExtractiveAnswerer._naming_first("Which signal wakes up a fetchmail daemon?", [lead, named]) == [named, lead]
    assert ExtractiveAnswerer._naming_first("How is a fetchmail daemon woken up?", [lead, named]) == [lead, named]


def test_under_a_heading_that_asks_the_question_its_first_sentence_answers(ingested):
    # mc's FAQ (blind trial 19): under "3.1 How do I enable mouse support?", 'Invoke mc like
    # this (without quotes): "mc -x".' says none of the question's words, and a developer
    # note ("The mouse support in the Midnight Commander is based on the get_event
    # routine.") answered "How do I enable mouse support in Midnight Commander?".
    assistant = ingested({
        "FAQ.txt": "GNU Midnight Commander\nFrequently Asked Questions\n\n"
                   "3.1 How do I enable mouse support?\n\n"
                   "   Invoke mc like this (without quotes): \"mc -x\".  If this doesn't work upgrade to a terminal\n"
                   "   which is compatible with the Xterm mouse sequences.\n\n"
                   "3.2 How do I cut and paste text with mouse?\n\n   Hold down the Shift key while you select.\n",
        "HACKING.txt": "This document\n\nMouse support\n\n"
                       "The mouse support in the Midnight Commander is based on the get_event routine. The core of the "
                       "mouse event dispatching is in the dlg.c:run_dlg routine.\n",
        "other.txt": "Other\n\nThe viewer shows files in hex or as text.\n",
    })
    answer = assistant.ask("How do I enable mouse support in Midnight Commander?")
    assert answer.answer.startswith('Invoke mc like this (without quotes): "mc -x".'), answer.answer


def test_an_expression_the_question_writes_as_code_must_be_said_by_the_answer(ingested):
    # gnuplot's Expressions page (blind trial 19): "What is the result of the integer
    # division 5/2 in gnuplot?" was answered by "The result of division of a negative integer
    # by a positive one may vary among compilers.", not by the sentence that says "5/2 = 2".
    from rag import asks

    assert asks.literals("What is the result of the integer division 5/2 in gnuplot?") == ["5/2"]
    assert asks.literals("What does -2**2 evaluate to?") == ["-2**2"] and asks.literals("What is 2>&1?") == ["2>&1"]
    assert asks.literals("Does curl speak HTTP/2 or SMTP/POP3?") == [] and asks.literals("Is 3.5 out?") == []
    assistant = ingested({
        "expressions.txt": "Expressions\n\n"
                           "Note that gnuplot uses both real and integer arithmetic. The most important difference "
                           "between the two forms is in division: division of integers truncates: 5/2 = 2; division of "
                           "reals does not: 5.0/2.0 = 2.5. The result of division of a negative integer by a positive "
                           "one may vary among compilers in gnuplot.\n",
        "other.txt": "Other\n\nThe plot command draws curves from data files.\n",
    })
    question = "What is the result of the integer division 5/2 in gnuplot?"
    missing = {c.text[:12]: c.missing_names for c in assistant.extractive.score(question, assistant.retrieve(question))}
    assert missing["The result o"] == ["5/2"] and missing["The most imp"] == []
    answer = assistant.ask(question)
    assert answer.answer.startswith("The most important difference between the two forms is in division"), answer.answer


def test_two_options_joined_are_two_things_each_answered_by_its_entry(ingested):
    # chronyd(8) (blind trial 20): "What do the chronyd -q and -Q options do?" got only -Q's
    # entry, which mentions -q ("similar to the -q option") without saying what it does.
    from rag import asks

    assert asks.joined_things("What do the chronyd -q and -Q options do?") == [("-q", {"qdash"}), ("-Q", {"qcapdash"})]
    assistant = ingested({
        "chronyd.8.txt": "CHRONYD(8)                  System Administration                  CHRONYD(8)\n\n"
                         "NAME\n       chronyd - chrony daemon\n\nOPTIONS\n"
                         "       -q\n           When run in this mode, chronyd will set the system clock once and exit.\n\n"
                         "       -Q\n           This option is similar to the -q option, except it only prints the\n"
                         "           offset without making any corrections of the clock and it allows chronyd\n"
                         "           to be started without root privileges.\n\n"
                         "4.3                              2022-08-29                        CHRONYD(8)\n",
        "other.txt": "Other\n\nThe viewer shows files in hex or as text.\n",
    })
    answer = assistant.ask("What do the chronyd -q and -Q options do?")
    assert "set the system clock once and exit" in answer.answer and "only prints the" in answer.answer, answer.answer


def test_a_list_of_names_is_given_whole(ingested):
    # WeeChat's scripting guide (blind trial 20): the eight languages listed under "...using
    # one of supported script languages:" were cut to three by the answer's length; a list
    # of sentences still is, and so is a counted one.
    names = "\n".join(f"- {language}" for language in
                      ("Python", "Perl", "Ruby", "Lua", "Tcl", "Guile (scheme)", "JavaScript", "PHP"))
    assistant = ingested({
        "scripting.md": "# WeeChat scripting guide\n\nThis manual documents way to write scripts for WeeChat, using one "
                        f"of supported script languages:\n\n{names}\n\nScripts are loaded with the script plugin.\n",
        "other.md": "# Other\n\nThe viewer shows files in hex or as text.\n",
    })
    answer = assistant.ask("Which script languages are supported for WeeChat scripts?")
    assert all(language in answer.answer for language in ("Python", "Lua", "Guile (scheme)", "PHP")), answer.answer
