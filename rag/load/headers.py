"""What may open a text file before its body: front matter (between --- lines, or
Markdown's `key: value` lines) or the headers of a saved mail or post."""

from __future__ import annotations

import re
from email.parser import HeaderParser

# RFC 5322 header fields (with folded continuation lines), then the blank line.
_MAIL_HEADERS = re.compile(r"(\ufeff?(?:[A-Za-z][\w-]*:[^\r\n]*\r?\n(?:[ \t]+\S[^\r\n]*\r?\n)*){2,})[ \t]*\r?\n")
_METADATA_KEYS = "title|author|authors|date|url|source|tags|keywords|description|summary|language"


def front_matter(raw: str, markdown: bool = True) -> tuple[int, dict[str, str]]:
    """Where the body starts, and the simple `key: value` front matter before it, if any:
    between --- lines (YAML style), the headers of a saved mail or post (From: and
    Subject:, as many how-tos and list archives open), or, in Markdown, lines of known keys
    (title, author, date, url...) ending in a blank line (MultiMarkdown style; a plain text
    article may well open with "Date: ...")."""
    mail = _MAIL_HEADERS.match(raw)
    if mail:
        headers = HeaderParser().parsestr(mail.group(1).lstrip("\ufeff"))
        if headers["from"] and headers["subject"]:
            # Folded lines are one value; the Subject is kept as metadata, not as the
            # title: the body's own heading usually names the article better.
            return mail.end(), {k.lower(): " ".join(str(v).split()) for k, v in headers.items()}
    match = re.match(r"\ufeff?---\r?\n(.*?)\r?\n---\r?\n", raw, re.DOTALL)
    if not match and markdown:
        match = re.match(rf"\ufeff?((?:(?:{_METADATA_KEYS})[ \t]*:[ \t]*\S[^\r\n]*\r?\n)+)[ \t]*\r?\n", raw, re.IGNORECASE)
    if not match:
        return 0, {}
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and value.strip():
            meta[key.strip().lower()] = value.strip().strip("'\"")
    return match.end(), meta
