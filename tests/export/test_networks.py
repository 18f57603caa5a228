"""GraphML, GEXF and edge-list CSV: written by provgraph, read back by networkx and csv.

The reference is the viewer's own graph (``viz.chains_to_digraph``, flattened as the
export did before it streamed) and the golden files of the seeds, written by that code.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from provgraph.corpus import ClaimGroup, Corpus, Rewrite, load_corpus
from provgraph.export import (
    EDGE_COLUMNS,
    Network,
    corpus_network,
    export_graph,
    network_of_corpus,
    store_network,
    write_edge_csv,
    write_gexf,
    write_graphml,
)
from provgraph.model import Chain, ChainLink
from provgraph.store import open_store
from provgraph.viz.chains import chains_to_digraph
from viz.conftest import TITLE_ATTACK, make_chains

GOLDEN = Path(__file__).parent / "golden" / "seeds"
READ = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


@pytest.fixture
def corpus() -> Corpus:
    chains = make_chains()
    claim = ClaimGroup("urn:claim:1", "the route opens in spring", 1, 2, 2, ("Jane Roe",))
    claims = {chains[0].statement_iri: claim, chains[2].statement_iri: claim}
    return Corpus(chains, claims, [Rewrite("001_wire", "000_daily")])


def _viewer_network(corpus: Corpus) -> nx.DiGraph:
    """The export before it streamed: the viewer's graph with its records counted."""
    def counts(records: list[dict[str, Any]]) -> dict[str, int]:
        return {"statements": len(records), "articles": len({r["article"] for r in records})}

    drawn = chains_to_digraph(corpus.chains, corpus.claims, corpus.rewrites)
    flat = nx.DiGraph()
    for node, data in drawn.nodes(data=True):
        attrs = {k: data[k] for k in ("kind", "label", "level", "x", "y")}
        if data["kind"] == "claim":
            attrs["origins"] = data["origins"]
        flat.add_node(node, **attrs, **counts(data["statements"]))
    for u, v, data in drawn.edges(data=True):
        flat.add_edge(u, v, relation=data["relation"], **counts(data["statements"]))
    return flat


def _attrs(graph: nx.DiGraph) -> tuple[dict[str, dict], dict[tuple[str, str], dict]]:
    nodes = {n: {k: v for k, v in d.items() if k != "viz"} for n, d in graph.nodes(data=True)}
    # GEXF numbers its edges ("id"); the rest must come back as written
    edges = {(u, v): {k: x for k, x in d.items() if k != "id"} for u, v, d in graph.edges(data=True)}
    return nodes, edges


def _csv_rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and tuple(rows[0]) == EDGE_COLUMNS
    return {(r["source"], r["target"]): r for r in rows}


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


def test_networks_fold_matches_the_viewer_graph(corpus: Corpus) -> None:
    assert _attrs(corpus_network(corpus)) == _attrs(_viewer_network(corpus))


def test_networks_fold_counts_a_node_once_per_chain() -> None:
    # A quotes B quoting A: the viewer counts the chain once on A, and the edge A→B once
    loop = Chain("a1", "One", "x", "urn:1", (ChainLink("Ann", "Person"),
                                             ChainLink("Bob", "Person"),
                                             ChainLink("Ann", "Person")))
    corpus = Corpus([loop, Chain("a2", "Two", "y", "urn:2", (ChainLink("Bob", "Person"),
                                                             ChainLink("Ann", "Person")))])
    assert _attrs(corpus_network(corpus)) == _attrs(_viewer_network(corpus))
    assert corpus_network(corpus).nodes["person:ann"]["statements"] == 2


