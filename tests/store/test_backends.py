"""Every backend runs the same tests: memory, an on-disk Oxigraph dir, a real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, Quad

from provgraph.config import Config
from provgraph.errors import QueryError, StoreError
from provgraph.model import Extraction
from provgraph.query import citation_chains, run_query
from provgraph.rdf import extraction_quads, iris
from provgraph.store import Store, open_store, to_python
from provgraph.store.chainfacts import DERIVED


def _given(store: Store) -> set[Quad]:
    """The store's quads without the derived chain records an embedded store adds."""
    return {q for q in store.quads() if q.predicate.value not in DERIVED}


def _put(store: Store, extraction: Extraction, config: Config) -> list[Quad]:
    quads = extraction_quads(extraction, config)
    store.replace_graph(quads[0].graph_name, quads)
    return quads


def test_backends_replace_graph_and_graphs(
    store: Store, nation: Extraction, wire: Extraction, config: Config
) -> None:
    nation_quads = _put(store, nation, config)
    _put(store, wire, config)
    assert store.graphs() == sorted(
        [iris.article_graph_iri(config, "nation-1"), iris.article_graph_iri(config, "wire-1")],
        key=str,
    )
    _put(store, nation, config)  # a rebuild replaces, never duplicates
    assert {q for q in _given(store) if q.graph_name == nation_quads[0].graph_name} == set(
        nation_quads
    )


def test_backends_replace_leaves_other_graphs_untouched(
    store: Store, nation: Extraction, wire: Extraction, config: Config
) -> None:
    _put(store, nation, config)
    wire_quads = set(_put(store, wire, config))
    graph = iris.article_graph_iri(config, "nation-1")
    store.replace_graph(graph, [Quad(graph, graph, Literal("only"), graph)])
    quads = _given(store)
    assert wire_quads <= quads
    assert {q for q in quads if q.graph_name == graph} == {
        Quad(graph, graph, Literal("only"), graph)
    }


def test_backends_failing_insert_keeps_old_graph(
    store: Store, nation: Extraction, wire: Extraction, config: Config
) -> None:
    old = set(_put(store, nation, config))
    graph = iris.article_graph_iri(config, "nation-1")

    def broken() -> Iterator[Quad]:
        yield from extraction_quads(nation, config)[:5]
        raise RuntimeError("extractor crashed half-way")

    with pytest.raises(RuntimeError):
        store.replace_graph(graph, broken())
    other = extraction_quads(wire, config)  # quads of another graph: refused up front
    with pytest.raises(StoreError, match="belongs to graph"):
        store.replace_graph(graph, other)
    assert _given(store) == old


def test_backends_query_with_bindings(store: Store, nation: Extraction, config: Config) -> None:
    _put(store, nation, config)
    rows = run_query(store, "statements-by-speaker", speaker="polishchuk")
    assert isinstance(rows, list) and len(rows) == 2
    assert {to_python(r["speakerName"]) for r in rows} == {"Alexey Polishchuk"}
    assert {to_python(r["article"]) for r in rows} == {"nation-1"}


def test_backends_binding_is_not_injectable(
    store: Store, nation: Extraction, config: Config
) -> None:
    quads = set(_put(store, nation, config))
    for evil in [
        '"} ; DROP ALL #',
        "x' } } DROP ALL ; #",
        'a"\\" . } INSERT DATA { <a:b> <a:b> 1 }',
    ]:
        assert run_query(store, "statements-by-speaker", speaker=evil) == []
    assert _given(store) == quads


def test_backends_ask_and_construct(store: Store, nation: Extraction, config: Config) -> None:
    _put(store, nation, config)
    assert (
        store.query("PREFIX pg: <https://w3id.org/provgraph/ns#> ASK { ?s pg:quotes ?o }") is True
    )
    triples = store.query(
        "PREFIX schema: <https://schema.org/> CONSTRUCT { ?a schema:identifier ?id } "
        "WHERE { ?a schema:identifier ?id }"
    )
    assert isinstance(triples, list) and [t.object for t in triples] == [Literal("nation-1")]


def test_backends_chains_agree(
    store: Store, nation: Extraction, wire: Extraction, config: Config
) -> None:
    _put(store, nation, config)
    _put(store, wire, config)
    chains = citation_chains(store)
    assert [c.names for c in chains] == [
        ["NationPress", "Xinhua", "TASS", "Alexey Polishchuk"],
        ["NationPress", "Xinhua", "TASS", "Alexey Polishchuk"],
        ["Xinhua", "TASS", "Alexey Polishchuk"],
        ["Officials familiar with the talks"],
    ]


def test_backends_bad_sparql_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError):
        store.query("SELECT WHERE {")


@pytest.mark.parametrize("fmt", ["trig", "nq", "ttl", "nt", "jsonld"])
def test_backends_export_round_trip(
    store: Store, nation: Extraction, config: Config, tmp_path: Path, fmt: str
) -> None:
    quads = set(_put(store, nation, config))
    path = tmp_path / f"graph.{fmt}"
    store.dump(path)
    assert path.stat().st_size > 0
    with open_store(path) as back:
        loaded = _given(back)  # the chain records are derived again on loading
    if fmt in {"trig", "nq", "jsonld"}:
        assert loaded == quads
    else:  # triple formats carry the union, in the default graph
        assert {q.triple for q in loaded} == {q.triple for q in quads}


def test_oxigraph_reopen_keeps_the_data_and_stays_writable(tmp_path: Path) -> None:
    from pyoxigraph import NamedNode

    from provgraph.store.oxigraph import OxigraphStore

    g, s, p = NamedNode("urn:g"), NamedNode("urn:s"), NamedNode("urn:p")
    store = OxigraphStore(tmp_path / "store")
    store.replace_graph(g, [Quad(s, p, Literal("one"), g)])
    store.reopen()
    store.replace_graph(NamedNode("urn:h"), [Quad(s, p, Literal("two"), NamedNode("urn:h"))])
    assert sorted(q.object.value for q in store.quads()) == ["one", "two"]
    store.close()
    memory = OxigraphStore()
    memory.replace_graph(g, [Quad(s, p, Literal("one"), g)])
    memory.reopen()  # nothing to reopen: the data stays in memory
    assert [q.object.value for q in memory.quads()] == ["one"]
