"""The Store interface every backend implements, and ``open_store`` to pick one.

Backends (registered by scheme, loaded lazily as rdflib's plugin registry does):

    "memory"            in-process pyoxigraph store (the default)
    "oxigraph:PATH"     on-disk pyoxigraph (RocksDB) directory
    "http(s)://..."     a remote SPARQL 1.1 endpoint (Oxigraph server, Fuseki, ...)
    DIR                 a build folder: its on-disk store (DIR/store, or the store named
                        in DIR/store.json), opened read-only in place; a folder of an
                        older build holding only graph.trig is loaded into memory
    a .trig/.nq/.ttl/.nt/.jsonld file
                        an in-memory store loaded from it

Queries always see the union of all graphs as their default graph. Export is shared:
``dump`` serialises ``quads()`` in any supported format (triple formats get the union).
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from importlib.resources import files
from pathlib import Path
from types import TracebackType
from typing import Self

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple

from ..errors import QueryError, StoreError
from ..rdf.iris import as_iri

__all__ = [
    "FOLDER_POINTER",
    "FOLDER_STORE",
    "FORMATS",
    "QueryResult",
    "Row",
    "Store",
    "Term",
    "add_derived",
    "as_graph",
    "folder_store_spec",
    "inject_values",
    "insert_data",
    "load_graph",
    "open_store",
    "rdf_format",
    "to_python",
]

Term = NamedNode | BlankNode | Literal
Row = dict[str, Term | None]
QueryResult = list[Row] | bool | list[Triple]

#: format name → (pyoxigraph format, keeps named graphs)
FORMATS: dict[str, tuple[RdfFormat, bool]] = {
    "trig": (RdfFormat.TRIG, True),
    "nquads": (RdfFormat.N_QUADS, True),
    "nq": (RdfFormat.N_QUADS, True),
    "turtle": (RdfFormat.TURTLE, False),
    "ttl": (RdfFormat.TURTLE, False),
    "ntriples": (RdfFormat.N_TRIPLES, False),
    "nt": (RdfFormat.N_TRIPLES, False),
    "jsonld": (RdfFormat.JSON_LD, True),
    "json-ld": (RdfFormat.JSON_LD, True),
}


def rdf_format(path: str | Path, format: str | None = None) -> tuple[str, RdfFormat, bool]:
    """The (name, pyoxigraph format, keeps graphs) of ``format`` or of ``path``'s extension."""
    name = (format or Path(path).suffix.lstrip(".")).casefold()
    if name not in FORMATS:
        raise StoreError(
            f"{path}: unknown RDF format {name!r}; use one of {', '.join(sorted(FORMATS))}"
        )
    return name, *FORMATS[name]


def as_graph(graph: NamedNode | str) -> NamedNode:
    """A graph name given as a term or as an IRI string."""
    return graph if isinstance(graph, NamedNode) else as_iri(graph)


def to_python(term: Term | None) -> object:
    """A plain Python value for a result term: IRIs as str, typed literals as int/float/bool."""
    if term is None:
        return None
    if not isinstance(term, Literal):
        return term.value
    datatype = term.datatype.value.rsplit("#", 1)[-1]
    try:
        if datatype in {"integer", "nonNegativeInteger", "int", "long", "positiveInteger"}:
            return int(term.value)
        if datatype in {"decimal", "double", "float"}:
            return float(term.value)
        if datatype == "boolean":
            return term.value in {"true", "1"}
    except ValueError:
        pass
    return term.value


def insert_data(graph: NamedNode, quads: Iterable[Quad | Triple]) -> str:
    """SPARQL UPDATE text replacing ``graph`` with ``quads`` in one request.

    Terms are serialised by pyoxigraph (N-Triples escaping), never pasted as raw strings.
    Raises ``StoreError`` (before anything is written) if a quad names another graph.
    """
    lines = []
    for q in quads:
        if isinstance(q, Quad) and q.graph_name not in (graph, DefaultGraph()):
            raise StoreError(f"replace_graph {graph}: quad {q} belongs to graph {q.graph_name}")
        lines.append(f"{q.subject} {q.predicate} {q.object} .")
    body = "\n".join(lines)
    return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"


# skipped while looking for the WHERE group: comments, strings, IRIs
_SKIP = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>'
)
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)


