"""HTML in, Markdown-like text out (headings, list items, table rows and fenced code that
`rag.structure` reads like any .md file), with the title and meta tags. Pages that would
cost too much to parse (too many tags, nesting too deep) are bounded or rejected."""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache
from typing import Any

from rag import shapes
from rag.errors import LoadError

_BLOCKS = "p div li h1 h2 h3 h4 h5 h6 blockquote tr section article header footer dt dd".split()
_META = {
    "author": ["author", "article:author", "og:article:author"],
    "date": ["date", "article:published_time", "og:article:published_time", "dc.date"],
    "url": ["og:url"],
    "description": ["description", "og:description"],
}


def html_text(raw: str) -> tuple[str, dict[str, str]]:
    _check_tags(raw)
    soup = _soup_class()(raw.translate(_NO_MARKS), "html.parser")  # (no forged marks)
    # The first of each kind, found in one pass over the tree (a search per name was
    # most of the time spent on a big page).
    first: dict[tuple[str, str], Any] = {}  # bs4 Tags
    for tag in soup.find_all(["meta", "link", "title", "h1"]):
        kinds = [(tag.name, "")]
        if tag.name == "meta":
            kinds += [("name", tag.get("name")), ("property", tag.get("property"))]
        elif tag.name == "link" and "canonical" in (tag.get("rel") or []):
            kinds.append(("rel", "canonical"))
        for kind in kinds:
            first.setdefault(kind, tag)
    meta: dict[str, str] = {}
    for key, names in _META.items():
        for name in names:
            tag = first.get(("name", name)) or first.get(("property", name))
            if tag and tag.get("content"):
                meta[key] = tag["content"].strip()
                break
    canonical = first.get(("rel", "canonical"))
    if canonical and canonical.get("href") and "url" not in meta:
        meta["url"] = canonical["href"]
    h1, title_tag = first.get(("h1", "")), first.get(("title", ""))
    title = " ".join((title_tag.get_text(" ", strip=True) if title_tag else "").split())  # (no-break spaces too)
    heading = " ".join((h1.get_text(" ", strip=True) if h1 else "").split()).rstrip("¶ ")
    # The page's own name, not the site's after it: "imfile: Text File Input Module —
    # rsyslog 8.2302.0 documentation" is "imfile: Text File Input Module".
    if heading and _SITE_AFTER.match(title[len(heading) :]) and title.startswith(heading):
        title = heading
    meta["title"] = title or heading
    body = soup.body
    if body is None or any(parent.name in _SKIPPED for parent in body.parents):
        body = soup
    return _html_body(body), {k: v for k, v in meta.items() if v}


# What follows a page's name in its <title> when the site's name comes after it.
_SITE_AFTER = re.compile(r"\s*[—–|·»]\s*\S|\s+-\s+\S")  # (not ": a history", which is the page's)
# A page with more tags than this is rejected before parsing: the parse tree costs about
# 1 KB and 60 µs a tag (a 20 MB upload could hold millions), and no article needs it
# (a chapter of the Debian Reference has about 3,000).
MAX_HTML_TAGS = 100_000
_TAG_OPEN = re.compile(r"<[A-Za-z]")
# Never text: left out of the body, with everything inside them.
_SKIPPED = {"script", "style", "noscript", "nav", "template", "head"}


# Deeper tags are made siblings of the tag at this depth, as browsers do (Chromium at
# 512): bs4 walks up the open tags each time it adds text after a child, so without a
# bound a page of tags left open (<p>, <td>, <li>) parses in time quadratic in its size.
# Real pages nest less than 20 deep.
MAX_HTML_DEPTH = 256


@lru_cache(maxsize=1)
def _soup_class():
    from bs4 import BeautifulSoup

    class Soup(BeautifulSoup):
        def handle_starttag(self, *args, **kwargs):
            if len(self.tagStack) > MAX_HTML_DEPTH:
                self.endData()  # the text so far stays in the tag it was in
                self.popTag()
            return super().handle_starttag(*args, **kwargs)

    return Soup


