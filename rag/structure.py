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
It does not parse inline markup: words are found through it by `rag.text.words`. What a line
looks like (an underline, a bullet, a man page's heading, prose or code) is `rag.shapes`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag import shapes
from rag.layout_rules import LayoutRules
from rag.lines import Block
from rag.markup_rules import TERM_LEVEL, MarkupRules

__all__ = ["STRUCTURE_VERSION", "TERM_LEVEL", "Block", "Section", "blocks", "heading_words", "sections"]

# Bump when parsing changes (here, in `rag.lines`, `rag.markup_rules`, `rag.layout_rules`,
# `rag.shapes` or `rag.sentences`) or chunking does (`rag.chunk`): chunks, sections and
# sentence spans are stored in the index.
STRUCTURE_VERSION = "114"

# A paragraph whose lines are all at most this long is hard-wrapped: its lines join.
# Longer lines are whole paragraphs (text saved one paragraph per line).
WRAP_MAX = 100
_INLINE_TAG = re.compile(r"</?(?:code|kbd|em|strong|b|i|a|span|tt|var|samp)(?:\s[^<>]*)?>", re.I)


@dataclass(frozen=True)
class Section:
    """Where a heading's section begins (after the heading) and its path of headings."""

    start: int
    path: tuple[str, ...]


def blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """The blocks of text[start:end], in order, with offsets into `text`."""
    return _Reader(text, start, len(text) if end is None else end).read()


class _Reader(MarkupRules, LayoutRules):
    """Reads a text's lines into blocks, first to last. At each line, the first of the
    reader's rules that takes it (with the lines it runs on to) gives the blocks: markup and
    its headings (reST, Markdown, AsciiDoc, HTML in Markdown), GNU Info's furniture, code,
    tables of options, a man page's furniture and headings (`rag.markup_rules`,
    `rag.layout_rules`); a paragraph otherwise, here."""

    def read(self) -> list[Block]:
        rules = (self._comment_heading, self._overlined, self._html_comment, self._rest_comment, self._html_heading, self._tags_only, self._info_furniture,
                 self._contents, self._fenced, self._vim_example, self._version_heading, self._markup, self._underlined, self._atx_heading, self._rule,
                 self._table, self._doctest, self._term, self._literal, self._options, self._dash_table,
                 self._man_synopsis, self._indented, self._changes, self._man_furniture, self._man_name, self._man_heading,
                 self._man_subheading, self._mail_headers, self._margin_code)
        i = 0
        while i < self.n:
            if self.blank(i):
                i += 1
                continue
            for rule in rules:
                after = rule(i)
                if after is not None:
                    break
            else:
                after = self._paragraph(i)
            i = after
        return [blk for blk in self.out if blk.end > blk.start]

    # -- a paragraph, and headings written without markup ---------------------------------

    def _paragraph(self, i: int) -> int:
        """A paragraph or a list item, to the line before a blank one or another block; a
        paragraph of one line may be a heading written without markup."""
        s, (a, b) = self.line(i), self.lines[i]
        bullet = shapes.BULLET.match(s)
        j = i
        while j + 1 < self.n and not self.blank(j + 1) \
                and (not shapes.starts_block(self.line(j + 1), self.line(j + 2) if j + 2 < self.n else "")
                     or not bullet and self.wrapped_number(j + 1) or self.vim_help and shapes.VIM_LINK.match(self.line(j + 1))) \
                and not (self.vim_help and shapes.VIM_EXAMPLE_OPENS.search(self.line(j))) \
                and not (self.info and shapes.INFO_FURNITURE.match(self.line(j + 1))) \
                and not (self.commented and self.uncommented[j + 1]):  # ("INFO-DIR-SECTION" under the licence; a setting)
            j += 1
        kind = "item" if bullet else "prose"
        first = a + (bullet.end() if bullet else len(s) - len(s.lstrip()))
        if any(self.lines[k][1] - self.lines[k][0] > WRAP_MAX for k in range(i, j + 1)):
            self._one_per_line(i, j)
        elif i == j and kind == "prose" and shapes.CAPTION.match(s) and shapes.looks_like_heading(s):
            self.out.append(Block("markup", first, b))  # (it labels the table or example beside it; no section starts)
        elif i == j and _SEPARATOR.fullmatch(s.strip()):
            self.out.append(Block("markup", first, b))  # (it says nothing: "##" over a comment box, "::", "}")
        elif i == j and self.blank(i + 1) and self.text_follows(i + 1, shapes.indent(s)) \
                and (kind == "prose" and (self.unmarked_heading(s) or self.numbered_over_indented(i)) or self.numbered_heading(i)) \
                or j <= i + 1 and self.blank(j + 1) and self.numbered_on(i, j):
            self.out.append(Block("heading", a + len(s) - len(s.lstrip()), self.lines[j][1], level=shapes.unmarked_level(s)))
        else:
            self.out.append(Block(kind, first, self.lines[j][1]))
        return j + 1

    def _one_per_line(self, i: int, j: int) -> None:
        """One paragraph per line: each line is a block of its own, unless it stops
        mid-sentence and the next line goes on with it, not capitalised (a wrapped paragraph
        with one long line, a list of addresses; not a headline)."""
        k = i
        while k <= j:
            ka, kb = self.lines[k]
            bk = shapes.BULLET.match(self.line(k))
            if not bk and self.unmarked_heading(self.line(k)) and not shapes.INDENTED.match(self.line(k)):  # (not "   The default is")
                self.out.append(Block("heading", ka, kb, level=shapes.unmarked_level(self.line(k))))
                k += 1
                continue
            while k < j and not shapes.PARAGRAPH_END.search(self.line(k)) and not shapes.BULLET.match(self.line(k + 1)) \
                    and not self.line(k + 1).lstrip()[:1].isupper():
                k += 1
            self.out.append(Block("item" if bk else "prose", ka + (bk.end() if bk else 0), self.lines[k][1]))
            k += 1


# Marks alone that separate or close, saying nothing; not an operator or a term a description
# follows ("=~", "<=>", "--", "\\%").
_SEPARATOR = re.compile(r"#+|::|__|\.{2,3}|…|[{}]|/\*|\*/")


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
    values = shapes.attributes(text) if "{" in text else {}  # (AsciiDoc's "= {project} FAQ")
    for block in all_blocks:
        if block.kind != "heading":
            continue
        heading = heading_words(shapes.filled(text[block.start : block.end], values))
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
    return after + len(nxt) + 1 if shapes.is_underline(nxt.rstrip("\r"), heading_line, shorter=True) else after
