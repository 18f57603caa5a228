from __future__ import annotations

from provgraph.query import citation_chains, load_query, run_query
from provgraph.store import Store, to_python


def _origins(store: Store, statement: str) -> dict[str, object]:
    rows = run_query(store, "independent-origins", statement=statement)
    assert isinstance(rows, list) and len(rows) == 1
    return {k: to_python(v) for k, v in rows[0].items()}


def test_queries_independent_origins_same_interview_counts_once(store: Store) -> None:
    statement = citation_chains(store, "nation-1")[0].statement_iri
    result = _origins(store, statement)
    assert result["origins"] == 1
    assert result["statements"] == 2 and result["articles"] == 2
    assert result["originLabels"] == "Alexey Polishchuk (interview with TASS)"


def test_queries_independent_origins_second_speaker_counts(store_with_other: Store) -> None:
    statement = citation_chains(store_with_other, "wire-1")[0].statement_iri
    result = _origins(store_with_other, statement)
    assert result["origins"] == 2 and result["statements"] == 3


def test_queries_independent_origins_without_claim_is_itself(store: Store) -> None:
    statement = citation_chains(store, "wire-1")[1].statement_iri  # expresses no claim
    assert _origins(store, statement)["origins"] == 1
    assert _origins(store, "https://example.org/not-a-statement")["origins"] == 0


def test_queries_statements_by_speaker_alias_case_insensitive(store: Store) -> None:
    rows = run_query(store, "statements-by-speaker", speaker="POLISHCHUK")
    assert isinstance(rows, list)
    assert sorted(to_python(r["article"]) for r in rows) == ["nation-1", "nation-1", "wire-1"]


def test_queries_speaker_binding_is_inert(store: Store) -> None:
    before = set(store.quads())
    assert run_query(store, "statements-by-speaker", speaker='"} ; DROP ALL #') == []
    assert set(store.quads()) == before


def test_queries_who_quotes_whom(store: Store) -> None:
    rows = run_query(store, "who-quotes-whom")
    assert isinstance(rows, list)
    edges = {
        (to_python(r["reporterName"]), to_python(r["quotedName"])): to_python(r["statements"])
        for r in rows
    }
    assert edges == {
        ("NationPress", "Xinhua"): 2,
        ("Xinhua", "TASS"): 3,
        ("TASS", "Alexey Polishchuk"): 3,
    }


def test_queries_rewrites_and_articles(store: Store) -> None:
    rows = run_query(store, "rewrites")
    assert isinstance(rows, list)
    assert [(to_python(r["derived"]), to_python(r["source"])) for r in rows] == [
        ("nation-1", "wire-1")
    ]
    articles = run_query(store, "articles")
    assert isinstance(articles, list)
    assert [
        (to_python(r["article"]), to_python(r["publisher"]), to_python(r["statements"]))
        for r in articles
    ] == [("nation-1", "NationPress", 2), ("wire-1", None, 2)]


def _origin_rules(name: str) -> list[str]:
    """The per-statement origin rules of a query: from the member's article graph to the
    origin label, whitespace-normalised."""
    text = load_query(name).text
    start = text.index("GRAPH ?graph { ?member pg:chainRoot")
    end = text.index("AS ?originLabel)") + len("AS ?originLabel)")
    return text[start:end].split()


def test_queries_claims_counts_origins_as_independent_origins_does() -> None:
    # SPARQL has no includes: the claim listing repeats the counting rules, and must
    # repeat them word for word (docs/ORIGINS.md)
    assert _origin_rules("claims") == _origin_rules("independent-origins")
