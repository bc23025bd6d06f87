"""What a question asks for, and whether a sentence gives it: the question-shape rules of
the extractive answer (rag.answer), apart from its scoring.

- A number, a time, a version or an option ("How many...", "When...", "Since which
  version...", "Which option...") is answered only by a sentence that gives one beyond the
  question's own (`ANSWER_TYPES`, `gives`), and "how many soldiers" only by a count of
  soldiers (`counts`).
- "Who is the foreign minister of...?" only by a sentence that names that role (`names_role`).
- "What three things..." asks for that many (`COUNTED`, `COUNT_WORDS`).
- A name asked about must be said, as itself, as the place its people are named after, or
  spelled out when it is an acronym (`named`); a name with its number ("Perl 7") is asked
  about with that number (`VERSIONED`, `says_number`).
"""

from __future__ import annotations

import os
import re

from rag.text import NUMBER_WORDS, stopwords, terms

# How many things a question asks for ("three things", "both"): the numbers of rag.text up to
# a dozen, and "both".
COUNT_WORDS = {**{w: n for w, n in NUMBER_WORDS.items() if n <= 12}, "both": 2}
COUNTED = re.compile(
    r"\b(\d+|" + "|".join(COUNT_WORDS) + r")\s+(?:\w+\s+){0,2}?"
    r"(things|ways|reasons|steps|points|factors|areas|conditions|measures|issues|obstacles|requirements)\b",
    re.I,
)


def counted(question: str) -> tuple[int, str] | None:
    """How many things a question asks for and the words that say so ("What three things
    must...?" -> (3, "three things")); None when it counts nothing."""
    found = COUNTED.search(question)
    if not found:
        return None
    number = COUNT_WORDS.get(found.group(1).lower()) or int(found.group(1))
    return (number, found.group(0).lower()) if number > 0 else None


# Capitalised question words are not names ("Who is ...", "What ...").
QUESTION_WORDS = {"who", "what", "when", "where", "why", "how", "which", "whom", "whose", "is", "are", "was",
                   "were", "do", "does", "did", "can", "could", "should", "would", "will", "us"}
# Where a question asks a second thing: "Which port do I send on, and which port fetches
# mail?", "how much should I indent, and which quotes...?".
# ("and is", "and do" only after a comma: "the difference between is and is not" is one.)
SECOND_PART = re.compile(r",?\s+and\s+(?=(?:how|what|which|where|when|why|who|whom|in which|at what)\b)"
                         r"|,\s+and\s+(?=(?:can|is|are|do|does)\b)", re.I)
# A part that asks for a value as the first did, its question word left out: "what is the
# default port it listens on, and the default port PORT-style data connections originate from?"
# (Not a clause, "..., and the maximum size is reached?", nor a word sharing the first's noun:
# "How do I set the minimum, and the maximum PASV port?")
_ELLIPTIC_PART = re.compile(r",\s+and\s+(?=the\s+(?:default|maximum|minimum)\s+[\w-]+(?![^,]*\b(?:is|are|was|were|be)\b)[^,]*$)", re.I)
_VALUE_ASKED = re.compile(r"\b((?:what|which)\s+(?:is|are|was|were)\s+)the\s+(?:default|maximum|minimum)\s+[\w-]", re.I)
EXAMPLES = re.compile(r"\b(e\.\s?g\.|for example|for instance|such as)[^.?!;]*", re.I)
MEASURE = re.compile(r"[$€£]\s?\d|\d|\b(billion|million|thousand|hundred|dozen)\b", re.I)
# A figure standing alone: "50", "1,200", "2.5" (not the 1 of "SHA-1", not a sentence's full stop).
FIGURE = r"(?<![\w/.-])\d+(?:[.,]\d+)*"
NUMBER = re.compile(rf"{FIGURE}(?:[-–]\d+(?:[.,]\d+)*)?%?(?![\w/-])|\b(one|two|three|four|five|six|seven|"
                     r"eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred|thousand|million|billion|half|"
                     r"dozen|percent|once|twice)\b", re.I)
# (A month by its capital: "it may run" and "march" say no time.)
TIME = re.compile(rf"{FIGURE}(?::\d+)?(?:am|pm)?(?![\w/-])|\b(day|week|month|year|morning|afternoon|evening|"
                  r"noon|midnight|hour|minute|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b"
                  r"|\b(?-i:January|February|March|April|May|June|July|August|September|October|November|December)\b", re.I)
YEAR = re.compile(r"(?<![\w/.-])(1[5-9]|20)\d\d(?![\w/-]|[.,]\d)")
# A version: "5.6.1", "v5.36", "version 3", "the version is 13", "Perl 5", "Python 3" (not "SHA-1" or "H1", not an
# address or a date of four or three parts, not "section 4.2" or "2.5 seconds", not "where 25").
VERSION = re.compile(
    r"(?<!section )(?<!chapter )(?<!figure )(?<!table )(?<![\w.])v?\d+\.\d+(?:\.\d{1,3})?(?![\w.]?\d|\.\d)"
    r"(?!\s*(?:%|percent|seconds?|minutes?|hours?|days?|ms|[kmg]b)\b)"
    r"|\bversion(?:\s+(?:is|was)|:)?\s+\d+\b|(?-i:\b(?!(?:Table|Figure|Example|Listing|Section|Chapter|Part|Appendix|Step)\b)[A-Z][A-Za-z+#]*)"
    r"\s+\d{1,2}\b(?![.,:]\d)", re.I)  # ("Perl 5"; not "Table 2 lists the ports...")
