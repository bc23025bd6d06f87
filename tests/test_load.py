from pathlib import Path

import pytest

from rag.errors import LoadError
from rag.chunk import chunk_article
from rag.load import derive_title, discover, load_article
from rag.sentences import sentences
from rag.structure import blocks

from conftest import SEEDS

FIRST = SEEDS / "pakistan-must-do-three-things-to-expand-ties-with-russia.txt"
SECOND = SEEDS / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt"


def test_seed_text_is_the_file_decoded_byte_for_byte():
    article = load_article(FIRST)
    assert article.text.encode("utf-8") == FIRST.read_bytes()
    assert article.title == "Pakistan Must Do These Three Things In Order to Comprehensively Expand Ties With Russia"
    assert article.source.endswith("seeds/pakistan-must-do-three-things-to-expand-ties-with-russia.txt")
    assert len(article.content_hash) == 64


def test_without_a_title_line_the_file_name_or_first_sentence_is_the_title(tmp_path):
    # A file name of words, spelt as the text spells them ("the" opens sentences too).
    assert load_article(SECOND).title == "Putin and Sharif meet at the SCO Summit in Astana"
    # A name that says little (one word and numbers): the first sentence, clipped.
    note = tmp_path / "notes_2024_05.txt"
    note.write_text("South Asia observers were closely following the meeting between two leaders. More.\n", encoding="utf-8")
    assert load_article(note).title == "South Asia observers were closely following the meeting between two leaders"


def test_doc_id_is_stable_and_readable():
    assert load_article(FIRST).doc_id == load_article(FIRST).doc_id
    assert load_article(FIRST).doc_id.startswith("pakistan-must-do-three-things")
    assert load_article(FIRST).doc_id != load_article(SECOND).doc_id


def test_html_text_and_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Barter Trade</title><meta name='author' content='A. Writer'>"
        "<meta property='article:published_time' content='2024-07-05'>"
        "<link rel='canonical' href='https://example.org/barter'><script>var x=1;</script></head>"
        "<body><nav>Home | About</nav><h1>Barter Trade</h1><p>Fruit and leather went to Russia.</p>"
        "<p>Barter did not <b>surge</b>.</p></body></html>",
        encoding="utf-8",
    )
    article = load_article(page)
    assert article.title == "Barter Trade"
    assert article.metadata == {"author": "A. Writer", "date": "2024-07-05", "url": "https://example.org/barter"}
    assert "Fruit and leather went to Russia." in article.text
    assert "Barter did not surge." in article.text
    assert "var x" not in article.text and "Home | About" not in article.text


@pytest.mark.parametrize("title, h1, named", [
    ("imfile: Text File Input Module — rsyslog 8.2302.0 documentation", "imfile: Text File Input Module¶",
     "imfile: Text File Input Module"),  # (Sphinx: the site's name after the page's)
    ("Configuration Handling | Flask", "Configuration Handling", "Configuration Handling"),
    ("Barter: a history", "Barter", "Barter: a history"),  # (a title that goes on with words is the page's)
    ("Barter Trade in Asia", "Barter Trade", "Barter Trade in Asia"),
    ("C# — Language docs", "C#", "C#"),
])
def test_an_html_page_is_named_without_its_site(tmp_path, title, h1, named):
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>{title}</title></head><body><h1>{h1}</h1><p>Some text here.</p></body></html>",
                    encoding="utf-8")
    assert load_article(page).title == named


@pytest.mark.parametrize(
    "head, title, body",
    [
        ("title: Fruit\nauthor: Me\n\n", "Fruit", "Mangoes are sweet.\n"),  # MultiMarkdown style, no --- lines
        ("Note: not metadata\n\n", "Note: not metadata", "Note: not metadata\n\nMangoes are sweet.\n"),  # unknown key: text
    ],
)
def test_front_matter_without_dashes(tmp_path, head, title, body):
    md = tmp_path / "mangoes-and-other-fruit.md"
    md.write_text(head + "Mangoes are sweet.\n", encoding="utf-8")
    article = load_article(md)
    assert article.text[article.body_start:] == body
    assert article.title == title


