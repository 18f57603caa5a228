"""Faults: a killed build, a remote endpoint down / slow / failing, a full disk.

Real components only: a real subprocess killed with SIGKILL, the real ``oxigraph serve``
(behind a fault-injecting proxy, tests/fault_proxy.py), a real 4 MB tmpfs.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fault_proxy import Faults, fault_proxy
from paths import SEEDS
from provgraph.batch import build
from provgraph.config import Config
from provgraph.errors import OutputError, StoreError
from provgraph.store import open_store
from provgraph.store.remote import RemoteStore
from server_fixture import oxigraph_binary, oxigraph_server

ROOT = Path(__file__).resolve().parents[1]

# writes graph after graph into an on-disk store, each graph declaring its own size
_WRITER = """
import sys
from pyoxigraph import Literal, NamedNode, Quad
from provgraph.store.oxigraph import OxigraphStore
store = OxigraphStore(sys.argv[1])
ex = "http://example.org/"
for g in range(100000):
    size = 200 + (g * 37) % 300
    graph = NamedNode(f"{ex}g{g}")
    quads = [Quad(NamedNode(f"{ex}s{g}-{k}"), NamedNode(ex + "p"), Literal("x" * 200), graph)
             for k in range(size)]
    quads.append(Quad(graph, NamedNode(ex + "size"), Literal(size + 1), graph))
    store.replace_graph(graph, quads)
    print(g, flush=True)
"""


def test_reliability_kill_9_mid_build_leaves_only_whole_graphs(tmp_path: Path) -> None:
    path = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    written = -1
    while written < 30:  # let it get well into the build, then kill it mid-write
        written = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    with open_store(f"oxigraph:{path}") as store:  # reopens: RocksDB replays its log
        graphs = store.graphs()
        assert len(graphs) >= written + 1
        rows = store.query("""SELECT ?g (COUNT(*) AS ?n) ?size WHERE {
            GRAPH ?g { ?s ?p ?o . ?g <http://example.org/size> ?size } } GROUP BY ?g ?size""")
        assert isinstance(rows, list) and len(rows) == len(graphs)
        for row in rows:
            assert int(row["n"].value) == int(row["size"].value), row["g"]


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server (PyPI package 'oxigraph') is not installed")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_reliability_endpoint_down_is_retried_then_one_clear_error() -> None:
    store = RemoteStore(f"http://127.0.0.1:{_free_port()}", timeout=2, retries=3, backoff=0.1)
    t0 = time.monotonic()
    with pytest.raises(StoreError) as info:
        store.graphs()
    assert time.monotonic() - t0 >= 0.1 + 0.2 + 0.4  # it did back off between attempts
    msg = str(info.value)
    assert "unreachable" in msg and "gave up after 4 attempts" in msg and "\n" not in msg


def test_reliability_endpoint_500_twice_then_ok_is_retried(oxigraph_url: str,
                                                           nation, config) -> None:  # type: ignore[no-untyped-def]
    from provgraph.rdf import extraction_quads, iris

    faults = Faults(fail=2, only="/update")
    graph = iris.article_graph_iri(config, nation.document.id)
    with fault_proxy(oxigraph_url, faults) as url:
        store = RemoteStore(url, retries=3, backoff=0.05)
        store.replace_graph(graph, extraction_quads(nation, config))
        assert faults.seen.count("/update") == 3
        assert graph in store.graphs()
        store.remove_graph(graph)


def test_reliability_endpoint_slow_times_out_then_one_clear_error(oxigraph_url: str) -> None:
    faults = Faults(delay=1.5)
    with fault_proxy(oxigraph_url, faults) as url:
        store = RemoteStore(url, timeout=0.3, retries=1, backoff=0.05)
        with pytest.raises(StoreError, match=r"no answer within 0.3 s \(gave up after 2 "):
            store.graphs()
    assert len(faults.seen) == 2


def test_reliability_endpoint_always_500_fails_the_build_with_no_partial_graph(
        oxigraph_url: str, tmp_path: Path) -> None:
    faults = Faults(fail=-1, only="/update")
    with fault_proxy(oxigraph_url, faults) as url:
        p = subprocess.run([sys.executable, "-m", "provgraph", "build", str(SEEDS), "-o",
                            str(tmp_path / "out"), "--store", url],
                           capture_output=True, text=True, timeout=300, check=False)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    [line] = [ln for ln in p.stderr.splitlines() if ln.startswith("error:")]
    assert "HTTP 500" in line and "gave up after 4 attempts" in line
    assert faults.seen.count("/update") == 4  # bounded: one request, three retries
    assert RemoteStore(oxigraph_url).graphs() == []  # nothing half-written reached it
    assert not (tmp_path / "out" / "graph.trig").exists()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MB tmpfs (needs root and a mount-permitting container)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)],
                       capture_output=True, text=True, check=False)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip()})")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_reliability_disk_full_is_one_error_and_keeps_previous_outputs(
        small_disk: Path, tmp_path: Path) -> None:
    # the memory store, whose only copy is graph.trig: every output file is all-or-nothing
    out = small_disk / "out"
    memory = Config(store="memory")
    build([SEEDS / "001_b26ab9b28ceb190a.txt"], out, memory)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    filler = small_disk / "filler"
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    filler.write_bytes(b"\0" * max(0, free - 20_000))  # leave less than a graph needs
    with pytest.raises(OutputError) as info:
        build([SEEDS], out, memory)
    assert "No space left on device" in str(info.value) and str(out) in str(info.value)
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before  # the previous outputs, byte for byte, and no temp files left
    report = json.loads(before["report.json"])
    assert report["articles"] == ["001_b26ab9b28ceb190a"]


def test_reliability_traceback_only_with_debug(tmp_path: Path) -> None:
    args = [sys.executable, "-m", "provgraph", "query", str(tmp_path / "missing"), "chains"]
    quiet = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    loud = subprocess.run([*args, "--debug"], capture_output=True, text=True, timeout=120,
                          check=False)
    assert quiet.returncode == 1 and "Traceback" not in quiet.stderr
    assert len(quiet.stderr.strip().splitlines()) == 1
    assert loud.returncode == 1 and "Traceback" in loud.stderr and "StoreError" in loud.stderr
