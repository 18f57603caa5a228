"""Span-level scoring of predicted attributions against gold.

The same measure as the reference scorer the project is judged by: spans are trimmed of
whitespace and punctuation at both ends; predicted and gold attributions are paired
one-to-one, greedily, by content overlap; "exact" needs identical trimmed spans, "overlap"
one shared character. On the pairs it also measures what the chains depend on: the
speaker, the channel and the via list.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, MalformedJSONLError

__all__ = ["Scores", "format_scores", "load_records", "score", "score_files"]

ROLES = ("source", "cue", "content")
LEVELS = ROLES + ("attribution",)
REGIMES = ("exact", "overlap")


def _strippable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def _trim(span: Any, text: str) -> tuple[int, int] | None:
    if not span:
        return None
    s, e = max(0, int(span["start"])), min(len(text), int(span["end"]))
    while s < e and _strippable(text[s]):
        s += 1
    while e > s and _strippable(text[e - 1]):
        e -= 1
    # a span of punctuation only (a ":" cue) is still present: it counts, and never matches
    return (s, e)


def _match(a: tuple[int, int] | None, b: tuple[int, int] | None, regime: str) -> bool:
    """Both present and matching (empty spans never match)."""
    if a is None or b is None:
        return False
    return a == b and a[1] > a[0] if regime == "exact" else _overlap(a, b) > 0


def _agree(a: tuple[int, int] | None, b: tuple[int, int] | None, regime: str) -> bool:
    """Whole-attribution agreement on one role: both absent, or matching."""
    return (a is None and b is None) or _match(a, b, regime)


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass
class Scores:
    counts: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # tp, pred, gold
    matched: int = 0
    speaker_ok: int = 0
    speaker_gold: int = 0
    channel_ok: int = 0
    via_ok: int = 0
    chains_gold: int = 0

    def prf(self, level: str, regime: str) -> tuple[float, float, float]:
        tp, pred, gold = self.counts.get((level, regime), [0, 0, 0])
        p = tp / pred if pred else (1.0 if gold == 0 else 0.0)
        r = tp / gold if gold else (1.0 if pred == 0 else 0.0)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for level in LEVELS:
            for regime in REGIMES:
                p, r, f = self.prf(level, regime)
                tp, pred, gold = self.counts.get((level, regime), [0, 0, 0])
                out[f"{level}_{regime}"] = {"p": p, "r": r, "f1": f, "tp": tp, "pred": pred,
                                            "gold": gold}
        out["matched"] = self.matched
        out["speaker_accuracy"] = self.speaker_ok / self.speaker_gold if self.speaker_gold else None
        out["channel_accuracy"] = self.channel_ok / self.chains_gold if self.chains_gold else None
        out["via_accuracy"] = self.via_ok / self.chains_gold if self.chains_gold else None
        return out


def _align(gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str
           ) -> list[tuple[int, int]]:
    g = [{r: _trim(a.get(r), text) for r in ROLES} for a in gold]
    p = [{r: _trim(a.get(r), text) for r in ROLES} for a in pred]
    cands = []
    for i, ga in enumerate(g):
        for j, pa in enumerate(p):
            ov = _overlap(ga["content"], pa["content"])
            if ov <= 0:
                continue
            gc, pc = ga["content"], pa["content"]
            assert gc and pc
            union = max(gc[1], pc[1]) - min(gc[0], pc[0])
            # ties go to the earlier prediction, then the earlier gold (as the reference does)
            cands.append((-ov, -(ov / union), -_overlap(ga["source"], pa["source"]),
                          -_overlap(ga["cue"], pa["cue"]), j, i))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for *_, j, i in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _norm(x: Any) -> Any:
    if isinstance(x, str):
        return " ".join(x.casefold().split())
    if isinstance(x, dict):
        return {k: _norm(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_norm(v) for v in x]
    return x


def score(gold_docs: dict[str, dict[str, Any]], pred_docs: dict[str, list[dict[str, Any]]]
          ) -> Scores:
    """Micro-averaged scores over all gold documents (a missing prediction is empty)."""
    s = Scores()
    for doc_id, gd in gold_docs.items():
        text, gold = gd["text"], gd.get("attributions") or []
        pred = pred_docs.get(doc_id, [])
        pairs = _align(gold, pred, text)
        s.matched += len(pairs)
        for regime in REGIMES:
            for role in ROLES:
                c = s.counts.setdefault((role, regime), [0, 0, 0])
                c[1] += sum(1 for a in pred if _trim(a.get(role), text) is not None)
                c[2] += sum(1 for a in gold if _trim(a.get(role), text) is not None)
                c[0] += sum(1 for i, j in pairs if _match(_trim(gold[i].get(role), text),
                                                          _trim(pred[j].get(role), text), regime))
            c = s.counts.setdefault(("attribution", regime), [0, 0, 0])
            c[1] += len(pred)
            c[2] += len(gold)
            c[0] += sum(1 for i, j in pairs if all(
                _agree(_trim(gold[i].get(r), text), _trim(pred[j].get(r), text), regime)
                for r in ROLES))
        for i, j in pairs:
            g, p = gold[i], pred[j]
            if g.get("speaker"):
                s.speaker_gold += 1
                s.speaker_ok += _norm(g["speaker"]) == _norm(p.get("speaker"))
            if "via" in g or "channel" in g:
                s.chains_gold += 1
                s.channel_ok += _norm(g.get("channel")) == _norm(p.get("channel"))
                s.via_ok += _norm(g.get("via") or []) == _norm(p.get("via") or [])
    return s


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Documents from JSONL (one per line), a JSON list, or a {"documents": [...]} file."""
    p = Path(path)
    try:
        raw = p.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: cannot read ({e})") from None
    stripped = raw.strip()
    if not stripped:
        return []
    try:
        obj = json.loads(stripped)
        if isinstance(obj, dict) and "documents" in obj:
            return list(obj["documents"])
        if isinstance(obj, list):
            return obj
        if isinstance(obj, dict):
            return [obj]
    except json.JSONDecodeError:
        pass
    docs = []
    for n, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise MalformedJSONLError(f"{p}:{n}: not JSON ({e.msg})") from None
    return docs