def _check_tags(raw: str) -> None:
    for count, _ in enumerate(_TAG_OPEN.finditer(raw), 1):
        if count > MAX_HTML_TAGS:
            raise LoadError(f"file rejected: the page has more than {MAX_HTML_TAGS} HTML tags", "split it into smaller pages")


def _html_body(body) -> str:
    """The page's structure as Markdown-like text that `rag.structure` reads like any .md
    file: "## " before headings, "- " before list items, table rows on one line, code
    fenced, a blank line between blocks."""
    pieces, codes, plain = _flatten(body)
    # A page that is all preformatted text (a mail archive, an old RFC) is text, not code.
    fenced = sum(len(code) for code in codes) < 0.8 * plain
    codes = [code.strip("\n") for code in codes]
    text = "".join(
        piece if isinstance(piece, str)
        # (A <pre> of a man page's text, as Lynx's help on its environment variables, is
        # text: its lines kept as they are, a term over its description indented deeper.)
        else f"\n\n{_TEXT}{piece}{_TEXT}\n\n" if fenced and shapes.lines_read_as_text(codes[piece])
        else f"\n\n{_CODE}{piece}{_CODE}\n\n" if fenced else f"\n\n{codes[piece]}\n\n"
        for piece in pieces
    )
    # A <br> ends a line, two or more in a row a paragraph: text hard-wrapped with <br>s
    # reads as paragraphs of wrapped lines (rag.structure joins them), not a paragraph a line.
    text = re.sub(rf"{_BR}(\s*{_BR})+", "\n\n", text)
    text = re.sub(rf"\s+(?=:{_GOES_ON})", "", text)  # (a label's colon follows it: "=:", not "= :", a heading's look)
    text = re.sub(rf"\s*{_GOES_ON}\s*(?={_CODE})", "\n\n", text)  # (code stays a block of its own)
    text = re.sub(rf"\s*{_GOES_ON}\s*", " ", text)  # (not a blank line: the source's own white space)
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", text):
        code = re.fullmatch(rf"\s*{_CODE}(\d+){_CODE}\s*", block)
        text_lines = re.fullmatch(rf"\s*{_TEXT}(\d+){_TEXT}\s*", block)
        if text_lines:
            paragraphs.append(textwrap.dedent(codes[int(text_lines.group(1))]).strip("\n"))
        elif code:
            lines = codes[int(code.group(1))]
            if lines.strip():  # code keeps its lines, fenced by more backticks than it holds
                fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", lines)), default=0))
                paragraphs.append(f"{fence}\n{lines}\n{fence}")
        elif not fenced and "\n" in block.replace(_BR, "\n").strip():
            paragraphs.append(block.replace(_BR, "\n").strip("\n"))  # preformatted text keeps its lines
        elif block.strip():
            marker = re.match(r"[ \t\n]*(#{1,6} |- )?", block).group(1) or ""  # type: ignore[union-attr]  # always matches
            # (A heading or a list item is one line whatever <br>s it holds.)
            broken = (" ".join(line.split()) for line in block.split(_BR))
            text = ("\n" if not marker else " ").join(line for line in broken if line)
            if text and text != marker.strip():
                paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _flatten(body) -> tuple[list, list[str], int]:
    """The body's text in document order, in one pass (bs4's tree edits cost time in the
    depth and width of the tree: a page of 20,000 nested <div>s took a minute): a blank
    line and a marker around each block, a table row as one line, and each <pre> as its
    index in the list of their texts. Also the length of the text without the block
    marks, which decides whether the <pre>s are code."""
    from bs4 import NavigableString

    pieces: list = []
    codes: list[str] = []
    plain = 0
    kept = body.interesting_string_types
    unwrapped: set[int] = set()  # "<li><p>text": the item's text follows its marker
    continued: set[int] = set()  # cells whose text goes on from their label's (see _labels)
    keys_tables: dict[int, bool] = {}  # each table's verdict (_keys_column), read once
    stack, closing = [iter(body.contents)], [""]  # each open tag's children, and what ends it
    numbered_questions = sum(bool(_FAQ_NUMBER.match(q)) and q.endswith("?") for q in map(_bold_alone, body.find_all("p"))) >= 2
    listing, lists_open = [False], 0  # whether each open tag is a list, and how many are
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            pieces.append(closing.pop())
            lists_open -= listing.pop()
        elif isinstance(node, NavigableString):
            if _is_text(node, kept):
                # (White space in HTML text is a space: a blank line of the source between
                # "receiving the" and a link's "same SYN packet" does not end the paragraph.)
                pieces.append(re.sub(r"\s*\n\s*", " ", str(node)))
                plain += len(node)
        elif node.name in _SKIPPED or _is_furniture(node) or _is_contents(node, in_list=lists_open > 0):
            pass
        elif node.name == "br":
            # (Terms a <dt> breaks in lines are its terms in a row: "IP-address" "IP-mask".)
            pieces.append(" " if node.find_parent("dt") is not None else _BR)
        elif node.name == "tr" and "question" in (node.get("class") or []):
            # DocBook's FAQ (a qandaset laid out as a table): the question heads its answer.
            pieces.append(_faq_question(" ".join(node.get_text(" ").split())))
        elif (bold := _bold_alone(node)) and (bold.endswith("?") or numbered_questions and _numbered_question(bold)):
            # SQLite's FAQ: "<p><b>(12) I deleted a lot of data ... Is this a bug?</b></p>" over
            # its answer; so is "(7) How do I list all tables/indices ..." without its "?".
            pieces.append(_faq_question(bold))
        elif node.name == "tr" and not _lays_out(node):  # a table row on one line, as in a Markdown table
            pieces.append(row := _row(node, kept))
            plain += len(row)
        elif node.name == "pre" or "cmdsynopsis" in (node.get("class") or []) or _code_alone(node):
            # (DocBook's command synopsis, "pam_wheel.so [ debug ] [ deny ] [ group=name ]", is
            # code in a <p>: read as a sentence, it answered "What does the deny option do?")
            code = _preformatted(node, kept)
            codes.append(" ".join(code.split()) if "cmdsynopsis" in (node.get("class") or []) else code)  # (a synopsis is one line)
            pieces.append(len(codes) - 1)
            plain += len(codes[-1])
        else:
            if node.name == "li":
                first = next((c for c in node.contents if getattr(c, "name", None) in ("p", "div")), None)
                if first is not None:
                    unwrapped.add(id(first))
            # (A cell is reached only in a row that lays out prose: each is a block, but for
            # a short one that labels the next, as an option its description.)
            # (So does an admonition's title its paragraph: "Warning: This option is deprecated...")
            admonition = _admonition_title(node)
            label = node.name in _CELLS and _labels(node, keys_tables) or node.name == "dt" and _names_term(node) \
                or admonition is not None
            if label:  # (its paragraph and the first of the cell it labels are one)
                described = admonition if admonition is not None else \
                    node.find_next_sibling(_CELLS if node.name in _CELLS else "dd")
                opening = _opening(described)  # (its paragraph only when the cell opens with it)
                unwrapped.update(id(p) for p in [*node.find_all("p"), opening] if getattr(p, "name", None) == "p")
                continued.add(id(described))
            block = (node.name in _BLOCKS or node.name in _CELLS) and id(node) not in unwrapped and not label
            marker = "#" * int(node.name[1]) + " " if node.name in _HEADINGS and not label else "- " if node.name == "li" else ""
            pieces.append("\n\n" + marker if (block or label) and id(node) not in continued else "")
            # (A term of marks alone, zsh's "#", is kept from reading as a Markdown heading: "#: True if...")
            colon = ":" if admonition is not None and not node.get_text().strip().endswith(":") \
                or label and _HEADING_MARKS.fullmatch(node.get_text().strip()) else ""
            closing.append("\n\n" if block else colon + _GOES_ON if label else "")
            listing.append(node.name in _LISTS)
            lists_open += listing[-1]
            stack.append(iter(node.contents))
    return pieces, codes, plain


