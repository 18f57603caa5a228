"""Citation chains as one directed graph, so that shared hands become shared nodes.

A ``Chain`` is one statement of one article and the hands it went through. Read alone,
each chain is a line; the interesting picture is where lines *converge*: two articles
that both go back to the same agency, or the same speaker reached by two routes. This
module folds the chains into one ``networkx.DiGraph`` whose node ids are deterministic,
so the same agent is one node wherever it appears, and computes a left-to-right level for
each node (where the reader is on the left, where the words came from on the right).

Layout of one chain, left to right::

    article ─▶ publisher ─▶ reporter ... ─▶ channel ─▶ speaker

The article's publisher (``links[0]`` when it is known) stays a node of its own, right
after the article, rather than being merged into the article node: an outlet is an agent
like any agency, so all the articles of one outlet converge on it, and a chain whose
publisher is unknown needs no special case (its first link is simply the first reporter).

Identity rules:

- an agent is keyed by its *type family* and normalised name: Publisher and NewsAgency are
  one family (outlets), so "TASS" the publisher and "TASS" the agency are one node;
- an anonymous source (type ``Group``: "officials", "a source") is scoped to its article,
  because "a source" in two articles is not known to be the same person;
- a channel ("interview with TASS") is keyed by (speaker node, channel kind, with);
- an article is keyed by its id.

``viz`` takes query rows and never talks to the store.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from ..corpus import ClaimGroup, Rewrite
from ..model import Chain, ChainLink
from .layout import assign_positions

__all__ = ["NODE_KINDS", "chain_levels", "chain_nodes", "chains_to_digraph", "statement_record"]

#: Every node kind the graph uses, in left-to-right reading order (the legend order).
NODE_KINDS: tuple[str, ...] = (
    "article",
    "publisher",
    "agency",
    "channel",
    "person",
    "organization",
    "group",
    "claim",
)

# ChainLink.type -> node kind; anything else (Place, GPE, ...) is drawn as an organization
_KIND_OF_TYPE = {
    "Publisher": "publisher",
    "NewsAgency": "agency",
    "Person": "person",
    "Organization": "organization",
    "Group": "group",
}
# node kind -> identity family: an outlet is the same outlet whether typed agency or not
_FAMILY_OF_KIND = {"publisher": "outlet", "agency": "outlet"}


def _normalise(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def _link_kind(link: ChainLink) -> str:
    return _KIND_OF_TYPE.get(link.type, "organization")


def _agent_id(link: ChainLink, article: str) -> str:
    kind = _link_kind(link)
    family = _FAMILY_OF_KIND.get(kind, kind)
    if kind == "group":
        # anonymous sources are only known to be the same within one article
        return f"group:{article}:{_normalise(link.name)}"
    return f"{family}:{_normalise(link.name)}"


def _channel_label(chain: Chain) -> str:
    assert chain.channel is not None
    if chain.channel.with_:
        return f"{chain.channel.kind} with {chain.channel.with_}"
    return chain.channel.kind


def statement_record(chain: Chain) -> dict[str, Any]:
    """The facts about one statement that nodes, edges, tooltips and the table show.

    Parameters
    ----------
    chain : Chain
        One attributed statement.

    Returns
    -------
    dict
        ``text``, ``cue``, ``kind``, ``channel`` (a label or None), ``article``,
        ``article_title``, ``start``/``end`` (evidence offsets, or None),
        ``statement_iri`` and ``origin_iri``.

    Examples
    --------
    >>> from provgraph.model import Chain, ChainLink, Span
    >>> c = Chain("a1", None, "hello", "urn:s", (ChainLink("Ann", "Person"),),
    ...           cue="said", kind="direct", evidence=Span(10, 15, "hello"))
    >>> r = statement_record(c)
    >>> (r["text"], r["cue"], r["start"], r["end"], r["channel"])
    ('hello', 'said', 10, 15, None)
    """
    return {
        "text": chain.statement,
        "cue": chain.cue,
        "kind": chain.kind,
        "channel": _channel_label(chain) if chain.channel else None,
        "article": chain.article,
        "article_title": chain.article_title,
        "start": chain.evidence.start if chain.evidence else None,
        "end": chain.evidence.end if chain.evidence else None,
        "statement_iri": chain.statement_iri,
        "origin_iri": chain.origin_iri,
    }


def _relation(graph: nx.DiGraph, u: str, v: str, record: dict[str, Any]) -> str:
    """The edge label: how the words moved from ``v`` to ``u``."""
    if graph.nodes[u]["kind"] == "article":
        return "reports"
    if graph.nodes[v]["kind"] == "channel":
        return str((record["channel"] or "channel").split(" with ")[0])
    if graph.nodes[u]["kind"] == "channel":
        return "by"
    return "quoting"


def chain_nodes(chain: Chain) -> list[tuple[str, dict[str, Any]]]:
    """The (node id, attributes) of one chain, article first, speaker last."""
    article_label = chain.article_title or chain.article
    path: list[tuple[str, dict[str, Any]]] = [
        (f"article:{chain.article}", {"kind": "article", "label": article_label})
    ]
    for link in chain.links[:-1]:
        path.append(
            (_agent_id(link, chain.article), {"kind": _link_kind(link), "label": link.name})
        )
    if chain.links:
        speaker = chain.links[-1]
        speaker_id = _agent_id(speaker, chain.article)
        if chain.channel is not None:
            with_ = _normalise(chain.channel.with_ or "")
            channel_id = f"channel:{speaker_id}|{_normalise(chain.channel.kind)}|{with_}"
            path.append((channel_id, {"kind": "channel", "label": _channel_label(chain)}))
        path.append((speaker_id, {"kind": _link_kind(speaker), "label": speaker.name}))
    # a publisher that is also the first reporter would make a self-loop: keep one hop
    deduped = [path[0]]
    for node in path[1:]:
        if node[0] != deduped[-1][0]:
            deduped.append(node)
    return deduped


def _add_node(
    graph: nx.DiGraph, node_id: str, attrs: dict[str, Any], record: dict[str, Any]
) -> None:
    if node_id not in graph:
        graph.add_node(node_id, kind=attrs["kind"], label=attrs["label"], statements=[])
    node = graph.nodes[node_id]
    if attrs["kind"] == "agency" and node["kind"] == "publisher":
        node["kind"] = "agency"  # an outlet typed NewsAgency anywhere is drawn as an agency
    # one record per chain: a chain visits its nodes in turn, so a repeat is always the last
    if not node["statements"] or node["statements"][-1] is not record:
        node["statements"].append(record)


def _assign_levels(graph: nx.DiGraph, paths: Sequence[Sequence[str]]) -> None:
    """Level = longest distance from an article, so every edge points rightwards
    (:func:`chain_levels`); if the chains contradict each other, the deepest position
    seen in any of them."""
    deepest: dict[str, int] = {}
    for path in paths:
        for depth, node in enumerate(path):
            deepest[node] = max(deepest.get(node, 0), depth)
    level = chain_levels(graph, deepest)
    for node in graph:
        graph.nodes[node]["level"] = level.get(node, 0)


def chain_levels(graph: nx.DiGraph, deepest: Mapping[str, int]) -> dict[str, int]:
    """Each node's column: its longest distance from an article, so every edge points
    rightwards.

    Articles are the roots (level 0 when they have a publisher, otherwise the column just
    before their first hop). Longest-path layering keeps one level per shared node even
    when the node sits at different depths in different chains (an agency reached with or
    without a publisher). If the chains contradict each other (A quotes B here, B quotes A
    there), the graph has a cycle; levels then fall back to ``deepest``, the deepest
    position seen in any chain. The page and the network exports both lay out this way.
    """
    level: dict[str, int] = {}
    if nx.is_directed_acyclic_graph(graph):
        for node in nx.topological_sort(graph):
            preds = list(graph.predecessors(node))
            level[node] = 1 + max(level[p] for p in preds) if preds else 0
    else:
        level = dict(deepest)
    # an article whose first hop sits deep (no publisher, straight to a shared agency) moves
    # right to just before that hop, so its edge is one column long and does not run
    # under the other articles' publishers
    for node in graph:
        successors = list(graph.successors(node))
        if graph.in_degree(node) == 0 and successors:
            level[node] = min(level.get(s, 0) for s in successors) - 1
    return level


def _add_claims(graph: nx.DiGraph, claims: Mapping[str, ClaimGroup]) -> None:
    """One node per claim expressed by two statements or more, left of its articles."""
    members: dict[str, list[dict[str, Any]]] = {}
    for record in graph.graph["chains"]:
        claim = claims.get(record["statement_iri"])
        if claim is not None and claim.statements > 1:
            members.setdefault(claim.iri, []).append(record)
    for iri, records in members.items():
        claim = claims[records[0]["statement_iri"]]
        node_id = f"claim:{iri}"
        origins = f"{claim.origins} origin{'s' * (claim.origins != 1)}"
        graph.add_node(node_id, kind="claim", label=claim.text, statements=records,
                       origins=claim.origins, origins_label=origins)
        for record in records:
            article = f"article:{record['article']}"
            if not graph.has_edge(node_id, article):
                graph.add_edge(node_id, article, statements=[], relation="expressed in")
            graph.edges[node_id, article]["statements"].append(record)
        graph.nodes[node_id]["level"] = min(
            graph.nodes[a]["level"] for a in graph.successors(node_id)) - 1


def _add_rewrites(graph: nx.DiGraph, rewrites: Sequence[Rewrite]) -> None:
    for rewrite in rewrites:
        u, v = f"article:{rewrite.derived}", f"article:{rewrite.source}"
        if u in graph and v in graph and u != v:
            graph.add_edge(u, v, statements=[], relation="derived from")


def chains_to_digraph(
    chains: Iterable[Chain],
    claims: Mapping[str, ClaimGroup] | None = None,
    rewrites: Sequence[Rewrite] = (),
) -> nx.DiGraph:
    """Fold citation chains into one left-to-right directed graph.

    Parameters
    ----------
    chains : iterable of Chain
        Query rows, one per attributed statement per article.
    claims : mapping, optional
        Statement IRI → :class:`~provgraph.corpus.ClaimGroup`. A claim expressed by two
        statements or more becomes a ``claim`` node, one column left of its articles,
        with ``origins`` (independent origins) and "expressed in" edges to them.
    rewrites : sequence of Rewrite
        Each becomes a "derived from" edge between two article nodes.

    Returns
    -------
    networkx.DiGraph
        Nodes carry ``kind`` (one of ``NODE_KINDS``), ``label``, ``level`` (0 for
        articles, increasing along every chain edge), ``x``/``y`` (a precomputed
        left-to-right layout) and ``statements`` (records from :func:`statement_record`
        of every statement through the node). Edges carry ``relation`` ("reports",
        "quoting", a channel kind, "by", "expressed in", "derived from") and
        ``statements`` in input order. ``graph.graph["paths"]`` holds each chain's node
        ids in input order and ``graph.graph["chains"]`` the records themselves.

    Examples
    --------
    >>> from provgraph.model import Chain, ChainLink
    >>> tass = ChainLink("TASS", "NewsAgency")
    >>> ann = ChainLink("Ann Lee", "Person")
    >>> g = chains_to_digraph([
    ...     Chain("a1", "One", "x", "urn:1", (ChainLink("Daily", "Publisher"), tass, ann)),
    ...     Chain("a2", "Two", "y", "urn:2", (tass, ann)),
    ... ])
    >>> g.graph["paths"][1]
    ['article:a2', 'outlet:tass', 'person:ann lee']
    >>> [g.nodes[n]["level"] for n in g.graph["paths"][0]]
    [0, 1, 2, 3]
    >>> len(g.nodes["outlet:tass"]["statements"])
    2
    """
    graph = nx.DiGraph()
    paths: list[list[str]] = []
    records: list[dict[str, Any]] = []
    for chain in chains:
        record = statement_record(chain)
        claim = (claims or {}).get(chain.statement_iri)
        record["claim"] = claim.text if claim else None
        record["origins"] = claim.origins if claim else 1
        nodes = chain_nodes(chain)
        for node_id, attrs in nodes:
            _add_node(graph, node_id, attrs, record)
        for (u, _), (v, _) in itertools.pairwise(nodes):
            if not graph.has_edge(u, v):
                graph.add_edge(u, v, statements=[], relation=_relation(graph, u, v, record))
            graph.edges[u, v]["statements"].append(record)
        paths.append([node_id for node_id, _ in nodes])
        records.append(record)
    _assign_levels(graph, paths)
    graph.graph["paths"] = paths
    graph.graph["chains"] = records
    _add_claims(graph, claims or {})
    _add_rewrites(graph, rewrites)
    assign_positions(graph)
    return graph
