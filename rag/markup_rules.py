"""The reading rules for markup (`rag.structure` joins them): reStructuredText's,
Markdown's and AsciiDoc's headings, fences, delimiters, tables and literal blocks, HTML in
Markdown, GNU Info's furniture, Vim help's examples, and the headings of a text written as
a configuration file's comments. Each rule takes line i (and the lines it runs on to) as
blocks and returns the line after them, or None when the line is not its kind.
"""

from __future__ import annotations

import bisect

from rag import shapes
from rag.lines import Block, Lines, heading_block

# A lone row's description beside its term and keys (a key table's, as an option's is beside its
# term) has at least this many words ("Add current page to bookmarks", w3m's); beside its term
# alone, as a sentence has ("| C-a | Move to the start |" is data).
KEY_ROW_WORDS = 4
# A title boxed between two rules is this many lines at most, within this many of the top.
BOXED_TITLE_LINES = 3
TITLE_PAGE_LINES = 20
HTML_HEADING_LINES = 4
COMMENT_LINES = 40
TERM_LEVEL = 100  # (below any heading; headings without markup rank by shapes.CHAPTER_LEVEL..UNMARKED_LEVEL)


class MarkupRules(Lines):
    """The rules for markup, each a method named with an underscore, followed by the tests
    only it uses."""

    def _overlined(self, i: int) -> int | None:
        """reST's overline, title and underline ("-------" is an AsciiDoc delimiter too)."""
        s = self.line(i)
        if shapes.FENCE.match(s) or not (i + 2 < self.n and shapes.is_overline(s, self.line(i + 1), self.line(i + 2))):
            return None
        level = self.level_of("over" + s.strip()[0])
        ta, tb = self.lines[i + 1]
        self.out.append(heading_block(self.text, ta, tb, level))
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
            self.out.append(heading_block(self.text, a, b, self.level_of("over" + self.line(i).strip()[0])))
            return i + 3
        a, b = self.lines[i]
        if left[i + 1] and rule(self.line(i + 1)):
            self.out.append(heading_block(self.text, a, b, self.level_of(self.line(i + 1).strip()[0])))
            return i + 2
        if left[i + 1] or self.uncommented[i + 1]:
            return None  # (a sentence over the setting it describes: "# Squid normally listens to port 3128")
        self.out.append(heading_block(self.text, a, b, self.level_of("comment")))
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

    def _tags_only(self, i: int) -> int | None:
        """A paragraph of HTML tags alone at the margin, or of images and links alone: a
        README's logo, badges and links to its site ("<p align="center"><img src="..."
        alt="Zstandard"></p>", "image:https://img.shields.io/...[License]"), no text of the
        article's. (Not an indented example of HTML or XML, which is code; not tags around
        text.) (AsciiDoc's badges may follow the attributes that style them: "[.text-center]".)"""
        s = self.line(i)
        if not (s[:1] in "<[!ilx" and (self.after_blank(i) or shapes.MARKUP.match(self.line(i - 1)))):
            return None  # (cheap tests first: every line of a long list comes here)
        alone = shapes.HTML_TAGS_ONLY if s[:1] == "<" else shapes.LINKS_ONLY
        if not alone.match(s):
            return None
        j = self.paragraph_end(i)
        if not all(alone.match(self.line(k)) for k in range(i, j + 1)):
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

    def _version_heading(self, i: int) -> int | None:
        """A release's version in brackets between blank lines heads its entry in a changelog
        (isync's NEWS: "[1.4.0]" over "The 'isync' compatibility wrapper was removed.")."""
        if not (shapes.VERSION_LABEL.match(self.line(i)) and self.after_blank(i) and self.blank(i + 1)):
            return None
        # (Under the headings before the first, "# Changelog": a release is no sibling of its title.)
        if "version" not in self.underline_levels:
            above = [block.level for block in self.out if block.kind == "heading"]
            self.underline_levels["version"] = max(above) + 1 if above else self.level_of("version")
        a, b = self.lines[i]
        self.out.append(heading_block(self.text, a, b, self.underline_levels["version"]))
        return i + 1

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
        self.out.append(heading_block(self.text, a, b, level))
        return i + 2

    def _atx_heading(self, i: int) -> int | None:
        """"# Title"; or a comment of the example it belongs to."""
        if not shapes.ATX.match(self.line(i)):
            return None
        marked = self.atx(i)
        if not marked:
            return self.through("code", i, self.paragraph_end(i))
        a, b = self.lines[i]
        self.out.append(heading_block(self.text, a, b, len(marked.group(1))))
        return i + 1

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
        level = self.level_of("rule" + (rule.group(1) or rule.group(2)))
        a, b = self.lines[i + 1]
        self.out.append(heading_block(self.text, a, b, level))
        return i + 2

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

    def _literal(self, i: int) -> int | None:
        """reST's literal block, after a paragraph that ends in "::"."""
        s = self.line(i)
        if not (self.after_blank(i) and not shapes.INDENTED.match(s) and shapes.LITERAL_INDENT.match(s)
                and self.literal_follows(i)):
            return None
        return self.through("code", i, self.indented_through(i))
