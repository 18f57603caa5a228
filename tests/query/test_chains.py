from __future__ import annotations

from provgraph.model import Channel
from provgraph.query import citation_chains, run_query
from provgraph.store import Store, to_python


def test_chains_order_publisher_reporters_speaker(store: Store) -> None:
    chains = citation_chains(store, "nation-1")
    assert [c.names for c in chains] == [["NationPress", "Xinhua", "TASS", "Alexey Polishchuk"]] * 2
    first = chains[0]
    assert [link.type for link in first.links] == [
        "Publisher",
        "NewsAgency",
        "NewsAgency",
        "Person",
    ]
    assert first.channel == Channel("interview", "TASS")
    assert first.cue == "said" and first.kind == "indirect"
    assert first.evidence is not None and first.evidence.start == 29
    assert first.statement == "Russia and Belarus will sign a new security treaty this year"
    assert first.article_title == "Russia, Belarus to sign security treaty"
    assert first.origin_iri and first.origin_iri != first.statement_iri


def test_chains_without_publisher_and_anonymous(store: Store) -> None:
    chains = citation_chains(store, "wire-1")
    assert [c.names for c in chains] == [
        ["Xinhua", "TASS", "Alexey Polishchuk"],
        ["Officials familiar with the talks"],
    ]
    assert chains[1].links[0].type == "Group" and chains[1].channel is None
    assert chains[0].to_json()["chain"] == ["Xinhua", "TASS", "Alexey Polishchuk"]


def test_chains_all_articles_sorted(store: Store) -> None:
    chains = citation_chains(store)
    assert [(c.article, c.evidence.start if c.evidence else None) for c in chains] == [
        ("nation-1", 29),
        ("nation-1", 252),
        ("wire-1", 16),
        ("wire-1", 183),
    ]
    assert citation_chains(store, "no-such-article") == []


def test_chains_chain_rq_matches(store: Store) -> None:
    chain = citation_chains(store, "nation-1")[0]
    rows = run_query(store, "chain", statement=f"<{chain.statement_iri}>")
    assert isinstance(rows, list)
    assert [to_python(r["hop"]) for r in rows] == [0, 1, 2, 3]
    assert [to_python(r["agentName"]) for r in rows] == chain.names
    assert [to_python(r["relation"]) for r in rows] == ["reportedBy"] * 3 + ["statedBy"]
    assert to_python(rows[-1]["channelKind"]) == "interview"
    assert to_python(rows[-1]["link"]) == chain.origin_iri


def test_chains_statement_chain_reads_one_chain(store: Store) -> None:
    from provgraph.query import statement_chain

    for chain in citation_chains(store):
        assert statement_chain(store, chain.statement_iri) == chain
    origin = citation_chains(store, "nation-1")[0].origin_iri
    assert origin is not None and statement_chain(store, origin) is None  # not a hop 0
    assert statement_chain(store, "https://example.org/none") is None


def test_chains_chain_rq_reads_the_article_graph_only(store: Store) -> None:
    # a shared agent named in two articles has its name in both graphs: still one row a hop
    for chain in citation_chains(store):
        rows = run_query(store, "chain", statement=f"<{chain.statement_iri}>")
        assert isinstance(rows, list)
        names = [to_python(r["agentName"]) for r in rows if r["agentName"] is not None]
        assert names == [link.name for link in chain.links if link.type != "Group"]
