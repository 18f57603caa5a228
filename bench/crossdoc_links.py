"""Benchmark of cross-article linking on a generated corpus (graph/provgraph/crossdoc).

Generates N articles with ground truth, adds them one at a time to an on-disk link index
(as daily builds would), and prints rewrite precision/recall, claim pairwise F1,
origin-count accuracy, the mean seconds to add one article over the last 200 additions,
and the peak resident memory. The NLP step is not run (the generator hands over each
article's lead statement), so this measures linking alone.

Usage: .venv/bin/python bench/crossdoc_links.py N [--seed S]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from provgraph.crossdoc.generate import generate_corpus
from provgraph.crossdoc.index import LinkIndex
from provgraph.crossdoc.linker import link_index
from provgraph.crossdoc.scoring import score_links


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    corpus = generate_corpus(args.n, seed=args.seed)
    with tempfile.TemporaryDirectory() as tmp, LinkIndex.beside(Path(tmp)) as index:
        times = []
        started = time.perf_counter()
        for ex in corpus.extractions:
            t = time.perf_counter()
            link_index(index, [ex])
            times.append(time.perf_counter() - t)
        total = time.perf_counter() - started
        scores = score_links(index, corpus)
        size = (Path(tmp) / "links.sqlite").stat().st_size
    tail = times[-200:]
    print(json.dumps({"articles": args.n, "seed": args.seed, **scores.to_json(),
                      "seconds_total": round(total, 1),
                      "seconds_per_article_last200": round(sum(tail) / len(tail), 5),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                           / 1024, 1),
                      "index_mb": round(size / 2**20, 1)}))


if __name__ == "__main__":
    main()
