"""nlp.pipeline keeps memory flat: batches bounded by characters, each parsed in a spaCy
memory zone when the caller turns Docs into records at once, with the same outputs."""

from __future__ import annotations

import random

import pytest

import provgraph.nlp.pipeline as nlp_pipeline
from paths import PASSAGES, SEEDS
from provgraph.config import Config
from provgraph.ingest import document_from_text, iter_documents
from provgraph.model import Document
from provgraph.nlp import annotate, annotate_many, load_nlp
from provgraph.pipeline import extract_from_doc, extract_many


def _novel_texts(n: int, seed: int) -> list[Document]:
    """Articles full of words no vocabulary holds yet (each adds strings to spaCy's)."""
    rng = random.Random(seed)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(4))

    return [document_from_text(f"novel-{seed}-{i}", " ".join(
        f"{word().title()} {word()} said the {word()} would {word()}." for _ in range(30)))
        for i in range(n)]


def _examples() -> list[Document]:
    return [d for d in iter_documents([SEEDS, PASSAGES]) if isinstance(d, Document)]


def test_pipeline_zones_free_the_strings_each_batch_adds() -> None:
    config = Config()
    strings = load_nlp(config.spacy_model).vocab.strings
    before = len(strings)
    words = [(doc[0].text, len(doc)) for _, doc in
             annotate_many(_novel_texts(6, seed=1), config, zones=True)]
    assert len(words) == 6 and all(n > 100 for _, n in words)  # the Docs were usable
    assert len(strings) == before
    list(annotate_many(_novel_texts(2, seed=2), config))  # without zones they stay
    assert len(strings) > before


def test_pipeline_batches_are_bounded_by_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _examples()
    monkeypatch.setattr(nlp_pipeline, "BATCH_CHARS", 5_000)
    batches = list(nlp_pipeline._batches(((d, None) for d in docs), 5_000, 64))
    assert [d for b in batches for d, _ in b] == docs  # every document, in order
    assert len(batches) > 1
    for batch in batches:
        assert len(batch) == 1 or sum(len(d.text) for d, _ in batch) <= 5_000


@pytest.mark.parametrize("batch_chars", [1, 4_000, 10**9])
def test_pipeline_outputs_identical_in_zones_and_batches(
        monkeypatch: pytest.MonkeyPatch, batch_chars: int) -> None:
    config = Config()
    docs = _examples()
    one_by_one = [extract_from_doc(d, annotate(d, config), config).to_json() for d in docs]
    monkeypatch.setattr(nlp_pipeline, "BATCH_CHARS", batch_chars)
    zoned = [ex.to_json() for ex in extract_many(docs, config)]
    assert zoned == one_by_one
    assert sum(len(r["attributions"]) for r in zoned) > 20  # type: ignore[arg-type]
