"""What a chosen lead brings with it: the lists, examples and sentences it announces or points to."""


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

    from rag.answer import ExtractiveAnswerer
    from rag.candidates import Candidate
    from rag.config import Settings
    from rag.schema import Passage
    from rag.sentences import sentences

    @dataclass
    class Scored(Candidate):
        given: float = 0.0

        @property
        def score(self):
            return self.given

    passage = Passage(chunk_id="c", doc_id="d", title="t", source="s", text=text, start=0, end=len(text), score=1.0)
    candidates = [Scored("d", "t", "s", a, b, text[a:b], given=scores.get(text[a:b][:12], 0.05))
                  for a, b in sentences(text)]
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


def test_a_lead_sentence_that_points_back_comes_with_the_sentence_it_points_to(ingested):
    assistant = ingested({
        "revert.txt": "Reverting a faulty merge needs care.\n\nSince I also want to say why I am reverting, "
                      "the '-n' flag is given. This prevents the revert from actually making a commit, "
                      "and instead leaves the log message in a file.\n\nThe weather was fine that day.\n",
    })
    answer = assistant.ask("How do I stop a revert from actually making a commit?")
    assert not answer.refused and "'-n' flag" in answer.answer
    assert answer.answer.index("'-n' flag") < answer.answer.index("This prevents the revert")


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


def test_the_list_a_lead_announces_is_read_past_its_passages_end(ingested):
    # Exim's spec (blind trial 28): "The three log streams are mapped onto syslog priorities as
    # follows:" ended its chunk, and was the whole answer to "Which syslog priority is Exim's
    # reject log mapped to?"; the items are in the next chunk.
    from dataclasses import replace

    assistant = ingested({"logs.txt": "Logging to syslog\n\n"
                                      "The use of syslog does not change what Exim logs or the format of its messages. "
                                      "The three log streams are mapped onto syslog priorities as follows:\n\n"
                                      "  * mainlog is mapped to LOG_INFO\n\n  * rejectlog is mapped to LOG_NOTICE\n\n"
                                      "  * paniclog is mapped to LOG_ALERT\n\n"
                                      "Many log lines are written to both mainlog and rejectlog.\n",
                          "other.txt": "Other\n\nThe queue runner delivers messages.\n"})
    question = "Which syslog priorities are Exim's log streams mapped to?"
    passages = assistant.retrieve(question)
    whole = next(p for p in passages if "as follows:" in p.text)
    cut = whole.text.index("as follows:") + len("as follows:")  # (the chunk ends with the lead)
    passages = [replace(p, text=p.text[:cut], end=p.start + cut, sentences=None) if p is whole else p for p in passages]
    answer = assistant.extractive.answer(question, passages)
    assert "rejectlog is mapped to LOG_NOTICE" in answer.answer, answer.answer
    article = assistant.catalog.article(whole.doc_id)
    assert all(article.text[c.start:c.end] == c.quote for c in answer.citations)


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


def test_a_list_item_is_read_with_the_lead_announcing_its_list(ingested):
    # restic's backup guide (blind trial 21, A02): "What exit code does restic backup return
    # when some source files could not be read?" was answered by the lead ("Restic returns
    # one of the following exit status codes...:") and two sentences about read errors;
    # the item "3 when some source files could not be read" says only half the question's
    # words, the lead the rest. Its sibling items are other cases, not more of the answer.
    assistant = ingested({
        "backup.txt": "Backing up\n\nExit status codes\n\n"
                      "Restic returns one of the following exit status codes after the backup command is run:\n\n"
                      " * 0 when the backup was successful (snapshot with all source files created)\n"
                      " * 1 when there was a fatal error (no snapshot created)\n"
                      " * 3 when some source files could not be read (incomplete snapshot with remaining files created)\n\n"
                      "Source file read errors occur when restic fails to read one or more files or directories that "
                      "it was asked to back up, e.g. due to permission problems. Restic displays the number of source "
                      "file read errors that occurred while running the backup.\n",
        "other.txt": "Other\n\nThe forget command removes snapshots according to a policy.\n",
    })
    answer = assistant.ask("What exit code does restic backup return when some source files could not be read?")
    assert answer.answer.startswith("3 when some source files could not be read"), answer.answer
    assert "0 when the backup was successful" not in answer.answer, answer.answer