# A command-line option: "--theme", "-n", or a digit option in code ("`git am -3`"); not a
# dash between words, a negative number ("returns -1") or a dash for a comma ("--which").
OPTION = re.compile(r"(?<![\w-])(?:--?[A-Za-z][\w-]*)|`[^`]*?(?<![\w-])-\d(?![\w.,])[^`]*`")
# A question (or part of one) answered by yes or no: "Is ...?", "and are exported tabs encrypted?".
YES_NO = re.compile(r"^\s*(?:(?:and|but|or|so)\s+)?(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|had"
                    r"|may|must|shall)\b", re.I)
# An environment variable's name, as written: "TAPE", "$HOME", "COPYQ_LOG_LEVEL" (three
# characters or more, in capitals).
ENVIRONMENT_VARIABLE = re.compile(r"(?<![\w$-])\$?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?![\w-])(?<=\w{3})")
# Questions that ask for a number, a time, a version, an option or an environment variable, with how a sentence that gives one
# looks (the answer-type check of classic question answering). When no sentence that could
# answer holds one beyond the question's own, the corpus does not say.
ANSWER_TYPES = [
    (re.compile(r"\bhow (much|many|long|big|large|old|often|far)\b|\bwhat (size|number|percentage|amount)\b"
                r"|\bwhat(?:'s| is| are)\s+(?:the\s+)?(?:(?:maximum|minimum|max|min|default|total)\s+)?"
                r"(size|number|percentage|amount)\s+of\b"
                r"|\bin (bytes|seconds|minutes|hours|days|percent)\b"
                # A bound: "Below what load average does batch start...?", "Over what threshold...?"
                # (not a place: "Above which block should I put the include?")
                r"|\b(?:below|above|under|over|beyond|exceed(?:s|ing)?)\s+(?:what|which)\s+(?:[\w-]+\s+)?"
                r"(?:load|size|value|limit|threshold|level|number|amount|percentage|temperature|count|rate|average"
                r"|length|speed|usage|ratio)s?\b", re.I), NUMBER),
    # ("When I'm done, how do I ...?" asks how: a clause opened by "when" then a question.)
    (re.compile(r"^\s*((and|but|so|then)\s+)?when\b(?![^?]*,\s*(how|what|which|where|who|why|can|could|do|does|"
                r"should|is|are)\b)|\b(?:what|which) (time|day|date|month)\b(?!\s+(?:zones?|formats?|stamps?)\b)", re.I), TIME),
    # "In which year...?": a year, not any figure ("Prior to version 0.4" gives none).
    # ("In which month and year...?" too.)
    (re.compile(r"\b(what|which) (?:(?:day|month),? (?:and )?)?year\b", re.I), YEAR),
    # "Since which Perl version...?", "What is the minimum Python version...?" (not "Which
    # version of Perl should I use?", "which version of a module is installed?", nor a
    # version's own thing: "What is the default version scan intensity in nmap?")
    (re.compile(r"\b(which|what)\b[^?]*\bversions?\b(?!\s+(?:control|scan\w*|detection|probes?|checks?|checking"
                r"|history|pinning|managers?|management)\b)(?!\s+of\s+(?:the|a|an|my|your)\b)"
                r"(?![^?]*\bshould\s+(?:i|we|you|one)\s+(?:use|choose|pick|run|install)\b)"  # (not "Which version of Perl should I use?"; "...should I upgrade to?" asks for one)
                # "In which Docutils release was ... added?" (not "What does release do?", "Which
                # release notes...", "Which method releases the lock?")
                r"|\b(?:in|since|from|as\s+of|until|before|after|with)\s+(which|what)\s+(?:[\w.-]+\s+)?release\b"
                r"|\b(which|what)\s+(?!(?:does|do|did|is|are|was|were|the|a|an)\b)(?:[\w.-]+\s+)?release\s+"
                r"(?:was|is|did|does|first|added|introduced|removed|dropped|brought|made|has|had)\b", re.I), VERSION),
    # "Which option...?", "Which rst2man.py command-line option...?", "what command-line
    # flags..." (not "What does the --export-all option do?", "What options does Pakistan have?")
    (re.compile(r"\b(which|what)\s+(?!(?:does|do|did|is|are|was|were|the|a|an)\b)(?:[\w.-]+\s+){0,2}?"
                r"(option|flag|switch|(?<=command-line )(?:options|flags|switches))\b", re.I), OPTION),
    # "Which environment variable...?" (not "What does the MAGICK_OCL_DEVICE environment variable do?")
    (re.compile(r"\b(which|what)\s+(?!(?:does|do|did|is|are|was|were|the|a|an)\b)(?:[\w.-]+\s+)?"
                r"environment\s+variables?\b", re.I), ENVIRONMENT_VARIABLE),
]
# The kinds whose figure is itself evidence enough to answer below the full refusal bar
# (rag.answer.TYPED_SHARE): a technical text is full of version numbers, not of sizes.
FIGURES = {NUMBER, TIME, YEAR}
# "how many <what is counted>" (up to three words): "How many Russian soldiers are based
# in Pakistan?" is not answered by a number of anything else.
HOW_MANY = re.compile(r"\bhow many\s+((?:[\w-]+\s+){0,2}[\w-]+)", re.I)
# "how much <thing>" (in lower case: not a name): "How much oil...?" is not answered by an
# amount of trade. Amounts of money or time, and comparisons, name no thing to look for.
HOW_MUCH = re.compile(r"\b[Hh]ow much\s+(?:(?:of|in)\s+)?([a-z][\w-]*)")
# A count of what the sentences before named: "a process will terminate when more than 13
# of these happen".
POINTS_BACK = re.compile(r"of (these|those|them)\b", re.I)
# "the (maximum) size of <what is measured>": its words (up to two), one of them said.
MEASURE_OF = re.compile(r"\b(size|number|percentage|amount|length|count)\s+(?:in\s+\w+\s+)?of\s+"
                        r"(?:(?:the|a|an|my|your|each|every)\s+)?((?:[\w-]+\s+)?[\w-]+)", re.I)
