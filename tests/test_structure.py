"""Reading structure: wrapped paragraphs, headings, lists, code, tables; section paths;
every offset exact."""

import pytest

from rag.chunk import chunk_article
from rag.load import load_article
from rag.prose import as_prose
from rag.sentences import prose_sentences, sentences
from rag.structure import blocks, sections
from rag.text import terms


def one_line_sentences(text: str) -> list[str]:
    """The sentences of `text`, each with its wrapped lines joined, as an answer shows them."""
    return [" ".join(text[a:b].split()) for a, b in sentences(text)]


def section_at(all_sections, offset: int) -> tuple[str, ...]:
    """The heading path of the section holding `offset`."""
    return next((s.path for s in reversed(all_sections) if s.start <= offset), ())

WRAPPED = """\
Sorting HOW TO
==============

Sort Stability
--------------

Sorts are guaranteed to be stable. That means that when multiple records have
the same key, their original order is preserved. This wonderful property lets
you build complex sorts in a series of sorting steps.

* Items of a list may wrap
  onto a second line.

----
$ sort --stable data.txt
----

| col | col |
| --- | --- |

Key Functions
~~~~~~~~~~~~~

The key parameter names a function to be called on each list element prior to
making comparisons.
"""


def test_headings_of_every_style_make_section_paths():
    text = "# Guide\n\nIntro text here.\n\n## Setup\n\nInstall it first.\n\nUsage\n-----\n\nRun it now.\n"
    all_blocks = blocks(text)
    assert [text[b.start:b.end] for b in all_blocks if b.kind == "heading"] == ["Guide", "Setup", "Usage"]
    found = sections(text, all_blocks, title="Guide")
    assert section_at(found, text.index("Install")) == ("Setup",)
    assert section_at(found, text.index("Run it")) == ("Usage",)  # a "-" underline is a level-2 heading
    wrapped = sections(WRAPPED, blocks(WRAPPED), title="Sorting HOW TO")
    assert section_at(wrapped, WRAPPED.index("The key parameter")) == ("Sort Stability", "Key Functions")


# Documentation written as a configuration file's comments (trial 32: squid.conf.documented;
# every question on it was refused, its text all read as code comments).
COMMENTED = """#\tWELCOME TO SQUID
#\t----------------
#
#\tThis is the documentation for the Squid configuration file.
#\tThis documentation can also be found online.

# -----------------------------------------------------------------------------
# ADMINISTRATIVE PARAMETERS
# -----------------------------------------------------------------------------

#  TAG: cache_mgr
#\tEmail-address of local cache manager who will receive
#\tmail if the cache dies.  The default is "webmaster".
#Default:
# cache_mgr webmaster

#  TAG: mail_program
#\tEmail program used to send mail if the cache dies.
#\tThe default is "mail". The specified program must comply
#\twith the standard Unix mail syntax:
#\t  mail-program recipient < mailfile
#
#\tOptional command line options can be specified.
#Default:
# mail_program mail

#  TAG: shutdown_lifetime\ttime-units
#\tWhen SIGTERM or SIGHUP is received, the cache is put into
#\t"shutdown pending" mode until all active sockets are closed.
#Default:
# shutdown_lifetime 30 seconds
"""


def test_a_text_written_as_comments_is_read_past_its_marks():
    all_blocks = blocks(COMMENTED)
    headings = [COMMENTED[b.start:b.end] for b in all_blocks if b.kind == "heading"]
    assert headings == ["WELCOME TO SQUID", "ADMINISTRATIVE PARAMETERS", "TAG: cache_mgr", "TAG: mail_program",
                        "TAG: shutdown_lifetime\ttime-units"]
    found = sections(COMMENTED, all_blocks, title="WELCOME TO SQUID")
    assert section_at(found, COMMENTED.index("Email-address")) == ("ADMINISTRATIVE PARAMETERS", "TAG: cache_mgr")
    said = [COMMENTED[a:b] for a, b in sentences(COMMENTED)]
    assert said[:2] == ["This is the documentation for the Squid configuration file.",
                        "This documentation can also be found online."]
    assert 'The default is "webmaster".' in said and "Default:\n# cache_mgr webmaster" in said
    assert [as_prose(s) for s in said if s.startswith("Email-address")] == [
        "Email-address of local cache manager who will receive mail if the cache dies."]
    assert not any(s.lstrip().startswith("#") for s in said)
    # A Markdown file's "# Title" lines, a few among its text, are headings still.
    markdown = "# Guide\n\nIntro text here.\n\n# Setup\n\nInstall it first.\n"
    assert [markdown[b.start:b.end] for b in blocks(markdown) if b.kind == "heading"] == ["Guide", "Setup"]


def test_what_a_commented_text_is_and_is_not():
    # Review of session 39: a Markdown changelog's headings (two a release, between blank
    # lines) made it "commented"; a comment indented by spaces as wide as the margin's tab
    # was cut off as a heading; a sentence over a setting became that setting's heading, and
    # the setting ("http_port 3128") a sentence.
    from rag.shapes import comment_margin

    entry = "## {v} (2020-01-0{d})\n\n### Fixed\n\n- The parser no longer crashes on empty input files.\n\n"
    changelog = "# Changelog\n\nAll notable changes are listed here.\n\n" + "".join(
        entry.format(v=f"1.{i}.0", d=i % 9 + 1) for i in range(10))
    assert comment_margin(changelog) is None
    found = sections(changelog, blocks(changelog), title="Changelog")
    assert section_at(found, changelog.index("The parser", 300)) == ("1.3.0 (2020-01-04)", "Fixed")
    text = COMMENTED + ("\n#  TAG: access_log\n#\tThese files log client request activities.\n"
                        "#        In most cases, the first ACL name must not contain the '=' character\n"
                        "#\tand should not be equal to an existing logformat name.\n\n"
                        "# Squid normally listens to port 3128\nhttp_port 3128\n")
    said = [text[a:b] for a, b in sentences(text)]
    assert "In most cases, the first ACL name must not contain the '=' character\n#\tand should not be equal to " \
           "an existing logformat name." in said
    assert "Squid normally listens to port 3128" in said and not any("http_port 3128" in s for s in said)
    assert [b.kind for b in blocks(text) if text[b.start:b.end] == "http_port 3128"] == ["code"]
    assert as_prose("Use the\n#include directive.") == "Use the #include directive."  # (no comment mark)


def test_a_table_row_that_describes_its_term_in_sentences_is_prose(tmp_path):
    # Trial 31: ImageMagick's environment variables, an HTML table of two columns: "What does
    # setting MAGICK_OCL_DEVICE to off do?" was refused, a table row having no sentence.
    page = tmp_path / "resources.html"
    page.write_text("<html><body><h1>Resources</h1><p>Environment variables recognized by ImageMagick include:</p>"
                    "<table><tr><td>MAGICK_OCL_DEVICE</td><td>Set to off to disable hardware acceleration of certain "
                    "accelerated algorithms (e.g. blur, convolve, etc.).</td></tr>"
                    "<tr><td>MAGICK_THREAD_LIMIT</td><td>Set maximum parallel threads. Many algorithms run in "
                    "parallel on multi-processor systems</td></tr>"
                    "<tr><td>port</td><td>514</td></tr><tr><td>C-a</td><td>Move to the start</td></tr></table>"
                    "</body></html>", encoding="utf-8")
    article = load_article(page)
    text = article.text
    said = [text[a:b] for a, b in sentences(text)]
    assert "MAGICK_OCL_DEVICE | Set to off to disable hardware acceleration of certain accelerated algorithms " \
           "(e.g. blur, convolve, etc.)." in said
    assert "MAGICK_THREAD_LIMIT | Set maximum parallel threads." in said
    assert "Many algorithms run in parallel on multi-processor systems" in said  # (the cell's last, without a full stop)
    assert not any("514" in s or "Move to" in s or s.endswith("|") for s in said)  # (a value, a key: data)
    # Each row's sentences end with it; a header, or a label and its value, is the table's.
    page.write_text("<table><tr><th>command</th><th>description</th></tr><tr><td>ip addr show</td><td>display the "
                    "link and address status of active interfaces</td></tr><tr><td>route -n</td><td>display all the "
                    "routing table in numerical addresses</td></tr><tr><td>Default</td><td>Enabled on all platforms "
                    "except when the server runs under inetd.</td></tr></table>", encoding="utf-8")
    text = load_article(page).text
    assert [text[a:b] for a, b in sentences(text)] == [
        "ip addr show | display the link and address status of active interfaces",
        "route -n | display all the routing table in numerical addresses"]


def test_asciidoc_labelled_lists_and_rst_overlines():
    faq = "Configuration\n-------------\n\n[[user-name]]\nWhat should I put in `user.name`?::\n\tYou should put your personal name,\n\tgenerally a given and family name.\n"
    found = sections(faq, blocks(faq))
    assert section_at(found, faq.index("You should")) == ("Configuration", "What should I put in `user.name`?")
    assert [faq[a:b] for a, b in sentences(faq)] == ["You should put your personal name,\n\tgenerally a given and family name."]
    rst = "=====\nTitle\n=====\n\nBody text.\n"
    assert [rst[b.start:b.end] for b in blocks(rst) if b.kind == "heading"] == ["Title"]


def test_rst_hyperlink_targets_and_fields_are_markup_not_sentences():
    # As in Docutils' own documentation: anonymous targets ("__ url") after the paragraph
    # that uses them, a named target, a field list and a directive.
    rst = ("The mailing list is the place to ask `Docutils-users`__ and the\nbug tracker__ for "
           "bugs in the release.\n\n__ https://lists.example.org/docutils-users\n"
           "  __ docs/dev/todo.html#indented-lists\n\n.. _Docutils: https://docutils.example.org\n\n"
           ":Author: David Goodger\n:Date: 2022-04-02\n\n.. contents::\n\nAnother sentence of prose here.\n")
    assert [rst[a:b] for a, b in sentences(rst)] == [
        "The mailing list is the place to ask `Docutils-users`__ and the\nbug tracker__ for bugs in the release.",
        "Another sentence of prose here."]


def test_rst_dash_overlines_and_bracketed_titles_are_headings_and_asciidoc_listings_code():
    # As Docutils' config docs are laid out: a "-" overlined title (also AsciiDoc's
    # listing delimiter) and a "[general]" title (also an AsciiDoc attribute line).
    rst = ("-------------------\nConfiguration Files\n-------------------\n\nFiles are read in order.\n\n"
           "[general]\n=========\n\nSettings here are always applied.\n")
    found = sections(rst, blocks(rst))
    assert section_at(found, rst.index("Files are read")) == ("Configuration Files",)
    assert section_at(found, rst.index("Settings here")) == ("Configuration Files", "[general]")
    asciidoc = ("You can list them:\n\n------------\n$ git branch\n------------\n\n"
                "[NOTE]\n====\nA note.\n====\n\n------------\n    ---o---o---A\n------------\n")
    found = blocks(asciidoc)
    assert [asciidoc[b.start:b.end].splitlines()[1] for b in found if b.kind == "code"] == [
        "$ git branch", "    ---o---o---A"]
    assert not any(b.kind == "heading" for b in found)  # "[NOTE]" over "====" opens a block


def test_rst_literal_and_doctest_blocks_are_code_and_asciidoc_labels_stay_labels():
    rst = ("Sorting Basics\n==============\n\nA simple ascending sort calls the :func:`sorted` function:\n\n"
           "   >>> sorted([5, 2, 3])\n   [2, 3, 5]\n\n>>> a = [5, 2]\n>>> a.sort()\n\n"
           "The method is only defined for lists::\n\n   def f(x):\n       return x\n\n"
           "* A list item indented\n\n  * and its nested item, indented by two.\n")
    kinds = {rst[b.start:b.end].split("\n")[0].strip(): b.kind for b in blocks(rst)}
    assert kinds[">>> sorted([5, 2, 3])"] == kinds[">>> a = [5, 2]"] == kinds["def f(x):"] == "code"
    assert kinds["The method is only defined for lists::"] == "prose"  # (a paragraph, not a label)
    assert kinds["and its nested item, indented by two."] == "item"
    # An AsciiDoc label keeps its prose description, after a blank line too (gitcredentials).
    asciidoc = "cache::\n\n\tCache credentials in memory for a short period of time.\n"
    assert [(b.kind, asciidoc[b.start:b.end][:5]) for b in blocks(asciidoc)] == [("heading", "cache"), ("prose", "Cache")]


def test_text_that_only_looks_like_rst_keeps_its_old_reading():
    # (From the review of the reST changes: each of these was read right before them.)
    cases = {
        "[source,shell]\n--------------\n$ git log\n--------------\n\nMore.\n": ["markup", "code", "prose"],
        "  It was a dark and stormy night; the rain fell in\ntorrents, except at occasional intervals.\n": ["prose"],
        "1. Step one\n\n   Run `make install` then `make test` to finish.\n": ["item", "prose"],
        "Getting Started\n\n  Install the package with pip and run it now.\n": ["heading", "prose"],
    }
    for text, kinds in cases.items():
        assert [b.kind for b in blocks(text)] == kinds, text


def test_section_paths_show_headings_without_rst_reference_marks():
    rst = ("==========================\n Docutils_ Hacker's Guide\n==========================\n\n"
           "Overview of the `Docutils`_ Architecture\n=======================================\n\n"
           "Calling the __init__ method_\n----------------------------\n\nThe reader reads the source.\n")
    found = sections(rst, blocks(rst), title="Docutils Hacker's Guide")
    # The title (the first heading) stays out of the path: citations show it already.
    assert section_at(found, rst.index("The reader")) == (
        "Overview of the Docutils Architecture", "Calling the __init__ method")


def test_one_paragraph_per_line_stays_one_paragraph_per_line():
    text = ("A long paragraph saved on one line, as many web articles are, which goes on and on past any wrap width. "
            "It has two sentences.\nAnother paragraph on the next line, again far longer than a hard-wrapped line ever is.\n")
    spans = prose_sentences(text, blocks(text))
    assert [text[a:b] for a, b in spans][-1].startswith("Another paragraph")
    assert all("\n" not in text[a:b] for a, b in spans)


