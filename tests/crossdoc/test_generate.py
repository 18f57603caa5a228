"""The generated corpus and the linker measured on it (no NLP step: the generator gives
each article's lead statement as an extraction)."""

from __future__ import annotations

from collections import Counter

import pytest

from provgraph.crossdoc.generate import generate_corpus
from provgraph.crossdoc.index import LinkIndex, minhash
from provgraph.crossdoc.linker import link_index
from provgraph.crossdoc.scoring import score_links


@pytest.fixture(scope="module")
def linked() -> tuple[object, LinkIndex]:
    corpus = generate_corpus(400, seed=11)
    index = LinkIndex()
    for ex in corpus.extractions:  # one article at a time, as daily builds add them
        link_index(index, [ex])
    return corpus, index


def test_generate_is_deterministic_and_mixed() -> None:
    a, b = generate_corpus(60, seed=5), generate_corpus(60, seed=5)
    assert [e.document.text for e in a.extractions] == [e.document.text for e in b.extractions]
    kinds = Counter(a.truth.kind.values())
    assert {"wire", "copy", "rewrite", "independent"} <= set(kinds)
    assert a.truth.derivations  # every copy or rewrite tells its wire story's claim
    assert all(a.truth.claim_of[d] == a.truth.claim_of[s] for d, s in a.truth.derivations)


def test_generate_linker_scores_on_generated_corpus(linked: tuple) -> None:
    corpus, index = linked
    scores = score_links(index, corpus)
    assert scores.rewrite_precision >= 0.95 and scores.rewrite_recall >= 0.95
    assert scores.claim_f1 >= 0.9
    assert scores.origin_accuracy >= 0.9


def test_generate_near_misses_stay_apart(linked: tuple) -> None:
    corpus, index = linked
    near = [d for d, k in corpus.truth.kind.items() if k == "near-miss"]
    assert near
    for doc in near:
        claim = index.statements_of(doc)[0].claim
        assert {s.doc for s in index.claim_members(claim)} == {doc}


def test_generate_new_article_meets_few_candidates(linked: tuple) -> None:
    # blocking, not a scan: an unrelated article shares a band with few stored ones
    _, index = linked
    fresh = generate_corpus(1, seed=999).extractions[0]
    words = {w.casefold() for w in fresh.document.text.split()}
    assert len(index.article_candidates(minhash(words), "x")) < 20