def _top_level_group(sparql: str) -> int:
    """Index just after the ``{`` opening the query's WHERE group."""
    masked = _SKIP.sub(lambda m: " " * len(m.group(0)), sparql)
    where = _WHERE.search(masked)
    start = where.end() if where else 0
    brace = masked.find("{", start)
    if brace < 0:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    return brace + 1


def inject_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """``sparql`` with a ``VALUES`` block binding ``bindings`` opening its WHERE group.

    >>> from pyoxigraph import Literal
    >>> inject_values('SELECT ?x WHERE { ?x ?p ?s }', {"s": Literal('a"b')})
    'SELECT ?x WHERE { VALUES (?s) { ("a\\\\"b") }\\n ?x ?p ?s }'
    """
    if not bindings:
        return sparql
    names = " ".join(f"?{k.lstrip('?')}" for k in bindings)
    values = " ".join(str(v) for v in bindings.values())  # N-Triples serialisation of terms
    at = _top_level_group(sparql)
    return f"{sparql[:at]} VALUES ({names}) {{ ({values}) }}\n{sparql[at:]}"


class Store(ABC):
    """A quad store holding provgraph graphs; use as a context manager to close it."""

    spec: str = "?"

    @abstractmethod
    def replace_graph(self, graph: NamedNode | str, quads: Iterable[Quad | Triple]) -> None:
        """Replace named graph ``graph`` by ``quads`` in one transaction (never half-written)."""

    def replace_graphs(self, graphs: Mapping[NamedNode, Iterable[Quad | Triple]]) -> None:
        """Replace several named graphs; backends that can do it in one transaction do."""
        for graph, quads in graphs.items():
            self.replace_graph(graph, quads)

    def has_graph(self, graph: NamedNode | str) -> bool:
        """Whether named graph ``graph`` holds anything."""
        return as_graph(graph) in self.graphs()

    @abstractmethod
    def add_quads(self, quads: Iterable[Quad]) -> None:
        """Add quads (to the graphs they name) in one transaction."""

    @abstractmethod
    def remove_graph(self, graph: NamedNode | str) -> None:
        """Drop named graph ``graph`` if it exists."""

    @abstractmethod
    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run SPARQL over the union of all graphs, with ``bindings`` substituted.

        Returns SELECT rows (every projected variable, ``None`` when unbound), an ASK
        ``bool``, or CONSTRUCT/DESCRIBE triples.
        """

    @abstractmethod
    def quads(self) -> Iterator[Quad]:
        """Every quad in the store."""

    @abstractmethod
    def graphs(self) -> list[NamedNode]:
        """The named graphs, sorted by IRI."""

    @abstractmethod
    def load(self, path: str | Path, format: str | None = None) -> None:
        """Add the content of an RDF file (TriG, N-Quads, Turtle, N-Triples, JSON-LD)."""

    def close(self) -> None:
        """Release the store (locks, connections)."""

    def flush(self) -> None:
        """Write what the backend buffers in memory to disk (a long build calls it after
        every part it writes); nothing to do for a backend that buffers nothing."""

    def reopen(self) -> None:
        """Close and open the store again, dropping what an open instance gathers over a
        long build; nothing to do for a backend that gathers nothing."""

    def graph_quads(self, graph: NamedNode | DefaultGraph) -> Iterator[Quad]:
        """The quads of one graph; backends with an index on graphs read only that one."""
        return (q for q in self.quads() if q.graph_name == graph)

    def dump(self, path: str | Path, format: str | None = None) -> None:
        """Write the store to ``path`` (format from ``format`` or the extension), one named
        graph at a time: memory holds one graph, not the store (see ``store/dump.py``).

        TriG, N-Quads and JSON-LD keep the named graphs; Turtle and N-Triples get the union.
        """
        from .dump import write_rdf

        name, fmt, keeps_graphs = rdf_format(path, format)
        try:
            write_rdf(Path(path), name, fmt, keeps_graphs, self.graphs(), self.graph_quads,
                      jsonld_context)
        except OSError as e:
            raise StoreError(f"{path}: cannot write ({e})") from None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def jsonld_context() -> dict[str, object]:
    """The JSON-LD context shipped as ``ontology/context.jsonld``."""
    text = (files("provgraph") / "ontology" / "context.jsonld").read_text(encoding="utf-8")
    context: dict[str, object] = json.loads(text)["@context"]
    return context


_BACKENDS = {
    "memory": ("provgraph.store.memory", "MemoryStore"),
    "oxigraph": ("provgraph.store.oxigraph", "OxigraphStore"),
    "remote": ("provgraph.store.remote", "RemoteStore"),
}


def _backend(name: str) -> type[Store]:
    import importlib

    module, cls = _BACKENDS[name]
    backend: type[Store] = getattr(importlib.import_module(module), cls)
    return backend


def open_store(spec: str | Path = "memory") -> Store:
    """Open the store named by ``spec`` (see the module docstring for the forms).

    Examples
    --------
    >>> with open_store("memory") as store:
    ...     store.graphs()
    []
    """
    text = str(spec)
    if text == "memory":
        return _backend("memory")()
    if text.startswith("oxigraph:"):
        return _backend("oxigraph")(text.removeprefix("oxigraph:"))
    if text.startswith(("http://", "https://")):
        return _backend("remote")(text)
    return load_graph(text)


#: the on-disk store inside a build folder, and the file naming any other store it uses
FOLDER_STORE = "store"
FOLDER_POINTER = "store.json"


def folder_store_spec(folder: str | Path) -> str | None:
    """The store spec a build folder names (``oxigraph:DIR/store`` or its store.json), or
    None when it has neither (a new folder, or one of an older build with graph.trig)."""
    p = Path(folder)
    pointer = p / FOLDER_POINTER
    if pointer.is_file():
        try:
            spec = json.loads(pointer.read_text("utf-8"))["store"]
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise StoreError(f"{pointer}: unreadable ({e}); rebuild the folder") from None
        return str(spec)
    if (p / FOLDER_STORE / "CURRENT").is_file():
        return f"oxigraph:{p / FOLDER_STORE}"
    return None


#: the derived shortcuts (pg:chainRoot, pg:chainLink, pg:nameKey) for graphs written
#: before they existed; new builds write them with the rest of each article's graph
_DERIVE = """
PREFIX pg: <https://w3id.org/provgraph/ns#>
PREFIX schema: <https://schema.org/>
INSERT { GRAPH ?g { ?s pg:chainRoot ?root . } }
WHERE { GRAPH ?g { ?s pg:reportedIn ?a ; pg:quotes* ?root . FILTER NOT EXISTS { ?root pg:quotes ?x } } } ;
INSERT { GRAPH ?g { ?s pg:chainLink ?link . } }
WHERE { GRAPH ?g { ?s pg:reportedIn ?a ; pg:quotes* ?link . } } ;
INSERT { GRAPH ?g { ?agent pg:nameKey ?key . } }
WHERE { GRAPH ?g { ?agent schema:name|schema:alternateName ?n . FILTER NOT EXISTS { ?agent schema:identifier ?id } }
        BIND(LCASE(STR(?n)) AS ?key) }
