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

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from rag import shapes

# Bump when parsing changes (here, in `rag.shapes` or in `rag.sentences`) or chunking does
# (`rag.chunk`): chunks, sections and sentence spans are stored in the index.
STRUCTURE_VERSION = "109"
# A lone row's description beside its term and keys (a key table's, as an option's is beside its
# term) has at least this many words ("Add current page to bookmarks", w3m's); beside its term
# alone, as a sentence has ("| C-a | Move to the start |" is data).
KEY_ROW_WORDS = 4
# A man page's subsection named by one word in lower case ("   limit", "   multiport").
# A man page's section of how its command is called.
_SYNOPSIS = re.compile(r"SYNOPSIS|Synopsis|SYNTAX|Syntax|USAGE|Usage")
_MAN_NAME_ALONE = re.compile(r"[ \t]+[a-z][\w.+-]*[ \t]*")
# The most words of a numbered heading that reads as a sentence or is wrapped.
STATEMENT_HEADING_WORDS = 20
# A title boxed between two rules is this many lines at most, within this many of the top.
BOXED_TITLE_LINES = 3
TITLE_PAGE_LINES = 20

# A paragraph whose lines are all at most this long is hard-wrapped: its lines join.
# Longer lines are whole paragraphs (text saved one paragraph per line).
WRAP_MAX = 100
TERM_LEVEL = 100  # (below any heading; headings without markup rank by shapes.CHAPTER_LEVEL..UNMARKED_LEVEL)
HTML_HEADING_LINES = 4
# A comment's opening ("# "; not "#!/bin/sh", "#define", a rule of "####").
_COMMENT_OPENING = re.compile(r"[ \t]*#+[ \t]+(?=[^\s#!])")
# Words a comment that is a sentence has (not "# dcb app show dev eth0", "# Type Name ID GECOS").
_FUNCTION_WORD = re.compile(r"\b(?:the|a|an|to|of|is|are|for|in|on|if|and|or|be|by|with|this|that|it|not|will|when|from"
                            r"|at|as|can|no)\b")
_INLINE_TAG = re.compile(r"</?(?:code|kbd|em|strong|b|i|a|span|tt|var|samp)(?:\s[^<>]*)?>", re.I)
COMMENT_LINES = 40


@dataclass(frozen=True)
class Block:
    kind: str  # heading, prose, item, row (a table's row that describes its term), code, table, rule, markup
    start: int
    end: int
    level: int = 0  # headings: smaller is higher


@dataclass(frozen=True)
class Section:
    """Where a heading's section begins (after the heading) and its path of headings."""

    start: int
    path: tuple[str, ...]


def blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """The blocks of text[start:end], in order, with offsets into `text`."""
    return _Reader(text, start, len(text) if end is None else end).read()