NOT_A_THING = {"does", "do", "did", "is", "are", "was", "were", "will", "would", "can", "could", "should", "has",
               "have", "had", "money", "time", "per", "total", "more", "less", "fewer", "faster", "slower",
               "longer", "shorter", "bigger", "smaller", "larger", "higher", "lower", "cheaper", "better",
               "worse", "further", "farther", "older", "newer", "greater", "the", "a", "an", "it", "this", "that", "of", "in"}
# "Who is the <role> of ...?" (a role of up to four words): who holds it.
WHO_ROLE = re.compile(r"\bwho\s+(?:is|was|are|were)\s+(?:the|a|an)\s+((?:[\w-]+\s+){0,3}?[\w-]+)\s+of\b", re.I)
# A release number ("3.7.0", not "1.000.000"), or any number after "version": never a count.
_RELEASE = re.compile(r"(?!\d{1,3}(?:\.\d{3})+$)\d+(?:\.\d+){2,}")
_VERSIONS_WORD = re.compile(r"\b(?:versions?|releases?)\b", re.I)
_VERSION_OF = re.compile(r"\b([A-Za-z][\w+#-]*)\s+versions?\b", re.I)
_VERSION_ADJECTIVES = {"minimum", "maximum", "latest", "oldest", "newest", "current", "required", "supported", "first",
                       "last", "earliest", "new", "old", "stable", "which", "what", "the", "a", "that", "this", "its",
                       "their", "any", "every", "older", "newer", "later", "earlier", "specific", "same", "different"}
_VERSION_KINDS = {"major", "minor", "patch", "lts", "exact", "recommended", "compatible", "preferred", "release",
                  "minimal", "beta", "stable", "final", "long-term", "maintained", "previous", "next"}
# A number given as the default of what the sentence named before it.
_DEFAULT_OF = re.compile(r"\bdefaults?(?:\s++(?:value|number|count|setting|limit))?(?:\s++for\s++this\s++\w+)?"
                         r"\s*+(?:is|of|to|=|:)?\s*+:?\s*+$", re.I)  # ("The default number for this option is: 100")
_AFTER_VERSION = re.compile(r"\b(?:versions?|v)\s*$", re.I)
# A name with its number ("Perl 7", "April 2022", "Python 3.12"): which one is asked about.
VERSIONED = re.compile(r"\b([A-Z][\w+#]*)\s+v?(\d+(?:\.\d+)*)\b")


def named(name: str, text: str) -> bool:
    """Is the (lowercased) name in the text, as itself, as the place its people or things
    are named after ("iranian": "Iran") or the other way round, or, for an acronym ("fsf"),
    spelled out by capitalised words ("Free Software Foundation")?"""
    lowered = text.lower()
    if name in lowered:
        return True
    for word in set(re.findall(r"\b[A-Z][a-z]{3,}", text)):
        shared = len(os.path.commonprefix([name, word.lower()]))
        if shared >= 4 and len(name) - shared <= 3 and len(word) - shared <= 3:
            return True  # Iran-ian, Russia-n, Pakistan-i, Chin-a/ese, German-y
    return spelled_out(name, text)


def spelled_out(acronym: str, text: str) -> bool:
    """Is the acronym ("fsf", any case) spelled out in the text by capitalised words
    ("Free Software Foundation"), not merely found inside a word ("cia" in "officially")?"""
    if not 2 <= len(acronym) <= 6 or not acronym.isalpha():
        return False
    words = r"\b" + r"[a-z]+[ \t\n-]+(?:(?:of|and|for|the|&)[ \t\n]+)?".join(acronym.upper()) + r"[a-z]+"
    return re.search(words, text) is not None


def says_number(number: str, text: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(number)}(?!\w|\.\d)", text) is not None


def parts(question: str) -> list[str]:
    """The questions a question asks, one per part ("..., and which ...?"); itself when one."""
    found = []
    for part in (part for part in SECOND_PART.split(question) if part.strip()):
        first, *rest = _ELLIPTIC_PART.split(part, maxsplit=1)
        asked = _VALUE_ASKED.search(first)
        found += [first, asked.group(1).capitalize() + rest[0]] if rest and asked else [part]
    return found


# A second question word joined to another ("When and where...?", "who, what and why"); not
# one that opens a clause ("What happens when I run git gc?" asks one thing).
_JOINED_WH = re.compile(r"\b(?:who|what|when|where|why|how|which)\s*(?:,|\band\b|\bor\b)\s*"
                        r"(?:who|what|when|where|why|how|which)\b", re.I)


