"""Extractions → RDF: deterministic IRIs, one named graph per article, PROV-O aligned.

``to_graph`` (an alias of :func:`to_dataset`) is the entry point; ``extraction_quads``
gives one article's quads for ``Store.replace_graph``.
"""

from __future__ import annotations

from .mapping import Expresses, Rewrite, extraction_quads, relation_quads, to_dataset
from .namespaces import NIF, PG, PREFIXES, SCHEMA
from .provenance import run_graph, run_quads
from .validate import ValidationResult, validate

__all__ = [
    "NIF",
    "PG",
    "PREFIXES",
    "SCHEMA",
    "Expresses",
    "Rewrite",
    "ValidationResult",
    "extraction_quads",
    "relation_quads",
    "run_graph",
    "run_quads",
    "to_dataset",
    "to_graph",
    "validate",
]

to_graph = to_dataset
