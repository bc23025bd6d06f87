"""Text that asks or titles never answers: FAQ questions, question headings, man-page NAME lines, licences."""


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
    # The answer's first sentence follows its question past the label it is quoted without
    # (blind trial 24: the reason of "A: Screen failed to change the owner of the pty it uses."
    # went missing once the label was left out).
    passages = assistant.retrieve("Why does screen beep?")
    question = next(c for c in assistant.extractive.score("Why does screen beep?", passages) if c.text.startswith("Q:   Why"))
    assert question.next_start == assistant.article(question.doc_id).text.index("The terminal rings")
    # (A question runs to a blank line or the "A:" line under it; a lettered list's "q." and
    # a key list's "q: quit" are no questions.)
    from rag.scoring import in_question as _in_question

    faq = "Q: Does lftp support FTP over SSL?\nA: Yes, since version 2.0; set\nftp:ssl-allow to yes.\n"
    assert [_in_question(faq, faq.index(s)) for s in ("Q:", "A:", "ftp:ssl")] == [True, False, False]
    changes = "p.  Fixed a bug with pipes.\n\nq.  Fixed the FIFO bug.\n\nKeys:\n  q: quit the pager\n"
    assert not _in_question(changes, changes.index("q.")) and not _in_question(changes, changes.index("q: quit"))


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
    from rag.defaults import states_default
    from rag.sentences import sentences

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


def test_under_a_heading_that_asks_the_question_the_sentence_giving_the_answer_answers(ingested):
    # zsh's FAQ (blind trial 25) tells first when the question arises ("In the first case,
    # you presumably have setopt correctall...") and then "The answer is to alias the
    # offending command to itself with nocorrect stuck on the front"; the question says
    # "zsh", which the FAQ's path does ("zsh-faq/FAQ03.md"), not its heading.
    faq = ("# Z-Shell Frequently-Asked Questions\n\n"
           "## 3.4: How do I turn off spelling correction for a single command?\n\n"
           "  In the first case, you presumably have setopt correctall in an initialisation file, so\n"
           "  that zsh checks the spelling of each word in the command line.  You probably do not\n"
           "  want this behaviour for commands which do not operate on existing files.\n\n"
           "  The answer is to alias the offending command to itself with nocorrect stuck on the front.\n\n"
           "## 3.5: How do I get a newline in my prompt?\n\n  Place a literal newline in quotes.\n")
    assistant = ingested({"zsh-faq/FAQ03.md": faq, "other.txt": "Other\n\nThe line editor reads keys.\n"})
    answer = assistant.ask("How do I turn off spelling correction for a single command in zsh?")
    assert "The answer is to alias the offending command to itself with nocorrect" in answer.answer, answer.answer


def test_a_faqs_question_in_bold_heads_its_answer(ingested):
    # SQLite's FAQ (blind trial 28): its questions are paragraphs in bold, "<p><b>(12) I deleted
    # a lot of data but the database file did not get any smaller. Is this a bug?</b></p>":
    # read as prose, the question's first sentence was quoted as an answer.
    faq = ("<html><head><title>SQLite Frequently Asked Questions</title></head><body>"
           "<h2>Frequently Asked Questions</h2>"
           "<p><b>(7) How do I list all tables contained in an SQLite database</b></p>"
           "<blockquote><p>From a C program, use the sqlite3 command-line shell's .tables command.</p></blockquote>"
           "<p><b>(11) How do I add, delete or rename columns from an existing table in SQLite?</b></p>"
           "<blockquote><p>You can save existing data to a temporary table, drop the old table, create the new "
           "table, then copy the data back in.</p></blockquote>"
           "<p><b>(12) I deleted a lot of data but the database file did not get any\n  smaller.  Is this a bug?</b></p>"
           "<blockquote><p>No.  When you delete information from an SQLite database, the unused disk space is "
           "added to an internal \"free-list\" and is reused the next time you insert data.</p>"
           "<p>If you delete a lot of data and want to shrink the database file, run the VACUUM command.</p>"
           "</blockquote></body></html>")
    assistant = ingested({"faq.html": faq, "other.txt": "Other\n\nThe shell reads commands.\n"})
    source = next(s for s in assistant.sources() if s.source.endswith("faq.html"))
    text = assistant.article(source.doc_id).text
    assert "###### (12) I deleted a lot of data but the database file did not get any smaller. Is this a bug?" in text
    assert "###### (7) How do I list all tables contained in an SQLite database" in text  # (among questions, without its "?")
    answer = assistant.ask("I deleted a lot of data but the database file did not get any smaller. What do I do?")
    assert "(12)" not in answer.answer and "VACUUM" in answer.answer, answer.answer


