"""Citation chains as typed records: what the CLI's ``chains`` command and the viewer use.

One :class:`~provgraph.model.Chain` per statement printed in an article (hop 0), built
from the rows of ``article-chains.rq`` (one row per hop), so the SPARQL stays in the
``.rq`` file and every backend gives the same chains.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any, cast

from pyoxigraph import Literal, NamedNode

from ..model import Chain, ChainLink, Channel, Span
from ..rdf.iris import as_iri
from ..store.base import Row, Store, Term, to_python
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
        facts = _article_facts(store, article)
        if facts is not None:
            return _graph_chains(facts, article)
    rows = run_query(store, "article-chains", article=article)
    return chains_from_rows(cast(list[Row], rows))


def statement_chain(store: Store, statement: str) -> Chain | None:
    """The chain of one hop-0 statement (by IRI), or None when it is not one.

    On an embedded Oxigraph store this reads only the statement's own quads, those of
    its hops and of their agents, inside its article's graph: a handful of index
    look-ups whatever the size of the corpus. Elsewhere the article's chains are read.
    """
    raw = getattr(store, "store", None)
    quads_for = getattr(raw, "quads_for_pattern", None)
    node = as_iri(statement)
    if quads_for is None:
        rows = cast(list[Row], store.query(_ARTICLE_OF, {"statement": node}))
        article = _text(rows[0], "article") if rows else None
        found = citation_chains(store, article) if article else []
        return next((c for c in found if c.statement_iri == statement), None)
    graphs = {q.graph_name for q in quads_for(node, as_iri(_PG + "reportedIn"), None, None)
              if isinstance(q.graph_name, NamedNode)}
    if len(graphs) != 1:
        return None
    facts = _Facts(quads_for, graphs.pop())
    articles = facts.get(statement, _PG + "reportedIn")
    ids = facts.get(articles[0].value, _SCHEMA + "identifier") if articles else []
    if not ids:
        return None
    title = facts.one(articles[0].value, _SCHEMA + "headline")
    return _statement_chain(facts, statement, ids[0].value,
                            None if title is None else title.value)


_ARTICLE_OF = """
PREFIX pg: <https://w3id.org/provgraph/ns#>
PREFIX schema: <https://schema.org/>
SELECT ?article WHERE { ?statement pg:reportedIn ?node . ?node schema:identifier ?article }
"""
_PG = "https://w3id.org/provgraph/ns#"
_SCHEMA = "https://schema.org/"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_AGENT_TYPES = ("NewsAgency", "Publisher", "Person", "Group", "Organization")


class _Facts:
    """The quads of one named graph as subject → predicate → objects.

    Filled in one scan of the graph (``load_all``: one article's chains), or lazily one
    subject at a time (one statement's chain): either way only that graph is read. One
    article's graph holds its chains and the names and types of their agents, so nothing
    of the rest of the corpus is touched: in the union of all graphs a shared agent ("AP")
    has its name once per article that names it.
    """

    def __init__(self, quads_for: Any, graph: NamedNode) -> None:
        self._quads_for, self._graph = quads_for, graph
        self._by_subject: dict[str, dict[str, list[Term]]] = {}
        self._complete = False

    def load_all(self) -> _Facts:
        by_subject: dict[str, dict[str, list[Term]]] = {}
        for q in self._quads_for(None, None, None, self._graph):
            preds = by_subject.get(q.subject.value)
            if preds is None:
                preds = by_subject[q.subject.value] = {}
            objects = preds.get(q.predicate.value)
            if objects is None:
                preds[q.predicate.value] = [q.object]
            else:
                objects.append(q.object)
        self._by_subject, self._complete = by_subject, True
        return self

    def subject(self, s: str) -> dict[str, list[Term]]:
        preds = self._by_subject.get(s)
        if preds is None:
            preds = {}
            if not self._complete:
                for q in self._quads_for(as_iri(s), None, None, self._graph):
                    preds.setdefault(q.predicate.value, []).append(q.object)
                self._by_subject[s] = preds
        return preds

    def get(self, s: str, p: str) -> list[Term]:
        return self.subject(s).get(p, [])

    def one(self, s: str, p: str) -> Term | None:
        # the smallest by N-Triples text, as MIN() in article-chains.rq would pick
        values = self.get(s, p)
        return values[0] if len(values) == 1 else min(values, key=str) if values else None

    def items(self) -> Iterator[tuple[str, dict[str, list[Term]]]]:
        return iter(self._by_subject.items())


def _article_facts(store: Store, article: str) -> _Facts | None:
    """``article``'s own named graph, read in one scan by index on an embedded Oxigraph
    store (None elsewhere, or for an older layout: the SPARQL path is used)."""
    raw = getattr(store, "store", None)
    quads_for = getattr(raw, "quads_for_pattern", None)
    if quads_for is None:
        return None
    ident = as_iri(_SCHEMA + "identifier")
    graphs = {q.graph_name for q in quads_for(None, ident, Literal(article), None)
              if isinstance(q.graph_name, NamedNode)}
    if len(graphs) != 1:
        return None  # not one article graph (an older layout): let SPARQL decide
    return _Facts(quads_for, graphs.pop()).load_all()


def _agent_type(facts: _Facts, agent: str) -> str:
    types = {t.value for t in facts.get(agent, _TYPE)}
    return next((t for t in _AGENT_TYPES if _PG + t in types), "Agent")


def _hop_links(facts: _Facts, link: str) -> tuple[list[ChainLink], Channel | None]:
    """The hands one hop adds, and its channel, in the order ``chains_from_rows`` takes
    them from the rows of ``article-chains.rq`` (by relation, then agent name)."""
    preds = facts.subject(link)
    agents = [(rel, a) for rel in ("reportedBy", "statedBy") for a in preds.get(_PG + rel, ())]
    # the row order of article-chains: relation, then the agent's name as N-Triples text
    named = [(f'"{rel}"', str(name) if (name := facts.one(a.value, _SCHEMA + "name"))
              is not None else "None", name, a) for rel, a in agents]
    named.sort(key=lambda x: (x[0], x[1]))
    links = [ChainLink(name.value, _agent_type(facts, a.value))
             for _, _, name, a in named if name is not None]
    if not agents:
        source = facts.one(link, _PG + "sourceText")
        if source is not None:
            # an unresolved speaker: keep the source as written so the chain does not stop
            anonymous = facts.one(link, _PG + "anonymous")
            links = [ChainLink(source.value, "Group" if to_python(anonymous) else "Unknown")]
    channel = None
    for ch in preds.get(_PG + "viaChannel", ()):
        kind = facts.one(ch.value, _PG + "channelKind")
        if kind is not None:
            with_ = facts.one(ch.value, _PG + "channelWith")
            channel = Channel(kind.value, None if with_ is None else with_.value)
            break
    return links, channel


def _statement_chain(facts: _Facts, s0: str, article: str, title: str | None) -> Chain | None:
    """One hop-0 statement's chain from its graph's facts (what ``_chain`` makes of the
    statement's ``article-chains`` rows), or None when it has no text."""
    preds = facts.subject(s0)
    text = facts.one(s0, _SCHEMA + "text")
    if text is None:
        return None
    hops: dict[int, list[str]] = defaultdict(list)
    for link in preds.get(_PG + "chainLink", ()):
        hop = facts.one(link.value, _PG + "hop")
        if hop is not None:
            hops[int(hop.value)].append(link.value)
    links: list[ChainLink] = []
    channel: Channel | None = None
    for hop in sorted(hops):
        for link in sorted(hops[hop]):
            added, hop_channel = _hop_links(facts, link)
            for one in added:
                if one not in links[-1:]:
                    links.append(one)
            channel = channel or hop_channel
    evidence = [facts.subject(ev.value) for ev in preds.get(_PG + "hasEvidence", ())]
    begins = [int(b.value) for ev in evidence for b in ev.get(_NIF + "beginIndex", ())]
    ends = [int(e.value) for ev in evidence for e in ev.get(_NIF + "endIndex", ())]
    kind, cue, root = (facts.one(s0, _PG + p) for p in ("kind", "cue", "chainRoot"))
    return Chain(
        article=article, article_title=title, statement=text.value, statement_iri=s0,
        links=tuple(links), channel=channel, cue=None if cue is None else cue.value,
        kind=None if kind is None else kind.value,
        evidence=Span(min(begins), max(ends), text.value) if begins and ends else None,
        origin_iri=None if root is None else root.value,
    )


def _graph_chains(facts: _Facts, article: str) -> list[Chain]:
    """Every chain of ``article`` from its graph's facts, in ``chains_from_rows`` order."""
    key = Literal(article)
    node = next((s for s, preds in facts.items()
                 if key in preds.get(_SCHEMA + "identifier", ())), None)
    if node is None:
        return []
    title = facts.one(node, _SCHEMA + "headline")
    article_node = as_iri(node)
    chains = [chain for s0, preds in facts.items()
              if article_node in preds.get(_PG + "reportedIn", ())
              and (chain := _statement_chain(facts, s0, article,
                                             None if title is None else title.value))]
    chains.sort(key=lambda c: (c.evidence.start if c.evidence else -1, c.statement_iri))
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
