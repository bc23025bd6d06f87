"""How a question is read (rag.asks) and the small rules of list and option answers
that hang on it."""

from rag import asks
from rag.roles import opens_with
from rag.lists import as_names, items_after
from rag.schema import Passage


def test_the_kind_asked_for_is_the_word_before_the_verb():
    # Review of session 32: "Which status codes are..." asked for "status", "Which key
    # binding switches..." for "key", and "What exactly is..." for "exactly".
    assert asks.several_of("Which status codes are returned by the server?") == "codes"
    assert asks.several_of("Which shells can mc use as a subshell?") == "shells"
    assert asks.several_of("What are the default shells?") == "shells"
    assert asks.several_of("What is a shell?") == ""
    assert asks.which_one("Which key binding switches buffers?") == "key binding"
    assert asks.which_one("Which signal wakes up a fetchmail daemon?") == "signal"
    assert asks.which_one("What port does it listen on?") == "port"
    assert asks.which_one("Which version of gnuplot supports this?") == "version"  # (review of session 33)
    assert asks.which_one("What in-memory store does it use?") == "in-memory store"
    for question in ["What exactly is a remote?", "What else can I do?", "Which one is best?", "What happens then?"]:
        assert asks.which_one(question) == "", question


def test_a_list_in_a_row_is_three_items_with_commas_or_a_last_and():
    assert asks.lists_inline("Use ksh, csh or zsh.")
    assert asks.lists_inline("It works with bash, ash (BusyBox and Debian), tcsh, zsh and fish.")
    assert not asks.lists_inline("Note, however, that the file is read once.")
    assert not asks.lists_inline("Run it and stop it.")
    # Review of session 33: an opening clause's last word is no item.
    assert not asks.lists_inline("For example, tmux and screen.")
    assert not asks.lists_inline("If set, tmux and screen stop.")
    # Review of session 34: those words are items elsewhere, and after the clause too.
    assert asks.lists_inline("Valid values are enabled, disabled and default.")
    assert asks.lists_inline("The subcommands are get, set, unset, list and edit.")
    assert asks.lists_inline("For example, tmux, screen and dtach.")


def test_an_expression_is_said_as_written_not_its_quotes_and_a_share_is_none():
    assert asks.literals("What does '2>&1' do in a shell?") == ["2>&1"]
    assert asks.literals("What is -2**2 in Perl?") == ["-2**2"]
    assert asks.literals("Why is 90% of the disk used?") == []
    assert asks.says_literal("vm.swappiness=10", "Set vm.swappiness = 10 in /etc/sysctl.conf.")
    assert not asks.says_literal("5/2", "5 divided by 2 is 2.")
    # Review of session 33: spaces around marks only, and the expression whole.
    assert not asks.says_literal("x=1", "The max =10 limit")
    assert not asks.says_literal("5/2", "5/20 of them")
    assert not asks.says_literal("x=1", "Set x=1.5 there.") and not asks.says_literal("C++", "Use C++17.")
    assert asks.says_literal("2>&1", "Redirect with 2> &1 here.")
    assert asks.says_literal("-2**2", "In Perl, -2 ** 2 is -4.")


def test_an_option_is_told_only_by_an_entry_opening_with_it_whole():
    assert opens_with("-q  Quiet; produce output suitable for logging.", "-q")
    assert opens_with("  --force, -f  Overwrite.", "--force")
    assert not opens_with("-qq  No output except for errors.", "-q")
    assert not opens_with("--force-yes  Force yes.", "--force")


def _passage(text: str) -> Passage:
    return Passage("c", "d", "Title", "d.txt", text, 0, len(text), 1.0)


def test_several_names_under_a_lead_are_given_whole_but_a_count_is_kept():
    names = ["Python", "Perl", "Ruby", "Tcl", "Lua", "Guile"]
    lead = "It supports several scripting languages:"
    text = lead + "\n\n" + "".join(f"- {name}\n" for name in names)
    got = [item for *_, item in items_after(lead, len(lead), _passage(text), limit=3)]
    # (as one quote, from the first name to the last, shown in a row: one citation, not six)
    assert got == ["Python\n- Perl\n- Ruby\n- Tcl\n- Lua\n- Guile"], got
    assert as_names(got[0]) == "Python, Perl, Ruby, Tcl, Lua, Guile"
    assert as_names("Run it.\n- Then this one, which is long.\n- And that.") is None
    loose = lead + "\n\n" + "".join(f"- {name}\n\n" for name in names)  # (HTML's list items, a blank line apart)
    assert [as_names(item) for *_, item in items_after(lead, len(lead), _passage(loose), limit=3)] == [
        "Python, Perl, Ruby, Tcl, Lua, Guile"]
    counted = text.replace("several", "two")
    lead = counted.split("\n")[0]
    assert [item for *_, item in items_after(lead, len(lead), _passage(counted), limit=5)] == names[:2]


