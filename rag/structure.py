"""Article text -> blocks (headings, prose, list items, code, tables, rules) and sections.

Real articles are not one paragraph per line: plain-text, Markdown, reStructuredText and
AsciiDoc files are hard-wrapped at 72-80 columns and carry headings, lists, tables and
code. This module reads that structure from the text as loaded (HTML arrives here as
Markdown-like text, see `rag.load`) so that
- sentences run across line breaks (`rag.sentences`), and only prose and list items
  give sentences: a heading, a row of `----`, a table row or a code line is never
  quoted as if it were a statement;
- every chunk and every quote knows its section path ("Configuration > What does
  `http.postBuffer` really do?"), which joins its words for retrieval and is shown
  with citations.
Every block is a pair of character offsets into the text, never a copy, so quotes stay
exactly `article.text[start:end]`. Decisions are local (a line and its neighbours), so a
chunk's text parses the same as it does inside its article, but for two: whether the text
marks its headings at all, which decides if a field line ("Added: v2.0") standing alone
heads what follows, and whether it numbers them ("8.1. Header Caching"), which decides if
"5. SMTP Support" standing alone is a heading or a list item (articles are chunked from
their whole text, so ingest is consistent).
It does not parse inline markup: words are found through it by `rag.text.words`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

# Bump when parsing changes (here or in `rag.sentences`): chunks, sections and sentence
# spans are stored in the index.
STRUCTURE_VERSION = "75"

# A paragraph whose lines are all at most this long is hard-wrapped: its lines join.
# Longer lines are whole paragraphs (text saved one paragraph per line).
WRAP_MAX = 100

_ATX = re.compile(r"^(#{1,6}|={1,6})[ \t]+(.+?)[ \t]*(?:[ \t]\1)?[ \t]*$")
_UNDERLINE = re.compile(r"^(?:([=\-~^\"'`*+#:.])\1{2,}|=(?:-=){2,}-?)[ \t]*$")  # (and "=-=-=-=", screen's FAQ)
_RULE = re.compile(r"^[ \t]*([-*_=~])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(```+(?![^\n]*`)|~~~+)")  # (CommonMark: "```a``` b" is inline code, no fence)
# AsciiDoc listing and literal blocks: a line of 4+ dashes or dots after a blank line; or
# a line of dashes with scissors ("---%<------", as Dovecot's wiki marks its examples).
_DELIMITER = re.compile(r"^(-{4,}|\.{4,}|-+(?:%<|>8|8<|✂)-+)[ \t]*$")
_TABLE = re.compile(r"^[ \t]*(\||\+[-=+]{2,})")
_BULLET = re.compile(r"^([ \t]*)(?:[-*+•○◦▪‣]|\d{1,3}[.)]|[a-zA-Z][.)]|\*{2,}|\.{1,2}(?=[ \t]))[ \t]+(?=\S)")
# AsciiDoc labelled list ("term::", "term;;"): in FAQ and manual pages, the question or
# option its indented text answers.
_TERM = re.compile(r"^(\S.*?)(::|;;)[ \t]*$")
TERM_LEVEL = 100  # (below any heading)
# AsciiDoc and reST lines that are markup, not text: anchors, attributes, comments,
# directives, list continuations, reST's anonymous hyperlink targets ("__ url").
_MARKUP = re.compile(
    r"^[ \t]*(\[\[.*\]\]|\[[\w ,=\"'.#-]*\]|:[\w-]+:(?:[ \t].*)?|//.*|\+|(ifn?def|endif|include|image|toc)::.*|\.\. .*|__ \S.*)[ \t]*$"
)
_HTML_COMMENT = re.compile(r"^<!--")  # (at the margin: not a line of indented code)
# A reST comment: ".." alone, or before text that is no directive, target, footnote or
# substitution; the lines indented under it are the comment's.
_REST_COMMENT = re.compile(r"^\.\.(?:[ \t]+(?![_\[|]|[\w.:-]+::)\S.*)?[ \t]*$")
_HTML_HEADING = re.compile(r"^<h([1-6])(?:\s[^>]*)?>", re.I)
HTML_HEADING_LINES = 4
_INLINE_TAG = re.compile(r"</?(?:code|kbd|em|strong|b|i|a|span|tt|var|samp)(?:\s[^<>]*)?>", re.I)
_CONTENTS_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}\.)[ \t]+\[[^\]\n]+\]\(#[^)\s]*\)[ \t]*$")
COMMENT_LINES = 40
# GNU Info's furniture: the node separator (a line of U+001F), the node's header ("File:
# coreutils.info,  Node: ls invocation,  Next: ..., Up: ...") and its menu ("* Menu:" over
# "* cp invocation::     Copy files."): where the reader is, not what the manual says. So
# are the file's first line ("This is sed.info, produced by makeinfo ...") and its entry in
# the directory of manuals ("INFO-DIR-SECTION ..." and "* sed: (sed).   Stream EDitor."), and
# at its end the index's marker ("\0\b[index\0\b]"), the table of nodes' offsets ("Tag
# Table:", "Node: Top\x7f8614", "End Tag Table") and Emacs' "Local Variables:".
_INFO_FILE = re.compile(r"^File: [^,\s]+\.info(?:-\d+)?,[ \t]+Node: ", re.M)
_INFO_FURNITURE = re.compile(r"^(?:\x1f|File: [^,\s]+\.info(?:-\d+)?,[ \t]+Node: .*|\* Menu:.*|\* [^:\n]+::.*"
                             r"|\* [^:\n]+:[ \t]+(?:\([^)\n]*\)[^.\n]*|[^.\n]+)\.(?:[ \t].*)?"  # ("* Name: (file)Node.")
                             r"|This is [^,\s]+\.info, produced by .*|INFO-DIR-SECTION .*|(?:START|END)-INFO-DIR-ENTRY"
                             r"|.*\x00\x08\[.*|(?:End )?Tag Table:?|(?:Node|Ref): .*\x7f\d+|Local Variables:)[ \t]*$")
# An Info file's top node, whose heading is the manual's title ("GNU 'sed'").
INFO_TOP = re.compile(r"^File: [^,\s]+\.info,[ \t]+Node: Top,.*$", re.M)
_INDENTED = re.compile(r"^(    |\t)")
# A man page's section heading as `man` prints it: a line in capitals at the margin over
# the section's text, indented ("ESCAPE CHARACTERS" over "     When a pseudo-terminal...").
_MAN_HEADING = re.compile(r"^[A-Z][A-Z0-9]*(?:[ &,-]{1,2}[A-Z][A-Z0-9]*){0,5}[ \t]*$")
# Its header and footer lines: "SSH(1)     BSD General Commands Manual     SSH(1)" over
# the page (or "NFT(8)     NFT(8)", "UFW FRAMEWORK(8)   May 2023   UFW FRAMEWORK(8)"), "BSD
# November 28, 2022     BSD" or "rsync 3.5.0   04 Nov 2026   rsync(1)" under it (indented
# too: "          09/16/2023          NFT(8)"). Both are read as such only in a man page.
_MAN_HEADER = re.compile(r"^((?:\S+ )*\S+\(\w+\))(?:[ \t]{3,}\S.*?)?[ \t]{3,}\1[ \t]*$", re.M)
_MAN_FOOTER = re.compile(r"^[ \t]*(\S+)(?: \S+)*(?:[ \t]{3,}\S.*?\S)?[ \t]{3,}(?:\1|(?:\S+ )*\S+\(\w+\))[ \t]*$")
# Its NAME section's line: indented as all of its text is, and the page's name.
_MAN_NAME = re.compile(r"^NAME[ \t]*\n([ \t]+)(\S.*)", re.M)
_MAN_PAGE = re.compile(r"[\ufeff\r\n]*" + _MAN_HEADER.pattern.removeprefix("^"), re.M)  # (its first line)
MAN_NAME_WITHIN = 4000


def is_man_page(text: str) -> bool:
    """Is the text a man page as `man` prints it (its first line man's header)?"""
    return _MAN_PAGE.match(text) is not None


def man_name(text: str) -> re.Match[str] | None:
    """A man page's NAME line (group 1 its indent, group 2 its words); None for other texts."""
    return _MAN_NAME.search(text, 0, MAN_NAME_WITHIN) if is_man_page(text) else None
# An option of a command's --help, at the start of an indented line ("    -R, --retries N"),
# and its description beside it, after a run of spaces.
_OPTION = re.compile(r"^[ \t]+--?[\w?@#]")
BESIDE = re.compile(r"[ \t]*\S+(?: \S+)*[ \t]{2,}[A-Za-z(\"'`]")  # (not "-rw-r--r--  1 alice": a listing's line)
# reST indents a literal block (after a paragraph ending in "::") by any amount, often three.
_LITERAL_INDENT = re.compile(r"^[ \t]+\S")
# A reST doctest block: Python's interactive prompt and what it printed, to a blank line.
_DOCTEST = re.compile(r"^[ \t]*>>> ")
# Mail and HTTP style header lines ("From: ...", "Content-type: ..."): metadata, not text,
# when a whole block is made of them (two or more, or a MIME type alone). (Not a reference
# entry's "Type: number" over "Default: 300", with no-break spaces in mutt's manual: "What
# is the default value of imap_keepalive?" is answered by it.)
_HEADER = re.compile(r"^[A-Z][A-Za-z]*(-[A-Za-z]+)*: \S")
# ("Content-type: text/asciidoc" alone over a git how-to.)
_CONTENT_TYPE = re.compile(r"^Content-[Tt]ype: [\w.+-]+/[\w.+-]+(;.*)?\s*$")
# A field ("Added: v2.0", "Status: draft"): a label of one or two words, a colon, a value.
# ("Chapter 1: Getting started", "Appendix A: Tables" are headings: an index ends the label.)
_FIELD = re.compile(r"^[ \t]*[A-Z][\w-]*(?: [A-Za-z][\w-]+)?: \S")
# A multi-level section number opening a heading written without markup ("8.1. Header
# Caching", "3.142. imap_keepalive": a manual rendered as plain text). A single-level one
# ("5. SMTP Support") is a list item's, unless the text numbers its headings so and the
# line stands alone at the margin. A chapter's label ranks above them all, and headings
# without a number (a "Note") below them.
# (Three levels at most: "192.168.1.1 gateway" is an address.)
_SECTION_NUMBER = re.compile(r"^[ \t]*(\d{1,3}(?:\.\d{1,3}){1,2})\.?[ \t\u00a0]+(?=\S)")
_TOP_NUMBER = re.compile(r"^\d{1,3}\.[ \t\u00a0]+(?=\S)")
# A FAQ's labels, at a line's start (past spaces and emphasis): "Q:   Why is it...", "A: Just
# put...", "**Question:**". (Not "q. Fixed a bug..." of a lettered list, nor "-A: ...".)
FAQ_LABEL = re.compile(r"^[ \t*_]*(Q|A|Question|Answer)[ \t]*:[ \t*_]*(?=\S)")
# A caption standing alone: "Example 12. Usage of --show-summary", "Table 3: Outgoing Ports
# Used for Network Printers" (DocBook's and CUPS's pages).
_CAPTION = re.compile(r"^[ \t]*(?:Example|Table|Figure|Listing)[ \t\u00a0]+\d+(?:[.-]\d+)*[.:][ \t\u00a0]+\S")
_CHAPTER = re.compile(r"^[ \t]*(?:Chapter|Appendix|Part)[ \t\u00a0]+[\dA-Z][\dA-Z.]*(?:[:\t \u00a0]|$)")
UNMARKED_LEVEL = 50
CHAPTER_LEVEL = 46  # (then 47 for "5.", 48 for "8.1.", 49 for any deeper number)
# Characters of commands, paths and markup, rare in headings.
CODE_CHARS = re.compile(r"[$/=<>{}\[\]|\\`]")
# A command after a root shell's prompt: "# chronyd -q -t 1 'server pool.ntp.org iburst'".
_ROOT_PROMPT = re.compile(r"#[ \t]+[a-z][\w.-]*(?:[ \t]+\S+)*?[ \t]+(?:-{1,2}[A-Za-z]|['\"/$|<>]|[\w@.-]*\.(?:service|socket|timer|target|path|mount)\b)")
# A Debian changelog's (and NEWS.Debian's) entry header and trailer: "openvpn (2.4.9-3)
# unstable; urgency=medium", " -- Bernhard Schmidt <berni@debian.org>  Mon, 23 May 2022 ...".
_DEBIAN_CHANGES = re.compile(r"^(?:[a-z0-9][a-z0-9+.-]+ \([^()\s]+\)(?: [a-z][\w/-]*)+; urgency=\w+.*"
                             r"|[ ]--[ ].*<[^<>\s]+>[ \t]+\w{3}, +\d{1,2} \w{3} \d{4}.*)$")
# A sentence that stops before what it introduces: "An example configuration of the client
# instance could be" over the configuration.
# (In lower case only: "Appendix A", "Part A" and "Class A" are headings.)
_BROKEN_OFF = re.compile(r"\s(?:the|a|an|be|is|are|was|were|of|to|could|would|should|can|will|and|or|by|with|from"
                         r"|into|than|as)$")
# Words set out in columns: two gaps of two spaces or more inside a line, or one of three
# ("Name            Default", "Ctrl-A    Move to the start"), but not a numbered heading's
# ("2.1   Installation", "Chapter 3   Setup").
_COLUMNS = re.compile(r"\S {2,}(?=\S)(?:.*\S)? {2,}\S|^(?![ \t]*(?:(?:Chapter|Appendix|Part|Section)[ \t]+)?"
                      r"[\dA-Z](?:[\d.]*\d)?\.?[ \t]{3,}\S).*\S {3,}\S")
_SENTENCE_END = re.compile(r"[.!?:;,)\"”’']$")
# A sentence ends and another begins: "Update GNU Screen to the last version. This bug was
# fixed in" is no heading (not "Mr. Smith", "Chapter 5. Tuning", "Git vs. Mercurial", "Tools
# etc. Compared").
_TWO_SENTENCES = re.compile(r"(?<![A-Za-z])(?!vs\.|etc\.)[A-Za-z]*[a-z]{2}[.!?]\s+[A-Z][a-z]")
PARAGRAPH_END = re.compile(r"[.!?:;)\"”’'][ \t]*$")
_PLAIN_WORD = re.compile(r"^[(\"“]?(?:[A-Za-z][a-z’'-]*|[A-Z][A-Z0-9]+)[)\"”,.;:?!]*$")  # (a value: "INFO,")


@dataclass(frozen=True)
class Block:
    kind: str  # heading, prose, item, code, table, rule, markup
    start: int
    end: int
    level: int = 0  # headings: smaller is higher


@dataclass(frozen=True)
class Section:
    """Where a heading's section begins (after the heading) and its path of headings."""

    start: int
    path: tuple[str, ...]


# A text's margin is an indent that this share of its lines or more sit at, most words,
# with headings to the left of it (this share of what is there, or more).
MARGIN_SHARE = 0.5
HEADINGS_SHARE = 0.8
_LEADING = re.compile(r"^([ \t]+)(?=\S)(.*)", re.M)


@lru_cache(maxsize=16)  # (an article's blocks are read a few times in a row; not every text kept)
def _margin(text: str) -> str:
    """The indent a text's prose sits at when the text is indented as a whole (irssi's
    manual: every paragraph a tab in, its headings to the left of it), so that its
    paragraphs are not read as code; "" for most texts. At least MARGIN_SHARE of the
    non-blank lines are at it (not deeper), and their words are mostly plain."""
    at: dict[str, list[str]] = {}
    for found in _LEADING.finditer(text):
        at.setdefault(found.group(1), []).append(found.group(2))
    if not at or _MARKS_HEADINGS.search(text):
        return ""  # (Markdown's and reStructuredText's indents are code, quotes and lists)
    margin, held = max(at.items(), key=lambda item: len(item[1]))
    written = [line for line in text.split("\n") if line.strip()]
    if not _INDENTED.match(margin) or len(held) < MARGIN_SHARE * len(written):
        return ""
    # What stands to the left of the margin is headings, nearly all (not a changelog's
    # entries, nor prose with its examples indented).
    width = len(margin.expandtabs())
    left = [line for line in written if len(line[: _leading(line)].expandtabs()) < width]
    if sum(map(_heading_like, left)) < HEADINGS_SHARE * len(left):
        return ""
    tokens = " ".join(held).split()
    return margin if _plain(tokens) >= 0.7 * len(tokens) else ""


# A line marking a heading: "# Title", or an underline ("=====", "-----").
_MARKS_HEADINGS = re.compile(r"^(?:#{1,6}[ \t]+\S|([=\-~^*+#])\1{2,}[ \t]*$)", re.M)
_NUMBERED = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?[ \t]+")


def _leading(line: str) -> int:
    """How many spaces and tabs the line opens with."""
    return len(line) - len(line.lstrip(" \t"))


def _heading_like(line: str) -> bool:
    """A short line standing as a title, numbered or not ("0. Generic babbling", "Index")."""
    rest = _NUMBERED.sub("", line.strip())
    return bool(rest) and (_looks_like_heading(rest) or _unmarked_title(line.strip()))


# Marks of shell code in a description (gapplication(1)'s '-*)' over 'echo "unrecognised
# commandline argument"' and ';;').
_SHELL_MARKS = re.compile(r";;|[$`{}=<>|\\]")


# A command or setting with its description beside it after a dash: "/DISCONNECT recon-1
# - stop trying to reconnect to RECON-1 server".
DASH_ENTRY = re.compile(r"^\S[^\n]*?\S([ \t]+)-[ \t]+[A-Za-z]")


def _looks_like_code(block: str) -> bool:
    """Fewer than half its words plain, and marks of code among them."""
    tokens = block.split()
    return _plain(tokens) < 0.5 * len(tokens) and bool(CODE_CHARS.search(block))


def _past_margin(line: str, margin: str) -> int:
    """Where the line starts when read from the text's margin: past the margin, or past its
    indent when that is shallower (a heading standing out to the left: " 0.1 History")."""
    if not margin:
        return 0
    if line.startswith(margin):
        return len(margin)
    leading = _leading(line)
    return leading if len(line[:leading].expandtabs()) < len(margin.expandtabs()) else 0


def blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """The blocks of text[start:end], in order, with offsets into `text`."""
    end = len(text) if end is None else end
    # (A line in capitals over an indented one is a man page's section heading only in a man
    # page: in reStructuredText, "HGRCPATH" over its description is a definition's term.)
    man_page = is_man_page(text)
    info = bool(_INFO_FILE.search(text))  # (a GNU Info file: its menus and node headers are furniture)
    # A line at the text's margin is read from it: its indent is the page's, not code's.
    margin = "" if man_page or info else _margin(text)
    lines, at = [], start
    for raw in text[start:end].split("\n"):
        lines.append((at + _past_margin(raw, margin), at + len(raw.rstrip("\r"))))
        at += len(raw) + 1
    out: list[Block] = []
    underline_levels: dict[str, int] = {}
    i, n = 0, len(lines)
    # Its text's indent (7 as groff prints it, 5 as mandoc does): a subsection's heading
    # stands out to the left of it ("   Compression options" over "       -a, --auto-compress").
    named = man_name(text)
    body_indent = len(named.group(1)) if named else 5

    def line(k: int) -> str:
        a, b = lines[k]
        return text[a:b]

    def blank(k: int) -> bool:
        return k >= n or not line(k).strip()

    def indented_through(k: int) -> int:
        """The last line of the indented block line k is in: indented lines, blank lines
        between them."""
        while k + 1 < n and (blank(k + 1) and k + 2 < n and _LITERAL_INDENT.match(line(k + 2))
                             or not blank(k + 1) and _LITERAL_INDENT.match(line(k + 1))):
            k += 1
        return k

    def paragraph_end(k: int, continues: Callable[[str], object] = lambda _: True) -> int:
        """The last line of the run of non-blank lines from line k that `continues` accepts."""
        while k + 1 < n and not blank(k + 1) and continues(line(k + 1)):
            k += 1
        return k

    def _describes(k: int) -> bool:
        """Is line k ("term::") an AsciiDoc label, not a reST paragraph that ends in "::" to
        introduce a literal block? A label's text follows on the next line, or after a blank
        line as an indented paragraph of prose; a literal block is code."""
        if k + 1 < n and not blank(k + 1):
            return True
        k += 1
        while k < n and blank(k):
            k += 1
        if k >= n or not _LITERAL_INDENT.match(line(k)):
            return k < n
        return reads_as_prose(text[lines[k][0] : lines[paragraph_end(k)][1]])

    def option_entries(k: int) -> tuple[list[Block], int]:
        """A command's options as its --help lists them, each an item from its option to
        the end of its description: "    -R, --retries RETRIES    Number of retries
        (default is 10), or" over "                             \"infinite\"". Every line of
        the paragraph opens an entry at the options' indent or goes on deeper; some entry
        has its description beside it. None for other paragraphs; and the line after."""
        indent = len(line(k)) - len(line(k).lstrip())
        entries: list[Block] = []
        beside = False
        while k < n and not blank(k):
            s = line(k)
            depth = len(s) - len(s.lstrip())
            if depth == indent and _OPTION.match(s):
                beside = beside or bool(BESIDE.match(s))
                entries.append(Block("item", lines[k][0] + depth, lines[k][1]))
            elif depth > indent and entries:
                entries[-1] = Block("item", entries[-1].start, lines[k][1])
            else:
                return [], k
            k += 1
        return (entries if beside else []), k

    def dash_entries(k: int) -> tuple[list[Block], int]:
        """A table of commands, each with its description beside it after a dash, as
        irssi's guide lists them ("/RMRECONNS           - stop all server reconnections"):
        each line an item, a line indented deeper going on with the one above. None
        unless the paragraph has two such lines and no other, one with its dash set apart
        by spaces (the columns of a table); and the line after."""
        entries: list[Block] = []
        while k < n and not blank(k):
            if DASH_ENTRY.match(line(k)) and not _BULLET.match(line(k)):  # (a list's items are read as a list)
                entries.append(Block("item", lines[k][0], lines[k][1]))
            elif entries and _LITERAL_INDENT.match(line(k)):
                entries[-1] = Block("item", entries[-1].start, lines[k][1])
            else:
                return [], k
            k += 1
        aligned = any(len(m.group(1)) > 1 or "\t" in m.group(1) for e in entries if (m := DASH_ENTRY.match(text[e.start : e.end])))
        return (entries if len(entries) > 1 and aligned else []), k

    def literal_follows(k: int) -> bool:
        """Does line k follow (past blank lines) a paragraph that ends in "::"?"""
        k -= 1
        while k >= 0 and blank(k):
            k -= 1
        return k >= 0 and line(k).rstrip().endswith("::") and not _MARKUP.match(line(k))

    def comment(k: int) -> bool:
        """Is line k ("# ...") a comment in an example, not a Markdown heading? In a manual
        as plain text (mutt's), muttrc examples stand unindented: their comments come in
        runs of such lines, or over a command, which starts in lower case; a heading has a
        blank line, text, or a list under it. A comment that is a sentence may have a blank
        line under it before its command ("# Use a variable inside backticks."), and one may
        close an example ("source $dir/hooks" over "# more source commands..."). Headings
        of two levels may stand together ("## [1.0.0]" over "### Added" in a changelog), and
        AsciiDoc's "= Title" is never a comment. Nor is a root shell's prompt over its command
        a heading ("# chronyd -q 'pool pool.ntp.org iburst'")."""
        marks = line(k)[: len(line(k)) - len(line(k).lstrip("#"))]
        if not marks:
            return False
        if _ROOT_PROMPT.match(line(k)):
            return True
        if any(0 <= j < n and line(j).startswith(marks + " ") for j in (k - 1, k + 1)):
            return True
        if k > 0 and line(k - 1)[:1].islower() and CODE_CHARS.search(line(k - 1)) \
                and not PARAGRAPH_END.search(line(k - 1)):  # (not "see [the docs](https://...) for more.")
            return True
        under = k + 2 if line(k).rstrip()[-1:] in (".", ":") and blank(k + 1) else k + 1
        return under < n and line(under)[:1].islower()

    def atx(k: int) -> re.Match[str] | None:
        found = _ATX.match(line(k))
        return found if found and not comment(k) else None

    @cache
    def marks_headings() -> bool:
        """Does the text (these lines of it) mark its headings ("# Title", or a line
        underlined), outside code fences?"""
        fenced = False
        for k in range(n):
            fenced ^= bool(_FENCE.match(line(k)))
            if not fenced and (atx(k) or (k + 1 < n and _is_underline(line(k + 1), line(k)))):
                return True
        return False

    def unmarked_heading(s: str) -> bool:
        """A heading written without markup; but where the text marks its headings, a line
        that reads as a field ("Added: v2.0") standing alone is one, not a heading."""
        return _unmarked_title(s) and not (_FIELD.match(s) and marks_headings())

    @cache
    def numbers_headings() -> bool:
        """Does the text number its headings ("8.1. Header Caching" standing alone)?"""
        return any(_SECTION_NUMBER.match(line(k)) and blank(k + 1) and _unmarked_title(line(k))
                   for k in range(n) if k == 0 or blank(k - 1))

    def loose_item_by(k: int, step: int) -> bool:
        """Is the nearest non-blank line before (step -1) or after (step 1) line k a
        numbered item standing alone, as in a loose list? (Not the last entry of a table of
        contents over the chapter's first heading, nor a "•" item ending the section before.)"""
        k += step
        while 0 <= k < n and blank(k):
            k += step
        return 0 <= k < n and bool(_TOP_NUMBER.match(line(k))) and (k == 0 or blank(k - 1)) and blank(k + 1)

    def numbered_heading(k: int) -> bool:
        """Is line k ("5. SMTP Support"), a list item by its look, a top-level heading?
        (Not one of a loose list: "1. Download it" over "2. Unpack it".)"""
        found = _TOP_NUMBER.match(line(k))
        return found is not None and (k == 0 or blank(k - 1)) and _looks_like_heading(line(k)[found.end():]) \
            and not any(loose_item_by(k, step) for step in (-1, 1)) and numbers_headings()

    def text_follows(k: int, heading_indent: int = 0) -> bool:
        """Is the next non-blank line text (not code), as under a heading? A heading is not
        indented deeper than its text (mc's FAQ: "   The main site is https://..." answers
        "1.6 Where can I get GNU Midnight Commander?" and stands over "1.7 ...")."""
        while k < n and blank(k):
            k += 1
        return k < n and not (_INDENTED.match(line(k)) or _DELIMITER.match(line(k)) or _FENCE.match(line(k))) \
            and indent(line(k)) >= heading_indent

    while i < n:
        s = line(i)
        a, b = lines[i]
        if not s.strip():
            i += 1
            continue
        after_blank = i == 0 or blank(i - 1)
        fence = _FENCE.match(s)
        if not fence and i + 2 < n and _is_overline(s, line(i + 1), line(i + 2)):
            # reST overline + title + underline ("-------" is an AsciiDoc delimiter too)
            key = "over" + s.strip()[0]
            level = underline_levels.setdefault(key, len(underline_levels) + 1)
            ta, tb = lines[i + 1]
            out.append(_heading(text, ta, tb, level))
            i += 3
            continue
        if _HTML_COMMENT.match(s):
            # An HTML comment in Markdown ("<!-- This file is maintained within...": docker's
            # docs) is markup to the line it closes on, not the text the article opens with.
            # (Looked for within COMMENT_LINES, not past a code fence; text after "-->" on
            # its line keeps the comment's line as text.)
            j = i
            while j < min(n, i + COMMENT_LINES) and "-->" not in line(j) and (j == i or not _FENCE.match(line(j))):
                j += 1
            if j < n and line(j).rstrip().endswith("-->"):
                out.append(Block("markup", a, lines[j][1]))
                i = j + 1
                continue
        if _REST_COMMENT.match(s) and i + 1 < n and _LITERAL_INDENT.match(line(i + 1)):
            # (restic's pages open on one: ".." over "  Normally, there are no heading levels
            # assigned..." and a list of underline characters, which read as items.)
            j = indented_through(i + 1)
            out.append(Block("markup", a, lines[j][1]))
            i = j + 1
            continue
        opened = _HTML_HEADING.match(s)
        if opened:
            # An HTML heading in Markdown, its tags on lines of their own or not: ripgrep's
            # FAQ ("<h3 name="order">" over "How can I get results in a consistent order?").
            closing = f"</h{opened.group(1)}>"
            j = i
            while j < min(n, i + HTML_HEADING_LINES) and closing not in line(j).lower():
                j += 1
            if j < n and closing in line(j).lower():
                inner_start, inner_end = a + opened.end(), lines[j][0] + line(j).lower().index(closing)
                inner = text[inner_start:inner_end]
                if inner.strip():
                    out.append(Block("heading", inner_start + len(inner) - len(inner.lstrip()),
                                     inner_end - len(inner) + len(inner.rstrip()), level=int(opened.group(1))))
                    i = j + 1
                    continue
        if info and _INFO_FURNITURE.match(s):
            j = i  # (with the indented lines a menu entry's description runs on to)
            while s.startswith("* ") and j + 1 < n and not blank(j + 1) and _LITERAL_INDENT.match(line(j + 1)):
                j += 1
            if s.startswith(("This is ", "Local Variables:")):
                j = paragraph_end(i)  # ("This is coreutils.info, produced by makeinfo version 6.7 from" over "coreutils.texi.")
            out.append(Block("markup", a, lines[j][1]))
            i = j + 1
            continue
        if _CONTENTS_ITEM.match(s) and i + 1 < n and _CONTENTS_ITEM.match(line(i + 1)):
            # A list of links into the page is its table of contents: the headings again.
            j = i
            while j + 1 < n and _CONTENTS_ITEM.match(line(j + 1)):
                j += 1
            out.append(Block("markup", a, lines[j][1]))
            i = j + 1
            continue
        if fence or _DELIMITER.match(s):
            # (A delimiter that underlines a title was taken with its title below.)
            marker = fence.group(1) if fence else s.strip()
            j = i + 1
            while j < n and not line(j).strip().startswith(marker):
                j += 1
            if j < n or fence:
                out.append(Block("code", a, lines[min(j, n - 1)][1]))
                i = j + 1
                continue
        nxt = line(i + 1) if i + 1 < n else ""
        # A line that reads as markup is a heading when underlined as reST asks: "[general]"
        # over "=========" and a blank line, in Docutils' config docs. (AsciiDoc's "[NOTE]"
        # or "[source,shell]" over "====" or "----" opens a block whose text follows.)
        # (In a literal block, "  [pager]" is the first line of the example.)
        if _MARKUP.match(s) and not (after_blank and nxt.strip()[:1] == "=" and _is_underline(nxt, s)
                                     and len(nxt.strip()) >= len(s.strip()) and blank(i + 2)) \
                and not (after_blank and s.strip().startswith("[") and _LITERAL_INDENT.match(s) and literal_follows(i)):
            out.append(Block("markup", a, b))
            i += 1
            continue
        if after_blank and not _UNDERLINE.match(s) and _is_underline(nxt, s, shorter=True) and not _BULLET.match(s):
            level = underline_levels.setdefault(nxt.strip()[0], len(underline_levels) + 1)
            out.append(_heading(text, a, b, level))
            i += 2
            continue
        if _ATX.match(s):
            marked = atx(i)
            if marked:
                out.append(_heading(text, a, b, len(marked.group(1))))
                i += 1
            else:  # the example the comment belongs to
                j = paragraph_end(i)
                out.append(Block("code", a, lines[j][1]))
                i = j + 1
            continue
        if _RULE.match(s):
            out.append(Block("rule", a, b))
            i += 1
            continue
        if _TABLE.match(s):
            j = paragraph_end(i, _TABLE.match)
            out.append(Block("table", a, lines[j][1]))
            i = j + 1
            continue
        if _DOCTEST.match(s) and after_blank:
            j = paragraph_end(i)
            out.append(Block("code", a, lines[j][1]))
            i = j + 1
            continue
        term = _TERM.match(s)
        if term and not _INDENTED.match(s) and _describes(i):
            out.append(Block("heading", a + term.start(1), a + term.end(1), level=TERM_LEVEL))
            i += 1
            continue
        if after_blank and not _INDENTED.match(s) and _LITERAL_INDENT.match(s) and literal_follows(i):
            j = indented_through(i)
            out.append(Block("code", a, lines[j][1]))
            i = j + 1
            continue
        # (or right under a heading or a line ending in ":": "## Download Options:" in yt-dlp's
        # README.md, "Options:" in --help output)
        if _OPTION.match(s) and (after_blank or (out and out[-1].kind == "heading" and out[-1].end >= lines[i - 1][0])
                                 or line(i - 1).rstrip().endswith(":") and not _OPTION.match(line(i - 1))):
            entries, j = option_entries(i)
            if entries:
                out += entries
                i = j
                continue
        if after_blank and not _INDENTED.match(s) and not _BULLET.match(s) and DASH_ENTRY.match(s):
            entries, j = dash_entries(i)
            if entries:
                out += entries
                i = j
                continue
        if _INDENTED.match(s) and after_blank:
            # Each indented paragraph is judged on its own (code, or prose indented under
            # a list item or a label).
            j = paragraph_end(i, _INDENTED.match)
            # (A man page's entry: its term, then the description indented deeper.)
            hanging = j > i and indent(line(i + 1)) > indent(s) and not BESIDE.match(s)
            description = text[lines[i + 1][0] : lines[j][1]] if hanging else ""
            block = text[a : lines[j][1]]
            example = next((k for k in range(i + 1, j + 1) if indent(line(k)) > indent(s)
                            and line(k - 1).rstrip().endswith(":")), None) if info and not hanging else None
            if example is not None and reads_as_prose(text[a : lines[example - 1][1]]):
                # In GNU Info, prose that ends in ":" over the example it introduces, indented
                # deeper, in one paragraph ("Be cautious of using '-n' with '-i': ... the output
                # file will be empty:" over "sed -ni 's/foo/bar/' FILE"): the prose, then code.
                out.append(Block("prose", a + indent(s), lines[example - 1][1]))
                out.append(Block("code", lines[example][0], lines[j][1]))
                i = j + 1
                continue
            # (In GNU Info, a short paragraph goes on with the description above it at its
            # indent: "This option implies '-s'." under '-i's entry.)
            above = next((k for k in range(i - 1, -1, -1) if not blank(k)), None)
            goes_on = info and above is not None and out and out[-1].kind == "prose" \
                and indent(line(above)) == indent(s) and reads_as_prose(block, least=3)
            if not (goes_on or reads_as_prose(block) or _described_beside(block)
                    or _OPTION.match(s) and reads_as_prose(block.split(None, 1)[-1], least=3)  # ("--lzip Filter the...")
                    or j == i and _BULLET.match(s) and _BULLET.sub("", s).startswith("-")  # ("○   --raw-output / -r:")
                    or hanging and reads_as_prose(description, least=3 if _OPTION.match(s) else 6)
                    # (A man page's FILES: "~/.irssi/scripts/" over "default scripts directory".)
                    or hanging and man_page and reads_as_prose(description + ".", least=2)
                    and not _SHELL_MARKS.search(description)):
                out.append(Block("code", a, lines[j][1]))
                i = j + 1
                continue
        if _DEBIAN_CHANGES.match(s):
            out.append(Block("markup", a, b))
            i += 1
            continue
        if man_page and (_MAN_HEADER.match(s) or after_blank and all(blank(k) for k in range(i + 1, n))
                         and _MAN_FOOTER.match(s)):  # (not "| Number | Description |" closing another text)
            out.append(Block("markup", a, b))
            i += 1
            continue
        if named and a <= named.start(2) < b:
            j = paragraph_end(i)
            out.append(Block("markup", named.start(2), lines[j][1]))  # (the page's title, "nft - Administration tool...")
            i = j + 1
            continue
        # (groff prints a heading in mixed case as it was written: mc(1)'s "Mouse Support")
        if man_page and after_blank and (_MAN_HEADING.match(s) or not indent(s) and _looks_like_heading(s)) \
                and len(s.strip()) > 1 and _LITERAL_INDENT.match(nxt):
            out.append(Block("heading", a, a + len(s.rstrip()), level=UNMARKED_LEVEL))
            i += 1
            continue
        under_heading = bool(out) and out[-1].kind == "heading" and out[-1].end >= lines[i - 1][0]
        # (One may stand over another: "   Limitations" over "   Directory timestamps aren't
        # preserved" over its text.)
        if man_page and (after_blank or under_heading) and 0 < indent(s) < body_indent and nxt.strip() \
                and (indent(nxt) > indent(s) or indent(nxt) == indent(s) and _looks_like_heading(nxt)
                     and i + 2 < n and indent(line(i + 2)) > indent(s)) and _looks_like_heading(s):
            out.append(Block("heading", a + indent(s), a + len(s.rstrip()), level=UNMARKED_LEVEL + 1))
            i += 1
            continue
        if after_blank and _HEADER.match(s) and (i + 1 < n and _HEADER.match(line(i + 1)) or _CONTENT_TYPE.match(s)):
            j = paragraph_end(i)
            if all(_HEADER.match(line(k)) or line(k)[:1] in " \t" for k in range(i, j + 1)):
                out.append(Block("markup", a, lines[j][1]))
                i = j + 1
                continue
        if margin and after_blank and text[a - len(margin) : a] == margin and not _BULLET.match(s):
            # (At an indented text's margin, a paragraph is code by its look alone: "$ foo
            # --reload", "/SET flood_max_msgs = <count>, default is 4"; a table, by its columns.)
            j = paragraph_end(i)
            if _looks_like_code(text[a : lines[j][1]]) or j > i and all(_COLUMNS.search(line(k)) for k in range(i, j + 1)):
                out.append(Block("code", a, lines[j][1]))
                i = j + 1
                continue
        bullet = _BULLET.match(s)
        j = i
        while j + 1 < n and not blank(j + 1) and not _starts_block(line(j + 1), line(j + 2) if j + 2 < n else "") \
                and not (info and _INFO_FURNITURE.match(line(j + 1))):  # ("INFO-DIR-SECTION" under the licence)
            j += 1
        kind = "item" if bullet else "prose"
        first = a + (bullet.end() if bullet else len(s) - len(s.lstrip()))
        if any(lines[k][1] - lines[k][0] > WRAP_MAX for k in range(i, j + 1)):
            # One paragraph per line: each line is a block of its own, unless it stops
            # mid-sentence and the next line goes on with it, not capitalised (a wrapped
            # paragraph with one long line, a list of addresses; not a headline).
            k = i
            while k <= j:
                ka, kb = lines[k]
                bk = _BULLET.match(line(k))
                if not bk and unmarked_heading(line(k)) and not _INDENTED.match(line(k)):  # (not "   The default is")
                    out.append(Block("heading", ka, kb, level=_unmarked_level(line(k))))
                    k += 1
                    continue
                while k < j and not PARAGRAPH_END.search(line(k)) and not _BULLET.match(line(k + 1)) \
                        and not line(k + 1).lstrip()[:1].isupper():
                    k += 1
                out.append(Block("item" if bk else "prose", ka + (bk.end() if bk else 0), lines[k][1]))
                k += 1
        elif i == j and kind == "prose" and _CAPTION.match(s) and _looks_like_heading(s):
            out.append(Block("markup", first, b))  # (it labels the table or example beside it; no section starts)
        elif i == j and blank(i + 1) and text_follows(i + 1, indent(s)) \
                and (kind == "prose" and unmarked_heading(s) or numbered_heading(i)):
            out.append(Block("heading", a, b, level=_unmarked_level(s)))
        else:
            out.append(Block(kind, first, lines[j][1]))
        i = j + 1
    return [blk for blk in out if blk.end > blk.start]


def _heading(text: str, a: int, b: int, level: int) -> Block:
    s = text[a:b]
    atx = _ATX.match(s)
    if atx:
        a, b = a + atx.start(2), a + atx.end(2)
    else:
        a, b = a + len(s) - len(s.lstrip()), a + len(s.rstrip())
    return Block("heading", a, b, level)


# The longest line read as a title over a much shorter underline.
_TITLE_CHARS = 80


def _is_underline(candidate: str, title: str, shorter: bool = False) -> bool:
    """Is `candidate` a setext/reST/AsciiDoc underline for the line `title`? About as
    long as the title (a rule or a delimiter is longer; "~~~" under a line opens a code
    block). With `shorter`, for a line standing after a blank one, a setext underline of "="
    or "-" may be much shorter, as Markdown allows and hand-written text does ("lighttpd
    configuration performance tuning (technical guidelines)" over 41 dashes), when the line
    reads as a title, a FAQ's question too (a sentence over a "---" rule is a paragraph); under the last line of a
    wrapped paragraph, such a line does not end the paragraph there."""
    c, t = candidate.strip(), title.strip()
    return bool(c and t and _UNDERLINE.match(candidate) and not _UNDERLINE.match(title)
                and not _COLUMNS.search(t)  # (a table's header: "Name/IP Address     NP  NR  Span")
                and (abs(len(c) - len(t)) <= max(3, len(t) // 3)
                     or shorter and len(c) < len(t) and c[0] in "=-" and len(t) <= _TITLE_CHARS and t[-1] != "."))


def _is_overline(candidate: str, title: str, under: str) -> bool:
    """Are `candidate` and `under` a reST overline and underline around the line `title`?
    As reST asks, they are at least as long as the title (AsciiDoc's "====" around "A note."
    opens an example block). Dashes and dots also delimit AsciiDoc listings, often of one
    line ("------------" / "$ git branch" / "------------"): between those, the title must
    read as a heading, not as code."""
    c = candidate.strip()
    if not (under.strip() == c and len(c) >= len(title.strip()) and _is_underline(candidate, title)):
        return False
    return _marks_heading(c, title)


def _marks_heading(mark: str, title: str) -> bool:
    """Does this underline or overline make `title` a heading? Dashes and dots also
    delimit AsciiDoc listings, often of one line: between those, it must read as one."""
    return mark.strip()[0] not in "-." or (_looks_like_heading(title) and not CODE_CHARS.search(title))


def underlined(text: str, a: int, b: int) -> bool:
    """Is the line holding text[a:b] underlined (or overlined) as a heading, as Markdown,
    reST and AsciiDoc mark one?"""
    start, end = text.rfind("\n", 0, a) + 1, text.find("\n", b)
    end = len(text) if end < 0 else end
    line = text[start:end]
    after = text[end + 1 :].split("\n", 1)[0] if end < len(text) else ""
    before = text[: max(start - 1, 0)].rsplit("\n", 1)[-1] if start else ""
    return any(_is_underline(mark, line) and _marks_heading(mark, line) for mark in (after, before))


def _starts_block(s: str, nxt: str) -> bool:
    """Does this line begin a new block rather than continue a paragraph?"""
    return bool(_BULLET.match(s) or _ATX.match(s) or _FENCE.match(s) or _TABLE.match(s) or _MARKUP.match(s)
                or _RULE.match(s) or _is_underline(nxt, s))


def indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _plain(tokens: list[str]) -> int:
    """How many of the tokens are plain words (`_PLAIN_WORD`)."""
    return sum(bool(_PLAIN_WORD.match(t)) for t in tokens)


def reads_as_prose(block: str, least: int = 6) -> bool:
    """Words, mostly plain, ending as a sentence does; at least `least` of them (fewer
    under an option's term: "-j, --bzip2" over "Filter the archive through bzip2(1).")."""
    tokens = block.split()
    plain = _plain(tokens)
    return len(tokens) >= least and plain >= 0.7 * len(tokens) and block.rstrip().rstrip(")")[-1:] in ".?!:"


# A term with its description beside it, as a man page lists them: "~.      Disconnect."
TERM_BESIDE = re.compile(r"^[ \t]*\S+[ \t]{2,}(?=[A-Z])")


def _described_beside(block: str) -> bool:
    """Is the block one term and its description in words, however short ("~^Z     Background
    ssh.")? (A line of code has no capitalised sentence two spaces after its first word.)"""
    beside = TERM_BESIDE.match(block)
    description = block[beside.end():].split() if beside else []
    plain = _plain(description)
    return bool(description) and plain >= 0.7 * len(description) and block.rstrip().rstrip(")")[-1:] in ".?!"


def _looks_like_heading(s: str) -> bool:
    """A short line standing alone with no closing punctuation: a title or heading
    written without markup."""
    t = s.strip()
    return len(t) <= 80 and len(t.split()) <= 12 and not _SENTENCE_END.search(t) and t[:1].isupper() \
        and ", " not in t and not _TWO_SENTENCES.search(t) and not _BROKEN_OFF.search(t) and not _COLUMNS.search(t)


def _unmarked_title(s: str) -> bool:
    """A heading written without markup, which after a multi-level section number may
    begin in lower case ("3.142. imap_keepalive"); never a FAQ's answer ("A:   Just put the
    following line in your ~/.screenrc: startup_message off")."""
    numbered = _SECTION_NUMBER.match(s)
    if not numbered:
        label = FAQ_LABEL.match(s)
        return _looks_like_heading(s) and not (label and label.group(1) in ("A", "Answer"))
    rest = s[numbered.end():].strip()  # (a FAQ's numbered question is its heading: "1.6 Where can I get it?",
    # "2.3 If mc hangs, what can I do?", "4.1 Why is X (the viewer) slow?")
    return bool(rest) and len(s.strip()) <= 80 and len(rest.split()) <= 12 \
        and (rest.endswith("?") or not _SENTENCE_END.search(rest) and ", " not in rest)


def _unmarked_level(s: str) -> int:
    """A heading without markup ranks by its number: "Chapter 8. Performance Tuning" over
    "5. SMTP Support" over "8.1. Header Caching" over "8.1.2. ..." over one without a
    number (a "Note" in a section is under it)."""
    if _CHAPTER.match(s):
        return CHAPTER_LEVEL
    if _TOP_NUMBER.match(s):
        return CHAPTER_LEVEL + 1
    numbered = _SECTION_NUMBER.match(s)
    return min(CHAPTER_LEVEL + 1 + numbered.group(1).count("."), UNMARKED_LEVEL - 1) if numbered else UNMARKED_LEVEL


_MARKDOWN_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\s]*\)")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")
_OUTLINE_STARS = re.compile(r"^\*+[ \t]+(?=\S)")
_INTERPRETED_REFERENCE = re.compile(r"`([^`]+)`__?(?!\w)")
_WORD_REFERENCE = re.compile(r"^([^_\s]\S*?)__?([,.;:!?)]*)$")


