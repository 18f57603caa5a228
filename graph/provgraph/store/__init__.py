"""Where graphs live: ``open_store(spec)`` returns a memory, on-disk Oxigraph or remote store."""

from __future__ import annotations

from .base import (
    FOLDER_STORE,
    FORMATS,
    QueryResult,
    Row,
    Store,
    Term,
    folder_store_spec,
    load_graph,
    open_store,
    to_python,
)

__all__ = [
    "FOLDER_STORE",
    "FORMATS",
    "QueryResult",
    "Row",
    "Store",
    "Term",
    "folder_store_spec",
    "load_graph",
    "open_store",
    "to_python",
]
