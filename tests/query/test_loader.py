from __future__ import annotations

from pathlib import Path

import pytest

from provgraph.errors import MissingParameterError, QueryError, UnknownQueryError
from provgraph.query import list_queries, load_query, run_query
from provgraph.store import Store, to_python

EXPECTED = {
    "article-chains",
    "articles",
    "chain",
    "independent-origins",
    "rewrites",
    "statements-by-speaker",
    "who-quotes-whom",
}


def test_loader_lists_bundled_queries() -> None:
    assert EXPECTED <= set(list_queries())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loader_every_query_documents_itself(name: str) -> None:
    query = load_query(name)
    assert query.text.startswith("# ")
    assert query.purpose
    assert "# params:" in query.text


def test_loader_declared_params() -> None:
    (statement,) = load_query("chain").params
    assert statement.name == "statement" and statement.is_iri and not statement.optional
    (article,) = load_query("article-chains").params
    assert not article.is_iri and article.optional


def test_loader_unknown_query_lists_names() -> None:
    with pytest.raises(UnknownQueryError, match="unknown query 'chian'.*available: .*chain"):
        load_query("chian")


def test_loader_missing_parameter_is_named(store: Store) -> None:
    with pytest.raises(MissingParameterError, match="missing parameter 'statement'"):
        run_query(store, "chain")


def test_loader_unknown_and_bad_parameters(store: Store) -> None:
    with pytest.raises(QueryError, match="unknown parameter.*it takes: statement"):
        run_query(store, "chain", statment="<https://e.org/x>")
    with pytest.raises(QueryError, match="must be an IRI"):
        run_query(store, "chain", statement="000")


def test_loader_runs_rq_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "count.rq"
    path.write_text(
        "# count articles with an id\n# params: ?id (literal)\n"
        "PREFIX schema: <https://schema.org/>\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?a schema:identifier ?id }\n",
        encoding="utf-8",
    )
    rows = run_query(store, str(path), id="wire-1")
    assert isinstance(rows, list) and to_python(rows[0]["n"]) == 1


def test_loader_paged_query_default_limit_and_offset(store: Store) -> None:
    assert load_query("statements-by-speaker").page == 100
    assert load_query("chain").page is None
    every = run_query(store, "statements-by-speaker", speaker="polishchuk")
    assert isinstance(every, list) and len(every) == 3
    first = run_query(store, "statements-by-speaker", speaker="polishchuk", limit=2)
    rest = run_query(store, "statements-by-speaker", speaker="polishchuk", limit="2",
                     offset="2")
    assert isinstance(first, list) and isinstance(rest, list)
    assert len(first) == 2 and len(rest) == 1
    # pages are stable slices of one order: together they are every row, once
    assert sorted(map(str, first + rest)) == sorted(map(str, every))


@pytest.mark.parametrize("bad", [{"limit": "-1"}, {"limit": "10 } DROP ALL"},
                                 {"offset": "1.5"}, {"limit": 10_001}])
def test_loader_page_arguments_must_be_integers(store: Store, bad: dict[str, object]) -> None:
    with pytest.raises(QueryError, match="must be an integer"):
        run_query(store, "statements-by-speaker", speaker="polishchuk", **bad)


def test_loader_unpaged_query_rejects_limit(store: Store) -> None:
    with pytest.raises(QueryError, match="unknown parameter.*limit"):
        run_query(store, "chain", statement="<https://e.org/x>", limit=5)
