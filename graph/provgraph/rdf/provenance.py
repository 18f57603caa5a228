"""The provenance of a build itself, in its own named graph.

A run is a ``prov:Activity`` (start and end time, the provgraph version as a
``prov:SoftwareAgent``, the articles it used, the graphs it generated). Its IRI includes
the start time, so this graph differs per run: it is kept apart so that the article
graphs stay byte-for-byte deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from pyoxigraph import Literal, NamedNode, Quad

from ..config import Config
from . import iris
from .namespaces import PROV, RDF_TYPE, SCHEMA, XSD, node

__all__ = ["run_quads"]


def _time(moment: datetime) -> Literal:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return Literal(moment.isoformat(), datatype=node(XSD.dateTime))


def run_quads(
    config: Config,
    doc_ids: Iterable[str],
    started: datetime,
    ended: datetime,
    version: str = "0.1.0",
) -> tuple[NamedNode, list[Quad]]:
    """The provenance graph of one build.

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
    (NamedNode, list of Quad)
        The provenance graph's name and its quads.
    """
    ids = tuple(sorted(doc_ids))
    stamp = started.isoformat()
    graph = iris.run_graph_iri(config, stamp, ids)
    run = iris.run_iri(config, stamp, ids)
    software = iris.software_iri(config, version)

    def q(s: NamedNode, p: str, o: NamedNode | Literal) -> Quad:
        return Quad(s, node(p), o, graph)

    quads = [
        q(run, RDF_TYPE, node(PROV.Activity)),
        q(run, PROV.startedAtTime, _time(started)),
        q(run, PROV.endedAtTime, _time(ended)),
        q(run, PROV.wasAssociatedWith, software),
        q(software, RDF_TYPE, node(PROV.SoftwareAgent)),
        q(software, SCHEMA.name, Literal("provgraph")),
        q(software, SCHEMA.softwareVersion, Literal(version)),
    ]
    for doc_id in ids:
        article_graph = iris.article_graph_iri(config, doc_id)
        quads.append(q(run, PROV.used, iris.article_iri(config, doc_id)))
        quads.append(q(run, PROV.generated, article_graph))
        quads.append(q(article_graph, PROV.wasGeneratedBy, run))
    return graph, quads