def test_a_wrapped_paragraph_with_one_long_line_still_joins_its_lines():
    # systemd's porting guide: a list of addresses on one long line inside a wrapped
    # paragraph; read one paragraph per line, its first line was quoted alone.
    text = ("By default, systemd-resolved uses Cloudflare and Google Public DNS servers\n"
            "`1.1.1.1`, `8.8.8.8`, `1.0.0.1`, `8.8.4.4`, `2606:4700:4700::1111`, `2001:4860:4860::8888`, `2606:4700:4700::1001`\n"
            "as fallback, if no other DNS configuration is available.\n\n"
            "1. 60001…60513 → UIDs for home directories managed by\n"
            "   [`systemd-homed.service(8)`](https://www.freedesktop.org/software/systemd/man/systemd-homed.service.html). UIDs\n"
            "   from this range are assigned to any home directory. The same user\n   might get different UIDs.\n")
    found = one_line_sentences(text)
    assert found[0].startswith("By default") and found[0].endswith("if no other DNS configuration is available.")
    assert "The same user might get different UIDs." in found
    assert not any(s.startswith(("might", "from this range")) for s in found)


def test_chunks_keep_exact_offsets_sections_and_sentences(tmp_path):
    path = tmp_path / "sorting.txt"
    path.write_text(WRAPPED, encoding="utf-8")
    article = load_article(path)
    chunks = chunk_article(article, 200, 40)
    assert [c.section for c in chunks] == ["Sort Stability", "Sort Stability > Key Functions"]
    for chunk in chunks:
        assert article.text[chunk.start:chunk.end] == chunk.text
        assert chunk.sentences and all(chunk.start <= a < b <= chunk.end for a, b in chunk.sentences)


def test_html_headings_lists_and_code_are_kept(tmp_path):
    page = tmp_path / "faq.html"
    page.write_text("<html><body><h1>FAQ</h1><h2>How do I print in color?</h2><p>Use the <b>Term::ANSIColor</b> module.</p>"
                    "<pre>use Term::ANSIColor;\n\nprint color('red');</pre><ul><li>First item.</li><li>Second item.</li></ul>"
                    "</body></html>", encoding="utf-8")
    article = load_article(page)
    assert "## How do I print in color?" in article.text
    assert "```\nuse Term::ANSIColor;\n\nprint color('red');\n```" in article.text
    assert "- First item." in article.text
    found = [article.text[a:b] for a, b in sentences(article.text)]
    assert found == ["Use the Term::ANSIColor module.", "First item.", "Second item."]
    chunk = chunk_article(article, 200, 40)[0]
    assert chunk.section == "How do I print in color?"


def test_html_tables_that_lay_out_prose_are_prose_and_br_wraps_lines(tmp_path):
    # Valgrind's FAQ: each answer is a table cell of paragraphs; read as a table row, no
    # answer was ever a sentence. Its READMEs are text hard-wrapped with <br>s.
    page = tmp_path / "faq.html"
    page.write_text(
        "<html><head><title>Valgrind FAQ</title></head><body><table>"
        "<tr class='question'><td><b>1.1.</b></td><td><b>How do you pronounce \"Valgrind\"?</b></td></tr>"
        "<tr class='answer'><td></td><td><p>The \"Val\" as in the word \"value\". The \"grind\" is pronounced\n"
        "with a short 'i' -- ie. \"grinned\".</p><p>Don't feel bad: almost everyone gets it wrong.</p></td></tr>"
        "</table><table><tr><th>Option</th><th>Default</th></tr><tr><td>--leak-check</td><td>summary</td></tr></table>"
        "<p>-- Do not ship your distro with a completely stripped<br>\n   /lib/ld.so. At least leave the<br>\n"
        "   symbol names on.<br>\n<br>\n   Reason for this is that Memcheck must<br>\n   intercept strlen.<br>\n</p>"
        "</body></html>", encoding="utf-8")
    text = load_article(page).text
    found = one_line_sentences(text)
    assert found == [
        'The "Val" as in the word "value".', 'The "grind" is pronounced with a short \'i\' -- ie. "grinned".',
        "Don't feel bad: almost everyone gets it wrong.",
        "-- Do not ship your distro with a completely stripped /lib/ld.so.", "At least leave the symbol names on.",
        "Reason for this is that Memcheck must intercept strlen.",
    ]
    assert "| --leak-check | summary |" in text  # a table of data stays a table
    assert "symbol names on.\n\nReason" in text  # two <br>s part paragraphs
    # DocBook's question row heads its answer: citations show the question it answers.
    chunk = chunk_article(load_article(page), 200, 40)[0]
    assert chunk.section == '1.1. How do you pronounce "Valgrind"?' and chunk.text.startswith('The "Val"')


def test_a_title_with_no_break_spaces_is_not_repeated_in_section_paths(tmp_path):
    # Valgrind's manual: "9.&nbsp;Massif" in <title> and in <h1>; shown twice in citations.
    page = tmp_path / "massif.html"
    page.write_text("<html><head><title>9.&nbsp;Massif: a heap profiler</title></head><body><h1>9.&nbsp;Massif: a "
                    "heap profiler</h1><h2>9.1.&nbsp;Overview</h2><p>Massif is a heap profiler. It measures how much "
                    "heap memory your program uses.</p></body></html>", encoding="utf-8")
    article = load_article(page)
    assert article.title == "9. Massif: a heap profiler"
    assert chunk_article(article, 200, 40)[0].section == "9.1. Overview"


def test_a_table_of_contents_is_left_out_of_an_html_page(tmp_path):
    # DocBook (Valgrind's manual, the Debian Reference): each entry of the contents was a
    # paragraph, quoted as a sentence and taking a passage's place.
    page = tmp_path / "massif.html"
    page.write_text("<html><body><h1>Massif</h1><div class='toc'><p><strong>Table of Contents</strong></p>"
                    "<dl class='toc'><dt><a href='#o'>9.1. Overview of the heap profiler</a></dt>"
                    "<dt><a href='#u'>9.2. Using Massif and ms_print together</a></dt></dl></div>"
                    "<h2 id='o'>9.1. Overview</h2><p>Massif is a heap profiler.</p>"
                    "<div class='contents'><p>A page whose main text sits in a 'contents' box keeps it, "
                    "<a href='#o'>links</a> and all.</p></div><dl><dt>1. <a href='#o'>Background and history"
                    "</a></dt><dd>1.1. <a href='#u'>How do you pronounce the name of it?</a></dd></dl>"
                    "<ul><li><a href='https://example.org/'>A list of links elsewhere stays in the text</a></li>"
                    "</ul><table><tr><td><a href='#o'>Example Configuration</a><br><a href='#u'>Directives</a>"
                    "<br>  <a href='#g'>gzip_comp_level</a></td></tr></table></body></html>", encoding="utf-8")
    text = load_article(page).text
    assert "Example Configuration" not in text and "gzip_comp_level" not in text  # (nginx.org: one long row)
    assert "Table of Contents" not in text and "Overview of the heap profiler" not in text
    assert "Background and history" not in text and "How do you pronounce" not in text  # (links into the page)
    assert one_line_sentences(text) == [
        "Massif is a heap profiler.", "A page whose main text sits in a 'contents' box keeps it, links and all.",
        "A list of links elsewhere stays in the text"]


def test_page_furniture_is_left_out_of_an_html_page(tmp_path):
    # Sphinx (Flask's docs), Texinfo (flex's manual) and DocBook (the Debian Reference,
    # Valgrind's manual): navigation, the search box and the footer were indexed as
    # passages, "¶" permalinks stayed in section labels, and footnote numbers fused with
    # the word before them ("accordingly45"). SQLite's pages: the same logo, tagline and menu
    # on every page, each a passage. BIND's (trial 12): the permalink is an icon font's glyph.
    # nginx.org's (trial 13): a banner (by its id) opened every page. MkDocs' (trial 14): the
    # footer element and the search and keyboard-shortcut dialogs closed every page. zsh's
    # (trial 15): Texinfo's "[ << ] [ < ] [ Up ]" tables and "generated ... using texi2any";
    # a term "#" over its description read "# True if...", a Markdown heading.
    page = tmp_path / "actions.html"
    page.write_text(
        "<html><body><div id='banner'><div id='banner-content'>Join us for the first quarterly <a href='c.html'>"
        "Community Call</a> on July 22nd.</div></div><div class='navheader'><table><tr><th>Chapter 3. The system initialization</th></tr></table>"
        "</div><table class='nav'><tr><td><a href='i.html'>&lt;&lt; 1. Introduction</a></td><td>Up</td></tr></table>"
        "<div class='related' role='navigation'><h3>Navigation</h3><ul><li><a href='i.html'>index</a>"
        "</li></ul></div><div class='header'><p>Next: <a href='g.html' rel='next'>The Generated Scanner</a>, "
        "Up: <a href='index.html'>flex</a> [<a href='index.html#C'>Contents</a>]</p></div>"
        "<h2>8 Actions<a class='headerlink' href='#actions'>¶</a></h2><dl><dt><span><code>REJECT</code>"
        "<a href='#index-REJECT' class='copiable-anchor'> &#xf0c1;</a></span></dt><dd><p>directs the scanner to "
        "proceed on to the second best rule.</p></dd></dl><p>make will behave accordingly<a href='#FOOT4'>"
        "<sup>4</sup></a><a href='#FOOT5'><sup>5</sup></a>. The area is 2<sup>10</sup> bytes.</p>"
        "<div role='tablist'><button role='tab'>macOS/Linux</button><button role='tab'>Windows</button></div>"
        "<div class='header'><p>A header box that is text, not links, stays.</p></div>"
        "<div class='sphinxsidebar' role='navigation'><h3>Quick search</h3></div>"
        "<div class='footer' role='contentinfo'>&copy; Copyright 2023 Pallets.</div>"
        "<div class=nosearch><div class='tagline'>Small. Fast. Reliable.<br>Choose any three.</div></div>"
        "<div class='menu mainmenu'><ul><li><a href='about.html'>About</a></ul></div>"
        "<form action='search'><select><option>Search Documentation</option></select></form>"
        "<form id='aspnetForm'><p>A form that wraps the page's text keeps it.</p></form>"
        "<footer class='col-md-12'><p>Copyright &copy; 2014 Tom Christie.</p></footer>"
        "<div class='modal' role='dialog' aria-hidden='true'><h4>Search</h4><p>From here you can search these "
        "documents.</p></div><span aria-hidden='true'>Keyboard Shortcuts</span>"
        "<table class='header'><tr><td>[<a href='c.html' title='Previous'> &lt;&lt; </a>]</td><td>[<a href='i.html'> Up "
        "</a>]</td><td> &nbsp; </td><td>[<a href='t.html'>Contents</a>]</td></tr></table><dl><dt><span><tt>#</tt>"
        "</span></dt><dd><p>True if the effective uid of the process is n.</p></dd></dl>"
        "<p><font size='-1'>This document was generated on <em>February 5, 2023</em> using <a href='t'>texi2any</a>."
        "</font></p></body></html>",
        encoding="utf-8")
    article = load_article(page)
    for furniture in ("Join us", "Tom Christie", "<<", "Up ]", "texi2any", "search these", "Keyboard", "Chapter 3", "Introduction", "Navigation", "index", "Next:", "Contents", "¶", "\uf0c1",
                      "Quick search",
                      "Copyright", "macOS", "45", "Reliable", "About", "Search Documentation"):
        assert furniture not in article.text
    assert one_line_sentences(article.text) == [
        "REJECT directs the scanner to proceed on to the second best rule.", "make will behave accordingly.",
        "The area is 210 bytes.", "A header box that is text, not links, stays.",
        "A form that wraps the page's text keeps it.",
        "#: True if the effective uid of the process is n."]  # (a superscript that is no link stays)
    assert article.title == "8 Actions" and chunk_article(article, 200, 40)[0].section == ""  # (the title's own)


def test_a_docbook_term_reads_with_its_description_and_a_synopsis_is_code(tmp_path):
    # Linux-PAM's guides (DocBook): "nofile" and "maximum number of open file descriptors"
    # were sentences apart, the description not saying what it described, and the
    # command synopsis "pam_wheel.so [ debug ] [ deny ]..." was quoted as the answer to
    # "What does the deny option of pam_wheel do?".
    page = tmp_path / "pam.html"
    page.write_text(
        "<div class='cmdsynopsis'><p><code class='command'>pam_wheel.so</code>  [\n\tdebug\n  ] [\n  deny\n  ]</p>"
        "</div><div class='variablelist'><dl class='variablelist'><dt><span class='term'>\n<code class='option'>deny"
        "</code>\n</span></dt><dd><p>\n  Reverse the sense of the auth operation.\n  </p></dd>\n<dt><span "
        "class='term'>nofile</span></dt>\n<dd><p>maximum number of open file descriptors</p></dd>"
        "<dt>84 bytes for the reentrant scanner guts</dt><dd><p>Flex allocates about 84 bytes for it.</p></dd>"
        "<dt>How do I stop it?</dt><dd><p>Press the button.</p></dd>"
        "<dt>the <code>PERLLIB</code> variable</dt>\n<dd>\n<pre><code>$ export PERLLIB=/my/dir</code></pre></dd>"
        "</dl></div>", encoding="utf-8")
    text = load_article(page).text
    assert "```\npam_wheel.so [ debug ] [ deny ]\n```" in text
    assert one_line_sentences(text) == [
        "deny Reverse the sense of the auth operation.", "nofile maximum number of open file descriptors",
        "84 bytes for the reentrant scanner guts", "Flex allocates about 84 bytes for it.", "How do I stop it?",
        "Press the button.", "the PERLLIB variable"]
    assert "\n\n```\n$ export PERLLIB=/my/dir\n```" in text  # (perlfaq8: a code block above it went missing)