"""


def add_derived(store: Store) -> None:
    """Add the derived shortcuts the named queries rely on to a graph that lacks them."""
    if store.query("ASK { ?s <https://w3id.org/provgraph/ns#chainRoot> ?r }"):
        return
    if not store.query("ASK { ?s <https://w3id.org/provgraph/ns#reportedIn> ?a }"):
        return
    update = getattr(store, "_update", None)
    if update is not None:
        update(_DERIVE)


def load_graph(path: str | Path, read_only: bool = True) -> Store:
    """A build folder's store, or an in-memory store loaded from an RDF file.

    A build folder opens its on-disk store in place (read-only unless ``read_only`` is
    False); a folder of an older build holding only graph.trig, or an RDF file, is loaded
    into memory. A bare on-disk Oxigraph directory is opened in place too.
    """
    p = Path(path)
    if p.is_dir():
        spec = folder_store_spec(p)
        if spec is not None:
            if spec.startswith("oxigraph:"):
                return _backend("oxigraph")(spec.removeprefix("oxigraph:"), read_only=read_only)
            return open_store(spec)
        if (p / "graph.trig").is_file():
            p = p / "graph.trig"
        elif (p / "CURRENT").is_file():
            return _backend("oxigraph")(str(p), read_only=read_only)
        else:
            raise StoreError(f"{path}: no store and no graph.trig in this directory; "
                             "run provgraph build")
    elif not p.is_file():
        raise StoreError(
            f"{path}: no such file or directory (store spec must be 'memory', "
            "'oxigraph:PATH', an http(s) SPARQL endpoint, a build dir or an RDF file)"
        )
    store = _backend("memory")()
    store.load(p)
    add_derived(store)
    from .chainfacts import add_chain_records  # it builds on this module

    add_chain_records(store)
    return store