def test_asked_how_a_sentence_saying_what_remedies_the_case_comes_with_it(ingested):
    # openvpn's README.auth-pam (blind trial 21, A07): "How can I stop the login check from
    # blocking the whole OpenVPN server?" was answered by the problem alone; the sentence
    # after it tells the way out.
    assistant = ingested({
        "auth-pam.txt": "Deferred authentication\n\n"
                        "Sometimes PAM modules take very long to complete (for example, a LDAP or Radius query might "
                        "timeout trying to connect an unreachable external server). Normal plugin auth operation will "
                        "block the whole OpenVPN process in this time, that is, all forwarding for all other clients "
                        "stops.\n\nThe auth-pam plugin can operate asynchronously (\"deferred authentication\") to remedy "
                        "this situation.\n",
        "other.txt": "Other\n\nThe management interface listens on a TCP port.\n",
    })
    answer = assistant.ask("How can I stop the login check from blocking the whole OpenVPN server?")
    assert "deferred authentication" in answer.answer, answer.answer


def test_a_counted_question_gets_the_numbered_list_its_lead_announces(ingested):
    # Vim's cmdline.txt (trial 27): "What are the two ways to open Vim's command-line window?"
    # was answered with a sentence inside the second item and one after the list: its items
    # say the lead's words as much as any, and none opens with an ordinal ("First, ...").
    assistant = ingested({
        "cmdline.txt": "Command-line window\n\n"
                       "There are two ways to open the command-line window:\n"
                       "1. From Command-line mode, use the key specified with the 'cedit' option.\n"
                       "   The default is CTRL-F when 'compatible' is not set.\n"
                       "2. From Normal mode, use the \"q:\", \"q/\" or \"q?\" command.\n"
                       "   This starts editing an Ex command-line. Note that this is not possible while recording "
                       "is in progress.\n\n"
                       "When the window opens it is filled with the command-line history.\n",
        "other.txt": "Other\n\nThe editor opens files in buffers.\n",
    })
    answer = assistant.ask("What are the two ways to open the command-line window?")
    assert "'cedit' option" in answer.answer and "From Normal mode" in answer.answer, answer.answer


def test_a_second_sentence_that_announces_paragraphs_comes_with_them(ingested):
    # Trial 33 B09 (tig's manual): the answer ended on "...overridden through the following
    # environment variables:" and named neither variable.
    assistant = ingested({"manual.md": "# The Tig Manual\n\n## 3.1. Configuration Files\n\n"
                          "Upon startup, Tig first reads the system wide configuration file ({sysconfdir}/tigrc by "
                          "default) and then proceeds to read the user's configuration file (~/.tigrc or "
                          "$XDG_CONFIG_HOME/tig/config by default). The paths to either of these files can be "
                          "overridden through the following environment variables:\n\n"
                          "TIGRC_USER Path of the user configuration file.\n\n"
                          "TIGRC_SYSTEM Path of the system wide configuration file.\n\n"
                          "## 3.2. History Files\n\nIf compiled with readline support, Tig writes a persistent "
                          "command and search history to ~/.tig_history.\n"})
    answer = assistant.ask("Which environment variables let me point tig at a different user configuration file "
                           "and a different system-wide configuration file?")
    assert "TIGRC_USER" in answer.answer and "TIGRC_SYSTEM" in answer.answer, answer.answer


def test_only_the_terms_a_sentence_announces_come_with_it(ingested):
    # Only what it announces: the terms in a row after it, not a later paragraph that shares a
    # word of the question (review of session 39).
    assistant = ingested({"manual2.md": "# The Tig Manual\n\n## Configuration Files\n\nTig reads the user's "
                          "configuration file at startup. The paths of the configuration files can be overridden "
                          "through the following environment variables:\n\n"
                          "TIGRC_USER Path of the user configuration file.\n\n"
                          "TIGRC_SYSTEM Path of the system wide configuration file.\n\n"
                          "A configuration file holds one command a line, and a line may be a comment.\n"})
    answer = assistant.ask("Which environment variables point tig at a different user configuration file?")
    assert "TIGRC_USER" in answer.answer and "one command a line" not in answer.answer, answer.answer
