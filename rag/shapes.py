"""What a line of text looks like, alone or with its neighbours: a heading's underline, a
bullet, a fence, a man page's header or an Info node's furniture, prose or code; and what a
whole text is (a man page, an Info file, a text indented as a whole: `text_margin`). The
patterns and tests `rag.structure` reads blocks with (and `rag.sentences` sentences).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

ATX = re.compile(r"^(#{1,6}|={1,6})[ \t]+(.+?)[ \t]*(?:[ \t]\1)?[ \t]*$")
UNDERLINE = re.compile(r"^(?:([=\-~^\"'`*+#:.])\1{2,}|=(?:-=){2,}-?)[ \t]*$")  # (and "=-=-=-=", screen's FAQ)
# (AsciiDoc's is "'''" at the margin: indented, it may open a Python docstring in an example.)
RULE = re.compile(r"^(?:[ \t]*([-*_=~])(?:[ \t]*\1){2,}|(')\2{2,})[ \t]*$")
FENCE = re.compile(r"^[ \t]*(```+(?![^\n]*`)|~~~+)")  # (CommonMark: "```a``` b" is inline code, no fence)
# AsciiDoc listing and literal blocks: a line of 4+ dashes or dots after a blank line; or
# a line of dashes with scissors ("---%<------", as Dovecot's wiki marks its examples).
DELIMITER = re.compile(r"^(-{4,}|\.{4,}|-+(?:%<|>8|8<|✂)-+)[ \t]*$")
ITEM_NUMBER = re.compile(r"^[ \t]*(\d{1,3})[.)][ \t]+(?=\S)")
TABLE = re.compile(r"^[ \t]*(\||\+[-=+]{2,})")
# Keys as a key table gives them: "M-a", "a, M-a", "SPC, C-v, +, PGDN", "C-x C-c" (not "less", "30").
_KEY = r"(?:[CMSA]-\S{1,5}|[A-Z]{2,5}|[^\s|,\w]|\w)"
_KEYS = _KEY + r"(?:(?:,[ \t]*|[ \t]+)" + _KEY + r")*"
# A table's row of two cells, a term of a few words and what describes it: "| MAGICK_OCL_DEVICE |
# Set to off to disable hardware acceleration of certain accelerated algorithms. |".
# A line that gives a default as a field: "Default: 3", "Default: /usr/share/ssl/certs/vsftpd.pem".
DEFAULT_FIELD = re.compile(r"^[ \t]*defaults?(?:[ \t]+values?)?[ \t]*:[ \t]*\S", re.I)
# A cell that labels the value beside it: "Default", "Default value:", "Syntax:".
LABEL_CELL = re.compile(r"^(?:[^:|]*:|(?:default|type|values?|range|syntax|context|status|module|units?|since)(?:\s+value)?)$", re.I)
# (Or its term, a cell or two of keys, and its description: a key table's row, "| ADD_BOOKMARK |
# M-a | a, M-a | Add current page to bookmarks |".)
DESCRIBED_ROW = re.compile(r"^[ \t]*\|[ \t]*(?P<term>[^|\s](?:[^|\s]|[ \t](?=[^|\s])){0,39})[ \t]*"
                           r"(?P<keys>(?:\|[ \t]*" + _KEYS + r"[ \t]*){0,2})\|[ \t]*(?P<about>[^|]*[^|\s])[ \t]*\|[ \t]*$")
BULLET = re.compile(r"^([ \t]*)(?:[-*+•○◦▪‣]|\d{1,3}[.)]|[a-zA-Z][.)]|\*{2,}|\.{1,2}(?=[ \t]))[ \t]+(?=\S)")
# AsciiDoc labelled list ("term::", "term;;"): in FAQ and manual pages, the question or
# option its indented text answers.
TERM = re.compile(r"^(\S.*?)(::|;;)[ \t]*$")
# AsciiDoc and reST lines that are markup, not text: anchors, attributes (set, or unset:
# ":toc!:"), comments,
# directives, list continuations, reST's anonymous hyperlink targets ("__ url").
MARKUP = re.compile(
    r"^[ \t]*(\[\[.*\]\]|\[[\w ,=\"'.#-]*\]|:!?[\w-]+!?:(?:[ \t].*)?|//.*|\+|(ifn?def|endif|include|image|toc)::.*|\.\. .*|__ \S.*)[ \t]*$"
)
# A release's version in brackets, standing alone as a changelog heads its entries ("[1.4.0]",
# "[v2.1] - 2021-03-04"): no AsciiDoc attribute list is a bare version.
VERSION_LABEL = re.compile(r"^\[v?\d+(?:\.\d+)+[\w.+~-]*\](?:[ \t]+(?:-[ \t]+)?\d{4}-\d\d-\d\d)?[ \t]*$")
HTML_COMMENT = re.compile(r"^<!--")  # (at the margin: not a line of indented code)
# A reST comment: ".." alone, or before text that is no directive, target, footnote or
# substitution; the lines indented under it are the comment's.
REST_COMMENT = re.compile(r"^\.\.(?:[ \t]+(?![_\[|]|[\w.:-]+::)\S.*)?[ \t]*$")
HTML_HEADING = re.compile(r"^<h([1-6])(?:\s[^>]*)?>", re.I)
# A line of HTML tags alone in Markdown: a README's logo and badges ("<p align="center"><img
# src="..." alt="Zstandard"></p>", "<br/>"), markup around no text of its own.
# (HTML's elements: not an autolink, "<https://nodejs.org/download/>", nor mutt's function
# "<check-stats>" over its description.)
_HTML_ELEMENT = (r"(?:a|abbr|article|aside|b|blockquote|br|center|code|dd|details|div|dl|dt|em|figcaption|figure|font"
                 r"|h[1-6]|header|footer|hr|i|iframe|img|kbd|li|link|meta|nav|ol|p|picture|pre|section|small|source"
                 r"|span|strong|sub|summary|sup|svg|table|tbody|td|th|thead|tr|u|ul|video)")
HTML_TAGS_ONLY = re.compile(rf"^[ \t]*(?:</?{_HTML_ELEMENT}(?:\s[^<>]*)?/?>[ \t]*)+$", re.I)
# An AsciiDoc attribute's entry (":page-name: F.A.Q.") and a reference to it ("= rdiff-backup:
# {page-name}"), which AsciiDoc fills in.
_ATTRIBUTE_ENTRY = re.compile(r"^:(\w[\w-]*):[ \t]+(\S.*?)[ \t]*$", re.M)
_ATTRIBUTE_REFERENCE = re.compile(r"\{(\w[\w-]*)\}")


def attributes(text: str) -> dict[str, str]:
    """The AsciiDoc attributes a text sets in its header, by name: the lines it opens with
    (after its "= Title"), to the first blank line. (Not a reST field list's ":Version: 2.1"
    under its title, nor a line in a code listing.)"""
    found: dict[str, str] = {}
    for k, line in enumerate(text.lstrip("\ufeff").split("\n")):
        entry = _ATTRIBUTE_ENTRY.match(line.rstrip("\r"))
        if entry:
            found.setdefault(entry.group(1).lower(), entry.group(2))
        elif not (k == 0 and line.startswith("= ") or line.startswith((":", "//"))):  # (the title; an attribute set bare; a comment)
            break
    return found


def filled(line: str, values: dict[str, str]) -> str:
    """A line with its references to the attributes set ("{page-name}") filled in, as
    AsciiDoc shows it; a reference to none is left as written."""
    return _ATTRIBUTE_REFERENCE.sub(lambda ref: values.get(ref.group(1).lower(), ref.group(0)), line) if values else line


# A line of images and links alone: a README's badges and links to its site, Markdown's
# ("[![Build Status](https://...)](https://...)") or AsciiDoc's ("image:https://...[License]",
# "link:https://rdiff-backup.net/[*website*] ."), set apart by spaces, "|", "." or ",".
_MARKDOWN_LINK_OR_IMAGE = r"!?\[(?:[^\[\]\n]|!\[[^\]\n]*\]\([^)\s]*\))*\]\([^)\s]*\)"
_ASCIIDOC_LINK_OR_IMAGE = r"(?:image|link|xref):[^\s\[]*\[[^\]\n]*\]"
LINKS_ONLY = re.compile(rf"^(?:(?:{_MARKDOWN_LINK_OR_IMAGE}|{_ASCIIDOC_LINK_OR_IMAGE})[ \t]*(?:[|.,·][ \t]*)?)+$")  # (one way to read the spaces: no backtracking)
CONTENTS_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}\.)[ \t]+\[[^\]\n]+\]\(#[^)\s]*\)[ \t]*$")
# GNU Info's furniture: the node separator (a line of U+001F), the node's header ("File:
# coreutils.info,  Node: ls invocation,  Next: ..., Up: ...") and its menu ("* Menu:" over
# "* cp invocation::     Copy files."): where the reader is, not what the manual says. So
# are the file's first line ("This is sed.info, produced by makeinfo ...") and its entry in
# the directory of manuals ("INFO-DIR-SECTION ..." and "* sed: (sed).   Stream EDitor."), and
# at its end the index's marker ("\0\b[index\0\b]"), the table of nodes' offsets ("Tag
# Table:", "Node: Top\x7f8614", "End Tag Table") and Emacs' "Local Variables:".
INFO_FILE = re.compile(r"^File: ([^,\s]+\.info)(?:-\d+)?,[ \t]+Node: ", re.M)
INFO_FURNITURE = re.compile(r"^(?:\x1f|File: [^,\s]+\.info(?:-\d+)?,[ \t]+Node: .*|\* Menu:.*|\* [^:\n]+::.*"
                             r"|\* [^:\n]+:[ \t]+(?:\([^)\n]*\)[^.\n]*|[^.\n]+)\.(?:[ \t].*)?"  # ("* Name: (file)Node.")
                             r"|This is [^,\s]+\.info, produced by .*|INFO-DIR-SECTION .*|(?:START|END)-INFO-DIR-ENTRY"
                             r"|.*\x00\x08\[.*|(?:End )?Tag Table:?|(?:Node|Ref): .*\x7f\d+|Local Variables:)[ \t]*$")
# An Info file's top node, whose heading is the manual's title ("GNU 'sed'").
INFO_TOP = re.compile(r"^File: [^,\s]+\.info,[ \t]+Node: Top,.*$", re.M)

# Vim's help files open with their tag ("*fold.txt*   For Vim version 9.0."); an example
# follows a line ending in " >" (Vim 9.1: " >vim"), indented, to a line opening with "<" or
# the next at the margin; a line may open with a link ("|foldlevel()| can be useful...").
VIM_HELP = re.compile(r"\A\*[\w.+-]+\.txt\*[ \t]")
VIM_EXAMPLE_OPENS = re.compile(r"(?:^|[ \t])>[a-z0-9]*[ \t]*$")
VIM_LINK = re.compile(r"^[ \t]*\|[^|\s]+\|(?![^|]*\|[ \t]*$)")  # (not a table's row, "| TOR | VMS |")

INDENTED = re.compile(r"^(    |\t)")
# A man page's section heading as `man` prints it: a line in capitals at the margin over
# the section's text, indented ("ESCAPE CHARACTERS" over "     When a pseudo-terminal...").
MAN_HEADING = re.compile(r"^[A-Z][A-Z0-9]*(?:[ &,-]{1,2}[A-Z][A-Z0-9]*){0,5}[ \t]*$")
# Its header and footer lines: "SSH(1)     BSD General Commands Manual     SSH(1)" over
# the page (or "NFT(8)     NFT(8)", "UFW FRAMEWORK(8)   May 2023   UFW FRAMEWORK(8)"), "BSD
# November 28, 2022     BSD" or "rsync 3.5.0   04 Nov 2026   rsync(1)" under it (indented
# too: "          09/16/2023          NFT(8)"). Both are read as such only in a man page.
MAN_HEADER = re.compile(r"^((?:\S+ )*\S+\(\w+\))(?:[ \t]{3,}\S.*?)?[ \t]{3,}\1[ \t]*$", re.M)
MAN_FOOTER = re.compile(r"^[ \t]*(\S+)(?: \S+)*(?:[ \t]{3,}\S.*?\S)?[ \t]{3,}(?:\1|(?:\S+ )*\S+\(\w+\))[ \t]*$")
# Its NAME section's line: indented as all of its text is, and the page's name.
_MAN_NAME = re.compile(r"^NAME[ \t]*\n([ \t]+)(\S.*)", re.M)
_MAN_PAGE = re.compile(r"[\ufeff\r\n]*" + MAN_HEADER.pattern.removeprefix("^"), re.M)  # (its first line)
MAN_NAME_WITHIN = 4000


def is_man_page(text: str) -> bool:
    """Is the text a man page as `man` prints it (its first line man's header)?"""
    return _MAN_PAGE.match(text) is not None


def man_name(text: str) -> re.Match[str] | None:
    """A man page's NAME line (group 1 its indent, group 2 its words); None for other texts."""
    return _MAN_NAME.search(text, 0, MAN_NAME_WITHIN) if is_man_page(text) else None


# An option of a command's --help, at the start of an indented line ("    -R, --retries N"),
# and its description beside it, after a run of spaces.
OPTION = re.compile(r"^[ \t]+--?[\w?@#]")
BESIDE = re.compile(r"[ \t]*\S+(?: \S+)*[ \t]{2,}[A-Za-z(\"'`]")  # (not "-rw-r--r--  1 alice": a listing's line)
# reST indents a literal block (after a paragraph ending in "::") by any amount, often three.
LITERAL_INDENT = re.compile(r"^[ \t]+\S")
# A reST doctest block: Python's interactive prompt and what it printed, to a blank line.
DOCTEST = re.compile(r"^[ \t]*>>> ")
# Mail and HTTP style header lines ("From: ...", "Content-type: ..."): metadata, not text,
# when a whole block is made of them (two or more, or a MIME type alone). (Not a reference
# entry's "Type: number" over "Default: 300", with no-break spaces in mutt's manual: "What
# is the default value of imap_keepalive?" is answered by it.)
# (Not a FAQ's labels, "Q: How can I see the greeting?" over "A: Try `debug 3'.": lftp's.)
HEADER = re.compile(r"^(?!(?:Q|A|Question|Answer):)[A-Z][A-Za-z]*(-[A-Za-z]+)*: \S")
# ("Content-type: text/asciidoc" alone over a git how-to.)
CONTENT_TYPE = re.compile(r"^Content-[Tt]ype: [\w.+-]+/[\w.+-]+(;.*)?\s*$")
# A field ("Added: v2.0", "Status: draft"): a label of one or two words, a colon, a value.
# ("Chapter 1: Getting started", "Appendix A: Tables" are headings: an index ends the label.)
FIELD = re.compile(r"^[ \t]*[A-Z][\w-]*(?: [A-Za-z][\w-]+)?: \S")
# A multi-level section number opening a heading written without markup ("8.1. Header
# Caching", "3.142. imap_keepalive": a manual rendered as plain text). A single-level one
# ("5. SMTP Support") is a list item's, unless the text numbers its headings so and the
# line stands alone at the margin. A chapter's label ranks above them all, and headings
# without a number (a "Note") below them.
# (Three levels at most: "192.168.1.1 gateway" is an address.)
SECTION_NUMBER = re.compile(r"^[ \t]*(\d{1,3}(?:\.\d{1,3}){1,2})\.?[ \t\u00a0]+(?=\S)")
TOP_NUMBER = re.compile(r"^\d{1,3}\.[ \t\u00a0]+(?=\S)")
# A FAQ's labels, at a line's start (past spaces and emphasis): "Q:   Why is it...", "A: Just
# put...", "**Question:**". (Not "q. Fixed a bug..." of a lettered list, nor "-A: ...".)
FAQ_LABEL = re.compile(r"^[ \t*_]*(Q|A|Question|Answer)[ \t]*:[ \t*_]*(?=\S)")
# A caption standing alone: "Example 12. Usage of --show-summary", "Table 3: Outgoing Ports
# Used for Network Printers" (DocBook's and CUPS's pages).
CAPTION = re.compile(r"^[ \t]*(?:Example|Table|Figure|Listing)[ \t\u00a0]+\d+(?:[.-]\d+)*[.:][ \t\u00a0]+\S")
_CHAPTER = re.compile(r"^[ \t]*(?:Chapter|Appendix|Part)[ \t\u00a0]+[\dA-Z][\dA-Z.]*(?:[:\t \u00a0]|$)")
UNMARKED_LEVEL = 50
CHAPTER_LEVEL = 46  # (then 47 for "5.", 48 for "8.1.", 49 for any deeper number)
# Characters of commands, paths and markup, rare in headings.
CODE_CHARS = re.compile(r"[$/=<>{}\[\]|\\`]")
# A command after a root shell's prompt: "# chronyd -q -t 1 'server pool.ntp.org iburst'".
ROOT_PROMPT = re.compile(r"#[ \t]+[a-z][\w.-]*(?:[ \t]+\S+)*?[ \t]+(?:-{1,2}[A-Za-z]|['\"/$|<>]|[\w@.-]*\.(?:service|socket|timer|target|path|mount)\b)")
# A Debian changelog's (and NEWS.Debian's) entry header and trailer: "openvpn (2.4.9-3)
# unstable; urgency=medium", " -- Bernhard Schmidt <berni@debian.org>  Mon, 23 May 2022 ...".
DEBIAN_CHANGES = re.compile(r"^(?:[a-z0-9][a-z0-9+.-]+ \([^()\s]+\)(?: [a-z][\w/-]*)+; urgency=\w+.*"
                             r"|[ ]--[ ].*<[^<>\s]+>[ \t]+\w{3}, +\d{1,2} \w{3} \d{4}.*)$")
# A sentence that stops before what it introduces: "An example configuration of the client
# instance could be" over the configuration.
# (In lower case only: "Appendix A", "Part A" and "Class A" are headings.)
_BROKEN_OFF = re.compile(r"\s(?:the|a|an|be|is|are|was|were|of|to|could|would|should|can|will|and|or|by|with|from"
                         r"|into|than|as)$")
# Words set out in columns: two gaps of two spaces or more inside a line, or one of three
# ("Name            Default", "Ctrl-A    Move to the start"), but not a numbered heading's
# ("2.1   Installation", "Chapter 3   Setup").
COLUMNS = re.compile(r"\S {2,}(?=\S)(?:.*\S)? {2,}\S|^(?![ \t]*(?:(?:Chapter|Appendix|Part|Section)[ \t]+)?"
                      r"[\dA-Z](?:[\d.]*\d)?\.?[ \t]{3,}\S).*\S {3,}\S")
_SENTENCE_END = re.compile(r"[.!?:;,)\"”’']$")
# A sentence ends and another begins: "Update GNU Screen to the last version. This bug was
# fixed in" is no heading (not "Mr. Smith", "Chapter 5. Tuning", "Git vs. Mercurial", "Tools
# etc. Compared").
_TWO_SENTENCES = re.compile(r"(?<![A-Za-z])(?!vs\.|etc\.)[A-Za-z]*[a-z]{2}[.!?]\s+[A-Z][a-z]")
PARAGRAPH_END = re.compile(r"[.!?:;)\"”’'][ \t]*$")
_PLAIN_WORD = re.compile(r"^[(\"“]?(?:[A-Za-z][a-z’'-]*|[A-Z][A-Z0-9]+)[)\"”,.;:?!]*$")  # (a value: "INFO,")


# A text's margin is an indent that this share of its lines or more sit at, most words,
# with headings to the left of it (this share of what is there, or more).
MARGIN_SHARE = 0.5
HEADINGS_SHARE = 0.8
_LEADING = re.compile(r"^([ \t]+)(?=\S)(.*)", re.M)


@lru_cache(maxsize=16)  # (an article's blocks are read a few times in a row; not every text kept)
def text_margin(text: str) -> str:
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
    if not INDENTED.match(margin) or len(held) < MARGIN_SHARE * len(written):
        return ""
    # What stands to the left of the margin is headings, nearly all (not a changelog's
    # entries, nor prose with its examples indented).
    width = len(margin.expandtabs())
    left = [line for line in written if len(line[: _leading(line)].expandtabs()) < width]
    if sum(map(_heading_like, left)) < HEADINGS_SHARE * len(left):
        return ""
    tokens = " ".join(held).split()
    return margin if _plain(tokens) >= 0.7 * len(tokens) else ""


# Documentation written as a configuration file's comments (squid.conf.documented, where
# every line of text opens with "#"): when at least this share of the text's lines are such
# comments, in runs of two or more (a Markdown changelog's "## 1.0" and "### Fixed" stand
# alone between blank lines), it is read past its comment marks.
COMMENTED_SHARE = 0.6
_COMMENT_RUN = re.compile(r"^#.*\n(?:#.*(?:\n|$))+", re.M)
_COMMENT = re.compile(r"^#+([ \t]*)(\S?)", re.M)


@lru_cache(maxsize=16)
def comment_margin(text: str) -> str | None:
    """The indent a commented text's prose sits at past its "#" ("\t" in squid's "#\tEmail-
    address of local cache manager..."), or None when the text is not written in comments:
    a man page, an Info manual, a Markdown file whose "# Title" lines are a few among many."""
    if is_man_page(text) or INFO_FILE.search(text):
        return None
    runs = [m.group() for m in _COMMENT_RUN.finditer(text)]
    comments = sum(run.count("\n") + (not run.endswith("\n")) for run in runs)
    written = sum(1 for line in text.split("\n") if line.strip())
    if comments < 20 or comments < COMMENTED_SHARE * written:
        return None
    indents = Counter(indent for run in runs for indent, said in _COMMENT.findall(run) if said)
    return indents.most_common(1)[0][0] if indents else ""


def past_comment(line: str, margin: str) -> int:
    """Where a line of a commented text starts: past its "#" marks and as much of its indent
    as the comments' margin is wide (all of a shallower one: "#  TAG: cache_mgr" over
    "#\tEmail-address..."; eight spaces for a tab); 0 for a line that is no comment."""
    marks = len(line) - len(line.lstrip("#"))
    if not marks:
        return 0
    width, at = len(margin.expandtabs()), marks
    while at < len(line) and line[at] in " \t" and len(line[marks : at + 1].expandtabs()) <= width:
        at += 1
    return at


def left_of_comments(line: str, margin: str | None) -> bool:
    """Does a commented text's comment line stand out to the left of the comments' margin
    ("#  TAG: cache_mgr" beside "#\tEmail-address...")?"""
    marks = len(line) - len(line.lstrip("#"))
    rest = line[marks:]
    return margin is not None and margin != "" and marks > 0 \
        and len(rest[: _leading(rest)].expandtabs()) < len(margin.expandtabs())


# A line marking a heading: "# Title", or an underline ("=====", "-----").
_MARKS_HEADINGS = re.compile(r"^(?:#{1,6}[ \t]+\S|([=\-~^*+#])\1{2,}[ \t]*$)", re.M)
_NUMBERED = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?[ \t]+")


def _leading(line: str) -> int:
    """How many spaces and tabs the line opens with."""
    return len(line) - len(line.lstrip(" \t"))


def _heading_like(line: str) -> bool:
    """A short line standing as a title, numbered or not ("0. Generic babbling", "Index")."""
    rest = _NUMBERED.sub("", line.strip())
    return bool(rest) and (looks_like_heading(rest) or unmarked_title(line.strip()))


# Marks of shell code in a description (gapplication(1)'s '-*)' over 'echo "unrecognised
# commandline argument"' and ';;').
SHELL_MARKS = re.compile(r";;|[$`{}=<>|\\]")


# A command or setting with its description beside it after a dash: "/DISCONNECT recon-1
# - stop trying to reconnect to RECON-1 server".
DASH_ENTRY = re.compile(r"^\S[^\n]*?\S([ \t]+)-[ \t]+[A-Za-z]")


def looks_like_code(block: str) -> bool:
    """Fewer than half its words plain, and marks of code among them."""
    tokens = block.split()
    return _plain(tokens) < 0.5 * len(tokens) and bool(CODE_CHARS.search(block))


def past_margin(line: str, margin: str) -> int:
    """Where the line starts when read from the text's margin: past the margin, or past its
    indent when that is shallower (a heading standing out to the left: " 0.1 History")."""
    if not margin:
        return 0
    if line.startswith(margin):
        return len(margin)
    leading = _leading(line)
    return leading if len(line[:leading].expandtabs()) < len(margin.expandtabs()) else 0


# The longest line read as a title over a much shorter underline.
TITLE_CHARS = 80


def is_underline(candidate: str, title: str, shorter: bool = False) -> bool:
    """Is `candidate` a setext/reST/AsciiDoc underline for the line `title`? About as
    long as the title (a rule or a delimiter is longer; "~~~" under a line opens a code
    block). With `shorter`, for a line standing after a blank one, a setext underline of "="
    or "-" may be much shorter, as Markdown allows and hand-written text does ("lighttpd
    configuration performance tuning (technical guidelines)" over 41 dashes), when the line
    reads as a title, a FAQ's question too (a sentence over a "---" rule is a paragraph); under the last line of a
    wrapped paragraph, such a line does not end the paragraph there."""
    c, t = candidate.strip(), title.strip()
    return bool(c and t and UNDERLINE.match(candidate) and not UNDERLINE.match(title)
                and not COLUMNS.search(t)  # (a table's header: "Name/IP Address     NP  NR  Span")
                and (abs(len(c) - len(t)) <= max(3, len(t) // 3)
                     or shorter and len(c) < len(t) and c[0] in "=-" and len(t) <= TITLE_CHARS and t[-1] != "."))


def is_overline(candidate: str, title: str, under: str) -> bool:
    """Are `candidate` and `under` a reST overline and underline around the line `title`?
    As reST asks, they are at least as long as the title (AsciiDoc's "====" around "A note."
    opens an example block). Dashes and dots also delimit AsciiDoc listings, often of one
    line ("------------" / "$ git branch" / "------------"): between those, the title must
    read as a heading, not as code."""
    c = candidate.strip()
    if not (under.strip() == c and len(c) >= len(title.strip()) and is_underline(candidate, title)):
        return False
    return _marks_heading(c, title)


def _marks_heading(mark: str, title: str) -> bool:
    """Does this underline or overline make `title` a heading? Dashes and dots also
    delimit AsciiDoc listings, often of one line: between those, it must read as one."""
    return mark.strip()[0] not in "-." or (looks_like_heading(title) and not CODE_CHARS.search(title))


def underlined(text: str, a: int, b: int) -> bool:
    """Is the line holding text[a:b] underlined (or overlined) as a heading, as Markdown,
    reST and AsciiDoc mark one?"""
    start, end = text.rfind("\n", 0, a) + 1, text.find("\n", b)
    end = len(text) if end < 0 else end
    line = text[start:end]
    after = text[end + 1 :].split("\n", 1)[0] if end < len(text) else ""
    before = text[: max(start - 1, 0)].rsplit("\n", 1)[-1] if start else ""
    return any(is_underline(mark, line) and _marks_heading(mark, line) for mark in (after, before))


def starts_block(s: str, nxt: str) -> bool:
    """Does this line begin a new block rather than continue a paragraph?"""
    return bool(BULLET.match(s) or ATX.match(s) or FENCE.match(s) or TABLE.match(s) or MARKUP.match(s)
                or RULE.match(s) or is_underline(nxt, s))


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


def lines_read_as_text(block: str) -> bool:
    """Do nearly all lines of a preformatted block read as words, a man page's text in
    HTML's <pre>? At least three lines, and two sentences; no line opens with a comment's or
    an item's mark, a prompt or markup ("# Copy this file...", "- Fixed a crash", "$ make",
    ".. note::", "<linus>"), nor underlines one: the block is an example, a changelog, a
    session, a chat log."""
    lines = [line for line in block.splitlines() if line.strip()]
    if any(_MARKED_LINE.match(line) or UNDERLINE.match(line.strip()) or RULE.match(line) for line in lines):
        return False  # (nor a markup's example: "This is *not* a Document Title" over "=====")
    # (A term over its description, indented deeper, is no line of code: "LYNX_TEMP_SPACE".)
    text = [line.split() for k, line in enumerate(lines)
            if not (len(line.split()) <= 2 and k + 1 < len(lines) and indent(lines[k + 1]) > indent(line))]
    wordy = sum(len(tokens) >= 4 and _plain(tokens) >= 0.8 * len(tokens) for tokens in text)
    return len(lines) >= 3 and wordy >= 0.8 * len(text) and len(_SENTENCE_STOP.findall(block)) >= 2


_SENTENCE_STOP = re.compile(r"[a-z)][.!?](?=\s|$)")
_MARKED_LINE = re.compile(r"^[ \t]*(?:[#;%$<>*+-]|//|\.\.|:\w[\w-]*:)")
# A term with its description beside it, as a man page lists them: "~.      Disconnect."
TERM_BESIDE = re.compile(r"^[ \t]*\S+[ \t]{2,}(?=[A-Z])")


def described_beside(block: str) -> bool:
    """Is the block one term and its description in words, however short ("~^Z     Background
    ssh.")? (A line of code has no capitalised sentence two spaces after its first word.)"""
    beside = TERM_BESIDE.match(block)
    description = block[beside.end():].split() if beside else []
    plain = _plain(description)
    return bool(description) and plain >= 0.7 * len(description) and block.rstrip().rstrip(")")[-1:] in ".?!"


def looks_like_heading(s: str) -> bool:
    """A short line standing alone with no closing punctuation: a title or heading
    written without markup."""
    t = s.strip()
    return len(t) <= 80 and len(t.split()) <= 12 and not _SENTENCE_END.search(t) and t[:1].isupper() \
        and ", " not in t and not _TWO_SENTENCES.search(t) and not _BROKEN_OFF.search(t) and not COLUMNS.search(t)


def unmarked_title(s: str) -> bool:
    """A heading written without markup, which after a multi-level section number may
    begin in lower case ("3.142. imap_keepalive"); never a FAQ's answer ("A:   Just put the
    following line in your ~/.screenrc: startup_message off")."""
    numbered = SECTION_NUMBER.match(s)
    if not numbered:
        label = FAQ_LABEL.match(s)
        return looks_like_heading(s) and not (label and label.group(1) in ("A", "Answer"))
    return titled_after(numbered, s)


def titled_after(number: re.Match[str], s: str) -> bool:
    """Does the numbered line read as a heading past its number? A FAQ's numbered question
    is its heading: "1.6 Where can I get it?", "2.3 If mc hangs, what can I do?", "4.1 Why
    is X (the viewer) slow?", "5. WHY ISN'T THIS WORKING?"."""
    rest = s[number.end():].strip()
    return bool(rest) and len(s.strip()) <= 80 and len(rest.split()) <= 12 \
        and (rest.endswith("?") or not _SENTENCE_END.search(rest) and ", " not in rest)


def past_shallow_indent(line: str) -> str:
    """The line past an indent shallower than code's (linuxdoc's text: "  6.1.  slrn hangs...")."""
    return line if INDENTED.match(line) else line.lstrip(" ")


def unmarked_level(s: str) -> int:
    """A heading without markup ranks by its number: "Chapter 8. Performance Tuning" over
    "5. SMTP Support" over "8.1. Header Caching" over "8.1.2. ..." over one without a
    number (a "Note" in a section is under it)."""
    s = past_shallow_indent(s)  # ("  6.  I found a bug")
    if _CHAPTER.match(s):
        return CHAPTER_LEVEL
    if TOP_NUMBER.match(s):
        return CHAPTER_LEVEL + 1
    numbered = SECTION_NUMBER.match(s)
    return min(CHAPTER_LEVEL + 1 + numbered.group(1).count("."), UNMARKED_LEVEL - 1) if numbered else UNMARKED_LEVEL


def is_fence(line: str) -> bool:
    """Does the line open or close a code block (Markdown's ``` or ~~~, AsciiDoc's ----)?"""
    return bool(FENCE.match(line) or DELIMITER.match(line))
