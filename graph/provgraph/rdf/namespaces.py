"""The vocabularies provgraph writes, as closed namespaces.

Python code reaches ontology terms only through these classes, so a typo in a term name is
an ``AttributeError`` at import time instead of a silently wrong triple, and
``tests/rdf/test_namespaces.py`` checks that every ``PG`` term is declared in
``ontology/provgraph.ttl`` (with a label and a comment) and vice versa.
"""

from __future__ import annotations

from functools import lru_cache

from pyoxigraph import NamedNode
from rdflib.namespace import OWL, PROV, SKOS, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = [
    "NIF", "OWL", "PG", "PG_NS", "PREFIXES", "PROV", "RDF_TYPE", "SCHEMA", "SKOS", "WD", "XSD", "node",
]

PG_NS = "https://w3id.org/provgraph/ns#"


class PG(DefinedNamespace):
    """provgraph's own terms (``https://w3id.org/provgraph/ns#``), see ontology/provgraph.ttl."""

    _fail = True
    _NS = Namespace(PG_NS)

    # classes
    Article: URIRef
    Publisher: URIRef
    NewsAgency: URIRef
    Person: URIRef
    Organization: URIRef
    Group: URIRef
    Statement: URIRef
    Claim: URIRef
    Channel: URIRef
    EvidenceSpan: URIRef
    # object properties
    reportedBy: URIRef
    quotes: URIRef
    statedBy: URIRef
    reportedIn: URIRef
    viaChannel: URIRef
    channelAgent: URIRef
    expresses: URIRef
    hasEvidence: URIRef
    sourceEvidence: URIRef
    cueEvidence: URIRef
    derivedFrom: URIRef
    chainRoot: URIRef
    chainLink: URIRef
    # datatype properties
    kind: URIRef
    hop: URIRef
    cue: URIRef
    sourceText: URIRef
    channelKind: URIRef
    channelWith: URIRef
    role: URIRef
    anonymous: URIRef
    date: URIRef
    nameKey: URIRef
    chainRecords: URIRef
    hand: URIRef
    datelinePlace: URIRef
    country: URIRef
    outletType: URIRef


class NIF(DefinedNamespace):
    """The NIF 2.0 core terms provgraph uses for evidence spans."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    Context: URIRef
    String: URIRef
    isString: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef


class SCHEMA(DefinedNamespace):
    """The schema.org terms provgraph uses (articles, names, agents)."""

    _fail = True
    _NS = Namespace("https://schema.org/")

    NewsArticle: URIRef
    NewsMediaOrganization: URIRef
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Quotation: URIRef
    Claim: URIRef
    identifier: URIRef
    headline: URIRef
    datePublished: URIRef
    publisher: URIRef
    url: URIRef
    text: URIRef
    name: URIRef
    alternateName: URIRef
    jobTitle: URIRef
    affiliation: URIRef
    parentOrganization: URIRef
    softwareVersion: URIRef


#: prefix → namespace IRI, for serialisers and SPARQL prologues
PREFIXES: dict[str, str] = {
    "pg": PG_NS,
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "wd": "http://www.wikidata.org/entity/",
}

#: Wikidata entities: the target of owl:sameAs for outlets with a checked QID
WD = Namespace("http://www.wikidata.org/entity/")

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@lru_cache(maxsize=512)
def node(term: str) -> NamedNode:
    """The pyoxigraph term of a vocabulary IRI (``node(PG.quotes)``), cached."""
    return NamedNode(str(term))
