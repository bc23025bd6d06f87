"""Questions for a default, a bound or a value, and the sentences that give one: "What is
the default...?" is answered by a sentence that states a default as it is now ("The default
is 30 seconds.", not "Prior to 3.0, the default was..."), "What is the maximum...?" by one
that gives a bound.
"""

from __future__ import annotations

import re

from rag import asks, identifiers
from rag.text import terms

# Words that ask for a setting's value: "What is the default value of...?", "What is the hard
# upper limit on...?"
_VALUE_WORDS = re.compile(r"\b(?:defaults?|limits?|maximum|minimum|max|min|value|size|length|timeout|interval)\b", re.I)


def value_words(question: str) -> set[str]:
    """The words with which a question asks for a value ("default", "value", "limit"), as terms."""
    return set(terms(" ".join(_VALUE_WORDS.findall(question))))


# "What is the default (value of) X?": the default itself is asked for; a word of an
# identifier ("sieve_vacation_default_period") is no such word.
_ASKS_DEFAULT = re.compile(r"\bwhat(?:'s|\s+is|\s+are)\s+(?:the\s+)?(?:[\w.+-]+['’]s?\s+)?defaults?(?![\w-])", re.I)  # ("Squid's default")
# "What compression level does pg_dump use by default?" and "What default timeout does
# Flask-Caching use?" ask for the default as well.
_WHAT_BY_DEFAULT = re.compile(r"^\s*(?:what|which)\b(?:.*\bby\s+default\b|\s+defaults?\b)", re.I)
_BY_DEFAULT = re.compile(r"\bby\s+default\b", re.I)
# "What does X default to?", "If no language is specified, which language does Docutils default to?"
_DEFAULT_TO = re.compile(r"\b(?:what|which)\b.*\bdefaults?\s+to(?:\s+(?:on|in|for|under|with|when|if)(?![\w-])[^?]*)?\s*\??\s*$", re.I)  # ("... default to on Linux?")
# "What category does a flashed message get if I don't give one?", "Which port is used when
# none is specified?", "If no encoding was given, which one is used?": what is taken when
# nothing is given is the default, said in other words; asked by a question for a thing, not
# for what happens, what goes wrong, or who can.
_GIVE = r"(?:giv|set|specif|provid|pass|choos|pick|suppl|configur|nam)"  # (stems: "given", "specifies")
_UNGIVEN = re.compile(r"\b(?:(?:if|when|unless)\s+(?:I|you|we|one|it|they|the\s+[\w-]+)\s+"
                      r"(?:don['’]?t|doesn['’]?t|do\s+not|does\s+not|never)\s+" + _GIVE + r"\w*(?P<object>[^,?]*)"
                      r"|(?:if|when)\s+(?:none|nothing|no(?P<none>(?:\s+[\w-]+){1,3}?))\s+(?:is|are|was|were)\s+" + _GIVE
                      + r"|\bwithout\s+" + _GIVE + r"\w*(?P<unnamed>[^,?]*)"
                      r"|(?:if|when)\s+(?:it\s+is\s+|it['’]s\s+)?(?:not\s+(?:given|set|specified|provided)|omitted|left\s+out)\b)",
                      re.I)
_WHICH_THING = re.compile(r"^\s*(?:(?:if|when|unless)\b[^,?]*,\s*)?(?:what|which|how\s+(?:many|much|long|big|large))\b"
                          r"(?!\s+(?:happens|will|would|should|can|could|does|do|did|goes|if|errors?|warnings?|exceptions?"
                          r"|messages?|users?|commands?)\b)(?![^?]*\b(?:can|could|should)\b)(?P<thing>(?:\s+[\w-]+){0,3})", re.I)
# What stands for the thing asked about where it is not given ("if I don't give one").
_STANDS_FOR_IT = {"one", "ones", "it", "any", "anyth", "none", "noth"}


