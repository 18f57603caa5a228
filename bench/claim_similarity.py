"""Claim similarity on the real dev clusters: rapidfuzz (claims.py's scorer) vs MiniLM.

Builds sentence pairs from ../shared/realnews/clusters.json and the article texts collected
in ~/.cache/provgraph/realnews/clusters/ (see CLUSTERS.md; the texts are read here, never
printed or stored):

- **same claim** (positive): the sentence holding ``claim_contains`` in each article, paired
  across the articles of one event cluster (k01-k05; a claim told in stronger or weaker
  forms is one claim, as CLUSTERS.md says);
- **near miss** (negative): those sentences paired between a near-miss cluster and the
  cluster it mimics (k06 x k01, k07 x k03) and inside a near-miss cluster (other events);
- **other claim, same story** (negative, noisy): the claim sentence of one article paired
  with the sentences of the *other* statements (provgraph's own attributions) of another
  article of the same cluster; a few of them restate the key claim, so this class
  carries some label noise against both scorers;
- **other story** (negative): claim sentences of unrelated clusters.

Each pair is scored by rapidfuzz exactly as ``claims.is_same_claim`` does
(``fuzz.token_set_ratio`` over ``claims._norm``, imported, /100) and by the MiniLM cosine
(``provgraph.crossdoc.encoder``). Reported: ROC AUC (all negatives, and per class), the
best-threshold pairwise F1 (threshold fitted on the same pairs: optimistic), the same
with the threshold fitted on the other clusters (leave one story-group out), and both
again after claims.py's blocking (speaker and date gates of ``is_same_claim``, taken
from claims.py by running it with a similarity that always passes). Also today's rule
(``is_same_claim`` as it stands) and the cost of the encoder.

Usage: .venv/bin/python bench/claim_similarity.py [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from unittest import mock

import numpy as np
from scipy.stats import rankdata

from provgraph.config import Config
from provgraph.crossdoc import claims
from provgraph.crossdoc.index import StatementRow
from provgraph.ingest import iter_documents
from provgraph.nlp import annotate_many
from provgraph.pipeline import extract_from_doc

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT.parent / "shared" / "realnews" / "clusters.json"
TEXTS = Path.home() / ".cache" / "provgraph" / "realnews" / "clusters"
MIMICS = {"k06": "k01", "k07": "k03"}
# folds for the held-out threshold: a near-miss set goes with the story it mimics
FOLDS = {"k01": "quake", "k06": "quake", "k03": "neymar", "k07": "neymar",
         "k02": "yahoo", "k04": "fossils", "k05": "ardern"}


@dataclass(frozen=True)
class Unit:
    article: str
    cluster: str
    is_claim: bool
    row: StatementRow  # text = the sentence; speaker and days as add_statements sets them


def rapidfuzz_score(a: str, b: str) -> float:
    """claims.py's paraphrase score, 0..1."""
    return claims.fuzz.token_set_ratio(claims._norm(a), claims._norm(b)) / 100.0


class _AlwaysSimilar:
    @staticmethod
    def token_set_ratio(a: str, b: str) -> float:
        return 100.0


def passes_blocking(a: StatementRow, b: StatementRow) -> bool:
    """claims.is_same_claim with the paraphrase check forced to pass: its date and
    speaker gates alone (no copy of the rules here)."""
    with mock.patch.object(claims, "fuzz", _AlwaysSimilar):
        return claims.is_same_claim(a, b)


def _find(text: str, snippet: str) -> int:
    at = text.find(snippet)
    if at < 0:
        at = text.replace("\u2019", "'").find(snippet.replace("\u2019", "'"))
    return at


