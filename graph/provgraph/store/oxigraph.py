"""Embedded Oxigraph (pyoxigraph) backend: in memory, or in an on-disk directory.

pyoxigraph runs each SPARQL UPDATE in one transaction, so ``replace_graph`` sends
``DROP GRAPH; INSERT DATA`` as a single update: a reader sees the old graph or the new
one, never a half-written mix. Bindings are a ``VALUES`` block (see ``base.inject_values``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph
from pyoxigraph import DefaultGraph, NamedNode, Quad, QueryBoolean, QuerySolutions, Triple

from ..errors import QueryError, StoreError
from ..rdf.iris import STORE_META_GRAPH
from .base import (
    QueryResult,
    Store,
    Term,
    as_graph,
    inject_values,
    insert_data,
    rdf_format,
)
from .chainfacts import chain_record_quads

__all__ = ["OxigraphStore"]


class OxigraphStore(Store):
    """A pyoxigraph store; ``path=None`` keeps it in memory.

    Parameters
    ----------
    path : str or Path or None
        Directory of the on-disk store (created if missing), or None for memory.
    read_only : bool
        Open an on-disk store without its write lock, so that several readers (``serve``,
        ``query``, ``chains``) share one build folder; writes then fail.
    """

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.spec = f"oxigraph:{path}" if path is not None else "memory"
        self.read_only = read_only and path is not None
        try:
            self._store: pyoxigraph.Store | None = (
                pyoxigraph.Store() if path is None
                else pyoxigraph.Store.read_only(str(path)) if self.read_only
                else pyoxigraph.Store(str(path))
            )
        except OSError as e:
            raise StoreError(
                f"{self.spec}: cannot open the store directory ({e}); is another process "
                "(an oxigraph server, another provgraph) using it?"
            ) from None

    @property
    def store(self) -> pyoxigraph.Store:
        """The underlying pyoxigraph store; ``StoreError`` once closed."""
        if self._store is None:
            raise StoreError(f"{self.spec}: store is closed")
        return self._store

    def _update(self, sparql: str) -> None:
        try:
            self.store.update(sparql)
        except OSError as e:
            raise StoreError(f"{self.spec}: update failed ({e})") from None
        except RuntimeError as e:  # pyoxigraph: a read-only instance
            raise StoreError(f"{self.spec}: opened read-only ({e}); build writes to a "
                             "folder, the other commands only read it") from None

    def replace_graph(self, graph: NamedNode | str, quads: Iterable[Quad | Triple]) -> None:
        # the update text is built first: a bad quad raises before anything is touched
        graph, quads = as_graph(graph), list(quads)
        self._update(insert_data(graph, [*quads, *chain_record_quads(graph, quads)]))

    def replace_graphs(self, graphs: Mapping[NamedNode, Iterable[Quad | Triple]]) -> None:
        # new graphs (the usual case of a growing corpus): one atomic extend, no SPARQL text
        graphs = {as_graph(g): list(q) for g, q in graphs.items()}
        # each article graph goes in with its derived chain records (store/chainfacts.py)
        graphs = {g: [*q, *chain_record_quads(g, q)] for g, q in graphs.items()}
        if not any(self.store.contains_named_graph(g) for g in graphs):
            for graph, quads in graphs.items():
                for q in quads:
                    if not isinstance(q, Quad) or q.graph_name != graph:
                        raise StoreError(f"replace_graphs {graph}: quad {q} belongs "
                                         f"to another graph")
            try:
                self.store.extend([q for quads in graphs.values() for q in quads])
            except OSError as e:
                raise StoreError(f"{self.spec}: write failed ({e})") from None
            return
        self._update(" ;\n".join(insert_data(as_graph(g), q) for g, q in graphs.items()))

    def has_graph(self, graph: NamedNode | str) -> bool:
        return bool(self.store.contains_named_graph(as_graph(graph)))

    def add_quads(self, quads: Iterable[Quad]) -> None:
        try:
            self.store.extend(list(quads))
        except OSError as e:
            raise StoreError(f"{self.spec}: write failed ({e})") from None

    def remove_graph(self, graph: NamedNode | str) -> None:
        self._update(f"DROP SILENT GRAPH {as_graph(graph)}")

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        # a VALUES block, as for remote endpoints: pyoxigraph's ``substitutions`` only
        # accepts variables of the SELECT projection, and one mechanism means one semantics
        try:
            text = inject_values(sparql, bindings or {})
            result = self.store.query(text, use_default_graph_as_union=True)
            if isinstance(result, QueryBoolean):
                return bool(result)
            if isinstance(result, QuerySolutions):
                names = [v.value for v in result.variables]
                return [{n: row[n] for n in names} for row in result]
            return list(result)
        except SyntaxError as e:
            raise QueryError(f"invalid SPARQL: {e}") from None
        except OSError as e:
            raise StoreError(f"{self.spec}: query failed ({e})") from None

    def quads(self) -> Iterator[Quad]:
        # without the store's bookkeeping graph, as ``graphs`` (it is no data)
        return (q for q in self.store if q.graph_name != STORE_META_GRAPH)

    def graph_quads(self, graph: NamedNode | DefaultGraph) -> Iterator[Quad]:
        return iter(self.store.quads_for_pattern(None, None, None, graph))

    def graphs(self) -> list[NamedNode]:
        # the store's bookkeeping graph (which derived facts it holds) is no data graph
        return sorted(
            (g for g in self.store.named_graphs()
             if isinstance(g, NamedNode) and g != STORE_META_GRAPH),
            key=lambda g: g.value,
        )

    def load(self, path: str | Path, format: str | None = None) -> None:
        _, fmt, _ = rdf_format(path, format)
        try:
            self.store.load(path=str(path), format=fmt)
        except SyntaxError as e:
            raise StoreError(f"{path}: not valid {fmt.name} ({e})") from None
        except (OSError, ValueError) as e:
            raise StoreError(f"{path}: cannot load ({e})") from None

    def flush(self) -> None:
        """Write what RocksDB holds in memory to disk: its write buffers (one per index)
        otherwise fill up to their size limits, and a long build's memory with them."""
        if self._store is not None and not self.read_only:
            try:
                self._store.flush()
            except OSError as e:
                raise StoreError(f"{self.spec}: write failed ({e})") from None

    def reopen(self) -> None:
        """Close the on-disk store and open it again. An open store keeps what RocksDB read
        of each file it touched (its index and filter blocks), about 1 KB per article over
        a long build; a fresh instance starts without it (BENCHMARKS.md, "Whole builds").
        A no-op for a store in memory or opened read-only."""
        if self._store is None or self.read_only or self.spec == "memory":
            return
        self._store.flush()
        self._store = None
        gc.collect()  # the old instance holds the directory's lock until it is freed
        try:
            self._store = pyoxigraph.Store(self.spec.removeprefix("oxigraph:"))
        except OSError as e:
            raise StoreError(f"{self.spec}: cannot open the store again ({e})") from None

    def close(self) -> None:
        if self._store is not None:
            if not self.read_only:
                self._store.flush()
            self._store = None
