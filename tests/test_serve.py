"""serve: a real HTTP server on 127.0.0.1 answering SPARQL and serving the viewer."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from paths import SEEDS
from provgraph.batch import build
from provgraph.serve import make_server
from provgraph.store import open_store


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("serve")
    build([SEEDS], out)
    store = open_store(out)
    server = make_server(store, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    store.close()


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
