"""`make realeval`: citation chains on the real-news development set → REALNEWS.md.

Builds the re-collected texts (never stored in the repository) exactly as a user would
(`provgraph build TEXTS -o OUT`, then the chains of the store), scores them with
provgraph.chain_eval and cross-checks the counts against the reference scorer
(../shared/tools/score_chains.py). Adds an error table by family (the families of the
real-news chains issue) and 30 sampled errors with a diagnosis each. Nothing of the texts
is written beyond the gold `statement_contains` snippets and chain names.

Texts: --texts, else $PG_REALNEWS, else ~/.cache/provgraph/realnews/texts. When they are
absent, the script says so and exits 0 (nothing is scored).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from provgraph.batch import build
from provgraph.chain_eval import StatementResult, relay_of, same_name, score_chains
from provgraph.config import Config
from provgraph.nlp.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]

FAMILIES = {
    "1": "article credit missed (the agency the page runs is not a hop)",
    "2": "relay not carried over (a relay named earlier for this speaker is lost)",
    "3": "outlet or organisation pronoun/descriptor unresolved (it, the agency, the report)",
    "4": "wrong speaker: a place, country or body instead of the person",
    "5": "name not canonical (descriptor or variant instead of the name)",
    "6": "statement not found",
    "x": "other: extra or wrong relay",
}


def texts_folder(arg: str | None) -> Path | None:
    for cand in (arg, os.environ.get("PG_REALNEWS"),
                 str(Path.home() / ".cache/provgraph/realnews/texts")):
        if cand and Path(cand).is_dir() and any(Path(cand).glob("*.txt")):
            return Path(cand)
    return None


def predicted_chains(texts: Path, out: Path) -> tuple[list[dict[str, Any]], float]:
    started = time.perf_counter()
    report = build([texts], out, Config())
    return [c.to_json() for c in report.chains], time.perf_counter() - started


def _credit(article: dict[str, Any]) -> str | None:
    """The relay every gold chain of the article shares after the publisher (its credit)."""
    firsts = {tuple(relay_of(c["chain"], article["publisher"])[:1]) for c in article["chains"]
              if len(c["chain"]) > 2}
    if len(firsts) == 1 and all(len(c["chain"]) > 2 for c in article["chains"]):
        return next(iter(firsts))[0] if next(iter(firsts)) else None
    return None


def family(r: StatementResult, article: dict[str, Any]) -> str:
    """Which family of the issue a wrong statement falls in (a best guess from names)."""
    if not r.found:
        return "6"
    gaz = load_gazetteer()
    want = relay_of(r.gold_chain, article["publisher"])
    best = max(r.predicted, key=lambda p: sum(same_name(a, b) for a, b in
                                               zip(relay_of(p, article["publisher"]), want)))
    got = relay_of(best, article["publisher"])
    speaker = got[-1] if got else ""
    if not r.speaker_right:
        low = speaker.lower()
        if low.split()[:1] in (["it"], ["the"]) and any(
                w in low for w in ("agency", "report", "newspaper", "broadcaster", "website",
                                   "ministry", "company", "it")):
            return "3"
        if speaker in gaz.demonyms.values() or speaker.isupper() or any(
                w in low for w in ("council", "ministry", "government", "office")):
            return "4"
        if _overlap(speaker, r.gold_chain[-1]) or low.startswith(("the ", "a ", "an ")):
            return "5"
        return "4" if speaker and speaker[0].isupper() else "5"
    credit = _credit(article)
    if credit and not any(same_name(credit, g) for g in got[:1]):
        return "1"
    if len(got) < len(want):
        return "2"
    return "x"


def diagnosis(r: StatementResult, article: dict[str, Any]) -> str:
    """One line on what went wrong, in names only."""
    if not r.found:
        return "no predicted statement holds the snippet (content span missed or cut)"
    want = relay_of(r.gold_chain, article["publisher"])
    got = max((relay_of(p, article["publisher"]) for p in r.predicted),
              key=lambda g: sum(same_name(a, b) for a, b in zip(g, want)))
    if not r.speaker_right:
        return f"speaker {_short([got[-1]]) if got else 'none'} for {_short([want[-1]])}"
    missing = [w for w in want[:-1] if not any(same_name(w, g) for g in got[:-1])]
    extra = [g for g in got[:-1] if not any(same_name(w, g) for w in want[:-1])]
    parts = ([f"relay {_short(missing)} missing"] if missing else []) + (
        [f"extra relay {_short(extra)}"] if extra else [])
    return "; ".join(parts) or "relays in another order"


def _overlap(a: str, b: str) -> bool:
    wa = {w.lower() for w in a.split()}
    return bool(wa & {w.lower() for w in b.split()})


def reference_line(gold: Path, chains: Path, shared: Path) -> str | None:
    scorer = shared / "tools" / "score_chains.py"
    if not scorer.is_file():
        return None
    done = subprocess.run([sys.executable, str(scorer), str(gold), str(chains)],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else None


def _short(chain: tuple[str, ...] | list[str]) -> str:
    # names only, each cut short: no text of the article beyond names
    return " → ".join(" ".join(n.split()[:4]) for n in chain) or "(empty)"


_INTRO = ("`make realeval` (bench/realnews_eval.py): `provgraph build` over the re-collected "
          "texts of ../shared/realnews/gold.json, then every chain of the store, scored by "
          "provgraph.chain_eval; the reference scorer ../shared/tools/score_chains.py is run "
          "on the same chains JSON and must agree count for count.")


_HOW = """\
Sentence attribution (attribution/, entities/) finds who said what in each sentence; the
`provenance` step (graph/provgraph/provenance/) then reads the whole article:

