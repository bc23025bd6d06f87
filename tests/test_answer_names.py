"""The names and words of a question that an answer must say, may leave out, or matches another way."""


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


def test_a_sentence_that_refers_back_names_what_the_sentence_before_it_does(ingested):
    # Exim's spec (blind trial 28): "The main configuration variable retry_interval_max limits
    # the maximum interval between retries. It cannot be set greater than "24h", which is its
    # default value." answered only with the first sentence: the second does not say the name.
    assistant = ingested({
        "retry.txt": "Retry parameters\n\nThe main configuration variable retry_interval_max limits the maximum "
                     "interval between retries. It cannot be set greater than \"24h\", which is its default value.\n\n"
                     "The retry_data_expire option sets how long retry data is kept. Data older than that is "
                     "discarded when it is next read.\n",
        "other.txt": "Queue runners\n\nA queue runner is started every 30 minutes. It cannot be set to run "
                     "more than twice a minute.\n",
    })
    answer = assistant.ask("What is the largest value that retry_interval_max can be set to?")
    assert "24h" in answer.answer, answer.answer
    # (Another article's sentence referring back names what its own sentence before it does.)
    answer = assistant.ask("How often can retry_interval_max be set to run at most?")
    assert "twice a minute" not in answer.answer, answer.answer


def test_a_name_said_by_the_articles_file_name_need_not_be_repeated(ingested):
    # haproxy's configuration.txt, a chapter saved as "haproxy-configuration-ch08-logging.txt"
    # (trial 27): once titled by its heading, "8. Logging", nothing in it said "HAProxy".
    text = ("8. Logging\n----------\n\n8.6. Non-printable characters\n\nIn order not to cause trouble to log "
            "analysis tools, non-printable characters are not sent as-is into log files, but are converted to "
            "the two-digits hexadecimal representation of their ASCII code, prefixed by the character '#'.\n")
    assistant = ingested({"haproxy-configuration-ch08-logging.txt": text,
                          "other.txt": "Other\n\nThe balancer forwards requests to servers.\n",
                          "more.txt": "More\n\nThe servers answer requests in turn.\n"})
    answer = assistant.ask("How are non-printable characters written into HAProxy log files?")
    assert "hexadecimal representation" in answer.answer, answer.answer
    assert assistant.ask("How are non-printable characters written into Nginx log files?").refused
    # (A word of the file name whole: "Proxy" is not named by "haproxy", nor "Git" by "digital".)
    assert assistant.ask("How are non-printable characters written into Proxy log files?").refused


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
