"""The chain graph folded to counts, the form GraphML, GEXF and the edge-list CSV write.

The drawn graph (``viz.chains_to_digraph``: articles, outlets, agencies, channels,
speakers, claim groups, derivation edges) is the one people want in Gephi, so the export
keeps its nodes and edges, with only scalar attributes, which every GraphML/GEXF reader
understands: per node ``kind``, ``label``, ``level``, ``statements``, ``articles``, for
claims ``origins`` and, on small graphs, ``x``/``y`` (the page's layout); per edge
``relation``, ``statements`` and ``articles``. Lists of statement records stay in the
HTML page.

The viewer's graph holds every statement record on every node it passes; a corpus of
840 articles is 21k records. :class:`NetworkFold` reads the chains one at a time (one
article at a time from a store, :func:`store_network`) and keeps counts only, so memory
follows the number of distinct nodes and edges, not of statements. Node identity and edge
labels are the viewer's own rules (``viz.chains``), so the file and the page agree.
The weights are counted here and not by a SPARQL ``GROUP BY``: a node is a normalised
name in a type family (``viz.chains``), which is Python, and the corpus-wide chain query
those groups would run over takes minutes where the per-article chain records take 1 s.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import networkx as nx

from ..corpus import ClaimGroup, Corpus, Rewrite, claims_from_rows
from ..model import Chain
from ..query import citation_chains, run_query
from ..query.chains import article_ids
from ..store.base import Row, Store, to_python
from ..viz.chains import chain_levels, chain_nodes, statement_record
from ..viz.layout import assign_positions

__all__ = ["LAYOUT_MAX_NODES", "Network", "NetworkFold", "Progress", "corpus_network",
           "network_of_corpus", "store_network"]

#: graphs with more nodes than this are written without ``x``/``y``: Gephi or the viewer
#: lays them out, and a column layout of thousands of nodes is of no use to either
LAYOUT_MAX_NODES = 2000

Progress = Callable[[str], None]


@dataclass(slots=True)
class Network:
    """Nodes and edges with scalar attributes, in the viewer's insertion order.

    ``nodes[id]`` has ``kind``, ``label``, ``level``, ``statements``, ``articles``, for
    claims ``origins`` and, when laid out, ``x``/``y``; ``edges[(u, v)]`` has
    ``relation``, ``statements`` and ``articles``.
    """

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    name: str = "provgraph citation chains"

    @property
    def has_layout(self) -> bool:
        return bool(self.nodes) and "x" in next(iter(self.nodes.values()))

    def to_digraph(self) -> nx.DiGraph:
        """The same graph as a ``networkx.DiGraph`` (for notebooks and tests)."""
        graph = nx.DiGraph(name=self.name)
        graph.add_nodes_from(self.nodes.items())
        graph.add_edges_from((u, v, data) for (u, v), data in self.edges.items())
        return graph


def _relation(kinds: Mapping[str, str], u: str, v: str, chain: Chain) -> str:
    """How the words moved from ``v`` to ``u`` (``viz.chains._relation``, on kinds)."""
    if kinds[u] == "article":
        return "reports"
    if kinds[v] == "channel":
        return str((statement_record(chain)["channel"] or "channel").split(" with ")[0])
    if kinds[u] == "channel":
        return "by"
    return "quoting"


def _count(attrs: dict[str, Any], article: str) -> None:
    """One more statement; one more article unless the last one counted was this one
    (chains arrive grouped by article)."""
    attrs["statements"] += 1
    if attrs["_last"] != article:
        attrs["_last"] = article
        attrs["articles"] += 1


class NetworkFold:
    """Folds chains, grouped by article, into a :class:`Network` of counts.

    Examples
    --------
    >>> from provgraph.model import Chain, ChainLink
    >>> fold = NetworkFold()
    >>> fold.add(Chain("a1", "One", "hi", "urn:1",
    ...                (ChainLink("TASS", "NewsAgency"), ChainLink("Ann", "Person"))))
    >>> net = fold.finish()
    >>> net.edges["outlet:tass", "person:ann"]
    {'relation': 'quoting', 'statements': 1, 'articles': 1}
    >>> net.nodes["outlet:tass"]["kind"], net.nodes["outlet:tass"]["level"]
    ('agency', 1)
    """

    def __init__(self, claims: Mapping[str, ClaimGroup] | None = None,
                 rewrites: Sequence[Rewrite] = ()) -> None:
        self.claims = claims or {}
        self.rewrites = rewrites
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str], dict[str, Any]] = {}
        self._depth: dict[str, int] = {}  # deepest position in any chain (cyclic graphs)
        self._claim_nodes: dict[str, dict[str, Any]] = {}
        self._claim_edges: dict[tuple[str, str], dict[str, Any]] = {}
        self.chains = 0

    def add(self, chain: Chain) -> None:
        """Count one chain (``viz.chains.chains_to_digraph``'s identity rules)."""
        self.chains += 1
        path = chain_nodes(chain)
        for depth, (node_id, attrs) in enumerate(path):
            node = self.nodes.get(node_id)
            if node is None:
                node = self.nodes[node_id] = {"kind": attrs["kind"], "label": attrs["label"],
                                              "statements": 0, "articles": 0, "_last": None}
            elif attrs["kind"] == "agency" and node["kind"] == "publisher":
                node["kind"] = "agency"  # an outlet typed NewsAgency anywhere is an agency
            if node.get("_chain") != self.chains:  # a node twice in one chain counts once
                node["_chain"] = self.chains
                _count(node, chain.article)
            self._depth[node_id] = max(self._depth.get(node_id, 0), depth)
        kinds = {node_id: self.nodes[node_id]["kind"] for node_id, _ in path}
        for (u, _), (v, _) in itertools.pairwise(path):
            edge = self.edges.get((u, v))
            if edge is None:
                edge = self.edges[u, v] = {"relation": _relation(kinds, u, v, chain),
                                           "statements": 0, "articles": 0, "_last": None}
            _count(edge, chain.article)
        self._add_claim(chain)

    def _add_claim(self, chain: Chain) -> None:
        claim = self.claims.get(chain.statement_iri)
        if claim is None or claim.statements <= 1:
            return
        node_id, article = f"claim:{claim.iri}", f"article:{chain.article}"
        node = self._claim_nodes.setdefault(node_id, {
            "kind": "claim", "label": claim.text, "statements": 0, "articles": 0,
            "_last": None, "origins": int(claim.origins)})
        _count(node, chain.article)
        edge = self._claim_edges.setdefault((node_id, article), {
            "relation": "expressed in", "statements": 0, "articles": 0, "_last": None})
        _count(edge, chain.article)

    def finish(self, layout: bool | None = None) -> Network:
        """The network: levels, claim nodes, rewrite edges and (small graphs) positions.

        ``layout`` None lays out graphs of up to :data:`LAYOUT_MAX_NODES` nodes.
        """
        levels = self._levels()
        for node_id, node in self.nodes.items():
            node["level"] = levels.get(node_id, 0)
        for (claim, article) in self._claim_edges:
            level = self.nodes[article]["level"] - 1
            node = self._claim_nodes[claim]
            node["level"] = min(node.get("level", level), level)
        nodes = {**self.nodes, **self._claim_nodes}
        edges = {**self.edges, **self._claim_edges}
        for rewrite in self.rewrites:
            u, v = f"article:{rewrite.derived}", f"article:{rewrite.source}"
            if u in self.nodes and v in self.nodes and u != v:
                edges[u, v] = {"relation": "derived from", "statements": 0, "articles": 0}
        if layout is None:
            layout = len(nodes) <= LAYOUT_MAX_NODES
        if layout:
            _lay_out(nodes, edges)
        return Network({n: _public(d, layout) for n, d in nodes.items()},
                       {e: {k: d[k] for k in ("relation", "statements", "articles")}
                        for e, d in edges.items()})

    def _levels(self) -> dict[str, int]:
        """Longest distance from an article, as the page lays it out."""
        graph = nx.DiGraph()
        graph.add_nodes_from(self.nodes)
        graph.add_edges_from(self.edges)
        return chain_levels(graph, self._depth)


_ORDER = ("kind", "label", "level", "x", "y", "statements", "articles", "origins")


def _public(data: dict[str, Any], layout: bool) -> dict[str, Any]:
    keys = _ORDER if layout else tuple(k for k in _ORDER if k not in ("x", "y"))
    return {k: data[k] for k in keys if k in data}


def _lay_out(nodes: dict[str, dict[str, Any]], edges: Iterable[tuple[str, str]]) -> None:
    """``x``/``y`` from the viewer's layout, on a graph of ids, kinds and levels only."""
    graph = nx.DiGraph()
    graph.add_nodes_from((n, {"kind": d["kind"], "level": d["level"]}) for n, d in nodes.items())
    graph.add_edges_from(edges)
    assign_positions(graph)
    for node_id, data in graph.nodes(data=True):
        nodes[node_id]["x"] = float(data["x"])
        nodes[node_id]["y"] = float(data["y"])


def corpus_network(corpus: Corpus, layout: bool | None = None) -> nx.DiGraph:
    """The chain graph with scalar attributes only, as a ``networkx.DiGraph``.

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
    return network_of_corpus(corpus, layout).to_digraph()


def network_of_corpus(corpus: Corpus, layout: bool | None = None) -> Network:
    """:class:`Network` of an in-memory :class:`~provgraph.corpus.Corpus`."""
    fold = NetworkFold(corpus.claims, corpus.rewrites)
    # stable: chains keep their order inside an article, and each article is counted once
    for chain in sorted(corpus.chains, key=lambda c: c.article):
        fold.add(chain)
    return fold.finish(layout)


def _str(row: Row, key: str) -> str | None:
    value = to_python(row.get(key))
    return None if value is None else str(value)


def store_network(store: Store, progress: Progress | None = None,
                  layout: bool | None = None) -> Network:
    """Read a store's chains one article at a time and fold them into a :class:`Network`.

    Memory holds one article's chains, the claim groups (``claims.rq``) and the counts.
    """
    claims = claims_from_rows(cast(list[Row], run_query(store, "claims")))
    rewrites = [Rewrite(_str(r, "derived") or "", _str(r, "source") or "")
                for r in cast(list[Row], run_query(store, "rewrites"))]
    fold = NetworkFold(claims, rewrites)
    articles = article_ids(store)
    last = time.monotonic()
    for i, article in enumerate(articles, 1):
        for chain in citation_chains(store, article):
            fold.add(chain)
        if progress is not None and (time.monotonic() - last > 2 or i == len(articles)):
            last = time.monotonic()
            progress(f"{i}/{len(articles)} articles, {fold.chains} chains, "
                     f"{len(fold.nodes)} nodes")
    return fold.finish(layout)
