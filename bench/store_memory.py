"""The build loop's store and link steps alone, replayed from a build's attributions.jsonl:
which of them holds memory that grows with the folder (no parse, so minutes for 10,000).

Each batch of ``batch.LINK_ARTICLES`` extractions is written to a new on-disk Oxigraph
store as ``build`` writes it (parts of ``batch.BATCH_ARTICLES``, flushed) and/or linked
into a new ``links.sqlite`` (``crossdoc.link_store``); every 1,024 articles the process's
RSS, glibc's heap in use (``mallinfo2``) and Python's blocks are printed.

Modes: ``store`` (write only), ``link`` (link only, the link graphs dropped), ``both`` (as
``build``), ``reopen`` (write only, the store closed and opened again every 2,048),
``both-reopen`` (as ``build``, the store closed and opened again every 2,048).

Usage: .venv/bin/python bench/store_memory.py MODE ATTRIBUTIONS.jsonl OUT
(OUT is emptied first.)
"""

from __future__ import annotations

import ctypes
import gc
import json
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from provgraph import batch
from provgraph.config import Config
from provgraph.crossdoc import link_store
from provgraph.model import Extraction
from provgraph.store.oxigraph import OxigraphStore


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
        "uordblks", "fordblks", "keepcost")]


def _malloc_used() -> float:
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _Mallinfo2
    m = libc.mallinfo2()
    return (m.uordblks + m.hblkhd) / 2**20


def _rss() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS"))


class _NoStore:
    """Link graphs made and dropped (``link`` mode)."""

    def replace_graph(self, graph: object, quads: Iterable[object]) -> None:
        list(quads)


class _Records:
    rebuilt = True  # no look-up of earlier graphs (a new store)


def _extractions(path: Path) -> Iterator[Extraction]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield Extraction.from_json(json.loads(line))


def main() -> None:
    mode, src, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if mode not in ("store", "link", "both", "reopen", "both-reopen"):
        sys.exit(__doc__)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    config = Config()
    store = OxigraphStore(out / "store") if mode != "link" else None
    n, t0 = 0, time.perf_counter()
    for group in batch._batches(_extractions(src), batch.LINK_ARTICLES):
        if store is not None:
            for part in batch._batches(iter(group), batch.BATCH_ARTICLES):
                batch._store_graphs(store, part, config, _Records())  # type: ignore[arg-type]
                store.flush()
        if mode in ("link", "both", "both-reopen"):
            link_store(store if store is not None else _NoStore(), out, group,  # type: ignore[arg-type]
                       config)
        n += len(group)
        if mode.endswith("reopen") and store is not None and n % 2048 == 0:
            store.close()
            store = OxigraphStore(out / "store")
        if n % 1024 == 0:
            gc.collect()
            print(json.dumps({"mode": mode, "articles": n,
                              "seconds": round(time.perf_counter() - t0, 1),
                              "rss_mb": round(_rss(), 1),
                              "malloc_used_mb": round(_malloc_used(), 1),
                              "py_blocks": sys.getallocatedblocks()}), flush=True)
    if store is not None:
        store.close()


if __name__ == "__main__":
    main()