def test_an_html_comment_in_markdown_is_markup_only_when_closed_on_its_own_line():
    kept = "<!-- note --> Real paragraph.\n\nNext one.\n"
    assert [kept[a:b] for a, b in sentences(kept)] == ["<!-- note --> Real paragraph.", "Next one."]
    unclosed = "<!-- open\nText one.\n\nText two.\n\n```\nx --> y\n```\n"  # (not closed before the fence)
    assert "Text two." in [unclosed[a:b] for a, b in sentences(unclosed)]
    comment = "<!-- maintained elsewhere\n     read-only here -->\n\nThe plugin runs.\n"
    assert [comment[a:b] for a, b in sentences(comment)] == ["The plugin runs."]


def test_a_row_of_dashes_with_a_blank_line_under_it_separates_sections():
    # Blind trial 24: the sed FAQ puts "------------------------------" between its parts;
    # read as AsciiDoc's listing delimiters, two of them made all of part 5 one code block,
    # and its answers sat under "4.44. How do I emulate file-includes, using sed?".
    faq = ("4.44.  How do I emulate file-includes, using sed?\n\n   Use the script below.\n\n"
           "------------------------------\n\n5. WHY ISN'T THIS WORKING?\n\n"
           "5.1. Why don't my variables like $var get expanded in my sed script?\n\n"
           "   Because your sed script uses 'single quotes' instead of \"double\n   quotes.\" "
           "Unix shells never expand $variables in single quotes.\n\n"
           "5.11. My script aborts with an error message, \"event not found\".\n\n"
           "   This error is generated by the csh or tcsh shells, not by sed.\n\n"
           "------------------------------\n\n6. OTHER ISSUES\n\n   Ask on the list.\n")
    found = blocks(faq)
    checklist = ("5. TROUBLESHOOTING\n\n5.1. The server does not answer\n\n   Check these in turn.\n\n"
                 "1. Is the server reachable from here?\n\n   Ping it.\n\n2. Is the port open on the server?\n\n"
                 "   Try telnet.\n\n5.2. The server answers slowly\n\n   Look at its load.\n")
    assert [checklist[b.start : b.end] for b in blocks(checklist) if b.kind == "heading"] == [
        "5. TROUBLESHOOTING", "5.1. The server does not answer", "5.2. The server answers slowly"]  # (review)
    assert [faq[b.start : b.end] for b in found if b.kind == "heading"] == [
        "4.44.  How do I emulate file-includes, using sed?", "5. WHY ISN'T THIS WORKING?",
        "5.1. Why don't my variables like $var get expanded in my sed script?",
        '5.11. My script aborts with an error message, "event not found".', "6. OTHER ISSUES"]  # (a question, however it ends)
    answer = faq.index("Unix shells")
    assert section_at(sections(faq, found), answer)[-1].startswith("5.1. Why don't my variables")
    # (AsciiDoc's listing opens on the line under its delimiter, and its closing one opens nothing.)
    listing = "See:\n\n------------\n$ git branch\n------------\n\nThat lists them.\n\n------------\n$ git log\n------------\n"
    assert [b.kind for b in blocks(listing)] == ["prose", "code", "prose", "code"]
    # (Only its own line closes it: git's signed-tag guide shows a message with an indented
    # row of dashes inside the listing, which closed it and opened the next at the true end.
    # Any row of dashes at the margin would close it too soon: Info's tables rule their
    # header with one, the sed manual's swallowed 140 blocks.)
    message = ("Run:\n\n------------\n Tag v1.0\n -----------------------------------------------\n"
               " Completed frotz feature\n------------\n\nThen merge.\n")
    assert [(b.kind, message[b.start : b.end].split("\n")[-1]) for b in blocks(message)] == [
        ("prose", "Run:"), ("code", "------------"), ("prose", "Then merge.")]


def test_a_numbered_line_over_indented_text_is_a_heading_only_when_its_number_goes_up():
    # (Review of session 35: any numbered line over an indented one was a heading in a text
    # that numbers its headings: a changelog's entries, or a first line stating a fact.)
    changes = ("2.4. Changes\n\n   The latest first.\n\n"
               "2.4.9 Fixed a crash when the input is empty.\n\n   Reported by Ann.\n\n"
               "2.4.3 Fixed the parser for long lines.\n\n   Reported by Bob.\n")
    headings = [changes[b.start : b.end] for b in blocks(changes) if b.kind == "heading"]
    assert headings == ["2.4. Changes", "2.4.9 Fixed a crash when the input is empty."]
    first = ("1.1. The default port is 8080 unless PORT is set.\n\n   (Set it in the environment.)\n\n"
             "2.1 Options\n\n   None yet.\n")
    assert [first[b.start : b.end] for b in blocks(first) if b.kind == "heading"] == ["2.1 Options"]


def test_a_line_wrapped_before_a_number_goes_on_with_its_paragraph():
    # Blind trial 25: rsync's man page wraps "...typically use TCP port" over "873.  The
    # administrator...", which began a numbered item: the answer stopped before its number.
    man = ("       module are defined by the rsync daemon configuration file.  Connections to an rsync\n"
           "       daemon typically use TCP port\n       873.  The administrator starts the daemon.\n")
    assert [man[a:b] for a, b in sentences(man)][-2:] == [
        "Connections to an rsync\n       daemon typically use TCP port\n       873.", "The administrator starts the daemon."]
    steps = "Then do this\n1. Unpack it.\n2. Build it.\n"  # (a list's first item is "1.")
    assert [b.kind for b in blocks(steps)] == ["prose", "item", "item"]
    # (Review: nor a list numbered on from elsewhere, nor a numbered heading underlined.)
    levels = "Use one of these values for the level\n10) fast compression\n11) slow compression\n"
    assert [b.kind for b in blocks(levels)] == ["prose", "item", "item"]
    underlined = "Read this before you start\n2. Installation\n===============\n\nRun it.\n"
    assert underlined[blocks(underlined)[0].start : blocks(underlined)[0].end] == "Read this before you start"


def test_a_paragraph_of_html_tags_alone_is_markup_not_text(tmp_path):
    # Blind trial 24: zstd's and HTTPie's READMEs open on a logo in HTML, which titled them
    # ("<p align="center"><img…", "<br/>") and stood in every citation's path.
    readme = ('<p align="center"><img src="https://example.org/zstd_logo86.png" alt="Zstandard"></p>\n\n'
              "__Zstandard__, or `zstd` as short version, is a fast lossless compression algorithm.\n\n"
              "<details>\n  <summary>Packaged it is. Click here.</summary>\n\n</details>\n\n"
              "<https://example.org/download/>\n\n<check-stats>\n\n    Calculate statistics for all mailboxes.\n\n"
              "Example:\n\n    <section>\n        <title>\n")
    kinds = {readme[b.start : b.end]: b.kind for b in blocks(readme)}
    assert kinds['<p align="center"><img src="https://example.org/zstd_logo86.png" alt="Zstandard"></p>'] == "markup"
    assert kinds["</details>"] == "markup"
    # (Tags around text, an autolink, mutt's function name and an indented example are not.)
    assert kinds["<details>\n  <summary>Packaged it is. Click here.</summary>"] == "prose"
    assert kinds["<https://example.org/download/>"] == "prose" and kinds["<check-stats>"] == "prose"
    assert kinds["    <section>\n        <title>"] == "code"
    (tmp_path / "README.md").write_text("<br/>\n<a href=\"https://httpie.io\">\n    <img alt=\"HTTPie\" src=\"logo.svg\" />\n"
                                        "</a>\n<br/>\n\n# HTTPie: human-friendly CLI HTTP client\n\nHTTPie is a client.\n")
    assert load_article(tmp_path / "README.md").title == "HTTPie: human-friendly CLI HTTP client"
    (tmp_path / "zstd.md").write_text(readme)
    assert load_article(tmp_path / "zstd.md").title == "Zstandard, or zstd as short version, is a fast lossless compression algorithm"
    (tmp_path / "crlf.md").write_bytes(b'\xef\xbb\xbf<p align="center"><img src="logo.png" alt="Z"></p>\r\n\r\n'
                                       b"Zstandard is a fast compression algorithm.\r\n")
    assert load_article(tmp_path / "crlf.md").title == "Zstandard is a fast compression algorithm"
    # (Only marks in pairs are Markdown's: "`time' is a program", "The `__init__.py` file".)
    (tmp_path / "README").write_text("`time' is a program that runs another program and reports how long it took,\n"
                                     "in several ways.\n")
    assert load_article(tmp_path / "README").title.startswith("`time' is a program")


def test_an_asciidoc_readmes_header_badges_and_attribute_references_are_read_as_asciidoc_shows_them(tmp_path):
    # Blind trial 39: rdiff-backup's README.adoc was titled by its attribute line ":doctype:
    # book", and its badges and links to the site were prose; its FAQ's title and every section
    # path showed "rdiff-backup: {page-name}" unfilled, and its "'''''" rule was a "sentence".
    readme = (":doctype: book\n:sectnums:\n:toc!:\n\nimage::docs/logo-banner.png[\"banner\",align=\"center\"]\n\n"
              "[.text-center]\nlink:https://rdiff-backup.net/[*website*] .\nlink:https://example.org/releases[*download*]\n\n"
              "[.text-center]\nimage:https://img.shields.io/license[\"License\",link=\"COPYING\"]\n"
              "image:https://example.org/badge.svg[Linux]\n[![Build](https://example.org/b.svg)](https://example.org/ci) | "
              "[Docs](https://example.org/docs)\n\n= rdiff-backup\n\nrdiff-backup is a simple backup tool.\n\n"
              "link:https://example.org/[The site] tells you more about it.\n")
    kinds = {readme[b.start : b.end]: b.kind for b in blocks(readme)}
    assert kinds[":toc!:"] == "markup"
    assert kinds["link:https://rdiff-backup.net/[*website*] .\nlink:https://example.org/releases[*download*]"] == "markup"
    assert all(kind != "prose" for text, kind in kinds.items() if "img.shields.io" in text)
    # (A link inside a sentence leaves it a sentence.)
    assert kinds["link:https://example.org/[The site] tells you more about it."] == "prose"
    (tmp_path / "README.adoc").write_text(readme)
    assert load_article(tmp_path / "README.adoc").title == "rdiff-backup"

    faq = ("= rdiff-backup: {page-name}\n:page-name: F.A.Q.\n:toc: macro\n\n'''''\n\n"
           "== What does {page-name} hold about {unset}?\n\nAnswers to questions asked often about the tool.\n")
    kinds = {faq[b.start : b.end]: b.kind for b in blocks(faq)}
    assert kinds["'''''"] == "rule"
    (tmp_path / "FAQ.adoc").write_text(faq)
    article = load_article(tmp_path / "FAQ.adoc")
    assert article.title == "rdiff-backup: F.A.Q."
    (chunk,) = chunk_article(article, 200, 40)
    assert chunk.section == "What does F.A.Q. hold about {unset}?"
    # (helper-109's review: attributes are AsciiDoc's header's, not a reST field list's; an
    # indented "'''" opens a docstring in an example; a long row of badges and a line break is
    # read at once: one way to read the spaces between them, or each one more doubled the time.)
    rest = "Title\n=====\n\n:Version: 2.1\n\nThe {version} placeholder\n-------------------------\n\nText here.\n"
    assert sections(rest, blocks(rest))[-1].path == ("Title", "The {version} placeholder")
    example = "Example::\n\n    '''\n    Module docstring here.\n    '''\n    import os\n\nAfter.\n"
    assert [b.kind for b in blocks(example)] == ["prose", "code", "prose"]
    badges = "# P\n\n" + " ".join(f"[![b{i}](https://x.org/{i}.svg)](https://x.org/{i})" for i in range(40)) + " <br>\n"
    assert [b.kind for b in blocks(badges)] == ["heading", "prose"]


def test_a_faqs_q_and_a_labels_are_text_and_a_changelogs_bracketed_versions_head_its_entries(tmp_path):
    # Blind trial 40: lftp's FAQ ("Q: ..." over "A: ...", no blank line between) was read as
    # blocks of mail headers, so no answer of it was a sentence, and it was titled by its first
    # question; isync's NEWS was titled "[1.4.0]" and its later releases were no headings.
    faq = ("Q: I have compile/link problems.\nA: Some common installation problems are described in the INSTALL file.\n"
           "   If your case is not covered, please send a problem report.\n\n"
           "Q: How can I see the greeting message from the server?\nA: Try `debug 3'. It is disabled by default.\n")
    assert "Try `debug 3'." in one_line_sentences(faq)  # (its label left out, as an answer's first sentence's is)
    (tmp_path / "lftp-FAQ").write_text(faq)
    assert load_article(tmp_path / "lftp-FAQ").title == "lftp-FAQ"
    # (Mail headers stay metadata.)
    mail = "From: A Writer <a@example.org>\nSubject: pack corruption\n\nThe byte was corrupted.\n"
    assert one_line_sentences(mail) == ["The byte was corrupted."]

    news = ("[1.4.0]\n\nThe 'isync' compatibility wrapper was removed.\n\n[1.3.0]\n\n"
            "The get-cert script was renamed to mbsync-get-cert.\n\n[source,shell]\n----\nmbsync -a\n----\n")
    kinds = {news[b.start : b.end]: b.kind for b in blocks(news)}
    assert kinds["[1.4.0]"] == kinds["[1.3.0]"] == "heading" and kinds["[source,shell]"] == "markup"
    assert section_at(sections(news, blocks(news)), news.index("get-cert")) == ("[1.3.0]",)
    (tmp_path / "isync-NEWS").write_text(news)
    assert load_article(tmp_path / "isync-NEWS").title == "isync-NEWS"
    # (helper-109's review: a FAQ whose first question ends in "?" too; a release under a
    # Markdown title is its section's, not its sibling.)
    (tmp_path / "one-FAQ").write_text("Q: How do I foo?\nA: Use bar.\n")
    assert load_article(tmp_path / "one-FAQ").title == "one-FAQ"
    changelog = "# Changelog\n\n[1.4.0]\n\nFixed things.\n\n[1.3.0]\n\nMore things.\n"
    assert sections(changelog, blocks(changelog))[-1].path == ("Changelog", "[1.3.0]")