def _is_furniture(node) -> bool:
    """Page furniture, not the article: navigation, search boxes and the site footer (by
    their ARIA role, or the classes Sphinx, DocBook and Texinfo give them), tab buttons, a
    heading's permalink ("¶"), dialogs, the generator's credit, and footnote marks ("accordingly<sup>4</sup>" read
    "accordingly4"). Each was indexed as passages ("Next: ..., Previous: ..., Up: ...",
    "Quick search") or fused into the words beside it."""
    if node.get("role") in _FURNITURE_ROLES or node.name == "footer" or node.get("aria-hidden") == "true":
        return True
    names = set(node.get("class") or [])
    if (names | {node.get("id")}) & _FURNITURE_CLASSES:
        return True
    if node.name == "p" and _GENERATOR_CREDIT.match(" ".join(node.get_text().split())):
        return True
    if node.name == "form":  # a search box or a menu, not a form that wraps the page (ASP.NET's)
        return node.find(_LAYOUT) is None
    if "header" in names and node.name in ("div", "table"):  # Texinfo's node header: Next, Previous, Up ("[ << ]")
        return _link_share(node, node.find_all("a")) >= 0.5
    if node.name == "a" and (node.get("href") or "").startswith("#"):
        mark = node.get_text().strip()
        if _PERMALINK.fullmatch(mark):
            return True
        # A footnote's number: raised, bracketed, or so classed (not "see Figure <a>2</a>").
        raised = node.find("sup") is not None or node.find_parent("sup") is not None
        return bool(_FOOTNOTE.fullmatch(mark)) and (raised or not mark.isdigit() or any(
            "footnote" in name for name in node.get("class") or []))
    return False


