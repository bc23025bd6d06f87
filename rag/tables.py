"""Values that reference text gives only in a table: "What is the default PollingInterval of
imfile?" where the section "PollingInterval" holds nothing but

    | type | default | mandatory | obsolete legacy directive |
    | integer | 10 | no | none |

(rsyslog's pages give every parameter's default so.) A table row is never an answer
sentence (rag.structure); this finds the row a question asks about, and the column it
asks for, and quotes the header with that row. Offsets are into the article, as every
quote's are.
"""

from __future__ import annotations

import re

from rag import defaults, identifiers, shapes, structure
from rag.schema import Passage
from rag.text import joined, terms

# The longest label of a row that labels its value ("Default:", "Default value").
_LABEL_WORDS = 3
_ROW = re.compile(r"^[ \t]*\|", re.M)
_ELSEWHERE = re.compile(r"see\b", re.I)  # "Default: see below" gives no value
# A name in capitals that opens a row (w3m's functions: "BOOKMARK", "ADD_BOOKMARK"); a header
# says no such name, only what its columns hold ("| NAME | TYPE | DEFAULT |" labels them).
_ROW_NAME = re.compile(r"[A-Z][A-Z0-9_]{2,}")
_SEPARATOR = re.compile(r"^[\s|:+=-]*$")  # a Markdown table's |---|---| line


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def value_in_table(question: str, passage: Passage) -> tuple[int, int, str] | None:
    """The header and the row of a table in the passage that give what the question asks
    for: a column the question names ("default") of the row it names, by the row's own
    cells ("| port | 514 |") or, for a table of one row, by the heading just above it
    ("#### PollingInterval"); or a row labelled by what the question asks for, of the thing
    it names ("## DeflateBufferSize Directive" over "| Default: | DeflateBufferSize 8096 |",
    or "| final_timeout | Use: smtp | Type: time | Default: 10m |"). Only for a question that
    asks for a value (defaults.asks_value);
    None when no table, or more than one row, answers."""
    if not defaults.asks_value(question) or not _ROW.search(passage.text):
        return None  # (reading the passage's blocks costs more than the rest of an answer)
    asked = set(terms(question)) | joined(question)
    asked_settings = identifiers.IDENTIFIER.findall(question)
    value_words = defaults.value_words(question)
    text = passage.text
    found: list[tuple[int, int, str]] = []
    heading = passage.section.rsplit(" > ", 1)[-1]  # (the chunk may begin under its heading)
    rows: list[tuple[int, int]] = []  # the lines of the table being read

    def answer_of(rows: list[tuple[int, int]], heading: str) -> None:
        lines = [(a, b) for a, b in rows if not _SEPARATOR.match(text[a:b])]
        named = set(terms(heading)) | joined(heading)
        for a, b in lines:  # a row labelled by what the question asks for: "| Default: | DeflateBufferSize 8096 |"
            label, *values = cells = _cells(text[a:b])
            if values and not _ELSEWHERE.match(values[0]) and _labels(label, " ".join(values), named, heading) \
                    or any(_labels(label, " ".join(rest), named, heading) for label, rest in _labelled_cells(cells)):
                found.append((passage.start + a, passage.start + b, text[a:b]))
        if len(lines) < 2:
            return
        header = _cells(text[slice(*lines[0])])
        if _ROW_NAME.fullmatch(header[0]) and _ROW_NAME.fullmatch(_cells(text[slice(*lines[1])])[0]) \
                and not any(shapes.LABEL_CELL.match(cell) for cell in header):
            return  # (a row like the next, not a header: w3m's "| BOOKMARK | M-b | v, M-b | View bookmarks |")
        columns = {i for i, cell in enumerate(header) if set(terms(cell)) and set(terms(cell)) <= asked}
        if not columns:
            return
        column_words = set().union(*(terms(header[i]) for i in columns))
        for a, b in lines[1:]:
            cells = _cells(text[a:b])
            own = set().union(*(set(terms(c)) | joined(c) for i, c in enumerate(cells) if i not in columns))
            by_row = bool((own & asked) - column_words)
            by_heading = len(lines) == 2 and bool(named) and bool((named & asked) - column_words)
            if (by_row or by_heading) and any(i < len(cells) and cells[i] for i in columns):
                found.append((passage.start + lines[0][0], passage.start + b, text[lines[0][0] : b]))

    def _labels(label: str, said: str, named: set[str], heading: str = "") -> bool:
        """Does the label ask for what the question does ("Default"), of a thing the rest of
        the row, or the heading over it, names? A setting's name the question says
        ("final_timeout") must be said by the row itself."""
        label_words = set(terms(label))
        return bool(said) and bool(label_words & value_words) and label_words <= asked \
            and len(label.split()) <= _LABEL_WORDS and all(identifiers.says_identifier(i, said) or identifiers.says_identifier(i, heading) for i in asked_settings) \
            and bool(((set(terms(said)) | joined(said) | named) & asked) - label_words)

    for block in structure.blocks(text):
        if block.kind == "table":
            rows += [(block.start + m.start(), block.start + m.end())
                     for m in re.finditer(r"[^\n]*\S[^\n]*", text[block.start : block.end])]
            continue
        if rows:
            answer_of(rows, heading)
            rows = []
        if block.kind == "heading":
            heading = text[block.start : block.end]
    if rows:
        answer_of(rows, heading)
    return found[0] if len(found) == 1 else None


def _labelled_cells(cells: list[str]) -> list[tuple[str, list[str]]]:
    """The cells that label their own value, each with the rest of the row: Exim's option
    headers "| final_timeout | Use: smtp | Type: time | Default: 10m |" give ("Default",
    ["10m", "final_timeout", "Use: smtp", ...])."""
    found = []
    for i, cell in enumerate(cells):
        label, colon, value = cell.partition(":")
        if colon and value.strip() and label.strip() and not _ELSEWHERE.match(value.strip()):
            found.append((label.strip(), [value.strip(), *cells[:i], *cells[i + 1 :]]))
    return found


def as_pairs(quote: str) -> str:
    """A quoted header and row read as one line: "type integer, default 10, mandatory no";
    a labelled row as itself: "Default: DeflateBufferSize 8096"."""
    lines = [_cells(line) for line in quote.split("\n") if line.strip() and not _SEPARATOR.match(line)]
    if len(lines) == 1:
        return " ".join(cell for cell in lines[0] if cell)
    header, row = lines[0], lines[-1]
    return ", ".join(f"{name} {value}" for name, value in zip(header, row) if value)
