"""Lists that answer a question: the items after a sentence that announces them, and the
sentences of an article that open with an ordinal ("To begin with", "The second"); and
the short example (a command, a setting) that a sentence ending in ":" introduces; the
value a sentence leaves to one after it ("...(in seconds)." "Default is 300 seconds.").
Offsets are into the article, as every quote's are.
"""

from __future__ import annotations

import re

from rag import asks, defaults, identifiers, prose, shapes, structure
from rag.schema import Article, Passage
from rag.sentences import passage_sentences, sentences
from rag.text import terms

# A sentence that announces a list: it ends with a colon, or counts what follows.
# ("...three types of files which can be put in the plugin directory.": a clause of what
# is counted; not "The project has 12 maintainers across the world and its release
# manager is Alice Smith.")
ANNOUNCES = re.compile(r"(?:\b(two|three|four|five|six|seven|\d{1,2}|several)\s+(?:[\w-]+\s+){0,2}?[\w-]+s"
                       r"(?:(?:\s+[\w-]+){0,5}|\s+(?:which|that)\b[^.:,;]*)[.:]?|:)\s*$", re.I)
BULLET_PREFIX = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")
# A list of names (items of a few words) is given whole, up to this many items.
SHORT_ITEMS = 12
EXAMPLE_LINES = 3
EXAMPLE_CHARS = 240
_CONTINUES = (";", ":", "{", "}", "(", "[", ",", "\\", "|", "&", "+", "-", "*", "/", "=", "<", ">", ".")
_LINE = re.compile(r"^[ \t]*(\S.*?)[ \t\r]*$", re.M)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
_FENCED = re.compile(r"(```+|~~~+)[^\n]*\n.*\n[ \t]*\1", re.S)  # (a code block whose closing fence is in the passage)
# How far after a lead (in characters) the sentence giving its value may be.
VALUE_REACH = 300
# A paragraph whose first sentence says this share of the lead's words goes on about it
# (BIND's reference: "Specifies the TCP port number the server uses to receive and send
# DNS-over-TLS protocol traffic." and, below it, "This is the TCP port number the server
# uses to receive and send DNS-over-TLS protocol traffic. The default is 853.").
RESTATES = 0.6
# A sentence that points back to the one before: "It is...", "This limit...", "Currently,
# this limit...", "If not specified, it is taken to be 70.".
_REFERS = re.compile(r"(?:\w+,\s+|(?:if|when|unless)\b[^,.;]{0,30},\s+)?(?:it|this|that|these|those|they)\b", re.I)
_REFERS_TO = re.compile(r"\b(?:this|that|these|those|such)\s+([\w-]+)", re.I)
# A sentence that opens another setting's entry: "retries=number ...", "max_files: ...".
_ENTRY_START = re.compile(r"(?:[A-Za-z][\w.-]*_[\w.-]*\s?[=:]|[a-z][\w.-]*\s?=)\s?\S")  # (not "Note:", "0 =")
# a sentence naming a setting of its own: "The retries option...", "max_files ...", "--retries ..."
_NAMES_SETTING = re.compile(r"\b[\w-]+\s+(?:option|setting|parameter|directive|variable|flag)s?\b|"
                            + identifiers.IDENTIFIER.pattern + "|" + identifiers.LONG_OPTION.pattern)
ORDINAL_START = re.compile(
    r"^(to begin with|first(ly)?|the first|second(ly)?|the second|third(ly)?|the third|"
    r"and finally|finally|lastly)\b",
    re.I,
)


def items_after(lead: str, lead_end: int, passage: Passage, limit: int, several: bool = False) -> list[tuple[int, int, str]]:
    """The list items that follow a sentence announcing them ("...spent on three
    activities." or "...as follows:") in its passage, each item's first sentence, so that
    with the lead they are at most `limit` sentences (an uncounted list of names is given
    whole, up to SHORT_ITEMS). For a question that asks for several
    things (`asks.asks_several`), a list right under the lead's paragraph is its answer
    however the lead ends ("Flask will detect and use them if you install them." over
    "- Blinker provides support for Signals.")."""
    announced = ANNOUNCES.search(lead)
    named = _named_after(lead_end, passage) if announced and limit >= 2 else None
    if named:
        return [named]  # (the list in one sentence)
    if not (announced or several) or limit < 3:
        return []  # (a list needs the lead and two items)
    count = (announced.group(1) or "").lower() if announced else ""
    wanted = min(limit - 1, asks.COUNT_WORDS.get(count) or (int(count) if count.isdigit() else limit))
    items: list[tuple[int, int, str]] = []
    for a, b in passage_sentences(passage):
        if passage.start + a < lead_end:
            continue
        line_start = passage.text.rfind("\n", 0, a) + 1
        prefix = passage.text[line_start:a]
        if BULLET_PREFIX.fullmatch(prefix):
            # (A list of names, uncounted, is given whole: "Python", "Perl", ... "PHP".)
            names = count in ("", "several") and all(_names_one(text) for *_, text in items) and _names_one(passage.text[a:b])
            if len(items) >= wanted and not (names and len(items) < SHORT_ITEMS):
                break
            items.append((passage.start + a, passage.start + b, passage.text[a:b]))
        elif not prefix or (prefix.strip() and not items):
            break  # a paragraph at the margin, or more of the lead's own: no list, or its end
        # (else: an item's indented text, or more of an item's sentence: read on)
    return _as_one_run(items, passage) if len(items) >= 2 else []