def test_mail_headers_are_metadata_not_sentences():
    text = ("Date: Wed, 16 Oct 2013 04:34:01 -0400\nFrom: A Writer <a@example.org>\nSubject: pack corruption\n"
            "Content-type: text/plain\n\nThe byte 0xc7 was corrupted to 0xc5.\n\nNote: this line is text.\n")
    assert [text[a:b] for a, b in sentences(text)] == ["The byte 0xc7 was corrupted to 0xc5.", "Note: this line is text."]


def test_a_content_type_line_alone_is_metadata_not_the_title(tmp_path):
    # git's use-git-daemon.txt opens with this one header line, and was titled by it.
    path = tmp_path / "use-git-daemon.txt"
    path.write_text("Content-type: text/asciidoc\n\nHow to use git-daemon\n=====================\n\n"
                    "Git can be run in inetd mode and in stand alone mode.\n", encoding="utf-8")
    article = load_article(path)
    assert article.title == "How to use git-daemon"
    assert [article.text[a:b] for a, b in sentences(article.text)] == [
        "Git can be run in inetd mode and in stand alone mode."]


def test_indented_paragraphs_are_judged_one_by_one_and_quickly():
    text = ("    The daemon reads its configuration file at start up and whenever it gets a signal.\n\n"
            "    Each option is given on a line of its own, followed by its value.\n\n    $ foo --reload\n")
    assert [text[a:b] for a, b in sentences(text)] == [
        "The daemon reads its configuration file at start up and whenever it gets a signal.",
        "Each option is given on a line of its own, followed by its value."]
    many = "    This is a plain sentence with some ordinary words in it. It ends.\n\n" * 5000
    assert len(sentences(many)) == 10000  # (this took minutes when each paragraph re-read the rest)


def test_a_paragraph_ending_in_a_double_colon_stays_a_paragraph():
    text = ("To install the package, download the archive and then run the\n"
            "installer from the directory it unpacked into, as follows::\n\n    ./install.sh\n")
    assert [b.kind for b in blocks(text)] == ["prose", "code"]
    assert sentences(text) == [(0, text.index("::") + 1)]  # (a sentence ends "as follows:", as reST shows it)


def test_a_setext_underline_may_be_much_shorter_than_its_title_but_a_tilde_fence_is_code():
    # lighttpd's performance.txt (trial 7): its sections were read as prose without a path.
    text = ("Performance Tuning\n==================\n\nIntro text here.\n\n"
            "lighttpd configuration performance tuning (technical guidelines)\n"
            "-----------------------------------------\n\n* less is more\n\n"
            "Create a `Caddyfile` with the following content:\n~~~\nlocalhost:7443 {\n}\n~~~\n")
    all_blocks = blocks(text)
    assert [text[b.start:b.end] for b in all_blocks if b.kind == "heading"] == [
        "Performance Tuning", "lighttpd configuration performance tuning (technical guidelines)"]
    assert section_at(sections(text, all_blocks), text.index("less is")) == (
        "Performance Tuning", "lighttpd configuration performance tuning (technical guidelines)")
    assert [b.kind for b in all_blocks if text[b.start:b.end].startswith("localhost")] == []
    assert any(b.kind == "code" and "localhost" in text[b.start:b.end] for b in all_blocks)
    # a FAQ's question over a short underline is a heading too (review of this session)
    text = "FAQ\n===\n\nIntro.\n\nHow do I reset my Zorbo password?\n---\n\nOpen the login page.\n"
    assert [text[b.start:b.end] for b in blocks(text) if b.kind == "heading"] == ["FAQ", "How do I reset my Zorbo password?"]


def test_a_short_rule_under_a_wrapped_paragraph_does_not_cut_it_and_trimming_keeps_what_says_something():
    # Review of af28c1e: a much shorter "---" ended the paragraph a line early, mid-sentence.
    text = "Set the limit, then restart the server so that\nthe new value takes effect.\n---\n\nNext para.\n"
    assert [text[a:b] for a, b in sentences(text)] == [
        "Set the limit, then restart the server so that\nthe new value takes effect.", "Next para."]
    # Nor does a one-line paragraph over a "---" separator become a heading: it is a sentence.
    text = "Intro.\n\nThe daemon reloads its configuration when it receives SIGHUP, as most daemons do.\n---\n\nNext.\n"
    assert [b.kind for b in blocks(text)].count("heading") == 0
    assert "The daemon reloads its configuration when it receives SIGHUP, as most daemons do." in [
        text[a:b] for a, b in sentences(text)]
    assert sentences("::\n") == []  # (marks alone say nothing: markup, as "##" over a comment box, trial 25)
    operators = "Operators:\n\n=~\n\nBinds a scalar expression to a pattern match.\n"  # (but an operator is a term)
    assert "=~\n\nBinds a scalar expression to a pattern match." in [operators[a:b] for a, b in sentences(operators)]
    for text, said in [("That works :)", "That works :)"), ("(see f(x) and more", "see f(x) and more"),
                       ("as follows::", "as follows:"), ("Pick one of a), b) or c)", "Pick one of a), b) or c)"),
                       ("It works :-)", "It works :-)"), ("(see section 2) for more", "(see section 2) for more"),
                       ("Note (see above).)", "Note (see above).")]:
        assert [text[a:b] for a, b in sentences(text)] == [said]


def test_a_line_of_dashes_with_scissors_delimits_an_example():
    # Dovecot's wiki (trial 9): its comments were read as headings.
    text = ("Trash plugin\n\ndovecot-trash.conf.ext:\n\n---%<-----------------\n# Spam mailbox is emptied before Trash\n"
            "1 Spam\n2 Trash\n---%<-----------------\n\nMails are deleted in priority order.\n")
    found = blocks(text)
    assert [text[b.start:b.end] for b in found if b.kind == "heading"] == ["Trash plugin"]
    assert any(b.kind == "code" and "1 Spam" in text[b.start:b.end] for b in found)


def test_crlf_underlines_stay_out_of_the_section():
    text = "Title\r\n=====\r\n\r\nBody text here.\r\n"
    found = sections(text, blocks(text))
    assert text[found[-1].start:].startswith("\r\nBody")


def test_inline_markup_does_not_hide_words():
    from rag.text import terms

    marked = "Use ``sorted()`` or :func:`sorted`, which is **stable**; see [the HOWTO](https://example.org/sorting)."
    assert {"sort", "stabl", "howto"} <= set(terms(marked))
    assert set(terms("Is sorted stable?")) <= set(terms(marked))


def test_a_field_under_a_marked_heading_is_not_a_heading(tmp_path):
    # git-lfs's locking.md: "Added: v2.0" under its "# ..." title became a section of its
    # own, so the version was only in a breadcrumb and never quoted. In a text without
    # heading marks, a short line standing alone still heads what follows.
    page = tmp_path / "locking.md"
    page.write_text("# Git LFS File Locking API\n\nAdded: v2.0\n\nThe File Locking API is used to create, "
                    "list, and delete locks, as well as\nverify that locks are respected in Git pushes.\n",
                    encoding="utf-8")
    article = load_article(page)
    assert article.title == "Git LFS File Locking API"
    chunks = chunk_article(article, 200, 40)
    assert [c.section for c in chunks] == [""] and chunks[0].text.startswith("Added: v2.0\n\nThe File Locking API")
    # (a label with an index is a heading's: "Chapter 1: Getting started")
    guide = tmp_path / "guide.md"
    guide.write_text("# Install guide\n\nChapter 1: Getting started\n\nDownload the archive and unpack it in your "
                     "home directory.\n", encoding="utf-8")
    assert chunk_article(load_article(guide), 200, 40)[0].section == "Chapter 1: Getting started"
    plain = tmp_path / "notes.txt"
    plain.write_text("Release Notes\n\nStatus: Final\n\nThe release went out on time and every test passed.\n",
                     encoding="utf-8")
    assert chunk_article(load_article(plain), 200, 40)[0].section == "Status: Final"


MANUAL = (  # mutt's manual.txt: DocBook rendered as plain text (no-break spaces as there)
    "Chapter\u00a06.\u00a0Optional Features\n\nTable of Contents\n\n1. General Notes\n    1.1. Enabling Features\n\n"
    "5.\u00a0SMTP Support\n\nMutt supports delivery through SMTP if it was configured and built with --enable-smtp.\n\n"
    "8.\u00a0Local Caching\n\n8.1.\u00a0Header Caching\n\nHeader caching can be enabled via the configure script and the\n"
    "--enable-hcache option.\n\nExample\u00a03.11.\u00a0Header weeding\n\n# Sven's draconian header weeding\n"
    "ignore *\nunignore from date subject to cc\n\nThe above example will show \"From:\" headers.\n\n"
    "# Use a Mutt variable inside backticks.\n\nset spoolfile = \"/var/mail/testuser\"\n\n"
    "source $my_cfgdir/hooks\n# more source commands...\n\n# course.  These are off by default!\n"
    "# containers themselves don't qualify.\n\n  \u2022 unhook { * | hook-type }\n\n3.\u00a0Configuration Variables\n\n"
    "3.142.\u00a0imap_keepalive\n\nType:\u00a0number\nDefault:\u00a0300\n\n"
    "This variable specifies the maximum amount of time in seconds that mutt will\n"
    "wait before polling open IMAP connections.\n"
)


def test_a_manual_in_plain_text_has_numbered_headings_and_comments_in_its_examples():
    # Its headings carry section numbers ("3.142. imap_keepalive": lower case after the
    # number), and its muttrc examples stand unindented with "# ..." comments, which read
    # as Markdown headings had put every later citation under "containers themselves
    # don't qualify." (trial 5).
    all_blocks = blocks(MANUAL)
    headings = [" ".join(MANUAL[b.start:b.end].split()) for b in all_blocks if b.kind == "heading"]
    assert {"Chapter 6. Optional Features", "5. SMTP Support", "8.1. Header Caching", "3.142. imap_keepalive"} < set(headings)
    assert "1. General Notes" not in headings  # (an entry of the table of contents)
    # (the last entry of a table of contents does not make the heading under it a list item)
    toc = "Table of Contents\n\n1. Location of Files\n2. Starter Muttrc\n\n1. Location of Files\n\nMutt reads its files.\n\n2.1. Starter\n\nMore.\n"
    assert [toc[b.start:b.end] for b in blocks(toc) if b.kind == "heading"][-2:] == ["1. Location of Files", "2.1. Starter"]
    assert not any("#" in h or h.startswith(("Sven", "Use a", "more source", "course", "containers")) for h in headings)
    comments = [b for b in all_blocks if MANUAL[b.start:b.end].startswith("#")]
    assert comments and all(b.kind == "code" for b in comments)
    assert MANUAL[comments[0].start:comments[0].end].endswith("unignore from date subject to cc")  # with its commands
    found = sections(MANUAL, all_blocks)
    assert section_at(found, MANUAL.index("Mutt supports")) == ("Chapter 6. Optional Features", "5. SMTP Support")
    assert section_at(found, MANUAL.index("Header caching can")) == (
        "Chapter 6. Optional Features", "8. Local Caching", "8.1. Header Caching")
    assert section_at(found, MANUAL.index("This variable")) == (  # (a "•" item above is not a loose list's)
        "Chapter 6. Optional Features", "3. Configuration Variables", "3.142. imap_keepalive")
    # A reference entry's fields stay a sentence: they answer "What is the default value of
    # imap_keepalive?" (made metadata like mail headers, that question was refused).
    assert "Type: number Default: 300" in one_line_sentences(MANUAL)
    assert "The above example will show \"From:\" headers." in one_line_sentences(MANUAL)


def test_markdown_headings_stay_headings_whatever_follows_them():
    text = ("# fdupes\n\nfdupes is a program for finding duplicate files.\n\n## Install\n- download it\n\n"
            "## Usage\nRun it with a directory.\n\n### Options.\n\nSee the manual.\n")
    assert [text[b.start:b.end] for b in blocks(text) if b.kind == "heading"] == ["fdupes", "Install", "Usage", "Options."]


def test_sphinx_tables_of_short_cells_are_data_and_an_option_opens_its_description(tmp_path):
    # borg's docs (Sphinx wraps every cell in a <p>): its table of encryption modes read
    # as one paragraph per cell, and "BLAKE2b" headed a section; "ARCHIVE" alone above its
    # description did too.
    page = tmp_path / "init.html"
    page.write_text(
        "<html><body><h1>borg init</h1><table><tr><td><p>Hash/MAC</p></td><td><p>Not encrypted no auth</p></td></tr>"
        "<tr><td><p>BLAKE2b</p></td><td><p><cite>authenticated-blake2</cite></p></td></tr></table>"
        "<table><tr><td></td><td><p><code>ARCHIVE</code></p></td><td><p>name of archive to create (must be also a "
        "valid directory name)</p></td></tr><tr><td></td><td><p><code>--append-only</code></p></td><td><p>create an "
        "append-only mode repository. Note that this only affects the low level structure.</p></td></tr></table>"
        "<p>The encryption mode can only be configured when creating a new repository.</p></body></html>",
        encoding="utf-8")
    article = load_article(page)
    assert "| Hash/MAC | Not encrypted no auth |\n" in article.text and "| BLAKE2b | authenticated-blake2 |" in article.text
    found = one_line_sentences(article.text)
    assert "ARCHIVE name of archive to create (must be also a valid directory name)" in found
    assert "--append-only create an append-only mode repository." in found
    assert [article.text[b.start:b.end] for b in blocks(article.text) if b.kind == "heading"] == ["borg init"]
    assert {c.section for c in chunk_article(article, 200, 40)} == {""}