def several(question: str) -> bool:
    """Does the question ask more than one thing: question words joined ("When and where...?"),
    two parts ("..., and which ...?") or a count of two or more ("two ways")?"""
    asked = counted(question)
    return bool(_JOINED_WH.search(question)) or len(parts(question)) > 1 or (asked is not None and asked[0] > 1)


_DETERMINERS = {"a", "an", "the", "my", "your", "our", "its", "their", "his", "her", "this", "that", "these", "those",
                "each", "every"}
_RELATING = {"between", "among", "both"}  # ("both X and Y" asks of them together)
_TOKEN = re.compile(r"[\w'./~+-]+|[,;:?!()]")


# (Not a verb: "What happened to...", "What happens if...", followed by a preposition.)
_ASKED_HEAD = re.compile(r"\b(?:what|which)\s+([A-Za-z][\w-]*+)(?!\s+(?:to|the|a|an|in|on|with|if|when|after|before"
                         r"|between|during|from|into|of|at|by|for)\b)", re.I)


def asked_head(part: str) -> set[str]:
    """What a part of a question asks for, as terms: {"sever"} of "what severity does...";
    empty when it names nothing ("which one", "what is")."""
    head = _ASKED_HEAD.search(part)
    word = head.group(1).lower() if head else ""
    return set(terms(word)) if word and word not in stopwords() | {"one", "ones"} and not word.endswith("ed") else set()


# Verbs that follow what a question asks for: "Which signal wakes... / is", "Which shells
# can...". (A plural subject takes only the second set.)
_PLURAL_AUXILIARY = r"(?:are|were|do|does|did|can|could|should|would|will|have|must|may|might)"
_AUXILIARY = rf"(?:is|was|has|{_PLURAL_AUXILIARY})"
# "Which optional packages will...", "What options does...", "What are the...": several
# things (the kind is the word before the verb: "codes" of "Which status codes are...").
_SEVERAL = re.compile(rf"^\s*(?:(?:which|what)\s+(?:[\w-]+\s+){{0,2}}?([a-z]+[^s\W]s)\s+{_PLURAL_AUXILIARY}\b"
                      r"|what\s+are\b)", re.I)


def asks_several(question: str) -> bool:
    """Does the question ask for several things ("Which optional packages will Flask pick
    up?"), so that a list answers it?"""
    return bool(_SEVERAL.search(question))


_SEVERAL_OF = re.compile(r"^\s*what\s+are\s+(?:[\w-]+\s+){0,2}?([a-z]+[^s\W]s)\b", re.I)
# Three or more short items in a row: "bash, ash (BusyBox and Debian), tcsh, zsh and fish",
# "ksh, csh or zsh" ("Note, however, that" is no list).
_ITEM = r"(?<![\w-])(?!(?:however|that|which|then|thus|also|too|though|for|so|e\.g|i\.e)\b)[\w.+/-]+(?:\s+\([^()]{0,40}\))?"
# (With one comma, not from the sentence's first word: "Currently, bash and zsh are...")
_THREE_WITH_AND = rf"{_ITEM}\s*,\s*{_ITEM}\s*,?\s+(?:and|or)\s+{_ITEM}"  # ("tmux, screen and dtach")
_INLINE_LIST = re.compile(rf"{_ITEM}(?:\s*,\s*{_ITEM}){{2,}}|(?<=\S)\s+{_THREE_WITH_AND}", re.I)


def several_of(question: str) -> str:
    """What a question for several things asks for ("shells" of "Which shells can mc
    use?", "codes" of "Which status codes are..."); empty for other questions."""
    found = _SEVERAL.match(question)
    if found and not found.group(1):
        found = _SEVERAL_OF.match(question)
    return found.group(1) if found else ""


# "Which signal wakes up the daemon?": one thing of a kind is asked for, by its name.
# (The kind runs to the verb, an auxiliary or one ending in "s": "Which password hashing
# algorithm does...", "Which key binding switches...".)
_NOT_A_KIND = rf"(?!{_AUXILIARY}\b|(?:happens|kinds?|types?|sort|ways?|if|about|exactly|else|ones?)\b)"
# (The kind ends before a preposition: "Which version of gnuplot supports...?" asks a version.)
_KIND_WORD = r"(?!(?:of|in|for|on|with|from|to|at|by|under)(?![\w-]))[a-z][\w-]*"  # (not "in-memory")
_WHICH_ONE = re.compile(rf"^\s*(?:which|what)\s+{_NOT_A_KIND}(?:((?:{_KIND_WORD}\s+){{0,3}}?{_KIND_WORD})(?=\s+{_AUXILIARY}\b)"
                        rf"|((?:{_KIND_WORD}\s+){{0,2}}?{_KIND_WORD})(?=\s+[a-z]+[^s\W]s\b)|([a-z][\w-]*))", re.I)


def which_one(question: str) -> str:
    """The kind of thing a question asks to be named ("signal" of "Which signal wakes up a
    fetchmail daemon?", "password hashing algorithm" of "Which password hashing algorithm
    does openssl passwd use?"); empty for other questions (and for several things,
    `several_of`)."""
    found = _WHICH_ONE.match(question) if not asks_several(question) else None
    return next((g for g in found.groups() if g), "") if found else ""