def heading_words(heading: str) -> str:
    """A heading as a section path or a title shows it: one line, without reST's reference
    marks ("Docutils_ Hacker's Guide", "`Sorting`_ HOW TO"; not the underscores of
    "__init__" or "raw_enabled") nor HTML's tags in Markdown ("the <code>-f</code> flag")."""
    plain = _INTERPRETED_REFERENCE.sub(r"\1", " ".join(_INLINE_TAG.sub("", heading).split()))
    plain = _MARKDOWN_LINK.sub(r"\1", _MARKDOWN_IMAGE.sub("", plain))  # ("RSNAPSHOT [![Build Status](...)](...)")
    plain = _OUTLINE_STARS.sub("", plain)  # (an outline's "** lftp-4.5.x")
    return " ".join(_WORD_REFERENCE.sub(r"\1\2", word) for word in plain.split())


def sections(text: str, all_blocks: list[Block], title: str = "") -> list[Section]:
    """Section starts in order, each with its heading path (the article's own title, when
    it is the first heading, left out: citations show the title already)."""
    stack: list[tuple[int, str]] = []
    out = [Section(0, ())]
    for block in all_blocks:
        if block.kind != "heading":
            continue
        heading = heading_words(text[block.start : block.end])
        while stack and stack[-1][0] >= block.level:
            stack.pop()
        if heading and heading.lower() != " ".join(title.split()).lower():  # (a title's no-break spaces too)
            stack.append((block.level, heading))
        out.append(Section(_line_after(text, block.end), tuple(h for _, h in stack)))
    return out


def _line_after(text: str, offset: int) -> int:
    """Where the line after the one holding `offset` begins, past a title's underline."""
    heading_line = text[text.rfind("\n", 0, offset) + 1 : offset]
    after = text.find("\n", offset)
    if after < 0:
        return len(text)
    after += 1
    stop = text.find("\n", after)
    nxt = text[after : stop if stop >= 0 else len(text)]
    return after + len(nxt) + 1 if _is_underline(nxt.rstrip("\r"), heading_line, shorter=True) else after


def is_fence(line: str) -> bool:
    """Does the line open or close a code block (Markdown's ``` or ~~~, AsciiDoc's ----)?"""
    return bool(_FENCE.match(line) or _DELIMITER.match(line))
