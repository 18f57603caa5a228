"""Write a store to an RDF file one named graph at a time, never the whole graph in memory.

A build folder of a large corpus holds millions of quads; reading them all into a list
(and sorting it) to write one file took 3.6× the file's size in memory. Here each named
graph is read by index, sorted on its own (so the file is the same for the same graphs,
and a diff of two exports is readable), and handed to the serialiser as a stream:

- TriG and N-Quads: the graphs in IRI order, each graph's quads sorted.
- Turtle and N-Triples (no graphs: the union): the same stream without graph names. The
  only triples repeated across graphs are the facts of shared nodes (a person or outlet
  has its name and types in every article naming it), so only triples whose subject is
  not minted per article are remembered to drop repeats; a repeat that slipped through
  would be harmless anyway (a triple stated twice is one triple).
- JSON-LD: each named graph compacted with ``ontology/context.jsonld`` by rdflib on its
  own, then written as one ``{"@id": graph, "@graph": [...]}`` item of the top ``@graph``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Triple
from pyoxigraph import serialize as ox_serialize

from ..rdf.namespaces import PREFIXES
from .chainfacts import DERIVED

__all__ = ["GraphReader", "write_rdf"]

#: yields the quads of one graph (a NamedNode, or DefaultGraph())
GraphReader = Callable[[NamedNode | DefaultGraph], Iterable[Quad]]

# IRIs minted once per article (rdf/iris.py): their facts live in that article's graph only
_ARTICLE_LOCAL = ("/statement/", "/evidence/", "/context/", "/article/", "/run/")


def _graphs_in_order(graphs: list[NamedNode], read: GraphReader) -> Iterator[list[Quad]]:
    """The default graph, then each named graph, each as its sorted quads (without the
    chain records and hands: shortcuts for the store's own reads, derived again when a
    file is loaded)."""
    for graph in [DefaultGraph(), *graphs]:
        quads = sorted((q for q in read(graph) if q.predicate.value not in DERIVED), key=str)
        if quads:
            yield quads


def _quad_stream(graphs: list[NamedNode], read: GraphReader) -> Iterator[Quad]:
    for quads in _graphs_in_order(graphs, read):
        yield from quads


def _triple_stream(graphs: list[NamedNode], read: GraphReader) -> Iterator[Triple]:
    shared: set[Triple] = set()
    for quads in _graphs_in_order(graphs, read):
        for q in quads:
            triple = q.triple
            if not any(part in q.subject.value for part in _ARTICLE_LOCAL):
                if triple in shared:
                    continue
                shared.add(triple)
            yield triple


def _write_jsonld(graphs: list[NamedNode], read: GraphReader, handle: IO[bytes],
                  context: dict[str, object]) -> None:
    # rdflib compacts with our context (pg:, schema:, ...); pyoxigraph writes full IRIs only
    from rdflib import Dataset

    handle.write(b'{"@context": ' + json.dumps(context).encode() + b',\n "@graph": [')
    first = True
    for quads in _graphs_in_order(graphs, read):
        dataset = Dataset()
        nquads = ox_serialize([Quad(q.subject, q.predicate, q.object) for q in quads],
                              format=RdfFormat.N_QUADS) or b""
        dataset.parse(data=nquads.decode("utf-8"), format="nquads")
        compact = json.loads(dataset.serialize(format="json-ld", context=context))
        nodes = compact.get("@graph", [{k: v for k, v in compact.items() if k != "@context"}])
        name = quads[0].graph_name
        items = nodes if isinstance(name, DefaultGraph) else [{"@id": name.value,
                                                               "@graph": nodes}]
        for item in items:
            handle.write(b"" if first else b",")
            handle.write(b"\n  " + json.dumps(item, ensure_ascii=False).encode("utf-8"))
            first = False
    handle.write(b"\n]}\n")


def write_rdf(path: Path, name: str, fmt: RdfFormat, keeps_graphs: bool,
              graphs: list[NamedNode], read: GraphReader,
              context: Callable[[], dict[str, object]]) -> None:
    """Write ``graphs`` (read one at a time by ``read``) to ``path`` in ``fmt``.

    ``name`` is the format's name (``jsonld`` goes through rdflib, per graph); triple
    formats (``keeps_graphs`` False) get the union of the graphs.
    """
    with path.open("wb") as handle:
        if name in {"jsonld", "json-ld"}:
            _write_jsonld(graphs, read, handle, context())
            return
        stream: Iterable[Quad | Triple] = (
            _quad_stream(graphs, read) if keeps_graphs else _triple_stream(graphs, read))
        ox_serialize(stream, handle, fmt, prefixes=PREFIXES)
