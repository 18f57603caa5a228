"""Map extractions to RDF quads: the contract every query and the viewer rely on.

One named graph per article holds the article, its text (a ``nif:Context``), its agents
and, for each attribution, a chain of ``pg:Statement``s linked by ``pg:quotes``::

    S0 (hop 0, pg:reportedIn article, pg:reportedBy publisher, evidence spans)
      pg:quotes S1 (pg:reportedBy via[0]) pg:quotes ... pg:quotes Sroot (pg:statedBy speaker,
      pg:viaChannel channel)

Superclasses and PROV super-properties are asserted too, so consumers without a reasoner
(and SHACL without inference) see the PROV-O view. No blank nodes are used: the same
input gives exactly the same quads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyoxigraph import Dataset, Literal, NamedNode, Quad

from ..config import Config
from ..model import Attribution, Entity, Extraction, Span
from . import iris
from .namespaces import NIF, OWL, PG, PROV, RDF_TYPE, SCHEMA, SKOS, WD, XSD, node

if TYPE_CHECKING:
    from ..nlp.gazetteer import Outlet

__all__ = ["TYPES", "Expresses", "Rewrite", "extraction_quads", "relation_quads", "to_dataset"]

#: entity type → the classes asserted for it (most specific first)
TYPES: dict[str, tuple[str, ...]] = {
    "Person": (PG.Person, PROV.Person, PROV.Agent, SCHEMA.Person),
    "Organization": (PG.Organization, PROV.Organization, PROV.Agent, SCHEMA.Organization),
    "Publisher": (PG.Publisher, PROV.Organization, PROV.Agent, SCHEMA.NewsMediaOrganization),
    "NewsAgency": (
        PG.NewsAgency,
        PG.Publisher,
        PROV.Organization,
        PROV.Agent,
        SCHEMA.NewsMediaOrganization,
    ),
    "Group": (PG.Group, PROV.Agent),
    "Place": (SCHEMA.Place,),
}
_STATEMENT_TYPES = (PG.Statement, PROV.Entity, SCHEMA.Quotation)


@dataclass(frozen=True, slots=True)
class Rewrite:
    """Article ``derived`` is a rewrite or syndicated copy of article ``source`` (doc ids)."""

    derived: str
    source: str


@dataclass(frozen=True, slots=True)
class Expresses:
    """The statement with ``content`` in ``document`` expresses the claim keyed ``claim``."""

    claim: str
    document: str
    content: Span
    claim_text: str | None = None


class _Builder:
    """Collects the quads of one named graph, in insertion order, without duplicates."""

    def __init__(self, graph: NamedNode) -> None:
        self.graph = graph
        self.quads: dict[Quad, None] = {}

    def add(self, s: NamedNode, p: str, o: NamedNode | Literal) -> None:
        self.quads[Quad(s, node(p), o, self.graph)] = None

    def types(self, s: NamedNode, classes: Iterable[str]) -> None:
        for cls in classes:
            self.add(s, RDF_TYPE, node(cls))

    def text(self, s: NamedNode, p: str, value: str | None) -> None:
        if value:
            self.add(s, p, Literal(value))


def _entity_type(entity_type: str) -> str:
    return entity_type if entity_type in TYPES else "Organization"


def _agent(b: _Builder, config: Config, entity_type: str, name: str) -> NamedNode:
    kind = _entity_type(entity_type)
    agent = iris.agent_iri(config, kind, name)
    record = iris.known_outlet(kind, name)
    if record is not None:
        _outlet(b, config, agent, kind, name, record)
        return agent
    b.types(agent, TYPES[kind])
    b.text(agent, SCHEMA.name, name)
    b.text(agent, PG.nameKey, name.lower())
    return agent


def _outlet(
    b: _Builder, config: Config, agent: NamedNode, kind: str, name: str, record: Outlet
) -> None:
    """A known outlet: one node for every variant of its name, as the gazetteer has it.

    The article may call an agency a publisher (it published the page) or an outlet an
    organisation (the NER's guess); the gazetteer's type wins, plus pg:Publisher when the
    article's role needs it.
    """
    classes = TYPES[record.kind]
    if kind in ("Publisher", "NewsAgency") and record.kind == "Organization":
        classes = classes + TYPES["Publisher"]
    b.types(agent, classes)
    # schema:name stays the name this article printed, as for every agent (the chains show
    # it); the gazetteer's display name is the one skos:prefLabel, every variant an altLabel
    b.text(agent, SCHEMA.name, name)
    b.text(agent, SKOS.prefLabel, record.display_name)
    for variant in record.names:
        if variant != record.display_name:
            b.text(agent, SKOS.altLabel, variant)
        if variant != name:
            b.text(agent, SCHEMA.alternateName, variant)
    for key in dict.fromkeys(n.lower() for n in (name, *record.names)):
        b.text(agent, PG.nameKey, key)
    b.text(agent, PG.country, record.country)
    b.text(agent, PG.outletType, record.type)
    if record.qid:
        b.add(agent, OWL.sameAs, node(WD[record.qid]))
    if record.part_of:
        parent = iris.known_outlet("Organization", record.part_of)
        if parent is not None and parent.name != record.name:
            b.add(agent, SCHEMA.parentOrganization,
                  _agent(b, config, parent.kind, parent.name))


def _entity(b: _Builder, config: Config, entity: Entity) -> None:
    agent = _agent(b, config, entity.type, entity.name)
    for alias in entity.aliases:
        if iris.normalise_name(alias) != iris.normalise_name(entity.name):
            b.text(agent, SCHEMA.alternateName, alias)
            b.text(agent, PG.nameKey, alias.lower())
    b.text(agent, PG.role, entity.role)
    b.text(agent, SCHEMA.jobTitle, entity.role)
    if entity.affiliation:
        b.add(agent, SCHEMA.affiliation, _agent(b, config, "Organization", entity.affiliation))


def _evidence(b: _Builder, config: Config, doc_id: str, span: Span) -> NamedNode:
    ev = iris.evidence_iri(config, doc_id, span.start, span.end)
    b.types(ev, (PG.EvidenceSpan, NIF.String))
    b.add(ev, NIF.beginIndex, Literal(str(span.start), datatype=node(XSD.integer)))
    b.add(ev, NIF.endIndex, Literal(str(span.end), datatype=node(XSD.integer)))
    b.add(ev, NIF.anchorOf, Literal(span.text))
    b.add(ev, NIF.referenceContext, iris.context_iri(config, doc_id))
    return ev


def _date_literal(date: str) -> Literal | None:
    if len(date) == 10 and date[4] == "-" and date[7] == "-" and date[:4].isdigit():
        return Literal(date, datatype=node(XSD.date))
    if len(date) == 7 and date.startswith("--"):
        return Literal(date, datatype=node(XSD.gMonthDay))
    return None


def _article(b: _Builder, config: Config, extraction: Extraction) -> NamedNode:
    document = extraction.document
    article = iris.article_iri(config, document.id)
    b.types(article, (PG.Article, SCHEMA.NewsArticle, PROV.Entity))
    b.add(article, SCHEMA.identifier, Literal(document.id))
    b.text(article, SCHEMA.headline, document.title)
    if document.date:
        b.add(article, PG.date, Literal(document.date))
        typed = _date_literal(document.date)
        if typed is not None:
            b.add(article, SCHEMA.datePublished, typed)
    b.text(article, PG.datelinePlace, document.dateline_place)
    if document.url:
        b.add(article, SCHEMA.url, Literal(document.url, datatype=node(XSD.anyURI)))
    if document.publisher:
        publisher = _agent(b, config, "Publisher", document.publisher)
        b.add(article, SCHEMA.publisher, publisher)
        b.add(article, PG.reportedBy, publisher)
    context = iris.context_iri(config, document.id)
    b.types(context, (NIF.Context, NIF.String))
    b.add(context, NIF.isString, Literal(document.text))
    b.add(context, NIF.beginIndex, Literal("0", datatype=node(XSD.integer)))
    b.add(
        context,
        NIF.endIndex,
        Literal(str(len(document.text)), datatype=node(XSD.integer)),
    )
    return article


def _find_entity(extraction: Extraction, name: str) -> Entity | None:
    key = iris.normalise_name(name)
    for entity in extraction.entities:
        names = (entity.name, *entity.aliases)
        if any(iris.normalise_name(n) == key for n in names):
            return entity
    return None


def _speaker_type(extraction: Extraction, attribution: Attribution) -> str:
    entity = _find_entity(extraction, attribution.speaker or "")
    if entity is not None:
        return _entity_type(entity.type)
    return "Group" if attribution.anonymous else "Person"


def _chain(
    b: _Builder, config: Config, extraction: Extraction, article: NamedNode, a: Attribution
) -> None:
    document = extraction.document
    doc_id, c = document.id, a.content
    via = a.chain_via
    hops = [iris.statement_iri(config, doc_id, c.start, c.end, h) for h in range(len(via) + 2)]
    for hop, statement in enumerate(hops):
        b.types(statement, _STATEMENT_TYPES)
        b.add(statement, PG.hop, Literal(hop))
        b.add(statement, SCHEMA.text, Literal(a.statement_span.text))
        if hop + 1 < len(hops):
            b.add(statement, PG.quotes, hops[hop + 1])
            b.add(statement, PROV.wasQuotedFrom, hops[hop + 1])
    s0, root = hops[0], hops[-1]
    b.add(s0, PG.reportedIn, article)
    # derived shortcuts, so that one chain is a few index look-ups, not a path search
    b.add(s0, PG.chainRoot, root)
    for statement in hops:
        b.add(s0, PG.chainLink, statement)
    b.add(s0, PG.kind, Literal(a.kind))
    if document.publisher:
        _reported_by(b, s0, iris.agent_iri(config, "Publisher", document.publisher))
    if a.cue is not None:
        b.add(s0, PG.cue, Literal(a.cue.text))
        b.add(s0, PG.cueEvidence, _evidence(b, config, doc_id, a.cue))
    if a.source is not None:
        b.add(s0, PG.sourceEvidence, _evidence(b, config, doc_id, a.source))
        b.add(root, PG.sourceText, Literal(a.source.text))
    for piece in (c, *a.content_pieces):
        b.add(s0, PG.hasEvidence, _evidence(b, config, doc_id, piece))
    reporters = [_agent(b, config, _relay_type(extraction, name), name) for name in via]
    for statement, reporter in zip(hops[1:-1], reporters, strict=True):
        _reported_by(b, statement, reporter)
    speaker_type = _speaker_type(extraction, a)
    if a.speaker:
        speaker = _agent(b, config, speaker_type, a.speaker)
        # a country speaking ("Russia confirms ...") acts as an agent: its government
        b.types(speaker, (PROV.Agent,))
        b.add(root, PG.statedBy, speaker)
        b.add(root, PROV.wasAttributedTo, speaker)
    if a.anonymous:
        b.add(root, PG.anonymous, Literal(True))
    if a.chain_channel is not None:
        _channel(b, config, extraction, root, a, speaker_type)


def _relay_type(extraction: Extraction, name: str) -> str:
    """A relay is an outlet: a Publisher when the article knows it as one, else an agency."""
    entity = _find_entity(extraction, name)
    return "Publisher" if entity is not None and entity.type == "Publisher" else "NewsAgency"


def _reported_by(b: _Builder, statement: NamedNode, agent: NamedNode) -> None:
    b.add(statement, PG.reportedBy, agent)
    b.add(statement, PROV.wasAttributedTo, agent)


def _channel(
    b: _Builder,
    config: Config,
    extraction: Extraction,
    root: NamedNode,
    a: Attribution,
    speaker_type: str,
) -> None:
    assert a.chain_channel is not None
    kind, with_ = a.chain_channel.kind, a.chain_channel.with_
    channel = iris.channel_iri(config, speaker_type, a.speaker, kind, with_)
    b.types(channel, (PG.Channel, PROV.Entity))
    b.add(channel, PG.channelKind, Literal(kind))
    b.add(root, PG.viaChannel, channel)
    if not with_:
        return
    b.add(channel, PG.channelWith, Literal(with_))
    key = iris.normalise_name(with_)
    if any(iris.normalise_name(r) == key for r in a.chain_via):
        b.add(channel, PG.channelAgent,
              iris.agent_iri(config, _relay_type(extraction, with_), with_))
    elif (entity := _find_entity(extraction, with_)) is not None and entity.type != "Place":
        # "a press conference in Geneva": a place is where, not who (pg:channelAgent ⊑ Agent)
        b.add(channel, PG.channelAgent, _agent(b, config, entity.type, entity.name))


def extraction_quads(extraction: Extraction, config: Config) -> list[Quad]:
    """All quads of one article, in the article's named graph.

    Parameters
    ----------
    extraction : Extraction
        The document, its attributions and its entities.
    config : Config
        Supplies ``base_iri``.

    Returns
    -------
    list[Quad]
        Deterministic (same input, same list), without blank nodes.
    """
    b = _Builder(iris.article_graph_iri(config, extraction.document.id))
    article = _article(b, config, extraction)
    for entity in extraction.entities:
        _entity(b, config, entity)
    for attribution in extraction.attributions:
        _chain(b, config, extraction, article, attribution)
    return list(b.quads)


def relation_quads(relations: Iterable[Rewrite | Expresses], config: Config) -> list[Quad]:
    """Cross-document facts (rewrites, claims) as quads of the ``crossdoc`` named graph.

    Parameters
    ----------
    relations : iterable of Rewrite or Expresses
        ``Rewrite(derived, source)`` gives ``derived pg:derivedFrom source``;
        ``Expresses(claim, document, content)`` gives ``S0 pg:expresses claim``.
    config : Config
        Supplies ``base_iri``.
    """
    b = _Builder(iris.crossdoc_graph_iri(config))
    for rel in relations:
        if isinstance(rel, Rewrite):
            derived = iris.article_iri(config, rel.derived)
            source = iris.article_iri(config, rel.source)
            b.add(derived, PG.derivedFrom, source)
            b.add(derived, PROV.wasDerivedFrom, source)
        else:
            claim = iris.claim_iri(config, rel.claim)
            b.types(claim, (PG.Claim, SCHEMA.Claim))
            b.text(claim, SCHEMA.text, rel.claim_text)
            c = rel.content
            statement = iris.statement_iri(config, rel.document, c.start, c.end, 0)
            b.add(statement, PG.expresses, claim)
    return list(b.quads)


def to_dataset(
    extractions: Iterable[Extraction],
    relations: Iterable[Rewrite | Expresses] = (),
    config: Config | None = None,
) -> Dataset:
    """Every article graph plus the crossdoc graph, as one ``pyoxigraph.Dataset``."""
    config = config or Config()
    dataset = Dataset()
    for extraction in extractions:
        for quad in extraction_quads(extraction, config):
            dataset.add(quad)
    for quad in relation_quads(relations, config):
        dataset.add(quad)
    return dataset