def test_networks_large_graphs_have_no_layout(corpus: Corpus, tmp_path: Path) -> None:
    network = network_of_corpus(corpus, layout=False)
    assert not network.has_layout and "x" not in network.nodes["person:jane roe"]
    back = nx.read_gexf(write_gexf(network, tmp_path / "c.gexf"))
    assert "viz" not in back.nodes["person:jane roe"]
    assert _attrs(back) == _attrs(network.to_digraph())


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networks_round_trip_through_networkx(corpus: Corpus, tmp_path: Path, fmt: str) -> None:
    network = network_of_corpus(corpus)
    path = tmp_path / f"chains.{fmt}"
    (write_graphml if fmt == "graphml" else write_gexf)(network, path)
    back = READ[fmt](path)
    assert isinstance(back, nx.DiGraph)
    assert _attrs(back) == _attrs(_viewer_network(corpus))
    # hostile article text is data, kept byte for byte
    assert back.nodes["article:001_wire"]["label"] == TITLE_ATTACK


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networks_xml_keeps_breaks_and_drops_what_xml_cannot_carry(tmp_path: Path,
                                                                 fmt: str) -> None:
    label = 'a "b" & <c>\n\td\r\x00\x0b e \U0001f600'
    network = Network({"n:1": {"kind": "person", "label": label, "level": 0,
                               "statements": 1, "articles": 1}})
    path = tmp_path / f"x.{fmt}"
    (write_graphml if fmt == "graphml" else write_gexf)(network, path)
    assert READ[fmt](path).nodes["n:1"]["label"] == 'a "b" & <c>\n\td\r e \U0001f600'


def test_networks_gexf_carries_the_page_layout(corpus: Corpus, tmp_path: Path) -> None:
    back = nx.read_gexf(write_gexf(network_of_corpus(corpus), tmp_path / "c.gexf"))
    node = back.nodes["person:jane roe"]
    assert node["viz"]["position"]["x"] == node["x"] == 1600.0


def test_networks_edge_csv_one_row_per_edge(corpus: Corpus, tmp_path: Path) -> None:
    rows = _csv_rows(write_edge_csv(network_of_corpus(corpus), tmp_path / "edges.csv"))
    assert len(rows) == corpus_network(corpus).number_of_edges() == 14
    assert rows["outlet:agency one", "outlet:agency two"] == {
        "source": "outlet:agency one", "target": "outlet:agency two",
        "source_label": "Agency One", "source_kind": "agency",
        "target_label": "Agency Two", "target_kind": "agency",
        "relation": "quoting", "statements": "2", "articles": "2"}


def test_networks_store_network_streams_with_progress(seeds_build: Path) -> None:
    lines: list[str] = []
    with open_store(seeds_build) as store:
        network = store_network(store, lines.append)
        corpus = load_corpus(store)
    assert lines and lines[-1].startswith("2/2 articles")
    assert _attrs(network.to_digraph()) == _attrs(_viewer_network(corpus))


@pytest.mark.parametrize(("fmt", "golden"), [
    ("graphml", "chains.graphml"), ("gexf", "chains.gexf"), ("csv", "edges.csv")])
def test_networks_export_seeds_matches_golden(seeds_build: Path, tmp_path: Path, fmt: str,
                                              golden: str, update_golden: bool) -> None:
    with open_store(seeds_build) as store:
        path = export_graph(store, tmp_path / golden, fmt)
    assert not list(tmp_path.glob("*.tmp"))
    if update_golden:
        (GOLDEN / golden).write_bytes(path.read_bytes())
    if fmt == "csv":
        assert _csv_rows(path) == _csv_rows(GOLDEN / golden)
    else:
        assert _attrs(READ[fmt](path)) == _attrs(READ[fmt](GOLDEN / golden))


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


def test_networks_failed_export_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "edges.csv"
    out.write_text("previous", "utf-8")
    broken = Network({"a": {"kind": "article", "label": "A", "level": 0, "statements": 1,
                            "articles": 1}},
                     {("a", "missing"): {"relation": "reports", "statements": 1, "articles": 1}})
    with pytest.raises(KeyError):
        write_edge_csv(broken, out)
    assert out.read_text("utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["edges.csv"]