def test_a_sentence_naming_them_after_a_counting_lead_must_list_them():
    lead = "Five basic fonts are provided."
    listed = _passage(lead + " These are tiny, small, medium, large or giant. They cannot be scaled.")
    assert [t for *_, t in items_after(lead, len(lead), listed, limit=3)] == ["These are tiny, small, medium, large or giant."]
    prose = _passage(lead + " They are, as you see, provided by the library. They cannot be scaled.")
    assert items_after(lead, len(lead), prose, limit=3) == []


def test_a_licence_key_is_no_licence_notice():
    assert asks.legal("This program is licensed under the GNU GPL, version 2 or later.")
    assert asks.legal("Copyright (C) 2020 The Authors.")
    assert not asks.legal("Put the license key in /etc/app/key.pem before the first start.")
    assert not asks.legal("The license server must be reachable on port 27000.")


def test_asked_which_one_an_entry_that_only_describes_it_brings_its_default():
    # chronyd(8) (blind trial 20, A09): "Which user account does the chrony daemon switch
    # to...?" was answered by "-u user This option sets the name of the system user..."
    # without the entry's "The compiled-in default value is _chrony.", which names it.
    from rag.lists import value_after

    lead = ("-u user This option sets the name of the system user to which chronyd will switch after start in "
            "order to drop root privileges.")
    text = lead + " It overrides the user directive. The compiled-in default value is _chrony.\n\n-v Print the version."
    question = "Which user account does the chrony daemon switch to after starting, so it is not left running as root?"
    value = value_after(0, len(lead), _passage(text), question)
    assert value is not None and value[2] == "The compiled-in default value is _chrony.", value
    # (Not for a question that asks no name, nor under a lead that is no entry.)
    assert value_after(0, len(lead), _passage(text), "Why does chronyd drop root privileges?") is None
    prose = text.replace("-u user This option", "This option")
    assert value_after(0, len(lead) - 8, _passage(prose), question) is None


def test_a_default_opening_its_sentence_counts_what_the_sentence_before_names():
    # ntpwait's page (blind trial 21, B01): "-n number, --tries=number Number of times to
    # check ntpd." and "The default number for this option is: 100." answer "By default,
    # how many times does ntpwait check ntpd...?"; the 100 is a count of times.
    question = "By default, how many times does ntpwait check ntpd before giving up?"
    assert asks.counts("-n number, --tries=number Number of times to check ntpd. "
                       "The default number for this option is: 100.", question)
    assert not asks.counts("-s secs, --sleep=secs How long to sleep. The default for this option is: 6.", question)


def test_a_settings_joined_name_counts_nothing():
    # weechat's option list (blind trial 20, B13, unanswerable): "What is the maximum number
    # of buffers...?" was answered by "maximum number of lines in history per buffer (0 =
    # unlimited); use 0 ONLY if option weechat.history.max_buffer_lines_minutes is NOT set
    # to 0": the 0 counted the "buffer" inside the option's name.
    question = "What is the maximum number of buffers WeeChat can have open at the same time?"
    assert not asks.counts("maximum number of lines in history per buffer (0 = unlimited); use 0 ONLY if option "
                           "weechat.history.max_buffer_lines_minutes is NOT set to 0", question)
    assert asks.counts("WeeChat can have up to 10 buffers open.", question)


def test_a_figure_set_to_another_setting_is_no_count_and_often_is_frequently():
    # ntpleapfetch's page (blind trial 21, B11): "How often does ntpleapfetch need to run
    # from cron, and what should be defined in the crontab...?" had its first part held
    # answered by "define CRONJOB=1 in the crontab" (a figure), so "...it need not be run
    # more frequently than about once every three weeks." never came.
    from rag.text import terms

    part = "How often does ntpleapfetch need to run from cron"
    assert not any(asks.gives(kind, "For cron-friendly behavior, define CRONJOB=1 in the crontab.", part)
                   for kind in asks.answer_types(part))
    question = "How many retries are made?"
    assert all(asks.gives(kind, "Set RETRIES=5 in the file.", question) for kind in asks.answer_types(question))
    assert "frequent" in terms(part) and "frequent" in terms("it need not be run more frequently")


def test_a_numbered_lists_steps_are_not_joined_as_names():
    lead = "To build it, there are several steps:"
    text = lead + "\n\n1. Configure it\n2. Run make\n3. Run make install\n"
    got = [item for *_, item in items_after(lead, len(lead), _passage(text), limit=4)]
    assert got == ["Configure it", "Run make", "Run make install"], got


def test_asked_which_option_an_entrys_default_does_not_join():
    from rag.lists import value_after

    lead = "-z, --no-compress Do not compress the data sent over the network."
    text = lead + " The default is to compress with zlib level 6.\n"
    assert value_after(0, len(lead), _passage(text), "Which option turns off compression in synctool?") is None


