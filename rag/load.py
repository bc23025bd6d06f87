"""Files in, Articles out.

Reads .txt, .md, .html/.htm (and .pdf with the `pdf` extra). A file that cannot become
an Article raises `LoadError` naming the reason; the caller reports it and goes on.
Article.text is what every citation offset points into: for text files the file decoded
as UTF-8, exactly (a BOM stays as U+FEFF, .md front matter stays and is skipped by
chunking), so slicing the file gives the quote back; for HTML and PDF, the extracted text.
"""

from __future__ import annotations

import hashlib
import os
import re
from email.parser import HeaderParser
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from rag.errors import LoadError
from rag.schema import Article
from rag.text import sentence_spans, words

TEXT_TYPES = {".txt", ".md", ".markdown"}
HTML_TYPES = {".html", ".htm"}
PDF_TYPES = {".pdf"}
SUPPORTED = TEXT_TYPES | HTML_TYPES | PDF_TYPES
# Bump when the text extracted from a file may change: `rag ingest` then reads every file
# again instead of skipping those it has seen unchanged on disk.
# 2: titles from file names; front matter without --- lines; 3: HTML structure; 4: mail headers
LOADER_VERSION = "4"
MAX_TITLE_CHARS = 90
# Bounds on what one file may cost to read; a file beyond them is rejected ("file
# rejected: ..."). Text: as much as the default upload limit allows (about 5 million
# tokens, hours of embedding on a laptop); PDF pages are counted before any is read.
MAX_TEXT_CHARS = 20_000_000
MAX_PDF_PAGES = 5_000


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file under `paths` (folders recursively, hidden entries skipped), in sorted
    order, each once however often it is named. A missing path is passed on as it is, for
    `load_article` to report."""
    seen: set[Path] = set()
    for path in paths:
        for file in _walk(path) if path.is_dir() else [path]:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                yield file


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def load_article(path: Path) -> Article:
    if not path.exists():
        raise LoadError("no such file or folder")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise LoadError(
            f"unsupported file type '{suffix or path.name}'",
            f"supported: {', '.join(sorted(SUPPORTED))}",
        )
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise LoadError("is a directory") from None
    except OSError as e:
        raise LoadError(f"cannot read the file ({e.strerror or e})", "check its permissions") from None
    if not data.strip():
        raise LoadError("the file is empty")

    metadata: dict[str, str] = {}
    body_start = 0
    if suffix in PDF_TYPES:
        text, metadata = _pdf_text(data)
    else:
        if b"\x00" in data[:8192]:
            raise LoadError("looks like a binary file, not text")
        try:
            raw = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise LoadError(
                f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})",
                "re-save the file as UTF-8",
            ) from None
        if suffix in HTML_TYPES:
            text, metadata = _html_text(raw)
        else:
            text = raw
            if suffix in TEXT_TYPES:
                body_start, metadata = _front_matter(raw, markdown=suffix != ".txt")
    if len(text) > MAX_TEXT_CHARS:
        raise _too_long()
    if not words(text[body_start:]):
        raise LoadError("no text found in the file")
    title = metadata.pop("title", "") or derive_title(text[body_start:], path.stem) or path.stem
    source = _display_path(path)
    absolute = str(path.resolve())
    return Article(
        doc_id=make_doc_id(absolute),
        title=title,
        text=text,
        source=source,
        path=absolute,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        metadata=metadata,
        body_start=body_start,
    )


def _too_long() -> LoadError:
    return LoadError(f"file rejected: its text is longer than {MAX_TEXT_CHARS} characters", "split it into smaller files")


def make_doc_id(absolute_path: str) -> str:
    """Stable for a file's location; readable thanks to a slug of its name."""
    slug = re.sub(r"[^a-z0-9]+", "-", Path(absolute_path).stem.lower()).strip("-")[:40]
    digest = hashlib.sha1(absolute_path.encode("utf-8")).hexdigest()[:10]
    return f"{slug or 'doc'}-{digest}"


def upload_name(name: str) -> str:
    """A safe file name for an uploaded file: no directories from the client, no odd
    characters. Raises LoadError for a name too long to save."""
    name = re.sub(r"[^\w.-]+", "_", Path(name).name).strip("._") or "upload.txt"
    if len(name.encode("utf-8")) > 255:  # the longest file name most file systems allow
        raise LoadError("file rejected: the file name is longer than 255 bytes", "rename the file")
    return name


def derive_title(text: str, file_stem: str = "") -> str:
    """The first line when it reads like a title; else the file's name when it is a few
    words ("putin-and-sharif-meet-at-the-sco-summit" -> "Putin and Sharif meet at the SCO
    Summit", each word spelt as the text spells it); else the first sentence, shortened."""
    first_line = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0].strip().lstrip("#").strip()
    if _looks_like_title(first_line):
        return first_line
    stem_words = re.findall(r"[^\W_]+", file_stem)
    named = [w for w in stem_words if w.isalpha()]
    found = re.findall(r"\w+", text) if len(named) >= 3 else []
    in_text = {w.lower() for w in found}
    # A name of words the text uses ("untitled-draft-copy" is not about the text).
    if found and sum(w.lower() in in_text for w in named) >= 2 / 3 * len(named):
        # A word's spelling in the text, unless the text also has it in lower case (so
        # "The" opening a sentence stays "the", while "SCO" and "Putin" keep theirs).
        lower = {w for w in found if w.islower()}
        spelt = {w.lower(): w for w in reversed(found) if not w.islower() and w.lower() not in lower}
        title = " ".join(spelt.get(w.lower(), w.lower()) for w in stem_words)
        return title[0].upper() + title[1:]
    spans = sentence_spans(first_line) or [(0, len(first_line))]
    sentence = first_line[spans[0][0] : spans[0][1]].rstrip(".")
    if len(sentence) <= MAX_TITLE_CHARS:
        return sentence
    return sentence[:MAX_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= 20
        and len(line) <= 160
        and not line.endswith((".", ",", ";", ":"))
        and line[0].isupper()
    )


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