def test_a_table_of_keys_and_what_they_do_reads_each_key_with_its_action(tmp_path):
    # tig's manual (trial 15): in its "Key | Action" tables each key stood alone above its
    # action, and "Enter", "R", "Q" headed sections ("4.2. View Manipulation > Enter").
    row = "<tr><td><p class='table'>{}</p></td><td><p class='table'>{}</p></td></tr>"
    page = tmp_path / "manual.html"
    page.write_text(
        "<html><body><h1>The tig Manual</h1><h3>4.2. View Manipulation</h3><table><thead><tr><th>Key</th><th>Action"
        "</th></tr></thead><tbody>" + row.format("Enter", "This key is context sensitive. It splits the view.")
        + row.format("R", "Reload and refresh the current view.") + row.format("Up", "Move the cursor one line up.")
        + "</tbody></table><table><tr><td><p>Publish</p></td><td><p>Yes</p></td><td><p>Introduction of a key soon to be "
        "active.</p><p>More.</p></td></tr><tr><td>Created</td><td>No</td><td>Recording.</td></tr><tr><td>Delete</td>"
        "<td>No</td><td>Removal.</td></tr></table></body></html>", encoding="utf-8")
    article = load_article(page)
    found = one_line_sentences(article.text)
    assert "R Reload and refresh the current view." in found and "Enter This key is context sensitive." in found
    assert not [c.section for c in chunk_article(article, 200, 40) if c.section.endswith(("Enter", "R", "Up"))]
    assert "Publish Yes" not in article.text  # (three columns: not a key and its action)


def test_a_path_or_word_broken_by_the_wrapping_reads_whole():
    # mutt's manual wraps "/etc/Muttrc" after its first slash: the answer read "/ etc/Muttrc".
    assert as_prose("read /usr/local/share/mutt/Muttrc or /\netc/Muttrc.") == "read /usr/local/share/mutt/Muttrc or /etc/Muttrc."
    assert as_prose("a well-\n  known fact, see http://x.org/\nfaq.html") == "a well-known fact, see http://x.org/faq.html"
    assert as_prose("values -\nthe rest, and /\n  then 1 -\n2") == "values - the rest, and / then 1 - 2"


def test_markdown_inline_markup_is_shown_as_it_renders():
    # git-lfs's docs: answers showed "<br>" and "[the batch API](./batch.md)" as written.
    assert as_prose("Use the [batch API](./batch.md) or\n[docs](https://x.org/a_(b)) **not** `a**b` *.txt<br>now.") \
        == "Use the batch API or docs (https://x.org/a_(b)) not `a**b` *.txt now."


def test_what_reads_like_a_comment_or_a_numbered_heading_but_is_not(tmp_path):
    def headings(text):
        return [text[b.start:b.end] for b in blocks(text) if b.kind == "heading"]

    # Headings of two levels together (a changelog), after a link line, AsciiDoc's "=".
    assert headings("# Changelog\n\n## [1.0.0] - 2017-06-20\n### Added\n- New visual identity.\n") == [
        "Changelog", "[1.0.0] - 2017-06-20", "Added"]
    assert headings("see [the docs](https://x.org/docs) for more.\n## Usage\nThe tool reads files.\n") == ["Usage"]
    assert headings("== NAME\ngit-foo - do a thing\n") == ["NAME"]
    assert headings("1.1 Hosts\n\nThe file lists hosts.\n\n192.168.1.1 gateway\n\nThat one routes.\n") == ["1.1 Hosts"]
    # A loose numbered list in a text that numbers its headings stays a list; a chapter
    # labelled with a colon stays above its numbered sections.
    guide = ("Chapter 1: Getting Started\n\n2.1 Installing\n\nDo this first.\n\n1. Download the archive\n\n"
             "2. Unpack it in your home\n\nAfter that it works.\n\n2.2 Configuring\n\nEdit the file.\n")
    assert headings(guide) == ["Chapter 1: Getting Started", "2.1 Installing", "2.2 Configuring"]
    assert section_at(sections(guide, blocks(guide)), guide.index("Edit")) == ("Chapter 1: Getting Started", "2.2 Configuring")
    # HTML: a note box or a row of sentences is prose; a menu cell does not open the article.
    page = tmp_path / "page.html"
    page.write_text("<html><body><table><tr><td><p>This option needs root privileges.</p></td></tr>"
                    "<tr><td><p>Is it free?</p></td><td><p>Yes, it is free.</p></td></tr></table><table><tr>"
                    "<td><p><a href='/'>Home</a></p></td><td><p>Russia agreed to ship oil to Pakistan in March, said "
                    "the minister.</p></td></tr></table></body></html>", encoding="utf-8")
    assert one_line_sentences(load_article(page).text) == [
        "This option needs root privileges.", "Is it free?", "Yes, it is free.",
        "Russia agreed to ship oil to Pakistan in March, said the minister."]
    # (A link ending in a slash is not joined to the next word.)
    assert as_prose("see http://www.mutt.org/\nand the wiki, or ~/.mutt/\nthen") == "see http://www.mutt.org/ and the wiki, or ~/.mutt/ then"


def test_a_literal_block_opening_with_a_bracketed_line_is_code():
    # Mercurial's help (trial 10): "  [pager]" read as AsciiDoc markup, and the example's
    # other line "pager = less -FRX" was glued to the next paragraph's sentence.
    text = ("To set the pager that should be used, set the application variable::\n\n  [pager]\n"
            "  pager = less -FRX\n\nIf no pager is set, Mercurial uses the environment variable $PAGER.\n")
    kinds = [(b.kind, text[b.start : b.end]) for b in blocks(text)]
    assert ("code", "  [pager]\n  pager = less -FRX") in kinds
    assert [text[a:b] for a, b in sentences(text)][-1] == \
        "If no pager is set, Mercurial uses the environment variable $PAGER."


def test_a_commands_option_list_reads_one_entry_per_option():
    # yt-dlp's README (trial 11) lists its options as --help prints them, indented, with
    # the description beside each option; the list was read as code and never answered.
    text = ("Download Options:\n\n"
            "    -R, --retries RETRIES           Number of retries (default is 10), or\n"
            "                                    \"infinite\"\n"
            "    --buffer-size SIZE              Size of download buffer, e.g. 1024 or 16K\n"
            "                                    (default is 1024)\n"
            "    --no-resize-buffer              Do not automatically adjust the buffer size\n\n"
            "Example:\n\n    -x -o out.mp3 URL\n    --verbose URL\n")
    said = [" ".join(text[a:b].split()) for a, b in sentences(text)]
    assert '-R, --retries RETRIES Number of retries (default is 10), or "infinite"' in said
    assert "--buffer-size SIZE Size of download buffer, e.g. 1024 or 16K (default is 1024)" in said
    assert "--no-resize-buffer Do not automatically adjust the buffer size" in said
    # command lines without descriptions beside them stay an example
    assert ("code", "    -x -o out.mp3 URL\n    --verbose URL") in [(b.kind, text[b.start : b.end]) for b in blocks(text)]


def test_an_option_list_is_chunked_between_its_entries(tmp_path):
    # yt-dlp's README (trial 11): the splitter's own sentence reader ended a sentence at
    # "e.g.", and a chunk ended with "--buffer-size SIZE  Size of download buffer, e.g.",
    # leaving the default to the next chunk; an option list has no full stops to cut at.
    path = tmp_path / "options.txt"
    path.write_text("Download Options:\n\n" + "\n".join(
        f"    --option-{n} SIZE{' ' * (16 - len(str(n)))}Size of buffer {n}, e.g. {n}024 or {n}6K\n"
        f"{' ' * 36}(default is {n}024)" for n in range(1, 60)) + "\n", encoding="utf-8")
    article = load_article(path)
    chunks = chunk_article(article, 100, 20)
    assert len(chunks) > 5
    for chunk in chunks:
        assert article.text[chunk.start:chunk.end] == chunk.text
        assert chunk.text.rstrip().endswith("024)"), chunk.text  # (whole entries)


def test_a_line_opening_with_an_rst_role_is_prose_not_a_field():
    # Mercurial's help (trial 10): ":hg:`serve` can also start a command server." was read
    # as a field list's line, and the sentence began on the next line.
    text = (":hg:`serve` can also start a \"command server.\" Clients can connect\nto this server and issue "
            "commands over a special protocol.\n\n:Author: Someone\n:Version: 1.0\n")
    said = [" ".join(text[a:b].split()) for a, b in sentences(text)]
    assert said[:2] == [':hg:`serve` can also start a "command server."',
                        "Clients can connect to this server and issue commands over a special protocol."], said
    assert not any("Author" in s for s in said)  # (a field list stays markup)


def test_a_man_page_entry_indented_under_its_term_is_prose():
    # OpenSSH's and rsync's man pages saved as text (trial 12): a description indented
    # under its term was code when the term was counted in ("LogLevel"), its values are in
    # capitals ("QUIET, FATAL, ERROR"), or it ends in a parenthesis ("...different.)").
    text = ("     LogLevel\n             Gives the verbosity level that is used when logging messages from\n"
            "             ssh(1).  The possible values are: QUIET, FATAL, ERROR, INFO, VERBOSE,\n"
            "             DEBUG, DEBUG1, DEBUG2, and DEBUG3.  The default is INFO.\n\n"
            "       --update, -u\n              This  forces rsync to skip any files which exist on the destination\n"
            "              and are newer. (If an existing destination file has a modification time\n"
            "              equal to the source file's, it will be updated if the sizes are different.)\n\n"
            "    if post is None: abort(404, f\"Post id {id} doesn't exist.\")\n")
    said = [" ".join(text[a:b].split()) for a, b in sentences(text)]
    assert "The default is INFO." in said
    assert "--update, -u This forces rsync to skip any files which exist on the destination and are newer." in said
    assert not any("abort" in s for s in said)  # (code stays code)


def test_a_man_pages_synopsis_is_code():
    # atd(8) (blind trial 37, A01): "atd [-l load_avg] [-b batch_interval] [-d] [-f] [-s]"
    # was a sentence, and the best for "Below what load average does batch start...?".
    text = ("ATD(8)                      System Manager's Manual                     ATD(8)\n\n"
            "NAME\n       atd - run jobs queued for later execution\n\n"
            "SYNOPSIS\n       atd [-l load_avg] [-b batch_interval] [-d] [-f] [-s]\n\n"
            "   Version\n       atd -V\n\n"
            "       Usages with just one SRC arg and no DEST arg will list the source files instead.\n\n"
            "DESCRIPTION\n       atd runs jobs queued by at(1).\n\n"
            "OPTIONS\n       -l      Specifies  a limiting load factor, over which batch jobs should\n"
            "               not be run, instead of the compile-time choice of 1.5.\n")
    said = [" ".join(text[a:b].split()) for a, b in sentences(text)]
    assert "atd runs jobs queued by at(1)." in said and any("compile-time choice of 1.5" in s for s in said)
    assert not any("load_avg" in s or s.startswith("atd -V") for s in said), said
    # (Prose stays prose there: rsync's SYNOPSIS says what a usage does.)
    assert "Usages with just one SRC arg and no DEST arg will list the source files instead." in said


def test_an_option_list_right_under_its_heading_and_a_listing_that_is_not_one():
    # Review of session 27: yt-dlp's README.md puts its options right under "## Download
    # Options:", without a blank line; `ls -l` output is no option list.
    text = ("## Download Options:\n"
            "    -R, --retries RETRIES           Number of retries (default is 10), or\n"
            "                                    \"infinite\"\n"
            "    --buffer-size SIZE              Size of download buffer (default is 1024)\n\n"
            "Listing:\n\n    -rw-r--r--  1 alice  staff  4096 Jan  1 12:00 notes.txt\n"
            "    -rwxr-xr-x  1 alice  staff  8192 Jan  1 12:00 run.sh\n")
    said = [" ".join(text[a:b].split()) for a, b in sentences(text)]
    assert '-R, --retries RETRIES Number of retries (default is 10), or "infinite"' in said
    assert not any("alice" in s for s in said)


MAN_PAGE = (
    "SSH(1)                    BSD General Commands Manual                   SSH(1)\n\n"
    "NAME\n     ssh — OpenSSH remote login client\n\n"
    "ESCAPE CHARACTERS\n     When a pseudo-terminal has been requested, ssh supports a number of func‐\n"
    "     tions through the use of an escape character.\n\n"
    "     The supported escapes (assuming the default ‘~’) are:\n\n"
    "     ~.      Disconnect.\n\n"
    "     ~^Z     Background ssh.\n\n"
    "     make install   # then run it\n\n"
    "BSD                            November 28, 2022                           BSD\n"
)


def test_a_man_page_has_its_section_headings_and_terms_described_beside_them(tmp_path):
    # Trial 12 (OpenSSH's man pages as `man -l | col -bx` prints them): "ESCAPE CHARACTERS"
    # was the first words of the section's first sentence, the page's header and footer
    # were sentences, and "~.      Disconnect." was code.
    said = [" ".join(MAN_PAGE[a:b].split()) for a, b in sentences(MAN_PAGE)]
    assert "When a pseudo-terminal has been requested, ssh supports a number of func‐ tions through the use " \
           "of an escape character." in said
    assert "~. Disconnect." in said and "~^Z Background ssh." in said
    assert not any("BSD" in s or "NAME" in s or "make install" in s for s in said)
    path = tmp_path / "ssh.1.txt"
    path.write_text(MAN_PAGE, encoding="utf-8")
    article = load_article(path)
    assert article.title == "ssh — OpenSSH remote login client"  # (its NAME line, not the header)
    found = {s.path for s in sections(article.text, blocks(article.text), article.title)}
    assert ("ESCAPE CHARACTERS",) in found
    # Elsewhere a line in capitals over an indented one is a definition's term (Mercurial's
    # reStructuredText: "HGRCPATH" over its description), not a heading.
    rest = "Environment\n===========\n\nHGRCPATH\n    A list of files to search for configuration files.\n"
    assert [b.kind for b in blocks(rest)] == ["heading", "prose"]
    # A word `man` hyphenated at a line's end (U+2010) matches whole, also once the line
    # break is shown as a space: rsync's "...skip any files which exist on the destina‐".
    assert "function" in terms(article.text) and "function" in terms("func\u2010 tions")