def _as_one_run(items: list[tuple[int, int, str]], passage: Passage) -> list[tuple[int, int, str]]:
    """A list of names, item right under item ("- Python" "- Perl" "- Ruby"), as one quote
    from the first to the last (one citation, shown "Python, Perl, Ruby", `as_names`); other
    items as they are."""
    between = [passage.text[b - passage.start : a - passage.start] for (_, b, _), (a, _, _) in zip(items, items[1:])]
    if len(items) < 3 or not all(_names_one(text) and "\n" not in text for *_, text in items) \
            or not all(_NEXT_ITEM.fullmatch(gap) for gap in between):
        return items
    a, b = items[0][0], items[-1][1]
    return [(a, b, passage.text[a - passage.start : b - passage.start])]


# The next item of a list in no order (loose too: "- Python" "" "- Perl"); a numbered list's
# items are steps, each cited on its own ("1. Run make" "2. Run make install").
_NEXT_ITEM = re.compile(r"(?:[ \t]*\r?\n)+[ \t]*[-*+•][ \t]+")


_NAME_END = re.compile(r"(?:[,;]|\s+(?:and|or))+$")  # ("- Python," "- Perl, and")


def as_names(quote: str) -> str | None:
    """A quoted run of list items that are names, as a line: "Python, Perl, Ruby"; None
    for any other quote."""
    lines = [line for line in quote.split("\n") if line.strip()]
    bullets = [BULLET_PREFIX.match(line) for line in lines[1:]]
    if len(lines) < 3 or not all(bullets):
        return None
    names = [_NAME_END.sub("", prose.as_prose(name)) for name in
             [lines[0], *(line[bullet.end():] for line, bullet in zip(lines[1:], bullets) if bullet)]]
    return ", ".join(names) if all(_names_one(name) for name in names) else None


