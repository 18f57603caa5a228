"""`make eval`: provgraph extract over PolNeAR dev → EVAL.md.

Scores with provgraph's own scorer and cross-checks every figure against the reference
scorer in ../shared/tools; adds recall by kind and by cue type, speaker accuracy on the
seeds, and 30 sampled errors with a one-line diagnosis each. PolNeAR is internal data:
nothing of its text is written into the repository: EVAL.md holds numbers, character
offsets and diagnoses only.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from provgraph.batch import extract_paths
from provgraph.config import Config
from provgraph.eval import LEVELS, REGIMES, _align, _trim, score_files

ROOT = Path(__file__).resolve().parents[1]


def _cue_type(cue: dict[str, Any] | None) -> str:
    if not cue:
        return "none"
    t = cue["text"].lower()
    if "according" in t:
        return "according to"
    if t.endswith("ing"):
        return "participle"
    if t.split()[-1] in {"statement", "announcement", "claim", "warning", "report", "remarks",
                         "comments", "testimony", "interview", "poll", "survey", "study"}:
        return "noun"
    return "verb"


def _cue_word(a: dict[str, Any]) -> str:
    # one cue word (a common English verb or noun) names the error; no corpus text beyond it
    words = (a.get("cue") or {}).get("text", "").lower().split()
    return max(words, key=len) if words else "none"


def _lemma(word: str) -> str:
    from provgraph.nlp import load_nlp

    return load_nlp()(word)[0].lemma_.lower() if word != "none" else word


def _diagnose(g: dict[str, Any] | None, p: dict[str, Any] | None, text: str) -> str:
    verbs = _lexicon_verbs()
    if p is None and g is not None:
        word = _cue_word(g)
        known = _lemma(word) in verbs
        src = g.get("source")
        who = "no source" if not src else ("pronoun source" if src["text"].lower() in _PRONOUNS
                                           else "named/descr. source")
        return (f"missed: {g['kind']} with {_cue_type(g.get('cue'))} cue '{word}' "
                f"({'in' if known else 'not in'} the rule lexicon), {who}")
    if g is None and p is not None:
        return (f"spurious: predicted {p['kind']} with cue '{_cue_word(p)}' where the gold "
                "marks no attribution")
    bits = []
    for role in ("source", "cue", "content"):
        gs, ps = _trim(g.get(role), text), _trim(p.get(role), text)
        if gs != ps:
            if gs is None or ps is None:
                bits.append(f"{role} {'missing' if ps is None else 'extra'}")
            elif ps[0] < gs[1] and gs[0] < ps[1]:
                bits.append(f"{role} boundary ({ps[0]-gs[0]:+d}/{ps[1]-gs[1]:+d} chars)")
            else:
                bits.append(f"{role} wrong span")
    return "; ".join(bits) or "exact"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--out", type=Path, default=ROOT / "EVAL.md")
    ap.add_argument("--attribution", default="hybrid", choices=("rules", "learned", "hybrid"))
    ap.add_argument("--pred", type=Path, default=Path("/tmp/provgraph-polnear-pred.jsonl"))
    args = ap.parse_args()
    gold_path = args.shared / "eval" / "polnear" / f"{args.split}.jsonl"
    if not gold_path.is_file():
        print(f"{gold_path}: not found (PolNeAR is internal data, absent here)", file=sys.stderr)
        return 2
    config = Config.polnear(attribution=args.attribution)
    errors: list[str] = []
    t0 = time.time()
    # the same path `provgraph extract --content-includes-that` takes, one JSONL line each
    with args.pred.open("w") as f:
        n = 0
        for ex in extract_paths([gold_path], config, errors):
            rec = ex.to_json()
            rec["id"] = rec["id"]
            f.write(json.dumps(rec) + "\n")
            n += 1
    secs = time.time() - t0
    scores = score_files(gold_path, args.pred).to_json()
    ref = json.loads(subprocess.run(
        [sys.executable, str(args.shared / "tools" / "score_attributions.py"), str(gold_path),
         str(args.pred), "--json"], capture_output=True, text=True, check=True).stdout)
    gold = {json.loads(l)["id"]: json.loads(l) for l in gold_path.open()}
    pred = {json.loads(l)["id"]: json.loads(l) for l in args.pred.open()}
    by_kind: Counter[str] = Counter()
    by_kind_hit: Counter[str] = Counter()
    by_cue: Counter[str] = Counter()
    by_cue_hit: Counter[str] = Counter()
    samples: list[tuple[str, str, str]] = []
    for doc_id, gd in gold.items():
        ga, pa = gd["attributions"], pred.get(doc_id, {}).get("attributions", [])
        pairs = dict(_align(ga, pa, gd["text"]))
        for i, g in enumerate(ga):
            by_kind[g["kind"]] += 1
            by_cue[_cue_type(g.get("cue"))] += 1
            if i in pairs:
                by_kind_hit[g["kind"]] += 1
                by_cue_hit[_cue_type(g.get("cue"))] += 1
            diag = _diagnose(g, pa[pairs[i]] if i in pairs else None, gd["text"])
            if diag != "exact":
                samples.append((doc_id, _where(g), diag))
        matched = set(pairs.values())
        for j, p in enumerate(pa):
            if j not in matched:
                samples.append((doc_id, _where(p), _diagnose(None, p, gd["text"])))
    rng = random.Random(13)
    picked = rng.sample(samples, min(30, len(samples)))
    seeds = score_files(ROOT / "examples" / "seeds" / "gold.json",
                        _seed_pred(ROOT / "examples" / "seeds")).to_json()
    lines = [f"# Attribution accuracy on PolNeAR {args.split}", "",
             f"`make eval` ({args.attribution} attribution) on {len(gold)} articles ({n} extracted, {len(errors)} errors, "
             f"{secs:.0f} s). Scores from `provgraph eval`; the `ref` column is the reference "
             "scorer (../shared/tools/score_attributions.py) on the same files: the counts agree "
             "exactly (tests/test_polnear.py checks it); a third-decimal difference comes from "
             "the reference rounding to four places first.", "",
             "| level | regime | P | R | F1 | ref F1 |", "|---|---|---|---|---|---|"]
    for level in LEVELS:
        for regime in REGIMES:
            s = scores[f"{level}_{regime}"]
            r = ref["micro"][regime][level]["f1"]
            lines.append(f"| {level} | {regime} | {s['p']:.3f} | {s['r']:.3f} | {s['f1']:.3f} "
                         f"| {r:.3f} |")
    targets = [("content", "overlap", 0.85), ("source", "overlap", 0.80),
               ("cue", "overlap", 0.78), ("attribution", "overlap", 0.75),
               ("content", "exact", 0.60)]
    lines += ["", "## Targets (issue: human level on dev)", "",
              "| measure | target | measured | |", "|---|---|---|---|"]
    for level, regime, goal in targets:
        got = scores[f"{level}_{regime}"]["f1"]
        lines.append(f"| {level} F1 {regime} | {goal:.2f} | {got:.3f} | "
                     f"{'met' if got >= goal else 'missed'} |")
    lines.append(f"| crashes | 0 | {len(errors)} | {'met' if not errors else 'missed'} |")
    lines += ["", "## Recall (overlap alignment) by kind", "", "| kind | gold | found | recall |",
              "|---|---|---|---|"]
    for k in sorted(by_kind):
        lines.append(f"| {k} | {by_kind[k]} | {by_kind_hit[k]} | {by_kind_hit[k]/by_kind[k]:.3f} |")
    lines += ["", "## Recall by cue type", "", "| cue type | gold | found | recall |",
              "|---|---|---|---|"]
    for k in sorted(by_cue):
        lines.append(f"| {k} | {by_cue[k]} | {by_cue_hit[k]} | {by_cue_hit[k]/by_cue[k]:.3f} |")
    lines += ["", "## Seeds (hand gold)", "",
              f"content F1 {seeds['content_overlap']['f1']:.3f} overlap / "
              f"{seeds['content_exact']['f1']:.3f} exact; speaker accuracy "
              f"{seeds['speaker_accuracy']:.3f}, channel {seeds['channel_accuracy']:.3f}, "
              f"via {seeds['via_accuracy']:.3f} on matched attributions.", "",
              "## 30 sampled errors", "", "| article | content chars | diagnosis |",
              "|---|---|---|"]
    for doc_id, words, diag in picked:
        lines.append(f"| {doc_id[:40]} | {words} | {diag} |")
    missed = [d for _, _, d in samples if d.startswith("missed")]
    unknown = sum(1 for d in missed if "not in the rule lexicon" in d)
    spurious = sum(1 for _, _, d in samples if d.startswith("spurious"))
    boundary = len(samples) - len(missed) - spurious
    spurious_words = Counter(d.split("'")[1] for _, _, d in samples
                             if d.startswith("spurious") and "'" in d).most_common(6)
    c_p, c_r = scores["content_overlap"]["p"], scores["content_overlap"]["r"]
    lines += ["", "## What is left", "",
              f"- Recall, not precision, is the gap: content overlap precision is {c_p:.3f} "
              f"(the annotators agree with each other at F1 0.851) while recall is {c_r:.3f}.",
              f"- Missed attributions: {len(missed)} of {sum(by_kind.values())} gold "
              f"({len(missed) / max(1, sum(by_kind.values())):.0%}); for {unknown} of them "
              f"({unknown / max(1, len(missed)):.0%}) the cue word is not in the rule lexicon "
              "(PolNeAR also marks thoughts, intentions and evidence), so only the CRF could "
              "find them, and its cue pass did not.",
              f"- Spurious attributions: {spurious}; their most frequent cue words: "
              + ", ".join(f"'{w}' {n}" for w, n in spurious_words) + ".",
              f"- Matched but with a boundary or role difference: {boundary}; see the mix below "
              "(content boundaries first), which is why exact F1 trails overlap F1.",
              "- Not tried here: training the role pass on cross-validated cue predictions (so "
              "it learns to reject false cues); a fine-tuned contextual encoder (CPU-only "
              "training of one did not fit this session)."]
    lines.append("")
    lines.append("Error mix over all errors: " + ", ".join(
        f"{k} {v}" for k, v in Counter(d.split(":")[0].split(" (")[0] for _, _, d in samples
                                        ).most_common(8)))
    args.out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:14]))
    return 0


_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}


def _lexicon_verbs() -> frozenset[str]:
    from provgraph.attribution.lexicon import load_lexicon

    lex = load_lexicon()
    return lex.verbs | lex.nouns


def _where(a: dict[str, Any]) -> str:
    # offsets only: the corpus text stays out of the repository
    return f"{a['content']['start']}\u2013{a['content']['end']}"


def _seed_pred(seeds: Path) -> Path:
    out = Path("/tmp/provgraph-seed-pred.jsonl")
    out.write_text("".join(json.dumps(ex.to_json()) + "\n" for ex in extract_paths([seeds])))
    return out


if __name__ == "__main__":
    raise SystemExit(main())
