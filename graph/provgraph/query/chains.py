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
from ..store.base import Row, Store, Term, to_python
from .loader import run_query

__all__ = ["article_ids", "chains_from_rows", "citation_chains", "iter_chains"]


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
        graph = _article_graph(store, article)
        if graph is not None:
            return chains_from_rows(_graph_rows(graph, article))
    rows = run_query(store, "article-chains", article=article)
    return chains_from_rows(cast(list[Row], rows))


_PG = "https://w3id.org/provgraph/ns#"
_SCHEMA = "https://schema.org/"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_AGENT_TYPES = ("NewsAgency", "Publisher", "Person", "Group", "Organization")


def _article_graph(store: Store, article: str) -> dict[tuple[str, str], list[Term]] | None:
    """The quads of ``article``'s own named graph as (subject, predicate) → objects, read
    by index on an embedded Oxigraph store (None elsewhere: the SPARQL path is used).

    One article's graph holds its chains and the names and types of their agents, so the
    chains are read without touching the rest of the corpus: in the union of all graphs a
    shared agent ("AP") has its name once per article that names it.
    """
    raw = getattr(store, "store", None)
    quads_for = getattr(raw, "quads_for_pattern", None)
    if quads_for is None:
        return None
    ident = as_iri(_SCHEMA + "identifier")
    graphs = {q.graph_name for q in quads_for(None, ident, Literal(article), None)
              if isinstance(q.graph_name, NamedNode)}
    if len(graphs) != 1:
        return None  # not one article graph (an older layout): let SPARQL decide
    facts: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for q in quads_for(None, None, None, graphs.pop()):
        facts[(q.subject.value, q.predicate.value)].append(q.object)
    return facts


def _graph_rows(facts: dict[tuple[str, str], list[Term]], article: str) -> list[Row]:
    """The rows ``article-chains.rq`` gives for one article, from its graph's facts."""

    def one(s: str, p: str) -> Term | None:
        values = facts.get((s, p))
        return min(values, key=str) if values else None

    def agent_type(agent: str) -> str:
        types = {t.value for t in facts.get((agent, _TYPE), ())}
        return next((t for t in _AGENT_TYPES if _PG + t in types), "Agent")

    article_iri = next((s for (s, p), os in facts.items()
                        if p == _SCHEMA + "identifier" and Literal(article) in os), None)
    rows: list[Row] = []
    if article_iri is None:
        return rows
    title = one(article_iri, _SCHEMA + "headline")
    node = as_iri(article_iri)
    for (s0, p), objects in facts.items():
        if p != _PG + "reportedIn" or node not in objects:
            continue
        begins = [b for ev in facts.get((s0, _PG + "hasEvidence"), ())
                  for b in facts.get((ev.value, _NIF + "beginIndex"), ())]
        ends = [e for ev in facts.get((s0, _PG + "hasEvidence"), ())
                for e in facts.get((ev.value, _NIF + "endIndex"), ())]
        head: Row = {
            "article": Literal(article), "title": title, "statement": as_iri(s0),
            "text": one(s0, _SCHEMA + "text"), "kind": one(s0, _PG + "kind"),
            "cue": one(s0, _PG + "cue"),
            "begin": min(begins, key=lambda t: int(t.value)) if begins else None,
            "end": max(ends, key=lambda t: int(t.value)) if ends else None,
            "origin": one(s0, _PG + "chainRoot"),
        }
        if head["text"] is None:
            continue
        for link in facts.get((s0, _PG + "chainLink"), ()):
            hop = one(link.value, _PG + "hop")
            if hop is None:
                continue
            agents: list[tuple[str | None, Term | None]] = [
                (rel, a) for rel in ("reportedBy", "statedBy")
                for a in facts.get((link.value, _PG + rel), ())] or [(None, None)]
            channels: list[tuple[Term | None, Term | None]] = [
                (kind, one(ch.value, _PG + "channelWith"))
                for ch in facts.get((link.value, _PG + "viaChannel"), ())
                if (kind := one(ch.value, _PG + "channelKind")) is not None] or [(None, None)]
            for relation, agent in agents:
                for kind, with_ in channels:
                    rows.append({**head, "hop": hop, "agent": agent,
                                 "relation": Literal(relation) if relation else None,
                                 "agentName": one(agent.value, _SCHEMA + "name") if agent else None,
                                 "agentType": Literal(agent_type(agent.value)) if agent else None,
                                 "channelKind": kind, "channelWith": with_,
                                 "sourceText": one(link.value, _PG + "sourceText"),
                                 "anonymous": one(link.value, _PG + "anonymous")})
    rows.sort(key=lambda r: (to_python(r["begin"]) if r["begin"] is not None else -1,
                             str(r["statement"]), to_python(r["hop"]), str(r["relation"]),
                             str(r["agentName"])))
    return rows


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
