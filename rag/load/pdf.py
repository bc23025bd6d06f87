"""PDF in, text out, with pypdf (the `pdf` extra)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rag.errors import LoadError
from rag.load.bounds import too_long


def pdf_text(data: bytes, max_pages: int, max_chars: int) -> tuple[str, dict[str, str]]:
    """The text of every page, and the title and author. The bounds are the caller's
    (`rag.load` passes its own, which tests lower)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        raise LoadError("PDF support is not installed", "pip install -e '.[pdf]' in the project folder (it adds pypdf)") from None
    import io

    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) > max_pages:
            raise LoadError(f"file rejected: the PDF has more than {max_pages} pages", "split it into smaller files")
        pages, size = [], 0
        for page in reader.pages:  # compressed pages can hold far more text than the file's size
            pages.append(page.extract_text() or "")
            size += len(pages[-1])
            if size > max_chars:
                raise too_long(max_chars)
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
