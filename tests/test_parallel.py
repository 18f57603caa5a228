"""Extraction on worker processes and on a Dask LocalCluster gives what one process gives."""

from __future__ import annotations

import pytest

from paths import INPUTS, PASSAGES, SEEDS
from provgraph import parallel
from provgraph.batch import extract_paths
from provgraph.config import Config


def _records(config: Config) -> tuple[list[dict[str, object]], list[str]]:
    errors: list[str] = []
    exs = extract_paths([SEEDS, PASSAGES, INPUTS / "empty.txt"], config, errors)
    return [ex.to_json() for ex in exs], errors


@pytest.fixture(scope="module")
def serial() -> tuple[list[dict[str, object]], list[str]]:
    return _records(Config())


def test_parallel_processes_match_serial(serial: tuple[list, list]) -> None:
    got = _records(Config(workers=2))
    assert got == serial
    assert len(serial[0]) == 12 and len(serial[1]) == 1


def test_parallel_dask_local_cluster_matches_serial(serial: tuple[list, list]) -> None:
    pytest.importorskip("dask.distributed", reason="dask is the optional extra provgraph[dask]")
    got = _records(Config(workers=2, dask_address="local"))
    assert got == serial


def test_parallel_dask_chunk_over_budget_is_reported_and_batch_goes_on() -> None:
    pytest.importorskip("dask.distributed", reason="dask is the optional extra provgraph[dask]")
    # a budget far below what loading the model on a fresh worker takes: every chunk
    # overruns, each article gets its one-line error, and the call returns
    errors: list[str] = []
    exs = list(extract_paths([SEEDS], Config(workers=1, dask_address="local",
                                             time_budget=0.001), errors))
    assert exs == []
    assert len(errors) == 2 and all("ran over" in e and "--time-budget" in e for e in errors)


def test_parallel_recycled_worker_pools_match_serial(
        serial: tuple[list, list], monkeypatch: pytest.MonkeyPatch) -> None:
    # chunks of 2 articles, a fresh pool of workers every 2 chunks: 3 pools for 12 articles
    monkeypatch.setattr(parallel, "_CHUNK", 2)
    monkeypatch.setattr(parallel, "_RECYCLE_CHUNKS", 2)
    assert _records(Config(workers=2)) == serial