def _asks_ungiven(question: str) -> bool:
    """Does the question ask which thing is taken when it is not given ("What category does a
    flashed message get if I don't give one?", "Which shell does cron use if the crontab
    doesn't set SHELL?"; not "Which environment variable does tar examine when no archive
    option is given?", where what is not given is another thing)?"""
    ungiven, asked = _UNGIVEN.search(question), _WHICH_THING.search(question)
    if not ungiven or not asked:
        return False
    given = next((g for g in ungiven.groups() if g is not None), "")
    words = set(terms(given))
    thing = set(terms(asked.group("thing")))
    return not words or bool((words | thing) & _STANDS_FOR_IT) or bool(words & thing)


_FIGURE_WITH_UNIT = re.compile(r"(?<![\w.-])\d[\w.]*")  # ("300", "7d", "1.5MB"; not the 5 of "ipv5")
_SAYS_DEFAULT = re.compile(r"(?<![\w-])default(?:s|ed)?(?![\w-])", re.I)
_BEHAVIOUR = re.compile(r"\b(?:behaviou?r|action|mode)s?\b", re.I)
# What happens when nothing is set: a default said without the word.
_UNLESS_SET = re.compile(r"\b(?:unless|otherwise|falls?\s+back|(?:if|when)\s+(?:no|none|not|neither|nothing)\b"
                         r"|normally|usually|typically|automatically|standard)\b", re.I)
# What is set by a figure: a setting's value, a time or a size. A default that is a word
# ("falls back to vi", "uses dash as /bin/sh") is said without the word "default".
_NUMERIC_SETTING = re.compile(
    r"\b(?:values?|timeouts?|sizes?|limits?|ports?|intervals?|delays?|periods?|lengths?|numbers?|counts?"
    r"|levels?|max|min|maximum|minimum|ttl|duration|age)\b", re.I)


# A sentence that states a default: "The default is 30 seconds.", "(defaults to 873)",
# "The default value is three connections.", "Default: 10m", a choice marked as the default
# ("-1  Use the MD5 based BSD password algorithm 1 (default).", "Setting the number to 0 makes
# curl do no retries (which is the default).") (not "You can override the default backlog
# value when...").
# (A default marked, a tense it has none of: "Default: 10m", "(default)", "which is the default".)
_MARKED_DEFAULT = (r"\bdefaults?\s*[:=]|[(\[](?:the\s+)?default[)\]]"
                   r"|\b(?:which|that|this|it)\s+(?:is|are)\s+(?:the\s+)?default\b|\bis\s+the\s+default\s*[).;]")
# (The condition of a default may stand before its verb: "The default category if nothing
# is provided is 'message'.", "The default time unit, if no "/U" is provided, is number of
# transfers per hour."; not "Keep the default unless you need to tune it.")
_DEFAULT_UNLESS_SET = (r"|(?<!\bby\s)\bdefault(?:\s+[\w-]+){0,2}?(?:,\s+(?:if|when|unless)\s+[^.;:,]{1,40},"
                       r"|\s+(?:if|when|unless)\s+[^.;:,]{1,40}?\b(?:giv|set|unset|specif|provid|pass|suppl|configur|omit"
                       r"|defin|chos|select)\w*)\s+(?:is|are)\s+(?!\w+ed\b)")
_STATES_DEFAULT = re.compile(r"\bdefault(?:s|ed)?(?:\s+[\w-]+){0,2}?\s+(?:is|are|was|to|of)\s+(?!\w+ed\b)" + _DEFAULT_UNLESS_SET
                             + "|" + _MARKED_DEFAULT, re.I)  # (not "default values are indicated")


# A default that was and is no more: "Prior to Postfix 3.0, the default was to authorize all
# clients in the IP subnetworks...", "Before version 2.4 it defaulted to 1", "It used to be
# 5" (not "The default was changed to 5 in 2.0", nor "until 2.5 seconds").
_PAST_DEFAULT = re.compile(r"\bdefault(?:s|ed)?(?:\s+[\w-]+){0,2}?\s+was\b(?!\s+\w+ed\b)|\b(?<!is\s)defaulted\b"
                           r"|\b(?:prior\s+to|before|until)\s+(?:(?:version|release)\s+\d|(?-i:[A-Z])[\w-]*\s+v?\d+\.\d"
                           r"|v?\d+\.\d+(?![\d.]*\s*(?:s|ms|seconds?|minutes?|hours?|days?|%)\b))"
                           r"|\b(?:formerly|previously|used\s+to\s+be|no\s+longer)\b", re.I)