def test_a_man_pages_subsection_heading_and_short_option_descriptions(tmp_path):
    # tar's man page (trial 13): "   Compression options" (left of the text's indent) was
    # glued to the next option's sentence, and "-J, --xz" over "Filter the archive through
    # xz(1)." (five words) or "--lzip Filter the archive through lzip(1)." was code.
    page = ("TAR(1)                  GNU TAR Manual                  TAR(1)\n\n"
            "NAME\n       tar - an archiving utility\n\n"
            "OPTIONS\n   Compression options\n       -a, --auto-compress\n"
            "              Use archive suffix to determine the compression program.\n\n"
            "       -J, --xz\n              Filter the archive through xz(1).\n\n"
            "       --lzip Filter the archive through lzip(1).\n\n"
            "       ServerAliveInterval\n              Sets a timeout interval in seconds.\n")
    said = [" ".join(page[a:b].split()) for a, b in sentences(page)]
    assert "-a, --auto-compress Use archive suffix to determine the compression program." in said
    assert "-J, --xz Filter the archive through xz(1)." in said
    assert "--lzip Filter the archive through lzip(1)." in said
    headings = [page[b.start:b.end] for b in blocks(page) if b.kind == "heading"]
    assert headings == ["NAME", "OPTIONS", "Compression options"]  # (not "ServerAliveInterval": at the text's indent)
    # jq's: an option under a "○" bullet, its description a paragraph below.
    jq = ("JQ(1)                  jq                  JQ(1)\n\nNAME\n       jq - Command-line JSON processor\n\n"
          "       ○   --raw-output / -r:\n\n           With this option, if the filter's result is a string then it "
          "will\n           be written directly to standard output.\n")
    said = [" ".join(jq[a:b].split()) for a, b in sentences(jq)]
    assert "--raw-output / -r: With this option, if the filter's result is a string then it will be written " \
           "directly to standard output." in said
    # restic's (trial 21), a --help list: the description beside its option, lower case
    # and without a full stop, was code, so no sentence gave --max-unused's "5%".
    restic = ("restic backup(1)                          restic backup(1)\n\nNAME\n"
              "       restic-prune - Remove unneeded data from the repository\n\nOPTIONS\n"
              "       -h, --help[=false]      help for prune\n\n"
              "       --max-unused=\"5%\"       tolerate  given  limit of unused data (absolute\n"
              "       value in bytes with suffixes k/K, m/M, g/G, t/T, a value in  %  or  the\n"
              "       word 'unlimited')\n\n"
              "       --key-hint=\"\"      key ID of key  to  try  decrypting  first  (default:\n"
              "       $RESTIC_KEY_HINT)\n")
    said = [" ".join(restic[a:b].split()) for a, b in sentences(restic)]
    assert any(s.startswith('--max-unused="5%" tolerate given limit of unused data') for s in said)
    assert not any("$RESTIC_KEY_HINT" in s for s in said)  # (a shell's mark: still code)


def test_html_headings_in_markdown_and_a_list_of_links_into_the_page(tmp_path):
    # ripgrep's FAQ.md (trial 14): "<h3 name="order">" over its question was text, so no
    # passage had a section and the tags were quoted; its contents, a list of
    # "[question](#anchor)" links, were split into fragments of sentences.
    page = tmp_path / "FAQ.md"
    page.write_text(
        "## FAQ\n\n* [Does ripgrep support configuration files?](#config)\n* [How can I get results in a "
        "consistent order?](#order)\n\n\n<h3 name=\"order\">\nHow can I get results in a consistent order?\n</h3>\n\n"
        "You can achieve this with the `--sort path` flag.\n\n<h4>Inline <code>-f</code> heading</h4>\n\nMore text follows here.\n",
        encoding="utf-8")
    article = load_article(page)
    text = article.text
    headings = [text[b.start:b.end] for b in blocks(text) if b.kind == "heading"]
    assert headings == ["FAQ", "How can I get results in a consistent order?", "Inline <code>-f</code> heading"]
    assert sections(text, blocks(text))[-1].path == ("FAQ", "How can I get results in a consistent order?", "Inline -f heading")
    assert one_line_sentences(text) == ["You can achieve this with the `--sort path` flag.", "More text follows here."]
    assert chunk_article(article, 200, 40)[0].section == "How can I get results in a consistent order?"  # (under the title)


INFO = """\
\x1f
File: sed.info,  Node: Exit status,  Next: sed scripts,  Prev: Invoking sed,  Up: Top

2.3 Exit status
===============

* Menu:

* BRE vs ERE::               Basic (BRE) and extended (ERE) regular expression
                             syntax
* Command-Line Options::     The options sed takes.

An exit status of zero indicates success, and a nonzero value indicates
failure.

     Be cautious of using '-n' with '-i': the former disables automatic
     printing of lines and the latter changes the file in-place without
     a backup.  Used carelessly, the output file will be empty:
          # WRONG USAGE: 'FILE' will be truncated.
          sed -ni 's/foo/bar/' FILE
"""


def test_gnu_info_node_headers_and_menus_are_furniture_and_an_example_is_code():
    # Blind trial 16 (sed and coreutils info manuals): "File: coreutils.info,  Node: ..."
    # was a whole answer; and the warning that '-n' with '-i' empties the file was read as
    # code with the example under it, so it never answered.
    said = one_line_sentences(INFO)
    assert not [s for s in said if "Node:" in s or "Menu" in s or "::" in s or s == "syntax"], said
    assert "An exit status of zero indicates success, and a nonzero value indicates failure." in said
    assert any(s.startswith("Be cautious of using") for s in said), said
    assert not any("sed -ni" in s for s in said)
    assert section_at(sections(INFO, blocks(INFO)), INFO.index("An exit status")) == ("2.3 Exit status",)
    # (Outside an Info file, "* Name:: text" is a list item and an indented paragraph is judged as before.)
    plain = INFO.replace("File: sed.info", "Files: sed.info")
    assert any("Command-Line Options" in s for s in one_line_sentences(plain))


INFO_TOP = """\
This is coreutils.info, produced by makeinfo version 6.7 from
coreutils.texi.

This manual documents version 9.1 of the GNU core utilities.

     Permission is granted to copy this document.
INFO-DIR-SECTION Basics
START-INFO-DIR-ENTRY
* Coreutils: (coreutils).       Core GNU (file, text, shell) utilities.
END-INFO-DIR-ENTRY

\x1f
File: coreutils.info,  Node: Top,  Next: Introduction,  Up: (dir)

GNU Coreutils
*************

‘-i[SUFFIX]’
     This option specifies that files are to be edited in-place.

     This option implies ‘-s’.
"""


def test_an_info_manual_is_titled_by_its_top_node_and_its_preamble_is_furniture(tmp_path):
    # An Info file opens with "This is coreutils.info, produced by makeinfo ..." (wrapped)
    # and its entry in the directory of manuals: neither is a sentence nor the title, which
    # is the top node's heading. A short paragraph going on with an entry's description at
    # its indent is prose ("This option implies '-s'."), not code.
    said = one_line_sentences(INFO_TOP)
    assert not [s for s in said if "makeinfo" in s or "texi" in s or "INFO-DIR" in s or "Coreutils:" in s], said
    assert said[-1] == "This option implies ‘-s’.", said
    page = tmp_path / "coreutils.txt"
    page.write_text(INFO_TOP, encoding="utf-8")
    assert load_article(page).title == "GNU Coreutils"
    # (Indented under a paragraph of text outside an Info file, a short line stays code.)
    assert "This option implies ‘-s’." not in one_line_sentences(INFO_TOP.replace("File: coreutils.info", "Files: x"))
    # Blind trial 25: a later file of a manual split in several (make.info-2) opens with the
    # same preamble and has no top node: it was titled "This is make.info, produced by...";
    # then by its first chapter alone, "5 Writing Recipes", which showed the chapters after
    # it inside it (trial 26: "6 Date input formats > 8 Reference > 8.4 Invoking 'xargs'").
    later = INFO_TOP.replace("coreutils.info,  Node: Top,  Next: Introduction,  Up: (dir)",
                             "coreutils.info-2,  Node: Recipes,  Next: Using Variables,  Up: Top")
    page.write_text(later.replace("GNU Coreutils\n*************", "5 Writing Recipes\n*****************"), encoding="utf-8")
    assert load_article(page).title == "coreutils.info (from 5 Writing Recipes)"


def test_a_man_page_header_without_a_middle_or_with_a_spaced_name_is_the_header(tmp_path):
    # Blind trial 17 (nft(8), ufw-framework(8) as `man -l` prints them): "NFT(8)   NFT(8)"
    # and "UFW FRAMEWORK(8)   May 2023   UFW FRAMEWORK(8)" were not read as the header, so
    # the page was no man page: its title was the header, "DESCRIPTION" the first word of a
    # sentence. A NAME that wraps titles the page whole.
    for header in ["NFT(8)" + " " * 66 + "NFT(8)", "UFW FRAMEWORK(8)                   May 2023" + " " * 19 + "UFW FRAMEWORK(8)"]:
        page = (f"{header}\n\nNAME\n       nft - Administration tool of the nftables framework for packet\n"
                "       filtering and classification\n\nDESCRIPTION\n"
                "       nft is the command line tool used to set up, maintain and inspect\n"
                "       packet filtering and classification rules in the Linux kernel.\n\n"
                "                                  09/16/2023                            NFT(8)\n")
        said = one_line_sentences(page)
        assert said == ["nft is the command line tool used to set up, maintain and inspect packet filtering and "
                        "classification rules in the Linux kernel."], said  # (the NAME line is the title)
        path = tmp_path / "nft.8.txt"
        path.write_text(page, encoding="utf-8")
        article = load_article(path)
        assert article.title == "nft - Administration tool of the nftables framework for packet filtering and classification"
        assert sections(article.text, blocks(article.text), article.title)[-1].path == ("DESCRIPTION",)


def test_a_caption_is_no_heading_and_a_titles_badge_and_alternating_underline_are_read(tmp_path):
    # Blind trials 17 and 18: DocBook's "Example 12. Usage of --show-summary" and CUPS's
    # "Table 3: Outgoing Ports..." headed the options and prose after their example or
    # table; rsnapshot's README was titled with its build badge's Markdown; screen's FAQ,
    # underlined "=-=-=-", by the date at the right margin above it ("jw  21.10.93").
    text = ("Options\n=======\n\n--show-summary\n    Show the reasons.\n\nExample 12. Usage of --show-summary\n\n"
            "    $ aptitude -v --show-summary why foo\n\n-t release\n    The release to install from.\n")
    assert [text[b.start:b.end] for b in blocks(text) if b.kind == "heading"] == ["Options"]
    assert section_at(sections(text, blocks(text)), text.index("The release")) == ("Options",)
    for name, body, title in [
            ("README.md", "# RSNAPSHOT [![Build Status](https://ci.example/x.png)](https://ci.example/x)\n\nrsnapshot "
                          "is a filesystem snapshot utility.\n", "RSNAPSHOT"),
            ("FAQ.txt", " " * 68 + "jw  21.10.93\n\n   screen: frequently asked questions -- known problems\n"
                        + "=-" * 27 + "=\n\nQ:   Why is it impossible?\n\nA:   Screen always interprets sequences.\n",
             "screen: frequently asked questions -- known problems"),
            ("Upgrading.txt", "Starting with rsnapshot 1.2.0, the default value for\n\"rsync_long_args\" has changed.\n",
             'Starting with rsnapshot 1.2.0, the default value for "rsync_long_args" has changed')]:
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        assert load_article(path).title == title


def test_mixed_case_man_headings_faq_question_headings_and_lines_that_are_no_headings():
    # Blind trial 19 (mc(1) and mc's FAQ as plain text): the man page's sections written in
    # mixed case ("Mouse Support") were not headings, so all of the page sat under OPTIONS;
    # in the FAQ, an indented answer line ("   The main site is https://...") and a line of
    # two sentences were headings, and the numbered questions were not.
    def headings(text):
        return [" ".join(text[b.start:b.end].split()) for b in blocks(text) if b.kind == "heading"]

    page = ("MC(1)                       GNU Midnight Commander                       MC(1)\n\n"
            "NAME\n       mc - Visual shell for Unix-like systems.\n\n"
            "OPTIONS\n       -x, --xterm\n              Forces xterm mode.\n\n"
            "Mouse Support\n       The program supports the mouse when it runs in an xterm.\n\n"
            "TLS (SSL) QUICKSTART\n       Your distribution should have come with a README.SSL file.\n")
    assert headings(page) == ["NAME", "OPTIONS", "Mouse Support", "TLS (SSL) QUICKSTART"]
    faq = ("GNU Midnight Commander\nFrequently Asked Questions\n\n"
           "1.6 Where can I get GNU Midnight Commander?\n\n"
           "   The main site is https://www.midnight-commander.org\n\n"
           "1.7 I cannot compile MC.  What should I do?\n\n"
           "   Make sure you have read the INSTALL file in the sources.\n\n"
           "6.9 Screen blanks the output\n\n"
           "  Update GNU Screen to the last version. This bug was fixed in\n\n"
           "   commit ad56f746c6243d45124485d198d577bdbb78071c\n")
    assert headings(faq) == ["1.6 Where can I get GNU Midnight Commander?", "1.7 I cannot compile MC. What should I do?",
                             "6.9 Screen blanks the output"], headings(faq)
    # (A numbered question with a comma or a closing bracket is one too.)
    more = faq.replace("1.6 Where can I get GNU Midnight Commander?", "1.6 If I need it, where can I get MC (the latest)?")
    assert headings(more)[0] == "1.6 If I need it, where can I get MC (the latest)?", headings(more)


