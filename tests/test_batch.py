"""The end of a build: the run graph, which lists every article of the build, is written in
bounded parts (one update of all of it cost 1.2 GB at 100,000 articles, BENCHMARKS.md), holds
what ``run_quads`` says, and a failure while writing it leaves no part of it behind."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from pyoxigraph import Quad

import sample_extractions as samples
from provgraph import batch, rdf
from provgraph.batch import build
from provgraph.config import Config
from provgraph.errors import StoreError
from provgraph.model import Extraction
from provgraph.rdf.namespaces import PROV, RDF_TYPE, node
from provgraph.store.base import FOLDER_STORE
from provgraph.store.oxigraph import OxigraphStore

ARTICLES = 40  # 3 quads each + 7 of the run itself: 127 run-graph quads
PART = 50


def _is_run(q: object) -> bool:
    return isinstance(q, Quad) and "/graph/run/" in getattr(q.graph_name, "value", "")


def _fake_articles(n: int) -> list[Extraction]:
    base = samples.wire_extraction()
    return [dataclasses.replace(base, document=dataclasses.replace(base.document,
                                                                   id=f"wire-{i:03d}"))
            for i in range(n)]


@pytest.fixture
def fake_extraction(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``build`` reads ARTICLES hand-made extractions (no spaCy) whatever its paths."""
    articles = _fake_articles(ARTICLES)

    def extract(paths: object, config: object, errors: object, on_item: object = None,
                warnings: object = None) -> Iterator[Extraction]:
        yield from articles

    monkeypatch.setattr(batch, "extract_paths", extract)
    return [ex.document.id for ex in articles]


