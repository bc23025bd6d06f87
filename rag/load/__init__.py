"""Files in, Articles out.

Reads .txt, .md, .rst, .adoc, .info (GNU Info), .html/.htm (and .pdf with the `pdf` extra). A
file that cannot become an Article raises `LoadError` naming the reason; the caller reports it
and goes on. Article.text is what every citation offset points into: for text files the file
decoded as UTF-8, exactly (a BOM stays as U+FEFF, .md front matter stays and is skipped by
chunking), so slicing the file gives the quote back; for HTML and PDF, the extracted text (an
HTML page not in UTF-8 decoded as its <meta> declares); for a text file printed with nroff's overstrike ("P\bPo\bo" for a bold "Po", as Debian
ships many READMEs), the text it shows.

This module finds the files and makes the Article; the readers are beside it: `headers`
(front matter and mail headers of text files), `html`, `pdf`, `titles`, and `bounds` (what
one file may cost to read).
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from rag.errors import LoadError
from rag.load.bounds import MAX_PDF_PAGES, MAX_TEXT_CHARS, too_long
from rag.load.headers import front_matter
from rag.load.html import html_text
from rag.load.pdf import pdf_text
from rag.load.titles import derive_title
from rag.schema import Article
from rag.text import words

__all__ = ["LOADER_VERSION", "MAX_PDF_PAGES", "MAX_TEXT_CHARS", "SUPPORTED", "body_start", "derive_title", "discover",
           "front_matter", "load_article", "make_doc_id", "upload_name"]

MARKDOWN_TYPES = {".md", ".markdown"}
# Plain text, and the markup read as text by `rag.structure`: reStructuredText, AsciiDoc.
TEXT_TYPES = {".txt", ".rst", ".rest", ".adoc", ".asciidoc", ".info"} | MARKDOWN_TYPES  # (.info: GNU Info)
HTML_TYPES = {".html", ".htm"}
PDF_TYPES = {".pdf"}
SUPPORTED = TEXT_TYPES | HTML_TYPES | PDF_TYPES
# Plain text named as a package's documentation is, whatever follows the name: "README",
# "FAQ", "README.Debian", "README.modules", "INSTALL.txt" (as /usr/share/doc ships them), or
# comes before it: "lftp-FAQ", "netcat-README.Debian" (copied out of several packages' docs).
# (Not "install.sh", "todo.py", "readme.svg": a suffix of code, data or pictures is theirs.)
_DOCUMENTATION_WORD = "README|FAQ|INSTALL|NEWS|CHANGES|CHANGELOG|HACKING|TODO|USAGE|NOTES|THANKS|BUGS|AUTHORS|CONTRIBUTING|UPGRADING"
# (After a package's name, only in capitals: "print_usage.go", "post-install" and "test_readme.rs" are code.)
_DOCUMENTATION_NAME = re.compile(rf"(?:(?i:{_DOCUMENTATION_WORD})|[\w+.-]+[._-](?:{_DOCUMENTATION_WORD}))(?:[._-][A-Za-z][\w-]*)*")
_NOT_TEXT = {".gz", ".bz2", ".xz", ".zst", ".zip", ".z", ".lz", ".lzma", ".tgz", ".sh", ".py", ".pl", ".rb", ".js",
             ".c", ".h", ".json", ".csv", ".xml", ".yml", ".yaml", ".toml", ".ini", ".cfg", ".conf", ".svg", ".png",
             ".jpg", ".jpeg", ".gif", ".ico", ".css", ".tex", ".in", ".am", ".bat", ".exe", ".so", ".o"}
# Bump when the text extracted from a file may change: `rag ingest` then reads every file
# again instead of skipping those it has seen unchanged on disk.
# 2: titles from file names; front matter without --- lines; 3: HTML structure; 4: mail headers;
# 5: titles from the heading a text opens with past markup, .rst and .adoc read;
# 6: HTML <br> as a line break, tables that lay out prose read as prose; 7, 8: HTML page
# furniture (navigation, search, footers, permalinks, footnote marks) left out; 9: nroff
# overstrike read as the text it shows; 10, 11: forms (not one wrapping the page), site menus and "nosearch" headers left out;
# 12-14: a table row of short one-paragraph cells (Sphinx's) is data; a short term cell labels the next;
# 15: a GNU Info manual titled by its top node's heading; 16: a wrapped NAME titles a man page whole,
# a package's documentation named without a text suffix ("FAQ", "README.Debian") read as text;
# 17: a man page's NAME hyphenated at a line's end joined, an Info top node without a heading;
# 18: an HTML FAQ's questions in bold head their answers, DocBook's admonition titles label their
# paragraphs, terms over one description go with it; a later part of a split Info manual titled
# "bash.info (from 5 Shell Variables)"; a title under a rule or boxed between two
# 19: a document opening with a heading every document has ("Synopsis") or a term alone
# ("Ancestor") titled by its file's name; 20: .info files read, an HTML page not in UTF-8 read
# in the encoding it declares; 21: a package's documentation named after the package too ("lftp-FAQ"),
# a FAQ opening on its first question or a changelog on its first release ("[1.4.0]") titled by its file's name
LOADER_VERSION = "21"


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


# GNU Info's marks around its index and image nodes, "\0\b[index\0\b]", are the only NUL
# bytes of a manual saved as text (`gzip -dc sed.info.gz`): a text file, not a binary one.
# (Struck over, as nroff's overstrike is, they read "[index]".)
_INFO_MARKS = re.compile(rb"\x00\x08[\[\]]")
# A character struck over by the next one: bold ("P\bP") and underline ("_\bP") in nroff's
# output. Left in, every heading and emphasised word was doubled ("PPoossttffiixx").
_OVERSTRIKE = re.compile(r"[^\n]\x08")


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
    if suffix not in SUPPORTED and _DOCUMENTATION_NAME.fullmatch(path.name) and suffix not in _NOT_TEXT \
            or _INFO_PART.fullmatch(suffix):
        suffix = ".txt"
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
        text, metadata = pdf_text(data, MAX_PDF_PAGES, MAX_TEXT_CHARS)
    else:
        nul = _INFO_MARKS.sub(b"   ", data[:8194]).find(b"\x00", 0, 8192)  # (a mark kept whole, its length too)
        if nul >= 0:
            raise LoadError(f"looks like a binary file, not text (a NUL byte at offset {nul})",
                            "convert it to text (.txt, .md, .html or .pdf), or leave it out")
        try:
            raw = data.decode("utf-8")
        except UnicodeDecodeError as e:
            # (An HTML page may declare another encoding; one that declares none, or text
            # that is not what it declares, is not guessed at.)
            declared = _declared_charset(data) if suffix in HTML_TYPES else None
            try:
                raw = data.decode(declared or "utf-8")
            except UnicodeDecodeError:
                raw = data.decode("latin-1") if declared == "cp1252" else ""  # (the five bytes Windows-1252 leaves out)
            if not raw:
                raise LoadError(
                    f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})"
                    + (f" nor {declared}, as it declares" if declared else ""),
                    "re-save the file as UTF-8",
                ) from None
        if suffix in HTML_TYPES:
            text, metadata = html_text(raw)
        else:
            text = _OVERSTRIKE.sub("", raw) if "\b" in raw else raw
            if suffix in TEXT_TYPES:
                body_start, metadata = front_matter(text, markdown=suffix in MARKDOWN_TYPES)
    if len(text) > MAX_TEXT_CHARS:
        raise too_long(MAX_TEXT_CHARS)
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


# A part of a GNU Info manual split in several files ("emacs.info-2").
_INFO_PART = re.compile(r"\.info-\d+")
# The encoding an HTML page declares: <meta charset="utf-8">, <meta http-equiv="Content-Type"
# content="text/html; charset=ISO-8859-1"> (quilt's manual; it was refused as "not UTF-8"), or
# an XML declaration's encoding="..." (XHTML).
_META = re.compile(rb"<meta\b[^>]*>|<\?xml\b[^>]*\?>", re.I)
_CHARSET = re.compile(rb"""(?:^|[\s;"'])(?:charset|encoding)\s*=\s*["']?([\w.:-]+)""", re.I)
# As HTML reads them: a page that says Latin-1 or ASCII is Windows-1252 (its curly quotes
# and dashes, 0x91-0x97, are no control characters).
_AS_HTML_READS = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}


def _declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in its head (a <meta> tag's charset, not another
    attribute's words), if Python knows it and it is not UTF-8."""
    for tag in _META.finditer(data[:4096]):
        content = tag.group()
        if re.search(rb"\sname\s*=", content, re.I) or not re.search(rb"\scharset\s*=|http-equiv|^<\?xml", content, re.I):
            continue  # (<meta name="description" content="...charset=...">)
        declared = _CHARSET.search(content)
        if declared is None:
            continue
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            return None
        # (A page read as it declares UTF-16 could not hold its <meta> in ASCII: HTML reads that as UTF-8.)
        if name == "utf-8" or "<meta".encode(name, "replace") != b"<meta":
            return None
        return _AS_HTML_READS.get(name, name)
    return None


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


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()



def body_start(text: str, source: str) -> int:
    """Where the body of an article loaded from `source` begins in its text (after front
    matter or mail headers): what `load_article` gave as `Article.body_start`, for an
    article read back from the index, which does not store it."""
    suffix = Path(source).suffix.lower()
    return front_matter(text, markdown=suffix in MARKDOWN_TYPES)[0] if suffix in TEXT_TYPES else 0
