"""An article's title when its file names none: the heading it opens with (a man page's NAME
line, an Info manual's top node), a first line that reads like a title, a file name of a
few words the text uses, or the first sentence, shortened."""

from __future__ import annotations

import itertools
import re

from rag import shapes, structure
from rag.text import join_broken_words, sentence_spans

MAX_TITLE_CHARS = 90
MAX_NAME_CHARS = 300  # (a man page's NAME paragraph)
# How far into the text its opening heading is looked for (past comments, directives and
# a field list of author and date, as reStructuredText documents begin).
HEADING_WITHIN = 4000


def derive_title(text: str, file_stem: str = "") -> str:
    """The heading the text opens with (after any markup lines: ".. include::", comments)
    or its first line, when it reads like a title; else the file's name when it is a few
    words ("putin-and-sharif-meet-at-the-sco-summit" -> "Putin and Sharif meet at the SCO
    Summit", each word spelt as the text spells it); else the first sentence, shortened."""
    man_page = _man_page_name(text) or _info_title(text)
    if man_page:
        return man_page
    opening = _opening_heading(text)
    if opening and len(opening.split()) <= 20 and len(opening) <= 160:
        # (A heading every document has, "Synopsis", names no document: Mercurial's help
        # topics open with one; their file's name, "hg-hgignore", tells them apart.)
        # (Nor does a changelog's first release, "[1.4.0]" heading isync's NEWS.)
        return file_stem if file_stem and (opening.lower() in _SECTION_NAMES or shapes.VERSION_LABEL.match(opening)) \
            else opening
    # The first paragraph; its line is a title when it stands alone (the first line of a
    # wrapped paragraph stops mid-sentence: "This is a jumping-off reference point for new
    # users who may be").
    # (A line goes on the sentence when it is indented as the first and opens in lower case:
    # a term's description below it is not of its paragraph, nor is the next paragraph of a
    # text saved one paragraph per line.)
    # (Past lines of HTML tags alone: a README's logo, "<p align="center"><img ...></p>".)
    lines = re.split(r"\n[ \t]*\n", text[_past_html(text):].lstrip("\ufeff\r\n").strip("\n"), maxsplit=1)[0].split("\n")
    indent = _indent(lines[0])
    # (A quote may open the next line: "Starting with rsnapshot 1.2.0, the default value for"
    # over '"rsync_long_args" has changed...'.)
    paragraph = "\n".join([lines[0], *itertools.takewhile(
        lambda line: _indent(line) == indent and line.strip().lstrip("\"'‘“(")[:1].islower(), lines[1:])]).strip()
    first_line = structure.heading_words(paragraph.split("\n", 1)[0].strip().lstrip("#").strip())
    if file_stem and shapes.FAQ_LABEL.match(paragraph):
        return file_stem  # (a FAQ's first question is not its title: lftp's "Q: I have compile/link problems.")
    if "\n" not in paragraph and _looks_like_title(first_line):
        return first_line
    stem_words = re.findall(r"[^\W_]+", file_stem)
    named = [w for w in stem_words if w.isalpha()]
    found = re.findall(r"\w+", text) if len(named) >= 3 else []
    in_text = {w.lower() for w in found}
    # A name of words the text uses ("untitled-draft-copy" is not about the text).
    if found and sum(w.lower() in in_text for w in named) >= 2 / 3 * len(named):
        # A word's spelling in the text, unless the text also has it in lower case (so
        # "The" opening a sentence stays "the", while "SCO" and "Putin" keep theirs).
        lower = {w for w in found if w.islower()}
        spelt = {w.lower(): w for w in reversed(found) if not w.islower() and w.lower() not in lower}
        title = " ".join(spelt.get(w.lower(), w.lower()) for w in stem_words)
        return title[0].upper() + title[1:]
    paragraph = " ".join(paragraph.split())
    spans = sentence_spans(paragraph) or [(0, len(paragraph))]
    sentence = paragraph[spans[0][0] : spans[0][1]].rstrip(".")
    sentence = structure.heading_words(_EMPHASIS.sub(r"\2", sentence))  # (as read: "__Zstandard__, or `zstd`...")
    if " " not in sentence.strip() and not re.search(r"\d", sentence) and file_stem \
            and not (file_stem.lower() in _GENERIC_STEMS and re.search(r"[A-Za-z]", sentence)):
        # (A term over its description, "Ancestor" of a glossary, or a line of markup, "{{{",
        # is no title; a name with a version, "lftp-4.5.x", may be, and a README's "jq" is.)
        return file_stem
    if len(sentence) <= MAX_TITLE_CHARS:
        return sentence
    return sentence[:MAX_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _man_page_name(text: str) -> str:
    """A man page (as `man` prints it) is titled by its NAME line: "ssh — OpenSSH remote
    login client", not by the header over it ("SSH(1)   BSD General Commands Manual")."""
    found = shapes.man_name(text)
    if not found:
        return ""
    # (with the lines it wraps to: "nft - Administration tool of the nftables framework for
    # packet" over "filtering and classification")
    paragraph = re.split(r"\n[ \t]*\n", text[found.start(2) : found.start(2) + MAX_NAME_CHARS], maxsplit=1)[0]
    return " ".join(join_broken_words(paragraph).split())  # ("scheduled for de‐" over "struction")


def _info_title(text: str) -> str:
    """A GNU Info manual is titled by its top node's heading ("GNU 'sed'"), not by the line
    it opens with ("This is sed.info, produced by makeinfo version 6.8 from sed.texi."); a
    later file of a manual split in several (bash.info-2) by the manual's file name and the
    chapter it starts at ("bash.info (from 5 Shell Variables)"): that chapter is no title
    over the chapters after it, and the parts are told apart."""
    top = shapes.INFO_TOP.search(text)
    node = top or shapes.INFO_FILE.search(text)
    if node is None:
        return ""
    header_end = text.find("\n", node.start())
    header_end = len(text) if header_end < 0 else header_end
    node_end = text.find("\x1f", header_end)  # (a heading of the next node is not this one's)
    end = min(len(text), header_end + HEADING_WITHIN, node_end if node_end >= 0 else len(text))
    found = next((b for b in structure.blocks(text, header_end, end) if b.kind == "heading"), None)
    heading = structure.heading_words(text[found.start : found.end]) if found else ""
    if top is not None:
        return heading
    return f"{node.group(1)} (from {heading})" if heading else node.group(1)


def _opening_heading(text: str) -> str:
    """The text of the first block that is not markup or a rule (nor a comment's indented
    continuation), when that block is a heading."""
    after_markup = False
    for block in structure.blocks(text, 0, min(len(text), HEADING_WITHIN)):
        if block.kind == "heading":
            heading = shapes.filled(text[block.start : block.end], shapes.attributes(text))  # ("rdiff-backup: {page-name}")
            return structure.heading_words(heading).lstrip("#").strip()
        indented = block.start > 0 and text[block.start - 1] in " \t"
        if block.kind in {"markup", "code", "rule"} or indented and after_markup:
            after_markup = block.kind == "markup" or after_markup  # (an indented block continues it)
            continue
        return ""
    return ""


# File names that say what a file is to its package, not what it is about.
_GENERIC_STEMS = {"readme", "index", "todo", "news", "changes", "changelog", "authors", "install", "faq", "copying"}
# The headings of a section any document may have, which name no document.
_SECTION_NAMES = {"synopsis", "description", "introduction", "overview", "abstract", "summary", "preface",
                  "contents", "table of contents", "name", "about", "background"}


# Markdown's marks in pairs around words: "__Zstandard__", "**C**", "`zstd`" (not the
# underscores of "__init__.py", nor the quote of "`time' is a program").
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|`)(?=\S)(.+?)(?<=\S)\1(?!\w)")


def _past_html(text: str) -> int:
    """Where the text begins past its opening lines of HTML tags alone (and blank lines)."""
    at = 0
    for line in text.split("\n"):
        if line.strip("\ufeff \t\r") and not shapes.HTML_TAGS_ONLY.match(line.lstrip("\ufeff").rstrip("\r")):
            break
        at += len(line) + 1
    return min(at, len(text))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= 20
        and len(line) <= 160
        and not line.endswith((".", ",", ";", ":"))
        and line[0].isupper()
    )
