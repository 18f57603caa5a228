from __future__ import annotations

import itertools

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize
from rdflib import Graph
from rdflib.compare import isomorphic

from provgraph.config import Config
from provgraph.model import Attribution, Channel, Document, Entity, Extraction, Span
from provgraph.rdf import Expresses, Rewrite, extraction_quads, iris, relation_quads, to_dataset
from provgraph.rdf.namespaces import NIF, PG, RDF_TYPE, SCHEMA, node


def _objects(quads: list[Quad], s: NamedNode, p: str) -> list[object]:
    return [q.object for q in quads if q.subject == s and q.predicate == node(p)]


def _rdflib(quads: list[Quad]) -> dict[str, Graph]:
    """One rdflib Graph per named graph."""
    graphs: dict[str, Graph] = {}
    for name in {q.graph_name for q in quads}:
        triples = [q.triple for q in quads if q.graph_name == name]
        data = serialize(triples, format=RdfFormat.N_TRIPLES).decode()
        graphs[str(name)] = Graph().parse(data=data, format="nt")
    return graphs


def test_mapping_is_deterministic(nation: Extraction, wire: Extraction, config: Config) -> None:
    first = extraction_quads(nation, config) + extraction_quads(wire, config)
    second = extraction_quads(nation, config) + extraction_quads(wire, config)
    assert set(first) == set(second)
    assert first == second  # same order too
    a, b = _rdflib(first), _rdflib(second)
    assert a.keys() == b.keys() and len(a) == 2
    assert all(isomorphic(a[name], b[name]) for name in a)
    assert not any(q.subject.__class__.__name__ == "BlankNode" for q in first)


def test_mapping_one_named_graph_per_article(
    nation: Extraction, wire: Extraction, config: Config
) -> None:
    dataset = to_dataset([nation, wire], [Rewrite("nation-1", "wire-1")], config)
    graphs = {q.graph_name for q in dataset}
    assert graphs == {
        iris.article_graph_iri(config, "nation-1"),
        iris.article_graph_iri(config, "wire-1"),
        iris.crossdoc_graph_iri(config),
    }
    assert {q.graph_name for q in extraction_quads(nation, config)} == {
        iris.article_graph_iri(config, "nation-1")
    }


def test_mapping_article_identifier_and_metadata(nation: Extraction, config: Config) -> None:
    quads = extraction_quads(nation, config)
    article = iris.article_iri(config, "nation-1")
    assert _objects(quads, article, SCHEMA.identifier) == [Literal("nation-1")]
    assert _objects(quads, article, SCHEMA.headline) == [Literal(nation.document.title or "")]
    assert node(PG.Article) in _objects(quads, article, RDF_TYPE)
    publisher = iris.agent_iri(config, "Publisher", "NationPress")
    assert _objects(quads, article, SCHEMA.publisher) == [publisher]
    context = iris.context_iri(config, "nation-1")
    assert _objects(quads, context, NIF.isString) == [Literal(nation.document.text)]


def test_mapping_chain_hops_and_agents(nation: Extraction, config: Config) -> None:
    quads = extraction_quads(nation, config)
    c = nation.attributions[0].content
    hops = [iris.statement_iri(config, "nation-1", c.start, c.end, h) for h in range(4)]
    for here, there in itertools.pairwise(hops):
        assert _objects(quads, here, PG.quotes) == [there]
    assert _objects(quads, hops[0], PG.reportedIn) == [iris.article_iri(config, "nation-1")]
    assert _objects(quads, hops[0], PG.reportedBy) == [
        iris.agent_iri(config, "Publisher", "NationPress")
    ]
    assert _objects(quads, hops[1], PG.reportedBy) == [
        iris.agent_iri(config, "NewsAgency", "Xinhua")
    ]
    assert _objects(quads, hops[2], PG.reportedBy) == [iris.agent_iri(config, "NewsAgency", "TASS")]
    speaker = iris.agent_iri(config, "Person", "Alexey Polishchuk")
    assert _objects(quads, hops[3], PG.statedBy) == [speaker]
    assert _objects(quads, hops[3], PG.quotes) == []
    channel = _objects(quads, hops[3], PG.viaChannel)[0]
    assert _objects(quads, channel, PG.channelKind) == [Literal("interview")]
    assert _objects(quads, channel, PG.channelAgent) == [
        iris.agent_iri(config, "NewsAgency", "TASS")
    ]
    assert _objects(quads, speaker, PG.role) == [
        Literal("head of the Second Department of the CIS")
    ]
    ministry = iris.agent_iri(config, "Organization", "Russian Foreign Ministry")
    assert _objects(quads, speaker, SCHEMA.affiliation) == [ministry]
    assert _objects(quads, speaker, SCHEMA.alternateName) == [Literal("Polishchuk")]


