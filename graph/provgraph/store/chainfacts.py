"""One article's citation chains assembled from the quads of its own named graph, and
the compact record of them stored on the article, so that listing chains reads one quad
per article.

Why a record: on an on-disk Oxigraph store every quad read from Python costs 10-50 µs
(each IRI or long literal is one more RocksDB look-up), and one chain is spread over ~50
quads (statement hops, evidence spans, agents with their names and types): listing every
chain ran at ~1,400 chains/s, and one record per statement (two look-ups a chain) still
below 5,000/s. ``pg:chainRecords`` on the article node holds, as one JSON literal in the
article's graph, every chain of the article in listing order: the statement and origin
IRIs, the words, the hands with their types, channel, cue, kind and evidence offsets.

It is derived, like ``pg:chainRoot``: written in the same transaction as the article's
graph (``OxigraphStore``), so it cannot disagree with it; added to stores built before
it by :func:`add_chain_records`; left out of exports (``store/dump.py``) and derived
again when a file is loaded. A graph without one is read quad by quad as before
(:func:`graph_chains`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Triple

from ..model import Chain, ChainLink, Channel, Span
from ..rdf.iris import as_iri
from .base import Store, Term, to_python

__all__ = ["CHAIN_RECORD", "DERIVED", "HAND", "GraphFacts", "add_chain_records",
           "chain_record_quads",
           "graph_chains", "record_chains", "statement_chain_from"]

_PG = "https://w3id.org/provgraph/ns#"
#: the predicate of the derived chain records (one JSON literal on each article node)
CHAIN_RECORD = _PG + "chainRecords"
#: the derived hands of one hop: "relation<TAB>agent IRI<TAB>type<TAB>name" (chain.rq)
HAND = _PG + "hand"
#: every derived predicate this module writes (left out of exports)
DERIVED = frozenset({CHAIN_RECORD, HAND})
_SCHEMA = "https://schema.org/"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_AGENT_TYPES = ("NewsAgency", "Publisher", "Person", "Group", "Organization")


class GraphFacts:
    """The quads of one named graph as subject → predicate → objects.

    Filled in one scan of the graph (``load_all``: one article's chains), or lazily one
    subject at a time (one statement's chain): either way only that graph is read. One
    article's graph holds its chains and the names and types of their agents, so nothing
    of the rest of the corpus is touched: in the union of all graphs a shared agent ("AP")
    has its name once per article that names it.
    """

    def __init__(self, quads_for: Any, graph: NamedNode | DefaultGraph) -> None:
        self._quads_for, self._graph = quads_for, graph
        self._by_subject: dict[str, dict[str, list[Term]]] = {}
        self._complete = False

    @classmethod
    def from_quads(cls, quads: Iterable[Quad | Triple]) -> GraphFacts:
        """The facts of quads already in memory (a graph about to be written)."""
        return cls(lambda *_: iter(()), DefaultGraph())._fill(quads)

    def load_all(self) -> GraphFacts:
        """Read the whole graph in one scan (one article's chains)."""
        return self._fill(self._quads_for(None, None, None, self._graph))

    def _fill(self, quads: Iterable[Quad | Triple]) -> GraphFacts:
        by_subject: dict[str, dict[str, list[Term]]] = {}
        for q in quads:
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


def _agent_type(facts: GraphFacts, agent: str) -> str:
    types = {t.value for t in facts.get(agent, _TYPE)}
    return next((t for t in _AGENT_TYPES if _PG + t in types), "Agent")


def _hop_links(facts: GraphFacts, link: str) -> tuple[list[ChainLink], Channel | None]:
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


def statement_chain_from(facts: GraphFacts, s0: str, article: str, title: str | None) -> Chain | None:
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


def graph_chains(facts: GraphFacts, article: str) -> list[Chain]:
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
              and (chain := statement_chain_from(facts, s0, article,
                                             None if title is None else title.value))]
    chains.sort(key=lambda c: (c.evidence.start if c.evidence else -1, c.statement_iri))
    return chains


def _record(title: str | None, chains: list[Chain]) -> str:
    return json.dumps({"title": title, "chains": [{
        "s": c.statement_iri, "o": c.origin_iri, "t": c.statement,
        "l": [[x.name, x.type] for x in c.links],
        "c": [c.channel.kind, c.channel.with_] if c.channel else None,
        "q": c.cue, "k": c.kind,
        "b": c.evidence.start if c.evidence else None,
        "e": c.evidence.end if c.evidence else None,
    } for c in chains]}, ensure_ascii=False, separators=(",", ":"))


def chain_record_quads(graph: NamedNode, quads: list[Quad] | list[Quad | Triple]
                       ) -> list[Quad]:
    """The derived quads of an article graph about to be written: its ``pg:chainRecords``
    and its hops' ``pg:hand`` (none for a graph that holds no article; only those missing
    for a graph that has some already)."""
    present = {q.predicate.value for q in quads} & DERIVED
    if not quads or present == DERIVED:
        return []
    facts = GraphFacts.from_quads(quads)
    node = next((s for s, preds in facts.items() if preds.get(_SCHEMA + "identifier")
                 and any(t.value == _PG + "Article" for t in preds.get(_TYPE, ()))), None)
    if node is None:
        return []
    out = [] if HAND in present else _hand_quads(facts, graph)
    if CHAIN_RECORD not in present:
        article = facts.get(node, _SCHEMA + "identifier")[0].value
        chains = graph_chains(facts, article)
        title = chains[0].article_title if chains else None
        out.append(Quad(as_iri(node), as_iri(CHAIN_RECORD), Literal(_record(title, chains)),
                        graph))
    return out


def _hand_quads(facts: GraphFacts, graph: NamedNode) -> list[Quad]:
    """One ``pg:hand`` literal per (hop, agent): the relation, the agent, its type and its
    name as this article's graph states them. chain.rq reads a hop's agents from these,
    on the hop itself: a shared agent's own name and types are in every graph naming it,
    and read in the union of graphs they cost one row per such article."""
    hand = as_iri(HAND)
    out = []
    for link, preds in facts.items():
        if _PG + "hop" not in preds:
            continue
        for relation in ("reportedBy", "statedBy"):
            for agent in preds.get(_PG + relation, ()):
                name = facts.one(agent.value, _SCHEMA + "name")
                text = "\t".join((relation, agent.value, _agent_type(facts, agent.value),
                                  "" if name is None else name.value))
                out.append(Quad(as_iri(link), hand, Literal(text), graph))
    return out


def record_chains(quads_for: Any, graph: NamedNode, article: str, article_node: NamedNode
                  ) -> list[Chain] | None:
    """``article``'s chains from the record in its graph (one quad), in
    :func:`graph_chains` order; None when the graph has none (an older store)."""
    records = list(quads_for(article_node, as_iri(CHAIN_RECORD), None, graph))
    if not records:
        return None
    record = json.loads(records[0].object.value)
    title = record["title"]
    return [Chain(article=article, article_title=title, statement=r["t"], statement_iri=r["s"],
                  links=tuple(ChainLink(n, t) for n, t in r["l"]),
                  channel=Channel(*r["c"]) if r["c"] else None, cue=r["q"], kind=r["k"],
                  evidence=Span(r["b"], r["e"], r["t"]) if r["b"] is not None else None,
                  origin_iri=r["o"])
            for r in record["chains"]]


def add_chain_records(store: Store) -> int:
    """Add the chain record to every article graph of a writable embedded store that
    lacks one (a store built before records existed); returns the records added."""
    raw = getattr(store, "store", None)
    if raw is None or getattr(store, "read_only", False):
        return 0
    added = 0
    for graph in store.graphs():
        quads = list(raw.quads_for_pattern(None, None, None, graph))
        records = chain_record_quads(graph, quads)
        if records:
            store.add_quads(records)
            added += len(records)
    return added
