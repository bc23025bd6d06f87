"""The reading rules for text laid out without markup (`rag.structure` joins them): a
command's options as --help lists them and tables of commands, indented paragraphs (code, or
prose under a term), a man page's furniture and headings, the comments over an example
configuration's settings, Debian's changelog and mail headers, code at an indented text's
margin. Each rule takes line i (and the lines it runs on to) as blocks and returns the line
after them, or None when the line is not its kind.
"""

from __future__ import annotations

import re

from rag import shapes
from rag.lines import Block, Lines

# A man page's section of how its command is called.
_SYNOPSIS = re.compile(r"SYNOPSIS|Synopsis|SYNTAX|Syntax|USAGE|Usage")
# A man page's subsection named by one word in lower case ("   limit", "   multiport").
_MAN_NAME_ALONE = re.compile(r"[ \t]+[a-z][\w.+-]*[ \t]*")
# A comment's opening ("# "; not "#!/bin/sh", "#define", a rule of "####").
_COMMENT_OPENING = re.compile(r"[ \t]*#+[ \t]+(?=[^\s#!])")
# Words a comment that is a sentence has (not "# dcb app show dev eth0", "# Type Name ID GECOS").
_FUNCTION_WORD = re.compile(r"\b(?:the|a|an|to|of|is|are|for|in|on|if|and|or|be|by|with|this|that|it|not|will|when|from"
                            r"|at|as|can|no)\b")


class LayoutRules(Lines):
    """The rules for layout without markup, each a method named with an underscore,
    followed by the tests only it uses."""

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