def _is_contents(node, in_list: bool) -> bool:
    """A table of contents (DocBook's "toc" and lists of tables, Texinfo's "contents", Sphinx's
    toctree, or a list or a table made of links into the page, as nginx.org's): the headings
    again, as links. Left out: each entry was a paragraph, and took a passage's place (a
    table's, one long row). (A list inside a list is read with its outer one: checking each
    would read nested lists over and over.)"""
    names = {*(node.get("class") or []), node.get("id") or ""}
    listed = node.name in (*_LISTS, "table") and not in_list
    if not (names & _CONTENTS or listed):
        return False
    links = node.find_all("a")
    if listed and not (links and all("#" in (link.get("href") or "") for link in links)):
        return False  # (a list of links elsewhere is not this page's contents)
    return _link_share(node, links) >= (0.75 if listed else 0.6)


def _link_share(node, links) -> float:
    """How much of the node's visible text is the text of these links (0 when it has none)."""
    text = _visible(node.get_text())
    return sum(_visible(link.get_text()) for link in links) / text if text else 0.0


def _visible(text: str) -> int:
    return len("".join(text.split()))


def _lays_out(row) -> bool:
    """Is this <tr> layout rather than data: a cell holding paragraphs, lists or code (a
    FAQ's answers, a page laid out in a table)? Its cells are then read as blocks of their
    own, their paragraphs as prose, not squeezed into one "| a | b |" line. Sphinx wraps
    every cell in a <p>: a row whose cells each hold one short paragraph is data all the
    same (borg's table of encryption modes: "SHA-256 | none | authenticated | repokey").
    """
    cells = row.find_all(_CELLS, recursive=False)
    held = [cell.find_all(_LAYOUT) for cell in cells]
    if not any(held):
        return False
    texts = [" ".join(cell.get_text().split()) for cell in cells]
    # (One cell alone, a note box, or a cell that is a sentence, "Yes, it is free.", is prose.)
    return any(len(blocks) > 1 or blocks[0].name != "p" for blocks in held if blocks) \
        or sum(bool(t) for t in texts) < 2 or any(t.endswith((".", "?", "!")) for t in texts) \
        or any(len(t.split()) >= PROSE_CELL_WORDS for t in texts)


