"""Citation chains as typed records: what the CLI's ``chains`` command and the viewer use.

One :class:`~provgraph.model.Chain` per statement printed in an article (hop 0), built
from the rows of ``article-chains.rq`` (one row per hop), so the SPARQL stays in the
``.rq`` file and every backend gives the same chains.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import cast

from pyoxigraph import Literal, NamedNode

from ..model import Chain, ChainLink, Channel, Span
from ..rdf.iris import as_iri
from ..store.base import Row, Store, to_python
from ..store.chainfacts import GraphFacts, graph_chains, record_chains, statement_chain_from
from .loader import run_query

__all__ = ["article_ids", "chains_from_rows", "citation_chains", "iter_chains",
           "statement_chain"]


def _text(row: Row, key: str) -> str | None:
    value = to_python(row.get(key))
    return None if value is None else str(value)


def _hop_link(row: Row) -> ChainLink | None:
    name = _text(row, "agentName")
    if name is not None:
        return ChainLink(name, _text(row, "agentType") or "Agent")
    source = _text(row, "sourceText")
    if source is not None and _text(row, "relation") is None:
        # an unresolved speaker: keep the source as written so the chain does not just stop
        return ChainLink(source, "Group" if to_python(row.get("anonymous")) else "Unknown")
    return None


def _chain(rows: list[Row]) -> Chain:
    first = rows[0]
    by_hop: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_hop[cast(int, to_python(row["hop"]))].append(row)
    links: list[ChainLink] = []
    channel: Channel | None = None
    for hop in sorted(by_hop):
        for row in by_hop[hop]:
            link = _hop_link(row)
            if link is not None and link not in links[-1:]:
                links.append(link)
            kind = _text(row, "channelKind")
            if kind is not None and channel is None:
                channel = Channel(kind, _text(row, "channelWith"))
    begin, end = to_python(first.get("begin")), to_python(first.get("end"))
    text = _text(first, "text") or ""
    evidence = Span(begin, end, text) if isinstance(begin, int) and isinstance(end, int) else None
    return Chain(
        article=_text(first, "article") or "",
        article_title=_text(first, "title"),
        statement=text,
        statement_iri=_text(first, "statement") or "",
        links=tuple(links),
        channel=channel,
        cue=_text(first, "cue"),
        kind=_text(first, "kind"),
        evidence=evidence,
        origin_iri=_text(first, "origin"),
    )


def chains_from_rows(rows: list[Row]) -> list[Chain]:
    """Group ``article-chains`` rows by statement into chains, sorted by article and start."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[_text(row, "statement") or ""].append(row)
    chains = [_chain(group) for group in grouped.values()]
    chains.sort(key=lambda c: (c.article, c.evidence.start if c.evidence else -1, c.statement_iri))
    return chains


def citation_chains(store: Store, article: str | None = None) -> list[Chain]:
    """The citation chains of one article (by document id) or of every article.

    Parameters
    ----------
    store : Store
        A store holding provgraph graphs.
    article : str, optional
        A document id (``schema:identifier``); all articles when None.

    Returns
    -------
    list of Chain
        One per hop-0 statement; ``links`` run from the publisher (when known) through each
        reporter to the speaker. Sorted by article, then evidence start.
    """
    if article is not None:
        found = _article_graph_chains(store, article)
        if found is not None:
            return found
    elif hasattr(getattr(store, "store", None), "quads_for_pattern"):
        # on the embedded store, article by article from their own graphs (chain records):
        # the corpus-wide query reads each shared agent's name once per article naming it
        # (244k name rows for 3k names at 1,000 articles)
        return [c for a in article_ids(store) for c in citation_chains(store, a)]
    rows = run_query(store, "article-chains", article=article)
    return chains_from_rows(cast(list[Row], rows))


def statement_chain(store: Store, statement: str) -> Chain | None:
    """The chain of one hop-0 statement (by IRI), or None when it is not one.

    On an embedded Oxigraph store this reads its article's chain record (three quads by
    index), or without one only the statement's own quads, those of its hops and of
    their agents, inside its article's graph: a handful of index look-ups whatever the
    size of the corpus. Elsewhere the article's chains are read.
    """
    raw = getattr(store, "store", None)
    quads_for = getattr(raw, "quads_for_pattern", None)
    node = as_iri(statement)
    if quads_for is None:
        rows = cast(list[Row], store.query(_ARTICLE_OF, {"statement": node}))
        article = _text(rows[0], "article") if rows else None
        found = citation_chains(store, article) if article else []
        return next((c for c in found if c.statement_iri == statement), None)
    found = [q for q in quads_for(node, as_iri(_PG + "reportedIn"), None, None)
             if isinstance(q.graph_name, NamedNode) and isinstance(q.object, NamedNode)]
    if len({q.graph_name for q in found}) != 1:
        return None
    graph, article_node = found[0].graph_name, found[0].object
    assert isinstance(graph, NamedNode) and isinstance(article_node, NamedNode)
    ids = list(quads_for(article_node, as_iri(_SCHEMA + "identifier"), None, graph))
    if not ids:
        return None
    article = ids[0].object.value
    recorded = record_chains(quads_for, graph, article, article_node)
    if recorded is not None:
        return next((c for c in recorded if c.statement_iri == statement), None)
    facts = GraphFacts(quads_for, graph)
    title = facts.one(article_node.value, _SCHEMA + "headline")
    return statement_chain_from(facts, statement, article, None if title is None else title.value)


_PG = "https://w3id.org/provgraph/ns#"
_SCHEMA = "https://schema.org/"
_ARTICLE_OF = """
PREFIX pg: <https://w3id.org/provgraph/ns#>
PREFIX schema: <https://schema.org/>
SELECT ?article WHERE { ?statement pg:reportedIn ?node . ?node schema:identifier ?article }
"""
def _article_graph_chains(store: Store, article: str) -> list[Chain] | None:
    """``article``'s chains read from its own named graph by index on an embedded Oxigraph
    store: its chain records when it has them, else one scan of the graph. None elsewhere,
    or for an older layout: the SPARQL path is used."""
    raw = getattr(store, "store", None)
    quads_for = getattr(raw, "quads_for_pattern", None)
    if quads_for is None:
        return None
    found = [q for q in quads_for(None, as_iri(_SCHEMA + "identifier"), Literal(article), None)
             if isinstance(q.graph_name, NamedNode)]
    if len({q.graph_name for q in found}) != 1:
        return None  # not one article graph (an older layout): let SPARQL decide
    graph, node = found[0].graph_name, found[0].subject
    assert isinstance(graph, NamedNode) and isinstance(node, NamedNode)
    chains = record_chains(quads_for, graph, article, node)
    if chains is None:
        chains = graph_chains(GraphFacts(quads_for, graph).load_all(), article)
    return chains


_ARTICLE_IDS = """
PREFIX pg: <https://w3id.org/provgraph/ns#>
PREFIX schema: <https://schema.org/>
SELECT ?article WHERE { ?node a pg:Article ; schema:identifier ?article } ORDER BY ?article
"""


def article_ids(store: Store) -> list[str]:
    """The document ids of every article in ``store``, sorted."""
    rows = cast(list[Row], store.query(_ARTICLE_IDS))
    return [str(to_python(r["article"])) for r in rows]


def iter_chains(store: Store) -> Iterator[Chain]:
    """Every citation chain, streamed one article at a time (in ``citation_chains``
    order): memory holds one article's chains, and each article costs one indexed query."""
    for article in article_ids(store):
        yield from citation_chains(store, article)
