"""The names of settings, options and variables as reference text writes them: a setting's
("max_connections"), a long option ("--buffer-size"), an environment variable
("HGRCPATH"), a hyphenated name ("stale-answer-ttl"); which a question names, which a
reference entry opens with, and whether a text says one whole.
"""

from __future__ import annotations

import re

from rag.text import stopwords

# A setting's or a function's name ("sieve_vacation_default_period", "file_insertion_enabled"):
# its words are shared by its neighbours ("sieve_vacation_min_period"), so the sentence
# that answers says it whole.
IDENTIFIER = re.compile(r"(?<![\w./-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w/-])")
# A command's long option ("--buffer-size", or find's "-mtime" of one dash and three letters
# or more), said whole as a setting's name is.
LONG_OPTION = re.compile(r"(?<![\w-])(?:--[A-Za-z][\w-]*[A-Za-z0-9]|-[A-Za-z][A-Za-z0-9]{2,}(?![\w-]))")


# An environment variable or constant in capitals ("HGRCPATH", "PAGER" is too short to
# tell from an acronym).
CAPITALS_NAME = re.compile(r"(?<![\w$-])[A-Z][A-Z0-9]{5,}(?![\w-])")


# A name in camel case ("LoginGraceTime", "DirectoryIndex", as sshd_config and Apache name
# their settings); a product's name looks the same ("NetworkManager"), so it is a setting's
# where an entry opens with it, its description on the line below or columns apart.
CAMEL_NAME = re.compile(r"(?<![\w$-])[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+(?![\w-])")
_CAMEL_TERM = re.compile(rf"({CAMEL_NAME.pattern})(?:[ \t]*\n[ \t]*|[ \t]{{2,}})(?=[A-Z])")


# A name of three or more words joined by hyphens, in lower case, as BIND names its
# options ("stale-answer-ttl", "max-cache-size"); not a phrase ("up-to-date", "end-of-line").
# (With one hyphen, "tls-port" is a name where an entry opens with it, see `opens_entry`;
# alone it could be "read-only".)
_HYPHENATED = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w/-])")


def hyphenated_names(text: str, hyphens: int = 2) -> list[str]:
    """The hyphenated names in the text (see `_HYPHENATED`) of at least that many hyphens,
    phrases of common words left out."""
    return [name for name in _HYPHENATED.findall(text)
            if name.count("-") >= hyphens and not set(name.split("-")) & stopwords()]


def setting_names(question: str) -> list[str]:
    """The settings a question names: "max_connections", "--buffer-size", "HGRCPATH",
    "stale-answer-ttl"."""
    return IDENTIFIER.findall(question) + LONG_OPTION.findall(question) + CAPITALS_NAME.findall(question) \
        + hyphenated_names(question)


def joined_names(question: str) -> set[str]:
    """The settings a question names in a row, as written: "--limit and --limit-burst",
    "max_connections, shared_buffers or work_mem" (each may be told by its own entry)."""
    names = sorted({(m.start(), m.end(), m.group()) for m in _NAMES.finditer(question)})
    joined: set[str] = set()
    for (_, end, name), (start, _, following) in zip(names, names[1:]):
        if _JOINING.fullmatch(question[end:start]):
            joined |= {name, following}
    return joined


_NAMES = re.compile("|".join(f"(?:{shape.pattern})" for shape in (IDENTIFIER, LONG_OPTION, CAPITALS_NAME)))
_JOINING = re.compile(r"\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)(?:the\s+)?", re.I)


# A Texinfo definition as Info prints it: "-- Option: -xdev", "-- Variable: HISTSIZE".
_INFO_DEFINITION = re.compile(r"-- (?:Option|Variable|User Option|Command|Function|Macro|Action|Test|Special Form): (\S+)")


def entry_like_names(question: str) -> set[str]:
    """The names a question may ask about that are settings' where an entry opens with
    them, lower case: of one hyphen ("tls-port"), in camel case ("LoginGraceTime"), or a
    word it calls a setting ("the delaycompress directive")."""
    return set(hyphenated_names(question, hyphens=1)) | {name.lower() for name in CAMEL_NAME.findall(question)} \
        | {name for name in _CALLED_SETTING.findall(question) if name not in _NO_NAMES and name not in stopwords()}


# "the delaycompress directive", "the nocreate option" (not "the default option").
_NO_NAMES = {"default", "following", "same", "other", "above", "below", "first", "last", "next", "given", "only",
             "second", "third", "appropriate", "corresponding", "relevant", "previous", "proper", "best", "right",
             "environment", "recommended", "correct", "wrong", "main", "global", "whole", "entire", "former", "latter"}