def _labels(cell, keys_tables: dict[int, bool]) -> bool:
    """Is this cell of a row that lays out prose a short label of the cell after it ("|
    --append-only | create an append-only mode repository. Note that..." in borg's option
    tables)? It then opens that cell's paragraph, as a <dt> its <dd>: read alone, "ARCHIVE"
    would head a section. A label reads as a term (code, or an option's dash), not as a
    page's menu or date ("Home", "March 3, 2004" over the article in a layout table)."""
    words = len(cell.get_text().split())
    after = cell.find_next_sibling(_CELLS)
    term = cell.find(_TERM_TAGS) is not None or cell.get_text().strip().startswith("-") or _keys_column(cell, keys_tables)
    return term and cell.find(["a", "br", "img"]) is None and 0 < words < PROSE_CELL_WORDS \
        and after is not None and bool(after.get_text().strip()) and _one_paragraph_at_most(cell)


def _keys_column(cell, keys_tables: dict[int, bool]) -> bool:
    """Is the cell the first of its row in a table of two columns whose first is keys (tig's
    "Key | Action": "Enter", "R", "Up")? The table's verdict is kept in `keys_tables` (by
    its id): read for each row, a table of 800 rows took 18 s."""
    row, table = cell.find_parent("tr"), cell.find_parent("table")
    if cell.name != "td" or row is None or table is None or row.find(_CELLS) is not cell:
        return False
    if id(table) not in keys_tables:
        keys_tables[id(table)] = _keys_table(table)
    return keys_tables[id(table)]


def _keys_table(table) -> bool:
    """Three rows or more of two cells, each opening with a short cell of a few words that
    is no sentence?"""
    rows = [cells for cells in (r.find_all("td", recursive=False) for r in table.find_all("tr")) if cells]
    firsts = [" ".join(cells[0].get_text().split()) for cells in rows]
    return len(rows) >= 3 and all(len(cells) == 2 for cells in rows) \
        and all(0 < len(text.split()) <= KEY_WORDS and not text.endswith((".", ":", "?", "!")) for text in firsts)


def _names_term(dt) -> bool:
    """Does this <dt> name the term its <dd> describes, so that the two read as one
    sentence, as an option above its description does in plain text ("nofile maximum
    number of open file descriptors", "hard for enforcing hard resource limits", from
    Linux-PAM's DocBook pages: the description alone did not say what it described)? Not
    a question (a FAQ's) or a sentence, not a long one, and only above a <dd> of its own, or
    of the terms it is the first of ("IP-address" over "IP-mask" over one description:
    PostgreSQL's pg_hba.conf page, where the first stood alone and read as a heading)."""
    from bs4 import NavigableString

    text = " ".join(dt.get_text().split())
    after = dt.find_next_sibling(["dt", "dd"])
    while after is not None and after.name == "dt" and _names_few_words(after):
        after = after.find_next_sibling(["dt", "dd"])
    described = after.get_text().strip() if after is not None and after.name == "dd" else ""
    if not described:
        return False
    # (Only a description that opens with its words, not with code or a list of its own.)
    opening = _opening(after)
    if not (isinstance(opening, NavigableString) or getattr(opening, "name", None) in ("p", *_TERM_TAGS, "span", "a")):
        return False
    # (A phrase over a description that opens a sentence of its own, "84 bytes for the
    # reentrant scanner guts" over "Flex allocates about 84 bytes...", is a label apart.)
    term = len(text.split()) == 1 or dt.find(_TERM_TAGS) is not None or described[:1].islower()
    return 0 < len(text.split()) < PROSE_CELL_WORDS and not text.endswith((".", "?", "!", ":")) and term \
        and _one_paragraph_at_most(dt)


def _names_few_words(dt) -> bool:
    """Is the <dt> a short term (one of several over one description)?"""
    return 0 < len(dt.get_text().split()) < PROSE_CELL_WORDS


# Docutils' and Sphinx's admonitions by their kind (a custom admonition's own title, "Passing
# Proxies as Senders", heads its box as a heading would).
_ADMONITIONS = {"attention", "caution", "danger", "error", "hint", "important", "note", "tip", "warning",
                "see also", "todo", "deprecated", "changed", "new"}