def lists_inline(sentence: str) -> bool:
    """Does the sentence name three or more short items in a row (`_INLINE_LIST`), past an
    opening clause ("For example, tmux and screen...", "If set, ...": its last word is no item)?"""
    rest = _OPENING_CLAUSE.sub("", sentence, count=1)
    return bool(_INLINE_LIST.search(rest) or rest != sentence and _FIRST_THREE.match(rest))


_FIRST_THREE = re.compile(_THREE_WITH_AND, re.I)  # (from the first word, past an opening clause)
_OPENING_CLAUSE = re.compile(r"^\W*(?:for\s+(?:example|instance)|if\s+(?:set|unset|enabled|disabled|so|not)|by\s+default"
                             r"|currently|otherwise|instead|now|here|first|finally|in\s+(?:short|general|practice))\s*,\s*",
                             re.I)


def two_parts(question: str) -> list[tuple[str, set[str]]]:
    """The two parts of a question (`parts`), each with the words only it says, as
    `joined_things` gives two things; empty for a question of one part, or of more than two."""
    found = parts(question)
    if len(found) != 2:
        return []
    left, right = set(terms(found[0])), set(terms(found[1]))
    return [(found[0], left - right), (found[1], right - left)]


_ACRONYM_WORD = re.compile(r"[A-Z][A-Z0-9]{1,7}")


def joined_things(question: str) -> list[tuple[str, set[str]]]:
    """Two things joined by "and" ("Where are my user cron jobs and my systemd user timer
    jobs stored?"), each with the words only it says ("my user cron jobs", {cron}): a
    question about two things, each of which may be answered by a sentence of its own.
    Only things said alike: with the same head word ("...cron jobs and ...timer jobs", the
    second thing ends there) or each with its own determiner ("the client and the
    server", the second as long as the first) or word ("default log level and default log
    target"). Words joined otherwise are one thing or one
    action ("copy and paste", "install and configure nginx", "the pros and cons", "Tom and
    Jerry"). Empty when nothing is joined, two things are related ("trade between Russia
    and Pakistan"), or the question has two parts (`parts`)."""
    if len(parts(question)) > 1:
        return []
    stop = stopwords()
    tokens = _TOKEN.findall(question)

    def phrase(indexes: range) -> list[str]:
        taken = []
        for i in indexes:
            word = tokens[i].lower()
            if not re.match(r"[\w~/.-]", word) or (word in stop and word not in _DETERMINERS):
                break
            taken.append(tokens[i])
        return taken

    for i, token in enumerate(tokens):
        if token.lower() != "and":
            continue
        comma = i > 0 and tokens[i - 1] == ","  # ("on a HUP restart, and ...")
        before = phrase(range(i - 1 - comma, -1, -1))[::-1]
        opening = i - len(before) - 1 - comma  # the word before the left thing
        if opening >= 0 and tokens[opening].lower() in _RELATING:
            continue
        # The same word may open both ("on a HUP restart, and on a graceful USR1 restart").
        repeated = opening >= 0 and i + 1 < len(tokens) and tokens[i + 1].lower() == tokens[opening].lower()
        after = phrase(range(i + 2 if repeated else i + 1, len(tokens)))
        # (The left thing runs back to its determiner, if it has one: "Does the server
        # support IPv4" is no thing.)
        opener = next((k for k in range(len(before) - 1, -1, -1) if before[k].lower() in _DETERMINERS), None)
        if not before or not after:
            continue
        head = terms(before[-1])
        ends = next((k for k, word in enumerate(after) if head and terms(word) == head), None)
        if any(kind.fullmatch(before[-1]) and kind.fullmatch(after[0]) for kind in (_ACRONYM_WORD, OPTION)):
            before, after = before[-1:], after[:1]  # ("IPP and LPD printing", "the -q and -Q options")
        elif ends is not None:
            after = after[: ends + 1]
        elif opener is not None and after[0].lower() in _DETERMINERS:
            before, after = before[opener:], after[: len(before) - opener]
        elif len(before) > 1 and after[0].lower() in [word.lower() for word in before[:-1]]:
            # (Each opens with the same word: "default log level and default log target".)
            k = max(k for k, word in enumerate(before[:-1]) if word.lower() == after[0].lower())
            before, after = before[k:], after[: len(before) - k]
        else:
            continue
        left, right = " ".join(before), " ".join(after)
        own_left, own_right = set(terms(left)) - set(terms(right)), set(terms(right)) - set(terms(left))
        if own_left and own_right:
            return [(left, own_left), (right, own_right)]
    return []


# How many words after a number the thing it counts may be named ("the 25 most recently
# visited directories").
COUNTED_WITHIN = 4


