"""Reading sentences: across wrapped lines, from the option or term they describe, after
a quoted mail's marks, past a quote's full stop and a short example that broke them off,
without reST's "::" or a parenthesis they do not close; every offset exact."""

from rag.load import load_article
from rag.prose import as_prose
from rag.sentences import sentences
from rag.text import sentence_spans

from test_structure import WRAPPED, one_line_sentences


def test_sentences_run_across_wrapped_lines_and_only_prose_gives_them():
    found = [WRAPPED[a:b] for a, b in sentences(WRAPPED)]
    assert "That means that when multiple records have\nthe same key, their original order is preserved." in found
    assert "Items of a list may wrap\n  onto a second line." in found
    # Headings, underlines, code and table rows are not sentences.
    assert not any(s.startswith(("Sorting HOW TO", "Sort Stability", "----", "$ sort", "| col", "=====")) for s in found)


def test_a_description_starts_at_the_option_it_describes(tmp_path):
    # man-db's README and Valgrind's manual: "How do I stop man creating cat files?" was
    # answered without the option, which sits on a line of its own above its description.
    readme = ("Options\n=======\n\n* `--disable-cats`\n\n  Normally, man will try to create cat files. This flag\n"
              "  suppresses this behaviour.\n\nNot an option::\n\tA FAQ's question is no option.\n")
    found = one_line_sentences(readme)
    assert found == ["`--disable-cats` Normally, man will try to create cat files.", "This flag suppresses this behaviour.",
                     "A FAQ's question is no option."]
    page = tmp_path / "lackey.html"
    page.write_text("<dl><dt><code>--trace-mem=&lt;no|yes&gt; [default: no]</code></dt><dd><p>When enabled, Lackey prints"
                    " every memory access.</p></dd></dl>", encoding="utf-8")
    text = load_article(page).text
    assert one_line_sentences(text) == [
        "--trace-mem=<no|yes> [default: no] When enabled, Lackey prints every memory access."]


def test_a_quoted_term_and_sentences_that_go_on_after_a_quote(tmp_path):
    # flex's Texinfo manual: the quoted option above its description, and error messages
    # quoted before their explanation, were sentences of their own, the explanation left
    # without a subject. Punkt also ended sentences after a quote's own full stop.
    page = tmp_path / "options.html"
    page.write_text(
        "<dl><dt>‘-s, --nodefault, %option nodefault’</dt><dd><p>causes the default rule to be suppressed.</p>"
        "</dd></dl><ul><li>‘flex scanner jammed’. a scanner compiled with ‘-s’ has met an input string which "
        "wasn’t matched.</li></ul><p>See the earlier question \"How do I profile my Perl programs?\" if you haven't. "
        "If the helper begins with \"!\", it is a shell snippet. It ends \"here.\" Then a new one.</p>",
        encoding="utf-8")
    assert one_line_sentences(load_article(page).text) == [
        "‘-s, --nodefault, %option nodefault’ causes the default rule to be suppressed.",
        "‘flex scanner jammed’. a scanner compiled with ‘-s’ has met an input string which wasn’t matched.",
        "See the earlier question \"How do I profile my Perl programs?\" if you haven't.",
        "If the helper begins with \"!\", it is a shell snippet.", "It ends \"here.\"", "Then a new one."]


def test_a_quoted_mail_reads_without_its_quote_marks():
    # flex's FAQ, a mail in <pre>: the answer led with "> I'm not sure how or where to
    # submit bug reports (documentation or > otherwise)...". Citations stay exact; the
    # answer's text leaves the marks out, as it leaves out the file's line breaks.
    from rag.prose import as_prose

    mail = ("> I'm not sure how or where to submit bug reports (documentation or\n> otherwise) for the GNU project"
            " stuff.\n\nWell, strictly speaking flex isn't a GNU\nproject. Values\n> 5 are rejected.\n")
    spans = sentences(mail)
    assert [as_prose(mail[a:b]) for a, b in spans] == [
        "I'm not sure how or where to submit bug reports (documentation or otherwise) for the GNU project stuff.",
        "Well, strictly speaking flex isn't a GNU project.", "Values > 5 are rejected."]
    assert mail[spans[0][0] : spans[0][1]].startswith("I'm not sure")
    # Only quote marks go: a comparison or a redirection at a line's start stays.
    assert as_prose("The value is\n>= 5 in all cases.") == "The value is >= 5 in all cases."
    assert as_prose("x\n  > -1 fails") == "x > -1 fails"
    quoted = "> Para one.\n>\n> Para two is here.\n"  # (a bare ">" line between)
    assert [quoted[a:b] for a, b in sentences(quoted)] == ["Para one.", "Para two is here."]


