"""Memory of the step after a build's loop that writes the run graph, for N article ids.

The run graph (rdf/provenance.py) lists every article of a build, three quads each. This
writes it for N made-up ids into a new on-disk Oxigraph store as ``build`` does and prints
the process's RSS before the step and its high-water mark over the step (Linux: the mark
is reset through ``/proc/self/clear_refs``), with the seconds and the quads stored.

Usage: .venv/bin/python bench/run_graph_memory.py N
(on a code before ``batch._store_run``, it times that code's ``run_quads`` + ``replace_graph``)
"""

from __future__ import annotations

import gc
import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from provgraph import __version__, batch
from provgraph.config import Config
from provgraph.store.oxigraph import OxigraphStore


def _status(key: str) -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith(key))


def main() -> None:
    n = int(sys.argv[1])
    config = Config()
    ids = [f"gen-{i:06d}-some-article-id" for i in range(n)]
    tmp = Path(tempfile.mkdtemp(prefix="pg-run-graph-"))
    try:
        store = OxigraphStore(tmp / "store")
        gc.collect()
        base = _status("VmRSS")
        Path("/proc/self/clear_refs").write_text("5")  # the high-water mark starts here
        t = time.perf_counter()
        started = datetime.now(UTC)
        if hasattr(batch, "_store_run"):
            batch._store_run(store, config, ids, started, datetime.now(UTC))
        else:  # the code before: one list, one update
            from provgraph.rdf import run_quads
            graph, quads = run_quads(config, ids, started, datetime.now(UTC), __version__)
            store.replace_graph(graph, quads)
            del quads
        seconds = time.perf_counter() - t
        peak = _status("VmHWM")
        rows = store.query("SELECT (COUNT(*) AS ?c) WHERE { GRAPH ?g { ?s ?p ?o } }")
        store.close()
        print(json.dumps({"ids": n, "rss_before_mb": round(base, 1),
                          "peak_rss_mb": round(peak, 1), "step_mb": round(peak - base, 1),
                          "seconds": round(seconds, 1),
                          "quads": int(rows[0]["c"].value)}))  # type: ignore[index]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
