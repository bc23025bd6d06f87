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
from collections.abc import Iterable, Iterator
from pathlib import Path

from rag.errors import LoadError
from rag.schema import Article
from rag.text import sentence_spans, words

TEXT_TYPES = {".txt", ".md", ".markdown"}
HTML_TYPES = {".html", ".htm"}
PDF_TYPES = {".pdf"}
SUPPORTED = TEXT_TYPES | HTML_TYPES | PDF_TYPES
# Bump when the text extracted from a file may change: `rag ingest` then reads every file
# again instead of skipping those it has seen unchanged on disk.
LOADER_VERSION = "3"  # 2: titles from file names; front matter without --- lines; 3: HTML structure
MAX_TITLE_CHARS = 90


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


def make_doc_id(absolute_path: str) -> str:
    """Stable for a file's location; readable thanks to a slug of its name."""
    slug = re.sub(r"[^a-z0-9]+", "-", Path(absolute_path).stem.lower()).strip("-")[:40]
    digest = hashlib.sha1(absolute_path.encode("utf-8")).hexdigest()[:10]
    return f"{slug or 'doc'}-{digest}"


def upload_name(name: str) -> str:
    """A safe file name for an uploaded file: no directories from the client, no odd
    characters."""
    name = Path(name).name
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "upload.txt"


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


_METADATA_KEYS = "title|author|authors|date|url|source|tags|keywords|description|summary|language"


def _front_matter(raw: str, markdown: bool = True) -> tuple[int, dict[str, str]]:
    """Where the body starts, and the simple `key: value` front matter before it, if any:
    between --- lines (YAML style), or, in Markdown, lines of known keys (title, author,
    date, url...) ending in a blank line (MultiMarkdown style; a plain text article may
    well open with "Date: ...")."""
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
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw.replace(_CODE, ""), "html.parser")  # (no forged code marks)
    meta: dict[str, str] = {}
    for key, names in _META.items():
        for name in names:
            tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
            if tag and tag.get("content"):
                meta[key] = tag["content"].strip()
                break
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href") and "url" not in meta:
        meta["url"] = canonical["href"]
    h1 = soup.find("h1")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    meta["title"] = title or (h1.get_text(" ", strip=True) if h1 else "")
    for tag in soup(["script", "style", "noscript", "nav", "template", "head"]):
        tag.decompose()
    return _html_body(soup.body or soup), {k: v for k, v in meta.items() if v}


def _html_body(body) -> str:
    """The page's structure as Markdown-like text that `rag.structure` reads like any .md
    file: "## " before headings, "- " before list items, table rows on one line, code
    fenced, a blank line between blocks."""
    for row in body.find_all("tr"):  # a table row on one line, as in a Markdown table
        cells = [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["td", "th"])]
        row.replace_with(f"\n\n| {' | '.join(cells)} |\n\n" if any(cells) else "")
    pres = body.find_all("pre")
    for br in (br for pre in pres for br in pre.find_all("br")):
        br.replace_with("\n")
    # A page that is all preformatted text (a mail archive, an old RFC) is text, not code.
    fenced = sum(len(pre.get_text()) for pre in pres) < 0.8 * len(body.get_text())
    codes = []
    for tag in pres:
        codes.append(tag.get_text().strip("\n"))
        tag.replace_with(f"\n\n{_CODE}{len(codes) - 1}{_CODE}\n\n" if fenced else f"\n\n{codes.pop()}\n\n")
    for item in body.find_all("li"):  # "<li><p>text": the item's text follows its marker
        for first in item.find_all(["p", "div"], recursive=False, limit=1):
            first.unwrap()
    for tag in body.find_all(_BLOCKS):
        marker = "#" * int(tag.name[1]) + " " if tag.name in _HEADINGS else "- " if tag.name == "li" else ""
        tag.insert_before("\n\n" + marker)
        tag.insert_after("\n\n")
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", body.get_text()):
        code = re.fullmatch(rf"\s*{_CODE}(\d+){_CODE}\s*", block)
        if code:
            lines = codes[int(code.group(1))]
            if lines.strip():  # code keeps its lines, fenced by more backticks than it holds
                fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", lines)), default=0))
                paragraphs.append(f"{fence}\n{lines}\n{fence}")
        elif not fenced and "\n" in block.strip():
            paragraphs.append(block.strip("\n"))  # preformatted text keeps its lines
        elif block.strip():
            marker = re.match(r"[ \t\n]*(#{1,6} |- )?", block).group(1) or ""
            text = " ".join(block.split())
            if text and text != marker.strip():
                paragraphs.append(text)
    return "\n\n".join(paragraphs)


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
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as e:  # pypdf raises many types for damaged files
        raise LoadError(f"cannot read the PDF ({e})") from None
    info = reader.metadata or {}
    meta = {
        "title": str(info.get("/Title") or ""),
        "author": str(info.get("/Author") or ""),
    }
    text = "\n".join(re.sub(r"[ \t]+", " ", p).strip() for p in pages if p.strip())
    return text, {k: v for k, v in meta.items() if v}
