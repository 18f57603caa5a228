"""Known outlets in the graph: one node per outlet, owl:sameAs, country, type, part-of."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from provgraph.config import Config
from provgraph.model import Attribution, Document, Entity, Extraction, Span
from provgraph.rdf import extraction_quads, iris, to_dataset, validate
from provgraph.rdf.namespaces import OWL, PG, RDF_TYPE, SCHEMA, SKOS, node


def _article(doc_id: str, outlet: str, publisher: str) -> Extraction:
    """An article that relays a minister's words through ``outlet``, as printed."""
    text = f'The minister said "talks went well", {outlet} reported.'
    start = text.index("talks")
    content = Span(start, start + len("talks went well"), "talks went well")
    cue = Span(text.index("said"), text.index("said") + 4, "said")
    return Extraction(
        document=Document(id=doc_id, text=text, publisher=publisher),
        attributions=(Attribution(content=content, kind="direct", cue=cue,
                                  speaker="The minister", via=(outlet,)),),
        entities=(Entity(outlet, "NewsAgency"),),
    )


def _objects(quads: list[Quad], s: NamedNode, p: str) -> set[object]:
    return {q.object for q in quads if q.subject == s and q.predicate == node(p)}


def _reporters(quads: list[Quad]) -> set[object]:
    return {q.object for q in quads if q.predicate == node(PG.reportedBy)}


def test_outlets_two_articles_naming_afp_differently_share_one_node(config: Config) -> None:
    one = extraction_quads(_article("a1", "Agence France-Presse", "The Hindu"), config)
    two = extraction_quads(_article("a2", "AFP news agency", "Hindustan Times"), config)
    afp = iris.agent_iri(config, "NewsAgency", "AFP")
    assert afp in _reporters(one) and afp in _reporters(two)
    assert afp == iris.agent_iri(config, "Organization", "agence france presse")
    quads = one + two
    # as each article printed it; one display name; every variant an altLabel
    assert _objects(quads, afp, SCHEMA.name) == {Literal("Agence France-Presse"),
                                                  Literal("AFP news agency")}
    assert _objects(quads, afp, SKOS.prefLabel) == {Literal("AFP")}
    assert _objects(quads, afp, SKOS.altLabel) == {
        Literal(n) for n in ("Agence France-Presse", "Agence France Presse", "AFP news agency")}
    assert Literal("AFP") in _objects(quads, afp, SCHEMA.alternateName)
    assert _objects(quads, afp, OWL.sameAs) == {NamedNode("http://www.wikidata.org/entity/Q40464")}
    assert _objects(quads, afp, PG.country) == {Literal("FR")}
    assert _objects(quads, afp, PG.outletType) == {Literal("news agency")}
    assert node(PG.NewsAgency) in _objects(quads, afp, RDF_TYPE)


def test_outlets_part_of_links_the_parent_node(config: Config) -> None:
    quads = extraction_quads(_article("a3", "BBC World Service", "Wall Street Journal"), config)
    unit = iris.agent_iri(config, "NewsAgency", "BBC World Service")
    bbc = iris.agent_iri(config, "Publisher", "BBC")
    assert _objects(quads, unit, SCHEMA.parentOrganization) == {bbc}
    assert _objects(quads, bbc, SKOS.prefLabel) == {Literal("BBC")}
    assert _objects(quads, bbc, OWL.sameAs) == {NamedNode("http://www.wikidata.org/entity/Q9531")}
    assert _objects(quads, unit, OWL.sameAs) == set()  # no checked QID: none guessed
    # the publisher "Wall Street Journal" → Dow Jones & Company → News Corp, each a node
    wsj = iris.agent_iri(config, "Publisher", "The Wall Street Journal")
    dow = iris.agent_iri(config, "Organization", "Dow Jones & Company")
    news_corp = iris.agent_iri(config, "Organization", "News Corp")
    assert _objects(quads, wsj, SCHEMA.parentOrganization) == {dow}
    assert _objects(quads, dow, SCHEMA.parentOrganization) == {news_corp}
    assert node(PG.Organization) in _objects(quads, news_corp, RDF_TYPE)
    assert _objects(quads, news_corp, SCHEMA.name) == {Literal("News Corp")}


def test_outlets_unknown_and_ambiguous_names_stay_as_written(config: Config) -> None:
    quads = extraction_quads(_article("a4", "ABC", "Fresh Gazette"), config)
    abc = iris.agent_iri(config, "NewsAgency", "ABC")
    assert _objects(quads, abc, SCHEMA.name) == {Literal("ABC")}
    assert _objects(quads, abc, OWL.sameAs) == set()
    gazette = iris.agent_iri(config, "Publisher", "Fresh Gazette")
    assert _objects(quads, gazette, SCHEMA.name) == {Literal("Fresh Gazette")}
    assert iris.agent_iri(config, "Person", "Reuters") != iris.agent_iri(
        config, "NewsAgency", "Reuters")


def test_outlets_graph_conforms_to_shapes(config: Config) -> None:
    extractions = [_article("a1", "Agence France-Presse", "The Hindu"),
                   _article("a2", "AFP news agency", "Hindustan Times"),
                   _article("a3", "BBC World Service", "Wall Street Journal"),
                   _article("a5", "Bloomberg", "Axel Springer")]
    result = validate(to_dataset(extractions, (), config))
    assert result.conforms, result.report_text