class _Reader:
    """Reads a text's lines into blocks, first to last. At each line, the first of the
    reader's rules that takes it (with the lines it runs on to) gives the blocks: markup and
    its headings (reST, Markdown, AsciiDoc, HTML in Markdown), GNU Info's furniture, code,
    tables of options, a man page's furniture and headings; a paragraph otherwise. (The rules
    are the methods named with an underscore, each followed by the tests only it uses.)"""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        # (A line in capitals over an indented one is a man page's section heading only in a
        # man page: in reStructuredText, "HGRCPATH" over its description is a definition's term.)
        self.man_page = shapes.is_man_page(text)
        self.info = bool(shapes.INFO_FILE.search(text))  # (a GNU Info file: its menus and node headers are furniture)
        self.vim_help = bool(shapes.VIM_HELP.match(text))  # (its "|links|" open no table rows; its examples follow " >")
        # A line at the text's margin is read from it: its indent is the page's, not code's.
        self.margin = "" if self.man_page or self.info else shapes.text_margin(text)
        # A text written as a configuration file's comments is read past its "#" marks; its
        # lines that are no comment are its settings, code.
        commented = shapes.comment_margin(text)
        self.commented = commented is not None
        self.lines: list[tuple[int, int]] = []
        self.left_of_comments: list[bool] = []  # (a comment's line standing out to the left of its margin)
        self.uncommented: list[bool] = []
        at = start
        for raw in text[start:end].split("\n"):
            skip = shapes.past_margin(raw, self.margin) if commented is None else shapes.past_comment(raw, commented)
            self.lines.append((at + skip, at + len(raw.rstrip("\r"))))
            self.left_of_comments.append(shapes.left_of_comments(raw, commented))
            self.uncommented.append(self.commented and not raw.startswith("#"))
            at += len(raw) + 1
        self.n = len(self.lines)
        self.strings = [text[a:b] for a, b in self.lines]  # (each rule reads lines again: slice them once)
        self.blanks = [not s.strip() for s in self.strings]
        self.out: list[Block] = []
        self.underline_levels: dict[str, int] = {}
        self.last_heading_number: tuple[int, ...] = ()  # (see `number_goes_up`: read on from headings_read)
        self.headings_read = 0
        # Its text's indent (7 as groff prints it, 5 as mandoc does): a subsection's heading
        # stands out to the left of it ("   Compression options" over "       -a, --auto-compress").
        self.named = shapes.man_name(text)
        self.body_indent = len(self.named.group(1)) if self.named else 5
        self.in_synopsis = False  # (under a man page's SYNOPSIS heading: `_man_synopsis`)

    def read(self) -> list[Block]:
        rules = (self._comment_heading, self._overlined, self._html_comment, self._rest_comment, self._html_heading, self._html_tags, self._info_furniture,
                 self._contents, self._fenced, self._vim_example, self._markup, self._underlined, self._atx_heading, self._rule,
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

    # -- the lines --------------------------------------------------------------------

    def line(self, k: int) -> str:
        return self.strings[k]

    def blank(self, k: int) -> bool:
        return k >= self.n or self.blanks[k]

    def after_blank(self, k: int) -> bool:
        return k == 0 or self.blank(k - 1)

    def level_of(self, mark: str) -> int:
        """The level of headings marked so (an underline's character, "over" or "rule" and
        one): marks rank in the order the text first uses them, as reStructuredText's do."""
        return self.underline_levels.setdefault(mark, len(self.underline_levels) + 1)

    def next_line(self, k: int) -> str:
        return self.line(k + 1) if k + 1 < self.n else ""

    def through(self, kind: str, i: int, j: int) -> int:
        """Lines i to j are one block of this kind: the line after them."""
        self.out.append(Block(kind, self.lines[i][0], self.lines[j][1]))
        return j + 1

    def indented_through(self, k: int) -> int:
        """The last line of the indented block line k is in: indented lines, blank lines
        between them."""
        while k + 1 < self.n and (self.blank(k + 1) and k + 2 < self.n and shapes.LITERAL_INDENT.match(self.line(k + 2))
                                  or not self.blank(k + 1) and shapes.LITERAL_INDENT.match(self.line(k + 1))):
            k += 1
        return k

    def paragraph_end(self, k: int, continues: Callable[[str], object] = lambda _: True) -> int:
        """The last line of the run of non-blank lines from line k that `continues` accepts."""
        while k + 1 < self.n and not self.blank(k + 1) and continues(self.line(k + 1)):
            k += 1
        return k

    def literal_follows(self, k: int) -> bool:
        """Does line k follow (past blank lines) a paragraph that ends in "::"?"""
        k -= 1
        while k >= 0 and self.blank(k):
            k -= 1
        return k >= 0 and self.line(k).rstrip().endswith("::") and not shapes.MARKUP.match(self.line(k))

    def under_heading(self, k: int) -> bool:
        """Does line k come right under the heading last read?"""
        return bool(self.out) and self.out[-1].kind == "heading" and self.out[-1].end >= self.lines[k - 1][0]

    # -- markup and its headings ------------------------------------------------------

    def _overlined(self, i: int) -> int | None:
        """reST's overline, title and underline ("-------" is an AsciiDoc delimiter too)."""
        s = self.line(i)
        if shapes.FENCE.match(s) or not (i + 2 < self.n and shapes.is_overline(s, self.line(i + 1), self.line(i + 2))):
            return None
        level = self.level_of("over" + s.strip()[0])
        ta, tb = self.lines[i + 1]
        self.out.append(_heading(self.text, ta, tb, level))
        return i + 3

    def _comment_heading(self, i: int) -> int | None:
        """In a text written as comments, a line standing out to the left of their margin,
        after a blank line, heads the comments at the margin under it ("#  TAG: cache_mgr"
        over "#\tEmail-address of local cache manager...") or is underlined ("# ADMINISTRATIVE
        PARAMETERS" over "# -----...", the rule longer than the title, and maybe over it too)."""
        if self.commented and self.uncommented[i]:
            j = i
            while j + 1 < self.n and self.uncommented[j + 1] and not self.blank(j + 1):
                j += 1
            return self.through("code", i, j)  # (a setting: "http_port 3128")
        left, rule = self.left_of_comments, shapes.UNDERLINE.match
        if not (left[i] and self.after_blank(i) and i + 1 < self.n and not self.blank(i + 1)):
            return None
        if rule(self.line(i)):  # (an overline)
            if not (i + 2 < self.n and left[i + 1] and left[i + 2] and rule(self.line(i + 2)) and not rule(self.line(i + 1))):
                return None
            a, b = self.lines[i + 1]
            self.out.append(_heading(self.text, a, b, self.level_of("over" + self.line(i).strip()[0])))
            return i + 3
        a, b = self.lines[i]
        if left[i + 1] and rule(self.line(i + 1)):
            self.out.append(_heading(self.text, a, b, self.level_of(self.line(i + 1).strip()[0])))
            return i + 2
        if left[i + 1] or self.uncommented[i + 1]:
            return None  # (a sentence over the setting it describes: "# Squid normally listens to port 3128")
        self.out.append(_heading(self.text, a, b, self.level_of("comment")))
        return i + 1

    def _html_comment(self, i: int) -> int | None:
        """An HTML comment in Markdown ("<!-- This file is maintained within...": docker's
        docs) is markup to the line it closes on, not the text the article opens with.
        (Looked for within COMMENT_LINES, not past a code fence; text after "-->" on its
        line keeps the comment's line as text.)"""
        if not shapes.HTML_COMMENT.match(self.line(i)):
            return None
        j = i
        while j < min(self.n, i + COMMENT_LINES) and "-->" not in self.line(j) and (j == i or not shapes.FENCE.match(self.line(j))):
            j += 1
        return self.through("markup", i, j) if j < self.n and self.line(j).rstrip().endswith("-->") else None

    def _rest_comment(self, i: int) -> int | None:
        """A reST comment with the lines indented under it (restic's pages open on one: ".."
        over "  Normally, there are no heading levels assigned..." and a list of underline
        characters, which read as items)."""
        if not (shapes.REST_COMMENT.match(self.line(i)) and i + 1 < self.n and shapes.LITERAL_INDENT.match(self.line(i + 1))):
            return None
        return self.through("markup", i, self.indented_through(i + 1))

    def _html_heading(self, i: int) -> int | None:
        """An HTML heading in Markdown, its tags on lines of their own or not: ripgrep's FAQ
        ("<h3 name="order">" over "How can I get results in a consistent order?")."""
        opened = shapes.HTML_HEADING.match(self.line(i))
        if not opened:
            return None
        closing = f"</h{opened.group(1)}>"
        j = i
        while j < min(self.n, i + HTML_HEADING_LINES) and closing not in self.line(j).lower():
            j += 1
        if j >= self.n or closing not in self.line(j).lower():
            return None
        inner_start, inner_end = self.lines[i][0] + opened.end(), self.lines[j][0] + self.line(j).lower().index(closing)
        inner = self.text[inner_start:inner_end]
        if not inner.strip():
            return None
        self.out.append(Block("heading", inner_start + len(inner) - len(inner.lstrip()),
                              inner_end - len(inner) + len(inner.rstrip()), level=int(opened.group(1))))
        return j + 1

    def _html_tags(self, i: int) -> int | None:
        """A paragraph of HTML tags alone at the margin: a Markdown README's logo or badges
        ("<p align="center"><img src="..." alt="Zstandard"></p>"), no text of the article's.
        (Not an indented example of HTML or XML, which is code; not tags around text.)"""
        if not (self.line(i)[:1] == "<" and self.after_blank(i) and shapes.HTML_TAGS_ONLY.match(self.line(i))):
            return None  # (cheap tests first: every line of a long list comes here)
        j = self.paragraph_end(i)
        if not all(shapes.HTML_TAGS_ONLY.match(self.line(k)) for k in range(i, j + 1)):
            return None
        return self.through("markup", i, j)

    def _info_furniture(self, i: int) -> int | None:
        """GNU Info's node separator, header and menu (`shapes.INFO_FURNITURE`)."""
        s = self.line(i)
        if not (self.info and shapes.INFO_FURNITURE.match(s)):
            return None
        j = i  # (with the indented lines a menu entry's description runs on to)
        while s.startswith("* ") and j + 1 < self.n and not self.blank(j + 1) and shapes.LITERAL_INDENT.match(self.line(j + 1)):
            j += 1
        if s.startswith(("This is ", "Local Variables:")):
            j = self.paragraph_end(i)  # ("This is coreutils.info, produced by makeinfo version 6.7 from" over "coreutils.texi.")
        return self.through("markup", i, j)

    def _contents(self, i: int) -> int | None:
        """A list of links into the page is its table of contents: the headings again."""
        if not (shapes.CONTENTS_ITEM.match(self.line(i)) and i + 1 < self.n and shapes.CONTENTS_ITEM.match(self.line(i + 1))):
            return None
        return self.through("markup", i, self.paragraph_end(i, shapes.CONTENTS_ITEM.match))

    def _fenced(self, i: int) -> int | None:
        """Code between fences, or AsciiDoc's delimiters (the same line closes it, not an
        indented row in the example, as in git's signed-tag guide). (A delimiter that underlines a
        title is taken with its title. One with a blank line under it opens no block: it
        separates sections, as the sed FAQ's "------------------------------" before "5. WHY
        ISN'T THIS WORKING?" and a NEWS file's releases do.)"""
        s = self.line(i)
        fence = shapes.FENCE.match(s)
        if not (fence or shapes.DELIMITER.match(s) and not self.blank(i + 1)):
            return None
        marker = fence.group(1) if fence else s.strip()
        if fence:
            j = i + 1
            while j < self.n and not self.line(j).strip().startswith(marker):
                j += 1
        else:  # (the next line the same as it: looked up, not scanned for, at each delimiter)
            later = self.delimiters.get(s.rstrip(), [])
            at = bisect.bisect_right(later, i)
            j = later[at] if at < len(later) else self.n
        if j >= self.n and not fence:
            return None
        self.through("code", i, min(j, self.n - 1))
        return j + 1

    @cached_property
    def delimiters(self) -> dict[str, list[int]]:
        """Where each line that can delimit an AsciiDoc block stands, by its text."""
        found: dict[str, list[int]] = {}
        for k, line in enumerate(self.strings):
            if shapes.DELIMITER.match(line):
                found.setdefault(line.rstrip(), []).append(k)
        return found

    def _markup(self, i: int) -> int | None:
        """A line of markup (`shapes.MARKUP`). But a line that reads as markup is a heading
        when underlined as reST asks: "[general]" over "=========" and a blank line, in
        Docutils' config docs. (AsciiDoc's "[NOTE]" or "[source,shell]" over "====" or "----"
        opens a block whose text follows.) (In a literal block, "  [pager]" is the first line
        of the example.)"""
        s, nxt, after_blank = self.line(i), self.next_line(i), self.after_blank(i)
        if not shapes.MARKUP.match(s) \
                or after_blank and nxt.strip()[:1] == "=" and shapes.is_underline(nxt, s) \
                and len(nxt.strip()) >= len(s.strip()) and self.blank(i + 2) \
                or after_blank and s.strip().startswith("[") and shapes.LITERAL_INDENT.match(s) and self.literal_follows(i):
            return None
        return self.through("markup", i, i)

    def _underlined(self, i: int) -> int | None:
        s, nxt = self.line(i), self.next_line(i)
        # (A numbered line underlined as long is a heading too: haproxy's "8. Logging" over
        # "----------"; not a loose list's item over a Markdown rule, "2. Unpack it" over "---".)
        top = shapes.TOP_NUMBER.match(s)
        numbered = top is not None and shapes.titled_after(top, s) and shapes.is_underline(nxt, s) \
            and not self.in_loose_list(i)
        if not (self.after_blank(i) and not shapes.UNDERLINE.match(s) and shapes.is_underline(nxt, s, shorter=True)
                and (not shapes.BULLET.match(s) or numbered)):
            return None
        level = self.level_of(nxt.strip()[0])
        a, b = self.lines[i]
        self.out.append(_heading(self.text, a, b, level))
        return i + 2

    def _atx_heading(self, i: int) -> int | None:
        """"# Title"; or a comment of the example it belongs to."""
        if not shapes.ATX.match(self.line(i)):
            return None
        marked = self.atx(i)
        if not marked:
            return self.through("code", i, self.paragraph_end(i))
        a, b = self.lines[i]
        self.out.append(_heading(self.text, a, b, len(marked.group(1))))
        return i + 1

    def atx(self, k: int) -> re.Match[str] | None:
        found = shapes.ATX.match(self.line(k))
        return found if found and not self.comment(k) else None

    def comment(self, k: int) -> bool:
        """Is line k ("# ...") a comment in an example, not a Markdown heading? In a manual
        as plain text (mutt's), muttrc examples stand unindented: their comments come in
        runs of such lines, or over a command, which starts in lower case; a heading has a
        blank line, text, or a list under it. A comment that is a sentence may have a blank
        line under it before its command ("# Use a variable inside backticks."), and one may
        close an example ("source $dir/hooks" over "# more source commands..."). Headings
        of two levels may stand together ("## [1.0.0]" over "### Added" in a changelog), and
        AsciiDoc's "= Title" is never a comment. Nor is a root shell's prompt over its command
        a heading ("# chronyd -q 'pool pool.ntp.org iburst'")."""
        line = self.line(k)
        marks = line[: len(line) - len(line.lstrip("#"))]
        if not marks:
            return False
        if shapes.ROOT_PROMPT.match(line):
            return True
        if any(0 <= j < self.n and self.line(j).startswith(marks + " ") for j in (k - 1, k + 1)):
            return True
        if k > 0 and self.line(k - 1)[:1].islower() and shapes.CODE_CHARS.search(self.line(k - 1)) \
                and not shapes.PARAGRAPH_END.search(self.line(k - 1)):  # (not "see [the docs](https://...) for more.")
            return True
        under = k + 2 if line.rstrip()[-1:] in (".", ":") and self.blank(k + 1) else k + 1
        return under < self.n and self.line(under)[:1].islower()

    def _rule(self, i: int) -> int | None:
        """A horizontal rule ("-----", "* * *"); one at the margin over a numbered or capital
        title standing alone is that heading's overline (Exim's spec.txt opens each chapter
        with a row of "=" over "30. THE SMTP TRANSPORT"), ranked by its mark as an underline
        is. (Not a footer's "Posted by John Smith", nor a Markdown section's "Caveats".)"""
        rule = shapes.RULE.match(self.line(i))
        if not rule:
            return None
        boxed = self._boxed_title(i)
        if boxed is not None:
            return boxed
        self.through("rule", i, i)
        if not self.ruled_title(i + 1):
            return i + 1
        level = self.level_of("rule" + rule.group(1))
        a, b = self.lines[i + 1]
        self.out.append(_heading(self.text, a, b, level))
        return i + 2

    def ruled_title(self, k: int) -> bool:
        """Is line k, under a rule as long, a chapter's title: at the margin, standing alone,
        numbered (not a loose list's item) or in capitals?"""
        if k >= self.n:
            return False
        title, rule = self.line(k), self.line(k - 1)
        top = shapes.TOP_NUMBER.match(title)
        numbered = bool(shapes.SECTION_NUMBER.match(title) or top and not self.in_loose_list(k))
        return not shapes.indent(rule) and not shapes.indent(title) and len(rule.rstrip()) >= len(title.rstrip()) \
            and (k + 1 == self.n or self.blank(k + 1)) and not shapes.RULE.match(title) \
            and (numbered or title.isupper()) \
            and (self.unmarked_heading(title) or top is not None and shapes.titled_after(top, title))

    def _boxed_title(self, i: int) -> int | None:
        """A title page's title of a few lines between a rule and the same rule under it,
        centred ("HAProxy" over "Configuration Manual" between two rows of "-"): its heading;
        then the line after the closing rule. (Only at the text's top: later, in an example
        of reST's adornments, they are the example's.)"""
        s = self.line(i)
        if i > TITLE_PAGE_LINES or any(block.kind not in ("markup", "rule") for block in self.out):
            return None
        close = next((k for k in range(i + 2, min(i + 2 + BOXED_TITLE_LINES, self.n)) if self.line(k) == s), None)
        if close is None or not all(shapes.looks_like_heading(self.line(k)) and len(self.line(k).strip()) <= len(s.strip())
                                    for k in range(i + 1, close)):
            return None
        self.through("rule", i, i)
        a, b = self.lines[i + 1][0] + shapes.indent(self.line(i + 1)), self.lines[close - 1][1]
        self.out.append(Block("heading", a, b, self.level_of("over" + s.strip()[0])))
        return self.through("rule", close, close)

    def _table(self, i: int) -> int | None:
        """A table's rows ("| a | b |", "+---+---+") to the end of its paragraph. (Not in
        Vim's help: "|foldlevel()| can be useful to compute..." opens a sentence with a link.)"""
        if not shapes.TABLE.match(self.line(i)) or self.vim_help and shapes.VIM_LINK.match(self.line(i)):
            return None
        j = self.paragraph_end(i, shapes.TABLE.match)
        described = shapes.DESCRIBED_ROW.match(self.line(i)) if i == j else None
        if described and shapes.reads_as_prose(described.group("about").rstrip(".") + ".",
                                                least=KEY_ROW_WORDS if described.group("keys") else 6) \
                and not shapes.LABEL_CELL.match(described.group("term")):  # (its last sentence may go without one)
            # A row alone that names a term and describes it in sentences ("| MAGICK_OCL_DEVICE |
            # Set to off to disable hardware acceleration... |", an HTML table's row of two
            # columns) is a description beside its term, as an option's is: it has sentences,
            # which end with it. (Not a label and its value: "| Default | Enabled on all...|".)
            a = self.lines[i][0]
            self.out.append(Block("row", a + described.start("term"), a + described.end("about")))
            return i + 1
        return self.through("table", i, j)

    def _vim_example(self, i: int) -> int | None:
        """In Vim's help, the example a line ending in " >" opens: its indented lines, to a
        line opening with "<" (markup) or the next at the margin."""
        if not (self.vim_help and i and shapes.VIM_EXAMPLE_OPENS.search(self.line(i - 1)) and self.line(i)[:1] in " \t"):
            return None
        j = i
        while j + 1 < self.n and (self.blank(j + 1) or self.line(j + 1)[:1] in " \t"):
            j += 1
        while self.blank(j):
            j -= 1
        self.through("code", i, j)
        if j + 1 < self.n and self.line(j + 1).strip() == "<":
            return self.through("markup", j + 1, j + 1)
        return j + 1

    def _doctest(self, i: int) -> int | None:
        """A reST doctest block (">>> " and what it printed)."""
        if not (shapes.DOCTEST.match(self.line(i)) and self.after_blank(i)):
            return None
        return self.through("code", i, self.paragraph_end(i))

    def _term(self, i: int) -> int | None:
        """An AsciiDoc label ("term::") over its text."""
        s = self.line(i)
        term = shapes.TERM.match(s)
        if not (term and not shapes.INDENTED.match(s) and self.describes(i)):
            return None
        a = self.lines[i][0]
        self.out.append(Block("heading", a + term.start(1), a + term.end(1), level=TERM_LEVEL))
        return i + 1

    def describes(self, k: int) -> bool:
        """Is line k ("term::") an AsciiDoc label, not a reST paragraph that ends in "::" to
        introduce a literal block? A label's text follows on the next line, or after a blank
        line as an indented paragraph of prose; a literal block is code."""
        if k + 1 < self.n and not self.blank(k + 1):
            return True
        k += 1
        while k < self.n and self.blank(k):
            k += 1
        if k >= self.n or not shapes.LITERAL_INDENT.match(self.line(k)):
            return k < self.n
        return shapes.reads_as_prose(self.text[self.lines[k][0] : self.lines[self.paragraph_end(k)][1]])

    def _literal(self, i: int) -> int | None:
        """reST's literal block, after a paragraph that ends in "::"."""
        s = self.line(i)
        if not (self.after_blank(i) and not shapes.INDENTED.match(s) and shapes.LITERAL_INDENT.match(s)
                and self.literal_follows(i)):
            return None
        return self.through("code", i, self.indented_through(i))

    # -- tables of options and commands -------------------------------------------------

    def _options(self, i: int) -> int | None:
        """A command's options as its --help lists them, after a blank line (or right under a
        heading or a line ending in ":": "## Download Options:" in yt-dlp's README.md,
        "Options:" in --help output), each an item from its option to the end of its
        description: "    -R, --retries RETRIES    Number of retries (default is 10), or"
        over "                             \"infinite\"". Every line of the paragraph opens an
        entry at the options' indent or goes on deeper; some entry has its description
        beside it."""
        s = self.line(i)
        if not (shapes.OPTION.match(s) and (self.after_blank(i) or self.under_heading(i)
                                            or self.line(i - 1).rstrip().endswith(":") and not shapes.OPTION.match(self.line(i - 1)))):
            return None
        options_at = shapes.indent(s)
        entries: list[Block] = []
        beside = False
        k = i
        while k < self.n and not self.blank(k):
            line = self.line(k)
            depth = shapes.indent(line)
            if depth == options_at and shapes.OPTION.match(line):
                beside = beside or bool(shapes.BESIDE.match(line))
                entries.append(Block("item", self.lines[k][0] + depth, self.lines[k][1]))
            elif depth > options_at and entries:
                entries[-1] = Block("item", entries[-1].start, self.lines[k][1])
            else:
                return None
            k += 1
        if not beside:
            return None
        self.out += entries
        return k

    def _dash_table(self, i: int) -> int | None:
        """A table of commands, each with its description beside it after a dash, as
        irssi's guide lists them ("/RMRECONNS           - stop all server reconnections"):
        each line an item, a line indented deeper going on with the one above. Only where
        the paragraph has two such lines or more and no other, one with its dash set apart
        by spaces (the columns of a table)."""
        s = self.line(i)
        if not (self.after_blank(i) and not shapes.INDENTED.match(s) and not shapes.BULLET.match(s)
                and shapes.DASH_ENTRY.match(s)):
            return None
        entries: list[Block] = []
        k = i
        while k < self.n and not self.blank(k):
            if shapes.DASH_ENTRY.match(self.line(k)) and not shapes.BULLET.match(self.line(k)):  # (a list's items are read as a list)
                entries.append(Block("item", self.lines[k][0], self.lines[k][1]))
            elif entries and shapes.LITERAL_INDENT.match(self.line(k)):
                entries[-1] = Block("item", entries[-1].start, self.lines[k][1])
            else:
                return None
            k += 1
        aligned = any(len(m.group(1)) > 1 or "\t" in m.group(1)
                      for e in entries if (m := shapes.DASH_ENTRY.match(self.text[e.start : e.end])))
        if len(entries) < 2 or not aligned:
            return None
        self.out += entries
        return k

    # -- indented paragraphs: code, or prose under a term ----------------------------------

    def _indented(self, i: int) -> int | None:
        """Each indented paragraph is judged on its own: code, or prose indented under a
        list item or a label (then read as a paragraph)."""
        s = self.line(i)
        if not (shapes.INDENTED.match(s) and self.after_blank(i)):
            return None
        text, lines = self.text, self.lines
        a = lines[i][0]
        j = self.paragraph_end(i, shapes.INDENTED.match)
        # (A man page's entry: its term, then the description indented deeper.)
        hanging = j > i and shapes.indent(self.line(i + 1)) > shapes.indent(s) and not shapes.BESIDE.match(s)
        description = text[lines[i + 1][0] : lines[j][1]] if hanging else ""
        block = text[a : lines[j][1]]
        example = next((k for k in range(i + 1, j + 1) if shapes.indent(self.line(k)) > shapes.indent(s)
                        and self.line(k - 1).rstrip().endswith(":")), None) if self.info and not hanging else None
        if example is not None and shapes.reads_as_prose(text[a : lines[example - 1][1]]):
            # In GNU Info, prose that ends in ":" over the example it introduces, indented
            # deeper, in one paragraph ("Be cautious of using '-n' with '-i': ... the output
            # file will be empty:" over "sed -ni 's/foo/bar/' FILE"): the prose, then code.
            self.out.append(Block("prose", a + shapes.indent(s), lines[example - 1][1]))
            return self.through("code", example, j)
        # (In GNU Info, a short paragraph goes on with the description above it at its
        # indent: "This option implies '-s'." under '-i's entry.)
        above = next((k for k in range(i - 1, -1, -1) if not self.blank(k)), None)
        goes_on = self.info and above is not None and bool(self.out) and self.out[-1].kind == "prose" \
            and shapes.indent(self.line(above)) == shapes.indent(s) and shapes.reads_as_prose(block, least=3)
        beside = block.split(None, 1)[-1]
        if goes_on or shapes.reads_as_prose(block) or shapes.described_beside(block) \
                or shapes.OPTION.match(s) and shapes.reads_as_prose(beside, least=3) \
                or self.man_page and shapes.OPTION.match(s) and shapes.BESIDE.match(s) \
                and shapes.reads_as_prose(beside + ".", least=3) and not shapes.SHELL_MARKS.search(beside) \
                or j == i and shapes.BULLET.match(s) and shapes.BULLET.sub("", s).startswith("-") \
                or j == i and shapes.DEFAULT_FIELD.match(s) \
                or hanging and shapes.reads_as_prose(description, least=3 if shapes.OPTION.match(s) else 6) \
                or hanging and self.man_page and shapes.reads_as_prose(description + ".", least=2) \
                and not shapes.SHELL_MARKS.search(description):
            # ("--lzip Filter the...", "○   --raw-output / -r:"; a man page's FILES:
            # "~/.irssi/scripts/" over "default scripts directory"; vsftpd.conf(5)'s "Default: 3"
            # under its setting's description.)
            return None
        comments = self._comments_over_code(i, j) if self.man_page else []
        if comments:
            # In a man page's example configuration, the comments over a setting are its
            # description ("# Set the default VRRP version to use" over "vrrp_version <2 or
            # 3>": keepalived.conf(5)), read from past the first one's "#".
            last = i + len(comments) - 1
            self.out.append(Block("prose", a + comments[0].end(), lines[last][1]))
            return self.through("code", last + 1, j)
        return self.through("code", i, j)

    def _comments_over_code(self, i: int, j: int) -> list[re.Match[str]]:
        """The openings of the comment lines ("# ...") that open lines i to j, when they read
        as prose and code follows them in the paragraph; none otherwise."""
        comments = []
        for k in range(i, j + 1):
            opening = _COMMENT_OPENING.match(self.line(k))
            if opening is None:
                break
            comments.append(opening)
        if not comments or len(comments) > j - i:
            return []
        said = " ".join(self.line(i + n)[opening.end() :] for n, opening in enumerate(comments))
        # (A comment need not end as a sentence.)
        return comments if shapes.reads_as_prose(said + ".", least=4) and _FUNCTION_WORD.search(said) else []

    # -- a man page's furniture and headings, Debian's changelog, mail headers ------------

    def _changes(self, i: int) -> int | None:
        """A Debian changelog's entry header or trailer (`shapes.DEBIAN_CHANGES`)."""
        return self.through("markup", i, i) if shapes.DEBIAN_CHANGES.match(self.line(i)) else None

    def _man_furniture(self, i: int) -> int | None:
        """A man page's header, and its footer (not "| Number | Description |" closing
        another text)."""
        s = self.line(i)
        if self.man_page and (shapes.MAN_HEADER.match(s) or self.after_blank(i) and all(self.blank(k) for k in range(i + 1, self.n))
                              and shapes.MAN_FOOTER.match(s)):
            return self.through("markup", i, i)
        return None

    def _man_name(self, i: int) -> int | None:
        """The page's title, "nft - Administration tool..."."""
        a, b = self.lines[i]
        if not (self.named and a <= self.named.start(2) < b):
            return None
        j = self.paragraph_end(i)
        self.out.append(Block("markup", self.named.start(2), self.lines[j][1]))
        return j + 1

    def _man_synopsis(self, i: int) -> int | None:
        """A paragraph under a man page's SYNOPSIS heading (its subheadings too: tar's
        "Traditional usage") that does not read as prose: how the command is called ("atd
        [-l load_avg] [-b batch_interval] [-d]"), code, not a sentence to answer with.
        (rsync's "Usages with just one SRC arg and no DEST arg will list the source files
        instead of copying." stays a sentence.)"""
        if not (self.in_synopsis and shapes.indent(self.line(i)) >= self.body_indent):
            return None
        j = self.paragraph_end(i)
        if shapes.reads_as_prose(self.text[self.lines[i][0] : self.lines[j][1]]):
            return None
        return self.through("code", i, j)

    def _man_heading(self, i: int) -> int | None:
        """A man page's section heading. (groff prints a heading in mixed case as it was
        written: mc(1)'s "Mouse Support".)"""
        s = self.line(i)
        if not (self.man_page and self.after_blank(i)
                and (shapes.MAN_HEADING.match(s) or not shapes.indent(s) and shapes.looks_like_heading(s))
                and len(s.strip()) > 1 and shapes.LITERAL_INDENT.match(self.next_line(i))):
            return None
        a = self.lines[i][0]
        self.out.append(Block("heading", a, a + len(s.rstrip()), level=shapes.UNMARKED_LEVEL))
        self.in_synopsis = bool(_SYNOPSIS.fullmatch(s.strip()))
        return i + 1

    def _man_subheading(self, i: int) -> int | None:
        """A man page's subsection heading, standing out to the left of the text. (One may
        stand over another: "   Limitations" over "   Directory timestamps aren't preserved"
        over its text; a name in lower case may head one: iptables-extensions' "   limit".)"""
        s, nxt = self.line(i), self.next_line(i)
        if not (self.man_page and (self.after_blank(i) or self.under_heading(i))
                and 0 < shapes.indent(s) < self.body_indent and nxt.strip()
                and (shapes.indent(nxt) > shapes.indent(s) or shapes.indent(nxt) == shapes.indent(s)
                     and shapes.looks_like_heading(nxt) and i + 2 < self.n and shapes.indent(self.line(i + 2)) > shapes.indent(s))
                and (shapes.looks_like_heading(s) or _MAN_NAME_ALONE.fullmatch(s) and self._heads_paragraphs(i))):
            return None
        a = self.lines[i][0]
        self.out.append(Block("heading", a + shapes.indent(s), a + len(s.rstrip()), level=shapes.UNMARKED_LEVEL + 1))
        return i + 1

    def _heads_paragraphs(self, i: int) -> bool:
        """Does the text below line i run on past one paragraph before the next line as far
        left as it? (A module's name heads its paragraphs, iptables' "   limit"; a parameter's
        name over the one paragraph describing it, tc-fq's "   quantum", is an entry's term.)"""
        k = self.paragraph_end(i + 1) + 1
        while k < self.n and self.blank(k):
            k += 1
        return k < self.n and shapes.indent(self.line(k)) > shapes.indent(self.line(i))

    def _mail_headers(self, i: int) -> int | None:
        """A block of mail or HTTP header lines (`shapes.HEADER`)."""
        s = self.line(i)
        if not (self.after_blank(i) and shapes.HEADER.match(s)
                and (i + 1 < self.n and shapes.HEADER.match(self.line(i + 1)) or shapes.CONTENT_TYPE.match(s))):
            return None
        j = self.paragraph_end(i)
        if not all(shapes.HEADER.match(self.line(k)) or self.line(k)[:1] in " \t" for k in range(i, j + 1)):
            return None
        return self.through("markup", i, j)

    def _margin_code(self, i: int) -> int | None:
        """At an indented text's margin, a paragraph is code by its look alone: "$ foo
        --reload", "/SET flood_max_msgs = <count>, default is 4"; a table, by its columns."""
        s, a = self.line(i), self.lines[i][0]
        if not (self.margin and self.after_blank(i) and self.text[a - len(self.margin) : a] == self.margin
                and not shapes.BULLET.match(s)):
            return None
        j = self.paragraph_end(i)
        if shapes.looks_like_code(self.text[a : self.lines[j][1]]) \
                or j > i and all(shapes.COLUMNS.search(self.line(k)) for k in range(i, j + 1)):
            return self.through("code", i, j)
        return None

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

    def wrapped_number(self, k: int) -> bool:
        """Is line k, numbered as a list's item would be ("873.  The administrator would..."),
        a paragraph's line wrapped before a number, the line above stopping mid-sentence
        ("...rsync daemon typically use TCP port")? (Not a list's first item, "1.", nor one
        with the next number below it.)"""
        number = shapes.ITEM_NUMBER.match(self.line(k))
        if number is None or number.group(1) == "1" or shapes.PARAGRAPH_END.search(self.line(k - 1)):
            return False
        below = self.next_line(k)
        following = shapes.ITEM_NUMBER.match(below)
        # (Nor a list's items numbered on, "10) fast" over "11) slow", nor a heading underlined.)
        return not (following and int(following.group(1)) == int(number.group(1)) + 1) \
            and not shapes.starts_block(self.line(k)[number.end():], below) and not shapes.is_underline(below, self.line(k))

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

    @cached_property
    def marks_headings(self) -> bool:
        """Does the text (these lines of it) mark its headings ("# Title", or a line
        underlined), outside code fences?"""
        fenced = False
        for k in range(self.n):
            fenced ^= bool(shapes.FENCE.match(self.line(k)))
            if not fenced and (self.atx(k) or (k + 1 < self.n and shapes.is_underline(self.line(k + 1), self.line(k)))):
                return True
        return False

    def unmarked_heading(self, s: str) -> bool:
        """A heading written without markup; but where the text marks its headings, a line
        that reads as a field ("Added: v2.0") standing alone is one, not a heading."""
        return shapes.unmarked_title(s) and not (shapes.FIELD.match(s) and self.marks_headings)

    @cached_property
    def numbers_headings(self) -> bool:
        """Does the text number its headings ("8.1. Header Caching" standing alone)?"""
        return any(shapes.SECTION_NUMBER.match(self.line(k)) and self.blank(k + 1) and shapes.unmarked_title(self.line(k))
                   for k in range(self.n) if self.after_blank(k))

    def numbered_over_indented(self, k: int) -> bool:
        """Is line k, at the margin, numbered as a section ("5.11. My script aborts with an error
        message, "event not found".") over text indented under it, in a text that numbers its
        headings, and does its number come after the last one ("5.10.")? A FAQ's question,
        however it ends (the sed FAQ's); not a changelog's older entry ("2.4.3 Fixed..." under
        "2.4.9"), nor a text's first numbered line."""
        line = self.line(k)
        if not (shapes.SECTION_NUMBER.match(line) and not shapes.indent(line) and len(line.rstrip()) <= shapes.TITLE_CHARS):
            return False
        j = k + 1
        while j < self.n and self.blank(j):
            j += 1
        return j < self.n and shapes.indent(self.line(j)) > 0 and self.numbers_headings and self.number_goes_up(k)

    def number_goes_up(self, k: int) -> bool:
        """Is line k's section number above the last numbered heading's ("5.11." after "5.10.";
        not a checklist's "2. Is the port open?" under "5.1.")?"""
        for block in self.out[self.headings_read :]:
            if block.kind == "heading" and (number := _section_number(self.text[block.start : block.end])):
                self.last_heading_number = number
        self.headings_read = len(self.out)
        return bool(self.last_heading_number) and self.number_at(k) > self.last_heading_number

    def number_follows(self, k: int) -> bool:
        """Does line k's number come next after the last numbered heading's (`_follows_on`)?"""
        return self.number_goes_up(k) and _follows_on(self.last_heading_number, self.number_at(k))

    def number_at(self, k: int) -> tuple[int, ...]:
        """Line k's section number, past a shallow indent."""
        return _section_number(shapes.past_shallow_indent(self.line(k)))

    def in_loose_list(self, k: int) -> bool:
        """Is a numbered item standing alone right before or after line k, as in a loose list?"""
        return self.loose_item_by(k, -1) or self.loose_item_by(k, 1)

    def loose_item_by(self, k: int, step: int) -> bool:
        """Is the nearest non-blank line before (step -1) or after (step 1) line k a
        numbered item standing alone, as in a loose list? (Not the last entry of a table of
        contents over the chapter's first heading, nor a "•" item ending the section before.)"""
        k += step
        while 0 <= k < self.n and self.blank(k):
            k += step
        return 0 <= k < self.n and bool(shapes.TOP_NUMBER.match(shapes.past_shallow_indent(self.line(k)))) and self.after_blank(k) \
            and self.blank(k + 1)

    def numbered_on(self, i: int, j: int) -> bool:
        """Are lines i to j (one or two) a numbered heading, in a text that numbers its headings,
        its number after the last one's, however it reads: as a sentence ("6.2.  Non US-ASCII
        characters are displayed incorrectly.", "6.  I found a bug in slrn !!!"), wrapped ("4.6.
        How can I test whether my regular expressions do what I expect" over "them to do?"),
        or over an example ("4.11.  How do I score articles from a specific site?": the slrn
        FAQ's)? (Not "2.4.3 Fixed a crash." under "2.4.9", nor a loose list's "3. Run it.")"""
        line = shapes.past_shallow_indent(self.line(i))
        number = shapes.SECTION_NUMBER.match(line) or shapes.TOP_NUMBER.match(line)
        words = " ".join([line[number.end():], *(self.line(k) for k in range(i + 1, j + 1))]).split() if number else []
        wrapped = j > i and not shapes.PARAGRAPH_END.search(self.line(i)) and self.line(j).rstrip().endswith("?")
        above = next((k for k in range(i - 1, -1, -1) if not self.blank(k)), None)
        under_list = above is not None and (self.line(above).rstrip().endswith(":") or bool(shapes.BULLET.match(self.line(above))))
        return 0 < len(words) <= STATEMENT_HEADING_WORDS and (j == i or wrapped) and not under_list \
            and not self.in_loose_list(i) and self.numbers_headings and self.number_follows(i)

    def numbered_heading(self, k: int) -> bool:
        """Is line k ("5. SMTP Support", "5. WHY ISN'T THIS WORKING?"), a list item by its
        look, a top-level heading? (Not one of a loose list: "1. Download it" over "2. Unpack it".)"""
        line = shapes.past_shallow_indent(self.line(k))
        found = shapes.TOP_NUMBER.match(line)
        return found is not None and self.after_blank(k) and shapes.titled_after(found, line) \
            and not self.in_loose_list(k) and self.numbers_headings \
            and (not self.line(k).rstrip().endswith("?") or self.number_follows(k))  # (not a checklist's "3. Is the firewall off?")

    def text_follows(self, k: int, heading_indent: int = 0) -> bool:
        """Is the next non-blank line text (not code), as under a heading? A heading is not
        indented deeper than its text (mc's FAQ: "   The main site is https://..." answers
        "1.6 Where can I get GNU Midnight Commander?" and stands over "1.7 ...")."""
        while k < self.n and self.blank(k):
            k += 1
        line = self.line(k) if k < self.n else ""
        return k < self.n and not (shapes.INDENTED.match(line) or shapes.DELIMITER.match(line) or shapes.FENCE.match(line)) \
            and shapes.indent(line) >= heading_indent


# Marks alone that separate or close, saying nothing; not an operator or a term a description
# follows ("=~", "<=>", "--", "\\%").
_SEPARATOR = re.compile(r"#+|::|__|\.{2,3}|…|[{}]|/\*|\*/")


def _follows_on(last: tuple[int, ...], number: tuple[int, ...]) -> bool:
    """Does a heading numbered `number` come next after one numbered `last`: its next sibling
    (a number skipped, as one heading misread, allowed), its first child, or the next of one
    of its parents or that one's first section ("6.2" after "6.1", "6.3.1" after "6.3", "7"
    after "6.3.1", "4.1" after "3.2"; not "3" after "1.1", a list's item)?"""
    if not last or not number:
        return False
    deepest = len(last) - 1
    if number == (*last, 1):
        return True
    for k in range(len(last)):
        for step in (1, 2) if k == deepest else (1,):
            head = (*last[:k], last[k] + step)  # (and its first sections: "4.1" after "3.2", no "4" between)
            if number[: len(head)] == head and all(n == 1 for n in number[len(head):]):
                return True
    return False


def _section_number(line: str) -> tuple[int, ...]:
    """(5, 11) for "5.11. My script aborts..." at the margin; () for a line not numbered."""
    found = shapes.SECTION_NUMBER.match(line) or shapes.TOP_NUMBER.match(line)
    return tuple(int(n) for n in re.findall(r"\d+", found.group())) if found and not shapes.indent(line) else ()


def _heading(text: str, a: int, b: int, level: int) -> Block:
    s = text[a:b]
    atx = shapes.ATX.match(s)
    if atx:
        a, b = a + atx.start(2), a + atx.end(2)
    else:
        a, b = a + len(s) - len(s.lstrip()), a + len(s.rstrip())
    return Block("heading", a, b, level)


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
    return after + len(nxt) + 1 if shapes.is_underline(nxt.rstrip("\r"), heading_line, shorter=True) else after