def _norm_id(doc_id: str) -> str:
    base = str(doc_id).replace("\\", "/").rsplit("/", 1)[-1]
    for ext in (".txt", ".jsonl", ".json"):
        base = base.removesuffix(ext)
    return base


def score_files(gold_path: str | Path, pred_path: str | Path) -> Scores:
    """Score a prediction file against a gold file (JSONL or the seeds.json format)."""
    gold = {}
    for d in load_records(gold_path):
        if not isinstance(d, dict) or "id" not in d or "text" not in d:
            raise MalformedJSONLError(f"{gold_path}: every gold document needs 'id' and 'text'")
        gold[_norm_id(d["id"])] = d
    pred: dict[str, list[dict[str, Any]]] = {}
    for d in load_records(pred_path):
        if not isinstance(d, dict) or "id" not in d:
            raise MalformedJSONLError(f"{pred_path}: every prediction needs an 'id'")
        pred.setdefault(_norm_id(d["id"]), []).extend(d.get("attributions") or [])
    return score(gold, pred)


def format_scores(s: Scores) -> Iterable[str]:
    """The table ``provgraph eval`` prints."""
    yield f"{'level':12} {'regime':8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'pred':>6} {'gold':>6}"
    for level in LEVELS:
        for regime in REGIMES:
            p, r, f = s.prf(level, regime)
            tp, pred, gold = s.counts.get((level, regime), [0, 0, 0])
            yield f"{level:12} {regime:8} {p:6.3f} {r:6.3f} {f:6.3f} {tp:6d} {pred:6d} {gold:6d}"
    j = s.to_json()
    for key in ("speaker_accuracy", "channel_accuracy", "via_accuracy"):
        if j[key] is not None:
            yield f"{key:21} {j[key]:.3f}"
