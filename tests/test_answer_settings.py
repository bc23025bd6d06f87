"""Settings, options and directives in reference entries and tables: their defaults and values after a lead."""

import textwrap

from rag import asks


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

    from rag.entries import holding, passage_entries
    from rag.identifiers import entry_names, opens_entry, setting_names
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
    assert passage_entries([second, first])[0][0] == lead  # (the second begins inside the first's entry)


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


def test_of_an_entrys_sentences_the_one_stating_the_default_leads(ingested):
    # PostgreSQL (trial 11): once a chunk begun inside max_connections' entry was read as
    # its entry, "When running a standby server, you must set this parameter to the same
    # or higher value..." outscored "The default is typically 100 connections" and, as it
    # gives no default, the question was refused.
    from rag.defaults import states_default
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


def test_a_default_that_was_is_not_the_default(ingested):
    # Postfix's basic configuration (trial 23): "Which clients does mynetworks authorize to
    # relay by default?" was answered "Prior to Postfix 3.0, the default was to authorize all
    # clients in the IP subnetworks...", the old default, without the current one.
    from rag.defaults import states_default
    from rag.candidates import Candidate

    assert not states_default("Prior to Postfix 3.0, the default was to authorize all clients in the IP subnetworks.")
    assert not states_default("Before version 2.4 it defaulted to 1.") and not states_default("The default value was 5.")
    assert states_default("The default was changed to 5 in 2.0.") and states_default("The default is up to 10 retries.")
    # (A default said as it is now stands beside a past one, or a purpose: helper-78's review.)
    assert states_default("queue_run_delay (default: 300 seconds; before Postfix 2.4: 1000s)")
    assert states_default("The default is 32, and 0 can be used to disable it entirely.")
    assert states_default("The default is 10 (previously 5).") and states_default("If unset, the value is defaulted to 8080.")
    assert not states_default("The default used to be 5.")
    assistant = ingested({"other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    past = Candidate("d", "t", "s", 0, 120, "Prior to Postfix 3.0, the default was to authorize all clients in the IP "
                     "subnetworks that the local machine is attached to.", coverage=0.5, similarity=0.6, keyword=1.0, position=1.0)
    current = Candidate("d", "t", "s", 121, 180, "The current default is to authorize the local machine only.",
                        coverage=0.4, similarity=0.6, keyword=1.0, position=1.0)
    assert past.score > current.score > assistant.extractive.settings.min_support
    ranked = assistant.extractive._answering("Which clients does mynetworks authorize to relay by default?", [past, current])
    assert ranked[0] is current


def test_what_a_setting_defaults_to_is_asked_as_its_default(ingested):
    # Docutils' config (gold r11): "If no language is specified, which language does Docutils
    # default to?" is a question for the default, which the sentence stating it answers.
    from rag.candidates import Candidate
    from rag.defaults import asks_default

    assert asks_default("If no language is specified, which language does Docutils default to?")
    assert asks_default("What does RAG_TOP_K default to?") and not asks_default("Can I change the default?")
    assert asks_default("What does the pager default to on Linux?") and not asks_default("Does it default to off in tests? Why?")
    assert not any(asks_default(q) for q in ["Why does Redis default to in-memory storage?",  # (review)
                                             "How do I make it default to on for all users?"])
    assistant = ingested({"other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    described = Candidate("d", "t", "s", 0, 90, "The language of document parts can be specified with a language tag "
                          "class attribute.", coverage=0.8, similarity=0.6, keyword=1.0, position=1.0)
    default = Candidate("d", "t", "s", 91, 160, 'If no language identifier is specified, the default is "en" for English.',
                        coverage=0.99, similarity=0.6, keyword=0.2, position=0.5)
    assert described.score > default.score > assistant.extractive.settings.min_support
    ranked = assistant.extractive._answering("If no language is specified, which language does Docutils default to?",
                                             [described, default])
    assert ranked[0] is default


SED_OPTIONS = """\x1f
File: sed.info,  Node: Command-Line Options,  Next: Exit status,  Up: Invoking sed

2.2 Command-Line Options
========================

The full format for invoking 'sed' is:

     sed OPTIONS... [SCRIPT] [INPUTFILE...]

'sed' may be invoked with the following command-line options:

'-n'
'--quiet'
'--silent'
     By default, 'sed' prints out the pattern space at the end of each
     cycle through the script (*note How 'sed' works: Execution Cycle.).
     These options disable this automatic printing, and 'sed' only
     produces output when explicitly told to via the 'p' command.

'-s'
'--separate'
     By default, 'sed' will consider the files specified on the command
     line as a single continuous long stream.
"""


def test_the_sentence_after_the_lead_is_next_to_it_across_an_indent(ingested):
    # sed's Info manual (trial 24 A04): "What does the -n option do in sed?" was answered by
    # "By default, 'sed' prints out the pattern space..." without the next sentence, "These
    # options disable this automatic printing...": the line's indent between them (six
    # characters) was more than "right after" allowed.
    from rag.candidates import Candidate

    assistant = ingested({"sed.txt": SED_OPTIONS, "other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    question = "What does the -n option do in sed?"
    passages = assistant.retrieve(question)
    scored = {c.text.split()[-1]: c for c in assistant.extractive.score(question, passages)}
    lead, then = scored["Cycle.)."], scored["command."]
    assert lead.next_start == then.start and then.start - lead.end == 6  # ("\n     ")
    # (As the fitted scorer weighed them on sed's whole manual: the second far below the lead.)
    lead = Candidate(lead.doc_id, "t", "s", lead.start, lead.end, lead.text, coverage=0.8, similarity=0.6, keyword=1.0,
                     position=1.0, next_start=lead.next_start)
    then = Candidate(then.doc_id, "t", "s", then.start, then.end, then.text, coverage=0.45, similarity=0.6, keyword=0.1,
                     position=1.0)
    assert 0.25 * lead.score < then.score < 0.5 * lead.score
    chosen = assistant.extractive._select(question, [lead, then])
    assert chosen == [lead, then]


LESS_ENVIRONMENT = """LESS(1)                     General Commands Manual                    LESS(1)

NAME
       less - opposite of more

ENVIRONMENT VARIABLES
       LESSCHARSET
              Selects a predefined character set.

       LESSHISTFILE
              Name  of  the  history file used to remember search commands and
              shell commands between invocations of less.  If set to "-" or
              "/dev/null", a history file is not used.  The default is
              "$HOME/.lesshst" on Unix systems.

       LESSHISTSIZE
              The maximum number of commands to save in the history file.  The
              default is 100.

                            Version 590: 03 Jun 2021                   LESS(1)
"""


def test_an_answer_from_one_entry_of_a_reference_leaves_its_neighbours_out(ingested):
    # less(1) (trial 23): "Where does less save its history of search commands by default?"
    # was answered by LESSHISTFILE's entry and its default, then LESSHISTSIZE's ("The maximum
    # number of commands to save...", "The default is 100."), which shares "save".
    assistant = ingested({"less.1.txt": LESS_ENVIRONMENT, "other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    answer = assistant.ask("Where does less save its history of search commands by default?")
    assert ".lesshst" in answer.answer and "LESSHISTSIZE" not in answer.answer, answer.answer


def test_an_option_of_one_dash_is_a_setting_a_neighbour_entry_only_mentions(ingested):
    # find's man page (trial 13): "In find, what does the -mtime n test check?" was answered
    # by -daystart's entry, whose term line goes on "Measure times (for ... -mtime) from the
    # beginning of today": "-mtime" was no setting's name, and a term line's description
    # counted as its heading.
    from rag.identifiers import setting_names

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


RESTIC_PRUNE = (
    "Customize pruning\n\nThe ``prune`` command accepts the following options:\n\n"
    "-  ``--max-unused limit`` allow unused data up to the specified limit within the repository.\n"
    "   This allows restic to keep partly used files instead of repacking them.\n\n"
    "   The limit can be specified in several ways:\n\n"
    "    * As an absolute size (e.g. ``200M``). If you want to minimize the space\n"
    "      used by your repository, pass ``0`` to this option.\n"
    "    * As a size relative to the total repository size (e.g. ``10%``). This means that\n"
    "      after prune, at most ``10%`` of the total data stored in the repository may be\n"
    "      unused data.\n\n"
    "   Restic tries to repack as little data as possible while still ensuring this\n"
    "   limit for unused data. The default value is 5%.\n\n"
    "- ``--max-repack-size size`` if set limits the total size of files to repack.\n")


def test_asked_for_a_default_an_examples_figure_neither_leads_nor_joins(ingested):
    # restic's pruning guide (blind trial 21, A05): "How much unused data does restic prune
    # tolerate by default?" was answered by an example's "at most ``10%``"; the default,
    # "The default value is 5%.", follows the sentence it completes.
    assistant = ingested({"forget.txt": RESTIC_PRUNE,
                          "other.txt": "Other\n\nThe check command verifies the repository's structure.\n"})
    answer = assistant.ask("How much unused data does restic prune tolerate by default (the --max-unused default)?")
    assert "The default value is 5%." in answer.answer and "10%" not in answer.answer, answer.answer


def test_an_entry_is_read_on_across_chunks_that_meet(ingested):
    # (The chunk holding "The default value is 5%." began two chunks after the one where
    # --max-unused's entry opens, with the blank lines between them in neither.)
    from rag import entries
    from rag.schema import Passage

    text = RESTIC_PRUNE
    cuts = [text.index("-  ``--max"), text.index("    * As an absolute"), text.index("   Restic tries"), len(text)]
    passages = [Passage(f"c{k}", "d", "Forget", "forget.txt", text[a:b].strip(), a, a + len(text[a:b].strip()), 1.0)
                for k, (a, b) in enumerate(zip(cuts, cuts[1:]))]
    last = entries.passage_entries(passages)[-1]
    assert len(last) == 3 and all(term.startswith("``--max-unused limit``") for term in last[:2]), last


def test_what_an_option_does_is_answered_by_the_sentence_opening_its_entry(ingested):
    # Blind trial 25: "What does the rsync --delete option do?" was answered with "The
    # --delete option may be combined with one of the --delete-WHEN options...", a later
    # sentence of the entry that says the question's words, not with its first.
    page = ("RSYNC(1)                         User Commands                        RSYNC(1)\n\nNAME\n"
            "       rsync - a fast, versatile, remote (and local) file-copying tool\n\nOPTIONS\n"
            "       --delete\n              This tells rsync to delete extraneous files from the receiving side (those\n"
            "              that don't exist on the sending side), but only for the directories that are\n"
            "              being synchronized.\n\n"
            "              The --delete option may be combined with one of the --delete-WHEN options\n"
            "              without conflict, as well as --delete-excluded.  However, if none of the\n"
            "              --delete-WHEN options are specified, rsync will choose the --delete-during\n"
            "              algorithm.\n\n"
            "       --delete-before\n              Request that the file-deletions on the receiving side be done before the\n"
            "              transfer starts.\n")
    assistant = ingested({"rsync.1.txt": page, "other.txt": "Other\n\nThe daemon listens on a port.\n"})
    answer = assistant.ask("What does the rsync --delete option do?")
    assert answer.answer.startswith("--delete This tells rsync to delete extraneous files"), answer.answer
    # (Not of another program's option, nor for something else asked of it: review.)
    for other in ["What does the unison --delete option do?", "What is the best alternative to --delete?"]:
        assert not assistant.ask(other).answer.startswith("--delete This tells rsync"), other


def test_a_setting_named_in_camel_case_is_answered_from_its_own_entry(ingested):
    # Blind trial 26: sshd_config names its settings in camel case, which was not read as
    # a setting's name: "What is the default LoginGraceTime?" was answered with the
    # default of the entry before it, "The default is to listen on all local addresses."
    page = ("SSHD_CONFIG(5)                File Formats Manual               SSHD_CONFIG(5)\n\nNAME\n"
            "     sshd_config — OpenSSH daemon configuration file\n\nDESCRIPTION\n"
            "     ListenAddress\n             Specifies the local addresses sshd(8) should listen on.  The\n"
            "             default is to listen on all local addresses.\n\n"
            "     LoginGraceTime\n             The server disconnects after this time if the user has not\n"
            "             successfully logged in.  If the value is 0, there is no time limit.  The\n"
            "             default is 120 seconds.\n\n"
            "     LogLevel\n             Gives the verbosity level that is used when logging messages from\n"
            "             sshd(8).  The default is INFO.\n")
    assistant = ingested({"sshd_config.5.txt": page, "other.txt": "Other\n\nThe client reads its own file.\n"})
    answer = assistant.ask("What is the default LoginGraceTime in sshd_config?")
    assert "The default is 120 seconds." in answer.answer and "all local addresses" not in answer.answer, answer.answer
    # (A name in camel case that opens no entry is a product's, asked of in any sentence.)
    from rag.identifiers import entry_names, opens_entry

    assert not opens_entry("NetworkManager is a daemon that manages connections.")
    assert entry_names("LoginGraceTime\n             The server disconnects") == {"logingracetime"}


def test_an_info_manuals_definition_line_opens_its_entry(ingested):
    # Blind trial 26: findutils' Info manual defines its options as "-- Option: -xdev" over
    # the description; "What does the -xdev option do in find?" got a security note that
    # mentions -xdev, not "Don't descend directories on other filesystems."
    manual = ("File: find.info,  Node: Filesystems,  Up: Finding Files\n\n2.12 Filesystems\n================\n\n"
              "A race condition attack might take the form that once the checks relevant to '-xdev' and\n"
              "'-prune' have been done, an attacker might rename the directory that find was in.\n\n"
              " -- Option: -xdev\n -- Option: -mount\n     Don't descend directories on other filesystems.\n\n"
              " -- Option: -depth\n     Process each directory's contents before the directory itself.\n")
    assistant = ingested({"find-manual.txt": manual, "other.txt": "Other\n\nThe shell reads its start-up files.\n"})
    answer = assistant.ask("What does the -xdev option do in find?")
    assert "-- Option: -xdev -- Option: -mount Don't descend directories on other filesystems." in answer.answer, answer.answer
    from rag.identifiers import entry_names

    assert entry_names(" -- Option: -xdev\n -- Option: -mount\n     Don't descend".strip()) == {"-xdev", "-mount"}


IPTABLES_LIMIT = """iptables-extensions(8)          iptables 1.8.9          iptables-extensions(8)


NAME
       iptables-extensions  — list of extensions in the standard iptables dis‐
       tribution

MATCH EXTENSIONS
   hashlimit
       --hashlimit-burst amount
              Maximum  initial  number  of  packets to match: this number gets
              recharged by one every time the limit  specified  above  is  not
              reached,  up  to this number; the default is 5.

   limit
       This module matches at a limited rate using a token bucket  filter.   A
       rule  using  this extension will match until this limit is reached.  It
       can be used in combination with the LOG target to give limited logging,
       for example.

       xt_limit  has no negation support - you will have to use -m hashlimit !
       --hashlimit rate in this case whilst omitting --hashlimit-mode.

       --limit rate[/second|/minute|/hour|/day]
              Maximum average matching rate: specified as a  number,  with  an
              optional  `/second',  `/minute',  `/hour', or `/day' suffix; the
              default is 3/hour.

       --limit-burst number
              Maximum initial number of packets to  match:  this  number  gets
              recharged  by  one  every  time the limit specified above is not
              reached, up to this number; the default is 5.
"""


def test_settings_named_in_a_row_are_each_told_by_their_own_entry(ingested):
    # Blind trial 30 (iptables-extensions(8)): "What are the default values of --limit and
    # --limit-burst in the iptables limit match?" was refused: each entry names one of the
    # two, so each sentence was missing the other's name.
    from rag.identifiers import joined_names

    assert joined_names("What are the default values of --limit and --limit-burst?") == {"--limit", "--limit-burst"}
    assert joined_names("What do max_connections, shared_buffers or work_mem set?") == \
        {"max_connections", "shared_buffers", "work_mem"}
    assert not joined_names("How does --foo interact with the timeout of --bar?")
    assistant = ingested({"iptables-extensions.8.txt": IPTABLES_LIMIT,
                          "other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    reply = assistant.ask("What are the default values of --limit and --limit-burst in the iptables limit match?")
    assert not reply.refused
    assert "the default is 3/hour" in reply.answer and "--limit-burst number Maximum initial" in reply.answer
    assert "--hashlimit-burst" not in reply.answer


LOGROTATE = """LOGROTATE(8)             System Administrator's Manual            LOGROTATE(8)

NAME
       logrotate - rotates, compresses, and mails system logs

CONFIGURATION FILE DIRECTIVES

   Compression
       compress
              Old versions of log files are compressed  with  gzip(1)  by  de‐
              fault.  See also nocompress.


       nocompress
              Old  versions  of  log  files are not compressed.  See also com‐
              press.


       compresscmd
              Specifies which command to use to compress log files.   The  de‐
              fault is gzip(1).  See also compress.


       uncompresscmd
              Specifies which command to use to uncompress log files.  The de‐
              fault is gunzip(1).


       compressext
              Specifies which extension to use on compressed logfiles, if com‐
              pression is enabled.  The default follows that of the configured
              compression command.


       compressoptions
              Command line options may be passed to the  compression  program,
              if one is in use.  The default, for gzip(1), is "-6" (biased to‐
              wards high compression at the expense of speed).  If you  use  a
              different  compression  command, you may need to change the com‐
              pressoptions to match.


       delaycompress
              Postpone compression of the previous log file to the next  rota‐
              tion  cycle.  This only has effect when used in combination with
              compress.  It can be used when some program cannot  be  told  to
              close  its logfile and thus might continue writing to the previ‐
              ous log file for some time.


       nodelaycompress
              Do not postpone compression of the previous log file to the next
              rotation cycle (this overrides the delaycompress option).

"""


def test_a_directive_named_in_lower_case_is_answered_by_its_own_entry(ingested):
    # Blind trial 29 (logrotate(8)): "What does the delaycompress directive do in
    # logrotate?" was answered with nodelaycompress's entry, which says the opposite
    # ("...this overrides the delaycompress option"): a word over its description is an
    # entry's term, and a word the question calls a directive is the setting asked about.
    from rag.identifiers import entry_like_names, entry_names

    assert entry_like_names("What does the delaycompress directive do?") == {"delaycompress"}
    assert not entry_like_names("What does the default option do?")
    assert entry_names("delaycompress\n              Postpone compression of the previous log file") == {"delaycompress"}
    assistant = ingested({"logrotate.8.txt": LOGROTATE, "other.txt": "Other\n\nThe resolver answers queries from its cache.\n"})
    reply = assistant.ask("What does the delaycompress directive do in logrotate?")
    assert reply.answer.startswith("delaycompress Postpone compression of the previous log file"), reply.answer
    assert "nodelaycompress" not in reply.answer


def test_a_setting_documented_in_a_configuration_files_comments(ingested):
    # Trial 32: squid.conf.documented, every line a "#" comment, read as code: "What is the
    # default shutdown_lifetime in Squid?" was refused with the entry at rank 1.
    from test_structure import COMMENTED

    assistant = ingested({"squid.conf.documented.txt": COMMENTED})
    answer = assistant.ask("What is the default shutdown_lifetime in Squid?")
    assert not answer.refused and "shutdown_lifetime 30 seconds" in answer.answer and "#" not in answer.answer
    answer = assistant.ask("What is the default cache_mgr?")
    assert not answer.refused and "webmaster" in answer.answer and "mail_program" not in answer.answer


NMAP_VERSION = """SERVICE AND VERSION DETECTION

       --version-intensity intensity (Set version scan intensity)
           When performing a version scan (-sV), Nmap sends a series of
           probes, each of which is assigned a rarity value between one and
           nine. The intensity level specifies which probes should be
           applied. The higher the number, the more likely it is the service
           will be correctly identified. However, high intensity scans take
           longer. The intensity must be between 0 and 9.  The default is 7.
           When a probe is registered to the target port via the
           nmap-service-probes ports directive, that probe is tried regardless
           of intensity level. This ensures that the DNS probes will always be
           attempted against any open port 53, the SSL probe will be done
           against 443, etc.

       --version-light (Enable light mode)
           This is a convenience alias for --version-intensity 2. This light
           mode makes version scanning much faster, but it is slightly less
           likely to identify services.
"""


def test_a_default_given_in_a_short_sentence_after_its_setting_is_found(ingested):
    # Trial 31 (nmap(1)): "What is the default version scan intensity in nmap?" was read as
    # asking for a version ("version scan"), and "The default is 7.", too short to be scored,
    # was not reached: refused; then answered with --version-light's "intensity 2" and
    # example ports.
    assistant = ingested({"nmap.txt": NMAP_VERSION})
    answer = assistant.ask("What is the default version scan intensity in nmap?")
    assert not answer.refused and "The default is 7." in answer.answer
    assert "--version-intensity 2" not in answer.answer and "port 53" not in answer.answer
    assert asks.answer_types("Since which Nmap version can it scan?") and not asks.answer_types(answer.question)


def test_a_setting_described_in_a_table_row_is_answered_by_its_row(ingested, tmp_path):
    # Trial 31: "What does setting the MAGICK_OCL_DEVICE environment variable to off do?" was
    # refused with its row at rank 1 (a table row has no sentence).
    assistant = ingested({
        "resources.html": "<html><body><h1>Resources</h1><h2>Environment Variables</h2>"
                          "<table><tr><td>MAGICK_MEMORY_LIMIT</td><td>Set maximum amount of memory in bytes to allocate "
                          "for the pixel cache from the heap.</td></tr><tr><td>MAGICK_OCL_DEVICE</td><td>Set to off to "
                          "disable hardware acceleration of certain accelerated algorithms (e.g. blur, convolve, "
                          "etc.).</td></tr><tr><td>MAGICK_PRECISION</td><td>Set the maximum number of significant "
                          "digits to be printed.</td></tr></table></body></html>",
    })
    answer = assistant.ask("What does setting the MAGICK_OCL_DEVICE environment variable to off do?")
    assert not answer.refused and answer.answer.startswith("MAGICK_OCL_DEVICE | Set to off to disable hardware")


def _timeouts() -> str:
    # squid.conf.documented's shape: one "#  TAG:" entry per setting, many of them timeouts.
    entries = [("read_timeout", "Applied on peer server connections. After each successful read(), the timeout will "
                                "be extended by this amount. If no data is read again after this amount of time, the "
                                "request is aborted and logged with ERR_READ_TIMEOUT.", "15 minutes"),
               ("request_timeout", "How long to wait for complete HTTP request headers after initial connection "
                                   "establishment.", "5 minutes")]
    for name in ["connect", "forward", "peer_connect", "icap_io", "request_start", "write", "dns", "client_idle",
                 "pconn", "shutdown", "ident", "ssl_handshake"]:
        entries.append((f"{name}_timeout", f"This parameter specifies how long to wait for the {name} request before "
                                           "the timeout aborts the request and the read is logged as a timeout.",
                        "1 minute"))
    return "".join(f"\n#  TAG: {name}\n#\t" + "\n#\t".join(textwrap.wrap(text, 64)) + f"\n#Default:\n# {name} {value}\n"
                   for name, text, value in entries)


def test_settings_named_in_a_row_each_reach_the_answer_by_their_entry(ingested):
    # Trial 32 B09: "What are Squid's default read_timeout and request_timeout?" got
    # read_timeout's default twice ("The default is 15 minutes." and "Default: read_timeout 15
    # minutes") and not request_timeout's: its entry (under "TAG: request_timeout") was not
    # among the passages, and "Squid's default" was not read as asking for a default.
    # Trial 31 A09: gzip's Info manual quotes its entries' names ("‘DFLTCC_BLOCK_SIZE’").
    assistant = ingested({"squid.conf.documented.txt": "#\tWELCOME TO SQUID\n#\t----------------\n" + _timeouts(),
                          "gzip.info": "Environment\n***********\n\n‘DFLTCC_BLOCK_SIZE’\n     Size of deflate blocks "
                                       "produced by DEFLATE COMPRESSION CALL in\n     bytes in decimal or hexadecimal "
                                       "form.  Default value is ‘1048576’\n     (1 megabyte).\n\n"
                                       "‘DFLTCC_FIRST_FHT_BLOCK_SIZE’\n     Size of the first fixed deflate block "
                                       "produced by DEFLATE\n     COMPRESSION CALL in bytes in decimal or hexadecimal "
                                       "form.\n     Default value is ‘4096’ (4 kilobytes).\n"})
    answer = assistant.ask("What are Squid's default read_timeout and request_timeout?")
    assert "read_timeout 15 minutes" in answer.answer and "request_timeout 5 minutes" in answer.answer
    assert answer.answer.count("15 minutes") == 1
    answer = assistant.ask("What are the default values of gzip's DFLTCC_BLOCK_SIZE and DFLTCC_FIRST_FHT_BLOCK_SIZE?")
    assert "1048576" in answer.answer and "4096" in answer.answer


def test_a_default_said_to_depend_or_of_a_condition_keeps_what_answers(ingested):
    # Review of session 39: the lead that "gives a default" dropped the sentence that answers
    # ("On Linux it is 4096 bytes"; "use port 465 instead") and "depends on the platform"
    # counted as a value given.
    assistant = ingested({
        "buf.txt": "Buffers\n\nbuffer_size Sets the size of the read buffer used for each connection. The default "
                   "buffer size depends\non the platform. On Linux it is 4096 bytes and on Windows 8192 bytes.\n\n"
                   "The default log level is set by the build. Release builds use 2 and debug builds use 5.\n",
        "mail.txt": "Mail\n\nThe smtp_port option sets the port used for outgoing mail. It defaults to 25, but most "
                    "providers\nrequire 587 with STARTTLS. When TLS is enabled with smtps, use port 465 instead.\n",
    })
    assert "4096" in assistant.ask("What is the default buffer_size on Linux?").answer
    assert "465" in assistant.ask("What is the default smtp_port with TLS?").answer


VSFTPD = """VSFTPD.CONF(5)                File Formats Manual               VSFTPD.CONF(5)

NAME
       vsftpd.conf - config file for vsftpd

NUMERIC OPTIONS
       max_login_fails
              After this many login failures, the session is killed.

              Default: 3

       max_per_ip
              If vsftpd is in standalone mode, this is the maximum  number  of
              clients which may be connected from the same source internet ad‐
              dress.

              Default: 0 (unlimited)

STRING OPTIONS
       rsa_cert_file
              This option specifies the location of the RSA certificate to use
              for SSL encrypted connections.

              Default: /usr/share/ssl/certs/vsftpd.pem

       rsa_private_key_file
              This option specifies the location of the RSA private key to use
              for  SSL  encrypted  connections.

              Default: (none)
"""


def test_a_default_on_a_line_of_its_own_under_the_description(ingested):
    # Trial 33 (vsftpd.conf(5)): every "Default: 3" line under its setting was read as code,
    # so every question for a default was refused with the entry at rank 1; "Default:
    # /usr/share/..." was read as the next entry's term.
    assistant = ingested({"vsftpd.conf.txt": VSFTPD})
    answer = assistant.ask("What is the default value of max_login_fails in vsftpd?")
    assert not answer.refused and "Default: 3" in answer.answer and "(unlimited)" not in answer.answer
    answer = assistant.ask("What is the default rsa_cert_file in vsftpd?")
    assert "Default: /usr/share/ssl/certs/vsftpd.pem" in answer.answer and "rsa_private_key_file" not in answer.answer


def test_a_default_stated_across_a_comments_line_break(ingested):
    # Trial 34 (redis.conf, every line of text a "#" comment): "By default\n# this limit is
    # set to 10000 clients" was not read as stating a default, and a sentence below the bar
    # about another default ("the default HZ value") answered instead.
    lines = ["# Redis configuration file example", "#", "################################### CLIENTS ####################################",
             "", "# Set the max number of connected clients at the same time. By default",
             "# this limit is set to 10000 clients, however if the Redis server is not",
             "# able to configure the process file limit to allow for the specified limit",
             "# the max number of allowed clients is set to the current file limit.", "#",
             "# Once the limit is reached Redis will close all the new connections sending",
             "# an error 'max number of clients reached'.", "#", "# maxclients 10000", ""]
    lines += [f"# Note {n}: the server reads this file at start-up and a restart applies a change." for n in range(20)]
    lines += ["", "# Since the default HZ value by default is conservatively set to 10, Redis",
              "# offers the ability to use an adaptive HZ value when there are many connected clients.", "#", "hz 10", ""]
    assistant = ingested({"redis.conf.txt": "\n".join(lines)})
    answer = assistant.ask("What is the default maximum number of connected clients in Redis?")
    assert "10000 clients" in answer.answer and "HZ" not in answer.answer
    assert asks.answer_types("Which Newsboat version should I upgrade to?")  # (trial 34: asks for a version)
    assert not asks.answer_types("Which version of Perl should I use?")


def test_a_digit_of_a_name_is_no_figure_to_rank_by(ingested):
    # Trial 33 A06: "By default, how long can an FTP user sit idle...?" was answered with
    # ftp_data_port's entry, ranked first as "a figure" for the 20 of connect_from_port_20.
    assistant = ingested({"vsftpd.conf.txt": VSFTPD.replace("STRING OPTIONS", """       ftp_data_port
              The port from which PORT style connections originate (as long as
              the poorly named connect_from_port_20 is enabled).

              Default: 20

       idle_session_timeout
              The  timeout,  in  seconds,  which  is the maximum time a remote
              client may spend between FTP commands. If the timeout  triggers,
              the remote client is kicked off.

              Default: 300

STRING OPTIONS""")})
    answer = assistant.ask("By default, how long can an FTP user sit idle without typing a command before vsftpd "
                           "disconnects them?")
    assert "Default: 300" in answer.answer and "ftp_data_port" not in answer.answer
    from rag.roles import STANDING_FIGURE

    assert not STANDING_FIGURE.search("the poorly named connect_from_port_20 is enabled")
    assert STANDING_FIGURE.search("trade of $1 billion") and STANDING_FIGURE.search("50 soldiers") and STANDING_FIGURE.search("a dozen")


def test_a_default_that_can_be_set_elsewhere_is_still_given_and_another_default_is_no_padding(ingested):
    # Review of session 39 (helper-97): "can be set by the --timeout option" made a stated
    # default no value; another setting's default joined an answer for one setting.
    from rag import defaults

    assert defaults.gives_value("The default timeout is 30 seconds, and it can be set by the --timeout option.")
    assert not defaults.gives_value("The default buffer size depends on the platform.")
    assert not defaults.gives_value("The default log level is set by the build.")
    assistant = ingested({"fetcher.txt": "Fetcher\n\nThe fetcher downloads each feed in turn. The default fetch timeout "
                                         "is 30 seconds, and it can be set by the --timeout option. A timeout of 0 "
                                         "waits forever.\n\nThe default retry count is 3 and the fetcher gives up "
                                         "after that.\n"})
    answer = assistant.ask("What is the default fetch timeout of the fetcher?")
    assert "30 seconds" in answer.answer and "retry" not in answer.answer and "forever" not in answer.answer


TS_PAGE = """TS(1)                                                                    TS(1)

NAME
       ts - timestamp input

DESCRIPTION
       ts adds a timestamp to the beginning of each line of input.

       The optional format parameter controls how the timestamp is formatted,
       as used by strftime(3). The default format is "%b %d %H:%M:%S". In
       addition to the regular strftime conversion specifications, "%.S" and
       "%.s" are like "%S" and "%s", but provide subsecond resolution.

       If the -i or -s switch is passed, ts reports incremental timestamps
       instead of absolute ones. The default format changes to "%H:%M:%S", and
       "%.S" and "%.s" can be used as well.
"""
IFNE_PAGE = """IFNE(1)                            moreutils                           IFNE(1)

NAME
       ifne - Run command if the standard input is not empty

SYNOPSIS
       ifne [-n] command

DESCRIPTION
       ifne runs the following command if and only if the standard input is
       not empty.

OPTIONS
       -n
           Reverse operation. Run the command if the standard input is empty.

           Note that if the standard input is not empty, it is passed through
           ifne in this case.

EXAMPLE
       find . -name core | ifne mail -E 'set escape' -s "Core files found"
                                                                                root
"""


def test_a_plain_default_before_one_that_holds_under_a_condition(ingested):
    # ts(1) (trial 35, A01): "The default format changes to "%H:%M:%S"" (with -i or -s, said
    # the sentence before) answered "What is the default timestamp format used by ts?".
    assistant = ingested({"ts.txt": TS_PAGE})
    answer = assistant.ask("What is the default timestamp format used by ts?")
    assert not answer.refused and answer.answer.startswith('The default format is "%b %d %H:%M:%S".'), answer.answer
    asked = assistant.ask("What is the default timestamp format of ts when -i is passed?")
    assert "%H:%M:%S" in asked.answer, asked.answer  # (asked under the condition, it is no worse an answer)
    # (A default for when nothing is given is the plain one; "changes" as a noun is no change.)
    from rag.defaults import conditional_default
    question = "What is the default output directory of fetchit?"
    assert not conditional_default("If omitted, the default is the current directory.", question)
    assert not conditional_default("Unless otherwise specified, the default is 3.", question)
    assert not conditional_default("By default no space changes are ignored.", question)
    assert conditional_default("When run as root, the default is /var/cache.", question)


def test_an_entry_described_in_two_words_goes_on_in_its_next_sentence(ingested):
    # ifne(1) (trial 35, A05): "-n Reverse operation." alone says too little; the sentence
    # after it says what that means.
    assistant = ingested({"ifne.txt": IFNE_PAGE, "lsx.txt": "LSX(1)\n\nNAME\n       lsx - list directory contents in "
                          "columns\n\nOPTIONS\n       -r     Reverse order.\n       -s     Print sizes.\n"
                          "       -t     Sort by time.\n"})
    answer = assistant.ask("What does the -n option of ifne do?")
    assert not answer.refused and "Run the command if the standard input is empty." in answer.answer, answer.answer
    # (Not the next entry of a list of options without blank lines between them.)
    from rag.roles import briefly_described
    assert briefly_described("-r Reverse order.") and not briefly_described("Run the command if it is empty.")
    answer = assistant.ask("What does the -r option of lsx do?")
    assert "Print sizes" not in answer.answer, answer.answer


def test_what_is_taken_when_nothing_is_given_is_asked_as_the_default(ingested):
    # Flask's message flashing (fk-d12): "What category does a flashed message get if I
    # don't give one?" asks for the default in other words; the sentence stating it ("The
    # default category if nothing is provided is 'message'.", its condition before its verb)
    # leads, not one naming a function.
    from rag.defaults import asks_default, states_default

    assert asks_default("What category does a flashed message get if I don't give one?")
    assert asks_default("Which port is used when none is specified?")
    assert asks_default("If I don't configure anything, how many names will dnsmasq remember?")
    assert asks_default("Which file is read if no config file is given?")
    assert asks_default("If no encoding was given, which one is used?") and asks_default("Which editor is used when it is not set?")
    assert not any(asks_default(q) for q in [  # (what happens, what goes wrong, who can: no default; review)
        "What happens if I don't set a category?", "What does flash() do if I don't give a category?",
        "What would happen if I don't specify a port?", "What if I don't give a category?",
        "Which users can log in without setting a password?", "Does it fail if I don't specify which port to use?",
        "What error do I get if no key is given?", "What should I do if I don't pick a category?",
        "Which environment variable does tar examine when no archive option is given?"])  # (another thing not given)
    assert states_default("The default category if nothing is provided is 'message'.")
    assert states_default("The default, when no file is given, is standard input.")
    assert not any(states_default(s) for s in [  # (the clause's own verb is not the default's)
        "You can change the default when you want to use a different port.",
        "Keep the default unless you need to tune performance.",
        "By default, if a compspec is found, whatever it generates is returned."])
    assistant = ingested({"flashing.txt": textwrap.dedent("""\
        Message Flashing

        Flashing With Categories

        It is also possible to provide categories when flashing a message. The
        default category if nothing is provided is 'message'. Alternative
        categories can be used to give the user better feedback.

        Inside the template you then have to tell the get_flashed_messages()
        function to also return the categories. The loop looks slightly different
        in that situation then.
        """)})
    answer = assistant.ask("What category does a flashed message get if I don't give one?")
    assert "'message'" in answer.answer and "get_flashed_messages" not in answer.answer


def test_a_lead_whose_next_sentence_gives_its_default_comes_before_another_entrys_default(ingested):
    # Blind trial 40 (mbsync(1)): "What is mbsync's default IMAP connect and data Timeout?"
    # led with Port's "(Default: 143 for IMAP, 993 for IMAPS)": a sentence with a figure of its
    # own went first, though Timeout's entry gives its figure in the sentence after it.
    assistant = ingested({"mbsync.txt": (
        "MBSYNC(1)                   General Commands Manual                  MBSYNC(1)\n\n"
        "NAME\n       mbsync - synchronize IMAP4 and Maildir mailboxes\n\n"
        "CONFIGURATION\n"
        "       Host host\n"
        "              Specify the DNS name or IP address of the IMAP server.\n\n"
        "       Port port\n"
        "              Specify the TCP port number of the IMAP server.   (Default:  143\n"
        "              for IMAP, 993 for IMAPS)\n"
        "              If Tunnel is used, this setting is ignored.\n\n"
        "       Timeout timeout\n"
        "              Specify the connect and data timeout for the IMAP server in sec‐\n"
        "              onds.  Zero means unlimited.  (Default: 20)\n\n"
        "       User username\n"
        "              Specify the login name on the IMAP server.\n")})
    timeout = assistant.ask("What is mbsync's default IMAP connect and data Timeout, in seconds?")
    assert "(Default: 20)" in timeout.answer and "143" not in timeout.answer
    port = assistant.ask("What is mbsync's default IMAP port?")
    assert "143" in port.answer and "(Default: 20)" not in port.answer
