"""Shared fixtures: paths, the seeds and their gold, the PolNeAR location, --update-golden."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import sample_extractions as samples
from paths import SEEDS, SHARED_EVAL
from provgraph.config import Config
from provgraph.model import Extraction


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the golden files from the current output (review the diff).")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeds_gold() -> dict[str, Any]:
    return json.loads((SEEDS / "gold.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def polnear_dir() -> Path:
    if not (SHARED_EVAL / "dev.jsonl").is_file():
        pytest.skip(f"PolNeAR not found at {SHARED_EVAL} (internal data, absent from a user's clone)")
    return SHARED_EVAL


# hand-built extractions shared by the rdf, store and query tests
@pytest.fixture
def config() -> Config:
    return Config()


@pytest.fixture
def nation() -> Extraction:
    return samples.nation_extraction()


@pytest.fixture
def wire() -> Extraction:
    return samples.wire_extraction()


@pytest.fixture
def other() -> Extraction:
    return samples.other_extraction()


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built once per session (graph.trig, ...): export, card and report tests."""
    from provgraph.batch import build

    out = tmp_path_factory.mktemp("seeds_build")
    build([SEEDS], out)
    return out


@pytest.fixture(scope="session")
def seeds_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `provgraph serve` server over a real build of the seeds, on a free port."""
    import threading

    from provgraph.batch import build
    from provgraph.serve import make_server
    from provgraph.store import open_store

    out = tmp_path_factory.mktemp("serve")
    build([SEEDS], out)
    store = open_store(out)
    server = make_server(store, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    store.close()