# RFC 5322 header fields (with folded continuation lines), then the blank line.
_MAIL_HEADERS = re.compile(r"(\ufeff?(?:[A-Za-z][\w-]*:[^\r\n]*\r?\n(?:[ \t]+\S[^\r\n]*\r?\n)*){2,})[ \t]*\r?\n")
_METADATA_KEYS = "title|author|authors|date|url|source|tags|keywords|description|summary|language"


def body_start(text: str, source: str) -> int:
    """Where the body of an article loaded from `source` begins in its text (after front
    matter or mail headers): what `load_article` gave as `Article.body_start`, for an
    article read back from the index, which does not store it."""
    suffix = Path(source).suffix.lower()
    return _front_matter(text, markdown=suffix != ".txt")[0] if suffix in TEXT_TYPES else 0


def _front_matter(raw: str, markdown: bool = True) -> tuple[int, dict[str, str]]:
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


_BLOCKS = "p div li h1 h2 h3 h4 h5 h6 blockquote tr br section article header footer dt dd".split()
_META = {
    "author": ["author", "article:author", "og:article:author"],
    "date": ["date", "article:published_time", "og:article:published_time", "dc.date"],
    "url": ["og:url"],
    "description": ["description", "og:description"],
}


def _html_text(raw: str) -> tuple[str, dict[str, str]]:
    _check_tags(raw)
    soup = _soup_class()(raw.replace(_CODE, ""), "html.parser")  # (no forged code marks)
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
    title = title_tag.get_text(" ", strip=True) if title_tag else ""
    meta["title"] = title or (h1.get_text(" ", strip=True) if h1 else "")
    body = soup.body
    if body is None or any(parent.name in _SKIPPED for parent in body.parents):
        body = soup
    return _html_body(body), {k: v for k, v in meta.items() if v}


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
        piece if isinstance(piece, str) else f"\n\n{_CODE}{piece}{_CODE}\n\n" if fenced else f"\n\n{codes[piece]}\n\n"
        for piece in pieces
    )
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", text):
        code = re.fullmatch(rf"\s*{_CODE}(\d+){_CODE}\s*", block)
        if code:
            lines = codes[int(code.group(1))]
            if lines.strip():  # code keeps its lines, fenced by more backticks than it holds
                fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", lines)), default=0))
                paragraphs.append(f"{fence}\n{lines}\n{fence}")
        elif not fenced and "\n" in block.strip():
            paragraphs.append(block.strip("\n"))  # preformatted text keeps its lines
        elif block.strip():
            marker = re.match(r"[ \t\n]*(#{1,6} |- )?", block).group(1) or ""  # type: ignore[union-attr]  # always matches
            text = " ".join(block.split())
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
    stack, closing = [iter(body.contents)], [""]  # each open tag's children, and what ends it
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            pieces.append(closing.pop())
        elif isinstance(node, NavigableString):
            if _is_text(node, kept):
                pieces.append(str(node))
                plain += len(node)
        elif node.name in _SKIPPED:
            pass
        elif node.name == "tr":  # a table row on one line, as in a Markdown table
            pieces.append(row := _row(node, kept))
            plain += len(row)
        elif node.name == "pre":
            codes.append(_preformatted(node, kept))
            pieces.append(len(codes) - 1)
            plain += len(codes[-1])
        else:
            if node.name == "li":
                first = next((c for c in node.contents if getattr(c, "name", None) in ("p", "div")), None)
                if first is not None:
                    unwrapped.add(id(first))
            block = node.name in _BLOCKS and id(node) not in unwrapped
            marker = "#" * int(node.name[1]) + " " if node.name in _HEADINGS else "- " if node.name == "li" else ""
            pieces.append("\n\n" + marker if block else "")
            closing.append("\n\n" if block else "")
            stack.append(iter(node.contents))
    return pieces, codes, plain


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
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _pdf_text(data: bytes) -> tuple[str, dict[str, str]]:
    try:
        from pypdf import PdfReader
    except ImportError:
        raise LoadError("PDF support is not installed", "pip install -e '.[pdf]' in the project folder (it adds pypdf)") from None
    import io

    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise LoadError(f"file rejected: the PDF has more than {MAX_PDF_PAGES} pages", "split it into smaller files")
        pages, size = [], 0
        for page in reader.pages:  # compressed pages can hold far more text than the file's size
            pages.append(page.extract_text() or "")
            size += len(pages[-1])
            if size > MAX_TEXT_CHARS:
                raise _too_long()
        info: Mapping[str, object] = reader.metadata or {}
    except LoadError:
        raise
    except Exception as e:  # pypdf raises many types for damaged files
        raise LoadError(f"cannot read the PDF ({e})") from None
    meta = {
        "title": str(info.get("/Title") or ""),
        "author": str(info.get("/Author") or ""),
    }
    text = "\n".join(re.sub(r"[ \t]+", " ", p).strip() for p in pages if p.strip())
    return text, {k: v for k, v in meta.items() if v}
