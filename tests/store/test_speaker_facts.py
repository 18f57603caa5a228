"""The derived speaker and outlet rows (store/chainfacts.py): statements-by-speaker.rq and
statements-by-outlet.rq read them and answer exactly what the join they replace answered."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from paths import SEEDS
from provgraph.query import citation_chains, run_query
from provgraph.query.pages import ChainSearch, chains_page
from provgraph.store import Store, load_graph, open_store
from provgraph.store.chainfacts import (
    NAME_KEY,
    OUTLET_KEY,
    OUTLET_ROW,
    SPEAKER_KEY,
    SPEAKER_ROW,
    GraphFacts,
    add_chain_records,
    agent_row_quads,
    split_row,
)

# the queries as they were before the rows: the same answer, joined at query time
_JOIN_SPEAKER = """
PREFIX pg: <https://w3id.org/provgraph/ns#>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?speakerName ?article ?statement ?text ?kind ?root
WHERE {
  GRAPH ?graph {
    ?agent pg:nameKey ?speaker .
    ?root pg:statedBy ?agent .
    ?statement pg:chainRoot ?root .
    OPTIONAL { ?agent schema:name ?speakerName }
    OPTIONAL { ?statement pg:reportedIn ?articleNode }
    OPTIONAL { ?articleNode schema:identifier ?article }
    OPTIONAL { ?statement schema:text ?text }
    OPTIONAL { ?statement pg:kind ?kind }
  }
}
"""
_JOIN_OUTLET = """
PREFIX pg: <https://w3id.org/provgraph/ns#>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?outletName ?article ?statement ?text
WHERE {
  GRAPH ?graph {
    ?agent pg:nameKey ?outlet .
    ?link pg:reportedBy ?agent .
    ?statement pg:chainLink ?link ;
               pg:reportedIn ?articleNode .
    OPTIONAL { ?agent schema:name ?outletName }
    OPTIONAL { ?articleNode schema:identifier ?article }
    OPTIONAL { ?statement schema:text ?text }
  }
}
"""


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    from provgraph.batch import build

    out = tmp_path_factory.mktemp("speaker_facts")
    build([SEEDS], out)
    with load_graph(out) as store:
        yield store


def _keys(store: Store, predicate: str) -> list[str]:
    raw = store.store  # type: ignore[attr-defined]
    agents = {q.subject for q in raw.quads_for_pattern(None, NamedNode(predicate), None, None)}
    return sorted({q.object.value for a in agents
                   for q in raw.quads_for_pattern(a, NamedNode(NAME_KEY), None, None)})


def _rows(store: Store, query: str, **params: object) -> Counter[tuple[tuple[str, str], ...]]:
    if query.startswith("\n"):
        key, value = next(iter(params.items()))
        rows = store.query(query, {key: Literal(str(value).lower())})
    else:
        rows = run_query(store, query, **params, limit=10_000)
    assert isinstance(rows, list)
    return Counter(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows)


@pytest.mark.parametrize(("query", "join", "param", "predicate"), [
    ("statements-by-speaker", _JOIN_SPEAKER, "speaker", SPEAKER_ROW),
    ("statements-by-outlet", _JOIN_OUTLET, "outlet", OUTLET_ROW),
])
def test_speaker_facts_queries_answer_as_the_join(seeds_store: Store, query: str, join: str,
                                                  param: str, predicate: str) -> None:
    keys = _keys(seeds_store, predicate)
    assert keys, "the seeds build wrote no rows"
    for key in keys:
        expected = _rows(seeds_store, join, **{param: key})
        assert expected
        assert _rows(seeds_store, query, **{param: key}) == expected, key


def test_speaker_facts_cli_columns_unchanged(seeds_store: Store) -> None:
    rows = run_query(seeds_store, "statements-by-speaker", speaker="Polishchuk")
    assert isinstance(rows, list) and rows
    assert list(rows[0]) == ["speakerName", "article", "statement", "text", "kind", "root"]
    assert all(isinstance(r["statement"], NamedNode) and isinstance(r["root"], NamedNode)
               and isinstance(r["text"], Literal) for r in rows)


def test_speaker_facts_absent_values_and_separators() -> None:
    g = NamedNode("https://example.org/g")
    pg, schema = "https://w3id.org/provgraph/ns#", "https://schema.org/"

    def quad(s: str, p: str, o: NamedNode | Literal) -> Quad:
        return Quad(NamedNode("https://example.org/" + s), NamedNode(p), o, g)

    def node(s: str) -> NamedNode:
        return NamedNode("https://example.org/" + s)

    quads = [quad("agent", NAME_KEY, Literal("x")), quad("root", pg + "statedBy", node("agent")),
             quad("s0", pg + "chainRoot", node("root")), quad("s0", pg + "reportedIn", node("a")),
             quad("a", schema + "identifier", Literal("id\twith tab")),
             quad("s0", schema + "text", Literal("said\x1e\x1fthis"))]
    derived = agent_row_quads(GraphFacts.from_quads(quads), g)
    assert [(q.predicate.value, q.object.value) for q in derived
            if q.predicate.value != SPEAKER_ROW] == [(SPEAKER_KEY, "x")]
    rows = [q for q in derived if q.predicate.value == SPEAKER_ROW]
    assert [split_row(q.object.value) for q in rows] == [[
        "https://example.org/s0", "https://example.org/root", None, "id\twith tab", None,
        "said\x1e\x1fthis"]]
    # a name holding a separator: no rows in the graph, so readers join its quads instead
    bad = [*quads, quad("agent", schema + "name", Literal("a\x1fb"))]
    assert agent_row_quads(GraphFacts.from_quads(bad), g) == []


def test_speaker_facts_rebuilt_article_replaces_its_rows(tmp_path: Path) -> None:
    from provgraph.batch import build

    out = tmp_path / "out"
    build([SEEDS], out)
    with load_graph(out) as store:
        before = sorted(map(str, store.store.quads_for_pattern(  # type: ignore[attr-defined]
            None, NamedNode(SPEAKER_ROW), None, None)))
    build([SEEDS], out)  # the same articles again: each graph replaced, rows not doubled
    with load_graph(out) as store:
        after = sorted(map(str, store.store.quads_for_pattern(  # type: ignore[attr-defined]
            None, NamedNode(SPEAKER_ROW), None, None)))
    assert before and after == before


def test_speaker_facts_older_store_gets_rows_and_pages_without_them(seeds_store: Store
                                                                   ) -> None:
    old = open_store("memory")  # the seeds as a store built before the rows
    old.add_quads(q for q in seeds_store.quads()
                  if q.predicate.value not in (SPEAKER_ROW, OUTLET_ROW, SPEAKER_KEY,
                                               OUTLET_KEY))
    assert run_query(old, "statements-by-speaker", speaker="polishchuk") == []
    # serve's pages read such graphs by their quads
    search = ChainSearch(speaker="Polishchuk")
    found = chains_page(old, search, size=100).chains
    assert found and sorted(c.statement_iri for c in found) == sorted(
        c.statement_iri for c in chains_page(seeds_store, search, size=100).chains)
    assert add_chain_records(old) > 0
    expected = _rows(seeds_store, "statements-by-speaker", speaker="polishchuk")
    assert _rows(old, "statements-by-speaker", speaker="polishchuk") == expected


def test_speaker_facts_pages_match_statement_chains(seeds_store: Store) -> None:
    for field, name in (("speaker", "Polishchuk"), ("outlet", "Xinhua")):
        page = chains_page(seeds_store, ChainSearch(**{field: name}), size=100)
        assert page.chains and page.next is None
        articles = {c.article for c in page.chains}
        every = {c.statement_iri: c for a in articles for c in citation_chains(seeds_store, a)}
        assert all(every[c.statement_iri] == c for c in page.chains)
        assert len({c.statement_iri for c in page.chains}) == len(page.chains)