# A default said as it is now, which a past one beside it does not undo: "The default version
# is 6 (before Postfix 2.6 the default version is 2).", "The default is 10 (previously 5)."
_CURRENT_DEFAULT = re.compile(r"\bdefault(?:\s+[\w-]+){0,2}?\s+(?:is|are)\s+(?!\w+ed\b)|\bdefaults\s+to\b"
                              r"|\bis\s+defaulted\b" + _DEFAULT_UNLESS_SET + "|" + _MARKED_DEFAULT, re.I)


# A comment's marks where a sentence of a text written as comments wraps ("By default\n#
# this limit is set to 10000 clients", redis.conf's).
_WRAPPED_COMMENT = re.compile(r"\n[ \t]*#+")


def states_default(sentence: str) -> bool:
    """Does the sentence state a default (`_STATES_DEFAULT`) as it is now: not only one that
    was (`_PAST_DEFAULT`)?"""
    sentence = _WRAPPED_COMMENT.sub("\n", sentence)
    return bool(_STATES_DEFAULT.search(sentence)) and bool(
        _CURRENT_DEFAULT.search(sentence) or not _PAST_DEFAULT.search(sentence))


# A default said to be settled elsewhere: "The default value of read_buffer depends on the
# platform.", "The default log level is set by the build."
_SETTLED_ELSEWHERE = re.compile(r"\bdefault\b[^.;]{0,40}?\b(?:depends?|depending|varies|vary|differs?"
                                r"|is\s+(?:set|chosen|determined|decided)\s+by)\b", re.I)  # (not "...30 seconds; it can be set by --timeout")


# What a plain default is the default for: nothing given ("If omitted, the default is...").
_ABSENT = (r"\b(?:not|no|none|omitted|unset|empty|absent|unspecified|otherwise|missing|nothing)\b")
# A default under a condition said beside it: "If the -i or -s switch is passed, ... The
# default format changes to "%H:%M:%S"" (ts(1)); "When run as root, the default becomes...".
_CHANGED_DEFAULT = re.compile(r"\bdefault(?:s|ed)?(?:\s+[\w-]+)?\s+(?:changes\s+to|switches\s+to|becomes|is\s+changed\s+to"
                              r"|is\s+instead)\b|^\W*(?:if|when|with|unless)\b(?![^,]*" + _ABSENT + r")[^.;,]*,\s*(?:the\s+)?default\b", re.I)
# A question that names a condition of its own: "What is the default format when -i is given?"
_CONDITION = re.compile(r"\b(?:if|when|with|unless|while|under)\b", re.I)


def conditional_default(sentence: str, question: str) -> bool:
    """Does the sentence state a default that holds only under a condition, for a question
    that names none (its plain default is asked)?"""
    return not _CONDITION.search(question) and bool(_CHANGED_DEFAULT.search(sentence))


def gives_value(sentence: str) -> bool:
    """Does the sentence state a default and give it, not say what it depends on?"""
    return states_default(sentence) and not _SETTLED_ELSEWHERE.search(sentence)


def by_default(text: str) -> bool:
    """Does the text say "by default"? A question that does asks what is done when nothing
    is set ("By default, how are requests distributed...?"), which a sentence saying so
    tells ("By default, requests are distributed ... using a weighted round-robin...")."""
    return bool(_BY_DEFAULT.search(_WRAPPED_COMMENT.sub("\n", text)))


def _numeric(question: str) -> bool:
    """Is what the question asks about set by a figure (a setting's name, "value", "port"...)?"""
    return bool(_NUMERIC_SETTING.search(question) or identifiers.IDENTIFIER.search(question))


