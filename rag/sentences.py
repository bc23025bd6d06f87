"""Prose blocks -> sentence spans: where each sentence of an article begins and ends.

`rag.structure` reads a text's blocks; this reads the sentences of its prose and list
items (`prose_sentences`), as offsets into the text, never copies, so quotes stay exactly
`article.text[start:end]`. Punkt (`rag.text.punkt`) ends sentences within a block; then a
sentence
- runs across the block's line breaks, and starts after a quoted mail's or a blockquote's
  ">";
- leaves out reST's literal-block mark ("as follows::") and a parenthesis it does not
  close or open;
- goes on past a quote's full stop or question mark when the text goes on in lower case
  or with a comma ('begins with "!", it is...');
- starts at the option or term it describes, on a line of its own above it or beside it
  ("`--disable-cats`" over "Normally, man will...", "~.      Disconnect.");
- goes on past a short example that broke it off ("Example: simply invoking" over
  "fetchmail -d 900" over "will, therefore, poll all the hosts...").
Chunks store these spans at ingest (`rag.chunk`) and answers quote them
(`passage_sentences`), so a change here changes the index: bump
`rag.structure.STRUCTURE_VERSION`. Not to be confused with `rag.text.sentence_spans`, the
lower-level split of text written line by line (an LLM's reply), which never joins lines.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.shapes import BESIDE, CODE_CHARS, DEFAULT_FIELD, comment_margin, DASH_ENTRY, FAQ_LABEL, PARAGRAPH_END, TERM_BESIDE, indent, is_man_page, reads_as_prose
from rag.structure import TERM_LEVEL, Block, blocks
from rag.text import punkt

_QUOTE_END = re.compile(r"(?:[\"”’'][.?!]|[.?!][\"”’')]{1,3})$")  # ('"Done".', 'mark ("!")', '(“!’’)')
_GOES_ON = re.compile(r"[\"”’']?[,;:]")  # no sentence starts with a comma
_QUOTE_MARK = re.compile(r"(?:>[> \t]*(?:\n[ \t]*)?)+")
_COMMENT_MARK = re.compile(r"(?:#+[ \t]*(?:\n[ \t]*)?)+")
_QUOTES = "‘’“”\"'"
_COMMENT_LINES = re.compile(r"[^\n]*(?:\n[ \t]*#[^\n]*)+")  # (every line but the first opens with "#")
_COMMENT_OPENED = re.compile(r"[ \t]*#+[ \t]*")  # (what stands before a comment's words on its line)


def prose_sentences(text: str, all_blocks: list[Block]) -> list[tuple[int, int]]:
    """Sentence offsets in the prose and list blocks; sentences run across line breaks.
    The first sentence of a description starts at the option it describes, on a line of
    its own above it: "`--disable-cats` Normally, man will..."."""
    spans: list[tuple[int, int]] = []
    term: Block | None = None
    commented = comment_margin(text) is not None
    man_page = is_man_page(text)
    for i, block in enumerate(all_blocks):
        # (A short line of code is the term of the paragraph after it, or the object of the
        # prose before it that stops mid-sentence.)
        named = _is_term(text, block)
        introduced = named and _introduced(text, all_blocks, i)
        if block.kind in ("prose", "item", "row"):
            piece = text[block.start : block.end]
            found = _quoted_joined(text, [(block.start + a, block.start + b) for a, b in punkt().span_tokenize(piece)])
            found = _annotations_joined(text, found)
            # (A man page's comments over a setting are read past each line's "#", `rag.structure`.)
            marked = commented or man_page and _COMMENT_LINES.fullmatch(piece) is not None
            found = [_trimmed(text, _after_quote_mark(text, span, marked)) for span in found]
            for k, (a, b) in enumerate(found):  # (an answer says no "A:": "A: Screen failed to...")
                label = FAQ_LABEL.match(text[a:b]) if k == 0 or text[a - 1 : a] == "\n" else None
                if label and label.group(1) in ("A", "Answer"):  # (lftp's FAQ: "Q: ..." over "A: ...", one paragraph)
                    found[k] = (a + label.end(), b)
            beside = TERM_BESIDE.match(piece)
            if beside and len(found) > 1 and found[0][1] <= block.start + beside.end() \
                    and not re.search(r"\w\.$", beside.group().split()[0]):  # (not "Yes.  The default is...")
                found[:2] = [(found[0][0], found[1][1])]  # ("~." is the term of "~.      Disconnect.")
            if found and term is not None and block.kind == "prose":
                found[0] = (term.start, found[0][1])
                if spans and spans[-1][0] == term.start:
                    spans.pop()  # (the term's own "sentence")
            elif found and block.kind != "row" and (broken := _broken_off(text, all_blocks, i, spans)) is not None:
                if spans and spans[-1][0] == broken:
                    spans.pop()
                found[0] = (broken, found[0][1])
            elif found and introduced and spans and spans[-1][0] >= all_blocks[i - 1].start:
                found[0] = (spans.pop()[0], found[0][1])  # ("You can turn it on with /SET autolog ON")
            spans += found
        term = block if named and not introduced else None
    return spans


# Prose that stops on a word in lower case, mid-sentence ("...turn it on with"; not
# "Stability: 1 - Experimental", "Closes #10043" or a path).
_STOPS_MID_SENTENCE = re.compile(r"(?<![\w./-])[a-z]+[ \t]*$")


def _introduced(text: str, all_blocks: list[Block], i: int) -> bool:
    """Is block i what the prose before it introduces, stopping mid-sentence ("You can turn
    it on with" over "/SET autolog ON"): the sentence's object, not a term ("By default it
    logs..." after it is no description of it)? (After a lead-in ending in ":" it may be a
    term: "Useful settings for it:" over "`--disable-cats`".)"""
    before = all_blocks[i - 1] if i else None
    return before is not None and before.kind == "prose" and all_blocks[i].kind == "prose" \
        and _STOPS_MID_SENTENCE.search(text[before.start : before.end]) is not None


def _broken_off(text: str, all_blocks: list[Block], i: int, spans: list[tuple[int, int]]) -> int | None:
    """Where the sentence starts that prose block i goes on with, when a short code block
    broke it off ("Example: simply invoking" over "fetchmail -d 900" over "will, therefore,
    poll all the hosts..."): block i starts in lower case, after the code, after text that
    stops mid-sentence (prose, or a line at block i's indent read as code). None otherwise."""
    if i < 2 or all_blocks[i - 1].kind != "code" or not text[all_blocks[i].start : all_blocks[i].start + 1].islower():
        return None
    if any(_after_comment_mark(text, all_blocks[k].start) for k in (i, i - 2)):
        return None  # (a man page's comments over settings: each setting's own, not one sentence across them)
    code, before = all_blocks[i - 1], all_blocks[i - 2]
    said = text[before.start : before.end].strip()
    if text[code.start : code.end].strip().count("\n") >= 3 or re.search(r"[.!?:;]['\")”’]*$", said):
        return None
    if before.kind == "prose":
        return spans[-1][0] if spans and spans[-1][0] >= before.start else None
    column = all_blocks[i].start - text.rfind("\n", 0, all_blocks[i].start) - 1
    if before.kind == "code" and "\n" not in said and indent(text[before.start : before.end]) == column \
            and indent(text[code.start : code.end]) > column and reads_as_prose(said + ".", least=3):
        return before.start + len(text[before.start : before.end]) - len(text[before.start : before.end].lstrip())
    return None


def _after_comment_mark(text: str, start: int) -> bool:
    """Does a block start past a comment's "#" on its line (a man page's comments over a
    setting, `rag.structure`)?"""
    return _COMMENT_OPENED.fullmatch(text, text.rfind("\n", 0, start) + 1, start) is not None


def _after_quote_mark(text: str, span: tuple[int, int], commented: bool = False) -> tuple[int, int]:
    """A sentence of a quoted mail or a Markdown blockquote starts after its ">"; with
    `commented` (a text written as comments, or a man page's comment lines), after its "#"
    ("#Default:")."""
    mark = (_COMMENT_MARK if commented and text[span[0]] == "#" else _QUOTE_MARK).match(text, *span)
    return (mark.end(), span[1]) if mark and mark.end() < span[1] else span


_PARENTHESIS = re.compile(r"[()]")
_CLOSES_NOTHING = re.compile(r"(?<!\S)(?:[A-Za-z]|\d{1,2})\)|[:;]-?\)")  # ("a)", "12)"; ":-)")


def _trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A sentence without reST's literal-block mark ("...simpler to parse. ::" is
    "...simpler to parse.", "as follows::" is "as follows:") and without the one parenthesis
    it does not close or open, when a remark in parentheses holds several sentences
    ("(You will need to create the cache directory..." and "...should both be www-data.)")."""
    a, b = span
    if text.endswith("::", a, b):
        a, b = _stripped(text, a, b - 2 if text[b - 3 : b - 2].isspace() else b - 1)
    said = text[a:b]
    if said.startswith("(") or said.endswith(")"):  # (the rest is read only then: ingest reads every sentence)
        # Parentheses paired as they are read; a ")" that closes nothing may be a label
        # ("a), b) or c)") or a smiley (":-)"), which stays.
        labels = {m.end() - 1 for m in _CLOSES_NOTHING.finditer(said)}
        opened, unopened = [], []
        for i in (m.start() for m in _PARENTHESIS.finditer(said)):
            if said[i] == "(":
                opened.append(i)
            elif opened:
                opened.pop()
            elif i not in labels:
                unopened.append(i)
        if opened[:1] == [0]:
            a += 1
        elif unopened[-1:] == [len(said) - 1]:
            b -= 1
    a, b = _stripped(text, a, b)
    # (A sentence of nothing but the mark stays as it was.)
    return (a, b) if any(c.isalnum() for c in text[a:b]) else span


def _stripped(text: str, a: int, b: int) -> tuple[int, int]:
    """text[a:b] without the white space at its ends, as offsets."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _quoted_joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Punkt ends a sentence at a quote's full stop or question mark even when the text
    goes on in lower case: "‘flex scanner jammed’. a scanner compiled with...", "the
    question "How do I profile my Perl programs?" if you haven't...", or with a comma:
    'begins with "!", it is...'. Those are one."""
    out: list[tuple[int, int]] = []
    for span in spans:
        end = out[-1][1] if out else 0
        if out and (_GOES_ON.match(text, span[0]) or text[span[0]].islower()
                    and _QUOTE_END.search(text, max(out[-1][0], end - 4), end)):  # (its last few characters)
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


# A note in parentheses that ends its line, not a sentence of its own ("(Default: 20)",
# "(Default:  143" over "for IMAP, 993 for IMAPS)"), and what follows it on the next line.
# (Not a term, "( expr )" over "Returns the value of expr."; nor a note the sentence goes on
# past in lower case, '"." (a single period)' over "may be specified instead of...".)
# (A full stop within a figure or a name is not one ending a sentence: "(Default: 0.5)".)
_ANNOTATION = re.compile(r"\((?=[^\s()])(?:[^().!?]|\.(?=\w)){1,100}(?<!\s)\)(?=[ \t]*(?:\n|$))\s*")


def _annotations_joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sentence that opens with a note in parentheses ending its line, on the line where
    the one before it ends or closing its paragraph, annotates that one: the note goes with that one, and what follows on the next line is a sentence
    of its own. Punkt sees no end after ")": mbsync(1)'s "Specify the TCP port number of the
    IMAP server.   (Default:  143 for IMAP, 993 for IMAPS)" over "If Tunnel is used, this
    setting is ignored." read as "(Default: 143 ...) If Tunnel is used..."."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        note = _ANNOTATION.match(text, start, end)
        # (On the line the sentence before ends on, or closing the paragraph: one on a line of
        # its own over more labels what follows, "(Optional)" over "Configure the daemon.")
        if note and out and ("\n" not in text[out[-1][1] : start] or note.end() >= end) \
                and not text[note.end() : note.end() + 1].islower():
            out[-1] = (out[-1][0], start + len(note.group().rstrip()))
            start = note.end()
        if start < end:
            out.append((start, end))
    return out


# A quoted term followed by the words that describe it, on one line.
_DESCRIBED_TERM = re.compile(r"^[‘'\"`][^’'\"`]+[’'\"`]\s+\w")


def _is_term(text: str, block: Block) -> bool:
    """A block that names what the paragraph after it describes: a short line of an
    option or code alone ("* `--disable-cats`", "--trace-mem=<no|yes> [default: no]",
    AsciiDoc's "--abbrev=<n>::", Texinfo's quoted "‘-s, --nodefault’"; not a FAQ's question)."""
    line = text[block.start : block.end]
    if len(line) > 2 and line[0] in _QUOTES and line[-1] in _QUOTES:
        line = line[1:-1]
    elif _DESCRIBED_TERM.match(line):
        return False  # (a term with its description already: "‘[^A-Z\n]’ any character EXCEPT a newline")
    elif block.kind == "item" and (BESIDE.match(line) or DASH_ENTRY.match(line)):
        return False  # (an option with its description beside it, as --help lists it, or after a dash)
    if line.startswith("-"):
        line = line.removesuffix(":")  # (jq's "○   --raw-output / -r:" over its description)
    if FAQ_LABEL.match(line) or DEFAULT_FIELD.match(line):
        return False  # ("A:   Just put the following line in your ~/.screenrc: startup_message off"; "Default: /usr/share/...")
    return (block.kind in ("prose", "item") or block.level == TERM_LEVEL) and "\n" not in line and len(line) <= 80 \
        and not PARAGRAPH_END.search(line) and (line.startswith(("-", "`")) or bool(CODE_CHARS.search(line)))


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence offsets in the prose of text[start:end]."""
    return list(_sentences(text, start, end))


@lru_cache(maxsize=16)
def _sentences(text: str, start: int, end: int | None) -> tuple[tuple[int, int], ...]:
    # (A question for a counted list reads its articles whole, twice: once each for the
    # sentence announcing the list and for the items.)
    return tuple(prose_sentences(text, blocks(text, start, end)))


def passage_sentences(passage) -> list[tuple[int, int]]:
    """The prose sentences of a `rag.schema.Passage`, as offsets into its text: stored at
    ingest, or (for an index that predates that) read from the passage's own text."""
    if passage.sentences is not None:
        return [(a - passage.start, b - passage.start) for a, b in passage.sentences]
    return sentences(passage.text)
