"""chains_to_digraph: node identity, levels and order (tests/viz/conftest.py has the data)."""

from __future__ import annotations

import networkx as nx
import pytest

from provgraph.model import Chain, ChainLink, Channel, Span
from provgraph.viz import chains_to_digraph
from provgraph.viz.chains import NODE_KINDS

JANE_INTERVIEW = "channel:person:jane roe|interview|agency two"


def _chain(article: str, *links: ChainLink, channel: Channel | None = None) -> Chain:
    return Chain(article, None, f"words of {article}", f"urn:{article}", links, channel=channel)


def test_chains_path_runs_article_publisher_reporters_channel_speaker(chains: list[Chain]) -> None:
    graph = chains_to_digraph(chains)
    assert graph.graph["paths"][0] == [
        "article:000_daily",
        "outlet:daily example",
        "outlet:agency one",
        "outlet:agency two",
        JANE_INTERVIEW,
        "person:jane roe",
    ]
    assert [graph.nodes[n]["kind"] for n in graph.graph["paths"][0]] == [
        "article",
        "publisher",
        "agency",
        "agency",
        "channel",
        "person",
    ]
    assert all(graph.has_edge(u, v) for u, v in nx.utils.pairwise(graph.graph["paths"][0]))


def test_chains_shares_agents_across_articles(chains: list[Chain]) -> None:
    graph = chains_to_digraph(chains)
    # both articles reach Jane Roe through the same two agencies and the same interview
    for node in ("outlet:agency one", "outlet:agency two", JANE_INTERVIEW, "person:jane roe"):
        assert {r["article"] for r in graph.nodes[node]["statements"]} == {"000_daily", "001_wire"}
    assert graph.in_degree("outlet:agency one") == 2
    assert sum(1 for _, kind in graph.nodes(data="kind") if kind == "person") == 2
    assert graph.number_of_nodes() == 12


def test_chains_levels_increase_along_every_edge(chains: list[Chain]) -> None:
    graph = chains_to_digraph(chains)
    assert all(graph.nodes[v]["level"] > graph.nodes[u]["level"] for u, v in graph.edges)
    assert graph.nodes["article:000_daily"]["level"] == 0
    assert [graph.nodes[n]["level"] for n in graph.graph["paths"][0]] == [0, 1, 2, 3, 4, 5]
    # no publisher: the article sits in the column just before its first hop
    assert graph.nodes["article:001_wire"]["level"] == graph.nodes["outlet:agency one"]["level"] - 1


def test_chains_edge_statements_keep_input_order(chains: list[Chain]) -> None:
    graph = chains_to_digraph(chains)
    records = graph.edges["outlet:agency one", "outlet:agency two"]["statements"]
    assert [(r["article"], r["text"]) for r in records] == [
        ("000_daily", "The route will be open by spring"),
        ("001_wire", chains[2].statement),
    ]
    first = records[0]
    assert (first["cue"], first["kind"], first["start"], first["end"]) == (
        "said",
        "direct",
        1275,
        1370,
    )
    assert first["channel"] == "interview with Agency Two"
    assert [r["text"] for r in graph.graph["chains"]] == [c.statement for c in chains]


def test_chains_anonymous_group_is_scoped_to_its_article() -> None:
    officials = ChainLink("officials", "Group")
    graph = chains_to_digraph([_chain("a1", officials), _chain("a2", officials)])
    assert sorted(n for n, k in graph.nodes(data="kind") if k == "group") == [
        "group:a1:officials",
        "group:a2:officials",
    ]


def test_chains_outlet_family_merges_publisher_and_agency() -> None:
    graph = chains_to_digraph(
        [
            _chain("a1", ChainLink("TASS", "Publisher"), ChainLink("Ann", "Person")),
            _chain(
                "a2",
                ChainLink("Xinhua", "NewsAgency"),
                ChainLink(" tass ", "NewsAgency"),
                ChainLink("Ann", "Person"),
            ),
        ]
    )
    assert graph.nodes["outlet:tass"]["kind"] == "agency"
    assert graph.nodes["outlet:tass"]["label"] == "TASS"
    assert graph.in_degree("outlet:tass") == 2


@pytest.mark.parametrize(
    ("channel", "node"),
    [
        (Channel("interview", "TASS"), "channel:person:ann|interview|tass"),
        (Channel("press conference"), "channel:person:ann|press conference|"),
    ],
)
def test_chains_channel_keyed_by_speaker_kind_and_with(channel: Channel, node: str) -> None:
    ann = ChainLink("Ann", "Person")
    graph = chains_to_digraph(
        [_chain("a1", ann, channel=channel), _chain("a2", ann, channel=channel)]
    )
    assert graph.graph["paths"][0] == ["article:a1", node, "person:ann"]
    assert graph.in_degree(node) == 2


def test_chains_publisher_repeated_as_reporter_makes_no_self_loop() -> None:
    xinhua = ChainLink("Xinhua", "NewsAgency")
    graph = chains_to_digraph([_chain("a1", xinhua, xinhua, ChainLink("Ann", "Person"))])
    assert nx.number_of_selfloops(graph) == 0
    assert graph.graph["paths"][0] == ["article:a1", "outlet:xinhua", "person:ann"]


def test_chains_contradictory_chains_still_get_levels() -> None:
    a, b = ChainLink("A", "NewsAgency"), ChainLink("B", "NewsAgency")
    graph = chains_to_digraph(
        [
            _chain("a1", a, b, ChainLink("Ann", "Person")),
            _chain("a2", b, a, ChainLink("Ann", "Person")),
        ]
    )
    assert not nx.is_directed_acyclic_graph(graph)
    assert {n: graph.nodes[n]["level"] for n in ("outlet:a", "outlet:b", "person:ann")} == {
        "outlet:a": 2,
        "outlet:b": 2,
        "person:ann": 3,
    }


def test_chains_without_links_keeps_the_article_alone() -> None:
    graph = chains_to_digraph([Chain("a1", "T", "x", "urn:x", (), evidence=Span(1, 2, "x"))])
    assert list(graph.nodes) == ["article:a1"]
    assert graph.nodes["article:a1"]["level"] == 0
    assert graph.graph["chains"][0]["start"] == 1


def test_chains_unknown_link_type_is_drawn_as_organization() -> None:
    graph = chains_to_digraph([_chain("a1", ChainLink("Kremlin", "Place"))])
    assert graph.nodes["organization:kremlin"]["kind"] == "organization"
    assert set(nx.get_node_attributes(graph, "kind").values()) <= set(NODE_KINDS)