def asks_default(question: str) -> bool:
    """Does the question ask for a default itself: "What is the default (value of) X?", "What
    does X default to?", "Which X is taken if I don't give one?", or "What X does Y use by
    default?" for X set by a figure ("compression level", "port")?
    ("Which shell does cron use by default?", "What does git status show by default?" ask
    what is done, which is told by describing it; "Which shell does cron use if I don't set
    SHELL?" asks what is taken in place of what is not given: the default, whatever sets it.)"""
    return bool(_ASKS_DEFAULT.search(question) or _DEFAULT_TO.search(question) or _asks_ungiven(question)
                or _WHAT_BY_DEFAULT.search(question) and _numeric(question)) and not _BEHAVIOUR.search(question)


def gives_default(sentences: list[str], question: str) -> bool:
    """For a question that asks for a default (`asks_default`): do the sentences give one?
    They say so ("default"), or, for X set by a figure, give a figure the question does not
    say ("300", "7d"), or, for X set by a word, say what happens when nothing is set ("falls
    back to vi", "master unless init.defaultBranch is set"). A sentence that only describes
    X ("X specifies the delay before...", "A glob-syntax pattern of the form *.c
    matches...") does not answer. True for other questions."""
    if not asks_default(question):
        return True
    numeric = _numeric(question)
    asked = set(_FIGURE_WITH_UNIT.findall(question))
    # (a figure gives a default whatever the question calls it ("the default umask": 022)
    return any(_SAYS_DEFAULT.search(s) or set(_FIGURE_WITH_UNIT.findall(s)) - asked
               or (not numeric and _UNLESS_SET.search(s)) for s in sentences) and _measure_said(sentences, question)


# What a default may measure: the default of a "password length" is not "one password", nor a
# "compression level" "xz". A figure may give a size, a length, a delay (a hash table's size
# is a count: "65537"); a level is named ("The default compression level is 6.").
_MEASURE_ASKED = re.compile(r"\b(size|length|width|level|depth|timeout|interval|delay)s?\b", re.I)
_DIGITS = re.compile(r"(?<![\w.-])\d")


def _measure_said(sentences: list[str], question: str) -> bool:
    """Does the answer say what the question asks the default of measures ("length"), or,
    but for a level, give a figure? True when the question names no measure."""
    said = " ".join(sentences)
    return all(re.search(rf"\b{word}s?\b", said, re.I) or word != "level" and _DIGITS.search(said)
               for word in {m.lower() for m in _MEASURE_ASKED.findall(question)})


# "What is the maximum value that X can be set to?", "What is the upper limit on X?": a bound.
_ASKS_BOUND = re.compile(r"\bwhat(?:'s|\s+is|\s+are)\s+(?:the\s+)?(?:(?:upper|lower|hard|largest|smallest)\s+limit"
                         r"|(?:maximum|minimum|max|min|largest|smallest|shortest|longest|lowest|highest)\b)", re.I)
_SAYS_BOUND = re.compile(r"\b(?:max(?:imum)?|min(?:imum)?|limit(?:s|ed)?|unlimited|exceed|at\s+(?:most|least)|up\s+to"
                         r"|no\s+more\s+than|no\s+less\s+than|largest|smallest|shortest|longest|lowest|highest|bound"
                         r"|cap(?:ped)?)\b", re.I)


def gives_bound(sentences: list[str], question: str) -> bool:
    """For "What is the maximum (value of) X?" or "What is the upper limit on X?": do the
    sentences give a bound? A figure the question does not say, or words of one ("cannot
    exceed", "no limit"). A sentence that only describes X ("Specifies the TTL to be
    returned on stale answers, in seconds.") does not. True for other questions."""
    if not _ASKS_BOUND.search(question):
        return True
    asked = set(_FIGURE_WITH_UNIT.findall(question))
    return any(set(_FIGURE_WITH_UNIT.findall(s)) - asked or _SAYS_BOUND.search(s) for s in sentences)


def asks_value(question: str) -> bool:
    """Does the question ask for a value: a number or a time ("How long...?"), or what a
    setting is set to ("What is the default...?", "...the upper limit on...?")?"""
    return bool(_VALUE_WORDS.search(question)) or any(kind in (asks.NUMBER, asks.TIME) for kind in asks.answer_types(question))
