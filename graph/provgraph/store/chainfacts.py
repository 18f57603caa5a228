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
from ..rdf.iris import STORE_META_GRAPH, as_iri
from .base import Store, Term, to_python

__all__ = [
    "CHAIN_RECORD",
    "DERIVED",
    "FACTS_VERSION",
    "GRAPH_DERIVED",
    "HAND",
    "NAME_KEY",
    "OUTLET_KEY",
    "OUTLET_ROW",
    "SPEAKER_KEY",
    "SPEAKER_ROW",
    "GraphFacts",
    "add_chain_records",
    "agent_row_quads",
    "agent_rows",
    "chain_record_quads",
    "ensure_derived",
    "facts_outdated",
    "graph_chains",
    "record_chains",
    "split_row",
    "statement_chain_from",
]

_PG = "https://w3id.org/provgraph/ns#"
#: the predicate of the derived chain records (one JSON literal on each article node)
CHAIN_RECORD = _PG + "chainRecords"
#: the derived hands of one hop: "relation<TAB>agent IRI<TAB>type<TAB>name" (chain.rq)
HAND = _PG + "hand"
#: the derived rows of statements-by-speaker.rq / statements-by-outlet.rq, on each agent
#: node in each article graph (see :func:`agent_row_quads`)
SPEAKER_ROW = _PG + "speakerRow"
OUTLET_ROW = _PG + "outletRow"
#: the name keys of the agents with such rows (only those): a query starts from them, so
#: that a name in thousands of articles where it has no row costs nothing
SPEAKER_KEY = _PG + "speakerKey"
OUTLET_KEY = _PG + "outletKey"
#: the lower-case name keys of agents (rdf/mapping.py), which the rows are found by
NAME_KEY = _PG + "nameKey"
#: the derived predicates written into each article graph
GRAPH_DERIVED = frozenset({CHAIN_RECORD, HAND, SPEAKER_ROW, OUTLET_ROW, SPEAKER_KEY,
                           OUTLET_KEY})
#: which version of the derived facts a store holds (``STORE_META_GRAPH``): a folder built
#: by an older provgraph lacks the newer ones, and :func:`ensure_derived` adds them
FACTS_VERSION_MARK = _PG + "derivedFactsVersion"
#: 1: chain records and hands; 2: the speaker and outlet rows
FACTS_VERSION = 2
#: every derived predicate this module writes (left out of exports)
DERIVED = GRAPH_DERIVED | {FACTS_VERSION_MARK}
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
    present = {q.predicate.value for q in quads} & GRAPH_DERIVED
    if not quads or present == GRAPH_DERIVED:
        return []
    facts = GraphFacts.from_quads(quads)
    node = next((s for s, preds in facts.items() if preds.get(_SCHEMA + "identifier")
                 and any(t.value == _PG + "Article" for t in preds.get(_TYPE, ()))), None)
    if node is None:
        return []
    out = [] if HAND in present else _hand_quads(facts, graph)
    if not present & {SPEAKER_KEY, OUTLET_KEY}:  # (rows already there are added again: a no-op)
        out.extend(agent_row_quads(facts, graph))
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


#: separators of a row's fields, and the mark of an absent value (see agent_row_quads)
_FIELD, _TEXT, _ABSENT = "\x1f", "\x1e", "\x1d"


class _Unwritable(Exception):
    """A value holds a separator: the graph keeps no rows and is read by the join."""


def _field(value: Term | None, last: bool = False) -> str:
    if value is None:
        return _ABSENT
    text = value.value
    if text == _ABSENT or not last and any(c in text for c in (_FIELD, _TEXT, _ABSENT)):
        raise _Unwritable
    return text