def counts(sentence: str, question: str) -> bool:
    """For "How many soldiers...?": does a count of soldiers appear ("40 soldiers", "forty
    Russian soldiers")? For "How much oil...?", does it speak of oil? A number of anything
    else does not answer it. For "the size of a flashed message", does it speak of messages
    or flashing ("the number of..." as "how many...")? True for other questions."""
    measured = HOW_MUCH.search(question)
    if measured and measured.group(1) not in NOT_A_THING:
        return set(terms(measured.group(1))) <= set(terms(sentence))
    measured = MEASURE_OF.search(question) if NUMBER in answer_types(question) else None
    if measured and not terms(measured.group(2)):
        measured = None  # ("the size of it": no thing named to look for)
    if measured and measured.group(1).lower() not in ("number", "count"):
        # ("the maximum size of a flashed message": not the size of an upload; "the maximum
        # amount of input that read will consume" is told by "read will only consume a
        # maximum of 100 MiB", which says what qualifies the thing if not the thing)
        said = set(terms(sentence))
        return bool(set(terms(measured.group(2))) & said) or _qualified(question, measured.start(2), said)
    asked = HOW_MANY.search(question) or measured  # ("the number of start conditions": how many)
    if not asked:
        return True
    counted = {_head(asked.group(asked.lastindex or 0))}
    if any(counted & set(terms(word)) for word in _NONE_OF.findall(sentence)):
        return True  # (a count of none: "Setting the number to 0 makes curl do no retries")
    for count in MEASURE_OF.finditer(sentence):
        if count.group(1).lower() in ("number", "count") and counted & set(terms(count.group(2))) \
                and NUMBER.search(sentence, count.end()):
            return True  # (the count named, then given: "The maximum number of peers is 55.")
    asked_terms = set(terms(question))
    for number in NUMBER.finditer(sentence):
        if _RELEASE.fullmatch(number.group()) or _AFTER_VERSION.search(sentence, max(0, number.start() - 12), number.start()):
            continue  # ("Beginning with version 3.7.0 (2009-09-11), recursive triggers...": no count)
        joined_to = _JOINED_WORD.match(sentence, number.end()) if number.group(1) else None
        if joined_to:  # ("two-pass assembler" counts passes; "one-file-per message storage", no messages)
            if counted & set(terms(joined_to.group(1))):
                return True
            continue
        after = " ".join(sentence[number.end() : number.end() + 80].split()[:COUNTED_WITHIN])
        if counted & set(terms(_DOTTED_NAME.sub(lambda m: m[0] if set(terms(m[0])) <= asked_terms else " ", after))) \
                or POINTS_BACK.match(after):  # (not "max_buffer_lines" for buffers; "worker_processes" for worker processes)
            return True  # ("40 soldiers", or "more than 13 of these" after the sentence naming them)
        opening = _COUNT_IN_PARENS.search(sentence[max(0, number.start() - 60) : number.start()])
        if opening and counted & set(terms(opening.group(1))) and sentence[number.end() :].lstrip().startswith(")"):
            return True  # ("a very limited number of recently viewed messages (usually 10)")
        # (Only the few words before the number: searched back from it over the whole
        # sentence, the pattern took seconds on a long run of white space.)
        default = _DEFAULT_OF.search(sentence, max(0, number.start() - 40), number.start())
        before = sentence[max(0, default.start() - 80) : default.start()] if default else ""
        named = terms(before)
        # ("Retries are configurable and default to 3"; a default that opens its sentence,
        # "Number of times to check ntpd. The default number for this option is: 100.", is
        # of what the one before names)
        clauses = re.split(r"[;,:.]", before)
        clause = terms(clauses[-1]) or (terms(clauses[-2]) if len(clauses) > 1 else [])
        if named and (named[-1] in counted or counted & set(clause)):
            # ("up to `--parallel-max` concurrent transfers, with a default value of 50"; not
            # "retries are configurable; the timeout defaults to 300": the default of what is
            # named just before it)
            return True
    return False


# The word just before a count given in parentheses after what it counts, past a word that
# qualifies it: "messages (usually 10" of "messages (usually 10)" (not "buffer (0" of "per buffer
# (0 = unlimited)", "socket(2", "servers (port 53").
_COUNT_IN_PARENS = re.compile(r"([\w-]+)[ \t]+\((?:(?:usually|typically|normally|by\s+default|default|up\s+to|at\s+most"
                              r"|about|around|approximately|roughly|currently|maximum|max)[\s:]+)?$", re.I)
# A number word joined to the word after it: "two-pass", "one-file-per" (the word: "pass", "file").
_JOINED_WORD = re.compile(r"-([a-z]+)", re.I)
# ("no retries"; not "no attempt to", "no longer")
_NONE_OF = re.compile(r"\b(?:no|zero)\s+(?!(?:longer|more|matter|way|need)\b)([a-z][\w-]*)(?!\s+to\b)", re.I)


# A setting's name of several words joined ("weechat.history.max_buffer_lines_minutes"): its
# words name no thing counted.
_DOTTED_NAME = re.compile(r"\b\w+(?:[._]\w+)+\b")


# What qualifies a measured thing: "(input) that read will consume", up to the clause's end.
_QUALIFIER = re.compile(r"\b(?:that|which)\s+([^,;?]+?)\s*(?:[,;?]|\band\b|$)", re.I)


def _qualified(question: str, start: int, said: set[str]) -> bool:
    """Does a sentence say every word (two or more) of the clause qualifying what the
    question measures?"""
    clause = _QUALIFIER.search(question, start)
    words_of = set(terms(clause.group(1))) if clause else set()
    return len(words_of) >= 2 and words_of <= said


def _counted_right_after(sentence: str, question: str) -> bool:
    """For "How many X...?", is a number followed by X ("only one concurrent index build"),
    a count even of a number the question says of something else ("on one table")?"""
    asked = HOW_MANY.search(question)
    counted = _head(asked.group(1)) if asked else ""
    if not counted:
        return False
    said = " ".join(question.lower().split())
    for m in NUMBER.finditer(sentence):
        after = " ".join(sentence[m.end() : m.end() + 80].split()[:COUNTED_WITHIN])
        # (Not the question's own "7 days", nor a version's number: "SQLite 3 tables have...")
        if f"{m.group().lower()} {after.split(' ', 1)[0].lower()}" in said or _NAMED_BEFORE.search(sentence, 0, m.start()):
            continue
        if counted in terms(after):
            return True
    return False


