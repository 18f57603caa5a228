"""The corpus figures: who is cited, which agencies each outlet relies on, how much comes
through a wire, how long chains are, and which articles are copies of one another.

All figures come from a :class:`~provgraph.corpus.Corpus` through two networkx graphs:
the *citation graph* (an edge from each hand to the next, article outlet → agency → …
→ speaker, weighted by statements) and the *rewrite graph* (articles linked by
``derivedFrom``, whose connected components are the rewrite clusters).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from ..corpus import Corpus
from ..model import Chain

__all__ = ["CorpusStats", "citation_graph", "corpus_stats", "outlet_of"]

UNKNOWN_OUTLET = "(outlet not named)"


def outlet_of(corpus: Corpus, chain: Chain) -> str:
    """The outlet that published the chain's article: its publisher, else the first hand
    when that is an outlet, else :data:`UNKNOWN_OUTLET`."""
    info = corpus.articles.get(chain.article)
    if info is not None and info.publisher:
        return info.publisher
    if chain.links and chain.links[0].type == "Publisher" and len(chain.links) > 1:
        return chain.links[0].name
    return UNKNOWN_OUTLET


def citation_graph(corpus: Corpus) -> nx.DiGraph:
    """Hands as nodes (``kind`` = the link type), an edge per hop weighted by statements.

    Examples
    --------
    >>> from provgraph.model import Chain, ChainLink
    >>> g = citation_graph(Corpus([Chain("a", None, "x", "urn:1",
    ...     (ChainLink("TASS", "NewsAgency"), ChainLink("Ann", "Person")))]))
    >>> g.edges["TASS", "Ann"]["weight"], g.nodes["Ann"]["statements"]
    (1, 1)
    """
    graph = nx.DiGraph()
    for chain in corpus.chains:
        for link in chain.links:
            if link.name not in graph:
                graph.add_node(link.name, kind=link.type, statements=0, articles=set())
        if chain.links:
            speaker = graph.nodes[chain.links[-1].name]
            speaker["statements"] += 1
            speaker["articles"].add(chain.article)
        for a, b in itertools.pairwise(chain.links):
            if a.name == b.name:
                continue
            if not graph.has_edge(a.name, b.name):
                graph.add_edge(a.name, b.name, weight=0)
            graph.edges[a.name, b.name]["weight"] += 1
    return graph


@dataclass
class CorpusStats:
    """The report's figures (plain data; charts and tables are drawn from it)."""

    articles: int
    statements: int
    #: (source, type, statements, articles), most statements first
    cited: list[tuple[str, str, int, int]] = field(default_factory=list)
    #: outlet → [(agency, statements)], most first
    agencies: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: outlet → (statements, through a wire)
    wire: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: hands between article and speaker → chains
    lengths: dict[int, int] = field(default_factory=dict)
    #: clusters of article ids, largest first (each of two articles or more)
    clusters: list[list[str]] = field(default_factory=list)
    #: (speaker, quoted by how many distinct hands) — sources reached by several routes
    routes: list[tuple[str, int]] = field(default_factory=list)


def _agencies(chain: Chain, outlet: str) -> list[str]:
    seen: list[str] = []
    for link in chain.links[:-1]:  # the last hand is the speaker
        if link.type == "NewsAgency" and link.name != outlet and link.name not in seen:
            seen.append(link.name)
    return seen


def corpus_stats(corpus: Corpus, top: int = 15) -> CorpusStats:
    """Compute every figure of the corpus report.

    Parameters
    ----------
    corpus : Corpus
    top : int
        How many sources to keep in the most-cited list.

    Returns
    -------
    CorpusStats
    """
    graph = citation_graph(corpus)
    speakers = {c.links[-1].name for c in corpus.chains if c.links}
    cited = sorted(
        ((n, graph.nodes[n]["kind"], graph.nodes[n]["statements"],
          len(graph.nodes[n]["articles"])) for n in speakers),
        key=lambda row: (-row[2], -row[3], row[0]),
    )[:top]
    by_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    wire: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for chain in corpus.chains:
        outlet = outlet_of(corpus, chain)
        agencies = _agencies(chain, outlet)
        by_outlet[outlet].update(agencies)
        wire[outlet][0] += 1
        wire[outlet][1] += bool(agencies)
    rewrites = nx.Graph()
    rewrites.add_edges_from((r.derived, r.source) for r in corpus.rewrites)
    clusters = sorted((sorted(c) for c in nx.connected_components(rewrites)),
                      key=lambda c: (-len(c), c))
    routes = sorted(((n, graph.in_degree(n)) for n in speakers if graph.in_degree(n) > 1),
                    key=lambda row: (-row[1], row[0]))
    return CorpusStats(
        articles=len({c.article for c in corpus.chains} | set(corpus.articles)),
        statements=len(corpus.chains),
        cited=cited,
        agencies={o: counts.most_common() for o, counts in sorted(by_outlet.items())},
        wire={o: (n, w) for o, (n, w) in sorted(wire.items())},
        lengths=dict(sorted(Counter(len(c.links) for c in corpus.chains).items())),
        clusters=clusters,
        routes=routes,
    )