def test_mapping_evidence_offsets(nation: Extraction, config: Config) -> None:
    quads = extraction_quads(nation, config)
    c = nation.attributions[0].content
    s0 = iris.statement_iri(config, "nation-1", c.start, c.end, 0)
    (evidence,) = _objects(quads, s0, PG.hasEvidence)
    assert isinstance(evidence, NamedNode)
    assert int(_objects(quads, evidence, NIF.beginIndex)[0].value) == c.start  # type: ignore[attr-defined]
    assert int(_objects(quads, evidence, NIF.endIndex)[0].value) == c.end  # type: ignore[attr-defined]
    assert nation.document.text[c.start : c.end] == c.text


def test_mapping_anonymous_root_without_speaker(wire: Extraction, config: Config) -> None:
    quads = extraction_quads(wire, config)
    c = wire.attributions[1].content
    root = iris.statement_iri(config, "wire-1", c.start, c.end, 1)
    assert _objects(quads, root, PG.statedBy) == []
    assert _objects(quads, root, PG.anonymous) == [Literal(True)]
    assert _objects(quads, root, PG.sourceText) == [Literal("Officials familiar with the talks")]
    s0 = iris.statement_iri(config, "wire-1", c.start, c.end, 0)
    assert _objects(quads, s0, PG.reportedBy) == []  # no publisher known


def test_mapping_same_agent_across_articles(
    nation: Extraction, wire: Extraction, config: Config
) -> None:
    speaker = iris.agent_iri(config, "Person", "Alexey Polishchuk")
    for extraction in (nation, wire):
        quads = extraction_quads(extraction, config)
        assert speaker in {q.object for q in quads if q.predicate == node(PG.statedBy)}


def test_mapping_relations_in_crossdoc_graph(nation: Extraction, config: Config) -> None:
    c = nation.attributions[0].content
    quads = relation_quads(
        [Rewrite("nation-1", "wire-1"), Expresses("treaty", "nation-1", c, "the treaty")], config
    )
    assert {q.graph_name for q in quads} == {iris.crossdoc_graph_iri(config)}
    derived = iris.article_iri(config, "nation-1")
    assert _objects(quads, derived, PG.derivedFrom) == [iris.article_iri(config, "wire-1")]
    s0 = iris.statement_iri(config, "nation-1", c.start, c.end, 0)
    assert _objects(quads, s0, PG.expresses) == [iris.claim_iri(config, "treaty")]


def test_mapping_channel_place_is_not_a_channel_agent(config: Config) -> None:
    text = 'The director said "cases fell" at a press conference in Geneva.'
    start = text.index("cases")
    ex = Extraction(
        document=Document(id="geneva", text=text),
        attributions=(Attribution(content=Span(start, start + 10, "cases fell"), kind="direct",
                                  speaker="The director",
                                  channel=Channel("press conference", "Geneva")),),
        entities=(Entity("Geneva", "Place"),),
    )
    quads = extraction_quads(ex, config)
    assert not [q for q in quads if q.predicate == node(PG.channelAgent)]
    assert [q for q in quads if q.predicate == node(PG.channelWith)]