def test_a_plain_text_article_may_open_with_a_key_and_colon(tmp_path):
    txt = tmp_path / "report.txt"
    txt.write_text("Date: the day the talks began\n\nThe talks began in Astana.\n", encoding="utf-8")
    article = load_article(txt)
    assert article.body_start == 0 and article.metadata == {}


def test_the_headers_of_a_saved_mail_are_metadata_not_the_title(tmp_path):
    # As git's how-tos open: the article was a mail; its title is the heading below.
    txt = tmp_path / "revert-branch-rebase.txt"
    txt.write_text("From: Junio C Hamano <gitster@example.com>\nTo: git@example.org\n"
                   "Subject: [HOWTO] Reverting an existing commit\nAbstract: In this article, JC gives\n"
                   " a small real-life example.\nDate: Mon, 29 Aug 2005 21:39:02 -0700\n\n"
                   "How to revert an existing commit\n================================\n\n"
                   "One of the changes I pulled into the 'master' branch turns out to break building.\n",
                   encoding="utf-8")
    article = load_article(txt)
    assert article.title == "How to revert an existing commit"
    assert article.text[article.body_start:].startswith("How to revert")
    assert article.metadata["subject"] == "[HOWTO] Reverting an existing commit"
    assert article.metadata["abstract"] == "In this article, JC gives a small real-life example."
    assert article.text == txt.read_text(encoding="utf-8")


def test_markdown_front_matter(tmp_path):
    md = tmp_path / "note.md"
    md.write_text("---\ntitle: A Note\nauthor: Me\ndate: 2024-01-02\n---\nBody text here.\n", encoding="utf-8")
    article = load_article(md)
    assert (article.title, article.metadata) == ("A Note", {"author": "Me", "date": "2024-01-02"})
    # The text is the file, exactly; chunking starts after the front matter.
    assert article.text == md.read_text(encoding="utf-8")
    assert article.text[article.body_start :] == "Body text here.\n"
    from rag.chunk import chunk_article

    assert [c.text for c in chunk_article(article, 200, 40)] == ["Body text here."]


def test_a_bom_stays_so_offsets_match_the_file(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffA Title Line\nBody sentence here.\n".encode("utf-8"))
    article = load_article(path)
    assert article.title == "A Title Line"
    assert article.text == path.read_bytes().decode("utf-8")


def test_a_file_named_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    assert len(list(discover([tmp_path, tmp_path / "a.txt", tmp_path / "." / "a.txt"]))) == 1


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n ", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("latin1.txt", "café crème".encode("latin-1"), "not UTF-8"),
        ("latin1.html", "<p>café crème</p>".encode("latin-1"), "not UTF-8"),  # (declaring nothing)
        ("sjis.html", '<meta charset="shift_jis"><p>café crème</p>'.encode("latin-1"), "nor shift_jis, as it declares"),
        ("utf16.html", '<meta charset="utf-16"><p>café crème</p>'.encode("latin-1"), r"not UTF-8 text \(byte 0xe9 at offset 29\) \(re-save"),
        ("table.xlsx", b"PK\x03\x04", "unsupported file type"),
        ("empty.html", b"<html><body><script>x()</script></body></html>", "no text"),
        ("dots.txt", "...\n!!!\n\u200b".encode(), "no text"),
    ],
)
def test_bad_files_raise_a_clear_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError, match=reason):
        load_article(path)


def test_unreadable_and_missing_files(tmp_path, monkeypatch):
    with pytest.raises(LoadError, match="no such file"):
        load_article(tmp_path / "gone.txt")
    with pytest.raises(LoadError, match="no such file"):
        load_article(tmp_path / "gone-folder")
    locked = tmp_path / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    real = Path.read_bytes

    def deny(self):
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(LoadError, match="cannot read the file"):
        load_article(locked)