def test_a_sentence_leaves_out_rest_literal_marks_and_parentheses_it_does_not_close():
    # lighttpd's docs (trial 7): "...which is simpler to parse. ::" and a remark in
    # parentheses over three sentences were quoted with the mark and one parenthesis each.
    text = ("If you append ?auto to the status-url you can get a text version which is simpler to parse. ::\n\n"
            "    Total Accesses: 2\n\n"
            "(You will need to create the cache directory if it doesn't already exist.  The web server will\n"
            "not do this for you.  For Debian/Ubuntu the user and group ids should both be www-data.)\n\n"
            "A call (like f(x)) keeps its parentheses.\n")
    assert [text[a:b] for a, b in sentences(text)] == [
        "If you append ?auto to the status-url you can get a text version which is simpler to parse.",
        "You will need to create the cache directory if it doesn't already exist.",
        "The web server will\nnot do this for you.",
        "For Debian/Ubuntu the user and group ids should both be www-data.",
        "A call (like f(x)) keeps its parentheses.",
    ]


def test_a_mark_in_parentheses_or_quotes_does_not_end_the_sentence():
    # rsyslog's filters page (trial 8b): the answer quoted the half after "(“!’’)".
    for said in ["You may precede the priority with an exclamation mark (“!’’) to ignore all that priorities.",
                 "Many (most?) public remote repositories will not contain any of the checked out files.",
                 "A match that contains a newline is silently truncated(!) at the newline."]:
        assert [said[a:b] for a, b in sentences(said)] == [said]


def test_latin_abbreviations_do_not_end_a_sentence():
    # docutils' i18n guide: the cut-off "(e.g." was quoted as an answer sentence.
    text = ("Users may add local language\nsupport via a module in the PYTHONPATH root (e.g. the working directory).\n\n"
            "Odd minor releases (i.e. perl5.25.x) are experimental, cf. the list of tables, lists, etc. The next one is "
            "stable.\n\nIt runs slower (eg. 20 to 30 times), so use --tool=none (ie. not --tool=nulgrind) for a test.\n")
    assert [text[a:b] for a, b in sentences(text)] == [
        "Users may add local language\nsupport via a module in the PYTHONPATH root (e.g. the working directory).",
        "Odd minor releases (i.e. perl5.25.x) are experimental, cf. the list of tables, lists, etc.",
        "The next one is stable.",
        "It runs slower (eg. 20 to 30 times), so use --tool=none (ie. not --tool=nulgrind) for a test.",
    ]


def test_a_full_stop_inside_a_token_does_not_end_the_sentence():
    # Python's regex HOWTO (the independent check): "...because of the greedy nature of ." was
    # quoted, the page saying `.*`; Punkt ended a sentence inside the token.
    text = ("It matches a.*b here, and the match fails because of the greedy nature of .*. The fix is\n"
            "a lazy one instead. Use the .* pattern to match. See foo.bar.baz for more.\n")
    assert [text[a:b] for a, b in sentences(text)] == [
        "It matches a.*b here, and the match fails because of the greedy nature of .*.",
        "The fix is\na lazy one instead.",
        "Use the .* pattern to match.",
        "See foo.bar.baz for more.",
    ]
    assert [text[a:b] for a, b in sentence_spans(text)][0].endswith("greedy nature of .*.")


def test_a_sentence_that_a_short_example_breaks_off_goes_on_past_it():
    # fetchmail(1) (blind trial 19): "Example: simply invoking" over "fetchmail -d 900" over
    # "will, therefore, poll all the hosts..." was quoted from "will": a fragment.
    page = ("FETCHMAIL(1)            fetchmail reference manual            FETCHMAIL(1)\n\n"
            "NAME\n       fetchmail - fetch mail from a POP, IMAP, ETRN, or ODMR-capable server\n\n"
            "DAEMON MODE\n       You must specify a numeric argument which is a polling interval in\n"
            "       seconds.\n\n       Example: simply invoking\n\n              fetchmail -d 900\n\n"
            "       will,  therefore,  poll  all the hosts described in your ~/.fetchmailrc\n"
            "       file a bit less often than once every 15 minutes.\n")
    said = [as_prose(page[a:b]) for a, b in sentences(page)]
    assert said[-1] == ("Example: simply invoking fetchmail -d 900 will, therefore, poll all the hosts described in "
                        "your ~/.fetchmailrc file a bit less often than once every 15 minutes."), said
    # (In Markdown too, the fences left out of the answer's prose; a listing, or a sentence
    # ended before the code, is no such break.)
    markdown = "Gnuplot is invoked using the syntax\n\n```\ngnuplot {OPTIONS} file1\n```\n\nwhere file1 is a script.\n"
    assert [as_prose(markdown[a:b]) for a, b in sentences(markdown)] == [
        "Gnuplot is invoked using the syntax gnuplot {OPTIONS} file1 where file1 is a script."]
    ended = markdown.replace("syntax\n", "syntax:\n")
    assert [as_prose(ended[a:b]) for a, b in sentences(ended)] == ["Gnuplot is invoked using the syntax:",
                                                                   "where file1 is a script."]
    # `man`'s hyphenation at a line's end is undone in the answer ("fetch‐" over "mail").
    assert as_prose("option runs fetch\u2010\n       mail in daemon mode.") == "option runs fetchmail in daemon mode."


