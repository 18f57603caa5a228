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
from itertools import combinations

from rapidfuzz import fuzz

from ..model import Extraction
from .index import LinkIndex, minhash

__all__ = ["REWRITE_THRESHOLD", "add_article", "find_rewrites"]

REWRITE_THRESHOLD = 0.5  # share of sentences with a paraphrase in the other article
_SENTENCE_SIMILARITY = 70.0
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]{3,}")


def _body(ex: Extraction) -> str:
    """The article's running text without page furniture, summaries and direct quotes:
    outlets that quote the same statement word for word have not copied each other
    (quoting one source is not copying), so quoted words are no evidence of a rewrite."""
    d = ex.document
    text = d.text
    quotes = tuple(a.content for a in ex.attributions if a.kind == "direct")
    for sp in sorted(d.boilerplate + d.summary + quotes, key=lambda s: -s.start):
        text = text[: sp.start] + " " * (sp.end - sp.start) + text[sp.end :]
    if d.title and text.startswith(d.title):
        # headlines of one topic look alike whoever wrote the story, and copies rewrite them
        text = " " * len(d.title) + text[len(d.title):]
    return text


_ALPHA_WORD = re.compile(r"[^\W\d_]{2,}")


def _sentences(text: str) -> list[str]:
    """Sentences of at least five words (what is left of one around a removed quote is
    not a sentence: "The forward “")."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text)
            if len(_ALPHA_WORD.findall(s)) >= 5]


def _overlap(a: list[str], b: list[str]) -> float:
    """Share of the shorter article's sentences that have a paraphrase in the other; both
    ways when the two are as long, so the order articles arrive in does not matter."""
    if not a or not b:
        return 0.0
    if len(a) == len(b):
        return max(_share(a, b), _share(b, a))
    return _share(a, b) if len(a) < len(b) else _share(b, a)


def _share(short: list[str], long_: list[str]) -> float:
    hits = sum(1 for s in short if max(fuzz.token_set_ratio(s, t) for t in long_)
               >= _SENTENCE_SIMILARITY and max(fuzz.ratio(s, t) for t in long_) >= 50)
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
    matches: dict[str, tuple[str, str, float]] = {}
    for other in index.article_candidates(m, doc, sentences):
        other_sentences, other_rank = index.article(other)
        sim = _overlap(sentences, other_sentences)
        if sim > REWRITE_THRESHOLD:
            # ties keep the old order (larger id derived) so a batch build and an
            # incremental one agree
            mine, theirs = (rank, doc), (other_rank, other)
            derived, source = (doc, other) if list(mine) > list(theirs) else (other, doc)
            matches[other] = (derived, source, round(sim, 3))
    found = []
    for other, pair in sorted(matches.items()):
        # two articles that both derive from one original are siblings, not a copy of
        # each other, whichever of them arrived first (a copy of the wire and a rewrite of
        # it; before, a rewrite arriving after the copies became their source)
        if any(s in matches and matches[s][0] == doc for _, s, _ in index.rewrites_of(other)):
            continue
        index.add_rewrite(*pair)
        found.append(pair)
    # copies that arrived before their original were linked to each other; now that the
    # original is here, each points at it and the sibling link goes (order-independent)
    siblings = sorted(d for d, s, _ in found if s == doc)
    for a, b in combinations(siblings, 2):
        index.remove_rewrite(a, b)
        index.remove_rewrite(b, a)
    index.add_document(doc, m, sentences, rank)
    return found


def find_rewrites(extractions: Sequence[Extraction]) -> list[tuple[str, str, float]]:
    """(derived id, source id, similarity) for each pair of articles that tell one story."""
    with LinkIndex() as index:
        for ex in sorted(extractions, key=lambda e: e.document.id):
            add_article(index, ex)
        return index.rewrites()
