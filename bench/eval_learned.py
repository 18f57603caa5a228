"""Tag PolNeAR dev with the shipped learned tagger, write predictions, score them.

    .venv/bin/python bench/eval_learned.py [--dev ../shared/eval/polnear/dev.jsonl]
        [--pred /tmp/learned-pred.jsonl]

Prints the shared scorer's exact/overlap table and tag() speed in tokens/s (the spaCy
parse is excluded; parses are cached under /tmp/pg-cache).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import spacy

from provgraph.attribution.learned import LearnedTagger
from provgraph.attribution.training import SPACY_MODEL, _table, evaluate, load_jsonl, parsed_docs

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--dev", default=str(SHARED / "eval/polnear/dev.jsonl"))
    ap.add_argument("--pred", default="/tmp/learned-pred.jsonl")
    ap.add_argument("--scorer", default=str(SHARED / "tools/score_attributions.py"))
    ap.add_argument("--model", default=None, help="model file (default: the shipped one)")
    args = ap.parse_args(argv)
    if not Path(args.dev).is_file():
        print(f"no dev set at {args.dev}", file=sys.stderr)
        return 2
    nlp = spacy.load(SPACY_MODEL)
    tagger = LearnedTagger(args.model)
    records = load_jsonl(args.dev)
    docs = parsed_docs(args.dev, records, nlp)
    tagger.tag(docs[0])  # load the models before timing
    t0 = time.perf_counter()
    n = sum(len(tagger.tag(d)) for d in docs)
    dt = time.perf_counter() - t0
    ntok = sum(len(d) for d in docs)
    scores = evaluate(tagger, args.dev, args.scorer, args.pred, nlp)
    print(_table(scores))
    print(f"{n} attributions; tag(): {ntok} tokens in {dt:.1f}s = {ntok / dt:,.0f} tokens/s")
    print(json.dumps({"overlap_f1": {k: v["f1"] for k, v in scores["micro"]["overlap"].items()}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