_NAMED_BEFORE = re.compile(r"\b[A-Z][\w+#]*[ \t]+$")


def _head(phrase: str) -> str:
    """The counted thing of "how many <phrase>": its first plural word ("worker threads
    does" -> thread, "bytes long is" -> byte, "workers handle requests" -> worker), else its
    first content word ("people died" -> people). "one worker to handle one request" does
    not count threads."""
    found = [(word, terms(word)) for word in phrase.split()]
    plural = next((stem[0] for word, stem in found if stem and word.lower().endswith("s") and stem[0] != word.lower()), "")
    return plural or next((stem[0] for _, stem in found if stem), "")


def names_role(sentence: str, question: str) -> bool:
    """For "Who is the foreign minister of Russia?": does the sentence name that role
    (its every word: "Prime Minister" is another)? A sentence naming other people in
    other roles does not answer it. True for other questions."""
    asked = WHO_ROLE.search(question)
    return not asked or set(terms(asked.group(1))) <= set(terms(sentence))


# What a question states before it asks ("My loop prints a dot per record. How do I...?"):
# whole sentences ending in "." or "!" before the one that asks, which opens with a question
# word (not "e.g. Apache start by default?").
_STATED_FIRST = re.compile(r"^(?:[^?]*?[.!]\s+(?=[A-Z]))+(?=(?:What|Which|How|When|Where|Why|Who|Whose|Is|Are|Can|Could|Do|Does"
                           r"|Did|Should|Will|Would|Must|In|On|At|For|Since|Under)\b[^?]*\?)")


def answer_types(question: str) -> list[re.Pattern]:
    """The kinds of thing the question asks for (`ANSWER_TYPES`). A question that names a
    version where it asks ("What is new in version 2.0?") asks about it, not for one; a
    version named after ("Which Quart versions work with Flask 2.2?") is another thing's."""
    kinds = []
    question = _STATED_FIRST.sub("", question)  # ("When building Valgrind, make fails with .... Which package...?")
    for shape, kind in ANSWER_TYPES:
        asked = shape.search(question)
        if asked and kind is VERSION:  # (where "version" is first said, not its last mention)
            said = _VERSIONS_WORD.search(question, asked.start())
            if any(m.start() < (said.end() if said else asked.end()) for m in VERSION.finditer(question)):
                continue
        if asked:
            kinds.append(kind)
    return kinds


# "In which month and year...?": the words that name the time asked for, and what says each.
_TIME_ASKED = re.compile(r"\b(?:what|which)\s+(year|month|date|day)(?:,?\s+(?:and\s+)?(year|month|date|day))?\b"
                         r"(?!\s+(?:zones?|formats?|stamps?)\b)", re.I)
_MONTHS = "(?-i:January|February|March|April|May|June|July|August|September|October|November|December)"
# (Not the sentence's first word: "May contain up to 2048 entries.")
_MONTH = re.compile(rf"(?<=\s){_MONTHS}\b")
_DAY = re.compile(rf"(?<=\s)(?:(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|{_MONTHS}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTHS}"
                  r"|\d{4}-\d{2}-\d{2})\b")
_SAID_BY = {"year": YEAR, "month": _MONTH, "day": _DAY, "date": _DAY}


def time_said(question: str) -> dict[str, re.Pattern]:
    """The words the question names the time it asks for by ("In which month and year...?":
    "month", "year"), each with what says it in a sentence (a month's name, a year): a
    sentence that says them all ("Borg was created in May 2015") says those words."""
    return {term: _SAID_BY[word.lower()] for m in _TIME_ASKED.finditer(question) for word in m.groups() if word
            for term in terms(word)}


_ASKS_CONDITION = re.compile(r"^\s*when\s+(?:does|do|is|are|can|should|will|must)\b", re.I)
_CONDITION = re.compile(r"\b(?:when|whenever|if|once|unless|until|as soon as|after|before|while|during|upon)\s+\S", re.I)


def gives(kind: re.Pattern, sentence: str, question: str, context: str = "", section: str = "") -> bool:
    """Does the sentence hold a thing of this kind that the question does not already say?
    A version must be of what the question names ("the minimum ffmpeg version" is not given
    by "Python versions 3.7+ are supported"). A changelog's entry gives the version of the
    release it is under ("The get-cert script was renamed to mbsync-get-cert." under
    "[1.3.0]"): its `section`'s last heading names a release and little else."""
    asked = {m.group().lower() for m in kind.finditer(question)}
    if kind is VERSION and {m.group().lower() for m in VERSION.finditer(release_heading(section))} - asked:
        return True
    of = _VERSION_OF.search(question) if kind is VERSION else None
    word = of.group(1).lower() if of else ""
    # "lowest", "major", "LTS" name no product; the heading may name it ("## Python version")
    if of and word not in _VERSION_ADJECTIVES | _VERSION_KINDS and not word.endswith("est") \
            and not set(terms(word)) <= set(terms(sentence + " " + context)):
        return False
    if any(m.group().lower() not in asked and not _assigned_elsewhere(sentence, m.start(), question)
           for m in kind.finditer(sentence)) or kind is NUMBER and _counted_right_after(sentence, question):
        return True
    # "When does pam_nologin prevent users from logging in?" asks on what condition: "...
    # when /var/run/nologin or /etc/nologin exists" answers it ("When was...?" asks a date).
    # A sentence that announces the variables ("...overridden through the following
    # environment variables:") gives them in the lines after it (rag.companions).
    return kind is TIME and bool(_ASKS_CONDITION.match(question) and _CONDITION.search(sentence)) \
        or kind is ENVIRONMENT_VARIABLE and sentence.rstrip().endswith(":")


