"""The default backend: an in-process pyoxigraph store, nothing on disk.

Fast and dependency-free; a build writes it out as graph.trig, and ``load_graph`` reads
that back, so the CLI's ``query``/``chains``/``serve`` commands work on a build's output.
"""

from __future__ import annotations

from .oxigraph import OxigraphStore

__all__ = ["MemoryStore"]


class MemoryStore(OxigraphStore):
    """An in-memory pyoxigraph store (``open_store("memory")``)."""

    def __init__(self) -> None:
        super().__init__(None)