def test_a_tables_header_a_root_prompts_command_and_a_lead_in_are_no_headings():
    # chrony's FAQ as plain text (blind trial 20): a table's header over its "=====" line, a
    # command after a root prompt ("# chronyd -q ...") and a lead-in standing alone ("An
    # example configuration of the client instance could be") were headings, the first of
    # them the parent of every later section.
    text = ("Frequently Asked Questions\n\n2.8. Does chronyd have an ntpdate mode?\n\n"
            "Yes. With the -q option chronyd will set the system clock once and exit. For example:\n\n"
            "# chronyd -q 'pool pool.ntp.org iburst'\n\n"
            "The command above would normally take about 5 seconds.\n\n"
            "An example configuration of the client instance could be\n\npool pool.ntp.org iburst\n\n"
            "For example, if the sourcestats command showed\n\n"
            "Name/IP Address            NP  NR  Span  Frequency  Freq Skew  Offset  Std Dev\n"
            "==============================================================================\n"
            "PPS0                        0   0     0     +0.000   2000.000     +0ns  4000ms\n\n"
            "2.9. Can chronyd be configured to control the clock like ntpd?\n\nIt is not possible.\n")
    found = [text[b.start:b.end] for b in blocks(text) if b.kind == "heading"]
    assert found == ["Frequently Asked Questions", "2.8. Does chronyd have an ntpdate mode?",
                     "2.9. Can chronyd be configured to control the clock like ntpd?"], found
    # (A Markdown heading in lower case, and one in columns of single spaces, still are.)
    assert [b.kind for b in blocks("# rsync\n\nIt copies files.\n")] == ["heading", "prose"]
    assert [b.kind for b in blocks("Name and Address\n================\n\nText.\n")] == ["heading", "prose"]


def test_numbered_headings_appendix_letters_and_abbreviations_stay_headings():
    # Review of session 32's rules: one gap in a line ("2.1   Installation") is a numbered
    # heading's, not columns; "Appendix A" does not stop mid-sentence ("a" in lower case
    # does); "vs." and "etc." end no sentence.
    def headings(text):
        return [" ".join(text[b.start:b.end].split()) for b in blocks(text) if b.kind == "heading"]

    for title in ["2.1   Installation", "Chapter 3   Setup", "Appendix A", "Part A", "Git vs. Mercurial",
                  "Editors etc. Compared"]:
        text = f"{title}\n{'=' * len(title)}\n\nSome text follows the heading here.\n"
        assert headings(text) == [" ".join(title.split())], (title, headings(text))
    assert headings("Appendix A\n\nSome text follows the heading here.\n") == ["Appendix A"]
    assert headings("Part A\n\nSome text follows the heading here.\n") == ["Part A"]
    # (A line in three columns over its underline is still a table's header.)
    table = "Name   Size   Kind\n==================\n\nSome text follows the table here.\n"
    assert headings(table) == []


def test_a_prefix_before_and_is_no_broken_word_and_inline_code_opens_no_fence():
    # Review of session 32: `man`'s hyphen before "and" is a prefix's ("pre‐ and post‐"),
    # and a line opening with inline code ("```a``` b") is prose, not a fence to drop.
    assert as_prose("both pre\u2010 and post\u2010\n       processing hooks.") == "both pre\u2010 and postprocessing hooks."
    assert as_prose("Write it as\n```x``` in the\nfile.") == "Write it as ```x``` in the file."


def test_a_debian_changelogs_entry_lines_and_a_root_prompts_command_are_no_text():
    # openvpn's NEWS.Debian and README.Debian (blind trial 21): the entries' header and
    # trailer lines were glued to sentences ("-- Jörg Frings-Fürst <debian@jff.email> Sat, 02
    # May 2020 18:14:36 +0200 openvpn (2.4.0-4) unstable; urgency=medium"), and a root
    # prompt's "# systemctl edit openvpn@.service" headed the rest of the file.
    news = ("openvpn (2.4.9-3) unstable; urgency=medium\n\n"
            "  To ensure the functionality of OpenVPN connections during an update,\n"
            "  OpenVPN is not restarted after the update since this version.\n\n"
            " -- J\u00f6rg Frings-F\u00fcrst <debian@jff.email>  Sat, 02 May 2020 18:14:36 +0200\n\n"
            "openvpn (2.4.0-4) unstable; urgency=medium\n\n"
            "  If you're upgrading a previous OpenVPN installation, you should check your CRL file.\n")
    kinds = [(b.kind, news[b.start:b.end].split()[0]) for b in blocks(news)]
    assert kinds == [("markup", "openvpn"), ("prose", "To"), ("markup", "--"), ("markup", "openvpn"), ("prose", "If")], kinds
    readme = ("Limits\n======\n\nTo change the limits, run\n\n# systemctl edit openvpn@.service\n\n"
              "and add the lines below to the file.\n")
    assert [readme[b.start:b.end] for b in blocks(readme) if b.kind == "heading"] == ["Limits"]


def test_a_rest_comment_and_the_lines_indented_under_it_are_markup():
    # restic's guides (blind trial 21) open on a comment (".." over indented lines listing
    # underline characters): its lines read as text and items, and the page's title,
    # "Backing up" between "#" lines, was lost to the file's name.
    text = ("..\n  Normally, there are no heading levels assigned to certain characters.\n\n"
            "  # with overline, for parts\n  * for chapters\n\n"
            "##########\nBacking up\n##########\n\nNow we're ready to backup some data.\n\n"
            ".. A one-line comment\n\nThe end.\n")
    found = [(b.kind, " ".join(text[b.start:b.end].split())[:20]) for b in blocks(text)]
    assert found[:3] == [("markup", ".. Normally, there a"), ("heading", "Backing up"), ("prose", "Now we're ready to b")], found
    assert ("markup", ".. A one-line commen") in found and ("prose", "The end.") in found, found


def test_a_man_pages_files_are_described_in_words_without_a_full_stop():
    # Trial 22 (irssi's man page): "~/.irssi/scripts/autorun/" over "directory containing
    # links to scripts that should be loaded automatically on startup" was code, and the
    # answer quoted the first entry, which alone read as prose.
    text = ("IRSSI(1)                 General Commands Manual                 IRSSI(1)\n\n"
            "NAME\n       irssi - a modular IRC client\n\n"
            "FILES\n       ~/.irssi/config\n              personal configuration file\n\n"
            "       ~/.irssi/scripts/autorun/\n              directory containing links to scripts that should be loaded\n"
            "              automatically on startup\n\n"
            "       make install\n              cc -o irssi main.c\n\n"
            "Irssi IRC client                   June 2015                          IRSSI(1)\n")
    said = [" ".join(text[a:b].split()) for a, b in sentences(text)]
    assert "~/.irssi/scripts/autorun/ directory containing links to scripts that should be loaded automatically " \
           "on startup" in said, said
    assert not any("cc -o" in s for s in said)  # (two words of code are no description)


INDENTED_MANUAL = (
    " Irssi 0.8 documentation\n\n"
    " 0. Generic babbling\n\n"
    " 0.1 History\n\n"
    "\tHello. I started my own IRC client in spring 1998 and called it yagIRC\n"
    "\t(yes, it was a mess)\n\n"
    " 3. Flood protection\n\n"
    " 3.3 Detecting floods\n\n"
    "\tIrssi counts the messages each user sends, and ignores a flooder\n"
    "\tfor a while: these settings decide when\n\n"
    "\t/SET flood_max_msgs = <count>, default is 4\n"
    "\t/SET flood_timecheck = <seconds>, default is 8\n\n"
    "\tA user sending more messages than that is flooding.\n"
)


def test_a_text_indented_as_a_whole_reads_from_its_margin():
    # Trial 22 (irssi's manual: every paragraph a tab in, its numbered headings to the left
    # of it): its paragraphs were code wherever they did not end as a sentence, its
    # headings prose, and every passage's section was the copyright line at its top.
    found = blocks(INDENTED_MANUAL)
    headings = [INDENTED_MANUAL[b.start : b.end] for b in found if b.kind == "heading"]
    assert headings == ["Irssi 0.8 documentation", "0. Generic babbling", "0.1 History", "3. Flood protection",
                        "3.3 Detecting floods"], headings
    kinds = {INDENTED_MANUAL[b.start : b.end].split()[0]: b.kind for b in found}
    assert kinds["Hello."] == "prose" and kinds["Irssi"] == "prose" and kinds["A"] == "prose", kinds
    assert kinds["/SET"] == "code"  # (code at the margin, by its look)
    all_sections = sections(INDENTED_MANUAL, found)
    assert section_at(all_sections, INDENTED_MANUAL.index("Irssi counts"))[-2:] == ("3. Flood protection",
                                                                                   "3.3 Detecting floods")


def test_a_man_pages_subsection_headings_may_stand_one_over_another():
    # Trial 22 (rclone's man page): "   Limitations" over "   Directory timestamps aren't
    # preserved" over its text were one sentence with it.
    text = ("RCLONE(1)                 User Manual                 RCLONE(1)\n\n"
            "NAME\n       rclone - rsync for cloud storage\n\n"
            "Bugs and Limitations\n   Limitations\n   Directory timestamps aren't preserved\n"
            "       Rclone doesn't currently preserve the timestamps of directories.  This\n"
            "       is because rclone only really considers objects when syncing.\n\n"
            "rclone 1.60                    Nov 2022                    RCLONE(1)\n")
    found = blocks(text)
    assert [text[b.start : b.end] for b in found if b.kind == "heading"] == [
        "NAME", "Bugs and Limitations", "Limitations", "Directory timestamps aren't preserved"]
    said = [" ".join(text[a:b].split()) for a, b in sentences(text)]
    assert said == ["Rclone doesn't currently preserve the timestamps of directories.",
                    "This is because rclone only really considers objects when syncing."], said


def test_a_man_pages_subsection_may_be_named_in_lower_case():
    # Trial 30 (iptables-extensions(8)): each module's name ("   limit") heads its
    # subsection; it was read into its first sentence ("multiport This module matches...")
    # and every passage sat under "MATCH EXTENSIONS", limit's beside hashlimit's.
    text = ("iptables-extensions(8)          iptables 1.8.9          iptables-extensions(8)\n\n"
            "NAME\n       iptables-extensions - list of extensions in the standard iptables distribution\n\n"
            "MATCH EXTENSIONS\n   limit\n       This module matches at a limited rate using a token bucket filter.\n\n"
            "       --limit-burst number\n              Maximum initial number of packets to match; the default is 5.\n\n"
            "   multiport\n       This module matches a set of source or destination ports.  Up to 15 ports\n"
            "       can be specified.\n\n       [!] --source-ports,--sports port[,port|,port:port]...\n"
            "              Match if the source port is one of the given ports.\n\n"
            "iptables 1.8.9                                          iptables-extensions(8)\n")
    found = blocks(text)
    assert [text[b.start : b.end] for b in found if b.kind == "heading"] == ["NAME", "MATCH EXTENSIONS", "limit", "multiport"]
    said = [" ".join(text[a:b].split()) for a, b in sentences(text)]
    assert "This module matches a set of source or destination ports." in said, said
    # A parameter's name over the one paragraph describing it is an entry's term (review:
    # tc-fq(8)'s "   quantum").
    fq = ("TC-FQ(8)                         Linux                         TC-FQ(8)\n\n"
          "NAME\n       FQ - Fair Queue traffic policing\n\nPARAMETERS\n"
          "   limit\n       Hard limit on the real queue size. Default is 10000 packets.\n\n"
          "   quantum\n       The credit per dequeue RR round. Default is 2 * interface MTU bytes.\n\n"
          "iproute2                        10 Sep 2015                       TC-FQ(8)\n")
    assert [fq[b.start : b.end] for b in blocks(fq) if b.kind == "heading"] == ["NAME", "PARAMETERS"]


@pytest.mark.parametrize("text, code", [
    # Review of session 34: texts whose lines are mostly indented for other reasons.
    ("# Install\n\nRun these commands:\n\n    sudo apt install nginx\n    sudo systemctl enable nginx\n"
     "    sudo systemctl start nginx\n\nThen check it:\n\n    curl localhost\n    journalctl -u nginx\n"
     "    tail access log\n", "sudo apt install nginx"),
    ("Exceptions\n==========\n\nThe hierarchy is::\n\n    ResolutionError\n    ExtractionError\n    UnknownExtra\n\n"
     "Install it with::\n\n    pip install example\n    pip install example-extras\n", "pip install example"),
    ("foo (1.2-1) unstable; urgency=medium\n\n    The configuration file moved to /etc/foo/foo.conf, and the\n"
     "    old one is read no more.\n\n -- Jane Doe <jane@example.org>  Sat, 02 May 2020 10:00:00 +0200\n\n"
     "foo (1.1-1) unstable; urgency=medium\n\n    The daemon now runs as its own user, not as root, and\n"
     "    its files are owned by it.\n\n -- Jane Doe <jane@example.org>  Fri, 01 May 2020 10:00:00 +0200\n", None),
    (" Settings\n\n\tEach setting is given on a line of its own with its value.\n\n\tName        Default     Meaning\n"
     "\tport        6667        the server's port\n\ttimeout     300         seconds before giving up\n\n"
     "\tChanges are saved when you leave, and read again when you start.\n", "port        6667"),
])
def test_a_margin_is_read_only_where_headings_stand_left_of_indented_prose(text, code):
    said = [" ".join(text[a:b].split()) for a, b in sentences(text)]
    if code is not None:
        assert not any(code.split()[0] in s.split() for s in said), said
    else:
        assert not any("Jane Doe" in s for s in said), said  # (the trailer stays markup)
        assert "The daemon now runs as its own user, not as root, and its files are owned by it." in said, said