_CALLED_SETTING = re.compile(r"\b(?i:the)\s+([a-z][a-z0-9]{3,})\s+(?:directive|option|keyword|setting|parameter|flag|variable)s?\b")
# A setting's name in lower case on its own line over its description, as man pages print
# logrotate's directives ("delaycompress" over "Postpone compression of the previous log
# file..."), or columns apart.
_WORD_TERM = re.compile(r"([a-z][a-z0-9]{3,})(?:[ \t]*\n[ \t]+|[ \t]{2,})(?=[A-Z][a-z])")


def opens_entry(sentence: str) -> bool:
    """Does the sentence open a reference entry with the setting it describes
    ("max_connections (integer) Determines...", "-R, --retries RETRIES Number of...",
    "stale-answer-ttl Grammar: stale-answer-ttl <duration>;")?"""
    sentence = sentence.lstrip("`*'\"‘“")
    return bool(IDENTIFIER.match(sentence) or _OPTION_START.match(sentence) or CAPITALS_NAME.match(sentence)
                or _TERM_SHAPE.match(sentence) or hyphenated_names(sentence.split(" ", 1)[0], hyphens=1)
                or _CAMEL_TERM.match(sentence) or _INFO_DEFINITION.match(sentence) or _WORD_TERM.match(sentence))


def entry_names(term: str) -> set[str]:
    """The settings an entry's opening sentence names before its description, lower case:
    {"max_connections"} of "max_connections (integer) Determines...", {"--retries"} of
    "-R, --retries RETRIES   Number of retries"."""
    if term.startswith("|"):  # (a row: "| max_rcpt | Use: smtp |", or past its label "| Syntax: | server_tokens on |")
        cells = [cell.strip() for cell in term.strip("| ").split("|")]
        term = cells[1] if len(cells) > 1 and cells[0].endswith(":") else cells[0]
    term = term.lstrip("`*'\"‘“| ")
    name = IDENTIFIER.match(term) or CAPITALS_NAME.match(term)
    if name:  # (and those of a term line naming several: "log_statement_stats (boolean) log_parser_stats (boolean)")
        return {name.group().lower()} | {m.group(1).lower() for m in _TERM_SHAPES.finditer(term)}
    if _INFO_DEFINITION.match(term):  # ("-- Option: -xdev -- Option: -mount Don't descend...")
        return {name.lower().strip("'‘’") for name in _INFO_DEFINITION.findall(term)}
    camel = _CAMEL_TERM.match(term) or _WORD_TERM.match(term)
    if camel:  # ("LoginGraceTime" over "The server disconnects after this time...", "delaycompress" over "Postpone...")
        return {camel.group(1).lower()}
    first = term.split(" ", 1)[0]
    if hyphenated_names(first, hyphens=1):  # (a sentence opens in lower case only with a name)
        return {first.lower()}
    shaped = _TERM_SHAPE.match(term)
    if shaped:
        return {shaped.group(1).lower()}
    head = re.split(r"\s{2,}|’|(?<=\s)[a-z]{3,}\s", term, maxsplit=1)[0] if _OPTION_START.match(term) else ""
    return {option.lower() for option in LONG_OPTION.findall(head)}


_OPTION_START = re.compile(r"--?[A-Za-z]")
# a reference entry's term line whose name has no underscore: "ssl (boolean)", "port=number"
_TERM_SHAPE = re.compile(r"([A-Za-z][\w.-]*)(?:\s+\((?:integer|string|boolean|bool|enum|real|floating point|int|float"
                         r"|number|list|time|size|text|string list)\)|=(?:number|string|integer|value|\w+)\s)")
_TERM_SHAPES = re.compile(r"(?<!\S)" + _TERM_SHAPE.pattern)


# The kinds of thing a reference entry is about, which its term names ("Which option...?").
SETTING_KINDS = ("variable", "setting", "option", "parameter", "directive", "flag", "switch", "command", "key")


def says_identifier(name: str, text: str) -> bool:
    """Is a setting's name said whole in the text ("reserved_connections" is not said by
    "superuser_reserved_connections"; reStructuredText's reference "raw_enabled_" says it)?"""
    if name.startswith("--"):  # ("–partial", "−−partial", "‐‐partial"; "--[no-]edit" says --edit and --no-edit)
        text = re.sub(r"[\u2013\u2014]", "--", re.sub(r"[\u2010\u2011\u2212]", "-", text))
        text = text.replace("--[no-]", "--") + " " + text.replace("--[no-]", "--no-")
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![A-Za-z0-9-]|_[A-Za-z0-9])", text, re.I) is not None