def load_units(gold: list[dict]) -> list[Unit]:
    """The claim sentence and the other statements' sentences of every article."""
    meta = {a["article"]: c["cluster"] for c in gold for a in c["articles"]}
    snippet = {a["article"]: a["claim_contains"] for c in gold for a in c["articles"]}
    paths = [TEXTS / f"{name}.txt" for name in meta]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        sys.exit(f"cluster texts not collected in {TEXTS} ({len(missing)} missing; "
                 "see ../shared/realnews/CLUSTERS.md, 'Texts')")
    config = Config()
    units: list[Unit] = []
    for document, doc in annotate_many(iter_documents(paths, config), config):
        ex = extract_from_doc(document, doc, config)
        sents = [(s.start_char, s.end_char) for s in doc.sents]
        units += _article_units(ex, sents, snippet[document.id], meta[document.id],
                                first_sid=len(units) + 1)
    return units


def _article_units(ex, sents: list[tuple[int, int]], snippet: str, cluster: str,
                   first_sid: int) -> list[Unit]:
    text, name = ex.document.text, ex.document.id
    lead = claims._days(claims._lead(ex))
    units: list[Unit] = []

    def sentence_at(pos: int) -> tuple[int, int]:
        return next(((a, b) for a, b in sents if a <= pos < b), (pos, pos))

    def unit(span: tuple[int, int], speaker: str | None, is_claim: bool) -> Unit:
        sid = first_sid + len(units)
        sentence = text[span[0]:span[1]].strip()
        # speaker and days exactly as claims.add_statements sets them
        row = StatementRow(sid, name, span[0], span[1], sentence, claims.speaker_key(speaker),
                           claims._days(sentence) or lead, sid)
        return Unit(name, cluster, is_claim, row)

    at = _find(text, snippet)
    if at < 0:
        sys.exit(f"{name}: claim_contains not found in the collected text")
    claim_span = sentence_at(at)
    speaker = next((a.speaker for a in ex.attributions
                    if a.content.start <= at < a.content.end), None) or next(
        (a.speaker for a in ex.attributions
         if a.content.start < claim_span[1] and claim_span[0] < a.content.end), None)
    units.append(unit(claim_span, speaker, True))
    seen = {claim_span}
    for a in ex.attributions:
        if len(claims._words(a.content.text)) < claims._MIN_WORDS:
            continue
        span = sentence_at(a.content.start)
        if span in seen or span[0] == span[1]:
            continue
        seen.add(span)
        units.append(unit(span, a.speaker, False))
    return units


def build_pairs(units: list[Unit]) -> list[tuple[Unit, Unit, str]]:
    """(a, b, kind) with kind in same / near_miss / other_claim / other_story."""
    pairs = []
    claims_ = [u for u in units if u.is_claim]
    for a, b in combinations(claims_, 2):
        if a.article == b.article:
            continue
        if a.cluster == b.cluster:
            kind = "near_miss" if a.cluster in MIMICS else "same"
        elif MIMICS.get(a.cluster) == b.cluster or MIMICS.get(b.cluster) == a.cluster:
            kind = "near_miss"
        else:
            kind = "other_story"
        pairs.append((a, b, kind))
    for a in claims_:
        for b in units:
            if not b.is_claim and b.cluster == a.cluster and b.article != a.article:
                pairs.append((a, b, "other_claim"))
    return pairs


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """ROC AUC = P(score of a positive > score of a negative), ties counted half."""
    if not len(pos) or not len(neg):
        return float("nan")
    ranks = rankdata(np.concatenate([pos, neg]))
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2)
                 / (len(pos) * len(neg)))


def prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int((y & pred).sum())
    fp = int((~y & pred).sum())
    fn = int((y & ~pred).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_threshold(y: np.ndarray, s: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) maximising pairwise F1 for the rule score >= threshold."""
    best = (float("inf"), 0.0)
    for t in np.unique(s):
        f1 = prf(y, s >= t)[2]
        if f1 > best[1]:
            best = (float(t), f1)
    return best


def held_out_f1(y: np.ndarray, s: np.ndarray, fold: np.ndarray) -> tuple[float, float, float]:
    """P/R/F1 when each story group is judged at the threshold fitted on the others."""
    pred = np.zeros_like(y)
    for f in np.unique(fold):
        t, _ = best_threshold(y[fold != f], s[fold != f])
        pred[fold == f] = s[fold == f] >= t
    return prf(y, pred)


_COST = r"""
import json, statistics, sys, time
from pathlib import Path
def rss():
    return [int(x.split()[1]) / 1024 for x in Path("/proc/self/status").read_text()
            .splitlines() if x.startswith("VmRSS:")][0]
t = time.perf_counter()
from provgraph.crossdoc import encoder
r0 = rss()
model = encoder.load()
load_s = time.perf_counter() - t
r1 = rss()
texts = json.load(sys.stdin)
model.encode(texts[:8])
runs, cpu = [], []
for _ in range(3):
    t, c = time.perf_counter(), time.process_time()
    model.encode(texts, batch_size=32)
    runs.append(time.perf_counter() - t)
    cpu.append(time.process_time() - c)
article, article_cpu = [], []
for i in range(0, 60, 6):  # one article's statements, encoded together as add_statements would
    t, c = time.perf_counter(), time.process_time()
    model.encode(texts[i:i + 6])
    article.append((time.perf_counter() - t) / 6)
    article_cpu.append((time.process_time() - c) / 6)
one = []
for text in texts[:30]:
    t = time.perf_counter()
    model.encode([text])
    one.append(time.perf_counter() - t)
print(json.dumps({"load_s": load_s, "rss_before_mb": r0, "rss_loaded_mb": r1,
                  "rss_after_mb": rss(), "ms_batch32": min(runs) / len(texts) * 1e3,
                  "ms_batch6": statistics.median(article) * 1e3,
                  "cpu_ms_batch32": min(cpu) / len(texts) * 1e3,
                  "cpu_ms_batch6": statistics.median(article_cpu) * 1e3,
                  "ms_alone": statistics.median(one) * 1e3}))
"""


def measure_cost(texts: list[str]) -> dict:
    """Encoder cost in fresh interpreters (load time includes importing numpy/scipy/
    tokenizers and reading the 87 MB zip), with OpenBLAS's default threads (2 here) and
    with one thread; the texts go over stdin and are never written anywhere."""
    import os
    out = {}
    for label, env in (("default threads", {}), ("1 thread", {"OPENBLAS_NUM_THREADS": "1"})):
        out[label] = json.loads(subprocess.run(
            [sys.executable, "-c", _COST], input=json.dumps(texts), capture_output=True,
            text=True, check=True, env={**os.environ, **env}).stdout)
    from provgraph.crossdoc import encoder
    tok = encoder.load().tokenizer
    out["mean_tokens"] = float(np.mean([len(tok.encode(x).ids) for x in texts]))
    a = encoder.encode(texts[:50])
    t = time.perf_counter()
    for _ in range(20):
        a @ a.T
    out["us_per_pair_cosine"] = (time.perf_counter() - t) / 20 / (50 * 50) * 1e6
    t = time.perf_counter()
    for x in texts[:50]:
        for y in texts[:50]:
            rapidfuzz_score(x, y)
    out["us_per_pair_rapidfuzz"] = (time.perf_counter() - t) / (50 * 50) * 1e6
    return out


SCORERS = ("rapidfuzz", "MiniLM", "mean of both")


def table(y: np.ndarray, kinds: np.ndarray, fold: np.ndarray, scores: dict, gate: np.ndarray,
          today: np.ndarray, label: str, keep: np.ndarray) -> list[dict]:
    y, kinds, fold, gate, today = y[keep], kinds[keep], fold[keep], gate[keep], today[keep]
    neg = {k: int((kinds == k).sum()) for k in ("near_miss", "other_claim", "other_story")
           if (kinds == k).any()}
    print(f"\n{label}: {int(y.sum())} same-claim pairs vs {int((~y).sum())} others {neg}")
    p, r, f = prf(y, today)
    print(f"today's rule (is_same_claim: blocking + rapidfuzz >= 55, >= 75 for a loose "
          f"speaker): F1 {f:.3f} (P {p:.3f} / R {r:.3f})\n")
    print("| scorer | blocking | ROC AUC | AUC vs " + " / ".join(neg) + " | best F1 (P / R) "
          "@ threshold | held-out F1 (P / R) |")
    print("|---|---|---|---|---|---|")
    rows = []
    for name in SCORERS:
        for blocked in (False, True):
            s = np.where(gate, scores[name][keep], -1.0) if blocked else scores[name][keep]
            total = auc(s[y], s[~y])
            per = [auc(s[y], s[kinds == k]) for k in neg]
            t, _ = best_threshold(y, s)
            bp, br, bf = prf(y, s >= t)
            hp, hr, hf = held_out_f1(y, s, fold)
            print(f"| {name} | {'yes' if blocked else 'no'} | {total:.3f} | "
                  + " / ".join(f"{v:.3f}" for v in per)
                  + f" | {bf:.3f} ({bp:.3f} / {br:.3f}) @ {t:.3f} | {hf:.3f} ({hp:.3f} / "
                  f"{hr:.3f}) |")
            rows.append({"set": label, "scorer": name, "blocking": blocked, "auc": total,
                         "auc_by_class": dict(zip(neg, per)), "best_threshold": t,
                         "best": [bp, br, bf], "held_out": [hp, hr, hf]})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    ap.add_argument("--no-cost", action="store_true", help="skip the timing runs")
    args = ap.parse_args()
    from provgraph.crossdoc import encoder
    gold = json.loads(CLUSTERS.read_text("utf-8"))
    units = load_units(gold)
    pairs = build_pairs(units)
    texts = [u.row.text for u in units]
    emb = encoder.encode(texts)
    index = {id(u): i for i, u in enumerate(units)}

    kinds = np.array([k for _, _, k in pairs])
    y = kinds == "same"
    fold = np.array([FOLDS[a.cluster] for a, _, _ in pairs])
    rf = np.array([rapidfuzz_score(a.row.text, b.row.text) for a, b, _ in pairs])
    ml = np.array([float(emb[index[id(a)]] @ emb[index[id(b)]]) for a, b, _ in pairs])
    scores = {"rapidfuzz": rf, "MiniLM": ml, "mean of both": (rf + ml) / 2}
    gate = np.array([passes_blocking(a.row, b.row) for a, b, _ in pairs])
    today = np.array([claims.is_same_claim(a.row, b.row) for a, b, _ in pairs])
    print(f"{len(units)} sentences ({sum(u.is_claim for u in units)} claim sentences), "
          f"{len(pairs)} pairs; blocking keeps {int(gate[y].sum())}/{int(y.sum())} "
          f"same-claim pairs and {int(gate[~y].sum())}/{int((~y).sum())} others")
    rows = table(y, kinds, fold, scores, gate, today, "all pairs", np.ones_like(y))
    rows += table(y, kinds, fold, scores, gate, today,
                  "without 'other claim, same story' (the noisy class)",
                  kinds != "other_claim")
    result: dict = {"rows": rows, "pairs": {k: int((kinds == k).sum()) for k in set(kinds)}}
    if not args.no_cost:
        cost = measure_cost(texts)
        result["cost"] = cost
        print(f"\ncost: {len(texts)} sentences, mean {cost['mean_tokens']:.0f} tokens; "
              f"per pair {cost['us_per_pair_cosine']:.3f} us cosine (given embeddings) vs "
              f"{cost['us_per_pair_rapidfuzz']:.1f} us rapidfuzz")
        for label in ("default threads", "1 thread"):
            c = cost[label]
            print(f"- {label}: load {c['load_s']:.2f} s, RSS {c['rss_before_mb']:.0f} -> "
                  f"{c['rss_loaded_mb']:.0f} MB loaded -> {c['rss_after_mb']:.0f} MB after "
                  f"encoding; ms/sentence: {c['ms_batch32']:.1f} (batches of 32), "
                  f"{c['ms_batch6']:.1f} (batches of 6, one article), {c['ms_alone']:.1f} "
                  f"(alone); CPU ms/sentence (all threads): {c['cpu_ms_batch32']:.1f} (32), "
                  f"{c['cpu_ms_batch6']:.1f} (6)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