def _admonition_title(node):
    """The paragraph a Sphinx or Docutils admonition's title ("Note", "Warning") heads,
    when `node` is that title: it labels the paragraph, it is not a section's heading. So
    does DocBook's ('<div class="tip"><h3 class="title">Tip</h3><p>': PostgreSQL's manual,
    where the text after the box was read as under "Tip")."""
    docbook = node.name in _HEADINGS and "title" in (node.get("class") or []) and node.parent is not None \
        and bool(set(node.parent.get("class") or []) & _ADMONITIONS)
    if not (node.name == "p" and "admonition-title" in (node.get("class") or []) or docbook) \
            or " ".join(node.get_text().split()).rstrip(":").lower() not in _ADMONITIONS:
        return None
    after = node.find_next_sibling()
    return after if after is not None and after.name == "p" else None


def _opening(node):
    """The node's first child that is not white space (None when it has none)."""
    from bs4 import NavigableString

    return next((c for c in node.children if not (isinstance(c, NavigableString) and not c.strip())), None)


def _one_paragraph_at_most(node) -> bool:
    """Does the node hold no block but, at most, one <p> (a label, not a passage)?"""
    inner = node.find_all(_LAYOUT)
    return len(inner) <= 1 and all(tag.name == "p" for tag in inner)


def _is_text(node, kept) -> bool:
    """Whether get_text() would count this string (not a comment, a doctype...)."""
    return type(node) is kept if isinstance(kept, type) else type(node) in kept


def _row(row, kept) -> str:
    """A <tr> as "| a | b |" (nothing when all its cells are empty). A string belongs to
    its innermost cell, so a nested table's text is not repeated in the cells around it."""
    from bs4 import NavigableString

    cells: list[list[str]] = []
    open_cells: list[int] = []  # indexes in `cells`, innermost last
    stack, leaving = [iter(row.contents)], [False]  # each open tag's children, and whether it is a cell
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            if leaving.pop():
                open_cells.pop()
        elif isinstance(node, NavigableString):
            if open_cells and _is_text(node, kept):
                cells[open_cells[-1]].extend(node.split())
        elif node.name not in _SKIPPED:
            cell = node.name in ("td", "th")
            if cell:
                open_cells.append(len(cells))
                cells.append([])
            stack.append(iter(node.contents))
            leaving.append(cell)
    texts = [" ".join(words) for words in cells]
    return f"\n\n| {' | '.join(texts)} |\n\n" if any(texts) else ""


def _only_child(node):
    """The one tag a paragraph holds and nothing else ("<p><b>...</b></p>"), when the
    paragraph stands alone (not in a table cell, an item or a definition: a cell's or an
    item's name in code or bold is a datum or a term, "sel_excess"); None otherwise."""
    from bs4 import NavigableString

    if node.name != "p" or node.find_parent(["td", "th", "li", "dt", "dd"]) is not None:
        return None
    content = [c for c in node.contents if not (isinstance(c, NavigableString) and not c.strip())]
    return content[0] if len(content) == 1 and getattr(content[0], "name", None) else None


def _bold_alone(node) -> str:
    """The text of a short paragraph in bold alone ("<p><b>(12) Is this a bug?</b></p>"), a
    FAQ's question when it asks one; "" for any other node."""
    bold = _only_child(node)
    if bold is None or bold.name not in ("b", "strong"):
        return ""
    text = " ".join(bold.get_text().split())  # (inline tags add no space: "...the VACUUM?")
    return text if len(text) <= MAX_QUESTION_CHARS else ""


def _numbered_question(text: str) -> bool:
    """Does the text read as a numbered question, its "?" left out ("(7) How do I list...")?"""
    number = _FAQ_NUMBER.match(text)
    return number is not None and bool(_ASKS.match(text, number.end()))


def _faq_question(text: str) -> str:
    """A FAQ's question as the heading of its answer, below any of the page's own."""
    return f"\n\n###### {text}\n\n"


def _code_alone(node) -> bool:
    """Is the node a paragraph of code alone (Apache's examples:
    '<div class="example"><p><code>kill -TERM `cat httpd.pid`</code></p></div>', whose
    "# Unsupported HTTP version" read as a heading over half a page's sections)?"""
    code = _only_child(node)
    return code is not None and code.name == "code"


