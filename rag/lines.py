"""A text's lines, and what a line is among its neighbours: the ground `rag.structure`
reads blocks on.

`Lines` holds the lines of text[start:end] (past a page's margin or a comment's "#"), what
the whole text is (a man page, GNU Info, Vim's help, comments), the blocks read so far, and
the questions the reading rules ask of a line in its context: is it a Markdown heading or
an example's comment, a list's item or a numbered heading, text under a heading or code.
The rules themselves (each taking a line, and the lines it runs on to, as blocks) are
`rag.markup_rules`'s and `rag.layout_rules`'s; `rag.structure` joins them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from rag import shapes

# The most words of a numbered heading that reads as a sentence or is wrapped.
STATEMENT_HEADING_WORDS = 20



@dataclass(frozen=True)
class Block:
    kind: str  # heading, prose, item, row (a table's row that describes its term), code, table, rule, markup
    start: int
    end: int
    level: int = 0  # headings: smaller is higher


class Lines:
    """The lines of a text being read, the blocks read from them so far, and what a line
    is in its context."""

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

    # -- the lines ---------------------------------------------------------------------

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

    @cached_property
    def delimiters(self) -> dict[str, list[int]]:
        """Where each line that can delimit an AsciiDoc block stands, by its text."""
        found: dict[str, list[int]] = {}
        for k, line in enumerate(self.strings):
            if shapes.DELIMITER.match(line):
                found.setdefault(line.rstrip(), []).append(k)
        return found

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


def heading_block(text: str, a: int, b: int, level: int) -> Block:
    s = text[a:b]
    atx = shapes.ATX.match(s)
    if atx:
        a, b = a + atx.start(2), a + atx.end(2)
    else:
        a, b = a + len(s) - len(s.lstrip()), a + len(s.rstrip())
    return Block("heading", a, b, level)
