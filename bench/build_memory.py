"""What grows in a whole build's loop: a generated-corpus build run in this process,
sampled every STEP articles.

Each sample: RSS (``/proc/self/status``), glibc's heap in use (``mallinfo2``: what
Python's larger blocks, SQLite, RocksDB... hold through malloc), Python's own blocks
(``sys.getallocatedblocks``), spaCy's string store and rule-lemmatizer cache, and the
sizes of the build's own structures that grow with the corpus (the report's article list
and rewrite pairs, the records' id set).
With ``--trace`` also tracemalloc snapshots, and at the end the allocation sites that
grew most between the first sample and the last (Python heap only; slower).

Usage: .venv/bin/python bench/build_memory.py N OUT [--step 1000] [--trace] [--frames K]
                                               [--lemma-cache M] [--reopen R] [--json FILE]
(OUT must not exist; the generated corpus is written beside it and removed.)
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

from provgraph import batch
from provgraph.config import Config
from provgraph.crossdoc.generate import generate_corpus
from provgraph.nlp.pipeline import load_nlp


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
        "uordblks", "fordblks", "keepcost")]


def _mallinfo() -> tuple[float, float]:
    """(MB allocated through malloc and in use, MB held from the system by malloc)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _Mallinfo2
        m = libc.mallinfo2()
    except (OSError, AttributeError):
        return 0.0, 0.0
    return (m.uordblks + m.hblkhd) / 2**20, (m.arena + m.hblkhd) / 2**20


def _rss() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS"))


def _reopen_every(n: int) -> None:
    """A probe, not what ``build`` does: after each link batch that passes a multiple of
    ``n`` articles, the on-disk store is closed and opened again (what RocksDB gathered
    for the files it read goes with the old instance)."""
    import pyoxigraph

    from provgraph.store.oxigraph import OxigraphStore

    real = batch._link_batch
    linked = 0

    def link_batch(store: object, group: list, *rest: object) -> None:
        nonlocal linked
        real(store, group, *rest)  # type: ignore[arg-type]
        before, linked = linked, linked + len(group)
        if isinstance(store, OxigraphStore) and linked // n > before // n:
            store.store.flush()
            store._store = None
            gc.collect()
            store._store = pyoxigraph.Store(store.spec.removeprefix("oxigraph:"))

    batch._link_batch = link_batch  # type: ignore[assignment]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--step", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--trace", action="store_true")
    ap.add_argument("--frames", type=int, default=1)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--lemma-cache", type=int, help="override batch.LEMMA_CACHE")
    ap.add_argument("--reopen", type=int, default=0,
                    help="probe: close and open the store again every this many articles")
    args = ap.parse_args()
    src = args.out.with_name(args.out.name + ".corpus.jsonl")
    corpus = generate_corpus(args.n, seed=args.seed)
    with src.open("w", encoding="utf-8") as f:
        for ex in corpus.extractions:
            d = ex.document
            f.write(json.dumps({"id": d.id, "text": d.text, "title": d.title,
                                "publisher": d.publisher, "date": d.date}) + "\n")
    del corpus
    gc.collect()

    nlp = load_nlp(Config().spacy_model)
    if args.lemma_cache is not None:
        batch.LEMMA_CACHE = args.lemma_cache
    lemmas = getattr(nlp.get_pipe("lemmatizer"), "cache", {}) if (
        "lemmatizer" in nlp.pipe_names) else {}
    holders: dict[str, object] = {}
    real_records = batch._Records

    class Records(real_records):  # to read the size of its id set
        def __init__(self, folder: Path) -> None:
            super().__init__(folder)
            holders["records"] = self

    batch._Records = Records  # type: ignore[misc]
    real_report = batch.BuildReport

    def report(**kw: object) -> batch.BuildReport:
        holders["report"] = r = real_report(**kw)  # type: ignore[arg-type]
        return r

    batch.BuildReport = report  # type: ignore[assignment,misc]
    if args.reopen:
        _reopen_every(args.reopen)
    if args.trace:
        tracemalloc.start(args.frames)
    samples: list[dict[str, object]] = []
    snapshots: list[tracemalloc.Snapshot] = []
    t0 = time.perf_counter()
    done = 0

    def sample(label: int | str) -> None:
        gc.collect()
        used, held = _mallinfo()
        r = holders.get("report")
        rec = holders.get("records")
        row: dict[str, object] = {
            "articles": label, "seconds": round(time.perf_counter() - t0, 1),
            "rss_mb": round(_rss(), 1), "malloc_used_mb": round(used, 1),
            "malloc_held_mb": round(held, 1), "py_blocks": sys.getallocatedblocks(),
            "gc_objects": len(gc.get_objects()), "strings": len(nlp.vocab.strings),
            "lemma_cache": len(lemmas),
            "report_articles": len(r.articles) if r else 0,  # type: ignore[attr-defined]
            "report_rewrites": len(r.rewrites) if r else 0,  # type: ignore[attr-defined]
            "records_ids": len(rec.ids) if rec else 0,  # type: ignore[attr-defined]
            "load": round(os.getloadavg()[0], 2)}
        if args.trace:
            row["traced_mb"] = round(tracemalloc.get_traced_memory()[0] / 2**20, 1)
            snapshots.append(tracemalloc.take_snapshot().filter_traces(
                [tracemalloc.Filter(False, tracemalloc.__file__)]))
        samples.append(row)
        print(json.dumps(row), flush=True)

    def on_item(_doc: str) -> None:
        nonlocal done
        done += 1
        if done % args.step == 0:
            sample(done)

    sample(0)
    batch.build([src], args.out, Config(), on_item=on_item)
    sample("end")
    src.unlink()
    result: dict[str, object] = {"n": args.n, "samples": samples}
    if args.trace and len(snapshots) >= 3:
        # from the second sample (the pipeline warmed up) to the last in the loop
        growth = snapshots[-2].compare_to(snapshots[1], "traceback" if args.frames > 1
                                          else "lineno")
        top = [{"size_diff_kb": round(s.size_diff / 1024, 1), "count_diff": s.count_diff,
                "where": [str(f) for f in s.traceback][:args.frames]}
               for s in growth[:25]]
        result["growth"] = top
        for s in top:
            print(json.dumps(s))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
