"""provgraph: news articles → a source-provenance knowledge graph (W3C PROV-O).

Who said it, in what words, how, and through which hands it travelled — extracted from
English news, written as RDF, queried with SPARQL and drawn as HTML citation chains.

>>> from provgraph import Span
>>> Span(0, 4, "Putin").end
4
"""

from __future__ import annotations

__version__ = "0.1.0"

from .config import Config
from .errors import ProvgraphError
from .model import Attribution, Chain, ChainLink, Channel, Document, Entity, Extraction, Span

__all__ = [
    "Attribution",
    "Chain",
    "ChainLink",
    "Channel",
    "Config",
    "Document",
    "Entity",
    "Extraction",
    "ProvgraphError",
    "Span",
    "__version__",
    "build",
    "extract",
    "read_document",
]


def __getattr__(name: str) -> object:
    # heavy steps (spaCy, stores) load on first use, so `import provgraph` stays fast
    if name == "extract":
        from .pipeline import extract

        return extract
    if name == "build":
        from .batch import build

        return build
    if name == "read_document":
        from .ingest import read_document

        return read_document
    raise AttributeError(name)