def agent_row_quads(facts: GraphFacts, graph: NamedNode) -> list[Quad]:
    """The rows of ``statements-by-speaker.rq`` and ``statements-by-outlet.rq`` this
    article graph gives, one literal per row on the agent node (each agent with a
    ``pg:nameKey``), so that a page reads one index entry per row.

    As a join of the graph's quads (name key → roots stated by the agent → their hop-0
    statements → text, kind, article), a row cost ~6 look-ups on the on-disk store, and
    the article's identifier behind two OPTIONALs was evaluated against the whole graph.
    Here is the same join, done once when the graph is written, with the same OPTIONAL
    semantics (an absent value is an unbound column; several values, several rows):

    - ``pg:speakerRow``: statement IRI, root IRI, kind, article id, speaker name, text;
    - ``pg:outletRow``: statement IRI, article id, outlet name, text;
    - ``pg:speakerKey`` / ``pg:outletKey``: the agent's name keys, when it has such rows.

    The text comes last, after U+001E; the other fields are separated by U+001F; an
    absent value is U+001D. A graph where some value holds one of these (or a text is
    U+001D) gets no rows at all, and the queries join its quads as before.
    """
    subjects_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s, preds in facts.items():
        for p in ("statedBy", "chainRoot", "reportedBy", "chainLink"):
            for o in preds.get(_PG + p, ()):
                subjects_of[(p, o.value)].append(s)
    identifiers = [i for _, preds in facts.items() for i in preds.get(_SCHEMA + "identifier", ())]

    def values(s: str, p: str) -> list[Term | None]:
        return list(facts.get(s, p)) or [None]

    def row(*fields: Term | str | None) -> str:
        *head, text = fields
        return _FIELD.join(f if isinstance(f, str) else _field(f) for f in head) + \
            _TEXT + _field(text, last=True)

    speaker, outlet = as_iri(SPEAKER_ROW), as_iri(OUTLET_ROW)
    keyed = {SPEAKER_ROW: as_iri(SPEAKER_KEY), OUTLET_ROW: as_iri(OUTLET_KEY)}
    out: list[Quad] = []
    try:
        for agent, preds in facts.items():
            if _PG + "nameKey" not in preds:
                continue
            names = values(agent, _SCHEMA + "name")
            rows: set[str] = set()
            for root in subjects_of.get(("statedBy", agent), ()):
                for s0 in subjects_of.get(("chainRoot", root), ()):
                    # OPTIONAL { ?statement pg:reportedIn ?node } OPTIONAL { ?node
                    # schema:identifier ?article }: without a node, any identifier of the graph
                    nodes = facts.get(s0, _PG + "reportedIn")
                    articles = ([a for n in nodes for a in values(n.value, _SCHEMA + "identifier")]
                                if nodes else identifiers or [None])
                    rows.update(row(s0, root, kind, article, name, text)
                                for kind in values(s0, _PG + "kind") for article in articles
                                for name in names for text in values(s0, _SCHEMA + "text"))
            node = as_iri(agent)
            out.extend(Quad(node, speaker, Literal(r), graph) for r in sorted(rows))
            if rows:
                out.extend(Quad(node, keyed[SPEAKER_ROW], k, graph) for k in preds[_PG + "nameKey"])
            rows = set()
            for link in subjects_of.get(("reportedBy", agent), ()):
                for s0 in subjects_of.get(("chainLink", link), ()):
                    for n in facts.get(s0, _PG + "reportedIn"):  # not optional there
                        rows.update(row(s0, article, name, text)
                                    for article in values(n.value, _SCHEMA + "identifier")
                                    for name in names for text in values(s0, _SCHEMA + "text"))
            out.extend(Quad(node, outlet, Literal(r), graph) for r in sorted(rows))
            if rows:
                out.extend(Quad(node, keyed[OUTLET_ROW], k, graph) for k in preds[_PG + "nameKey"])
    except _Unwritable:
        return []
    return out


def split_row(row: str) -> list[str | None]:
    """The fields of one ``pg:speakerRow`` / ``pg:outletRow`` literal (None: absent)."""
    head, _, text = row.partition(_TEXT)
    return [None if f == _ABSENT else f for f in (*head.split(_FIELD), text)]


def agent_rows(quads_for: Any, agent: NamedNode, graph: NamedNode, predicate: str
               ) -> list[str]:
    """The rows (``predicate``: SPEAKER_ROW or OUTLET_ROW) of ``agent`` in ``graph``, read
    by index; for a graph written without rows, derived from its quads first."""
    rows = [q.object.value for q in quads_for(agent, as_iri(predicate), None, graph)]
    if rows or any(True for p in (SPEAKER_ROW, OUTLET_ROW)
                   for _ in quads_for(None, as_iri(p), None, graph)):
        return rows
    derived = agent_row_quads(GraphFacts(quads_for, graph).load_all(), graph)
    return [q.object.value for q in derived
            if q.subject == agent and q.predicate.value == predicate]


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


def _facts_version(raw: Any) -> int | None:
    """The derived-facts version a store records; 0 for a store holding graphs but no
    mark (built before the mark existed), None for an empty store."""
    for q in raw.quads_for_pattern(STORE_META_GRAPH, as_iri(FACTS_VERSION_MARK), None,
                                   STORE_META_GRAPH):
        return int(q.object.value)
    return 0 if next(iter(raw.named_graphs()), None) is not None else None


def facts_outdated(store: Store) -> bool:
    """Whether an embedded store was built by a provgraph that wrote fewer derived facts
    (queries reading them answer incompletely until :func:`ensure_derived` runs)."""
    raw = getattr(store, "store", None)
    if raw is None or not hasattr(raw, "quads_for_pattern"):
        return False
    version = _facts_version(raw)
    return version is not None and version < FACTS_VERSION


def ensure_derived(store: Store) -> int:
    """Bring a writable embedded store's derived facts up to :data:`FACTS_VERSION` (every
    article graph gets what it lacks) and mark it; returns the quads added. A store
    already marked current costs one look-up."""
    raw = getattr(store, "store", None)
    if raw is None or getattr(store, "read_only", False) or \
            not hasattr(raw, "quads_for_pattern"):
        return 0
    version = _facts_version(raw)
    if version is not None and version >= FACTS_VERSION:
        return 0
    added = add_chain_records(store) if version is not None else 0
    mark = as_iri(FACTS_VERSION_MARK)
    store.add_quads([Quad(STORE_META_GRAPH, mark, Literal(str(FACTS_VERSION)),
                          STORE_META_GRAPH)])
    return added
