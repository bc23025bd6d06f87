"""Questions in several parts or about several things, and follow-ups: each part gets its own answer."""

import pytest


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


def test_a_part_asking_how_often_is_not_held_answered_by_a_setting_set_to_a_figure(ingested):
    # ntpleapfetch's page (blind trial 21, B11).
    assistant = ingested({
        "ntpleapfetch.txt": "ntpleapfetch - fetch and manage local leapfile\n\nDESCRIPTION\n\n"
                            "ntpleapfetch will validate the file currently on the local system and if necessary, "
                            "update leap second definition file. This can be run as a cron job. As the file is rarely "
                            "updated, and leap seconds are announced at least one month in advance (usually longer), it "
                            "need not be run more frequently than about once every three weeks.\n\n"
                            "For cron-friendly behavior, define CRONJOB=1 in the crontab.\n",
        "other.txt": "Other\n\nThe ntpq program queries NTP servers about their state.\n",
    })
    answer = assistant.ask("How often does ntpleapfetch need to run from cron, and what should be defined in the "
                           "crontab for cron-friendly behavior?")
    assert "once every three weeks" in answer.answer and "CRONJOB=1" in answer.answer, answer.answer


def test_a_part_asking_for_a_default_is_not_answered_by_a_sentence_giving_none():
    # helper-102's review: "What is the default timeout in stunnel, and the default
    # TIMEOUTidle?" split in two; stunnel(8) gives no default for TIMEOUTidle, and its
    # description ("TIMEOUTidle = SECONDS time to keep an idle connection") answered the second
    # part. Nor does a default under another setting's entry answer it.
    from rag.answer import ExtractiveAnswerer
    from rag.candidates import Candidate
    from rag.schema import Passage

    text = ("OPTIONS\n       TIMEOUTidle = SECONDS\n           time to keep an idle connection\n\n"
            "       data_port\n           The port from which data connections originate.\n\n"
            "           Default: 20\n")
    passage = Passage(chunk_id="c", doc_id="d", title="stunnel", source="stunnel.txt", text=text, start=0,
                      end=len(text), score=1.0)

    def sentence(said: str) -> Candidate:
        start = text.index(said)
        return Candidate("d", "stunnel", "stunnel.txt", start, start + len(said), said)

    idle = sentence("TIMEOUTidle = SECONDS\n           time to keep an idle connection")
    default = sentence("Default: 20")
    answerer = ExtractiveAnswerer.__new__(ExtractiveAnswerer)
    assert not answerer._gives_default_of("What is the default TIMEOUTidle?", idle, [passage])
    assert not answerer._gives_default_of("What is the default idle timeout?", default, [passage])
    assert answerer._gives_default_of("What is the default port data connections originate from?", default, [passage])