def _preformatted(pre, kept) -> str:
    """A <pre>'s text, its <br>s as line breaks and its table rows on one line each."""
    from bs4 import NavigableString

    parts: list[str] = []
    stack = [iter(pre.contents)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif isinstance(node, NavigableString):
            if _is_text(node, kept):
                parts.append(str(node))
        elif node.name == "br":
            parts.append("\n")
        elif node.name == "tr":
            parts.append(_row(node, kept))
        elif node.name not in _SKIPPED:
            stack.append(iter(node.contents))
    return "".join(parts)


_CODE = "\ue000"  # marks where a <pre> block goes back, whole
_BR = "\ue001"  # a <br>
_TEXT = "\ue003"  # marks where a <pre> block of text goes back, whole
_HEADING_MARKS = re.compile(r"[#=]{1,6}")
KEY_WORDS = 3  # the most words of a cell in a column of keys
MAX_QUESTION_CHARS = 200  # a FAQ's question in bold (longer, it is a paragraph in bold)
_FAQ_NUMBER = re.compile(r"\(?\d{1,3}[.)]\s")  # a FAQ's question's number: "(12) ", "12. "
# A question's opening ("How do I list all tables..." without its "?"; not a step, "1. Download").
_ASKS = re.compile(r"(?:how|what|why|when|where|which|who|can|could|is|are|do|does|should|will|would|i|my)\b", re.I)
# The tool that made the page, said at its foot ("This document was generated on February 5,
# 2023 using texi2any.", "Created using Sphinx 5.3.0.").
_GENERATOR_CREDIT = re.compile(r"(?:this (?:document|documentation|page|file|manual|site) (?:was|is) |documentation )?"
                               r"(?:generated|created|built)\b[^.]{0,60}?\b(?:using|with|by) [^.]{1,40}\.?$", re.I)
_GOES_ON = "\ue002"  # after a label (a <dt>, a cell): its text and the next one's are one paragraph
_NO_MARKS = dict.fromkeys(map(ord, (_CODE, _BR, _GOES_ON, _TEXT)))  # (deleted from a page before it is read)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CELLS = ["td", "th"]
# A cell of this many words holds prose (an option's description), not a datum.
PROSE_CELL_WORDS = 8
_TERM_TAGS = ["code", "kbd", "samp", "var", "tt", "cite", "strong", "b", "em"]
_LISTS = {"ul", "ol", "dl"}
_CONTENTS = {"toc", "contents", "table-of-contents", "toctree-wrapper", "list-of-tables", "list-of-figures"}
# (Dialogs, and what a page hides from screen readers: MkDocs' search and keyboard-shortcut
# boxes, on every page; the page's <footer>: "Copyright © 2014 Tom Christie...".)
_FURNITURE_ROLES = {"navigation", "search", "contentinfo", "banner", "tablist", "dialog", "alertdialog"}
# Sphinx's sidebar and footer (its related links have role "navigation"); DocBook's
# Prev/Up/Next tables (Valgrind's "nav"); Texinfo 7's navigation panel; navigation bars and
# breadcrumbs; site menus, and a header a site marks as not for its own search (SQLite's
# pages: logo, tagline and menu, on every page); a site's banner (nginx.org's "Join us for
# the first quarterly NGINX Community Call..." opened every page). Ids as well as classes.
_FURNITURE_CLASSES = {"sphinxsidebar", "footer", "navheader", "navfooter", "nav", "nav-panel", "navbar",
                      "navigation", "breadcrumb", "breadcrumbs", "menu", "mainmenu", "submenu", "nosearch",
                      "banner", "announcement", "announcement-banner", "cookie-banner", "skip-link"}
_PERMALINK = re.compile(r"[¶§#\ue000-\uf8ff]?")  # a heading's link to itself (or an icon font's glyph for it)
_FOOTNOTE = re.compile(r"\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}")
_LAYOUT = ["p", "div", "ul", "ol", "dl", "blockquote", *sorted(_HEADINGS)]
