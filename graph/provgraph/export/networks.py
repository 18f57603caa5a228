"""The chain graph as files network tools open: GraphML, GEXF (Gephi, Cytoscape), CSV.

The drawn graph (``viz.chains_to_digraph``: articles, outlets, agencies, channels,
speakers, claim groups, derivation edges) is the one people want in Gephi, so the export
starts from it and keeps only scalar attributes, which every GraphML/GEXF reader
understands: per node ``kind``, ``label``, ``level``, ``x``/``y`` (the page's layout),
``statements``, ``articles`` and, for claims, ``origins``; per edge ``relation``,
``statements`` and ``articles``. Lists of statement records stay in the HTML page.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import networkx as nx

from ..atomic import write_atomic
from ..corpus import Corpus
from ..viz.chains import chains_to_digraph

__all__ = ["EDGE_COLUMNS", "corpus_network", "write_edge_csv", "write_gexf", "write_graphml"]

#: columns of the edge-list CSV, in order
EDGE_COLUMNS = (
    "source",
    "target",
    "source_label",
    "source_kind",
    "target_label",
    "target_kind",
    "relation",
    "statements",
    "articles",
)


def _counts(records: list[dict[str, Any]]) -> dict[str, int]:
    return {"statements": len(records), "articles": len({r["article"] for r in records})}


def corpus_network(corpus: Corpus) -> nx.DiGraph:
    """The chain graph with scalar attributes only, ready for GraphML, GEXF or CSV.

    Parameters
    ----------
    corpus : Corpus
        Chains, claim groups and rewrites (``provgraph.corpus.load_corpus``).

    Returns
    -------
    networkx.DiGraph

    Examples
    --------
    >>> from provgraph.model import Chain, ChainLink
    >>> g = corpus_network(Corpus([Chain("a1", "One", "hi", "urn:1",
    ...                                  (ChainLink("TASS", "NewsAgency"),
    ...                                   ChainLink("Ann", "Person")))]))
    >>> sorted(g.edges(data="relation"))
    [('article:a1', 'outlet:tass', 'reports'), ('outlet:tass', 'person:ann', 'quoting')]
    >>> g.nodes["outlet:tass"]["kind"], g.nodes["outlet:tass"]["statements"]
    ('agency', 1)
    """
    drawn = chains_to_digraph(corpus.chains, corpus.claims, corpus.rewrites)
    flat = nx.DiGraph(name="provgraph citation chains")
    for node, data in drawn.nodes(data=True):
        attrs: dict[str, Any] = {
            "kind": data["kind"],
            "label": data["label"],
            "level": int(data["level"]),
            "x": float(data["x"]),
            "y": float(data["y"]),
            **_counts(data["statements"]),
        }
        if data["kind"] == "claim":
            attrs["origins"] = int(data["origins"])
        flat.add_node(node, **attrs)
    for u, v, data in drawn.edges(data=True):
        flat.add_edge(u, v, relation=data["relation"], **_counts(data["statements"]))
    return flat


def write_graphml(corpus: Corpus, path: str | Path) -> Path:
    """Write :func:`corpus_network` as GraphML (typed ``key`` declarations)."""
    graph = corpus_network(corpus)
    return write_atomic(path, lambda p: nx.write_graphml(graph, p, encoding="utf-8"))


def write_gexf(corpus: Corpus, path: str | Path) -> Path:
    """Write :func:`corpus_network` as GEXF 1.2, with the page's positions as ``viz``."""
    graph = corpus_network(corpus)
    for _, data in graph.nodes(data=True):
        # Gephi opens the file with the same left-to-right picture as the HTML page
        data["viz"] = {"position": {"x": data["x"], "y": -data["y"], "z": 0.0}}
    return write_atomic(path, lambda p: nx.write_gexf(graph, p, encoding="utf-8"))


def write_edge_csv(corpus: Corpus, path: str | Path) -> Path:
    """Write one CSV row per edge (columns :data:`EDGE_COLUMNS`), UTF-8 with a header."""
    graph = corpus_network(corpus)

    def write(p: Path) -> None:
        with p.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(EDGE_COLUMNS)
            for u, v, data in graph.edges(data=True):
                writer.writerow([
                    u, v,
                    graph.nodes[u]["label"], graph.nodes[u]["kind"],
                    graph.nodes[v]["label"], graph.nodes[v]["kind"],
                    data["relation"], data["statements"], data["articles"],
                ])

    return write_atomic(path, write)