def test_a_man_page_term_over_shell_code_is_no_description():
    # Review of session 34: gapplication(1)'s '-*)' over 'echo "unrecognised commandline
    # argument"' and ';;' read as an entry's prose.
    text = ("GAPPLICATION(1)          User Commands          GAPPLICATION(1)\n\n"
            "NAME\n       gapplication - D-Bus application launcher\n\n"
            "EXAMPLES\n       case \"$1\" in\n\n       -*)\n              echo \"unrecognised commandline argument\"\n"
            "              exit 1\n              ;;\n\n"
            "GLib                                                GAPPLICATION(1)\n")
    said = [" ".join(text[a:b].split()) for a, b in sentences(text)]
    assert not any("echo" in s for s in said), said


def test_a_table_of_commands_described_after_a_dash_is_read_row_by_row():
    # Trial 22 (irssi's startup HOWTO): "/DISCONNECT network   - disconnect server..." and
    # the rows under it were one sentence, and the last row ran on into the next paragraph.
    text = ("To disconnect one of the servers, or to stop irssi from reconnecting, use\n\n"
            "/DISCONNECT network   - disconnect server with tag \"network\"\n"
            "/DISCONNECT recon-1  - stop trying to reconnect to RECON-1 server\n"
            "/RMRECONNS           - stop all server reconnections\n"
            "/RECONNECT ALL       - immediately try reconnecting back to all\n"
            "                       servers in reconnection queue\n\n"
            "Easiest way to start logging is to use autologging.\n\n"
            "Prices rose - and fell - over the year, as they do\nin most years - or so we are told.\n")
    said = [" ".join(text[a:b].split()) for a, b in sentences(text)]
    assert said == ["To disconnect one of the servers, or to stop irssi from reconnecting, use",
                    "/DISCONNECT network - disconnect server with tag \"network\"",
                    "/DISCONNECT recon-1 - stop trying to reconnect to RECON-1 server",
                    "/RMRECONNS - stop all server reconnections",
                    "/RECONNECT ALL - immediately try reconnecting back to all servers in reconnection queue",
                    "Easiest way to start logging is to use autologging.",
                    "Prices rose - and fell - over the year, as they do in most years - or so we are told."], said



@pytest.mark.parametrize("text, said", [
    # Review of session 34: a list's items are read as a list, dash or not; a tab aligns.
    ("Steps:\n\n1. Install  - run make install\n2. Configure - edit the file\n\nDone.\n",
     ["Steps:", "Install  - run make install", "Configure - edit the file", "Done."]),
    ("Changes:\n\n- Fixed the parser  - it crashed\n  - on empty input\n  - on huge input\n\nDone.\n",
     ["Changes:", "Fixed the parser  - it crashed", "on empty input", "on huge input", "Done."]),
    ("Files\n\nREADME\t- this file\nCOPYING\t- the license\n\nDone here.\n",
     ["README\t- this file", "COPYING\t- the license", "Done here."]),
])
def test_a_lists_items_with_a_dash_stay_a_list_and_a_tab_aligns_a_table(text, said):
    assert [text[a:b] for a, b in sentences(text)] == said


def test_a_title_under_a_rule_boxed_between_rules_or_numbered_and_underlined(tmp_path):
    # Exim's spec.txt (trial 28) opens each chapter with a row of "=" over "30. THE SMTP
    # TRANSPORT": it was a list's item, the file titled by the rule itself.
    exim = ("=" * 79 + "\n30. THE SMTP TRANSPORT\n\nThe smtp transport delivers messages over TCP/IP.\n\n\n"
            "30.1 Multiple messages on a single connection\n---------------------------------------------\n\n"
            "The sending of multiple messages can arise in two ways.\n")
    path = tmp_path / "exim4-spec-ch30.txt"
    path.write_text(exim, encoding="utf-8")
    article = load_article(path)
    assert article.title == "30. THE SMTP TRANSPORT"
    found = sections(exim, blocks(exim), "Exim")
    assert section_at(found, exim.index("The sending")) == ("30. THE SMTP TRANSPORT", "30.1 Multiple messages on a single connection")
    # haproxy's configuration.txt (trial 27): a title page boxed between two rules, and a
    # numbered heading underlined ("8. Logging" was an item over a rule).
    haproxy = ("                         ----------------------\n                                HAProxy\n"
               "                          Configuration Manual\n                         ----------------------\n"
               "                              version 2.6\n\n\nThis document covers the configuration language.\n")
    path = tmp_path / "configuration.txt"
    path.write_text(haproxy, encoding="utf-8")
    assert load_article(path).title == "HAProxy Configuration Manual"
    logging = "8. Logging\n----------\n\nOne of HAProxy's strong points certainly lies is its precise logs.\n"
    assert [(b.kind, logging[b.start:b.end]) for b in blocks(logging)][0] == ("heading", "8. Logging")
    # (Later in a text, rules around a line are an example's: reST's adornments.)
    example = "Use these styles::\n\n    ================\n     Document Title\n    ================\n"
    assert not any(b.kind == "heading" for b in blocks(example))
    # Review of 3f4f1f8: a rule over a line that is no chapter's title (a footer, a Markdown
    # section's short line) is no overline; a loose list's item over a Markdown rule is no heading.
    markdown = "# Tool\n\n## Install\n\n----------------\nCaveats\n\nIt breaks.\n\n## Usage\n\nRun it.\n"
    assert section_at(sections(markdown, blocks(markdown)), markdown.index("Run it")) == ("Tool", "Usage")
    for text in ("--------------------\nPosted by John Smith\n\n",
                 "How to install:\n\n1. Download the archive\n\n2. Unpack it into your home\n---\n\nDone.\n",
                 "------------------------------\n1. Download the tarball\n\n2. Unpack it\n\n3. Run it\n"):
        assert not any(b.kind == "heading" for b in blocks(text)), text


def test_a_linuxdoc_faqs_numbered_questions_are_headings_however_they_read():
    # slrn's FAQ (trial 27), as linuxdoc prints it, two spaces in: "6.2.  Non US-ASCII
    # characters are displayed incorrectly." (a sentence), "6.  I found a bug in slrn !!!",
    # a question wrapped on two lines and one over its example were text, so their answers
    # were filed under the question before.
    faq = ("  5.  slrnpull\n\n  5.1.  What is slrnpull ?\n\n  slrnpull is a small program.\n\n"
           "  6.  I found a bug in slrn !!!\n\n  First, please check the list.\n\n"
           "  6.1.  slrn hangs infinitely when I press the delete key\n\n  This is a known bug.\n\n"
           "  6.2.  Non US-ASCII characters are displayed incorrectly.\n\n  Most such problems should disappear.\n\n"
           "  6.3.  How can I test whether my regular expressions do what I expect\n  them to do?\n\n"
           "  Use rgrep.\n\n"
           "  6.4.  How do I score articles from a specific site?\n\n          Score: -9999\n\n"
           "  Then restart.\n\n"
           "  A list of steps:\n\n  7. Run it.\n\n  8. Check it.\n")
    found = sections(faq, blocks(faq))
    assert section_at(found, faq.index("Most such")) == ("6. I found a bug in slrn !!!",
                                                        "6.2. Non US-ASCII characters are displayed incorrectly.")
    assert section_at(found, faq.index("Use rgrep"))[-1] == \
        "6.3. How can I test whether my regular expressions do what I expect them to do?"
    assert section_at(found, faq.index("Then restart"))[-1] == "6.4. How do I score articles from a specific site?"
    # (A loose list's items, numbered on, are no headings.)
    assert section_at(found, faq.index("Check it")) == section_at(found, faq.index("Then restart"))
    # Review of 77812b4: a list's items whose numbers go up past the last heading's are no
    # headings either: they do not come next ("3" after "1.1"), or follow a lead or an item.
    for text in ("1. Introduction\n\n1.1 Install\n\nSteps:\n\n1. Download.\n2. Unpack.\n3. Run the installer from that "
                 "folder.\n\nThe installer asks questions.\n",
                 "1. Intro\n\n1.1 Troubleshooting\n\nCheck these:\n\n1. Is the server up?\n\n2. Is the port open for "
                 "incoming\n   connections?\n\n3. Is the firewall off?\n\nThen retry.\n"):
        assert [text[b.start:b.end] for b in blocks(text) if b.kind == "heading"][2:] == [], text


def test_vim_help_examples_are_code_and_its_links_open_no_table_rows():
    # Vim's fold.txt (trial 27): two examples after "Examples: >" were read as one 476-character
    # sentence with the text after them, and "|foldlevel()| can be useful..." was a table row.
    text = ("*fold.txt*      For Vim version 9.0.  Last change: 2023 Jan 29\n\n"
            "If the 'foldexpr' expression starts with s: or |<SID>|, then it is replaced\n"
            "with the script ID (|local-function|). Examples: >\n"
            "\t\tset foldexpr=s:MyFoldExpr()\n\t\tset foldexpr=<SID>SomeFoldExpr()\n<\n"
            "An example of using \"a1\" and \"s1\": a line containing \"/*\" would return \"a1\": >\n"
            "  if match(thisline, '/\\*') >= 0\n    return 'a1'\n  endif\n"
            "However, this won't work for single line comments, strings, etc.\n\n"
            "|foldlevel()| can be useful to compute a fold level relative to a previous\nfold level.\n")
    said = one_line_sentences(text)
    assert "However, this won't work for single line comments, strings, etc." in said
    assert "|foldlevel()| can be useful to compute a fold level relative to a previous fold level." in said
    assert not [s for s in said if "set foldexpr" in s or "return 'a1'" in s], said
    # (A table's rows stay a table in Vim's help too: os_vms.txt's "| TOR | VMS V7.3-2 |".)
    boxed = "*os_vms.txt*   For Vim version 9.0.\n\n+-----+-----------+\n| TOR | VMS V7.3-2 |\n+-----+-----------+\n"
    assert "table" in [b.kind for b in blocks(boxed)]
    # (Elsewhere a line ending in ">" is text, and "|" opens a table's row.)
    other = "Redirect the output: >\n\tls > out.txt\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert [b.kind for b in blocks(other)][-1] == "table"


def test_a_key_tables_rows_apart_each_describe_their_term(tmp_path):
    # w3m's manual (trial 35, B02): a table of functions, keys and descriptions whose rows
    # stand apart; "which key adds the current page to the bookmarks?" was answered with two
    # rows read as a header and its row ("BOOKMARK ADD_BOOKMARK, M-b M-a, ...").
    page = tmp_path / "MANUAL.html"
    page.write_text("<html><body><h1>Key bindings</h1><table><tr><td colspan=4><h3>Bookmark management</h3></td></tr>"
                    "<!-- <table> --><tr><td>BOOKMARK</td><td>M-b</td><td>v, M-b</td><td>View bookmarks</td></tr>"
                    "<!-- </table> --><!-- <table> --><tr><td>ADD_BOOKMARK</td><td>M-a</td><td>a, M-a</td>"
                    "<td>Add current page to bookmarks</td></tr><!-- </table> --></table></body></html>", encoding="utf-8")
    text = load_article(page).text
    said = [text[a:b] for a, b in sentences(text)]
    assert "ADD_BOOKMARK | M-a | a, M-a | Add current page to bookmarks" in said, (text, said)
    assert not any("View bookmarks" in s for s in said)  # (two words describe nothing: a row of data)
    page.write_text("<table><tr><td>backup2l</td><td>V:0, I:0</td><td>115</td><td>low-maintenance backup/restore "
                    "tool for mountable media (disk based)</td></tr></table><p>Backup tools.</p>", encoding="utf-8")
    text = load_article(page).text
    assert not any("backup2l" in text[a:b] for a, b in sentences(text))  # (the Debian Reference's packages: data)
    # A table of settings whose defaults are words stays a table (helper-100's review): its
    # header names the column a question asks for.
    page.write_text("<table><tr><th>Key</th><th>Default</th><th>Description</th></tr><tr><td>color</td><td>auto</td>"
                    "<td>Whether to colorize the output of every command.</td></tr><tr><td>pager</td><td>less</td>"
                    "<td>The program used to page long output.</td></tr></table>", encoding="utf-8")
    text = load_article(page).text
    assert not any("pager" in text[a:b] for a, b in sentences(text)), text
    assert [b.kind for b in blocks(text) if "pager" in text[b.start : b.end]] == ["table"]


def test_a_man_pages_comments_over_a_setting_are_its_description():
    # keepalived.conf(5) (trial 34, B04/B05/B09) documents its settings as an example
    # configuration: "# Set the default VRRP version to use" over "vrrp_version <2 or 3>" was
    # one block of code, so "Which VRRP version does keepalived use by default...?" had no
    # sentence to answer from. The comments are prose, read past their "#"; the setting and a
    # shell example's comment that says little stay code.
    text = ("KEEPALIVED.CONF(5)            File Formats Manual           KEEPALIVED.CONF(5)\n\n"
            "NAME\n       keepalived.conf - configuration file for Keepalived\n\n"
            "GLOBAL DEFINITIONS\n       The global definitions are:\n\n"
            "           # Set the default VRRP version to use\n"
            "           # (default: 2, but IPv6 instances will use version 3)\n"
            "           vrrp_version <2 or 3>\n\n"
            "           # sets the default interface for static addresses.\n"
            "           # (default: eth0)\n           default_interface p33p1.3\n\n"
            "           # build it\n           make -j4 install\n")
    said = [" ".join(text[a:b].split()) for a, b in sentences(text)]
    # (Each setting's comments are their own sentences, not one going on from the last: review.)
    assert "sets the default interface for static addresses." in said, said
    assert "Set the default VRRP version to use # (default: 2, but IPv6 instances will use version 3)" in said, said
    assert not any("vrrp_version" in s or "make" in s or "build it" in s for s in said), said
    # (Elsewhere a "#" comment in an indented example stays code.)
    plain = text.split("\n\n", 1)[1].replace("NAME", "Name")
    assert not any("VRRP" in " ".join(plain[a:b].split()) for a, b in sentences(plain))