def test_a_command_the_sentence_before_introduces_is_its_object_not_a_term():
    # Trial 22 (irssi's startup HOWTO): "/SET autolog ON", on a line of its own after "You
    # can turn it on with", was read as the term of the paragraph after it, and the answer
    # quoted "/SET autolog ON By default it logs pretty much everything...".
    text = ("Easiest way to start logging is to use autologging. You can turn it\non with\n\n/SET autolog ON\n\n"
            "By default it logs pretty much everything except CTCPS.\n\n"
            "Useful settings for it:\n\n`--disable-cats`\n\nNormally, man will try to create cat files.\n")
    found = one_line_sentences(text)
    assert "You can turn it on with /SET autolog ON" in found, found
    assert "By default it logs pretty much everything except CTCPS." in found
    assert "`--disable-cats` Normally, man will try to create cat files." in found  # (a short lead-in: a term)


def test_only_prose_stopping_on_a_lower_case_word_introduces_the_line_after_it():
    # Review of session 34: Node.js's "Stability: 1 - Experimental" over a parameter's item
    # was joined to it, and the item lost its description.
    text = ("## fs.rm(path)\n\nStability: 1 - Experimental\n\n* `path` {string|Buffer|URL}\n\nRemoves the file.\n\n"
            "Closes #10043\n\n- CURLOPT_COOKIEFILE.3: mention the file\n")
    found = one_line_sentences(text)
    assert "`path` {string|Buffer|URL} Removes the file." in found, found
    assert not any(s.startswith(("Stability", "Closes")) and "\n" in s for s in found)
    assert not any("Stability" in s and "path" in s for s in found)


def test_an_answers_label_is_not_quoted():
    # Blind trial 24: screen's FAQ answered "A: Screen failed to change the owner of the pty it
    # uses." with its label; a question keeps its own ("Q: ..." states nothing, it asks).
    faq = ("Q:   Mesg or biff cannot be turned on or off while running screen.\n \n"
           "A:   Screen failed to change the owner of the pty it uses. You need to\n     install screen setuid-root.\n")
    assert one_line_sentences(faq) == ["Q: Mesg or biff cannot be turned on or off while running screen.",
                                       "Screen failed to change the owner of the pty it uses.",
                                       "You need to install screen setuid-root."]


def test_a_note_in_parentheses_ending_its_line_goes_with_the_sentence_before_it():
    # Blind trial 40: mbsync(1)'s "(Default:  143" over "for IMAP, 993 for IMAPS)" over "If
    # Tunnel is used, this setting is ignored." was one sentence (Punkt sees no end after ")"),
    # quoted as padding; "(Default: 20)" stood alone, apart from what it is the default of.
    page = ("       Port port\n"
            "              Specify the TCP port number of the IMAP server.   (Default:  143\n"
            "              for IMAP, 993 for IMAPS)\n"
            "              If Tunnel is used, this setting is ignored.\n\n"
            "       Timeout timeout\n"
            "              Specify the connect and data timeout for the IMAP server in sec‐\n"
            "              onds.  Zero means unlimited.  (Default: 20)\n")
    found = one_line_sentences(page)
    assert "If Tunnel is used, this setting is ignored." in found
    assert any(s.endswith("Specify the TCP port number of the IMAP server. (Default: 143 for IMAP, 993 for IMAPS)") for s in found)
    assert "Zero means unlimited. (Default: 20)" in found
    # (helper-109's review: a figure's full stop is not a sentence's; a note on a line of its
    # own labels what follows.)
    text = "Sets the ratio.  (Default: 0.5)\nHigher is faster.\n\nInstall the package with apt.\n(Optional)\nConfigure the daemon.\n"
    found = one_line_sentences(text)
    assert "Sets the ratio. (Default: 0.5)" in found and "Higher is faster." in found
    assert "Install the package with apt." in found
    # (Not a term, "( expr )", nor a note the sentence goes on past in lower case.)
    text = ("True if expr is false.\n( expr )\nReturns the value of expr.\n\n"
            'Alternately, the file name "." (a single period)\nmay be specified instead of "-".\n')
    assert "( expr ) Returns the value of expr." in one_line_sentences(text)
    assert '(a single period) may be specified instead of "-".' in one_line_sentences(text)  # (Punkt's split, left)