def test_discover_recurses_and_skips_hidden(tmp_path):
    (tmp_path / "a" / ".git").mkdir(parents=True)
    (tmp_path / "a" / "x.txt").write_text("x")
    (tmp_path / "a" / ".git" / "y.txt").write_text("y")
    (tmp_path / ".hidden.txt").write_text("z")
    assert [p.name for p in discover([tmp_path])] == ["x.txt"]


def test_the_first_line_of_a_wrapped_paragraph_is_no_title():
    # bash's README.commands (trial 14) was titled "This is a jumping-off reference point
    # for new users who may be": its first line, cut mid-sentence.
    wrapped = ("   This is a jumping-off reference point for new users who may be\n   completely unfamiliar with "
               "Linux commands. It does not contain all\n   the information you need.\n\nLinux Commands\n")
    assert derive_title(wrapped, "README.commands") == \
        "This is a jumping-off reference point for new users who may be completely unfamiliar with…"
    assert derive_title(wrapped, "linux-commands-reference") == "Linux commands reference"  # (words the text uses)
    # A term over its indented description is a line of its own, and no title: Mercurial's
    # help topic on environment variables was titled "HG", its glossary "Ancestor" (trial 30).
    assert derive_title("HG\n    Path to the 'hg' executable, passed when running hooks.\n", "hg-environment") == "hg-environment"
    assert derive_title("lftp-4.5.x\n\nThis is lftp, a file transfer program.\n", "README") == "lftp-4.5.x"  # (a name and version)
    assert derive_title("jq\n==\n\njq is a lightweight JSON processor.\n", "README") == "jq"  # (a README's name)
    assert derive_title("{{{\n\nmagnet is a module.\n", "magnet") == "magnet"  # (markup)
    assert derive_title("Simple Title Here\n\nBody text follows.\n") == "Simple Title Here"


def test_derive_title_clips_long_first_sentences():
    title = derive_title("word " * 60 + ". More.")
    assert title.endswith("…") and len(title) <= 91


def test_a_document_is_titled_by_the_heading_it_opens_with_past_markup(tmp_path):
    # As Docutils' documentation (and Python's) begins: a comment or include, then the
    # overlined title (with a reference in it), then the field list.
    faq = tmp_path / "FAQ.txt"
    faq.write_text(".. -*- coding: utf-8 -*-\n\n\n.. NOTE TO MAINTAINERS: Please add new questions to the end of their\n"
                   "   sections, so section/question numbers remain stable.\n\n\n"
                   "===========================================\n Docutils FAQ (Frequently Asked Questions)\n"
                   "===========================================\n\n:Date: 2022-06-17\n\nBody text of the FAQ.\n")
    assert load_article(faq).title == "Docutils FAQ (Frequently Asked Questions)"
    manpage = tmp_path / "manpage.txt"
    manpage.write_text(".. include:: ../header.txt\n\n==============================\n manpage writer for Docutils_\n"
                       "==============================\n\n:Author: Engelbert Gruber\n\nThis writer explores.\n")
    assert load_article(manpage).title == "manpage writer for Docutils"
    sorting = tmp_path / "sorting.rst"
    sorting.write_text(".. _sortinghowto:\n\nSorting Techniques\n******************\n\nPython lists sort.\n")
    assert load_article(sorting).title == "Sorting Techniques"
    # A heading any document may have names none: the file does (Mercurial's help topics
    # open with "Synopsis"; trial 30's "Synopsis > Syntax" was hgignore's).
    hgignore = tmp_path / "hg-hgignore.txt"
    hgignore.write_text("Synopsis\n========\n\nThe Mercurial system uses a file called ``.hgignore``.\n\n"
                        "Syntax\n======\n\nAn ignore file is a plain text file.\n")
    assert load_article(hgignore).title == "hg-hgignore"
    # Text that opens with prose keeps the rules it had: its first line, if it reads as a title.
    assert derive_title("A plain first line\n\nThen the body.") == "A plain first line"
    assert derive_title("  Leaders of eight nations met in Astana this week.\n\nBackground\n----------\n\nMore.\n",
                        "x") == "Leaders of eight nations met in Astana this week"


