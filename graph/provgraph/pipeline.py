"""extract: one Document → its Extraction (attributions with speakers, entities).

The one place that runs the steps in order: nlp → attribution → entities → provenance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from .attribution import find_candidates
from .config import Config
from .entities import resolve
from .model import Document, Extraction
from .nlp import annotate, annotate_many
from .provenance import settle

__all__ = ["extract", "extract_from_doc", "extract_many"]


def extract_from_doc(document: Document, doc: Doc, config: Config | None = None) -> Extraction:
    """The Extraction of a document whose spaCy parse is already at hand."""
    candidates = find_candidates(document, doc, config)
    attributions, entities = resolve(document, doc, candidates)
    document, attributions, entities = settle(document, doc, attributions, entities)
    return Extraction(document, tuple(attributions), tuple(entities))


def extract(document: Document, config: Config | None = None) -> Extraction:
    """Attributions and entities of one document."""
    return extract_from_doc(document, annotate(document, config), config)


def extract_many(documents: Iterable[Document], config: Config | None = None,
                 n_process: int = 1) -> Iterator[Extraction]:
    """Extractions of many documents, parsed in batches."""
    for document, doc in annotate_many(documents, config, n_process=n_process, zones=True):
        yield extract_from_doc(document, doc, config)