def item_leads(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """For each sentence, the lead ending in ":" that announces the list it is an item of
    ("Restic returns one of the following exit status codes after the backup command is
    run:" over "* 3 when some source files could not be read"), and where its item's line
    starts (another item's sentence is another case); ("", -1) for a sentence of no list.
    An item is about what its lead says, as an entry's sentences are about its term. The
    list ends at a line indented no deeper than the lead (a man page's next paragraph)."""
    leads: list[tuple[str, int]] = []
    lead, lead_indent, item = "", 0, -1
    for a, b in spans:
        line_start = text.rfind("\n", 0, a) + 1
        prefix = text[line_start:a]
        if lead and BULLET_PREFIX.fullmatch(prefix):
            item = line_start
        elif not (lead and item >= 0 and (prefix.strip() or len(prefix) > lead_indent)):
            # (not more of an item's text, on its line or indented under it: a sentence of its own)
            lead, item = (text[a:b], -1) if text[a:b].rstrip().endswith(":") else ("", -1)
            lead_indent = len(prefix) - len(prefix.lstrip())  # (its line's indent)
            leads.append(("", -1))
            continue
        leads.append((lead, item))
    return leads


def _names_one(item: str) -> bool:
    """Is a list item only a name ("Python", "Guile (scheme)")?"""
    return len(item.split()) <= 3 and not re.search(r"[.:;!?]$", item.strip())


# A sentence that names what the one before it counts, as a list: "These are tiny (5x8
# pixels), small (6x12 pixels), medium, (7x13 Bold), large (8x16) or giant (9x15 pixels)."
_NAMES_THEM = re.compile(r"(?:these|they|those)\s+(?:are|include)\b|namely\b", re.I)


def _named_after(lead_end: int, passage: Passage) -> tuple[int, int, str] | None:
    """The sentence right after the lead (in its paragraph) that names, in a list, what the
    lead counts ("Five basic fonts are provided directly by libgd.")."""
    for a, b in passage_sentences(passage):
        if passage.start + a < lead_end:
            continue
        text = passage.text[a:b]
        between = passage.text[lead_end - passage.start : a]
        if between.strip() or "\n\n" in between or not _NAMES_THEM.match(text) or not asks.lists_inline(text):
            return None
        return passage.start + a, passage.start + b, text
    return None


def announces_prose(lead: str, lead_end: int, passage: Passage) -> bool:
    """Does a lead ending in ":" stand over plain paragraphs, not a list or an example?
    ("GNU 'sed' returns the following exit status error values:" over GNU Info's "4" and
    "An I/O error, or a serious processing error during runtime, ..."): what it announces
    is in the sentences after it, and it says nothing of its own."""
    after = lead_end - passage.start
    if not lead.rstrip().endswith(":") or after < 0:
        return False
    block = _block_after(passage, after)
    return block is not None and block.kind == "prose"


# reStructuredText's directives of code, and a directive's option lines.
_CODE_DIRECTIVE = re.compile(r"\.\.[ \t]+(?:code|code-block|sourcecode)::")
_DIRECTIVE_OPTION = re.compile(r"[ \t]*:[\w-]+:")


def _block_after(passage: Passage, after: int) -> structure.Block | None:
    """The first block of the passage that starts at `after` or later."""
    return next((b for b in structure.blocks(passage.text) if b.start >= after), None)


def example_after(lead: str, lead_end: int, passage: Passage, told: bool = False,
                  whole: bool = False) -> tuple[int, int, str] | None:
    """The short code block a lead ending in ":" introduces, when it follows at once in the
    passage (past reST's ".. code-block::" and its options): "...execute the following
    command as root:" and "# postfix reload"; in reference text it is the answer the lead
    only announces. At most EXAMPLE_LINES lines and EXAMPLE_CHARS characters (a listing is
    not an answer); its fences left out. With `told`, a lead that does not end in ":" (it
    tells what to do, the block shows how) and is the last words before the block;
    `whole`: the passage ends where its article does (a block it ends with is not cut)."""
    if not (told or lead.rstrip().endswith(":")):
        return None
    after = lead_end - passage.start
    if after < 0 or after >= len(passage.text):
        return None
    # (The passage is read whole: a reST lead ends in "::", and its literal block is known
    # as one only below that line.)
    text = passage.text
    block = _block_after(passage, after)
    if block is not None and not lead.rstrip().endswith(":") and text[after : block.start].strip():
        return None  # (a lead that only tells what to do is the last words before its example)
    # reST's directive over the example, with its options: ".. code-block:: bash", ":caption: ...".
    directive = block is not None and block.kind == "markup" and _CODE_DIRECTIVE.match(text[block.start : block.end])
    while block is not None and block.kind == "markup" and (directive or _DIRECTIVE_OPTION.match(text[block.start : block.end])):
        if text[after : block.start].count("\n") > 2:
            return None
        after, directive = block.end, False
        block = _block_after(passage, after)
    if block is None or block.kind != "code" or text[after : block.start].count("\n") > 2:  # (one blank line)
        return None
    closed = bool(_FENCED.fullmatch(text[block.start : block.end].strip()))
    if not text[block.end :].strip() and not closed and not whole:
        return None  # (the passage may end inside the block: a listing's first lines are not all of it)
    lines = [(block.start + m.start(1), block.start + m.end(1))  # each line that is not blank, trimmed
             for m in _LINE.finditer(text[block.start : block.end])]
    if lines and shapes.is_fence(text[slice(*lines[0])]):
        lines = lines[1:-1]  # (its fences)
    # A shell session ("$ git lfs pointer --file=f" and what it prints): its commands are
    # what the lead introduces.
    commands: list[tuple[int, int]] = []
    for a, b in lines:  # (a command goes on past a line ending in a backslash)
        if not (text.startswith("$ ", a) or (commands and text[commands[-1][1] - 1] == "\\")):
            break
        commands.append((a, b))
    if commands and len(commands) < len(lines):
        lines = commands
    if not lines or len(lines) > EXAMPLE_LINES or sum(b - a for a, b in lines) > EXAMPLE_CHARS:
        return None
    a, b = lines[0][0], lines[-1][1]
    return passage.start + a, passage.start + b, text[a:b]


_ENTRY_KINDS = {*identifiers.SETTING_KINDS, "options", "argument"}


def value_after(lead_start: int, lead_end: int, passage: Passage, question: str) -> tuple[int, int, str] | None:
    """The sentence after a lead, in its paragraph, that gives the value the lead only
    describes: reference text names a setting in one sentence and gives its value in the
    next ones ("timestamp_timeout=number How long should pam_timestamp treat timestamp as
    valid (in seconds)." "Default is 300 seconds."; "There is a hard upper limit on the
    number of threads." "Currently, this limit is set to 32."). For a question that asks
    for a value (defaults.asks_value), it says a figure the lead and the question do not, or
    the default the question asks for, and it either says a word of the question the lead
    lacks or points back to the lead ("this limit"). Such a sentence is often too short to
    be scored on its own."""
    text, start = passage.text, passage.start
    if not start <= lead_start < lead_end <= start + len(text):
        return None
    lead = text[lead_start - start : lead_end - start]
    # (An entry's term line heads paragraphs that all describe it: "stale-answer-ttl Grammar:
    # ..." over "Blocks: options, view", "Specifies the TTL..." and "The default is 30 seconds.")
    entry = identifiers.opens_entry(lead)
    # A question for one thing by name ("Which user account does chronyd switch to...?")
    # whose lead, an entry, only describes it ("-u user This option sets the name of the
    # system user to which chronyd will switch..."): the entry's default names it ("The
    # compiled-in default value is _chrony.").
    # (Not when the kind is the entry's own, "Which option turns off compression?": the
    # entry's term names it.)
    kind = asks.which_one(question).lower().split()
    valued = defaults.asks_value(question)
    naming = entry and bool(kind) and not set(kind) & _ENTRY_KINDS and not valued
    if not (valued or naming) or defaults.asks_default(question) and defaults.gives_value(lead):
        return None  # (nor after a lead that gives the default asked for: "The default is 7.")
    asked, said = set(terms(question)), set(terms(lead))
    figures = {m.group() for m in asks.NUMBER.finditer(lead + " " + question) if m.group()[0].isdigit()}
    previous = lead_end - start
    for a, b in passage_sentences(passage):
        if a < lead_end - start:
            continue
        sentence = text[a:b]
        own = set(terms(sentence))
        if len(text[lead_end - start : a]) > VALUE_REACH:
            return None
        if entry and identifiers.opens_entry(sentence):
            return None  # (the next entry)
        if not entry and _PARAGRAPH_BREAK.search(text[previous:a]) and len(own & said) < RESTATES * len(said):
            return None  # (another paragraph says another thing's value, unless it restates the lead)
        previous = b
        gives = any(m.group()[0].isdigit() and m.group() not in figures for m in asks.NUMBER.finditer(sentence)) \
            or ("default" in asked and "default" in own - said)
        refers = (own & asked) - said or _REFERS.match(sentence) \
            or any(word in said for word in terms(" ".join(_REFERS_TO.findall(sentence))))
        if naming:
            gives = defaults.states_default(sentence)
            refers = True  # (the entry's own sentence)
        if gives and refers:
            return start + a, start + b, sentence
        if _ENTRY_START.match(sentence) or _describes_another(own, said, asked) and _NAMES_SETTING.search(sentence):
            return None  # (what follows is another setting's)
    return None


def _describes_another(own: set[str], said: set[str], asked: set[str]) -> bool:
    """Does a sentence after a lead describe another thing as the lead describes the one
    asked about ("The timeout option sets..." "The retries option sets...")? It says two
    of the lead's words the question lacks, and none of those it shares with the lead."""
    return len(own & (said - asked)) >= 2 and not own & said & asked


def one_line(code: str) -> str:
    """A short code example on one line of an answer: its lines joined by "; ", as a shell
    or Python line would join them; by a space after a line that goes on ("make &&",
    "ls |", "{", ":") or ends in a comment."""
    lines = [line.strip() for line in code.split("\n") if line.strip()]
    return " ".join(line if i == len(lines) - 1 or line.endswith(_CONTINUES) or "#" in line else f"{line};"
                    for i, line in enumerate(lines))


def ordinal_sentences(text: str) -> list[tuple[int, int, str]]:
    """The sentences of an article's text that open with an ordinal."""
    return [(a, b, text[a:b]) for a, b in sentences(text) if ORDINAL_START.match(text[a:b])]


def sentences_saying(article: Article, phrase: re.Pattern) -> list[tuple[int, int, str]]:
    """The sentences of an article in which `phrase` is found; not its headline."""
    text = article.text
    return [(a, b, text[a:b]) for a, b in sentences(text)
            if phrase.search(text, a, b) and not (a == 0 and text[a:b] == article.title)]