# Words a release's heading has beside its version: "Version 1.3.0", "Changes in 2.1 (2020-01-05)".
_RELEASE_WORDS = set(terms("version release changes changed new in what's noteworthy"))


def release_heading(section: str) -> str:
    """The last heading of a section path when it names a release, as a changelog heads its
    entries ("[1.3.0]", "aria2 1.36.0", "Version 2.1 (2020-01-05)": a version, and at most
    one word but words of releases and dates); "" otherwise."""
    heading = section.rsplit(" > ", 1)[-1]
    if not VERSION.search(heading):
        return ""
    words = {t for t in terms(VERSION.sub(" ", heading)) if not t.isdigit()} - _RELEASE_WORDS
    return heading if len(words) <= 1 else ""


_ASSIGNED = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*=[ \t]*$")


def _assigned_elsewhere(sentence: str, at: int, question: str) -> bool:
    """Is the figure at `at` a value set to a setting the question does not name
    ("CRONJOB=1" answers no "How often does ntpleapfetch need to run?"; "RETRIES=5" may
    answer "How many retries...?")?"""
    name = _ASSIGNED.search(sentence, max(0, at - 60), at)
    return name is not None and not set(terms(name.group(1))) & set(terms(question))


# A licence or copyright notice ("Licensed under the Apache License 2.0", "Permission is
# granted to copy, distribute and/or modify this document"): the pages of a manual end with
# it, and its words ("copy", "file", "use", "distribution") match questions about anything.
_LEGAL = re.compile(r"\b(?:copyright(?:ed)?|licen[cs](?:e[ds]?|ing)(?!\s+(?:keys?|servers?|managers?)\b)"
                    r"|warrant(?:y|ies)|all\s+rights\s+reserved|permission\s+is\s+(?:hereby\s+)?granted)\b|©", re.I)
_ASKS_LEGAL = re.compile(r"\b(?:redistribut\w*|legal\w*|GPL\w*|patents?|trademarks?)\b", re.I)


def legal(sentence: str) -> bool:
    """Is the sentence part of a licence or copyright notice (`_LEGAL`)?"""
    return bool(_LEGAL.search(sentence))


def asks_legal(question: str) -> bool:
    """Does the question ask about licensing or copyright, which only a notice answers?"""
    return bool(_LEGAL.search(question) or _ASKS_LEGAL.search(question))


# An expression written as code: figures or "$" with operators ("5/2", "-2**2", "2>&1", "$*").
# ("SMTP/POP3" and "HTTP/2" name things: a slash is an operator between figures only.)
_LITERAL = re.compile(r"(?<!\S)(?=\S*[\d$])(?=\S*(?:[*%^=<>&|]|\d/\d))[^\s?,;]+?(?=[?,;.]*(?:\s|$))")


def literals(question: str) -> list[str]:
    """The expressions a question writes as code, which an answer must say as written: "5/2"
    of "What is the result of the integer division 5/2 in gnuplot?" (not its quotes:
    "2>&1" of "'2>&1'"; not a share: "90%")."""
    found = (literal.strip("'\"`‘’“”()[]") for literal in _LITERAL.findall(question))
    return [literal for literal in found if literal and not _SHARE.match(literal)]


_SHARE = re.compile(r"^[\d.,]+%$")


def says_literal(literal: str, text: str) -> bool:
    """Does the text say the expression, spaced as it may be around its marks
    ("vm.swappiness = 10" says "vm.swappiness=10"), whole ("The max =10 limit" does not say
    "x=1", nor "5/20" "5/2", nor "x=1.5" "x=1")?"""
    said = _squeezed(literal)
    if not said:
        return False
    # (not "x=1.5" for "x=1", nor "C++17" for "C++")
    whole = ("(?<!\\w)" if said[0].isalnum() else "") + re.escape(said) + "(?!\\w|\\.\\d)"
    return re.search(whole, _squeezed(text)) is not None


def _squeezed(text: str) -> str:
    """The text without the spaces around its marks, other spaces one: "x = 1" -> "x=1"."""
    return re.sub(r"\s*([^\w\s]+)\s*", r"\1", " ".join(text.split()))


# "What does X do?", "What is X for?", "What does X mean?": what a named thing is or does.
_WHAT_IT_IS = re.compile(r"^\W*what\s+(?:(?:does|do)\s+.+?\s+(?:do|mean|control|specify|set)(?:\s+(?:in|for|with|on|under)\s[^?]*)?"
                         r"|(?:is|are)\s+.+?)\s*\??\s*$", re.I)  # ("What does the -xdev option do in find?")


def asks_what_it_is(question: str) -> bool:
    """Does the question ask what something is or does ("What does the nft --check option do?")?"""
    return _WHAT_IT_IS.match(question) is not None
