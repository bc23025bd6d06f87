"""Quoted text as prose for display: a quote stays exactly `article.text[start:end]` in
citations, but an answer shows it as one line, its file's wrapping and inline markup undone.
"""

from __future__ import annotations

import re

from rag.shapes import is_fence
from rag.text import join_broken_words

# A line's quote mark: ">" (or ">>") then a space or the line's end; not "x\n>= 5", "> -1".
# Or a comment's "#", in a text written as a configuration file's comments.
_LINE_QUOTE_MARK = re.compile(r">+(?:[ \t]+(?![\d=<>|&-])|$)|#+(?:[ \t]+|$)")  # (not "#include", "#987654")


def as_prose(quote: str) -> str:
    """A quoted sentence as one line of prose, for answers: the file's line wrapping (and
    `man`'s hyphenation, "fetch‐" over "mail") undone, the fences of an example inside it
    left out and, in a quoted mail or a Markdown blockquote (every line after the first
    opened by ">"), the quote marks left out ("documentation or > otherwise"), as are the
    "#" of a text written as comments."""
    lines = [line.lstrip(" \t") for line in quote.split("\n") if not is_fence(line)]  # (an example inside a sentence)
    if len(lines) > 1 and all(_LINE_QUOTE_MARK.match(line) for line in lines[1:]):  # (not "values\n> 5 are...")
        lines = [line[mark.end() :] if (mark := _LINE_QUOTE_MARK.match(line)) else line for line in lines]
    quote = "\n".join(lines)
    quote = _MD_LINK.sub(lambda m: f"{m[1]} ({m[2]})" if "://" in m[2] else m[1], _BR_TAG.sub(" ", quote))
    return " ".join(_STRONG.sub(r"\1", join_broken_words(_BROKEN_WORD.sub("", quote))).split())


# Inline markup a Markdown file leaves in a sentence, shown as the text it renders: "<br>"
# as a space, "[the API](./api.md)" as its words (an absolute link keeps its address in
# brackets), "**not**" as its word.
_BR_TAG = re.compile(r"<br\s*/?>", re.I)
_MD_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(([^)\s]+)\)")
_STRONG = re.compile(r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*")
# A line that breaks a path after its slash or a word at its hyphen ("/usr/local/share/mutt/
# Muttrc or /\netc/Muttrc", "well-\nknown") is joined without a space.
# (After a slash, only when the next word goes on as a path, "etc/Muttrc", "mutt.conf",
# "Muttrc": "http://x.org/\nand the wiki" is a link and a word.)
_BROKEN_WORD = re.compile(r"(?:(?<=[A-Za-z]-)[ \t]*\r?\n[ \t>]*(?=[\w.~$-])"
                          r"|(?<=/)[ \t]*\r?\n[ \t>]*(?=[A-Z]|[\w~$-][\w.~$-]*[/.]\w))")
