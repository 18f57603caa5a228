"""Fixtures of tests/store: one store per backend, a real Oxigraph server for "remote"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from provgraph.store import Store, open_store
from server_fixture import oxigraph_binary, oxigraph_server

BACKENDS = ["memory", "oxigraph", "remote"]


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-server")) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        s = open_store("memory")
    elif request.param == "oxigraph":
        s = open_store(f"oxigraph:{tmp_path / 'db'}")
    else:
        url = request.getfixturevalue("oxigraph_url")
        s = open_store(url)
        for graph in s.graphs():  # the server is shared by the session: start empty
            s.remove_graph(graph)
    yield s
    s.close()
