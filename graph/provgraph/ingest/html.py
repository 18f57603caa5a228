"""HTML pages → Documents: the article text as trafilatura extracts it.

Offsets of an HTML article index the extracted text (``Document.text``), which is what
every later step reads; ``Document.path`` keeps the page. Paragraphs are separated by a
blank line, as in the .txt articles, so the layout and quotation rules work the same.
Broken markup is parsed leniently; a page with no article text is an input error.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..errors import ConfigError, EmptyInputError, InputTooLargeError
from ..model import Document

__all__ = ["html_to_document", "read_html"]


def html_to_document(doc_id: str, html: bytes | str, *, path: str | None = None,
                     url: str | None = None) -> Document:
    """A Document from the bytes (or text) of an HTML page."""
    try:
        import trafilatura
    except ImportError:
        raise ConfigError("reading HTML needs trafilatura: pip install 'provgraph[html]'") from None
    from . import document_from_text

    found = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                        include_comments=False, include_tables=False)
    text = (found.text or "") if found is not None else ""
    if not text.strip():
        raise EmptyInputError(f"{path or doc_id}: no article text found in the HTML")
    text = "\n\n".join(p.strip() for p in text.split("\n") if p.strip())
    doc = document_from_text(doc_id, text, path=path, url=url or found.url)
    title = found.title or doc.title
    publisher = doc.publisher or found.sitename
    # the page's metadata knows the year a dateline ("March 14") leaves out
    date = found.date if found.date and (not doc.date or doc.date.startswith("--")) else doc.date
    return Document(id=doc.id, text=doc.text, title=title, publisher=publisher,
                    dateline_place=doc.dateline_place, date=date, url=doc.url, path=path,
                    boilerplate=doc.boilerplate, summary=doc.summary)


def read_html(path: Path, config: Config) -> Document:
    """Read one HTML page; its id is the file name without extension."""
    try:
        size = path.stat().st_size
        if size > config.max_file_bytes:
            raise InputTooLargeError(
                f"{path}: {size:,} bytes is over the limit of {config.max_file_bytes:,}; "
                "raise it with --max-file-bytes")
        raw = path.read_bytes()
    except OSError as e:  # gone since it was listed, unreadable, a folder, ...
        raise EmptyInputError(f"{path}: cannot read ({e.strerror or e})") from None
    if not raw.strip():
        raise EmptyInputError(f"{path}: empty file, nothing to read")
    return html_to_document(path.stem, raw, path=str(path))
