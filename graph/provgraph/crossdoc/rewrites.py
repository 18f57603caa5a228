"""Rewrites and syndicated copies: the same story told twice.

Candidate pairs come from MinHash LSH over each article's set of content words (cheap at
corpus scale); a pair is a rewrite when most sentences of the shorter article have a
close paraphrase in the other (rapidfuzz token-set similarity), which catches outlets that
reword every sentence ("deploy" → "position") as well as verbatim copies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

from ..model import Extraction

__all__ = ["REWRITE_THRESHOLD", "find_rewrites"]

REWRITE_THRESHOLD = 0.5  # share of sentences with a paraphrase in the other article
_SENTENCE_SIMILARITY = 60.0
_LSH_THRESHOLD = 0.3
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]{3,}")


def _body(ex: Extraction) -> str:
    d = ex.document
    text = d.text
    for sp in sorted(d.boilerplate + d.summary, key=lambda s: -s.start):
        text = text[: sp.start] + " " * (sp.end - sp.start) + text[sp.end :]
    return text


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if len(s.split()) >= 5]


def _minhash(text: str) -> MinHash:
    m = MinHash(num_perm=64, seed=7)
    for w in {w.casefold() for w in _WORD.findall(text)}:
        m.update(w.encode("utf-8"))
    return m


def _overlap(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    hits = sum(1 for s in short if max(fuzz.token_set_ratio(s, t) for t in long_)
               >= _SENTENCE_SIMILARITY and max(fuzz.ratio(s, t) for t in long_) >= 45)
    return hits / len(short)


def _repackaging(ex: Extraction) -> tuple[int, str, int]:
    """Sort key: the more repackaged article (summary blocks, page furniture, a later date)
    is taken to derive from the other."""
    d = ex.document
    return (len(d.summary) + len(d.boilerplate), d.date or "", len(d.text))


def find_rewrites(extractions: Sequence[Extraction]) -> list[tuple[str, str, float]]:
    """(derived id, source id, similarity) for each pair of articles that tell one story."""
    bodies = {ex.document.id: _body(ex) for ex in extractions}
    lsh = MinHashLSH(threshold=_LSH_THRESHOLD, num_perm=64)
    hashes = {}
    for doc_id, text in bodies.items():
        hashes[doc_id] = _minhash(text)
        lsh.insert(doc_id, hashes[doc_id])
    by_id = {ex.document.id: ex for ex in extractions}
    sentences = {k: _sentences(v) for k, v in bodies.items()}
    out = []
    for a in sorted(bodies):
        for b in sorted(lsh.query(hashes[a])):
            if b <= a:
                continue
            sim = _overlap(sentences[a], sentences[b])
            if sim >= REWRITE_THRESHOLD:
                derived, source = sorted((a, b), key=lambda i: _repackaging(by_id[i]))[::-1]
                out.append((derived, source, round(sim, 3)))
    return out
