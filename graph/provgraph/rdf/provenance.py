"""The provenance of a build itself, in its own named graph.

A run is a ``prov:Activity`` (start and end time, the provgraph version as a
``prov:SoftwareAgent``, the articles it used, the graphs it generated): three quads per
article, so ``run_graph`` makes them lazily, for a build to write in bounded parts. Its
IRI includes the start time, so this graph differs per run: it is kept apart so that the
article graphs stay byte-for-byte deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from pyoxigraph import Literal, NamedNode, Quad

from ..config import Config
from . import iris
from .namespaces import PROV, RDF_TYPE, SCHEMA, XSD, node

__all__ = ["run_graph", "run_quads"]


def _time(moment: datetime) -> Literal:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return Literal(moment.isoformat(), datatype=node(XSD.dateTime))


def run_graph(
    config: Config,
    doc_ids: Iterable[str],
    started: datetime,
    ended: datetime,
    version: str = "0.1.0",
) -> tuple[NamedNode, Iterator[Quad]]:
    """The provenance graph of one build, its quads made one at a time.

    It lists every document of the build (three quads each), so a large build writes it
    in parts rather than holding it whole (``batch.RUN_CHUNK``). The run's own quads
    (``prov:Activity``, times, software) come last: a reader sees the run as an activity
    only once every document quad before them is written.

    Parameters
    ----------
    config : Config
        Supplies ``base_iri``.
    doc_ids : iterable of str
        The documents the run read (and whose article graphs it generated).
    started, ended : datetime
        When the run started and ended (naive times are taken as UTC).
    version : str
        The provgraph version.

    Returns
    -------
    (NamedNode, iterator of Quad)
        The provenance graph's name and its quads.
    """
    ids = tuple(sorted(doc_ids))  # the graph's name depends on every id: read them first
    stamp = started.isoformat()
    graph = iris.run_graph_iri(config, stamp, ids)
    run = iris.run_iri(config, stamp, ids)
    software = iris.software_iri(config, version)

    def q(s: NamedNode, p: str, o: NamedNode | Literal) -> Quad:
        return Quad(s, node(p), o, graph)

    def quads() -> Iterator[Quad]:
        used, generated, by = node(PROV.used), node(PROV.generated), node(PROV.wasGeneratedBy)
        for doc_id in ids:
            article_graph = iris.article_graph_iri(config, doc_id)
            yield Quad(run, used, iris.article_iri(config, doc_id), graph)
            yield Quad(run, generated, article_graph, graph)
            yield Quad(article_graph, by, run, graph)
        yield q(run, RDF_TYPE, node(PROV.Activity))
        yield q(run, PROV.startedAtTime, _time(started))
        yield q(run, PROV.endedAtTime, _time(ended))
        yield q(run, PROV.wasAssociatedWith, software)
        yield q(software, RDF_TYPE, node(PROV.SoftwareAgent))
        yield q(software, SCHEMA.name, Literal("provgraph"))
        yield q(software, SCHEMA.softwareVersion, Literal(version))

    return graph, quads()


def run_quads(
    config: Config,
    doc_ids: Iterable[str],
    started: datetime,
    ended: datetime,
    version: str = "0.1.0",
) -> tuple[NamedNode, list[Quad]]:
    """The provenance graph of one build, as a list (``run_graph``'s quads, held whole).

    Returns
    -------
    (NamedNode, list of Quad)
        The provenance graph's name and its quads.
    """
    graph, quads = run_graph(config, doc_ids, started, ended, version)
    return graph, list(quads)