def test_a_part_whose_own_words_the_answer_lacks_gets_its_own_sentence_and_a_how_to_its_command(ingested):
    # CopyQ's backup page (blind trial 37, B09): the first part's sentence scored best for
    # the second part too, though it says none of its own words ("tabs", "encrypted"); and
    # the command the how-to's sentence tells of follows it in a reST code-block, closing the page.
    page = ('Backup\n'
            '======\n'
            '\n'
            'This page describes how to back up tabs, configuration and commands in\n'
            'CopyQ.\n'
            '\n'
            'Back Up All Data Automatically on Exit\n'
            '--------------------------------------\n'
            '\n'
            'You can use `command that backs up all items, tabs and settings after exit\n'
            '<https://github.com/hluk/copyq-commands/tree/master/Scripts#backup-on-exit>`__.\n'
            '\n'
            'To install the command see `the description in the repository\n'
            '<https://github.com/hluk/copyq-commands/blob/master/README.md>`__.\n'
            '\n'
            'Back Up Manually\n'
            '----------------\n'
            '\n'
            'To back up all the data, **exit the application** first and **copy\n'
            'the configuration directory**.\n'
            '\n'
            'Path to configuration is usually:\n'
            '\n'
            '-  Windows: ``%APPDATA%\\copyq``\n'
            '-  Portable version for Windows: ``config`` sub-folder in unzipped\n'
            '   application directory\n'
            '-  Linux: ``~/.config/copyq``\n'
            '\n'
            'To copy the configuration path to clipboard from CopyQ:\n'
            '\n'
            '1. Open Action dialog (``F5`` shortcut).\n'
            '2. Enter the command:\n'
            '\n'
            '.. code-block:: js\n'
            '\n'
            '    copyq:\n'
            "    dir = Dir(info('config') + '/..')\n"
            '    copy(dir.absolutePath())\n'
            '\n'
            '3. Click OK dialog button.\n'
            '\n'
            'To restore the backup, exit the application and replace the\n'
            'configuration directory.\n'
            '\n'
            '.. warning::\n'
            '\n'
            '    Before making or restoring back up, always exit CopyQ\n'
            "    (don't only close the main window).\n"
            '\n'
            'Export and Import\n'
            '-----------------\n'
            '\n'
            'You can easily export selected tabs and optionally\n'
            'configuration and commands within the application.\n'
            '\n'
            '.. warning::\n'
            '\n'
            '    Tabs are always exported **unencrypted** and if a tab is\n'
            "    synchronized with directory on disk the files themselves won't be\n"
            '    exported.\n'
            '\n'
            'To export the data click "Export..." in "File" menu and select what to\n'
            'export, confirm with OK button and select file to save the stuff to.\n'
            '\n'
            'To restore the data click "Import..." in "File" menu, select file to\n'
            'import and select what to import.\n'
            '\n'
            '.. note::\n'
            '\n'
            "    Import won't overwrite existing tabs and commands but create new ones.\n"
            '\n'
            'Alternatively you can use command line for export and import everything\n'
            "(selection dialogs won't be opened).\n"
            '\n'
            '.. code-block:: bash\n'
            '\n'
            '    copyq exportData {FILE/PATH/TO/EXPORT}\n'
            '    copyq importData {FILE/PATH/TO/IMPORT}\n')
    assistant = ingested({"backup.rst": page})
    answer = assistant.ask("How do I export everything from CopyQ on the command line, and are exported tabs encrypted?")
    assert "unencrypted" in answer.answer and "copyq exportData" in answer.answer, answer.answer



def test_a_parts_own_words_are_not_its_verbs_nor_what_names_the_answers_article():
    # Review of session 42: "..., and what happens if I do not?" has one word of its own,
    # "happens", which no answer need say; "CopyQ", the page's title, is said by the page.
    from rag.answer import ExtractiveAnswerer
    from rag.candidates import Candidate

    lead = Candidate("b", "CopyQ Backup", "docs/backup.rst", 0, 60, "Alternatively you can use command line for export.")
    parts = ["How do I enable mouse support in Midnight Commander", "what happens if I do not?"]
    assert ExtractiveAnswerer._own_words(parts[1], parts, [lead]) == set()
    parts = ["How do I export everything on the command line", "are exported tabs in CopyQ encrypted?"]
    assert ExtractiveAnswerer._own_words(parts[1], parts, [lead]) == {"tab", "encrypt"}


def test_a_part_that_names_nothing_may_be_answered_without_the_other_parts_names(ingested):
    # Blind trial 40: "What syslog facility does msmtp log to by default, and what is mbsync's
    # default BufferLimit?" was refused: every sentence of msmtp's page lacked "BufferLimit",
    # the name of the other part; only a last part that names nothing is of the first's thing.
    assistant = ingested({
        "msmtp.txt": "msmtp is an SMTP client. Every mail it sends can be logged.\n\n"
                     "syslog [(on|off|facility)]\n"
                     "    Enable or disable syslog logging. The facility can be one of LOG_USER, LOG_MAIL,\n"
                     "    LOG_LOCAL0, ..., LOG_LOCAL7. The default is LOG_USER.\n",
        "mbsync.txt": "mbsync synchronizes IMAP4 and Maildir mailboxes.\n\n"
                      "Sync mode\n    Select the synchronization operations to perform.\n",
    })
    both = assistant.ask("What syslog facility does msmtp log to by default, and what is mbsync's default BufferLimit?")
    assert not both.refused and "LOG_USER" in both.answer
    # (A last part naming nothing asks of the first's thing: its name is still needed.)
    assert assistant.ask("What is the default BufferLimit, and how do I change it?").refused