- **credits.py**: agency copy the page credits (dateline "(AP)", "(CBS / AP)", credit lines
  "By Associated Press", "Source: AFP/zl", "--IANS", "source: bbc.com", a lead that says
  "..., BBC reports" or "..., according to TASS") becomes the outermost hand of every chain;
  agencies by their short printed name (Agence France-Presse → AFP).
- **referents.py**: "it said", "the agency", "the newspaper", "the report added", "the
  statement said", "the carmaker", "they" resolve to the outlet or organisation named before
  (or named next, for "a report surfaced"); a source read into the dateline, a title with the
  name after it, a thing misread as the speaker are replaced by the person named.
- **nested.py**: speech inside speech ("the villager said ..., the newspaper reported"),
  "X has denied ..., according to TASS", "citing Bilanz", shared and passive subjects, and
  statements other statements report ("local television reports of ...").
- **relays.py**: "according to Xinhua" and "the agency quoted him as saying" relay the
  speaker; the outlet a speaker talked to is a hand; a relay or channel named for a speaker
  carries over to the speaker's later statements (never backwards, never to another speaker).
- **statements.py**: statements made by a content-bearing verb keep the verb ("called it a
  terrorist attack"); a short quotation reads back to its cue.

The attributions JSONL keeps what each sentence says (`via`, `channel`) and adds what the
article adds (`article_via`, `article_channel`, `statement`); the graph, the chains JSON and
the page use the article-level reading (each hand a `pg:reportedBy` hop)."""
_TEXTS = """\
The texts are stored copies of third-party pages: never committed, never quoted here beyond
the gold snippets. Re-collect them once per machine into `~/.cache/provgraph/realnews/texts/`
(or set `$PG_REALNEWS`): for each article of ../shared/realnews/gold.json, look its
`title_query` up among the stored web pages, take the hit whose address equals its `url`,
and write the excerpt as `<article>.txt` in the layout ../shared/realnews/README.md gives;
check that every `statement_contains` occurs exactly once. Without them `make realeval` and
tests/test_realnews.py skip with that reason."""


def _row(label: str, n: int, total: int, goal: str) -> str:
    return f"| {label} | {n}/{total} | {n / (total or 1):.3f} | {goal} |"


def write_report(gold: list[dict[str, Any]], score, ref: str | None, seconds: float,
                 out: Path, n_texts: int) -> None:
    by_article = {a["article"]: a for a in gold}
    wrong = [r for r in score.results if not r.relay_right]
    fams = Counter(family(r, by_article[r.article]) for r in wrong)
    d = score.as_dict()
    lines = [
        "# Real-news citation chains (development set)",
        "",
        _INTRO,
        "",
        (f"{len(gold)} articles ({n_texts} texts found), {d['total']} hand-chained "
         f"statements; build {seconds:.1f} s."),
        "",
        "| measure | count | share | goal |",
        "|---|---|---|---|",
        _row("relay chain right", d["relay_right"], d["total"], "≥ 0.85"),
        _row("speaker right", d["speaker_right"], d["total"], "≥ 0.92"),
        _row("statement found", d["found"], d["total"], "≥ 0.95"),
        "",
        f"Reference scorer: `{ref}`" if ref else "Reference scorer: not found.",
        "",
        "## Wrong chains by family",
        "",
        "| family | statements |",
        "|---|---|",
    ]
    lines += [f"| {k}. {FAMILIES[k]} | {fams.get(k, 0)} |" for k in FAMILIES]
    lines += ["", "## How the chains are read", "", _HOW, "", "## The texts", "", _TEXTS]
    lines += ["", "## 30 sampled errors", "",
              "Gold snippet (from gold.json), gold chain, predicted chain, family, diagnosis.",
              "", "| article | snippet | gold | predicted | family | diagnosis |",
              "|---|---|---|---|---|---|"]
    sample = random.Random(7).sample(wrong, min(30, len(wrong)))
    for r in sorted(sample, key=lambda r: r.article):
        pred = "; ".join(_short(p) for p in r.predicted[:1]) or "not found"
        art = by_article[r.article]
        lines.append(f"| {r.article[:3]} | {r.snippet.replace('|', '/')} | "
                     f"{_short(r.gold_chain)} | {pred.replace('|', '/')} | "
                     f"{family(r, art)} | {diagnosis(r, art)} |")
    out.write_text("\n".join(lines) + "\n", "utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--texts", default=None)
    ap.add_argument("--out", default=str(ROOT / "REALNEWS.md"))
    ap.add_argument("--chains", default=None, help="Also write the chains JSON here.")
    ap.add_argument("--errors", action="store_true", help="Print every wrong statement.")
    args = ap.parse_args()
    shared = Path(args.shared)
    gold_path = shared / "realnews" / "gold.json"
    texts = texts_folder(args.texts)
    if not gold_path.is_file() or texts is None:
        print(f"realeval skipped: gold at {gold_path} or texts "
              f"(--texts / $PG_REALNEWS / ~/.cache/provgraph/realnews/texts) not found")
        return 0
    gold = json.loads(gold_path.read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        chains, seconds = predicted_chains(texts, Path(tmp) / "out")
        chains_path = Path(args.chains or Path(tmp) / "chains.json")
        chains_path.write_text(json.dumps(chains, ensure_ascii=False), "utf-8")
        ref = reference_line(gold_path, chains_path, shared)
    score = score_chains(gold, chains)
    print("provgraph:", score.summary())
    print("reference:", ref)
    if args.errors:
        by_article = {a["article"]: a for a in gold}
        for r in score.results:
            if not (r.relay_right and r.speaker_right):
                print(f"{r.article[:3]} [{family(r, by_article[r.article])}] "
                      f"{r.snippet!r}\n    gold {_short(r.gold_chain)}\n    pred "
                      + ("; ".join(_short(p) for p in r.predicted) or "NOT FOUND"))
    write_report(gold, score, ref, seconds, Path(args.out), len(list(texts.glob("*.txt"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