def test_a_markdown_comment_is_not_the_title_and_overstrike_reads_as_what_it_shows(tmp_path):
    # docker's docs open with front matter and an HTML comment, which was every article's
    # title ("<!-- This file is maintained within the docker/cli GitHub"); Postfix's READMEs
    # are printed with nroff's overstrike, every heading doubled ("PPoossttffiixx").
    plugin = tmp_path / "EBS_volume.md"
    plugin.write_text("---\ndescription: Volume plugin for Amazon EBS\n---\n\n<!-- This file is maintained within "
                      "the docker/cli GitHub\n     repository.\n\n     Pull requests elsewhere are rejected.\n-->\n\n"
                      "# Volume plugin for Amazon EBS\n\nA proof-of-concept plugin is created here.\n", encoding="utf-8")
    article = load_article(plugin)
    assert article.title == "Volume plugin for Amazon EBS"
    assert [" ".join(article.text[a:b].split()) for a, b in sentences(article.text, article.body_start)] == [
        "A proof-of-concept plugin is created here."]
    readme = tmp_path / "BASIC_CONFIGURATION_README.txt"
    title, heading = ("".join(f"{c}\b{c}" for c in words) for words in ("Postfix Basic Configuration", "Introduction"))
    panic = "".join(f"_\b{c}" for c in "panic")
    readme.write_text(f"{title}\n\n{heading}\n\nPostfix has several hundred {panic} parameters.\n", encoding="utf-8")
    article = load_article(readme)
    assert article.title == "Postfix Basic Configuration" and "\b" not in article.text
    assert chunk_article(article, 200, 40)[0].section == "Introduction"
    assert "Postfix has several hundred panic parameters." in article.text


