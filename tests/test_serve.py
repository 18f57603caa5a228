"""serve: a real HTTP server on 127.0.0.1 answering SPARQL and serving the viewer."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest


@pytest.fixture(scope="module")
def base_url(seeds_server_url: str) -> str:
    return seeds_server_url


def test_serve_answers_select_as_sparql_json(base_url: str) -> None:
    q = ("PREFIX schema: <https://schema.org/> PREFIX pg: <https://w3id.org/provgraph/ns#> "
         "SELECT ?id WHERE { ?a a pg:Article ; schema:identifier ?id } ORDER BY ?id")
    with urllib.request.urlopen(f"{base_url}/sparql?{urllib.parse.urlencode({'query': q})}") as r:
        assert r.headers["Content-Type"] == "application/sparql-results+json"
        data = json.load(r)
    assert [b["id"]["value"] for b in data["results"]["bindings"]] == [
        "000_f94bdfc9b2e1f035", "001_b26ab9b28ceb190a"]


def test_serve_refuses_updates(base_url: str) -> None:
    req = urllib.request.Request(f"{base_url}/sparql", data=b"DROP ALL",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req)
    assert info.value.code == 403


def test_serve_viewer_page(base_url: str) -> None:
    with urllib.request.urlopen(base_url + "/") as r:
        page = r.read().decode()
    assert "Alexey Polishchuk" in page and "<table" in page


def _get_json(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url) as r:
        assert r.headers["Content-Type"] == "application/json"
        data: dict[str, object] = json.load(r)
    return data


def _pages(base_url: str, **search: str) -> list[dict[str, object]]:
    """Every chain the API finds, following its cursors two chains at a time."""
    chains: list[dict[str, object]] = []
    cursor: str | None = None
    while True:
        query = {**search, "size": "2", **({"cursor": cursor} if cursor else {})}
        page = _get_json(f"{base_url}/api/chains?{urllib.parse.urlencode(query)}")
        found = page["chains"]
        assert isinstance(found, list) and len(found) <= 2
        chains += found
        cursor = page["next"]  # type: ignore[assignment]
        if cursor is None:
            return chains


def test_serve_api_pages_every_chain_once(base_url: str, tmp_path_factory: pytest.TempPathFactory
                                          ) -> None:
    every = _pages(base_url)
    with urllib.request.urlopen(base_url + "/") as r:
        assert "Alexey Polishchuk" in r.read().decode()
    statements = [c["statement_iri"] for c in every]
    assert len(statements) == len(set(statements)) == 30  # the seeds' chains
    assert [c["article"] for c in every] == sorted(c["article"] for c in every)


def test_serve_api_search_by_speaker_outlet_article(base_url: str) -> None:
    by_speaker = _pages(base_url, speaker="POLISHCHUK")  # an alias, any case
    assert by_speaker and all(c["chain"][-1] == "Alexey Polishchuk" for c in by_speaker)
    by_outlet = _pages(base_url, outlet="xinhua")
    assert by_outlet and all("Xinhua" in c["chain"] for c in by_outlet)
    both = _pages(base_url, outlet="nationpress", speaker="alexey polishchuk")
    assert both and len(both) < len(by_speaker)
    assert all(c["chain"][-1] == "Alexey Polishchuk" and "NationPress" in c["chain"]
               for c in both)
    article = _pages(base_url, article="000_f94bdfc9b2e1f035")
    assert {c["article"] for c in article} == {"000_f94bdfc9b2e1f035"}
    assert _pages(base_url, speaker="nobody at all") == []


def test_serve_api_search_by_claim(base_url: str) -> None:
    q = ("PREFIX pg: <https://w3id.org/provgraph/ns#> "
         "SELECT ?claim (COUNT(?s) AS ?n) WHERE { ?s pg:expresses ?claim } "
         "GROUP BY ?claim ORDER BY DESC(?n) LIMIT 1")
    with urllib.request.urlopen(f"{base_url}/sparql?{urllib.parse.urlencode({'query': q})}") as r:
        rows = json.load(r)["results"]["bindings"]
    if not rows:
        pytest.skip("the seeds build links no claim")
    claim, members = rows[0]["claim"]["value"], int(rows[0]["n"]["value"])
    found = _pages(base_url, claim=claim)
    assert len(found) == members


@pytest.mark.parametrize("query", ["cursor=x.y", "size=0", "size=abc", "cursor=-1.0"])
def test_serve_api_bad_arguments_are_400(base_url: str, query: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{base_url}/api/chains?{query}")
    assert info.value.code == 400


def test_serve_browse_page_is_served(base_url: str) -> None:
    with urllib.request.urlopen(base_url + "/chains") as r:
        page = r.read().decode()
    assert "api/chains" in page and 'id="speaker"' in page

