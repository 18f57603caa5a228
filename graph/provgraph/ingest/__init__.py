"""ingest: files and folders → Documents with offsets into the text as read.

``read_document(path)`` reads one article; ``iter_documents(paths)`` walks files and folders
and yields a Document or the InputError that file raised, so a batch can report it and go
on. Supported: ``.txt`` (one article per file, id = file name without extension) and
``.jsonl`` (one ``{"id", "text", ...}`` record per line, the JSONL contract), ``.csv``
(columns ``id``, ``text`` and optionally ``title``, ``url``) and ``.html`` pages (the
article text extracted by trafilatura).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..config import Config
from ..errors import EmptyInputError, InputError, InputTooLargeError, MalformedJSONLError
from ..model import Document
from .html import read_html
from .layout import Layout, read_layout
from .reading import decode_text, read_text

__all__ = [
    "Layout",
    "document_from_text",
    "find_inputs",
    "iter_documents",
    "read_document",
    "read_layout",
]

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
HTML_SUFFIXES = (".html", ".htm")


def document_from_text(doc_id: str, text: str, *, path: str | None = None,
                       url: str | None = None) -> Document:
    """A Document for ``text``, with its title, dateline and boilerplate read off.

    >>> document_from_text("x", "PARIS, May 2 (Wire) - Officials said it rained.").publisher
    'Wire'
    """
    lay = read_layout(text)
    return Document(
        id=doc_id, text=text, title=lay.title, publisher=lay.publisher,
        dateline_place=lay.dateline_place, date=lay.date, url=url, path=path,
        boilerplate=lay.boilerplate, summary=lay.summary,
    )


def read_document(path: str | Path, config: Config | None = None) -> Document:
    """Read one ``.txt`` article; its id is the file name without extension."""
    config = config or Config()
    p = Path(path)
    return document_from_text(p.stem, read_text(p, config), path=str(p))


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders (recursively, sorted) into the article files they hold."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*")
                              if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES
                              + CSV_SUFFIXES + HTML_SUFFIXES
                              and not f.name.startswith(".")))
        else:
            out.append(p)
    return out


def _iter_jsonl(path: Path, config: Config) -> Iterator[Document | InputError]:
    """Stream a JSONL corpus line by line: a corpus may be larger than memory, and
    ``max_file_bytes`` applies to each record, not to the whole file."""
    try:
        f = path.open("rb")
    except OSError as e:
        yield EmptyInputError(f"{path}: cannot read ({e.strerror or e})")
        return
    seen = False
    with f:
        for n, raw in enumerate(f, 1):
            if n == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            seen = True
            if len(raw) > config.max_file_bytes:
                yield InputTooLargeError(
                    f"{path}:{n}: record of {len(raw):,} bytes is over the limit of "
                    f"{config.max_file_bytes:,}; raise it with --max-file-bytes")
                continue
            try:
                rec = json.loads(raw.decode("utf-8"))
                if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                    raise ValueError("needs a 'text' string")  # noqa: TRY004 - caught below
                doc_id = str(rec.get("id") or f"{path.stem}-{n}")
                if not rec["text"].strip():
                    raise ValueError("empty 'text'")
            except ValueError as e:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
                yield MalformedJSONLError(f"{path}:{n}: malformed record ({e})")
                continue
            yield document_from_text(doc_id, rec["text"], path=f"{path}:{n}",
                                     url=rec.get("url"))
    if not seen:
        yield EmptyInputError(f"{path}: empty file, nothing to read")


def _iter_csv(path: Path, config: Config) -> Iterator[Document | InputError]:
    try:
        text = read_text(path, config)
    except InputError as e:
        yield e
        return
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as e:
        yield MalformedJSONLError(f"{path}: not valid CSV ({e})")
        return
    if rows and "text" not in rows[0]:
        yield MalformedJSONLError(f"{path}: a CSV of articles needs a 'text' column")
        return
    for n, row in enumerate(rows, 2):  # line 1 is the header
        body = row.get("text") or ""
        if not body.strip():
            yield MalformedJSONLError(f"{path}:{n}: empty 'text'")
            continue
        doc = document_from_text(row.get("id") or f"{path.stem}-{n}", body,
                                 path=f"{path}:{n}", url=row.get("url") or None)
        yield replace(doc, title=row["title"]) if row.get("title") else doc


def iter_documents(paths: Iterable[str | Path],
                   config: Config | None = None) -> Iterator[Document | InputError]:
    """Yield a Document, or the InputError of a file that could not be read, per input."""
    config = config or Config()
    for p in find_inputs(paths):
        if not p.exists():
            yield InputError(f"{p}: no such file or folder")
        elif p.suffix.lower() in JSONL_SUFFIXES:
            yield from _iter_jsonl(p, config)
        elif p.suffix.lower() in CSV_SUFFIXES:
            yield from _iter_csv(p, config)
        elif p.suffix.lower() in HTML_SUFFIXES:
            try:
                yield read_html(p, config)
            except InputError as e:
                yield e
        else:
            try:
                yield read_document(p, config)
            except InputError as e:
                yield e


_ = decode_text  # re-exported for callers that hold bytes (e.g. an upload)
