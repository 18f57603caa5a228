"""Where graphs live: ``open_store(spec)`` returns a memory, on-disk Oxigraph or remote store."""

from __future__ import annotations

from .base import FORMATS, QueryResult, Row, Store, Term, load_graph, open_store, to_python

__all__ = [
    "FORMATS",
    "QueryResult",
    "Row",
    "Store",
    "Term",
    "load_graph",
    "open_store",
    "to_python",
]
