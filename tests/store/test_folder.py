"""A build folder is a store: adding articles writes only theirs, re-building one replaces
its graph, older folders holding only graph.trig are moved into the store, readers share
the folder read-only. Also the tiny smoke run of bench/scale.py (not timed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paths import SEEDS
from provgraph.batch import build
from provgraph.config import Config
from provgraph.errors import StoreError
from provgraph.query import citation_chains, iter_chains
from provgraph.query.chains import article_ids
from provgraph.store import open_store

A = SEEDS / "000_f94bdfc9b2e1f035.txt"
B = SEEDS / "001_b26ab9b28ceb190a.txt"


def _ids(out: Path) -> list[str]:
    return [json.loads(line)["id"] for line in
            (out / "attributions.jsonl").read_text("utf-8").splitlines()]


def test_folder_adding_an_article_keeps_the_others_and_rebuilding_replaces(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([A], out)
    with open_store(out) as store:
        first = [c.to_json() for c in citation_chains(store, A.stem)]
    assert first and (out / "store" / "CURRENT").is_file() and not (out / "graph.trig").exists()
    build([B], out)  # appended: A untouched
    assert _ids(out) == [A.stem, B.stem]
    build([A], out)  # re-built: its graph replaced, its record moved last, never doubled
    assert _ids(out) == [B.stem, A.stem]
    with open_store(out) as store:
        assert article_ids(store) == [A.stem, B.stem]
        assert [c.to_json() for c in citation_chains(store, A.stem)] == first
        streamed = [c.to_json() for c in iter_chains(store)]
        assert streamed == [c.to_json() for c in citation_chains(store)]


def test_folder_of_an_older_build_moves_into_the_store(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([A], out, Config(store="memory"))  # what builds wrote before: graph.trig only
    assert (out / "graph.trig").is_file() and not (out / "store").exists()
    with open_store(out) as old:  # read in memory, shortcuts derived on load
        before = [c.to_json() for c in citation_chains(old, A.stem)]
    build([B], out)
    assert (out / "graph.trig.bak").is_file() and not (out / "graph.trig").exists()
    with open_store(out) as store:
        assert article_ids(store) == [A.stem, B.stem]
        assert [c.to_json() for c in citation_chains(store, A.stem)] == before


def test_folder_readers_share_it_read_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([B], out)
    with open_store(out) as one, open_store(out) as two:
        assert article_ids(one) == article_ids(two) == [B.stem]
        with pytest.raises(StoreError, match="read-only"):
            one.remove_graph("urn:provgraph:any")


def test_bench_scale_smoke() -> None:
    script = Path(__file__).resolve().parents[2] / "bench" / "scale.py"
    p = subprocess.run([sys.executable, str(script), "smoke"], capture_output=True, text=True,
                       timeout=300, check=False)
    assert p.returncode == 0, p.stderr
    result = json.loads(p.stdout)
    assert result["list_all"]["chains"] > 0 and result["build"]["peak_rss_mb"] > 0
