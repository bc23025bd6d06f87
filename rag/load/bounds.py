"""Bounds on what one file may cost to read; a file beyond them is rejected ("file
rejected: ..."). The HTML bounds are with the HTML reader (`rag.load.html`)."""

from __future__ import annotations

from rag.errors import LoadError

# Text: as much as the default upload limit allows (about 5 million tokens, hours of
# embedding on a laptop); PDF pages are counted before any is read.
MAX_TEXT_CHARS = 20_000_000
MAX_PDF_PAGES = 5_000


def too_long(max_chars: int) -> LoadError:
    return LoadError(f"file rejected: its text is longer than {max_chars} characters", "split it into smaller files")