def _tiny_pdf(text: str, title: str) -> bytes:
    """A one-page PDF with a line of text, written by hand (no PDF writer needed)."""
    stream = f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) /Author (A. Writer) >>".encode(),
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_text_and_metadata(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(_tiny_pdf("Barter trade never surged between the two countries.", "Barter Report"))
    article = load_article(pdf)
    assert article.title == "Barter Report"
    assert article.metadata == {"author": "A. Writer"}
    assert "Barter trade never surged" in article.text


def test_damaged_pdf_is_a_clear_error(tmp_path):
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(LoadError, match="PDF"):
        load_article(pdf)


def test_html_list_items_tables_and_preformatted_pages(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<p>The installer offers three options for the backend:</p><ul><li><p>SQLite keeps it in a file."
                    "</p></li><li><p>PostgreSQL runs a server.</p></li></ul><table><tr><td><pre>a\nb</pre></td>"
                    "<td>x</td></tr></table><p>\ue0009\ue000 forged mark</p><pre>x = 1\n```\ny<br>z</pre>",
                    encoding="utf-8")
    text = load_article(page).text
    assert "- SQLite keeps it in a file.\n\n- PostgreSQL runs a server." in text
    assert "| a b | x |" in text and "\ue000" not in text and "forged mark" in text
    assert "````\nx = 1\n```\ny\nz\n````" in text  # a longer fence than the code's own
    mail = tmp_path / "mail.html"
    mail.write_text("<pre>From: someone\n\nThis is a mail message body with sentences. It goes on.</pre>",
                    encoding="utf-8")
    assert "```" not in load_article(mail).text  # a page that is all preformatted is text


def test_a_pre_of_a_man_pages_text_is_read_as_text_not_code(tmp_path):
    # Blind trial 25: Lynx's help on its environment variables is man page text in <pre>s
    # between headings: fenced as code, none of it could answer (LYNX_TEMP_SPACE).
    page = tmp_path / "environments.html"
    page.write_text("<h2>Variables Used By Lynx</h2><p>"
                    + "Lynx reads these variables when it starts, before its configuration files. " * 6 + "</p><pre>\n"
                    "       LYNX_TEMP_SPACE\n                    This variable, if set,  will  override\n"
                    "                    the  default path prefix for temporary\n"
                    "                    files that was defined during installation.\n\n"
                    "       LYNX_TRACE\n                    If  set,  causes Lynx to write a trace\n"
                    "                    file as if the option were given.\n</pre>"
                    "<h2>Example</h2><pre>export LYNX_TRACE=1\nlynx -trace https://example.org/\nless Lynx.trace</pre>",
                    encoding="utf-8")
    text = load_article(page).text
    assert [" ".join(text[a:b].split()) for a, b in sentences(text) if "TEMP" in text[a:b]] == [
        "LYNX_TEMP_SPACE This variable, if set, will override the default path prefix for temporary "
        "files that was defined during installation."]
    assert "LYNX_TEMP_SPACE\n             This variable, if set,  will  override\n" in text  # (its lines as they are)
    assert "```\nexport LYNX_TRACE=1\n" in text  # (commands stay code)
    # (Nor is a block text whose lines open with a comment's or an item's mark: an example.)
    sample = tmp_path / "sample.html"
    sample.write_text("<h1>Backups</h1>" + "<p>The daemon copies the files every night to the target.</p>" * 8 +
                      "<pre># Copy this file to the configuration directory before you start it.\n"
                      "# The daemon reads it once at start and again when it gets a signal.\n"
                      "# Each line below names a folder that is copied every night.\nsource = /home</pre><p>Then start it.</p>",
                      encoding="utf-8")
    assert [b.kind for b in blocks(load_article(sample).text)] == ["heading", *["prose"] * 8, "code", "prose"]


def test_a_term_of_marks_alone_with_white_space_after_it_is_no_heading(tmp_path):
    # Blind trial 25: Lynx's guide writes "<dt><strong><samp>=</samp></strong>\n</dt>": read
    # as "= : The “=” command shows...", a heading in AsciiDoc's look, over all the guide's
    # later sections.
    page = tmp_path / "guide.html"
    page.write_text("<h1>Guide</h1><dl><dt><strong><samp>=</samp></strong>\n    </dt><dd><p>The &ldquo;=&rdquo; "
                    "command shows information about the current document.</p></dd></dl><h2>Options</h2><p>Set them.</p>",
                    encoding="utf-8")
    text = load_article(page).text
    assert [text[b.start : b.end] for b in blocks(text) if b.kind == "heading"] == ["Guide", "Options"]
    assert "=: The “=” command shows information about the current document." in text


def test_a_paragraph_of_code_alone_is_code(tmp_path):
    # Blind trial 26: Apache's examples are '<div class="example"><p><code>...</code></p></div>':
    # read as prose, "# Unsupported HTTP version" became a heading over 60 of core.html's
    # 95 directives, and a command joined the next paragraph in an answer.
    page = tmp_path / "core.html"
    page.write_text("<h1>Core Features</h1><h2>HttpProtocolOptions Directive</h2><p>The Require1.0 option removes "
                    "support of HTTP/0.9 requests.</p><div class='example'><h3>Example</h3><p><code>\n"
                    "  # Unsupported HTTP version<br>\n  GET /\\r\\n\\r\\n\n</code></p></div>"
                    "<p>To send a signal to the parent you should issue a command such as:</p>"
                    "<div class='example'><p><code>kill -TERM `cat httpd.pid`</code></p></div>"
                    "<h2>ServerName Directive</h2><p>It sets the name the server uses.</p>"
                    "<table><tr><td><p><code>sel_excess</code></p></td><td>The excess is selected.</td></tr></table>",
                    encoding="utf-8")
    text = load_article(page).text
    found = blocks(text)
    assert [text[b.start : b.end] for b in found if b.kind == "heading"] == [
        "Core Features", "HttpProtocolOptions Directive", "Example", "ServerName Directive"]
    assert "```\nkill -TERM `cat httpd.pid`\n```" in text
    assert "sel_excess" in [text[a:b] for a, b in sentences(text)][-1]  # (a cell's name in code stays in its row)


def _steps(work) -> int:
    """Python lines executed by `work()`: a measure of its cost that, unlike a clock, is
    the same on every run and every machine."""
    import sys

    count = 0

    def trace(frame, event, arg):
        nonlocal count
        count += event == "line"
        return trace

    sys.settrace(trace)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize(
    "page",
    [
        lambda n: "<html><body>" + "<div>word " * n + "</div>" * n,  # nested (took hours at 200,000)
        lambda n: "<html><body>" + "<p>word</p>" * n,  # wide
        lambda n: "<ul>" + "<li><p>item</p>" * n,  # list items left open nest too
        lambda n: "<table>" + "<tr><td>a<td><pre>b<br>c</pre>" * n,  # rows and cells left open
    ],
)
def test_html_costs_time_in_proportion_to_its_size(tmp_path, page):
    def cost(n: int) -> int:
        path = tmp_path / f"page{n}.html"
        path.write_text(page(n), encoding="utf-8")
        return _steps(lambda: load_article(path))

    cost(10)  # (imports and first-use set-up are not the page's cost)
    small, double = cost(500), cost(1000)
    assert double < 2.3 * small, (small, double)  # quadratic work would be 4x


@pytest.mark.parametrize(
    "name, text",
    [
        ("headings.md", lambda n: "# Heading\n\nA sentence under it.\n\n" * n),
        ("setext.txt", lambda n: "Title\n=====\n\nText of the section.\n\n" * n),  # rst underlines, as .txt
        ("wrapped.txt", lambda n: "one hard-wrapped line of a single long paragraph\n" * n),  # one paragraph
        ("lists.md", lambda n: "- item\n  - nested item\n    - deeper item\n" * n),
        ("table.md", lambda n: "| a | b |\n|---|---|\n" + "| cell | cell |\n" * n),
        ("fence.md", lambda n: "```\n" + "code line\n" * n),  # a fence never closed
        ("emphasis.md", lambda n: "*a _b **c `d [e](f " * n + "\n"),  # markup left open on one line
    ],
)
def test_text_and_markdown_cost_time_in_proportion_to_their_size(tmp_path, name, text):
    # Reading and chunking: headings, wrapped paragraphs, lists, tables, fences and markup
    # (rag.structure) must not grow faster than the text, as the nested HTML once did.
    from rag.chunk import chunk_article

    def cost(n: int) -> int:
        path = tmp_path / f"{n}-{name}"
        path.write_text(text(n), encoding="utf-8")
        return _steps(lambda: chunk_article(load_article(path), 256, 32))

    cost(10)  # (imports and first-use set-up are not the text's cost)
    small, double = cost(300), cost(600)
    assert double < 2.3 * small, (small, double)  # quadratic work would be 4x


def test_files_beyond_the_bounds_are_rejected_with_a_clear_reason(tmp_path, monkeypatch):
    import rag.load

    nested = tmp_path / "nested.html"
    nested.write_text("<div>" * 200_000 + "x" + "</div>" * 200_000, encoding="utf-8")
    with pytest.raises(LoadError, match="file rejected: the page has more than 100000 HTML tags"):
        load_article(nested)
    monkeypatch.setattr(rag.load, "MAX_TEXT_CHARS", 40)
    for name in ("long.txt", "long.md"):
        (tmp_path / name).write_text("A line of text that is too long for the bound.\n", encoding="utf-8")
        with pytest.raises(LoadError, match="file rejected: its text is longer than 40 characters"):
            load_article(tmp_path / name)
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(_tiny_pdf("Barter trade never surged between the two countries.", "Barter Report"))
    with pytest.raises(LoadError, match="file rejected: its text is longer"):
        load_article(pdf)
    monkeypatch.setattr(rag.load, "MAX_PDF_PAGES", 0)
    with pytest.raises(LoadError, match="file rejected: the PDF has more than 0 pages"):
        load_article(pdf)


def test_nested_tables_and_preformatted_blocks_are_read_once(tmp_path):
    # A string belongs to its innermost cell (it used to be repeated in every cell around
    # it: output quadratic in the nesting), and a <pre> inside a <pre> is part of it.
    page = tmp_path / "nested.html"
    page.write_text("<table><tr><td>outer<table><tr><td>inner</td></tr></table></td><td>last</td></tr></table>"
                    "<p>Some prose that makes this page more than code.</p>"
                    "<pre>one<pre>two<br>three</pre></pre>", encoding="utf-8")
    text = load_article(page).text
    assert "| outer | inner | last |" in text
    assert "```\nonetwo\nthree\n```" in text


def test_an_admonitions_title_labels_its_paragraph_and_a_custom_one_heads_its_box(tmp_path):
    # BIND's ARM (Sphinx): 44 "Warning" boxes were section headings, so the reference text
    # after each was filed under "... > Warning" up to the next heading.
    page = tmp_path / "ref.html"
    page.write_text('<h2>stale-answer-ttl</h2><div class="admonition warning"><p class="admonition-title">Warning</p>'
                    "<p>This option is deprecated.</p></div><p>This specifies the TTL of stale answers.</p>"
                    '<div class="admonition"><p class="admonition-title">Passing Proxies as Senders</p>'
                    "<p>Never pass current_app as sender.</p></div>", encoding="utf-8")
    article = load_article(page)
    assert "Warning: This option is deprecated.\n\nThis specifies the TTL of stale answers." in article.text
    assert "Passing Proxies as Senders\n\nNever pass current_app as sender." in article.text
    # DocBook's (PostgreSQL's manual, trial 27): '<div class="tip"><h3 class="title">Tip</h3>' was
    # a heading, and the text after the box was filed under "Tip" to the next section.
    page.write_text('<h2>25.1.2. Recovering Disk Space</h2><div class="tip"><h3 class="title">Tip</h3><p>Plain VACUUM '
                    "may not be satisfactory.</p></div><p>The table-rewriting commands build new indexes.</p>",
                    encoding="utf-8")
    text = load_article(page).text
    assert "Tip: Plain VACUUM may not be satisfactory.\n\nThe table-rewriting commands" in text
    assert [text[b.start:b.end] for b in blocks(text) if b.kind == "heading"] == ["25.1.2. Recovering Disk Space"]


def test_terms_over_one_description_go_with_it(tmp_path):
    # PostgreSQL's pg_hba.conf page (trial 27): two terms broken by a <br> in one <dt>, the
    # first stood alone and read as a heading over the rest of the list; ntp's pages: two
    # <dt>s over one <dd>, the first stood alone ("minpoll minpoll").
    page = tmp_path / "hba.html"
    page.write_text('<h2>21.1. The pg_hba.conf File</h2><dl><dt><span class="term">IP-address<br /></span>'
                    '<span class="term">IP-mask</span></dt><dd><p>These two fields can be used as an alternative.</p>'
                    "</dd><dt><tt>minpoll <i>minpoll</i></tt></dt><dt><tt>maxpoll <i>maxpoll</i></tt></dt><dd>These options specify "
                    "the poll intervals.</dd></dl>", encoding="utf-8")
    text = load_article(page).text
    assert "IP-address IP-mask These two fields can be used as an alternative." in text
    assert "minpoll minpoll maxpoll maxpoll These options specify the poll intervals." in text
    assert [text[b.start:b.end] for b in blocks(text) if b.kind == "heading"] == ["21.1. The pg_hba.conf File"]


def test_a_line_break_in_html_text_is_a_space_even_beside_a_link(tmp_path):
    # nginx's pages (trial 13): "...receiving the\n<a href=...>\nsame SYN packet</a>" made a
    # blank line, so the sentence's first half stood alone and became a heading.
    page = tmp_path / "listen.html"
    page.write_text('<h2>listen</h2><blockquote class="note">\nDo not enable this feature unless the server can '
                    'handle\nreceiving the\n<a href="https://example.org/rfc7413">\nsame SYN packet with data</a> '
                    "more than once.\n</blockquote><p>backlog=number sets the backlog.</p>", encoding="utf-8")
    text = load_article(page).text
    assert "receiving the same SYN packet with data more than once." in text


def test_a_packages_documentation_named_without_a_text_suffix_is_read_as_text(tmp_path):
    # Blind trial 18 (/usr/share/doc of lftp, screen, rsnapshot): "FAQ", "README.modules"
    # and "README.Debian" were refused as unsupported file types; they are plain text.
    # Blind trial 40: so were "lftp-FAQ", "isync-NEWS" and "netcat-README.Debian", copied out of
    # several packages' docs and named after them.
    for name in ["FAQ", "README.modules", "README.Debian", "INSTALL", "lftp-FAQ", "isync-NEWS", "netcat-openbsd-README.Debian",
                 "xz-utils-README"]:
        path = tmp_path / name
        path.write_text("Q: Does lftp support FTP over SSL?\n\nA: Yes, it does.\n", encoding="utf-8")
        assert "Yes, it does." in load_article(path).text
    for name in ["NEWS.gz", "Makefile", "data.bin", "install.sh", "todo.py", "lftp-FAQ.gz", "shownews", "readme-tool.py",
                 "print_usage.go", "post-install", "foo.install", "test_readme.rs"]:
        # (compressed, code, or not documentation)
        path = tmp_path / name
        path.write_text("text\n", encoding="utf-8")
        with pytest.raises(LoadError, match="unsupported file type"):
            load_article(path)


def test_info_files_and_html_in_the_encoding_it_declares_are_read(tmp_path):
    # Trial 31: "failed corpusA/gzip.info: unsupported file type '.info'" (renamed .txt, the
    # same file read well). Trial 32: quilt's manual, ISO-8859-1 as its <meta> says, was
    # refused as "not UTF-8".
    for name in ["gzip.info", "emacs.info-2"]:
        path = tmp_path / name
        path.write_text("File: gzip.info,  Node: Top,  Next: Overview,  Up: (dir)\n\nGzip\n****\n\n"
                        "This manual is for GNU Gzip.\n", encoding="utf-8")
        assert "This manual is for GNU Gzip." in load_article(path).text
    page = tmp_path / "quilt.html"
    page.write_bytes('<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
                     '<title>Quilt</title></head><body><p>Andreas Grünbacher wrote it.</p></body></html>'.encode("latin-1"))
    assert "Andreas Grünbacher wrote it." in load_article(page).text
    page.write_bytes('<meta charset="iso-8859-1"><p>Grünbacher</p>'.encode())  # (UTF-8 in fact: read as it is)
    assert "Grünbacher" in load_article(page).text
    # As HTML reads Latin-1: Windows-1252, whose quotes and dashes are no control characters;
    # and only a <meta> that declares one (not a description that says "charset=").
    page.write_bytes(b'<meta name="description" content="about charset=utf-16le"><meta charset="iso-8859-1">'
                     b'<p>Use \x93quilt push\x94 \x96 it\x92s fast.</p>')
    assert "Use “quilt push” – it’s fast." in load_article(page).text


def test_an_info_manuals_index_marks_are_text_not_binary(tmp_path):
    # Blind trial 24: sed's Info manual saved with `gzip -dc`, cut at its nodes; the part
    # that opened near the index node was refused as "a binary file" for the NUL bytes of
    # Info's "\0\b[index\0\b]" marks (parts with the marks further in were read).
    index = tmp_path / "sed-index.txt"
    index.write_bytes(b"\x1f\nFile: sed.info,  Node: Concept Index,  Up: Top\n\nConcept Index\n*************\n\n"
                      b"\x00\x08[index\x00\x08]\n* Menu:\n\n* -e, example:                Overview.     (line 41)\n\n"
                      b"The index lists every concept the manual explains.\n")
    article = load_article(index)
    assert "[index]" in article.text and "\x00" not in article.text
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"GIF89a\x00\x01\x02 binary")
    with pytest.raises(LoadError, match="binary file.*offset 6"):
        load_article(binary)
    binary.write_bytes(b"\x00\x08[index\x00\x08]\nsee\x00x")  # (the offset counts the marks before it)
    with pytest.raises(LoadError, match="offset 15"):
        load_article(binary)
    index.write_bytes(b"x" * 8191 + b"\x00\x08[index\x00\x08]\n* Menu:\n\nThe index lists every concept.\n")
    assert load_article(index).text.startswith("x")  # (a mark across the first 8 KB's end)
