"""Throughput of `provgraph extract` against a bare `nlp.pipe` of the same model, same texts.

Both runs parse every text; the ratio says how much the attribution, entity and layout
steps add on top of the parse. Measured in one run on each corpus present:

- **PolNeAR dev** (../shared/eval/polnear/dev.jsonl): political news, one attribution in
  a few sentences;
- **dense wire copy**: the two seed articles (examples/seeds: a wire story and its
  rewrite, where most sentences carry an attribution) repeated ``--repeat`` times (150,
  as issue 9 measured);
- **real news** (~/.cache/provgraph/realnews/texts, re-collected outside the repo by
  bench/realnews_eval.py; never committed), when present.

Also the speed-up of 2 extraction processes on the first corpus. Each variant is timed
twice and the faster run kept (the machine is shared); bare and extract alternate. The
ratio is of wall times; ``ratio_cpu_time`` is the same ratio of this process's CPU time,
which the other processes on a shared machine disturb less.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from provgraph.config import Config
from provgraph.ingest import document_from_text, iter_documents
from provgraph.model import Document
from provgraph.nlp import load_nlp
from provgraph.parallel import extract_parallel
from provgraph.pipeline import extract_many

ROOT = Path(__file__).resolve().parents[1]
REALNEWS = Path.home() / ".cache" / "provgraph" / "realnews" / "texts"


def _read(paths: list[Path]) -> list[Document]:
    return [d for d in iter_documents(paths) if isinstance(d, Document)]


def _corpora(shared: Path, repeat: int) -> list[tuple[str, list[Document]]]:
    out = []
    dev = shared / "eval" / "polnear" / "dev.jsonl"
    if dev.is_file():
        out.append(("PolNeAR dev", [document_from_text(r["id"], r["text"])
                                    for r in map(json.loads, dev.open())]))
    out.append((f"dense wire copy (seeds x{repeat})", _read([ROOT / "examples" / "seeds"]) * repeat))
    if REALNEWS.is_dir():
        out.append(("real news (cache)", _read([REALNEWS])))
    return out


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    return _timed_cpu(fn)[0]


def _timed_cpu(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall seconds, this process's CPU seconds) of ``fn()``: on a shared machine the
    wall time also counts the waits for a core, the CPU time does not."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def _measure(docs: list[Document], config: Config, repeats: int
             ) -> tuple[float, float, float, float]:
    """Best bare parse and best extraction seconds, wall then CPU; runs alternating."""
    nlp = load_nlp(config.spacy_model)
    texts = [d.text for d in docs]
    bare = full = bare_cpu = full_cpu = float("inf")
    for _ in range(repeats):
        wall, cpu = _timed_cpu(lambda: list(nlp.pipe(texts, batch_size=config.batch_size)))
        bare, bare_cpu = min(bare, wall), min(bare_cpu, cpu)
        wall, cpu = _timed_cpu(lambda: list(extract_many(docs, config)))
        full, full_cpu = min(full, wall), min(full_cpu, cpu)
    return bare, full, bare_cpu, full_cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "extract_speed.json")
    ap.add_argument("--repeat", type=int, default=150, help="copies of the seed articles")
    ap.add_argument("--repeats", type=int, default=2, help="timings per variant (best kept)")
    args = ap.parse_args()
    config = Config()
    nlp = load_nlp(config.spacy_model)
    corpora = _corpora(args.shared, args.repeat)
    list(extract_many(corpora[0][1][:2], config))  # warm up: model loads are not throughput
    result: dict[str, object] = {"load_average_1min": round(os.getloadavg()[0], 2),
                                 "cpus": os.cpu_count(), "model": nlp.meta.get("name")}
    rows = []
    for name, docs in corpora:
        words = sum(len(d.text.split()) for d in docs)
        bare, full, bare_cpu, full_cpu = _measure(docs, config, args.repeats)
        rows.append({"texts": name, "documents": len(docs), "words": words,
                     "nlp_pipe_words_per_s": round(words / bare),
                     "extract_words_per_s": round(words / full),
                     "ratio_extract_to_pipe": round(bare / full, 3),
                     "ratio_cpu_time": round(bare_cpu / full_cpu, 3)})
        print(json.dumps(rows[-1]), flush=True)
    result["corpora"] = rows
    name, docs = corpora[0]
    two = min(_timed(lambda: list(extract_parallel(docs, config.with_(workers=2))))
              for _ in range(args.repeats))
    one = rows[0]["words"] / rows[0]["extract_words_per_s"]  # type: ignore[operator]
    result["two_processes"] = {"texts": name,
                               "extract_2proc_words_per_s": round(rows[0]["words"] / two),  # type: ignore[operator]
                               "speedup_2proc": round(one / two, 3)}
    result["load_average_1min_after"] = round(os.getloadavg()[0], 2)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
