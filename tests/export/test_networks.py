"""GraphML, GEXF and edge-list CSV: written by provgraph, read back by networkx and csv."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest

from provgraph.corpus import ClaimGroup, Corpus, Rewrite, load_corpus
from provgraph.export import EDGE_COLUMNS, corpus_network, export_graph
from provgraph.store import open_store
from viz.conftest import TITLE_ATTACK, make_chains


@pytest.fixture
def corpus() -> Corpus:
    chains = make_chains()
    claim = ClaimGroup("urn:claim:1", "the route opens in spring", 1, 2, 2, ("Jane Roe",))
    claims = {chains[0].statement_iri: claim, chains[2].statement_iri: claim}
    return Corpus(chains, claims, [Rewrite("001_wire", "000_daily")])


def _attrs(graph: nx.DiGraph) -> tuple[dict[str, dict], dict[tuple[str, str], dict]]:
    nodes = {n: {k: v for k, v in d.items() if k != "viz"} for n, d in graph.nodes(data=True)}
    # GEXF numbers its edges ("id"); the rest must come back as written
    edges = {(u, v): {k: x for k, x in d.items() if k != "id"} for u, v, d in graph.edges(data=True)}
    return nodes, edges


def test_networks_graph_has_claims_rewrites_and_relations(corpus: Corpus) -> None:
    graph = corpus_network(corpus)
    assert graph.nodes["claim:urn:claim:1"] == {
        "kind": "claim", "label": "the route opens in spring", "level": -1,
        "x": -320.0, "y": 0.0, "statements": 2, "articles": 2, "origins": 1}
    assert graph.edges["article:001_wire", "article:000_daily"]["relation"] == "derived from"
    relations = {d["relation"] for _, _, d in graph.edges(data=True)}
    assert relations == {"reports", "quoting", "interview", "statement", "social post", "by",
                         "expressed in", "derived from"}
    assert graph.nodes["outlet:agency two"]["statements"] == 2


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networks_round_trip_through_networkx(corpus: Corpus, tmp_path: Path, fmt: str) -> None:
    from provgraph.export import write_gexf, write_graphml

    path = tmp_path / f"chains.{fmt}"
    (write_graphml if fmt == "graphml" else write_gexf)(corpus, path)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert isinstance(back, nx.DiGraph)
    assert _attrs(back) == _attrs(corpus_network(corpus))
    # hostile article text is data, kept byte for byte
    assert back.nodes["article:001_wire"]["label"] == TITLE_ATTACK


def test_networks_gexf_carries_the_page_layout(corpus: Corpus, tmp_path: Path) -> None:
    from provgraph.export import write_gexf

    back = nx.read_gexf(write_gexf(corpus, tmp_path / "c.gexf"))
    node = back.nodes["person:jane roe"]
    assert node["viz"]["position"]["x"] == node["x"] == 1600.0


def test_networks_edge_csv_one_row_per_edge(corpus: Corpus, tmp_path: Path) -> None:
    from provgraph.export import write_edge_csv

    path = write_edge_csv(corpus, tmp_path / "edges.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == EDGE_COLUMNS
    assert len(rows) == corpus_network(corpus).number_of_edges() == 14
    by_pair = {(r["source"], r["target"]): r for r in rows}
    assert by_pair["outlet:agency one", "outlet:agency two"] == {
        "source": "outlet:agency one", "target": "outlet:agency two",
        "source_label": "Agency One", "source_kind": "agency",
        "target_label": "Agency Two", "target_kind": "agency",
        "relation": "quoting", "statements": "2", "articles": "2"}


def test_networks_export_seeds_graphml_matches_store(seeds_build: Path, tmp_path: Path) -> None:
    with open_store(seeds_build) as store:
        path = export_graph(store, tmp_path / "seeds.graphml", "graphml")
        corpus = load_corpus(store)
    back = nx.read_graphml(path)
    kinds = {d["kind"] for _, d in back.nodes(data=True)}
    assert {"article", "agency", "person", "channel", "claim"} <= kinds
    # every chain's statement counts once on its article node
    articles = {n: d["statements"] for n, d in back.nodes(data=True) if d["kind"] == "article"}
    assert sum(articles.values()) == len(corpus.chains)
    assert [(u, v) for u, v, r in back.edges(data="relation") if r == "derived from"] == [
        (f"article:{r.derived}", f"article:{r.source}") for r in corpus.rewrites]