@pytest.fixture
def run_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of run-graph quads in each write call a build makes to its store."""
    calls: list[int] = []

    def counted(name: str) -> None:
        original = getattr(OxigraphStore, name)

        def write(self: OxigraphStore, *args: object) -> None:
            if name == "replace_graphs":
                graphs = {g: list(q) for g, q in args[0].items()}
                quads = [q for qs in graphs.values() for q in qs]
                args = (graphs,)
            else:
                quads = list(args[-1])
                args = (*args[:-1], quads)
            run = sum(map(_is_run, quads))
            if run:
                calls.append(run)
            original(self, *args)

        monkeypatch.setattr(OxigraphStore, name, write)

    for name in ("replace_graph", "replace_graphs", "add_quads"):
        counted(name)
    monkeypatch.setattr(batch, "RUN_CHUNK", PART, raising=False)
    return calls


def _same(q: Quad) -> tuple[object, ...]:
    """A quad, its times as instants (the store writes ``+00:00`` as ``Z``)."""
    if "AtTime" in q.predicate.value:
        return q.subject, q.predicate, datetime.fromisoformat(q.object.value), q.graph_name
    return q.subject, q.predicate, q.object, q.graph_name


def _stored_run(out: Path) -> list[Quad]:
    store = OxigraphStore(out / FOLDER_STORE, read_only=True)
    try:
        return [q for q in store.quads() if _is_run(q)]
    finally:
        store.close()


def test_build_writes_the_run_graph_in_bounded_parts(
        tmp_path: Path, fake_extraction: list[str], run_writes: list[int]) -> None:
    out = tmp_path / "out"
    report = build([], out)
    assert sorted(report.articles) == sorted(fake_extraction)
    total = 3 * ARTICLES + 7
    # not one write of every article's quads: parts of at most RUN_CHUNK
    assert max(run_writes) <= PART
    assert sum(run_writes) == total and len(run_writes) == -(-total // PART)
    # the stored run graph is exactly run_quads' (rebuilt from its stored times)
    stored = _stored_run(out)
    times = {q.predicate: q.object.value for q in stored if "AtTime" in q.predicate.value}
    started = datetime.fromisoformat(times[node(PROV.startedAtTime)])
    ended = datetime.fromisoformat(times[node(PROV.endedAtTime)])
    graph, expected = rdf.run_quads(Config(), fake_extraction, started, ended, batch.__version__)
    assert {_same(q) for q in stored} == {_same(q) for q in expected}
    assert len(stored) == total
    assert {q.graph_name for q in stored} == {graph}
    # report.json still lists every article (streamed to the file, same text)
    assert json.loads((out / "report.json").read_text("utf-8"))["articles"] == report.articles


def test_a_failed_run_graph_write_leaves_none_of_it(
        tmp_path: Path, fake_extraction: list[str], run_writes: list[int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build([], out)  # a first build: its run graph and outputs must survive the failed one
    before = set(_stored_run(out))
    report_before = (out / "report.json").read_text("utf-8")
    add_quads = OxigraphStore.add_quads
    parts: list[int] = []

    def failing(self: OxigraphStore, quads: Iterable[Quad]) -> None:
        quads = list(quads)
        if any(map(_is_run, quads)):
            parts.append(len(quads))
            if len(parts) == 2:  # the run graph's second part
                raise StoreError("disk full (injected)")
        add_quads(self, quads)

    monkeypatch.setattr(OxigraphStore, "add_quads", failing)
    with pytest.raises(StoreError, match="injected"):
        build([], out)
    assert set(_stored_run(out)) == before  # the second run's parts were dropped
    assert (out / "report.json").read_text("utf-8") == report_before


def test_run_graph_is_lazy_and_names_the_run_last(config: Config) -> None:
    started = datetime.fromisoformat("2025-02-04T10:00:00+00:00")
    _, quads = rdf.run_graph(config, ["b", "a"], started, started)
    assert iter(quads) is quads  # an iterator: made as it is written, never held whole
    quads = list(quads)
    assert set(quads) == set(rdf.run_quads(config, ["a", "b"], started, started)[1])
    activity = next(i for i, q in enumerate(quads)
                    if q.predicate == node(RDF_TYPE) and q.object == node(PROV.Activity))
    assert all(q.predicate != node(PROV.used) for q in quads[activity:])


def test_extraction_keeps_the_lemma_cache_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy's rule lemmatizer caches every (word, tag, morphology) it meets and never
    empties the cache: over a long build it grows with the corpus. ``extract_paths`` empties
    it past ``batch.LEMMA_CACHE`` entries, which changes no lemma."""
    from paths import SEEDS
    from provgraph.nlp.pipeline import load_nlp

    config = Config(batch_size=1)  # each article parsed (and lemmatized) after the last's bound
    cache = batch._lemma_cache(config)
    assert cache is load_nlp(config.spacy_model).get_pipe("lemmatizer").cache
    cache.clear()
    unbounded = [ex.to_json() for ex in batch.extract_paths([SEEDS], config)]
    grown = len(cache)
    assert grown > 20  # the seeds' words stay cached without the bound

    sizes: list[int] = []
    real = batch.extract_from_doc

    def extract(document: object, doc: object, cfg: Config) -> Extraction:
        sizes.append(len(cache))  # after the bound
        return real(document, doc, cfg)

    monkeypatch.setattr(batch, "LEMMA_CACHE", 5)
    monkeypatch.setattr(batch, "extract_from_doc", extract)
    cache.clear()
    bounded = [ex.to_json() for ex in batch.extract_paths([SEEDS], config)]
    assert bounded == unbounded  # a cache, not an input: the same extractions
    assert len(sizes) == 2 and sizes == [0, 0]  # emptied before each article's extraction


def _stored_without_run(out: Path) -> set[tuple[object, ...]]:
    store = OxigraphStore(out / FOLDER_STORE, read_only=True)
    try:
        return {_same(q) for q in store.quads() if not _is_run(q)}
    finally:
        store.close()


def test_build_reopens_the_store_and_stores_the_same(
        tmp_path: Path, fake_extraction: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain"
    build([], plain)
    reopened: list[str] = []
    original = OxigraphStore.reopen

    def counted(self: OxigraphStore) -> None:
        reopened.append(self.spec)
        original(self)

    monkeypatch.setattr(OxigraphStore, "reopen", counted)
    monkeypatch.setattr(batch, "REOPEN_ARTICLES", 10)  # 40 articles linked 64 at a time
    monkeypatch.setattr(batch, "LINK_ARTICLES", 8)
    again = tmp_path / "again"
    build([], again)
    assert len(reopened) == 4  # past 10, 20, 30 and 40 articles (batches of 8)
    assert _stored_without_run(again) == _stored_without_run(plain)
    assert (again / "attributions.jsonl").read_text("utf-8") == \
        (plain / "attributions.jsonl").read_text("utf-8")