def test_an_items_own_sentences_are_not_its_siblings_and_the_list_ends_at_the_leads_indent():
    from rag.lists import item_leads
    from rag.sentences import sentences

    text = ("Restic returns one of the following exit codes after the backup command is run:\n\n* 0 when ok.\n"
            "* 3 when some source files could not be read. It still runs.\n"
            "  In that case restic still creates a snapshot.\n\nAfter the list.\n")
    items = [item for _, item in item_leads(text, sentences(text))]
    assert items[1] != items[2] == items[3] == items[4] and items[0] == items[5] == -1, items
    page = ("DESCRIPTION\n\n  It reads two files:\n\n  - foo.conf is the first.\n\n  - bar.conf which is\n    optional.\n\n"
            "  Foo then binds its socket.\n")
    assert [bool(lead) for lead, _ in item_leads(page, sentences(page))] == [False, True, True, False]


def test_review_of_session_33_regressions():
    # helper-72's findings: each input as it read before session 33.
    from rag.prose import as_prose
    from rag.structure import blocks

    assert asks.counts("By default nginx starts 4 worker_processes on this host.",
                       "How many worker processes does nginx start?")
    assert asks.legal("See the LICENSE file for details.")
    assert as_prose("the oper\u2010\n  and is read") == "the operand is read"
    assert as_names("**Python**\n- **Perl**\n- [Ruby](https://ruby.org)") == "Python, Perl, Ruby (https://ruby.org)"
    assert as_names("Python,\n- Perl, and\n- Ruby") == "Python, Perl, Ruby"
    assert not asks.lists_inline("Currently, bash and zsh are supported.")
    for heading in ["# using setup.py", "# contact maintainer@example.org"]:
        text = f"{heading}\n\nSome text follows the heading here.\n"
        assert [b.kind for b in blocks(text)] == ["heading", "prose"], heading
    table = "Name            Default\n-----------------------\n\nSome text follows the table here.\n"
    assert "heading" not in [b.kind for b in blocks(table)]


def test_a_count_in_parentheses_after_what_it_counts():
    # NeoMutt's tuning guide (trial 33, B02): "...caches a very limited number of recently
    # viewed messages (usually 10) per session" answers "How many recently viewed messages
    # does NeoMutt cache...?"; "one-file-per message storage" counts no messages.
    question = "How many recently viewed messages does NeoMutt cache per session when reading remote folders?"
    assert asks.counts("NeoMutt only caches a very limited number of recently viewed messages (usually 10) per "
                       "session (so that it will be gone for the next session.)", question)
    assert not asks.counts("For remote folders as well as folders using one-file-per message storage (Maildir and "
                           "MH), NeoMutt's performance can be greatly improved using header caching.", question)
    assert not asks.counts("Caching many messages (see below) helps; 10 folders are enough.", question)
    # (Not a name's section or a label's figure in parentheses: helper-100's review.)
    assert not asks.counts("See socket(2) for the details.", "How many sockets can be open at once?")
    assert not asks.counts("Queries go to the DNS servers (port 53).", "How many DNS servers are used?")
    assert not asks.counts("Give up on retries (exit status 7).", "How many retries are made?")
    assert asks.counts("It is a two-pass assembler.", "How many passes does the assembler make?")


def test_a_second_part_that_leaves_out_its_question_word():
    # vsftpd.conf(5) (trial 33, A09): "..., and the default port PORT-style data connections
    # originate from?" asks a second default, as the first part did; it was read as one question
    # and only listen_port's default came.
    question = ("In vsftpd, what is the default port it listens on for incoming FTP connections, "
                "and the default port PORT-style data connections originate from?")
    assert asks.parts(question) == ["In vsftpd, what is the default port it listens on for incoming FTP connections",
                                    "What is the default port PORT-style data connections originate from?"]
    assert asks.parts("What is the difference between the default and the maximum?") == [
        "What is the difference between the default and the maximum?"]
    # (Not a clause, nor a word sharing the first's noun, nor a part whose first asks no value:
    # helper-102's review.)
    for one in ("How do I set the minimum, and the maximum PASV port in vsftpd?",
                "What happens when the buffer fills, and the maximum size is reached?",
                "If I set max_retries to 0, and the default backoff is used, what happens?",
                "Which file holds the keymap, and the default keymap?"):
        assert asks.parts(one) == [one]


def test_a_count_named_then_given_and_a_version_given_after_is():
    # Blind trial 40 (aria2's README): "The maximum number of peers is 55." and "The supported
    # protocol version is 13." were refused: the count is named before its figure, not after
    # it, and "version is 13" was no version.
    peers = "What is the maximum number of peers aria2 uses for a BitTorrent download?"
    assert asks.counts("The maximum number of peers is 55.", peers)
    assert not asks.counts("The number of retries is 5.", peers)
    assert not asks.counts("The maximum number of peers depends on the tracker.", peers)
    version = "Which WebSocket protocol version does aria2's embedded WebSocket server support?"
    (kind,) = asks.answer_types(version)
    assert asks.gives(kind, "The supported protocol version is 13.", version, "")
    assert not asks.gives(kind, "The WebSocket server implements the specification defined in RFC 6455.", version, "")
