from __future__ import annotations

from importlib.resources import files

import pytest
from rdflib import RDFS, Graph, URIRef

from provgraph.rdf.namespaces import PG, PG_NS


def _ontology() -> Graph:
    text = (files("provgraph") / "ontology" / "provgraph.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def test_namespaces_pg_matches_ontology() -> None:
    declared = {str(s) for s in _ontology().subjects() if str(s).startswith(PG_NS)}
    assert declared == {PG_NS + name for name in PG.__annotations__}


def test_namespaces_every_term_has_label_and_comment() -> None:
    g = _ontology()
    for name in PG.__annotations__:
        term = URIRef(PG_NS + name)
        assert g.value(term, RDFS.label) is not None, name
        assert g.value(term, RDFS.comment) is not None, name


def test_namespaces_pg_is_closed() -> None:
    with pytest.raises(AttributeError):
        PG.quotedBy  # noqa: B018


def test_namespaces_alignment_to_prov() -> None:
    g = _ontology()
    prov = "http://www.w3.org/ns/prov#"
    assert (PG.quotes, RDFS.subPropertyOf, URIRef(prov + "wasQuotedFrom")) in g
    assert (PG.statedBy, RDFS.subPropertyOf, URIRef(prov + "wasAttributedTo")) in g
    assert (PG.derivedFrom, RDFS.subPropertyOf, URIRef(prov + "wasDerivedFrom")) in g
    assert (PG.NewsAgency, RDFS.subClassOf, PG.Publisher) in g
