"""Cross-article links through the whole `provgraph build` on a generated corpus.

bench/crossdoc_links.py measures linking alone (the generator hands over each article's
lead statement). This one writes the generated articles as a JSONL corpus, builds them
with the real pipeline (spaCy parse, attribution, provenance, store, link index) as a
child ``provgraph build``, scores the links the build stored (``OUT/links.sqlite``)
against the generator's ground truth with the same scorer, then adds one more article
of the same kind with a second ``build`` into the same folder and times it.

Usage: .venv/bin/python bench/crossdoc_build.py N [--seed S] [--workers W] [--keep DIR]
                                                   [--json FILE]

Origin-count accuracy is ``crossdoc/scoring.py``'s: the share of true claims whose
predicted group holds no other claim's article and counts the true number of origins.
Up to ``batch.PAGE_CHAINS`` chains in the folder, each build (the add-one too) ends by
drawing every chain on one page (``chains.html``): small folders pay for that page.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from provgraph.crossdoc.generate import Corpus, generate_corpus
from provgraph.crossdoc.index import LinkIndex
from provgraph.crossdoc.scoring import score_links

PROVGRAPH = str(Path(sys.executable).with_name("provgraph"))


def _write_jsonl(corpus: Corpus, path: Path, skip: set[str] = frozenset()) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for ex in corpus.extractions:
            d = ex.document
            if d.id in skip:
                continue
            f.write(json.dumps({"id": d.id, "text": d.text, "title": d.title,
                                "publisher": d.publisher, "date": d.date}) + "\n")
            n += 1
    return n


def _child_build(src: Path, out: Path, workers: int) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MB) of one `provgraph build`: the child's own
    (wait4), CPU = user + system of the child and of its workers it waited for. On a
    loaded machine wall seconds depend on the other load; CPU seconds much less."""
    cmd = [PROVGRAPH, "build", str(src), "-o", str(out)]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    t = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / "build.log", "a") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=log,
                                env={**os.environ, "NO_COLOR": "1"})
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"build failed, see {out.parent / 'build.log'}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024  # the child's own peak, not the largest child's


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="build here and keep the folder")
    ap.add_argument("--json", type=Path, help="also write the result to this file")
    args = ap.parse_args()
    corpus = generate_corpus(args.n + 1, seed=args.seed)
    last = corpus.extractions[-1].document.id  # added alone, after the build
    tmp = Path(tempfile.mkdtemp(prefix="pg-crossdoc-build-"))
    out = args.keep or tmp / "out"
    try:
        src = tmp / "corpus.jsonl"
        built = _write_jsonl(corpus, src, skip={last})
        wall, cpu, peak = _child_build(src, out, args.workers)
        one = tmp / "one.jsonl"
        _write_jsonl(Corpus([e for e in corpus.extractions if e.document.id == last],
                            corpus.truth), one)
        add_wall, add_cpu, add_peak = _child_build(one, out, 1)
        with LinkIndex.beside(out) as index:
            scores = score_links(index, corpus)
        result = {"articles": built, "seed": args.seed, "workers": args.workers,
                  **scores.to_json(),
                  "build_seconds": round(wall, 1),
                  "build_seconds_per_article": round(wall / built, 4),
                  "build_cpu_seconds": round(cpu, 1),
                  "build_cpu_seconds_per_article": round(cpu / built, 4),
                  "build_peak_rss_mb": round(peak, 1),
                  "add_one_seconds": round(add_wall, 2),
                  "add_one_cpu_seconds": round(add_cpu, 2),
                  "add_one_peak_rss_mb": round(add_peak, 1),
                  "load_average": [round(x, 2) for x in os.getloadavg()]}
        print(json.dumps(result))
        if args.json is not None:
            args.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    finally:  # the generated JSONL files go; a --keep folder stays (it is not under tmp)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
