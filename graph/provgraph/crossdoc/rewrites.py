"""Rewrites and syndicated copies: the same story told twice.

Candidate pairs come from MinHash LSH over each article's set of content words (the
persistent ``LinkIndex``, so a new article is compared only with the stored articles that
share a band with it); a pair is a rewrite when most sentences of the shorter article have
a close paraphrase in the other (rapidfuzz token-set similarity), which catches outlets
that reword every sentence ("deploy" → "position") as well as verbatim copies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from ..model import Extraction
from .index import LinkIndex, minhash

__all__ = ["REWRITE_THRESHOLD", "add_article", "find_rewrites"]

REWRITE_THRESHOLD = 0.5  # share of sentences with a paraphrase in the other article
_SENTENCE_SIMILARITY = 60.0
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]{3,}")


def _body(ex: Extraction) -> str:
    d = ex.document
    text = d.text
    for sp in sorted(d.boilerplate + d.summary, key=lambda s: -s.start):
        text = text[: sp.start] + " " * (sp.end - sp.start) + text[sp.end :]
    return text


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if len(s.split()) >= 5]


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


def add_article(index: LinkIndex, ex: Extraction) -> list[tuple[str, str, float]]:
    """Index ``ex`` and record its rewrite pairs with every stored article.

    Returns the (derived id, source id, similarity) pairs found. The caller removes an
    earlier version of the article first (``LinkIndex.remove_document``).
    """
    doc = ex.document.id
    body = _body(ex)
    sentences = _sentences(body)
    rank = _repackaging(ex)
    m = minhash({w.casefold() for w in _WORD.findall(body)})
    found = []
    for other in index.article_candidates(m, doc):
        other_sentences, other_rank = index.article(other)
        sim = _overlap(sentences, other_sentences)
        if sim >= REWRITE_THRESHOLD:
            # ties keep the old order (larger id derived) so a batch build and an
            # incremental one agree
            mine, theirs = (rank, doc), (other_rank, other)
            derived, source = (doc, other) if list(mine) > list(theirs) else (other, doc)
            index.add_rewrite(derived, source, round(sim, 3))
            found.append((derived, source, round(sim, 3)))
    index.add_document(doc, m, sentences, rank)
    return found


def find_rewrites(extractions: Sequence[Extraction]) -> list[tuple[str, str, float]]:
    """(derived id, source id, similarity) for each pair of articles that tell one story."""
    with LinkIndex() as index:
        for ex in sorted(extractions, key=lambda e: e.document.id):
            add_article(index, ex)
        return index.rewrites()