CURL_RETRY = """curl - transfer a URL

OPTIONS
       --retry-delay <seconds>
              Make curl sleep this amount of time before each retry when a
              transfer has failed with a transient error.

       --retry <num>
              If  a  transient  error is returned when curl tries to perform a
              transfer, it will retry this number of times before  giving  up.
              Setting  the  number to 0 makes curl do no retries (which is the
              default). Transient error means either: a timeout,  an  FTP  4xx
              response code or an HTTP 408, 429, 500, 502, 503 or 504 response
              code.
"""


def test_a_value_said_to_be_the_default_gives_the_default(ingested):
    # Blind trial 29 (curl(1)): "What is the default number of retries for curl's --retry
    # option?" was refused: "(which is the default)" was not read as stating a default.
    from rag.asks import counts
    from rag.defaults import states_default

    assert states_default("Setting the number to 0 makes curl do no retries (which is the default).")
    assert not states_default("You can override the default backlog.") and not states_default("The default was 5.")
    # ("no retries" is a count of retries: none.)
    asked = "What is the default number of retries for curl's --retry option?"
    assert counts("Setting the number to 0 makes curl do no retries (which is the default).", asked)
    assert not counts("Setting the number to 0 makes curl do no requests.", asked)
    assert not counts("sshd makes no attempt to resolve it.", "How many attempts does sshd make?")
    assistant = ingested({"curl.1.txt": CURL_RETRY, "other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    reply = assistant.ask("What is the default number of retries for curl's --retry option?")
    assert not reply.refused and "makes curl do no retries (which is the default)" in reply.answer


def test_a_faq_question_set_as_a_term_is_answered_by_the_sentence_under_it(monkeypatch):
    # w3m's FAQ (trial 35, B01): each question is a <dt> over its answer; "What is w3m's
    # default configuration file?" was answered with the system-wide file from the manual,
    # which said more of the question's words than the FAQ's answer.
    from rag.answer import ExtractiveAnswerer
    from rag.candidates import Candidate
    from rag.config import Settings

    monkeypatch.setattr(Candidate, "score", property(lambda c: c.coverage))  # scores set by hand

    def sentence(doc: str, start: int, text: str, score: float) -> Candidate:
        return Candidate(doc, doc, f"w3m/{doc}.html", start, start + len(text), text, coverage=score)

    manual = sentence("MANUAL", 0, "Without a user-specific configuration file, w3m honours the system wide "
                                   "configuration file /etc/w3m/config.", 0.43)
    asking = sentence("FAQ", 100, "What is w3m's configuration file?", 0.35)
    reply = sentence("FAQ", 134, "By default, it is ~/.w3m/config.", 0.16)
    other = sentence("FAQ", 300, "What are these w3mxxxx files in my ~/.w3m directory for?", 0.15)
    answerer = ExtractiveAnswerer.__new__(ExtractiveAnswerer)
    answerer.settings = Settings()
    ranked, answering = answerer._ranked("What is w3m's default configuration file?", [manual, asking, reply, other], None)
    assert answering[0] is reply
    ranked, answering = answerer._ranked("What is the default cache directory of w3m?", [manual, asking, reply, other], None)
    assert answering[0] is manual  # (a question the FAQ's does not ask)
    # (The word the FAQ's question lacks must be said by its answer: another program's FAQ
    # does not answer "How do I enable mouse support in tmux?".)
    mouse = sentence("FAQ", 400, "How do I enable mouse support?", 0.4)
    invoke = sentence("FAQ", 431, 'Invoke mc like this (without quotes): "mc -x".', 0.2)
    tmux = sentence("MANUAL", 600, "To enable mouse support, add set -g mouse on to the configuration file.", 0.3)
    ranked, answering = answerer._ranked("How do I enable mouse support in tmux?", [mouse, tmux, invoke], None)
    assert answering[0] is tmux
