"""Properties that hold for any text (hypothesis): exact spans, deterministic IRIs,
lossless Turtle / TriG / JSON-LD round trips, and graphs that conform to shapes.ttl.

Articles are drawn from sentence templates (quotes of every style, reporting verbs,
names, outlets) mixed with arbitrary Unicode, so that attributions are actually found;
examples are few because each one is parsed by spaCy.
"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import CanonicalizationAlgorithm, Dataset, NamedNode

from provgraph.config import Config
from provgraph.ingest import document_from_text
from provgraph.model import Extraction
from provgraph.pipeline import extract
from provgraph.rdf import extraction_quads, iris, validate
from provgraph.store import open_store
from provgraph.store.chainfacts import DERIVED

CONFIG = Config()
SLOW = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_NAMES = st.sampled_from(["Ana Ribeiro", "Vladimir Putin", "the mayor", "Ms Okafor", "he",
                          "officials", "a senior diplomat", "Reuters", "TASS", "Smith"])
_VERBS = st.sampled_from(["said", "told TASS", "added", "warned", "claimed", "wrote"])
_QUOTES = st.sampled_from([("\u201c", "\u201d"), ('"', '"'), ("\u00ab", "\u00bb"),
                           ("\u2018", "\u2019"), ("\u201c", ""), ("", "\u201d")])
_WORDS = st.lists(st.sampled_from(["the", "plan", "will", "work", "talks", "failed",
                                   "prices", "rose", "in", "June", "Moscow", "not",
                                   "\U0001F600", "\u0642\u0627\u0644", "caf\u00e9"]),
                  min_size=1, max_size=12).map(" ".join)
_NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                 max_size=30)


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    who, verb, words = draw(_NAMES), draw(_VERBS), draw(_WORDS)
    left, right = draw(_QUOTES)
    form = draw(st.integers(0, 4))
    if form == 0:
        return f"{left}{words.capitalize()},{right} {who} {verb}."
    if form == 1:
        return f"{who.capitalize()} {verb} that {words}."
    if form == 2:
        return f"{who.capitalize()} {verb}: {left}{words}{right}"
    if form == 3:
        return f"According to {who}, {words}."
    return draw(_NOISE)


ARTICLES = st.lists(st.tuples(_sentence(), st.sampled_from([" ", "\n", "\n\n", "\r\n"])),
                    min_size=1, max_size=8).map(
    lambda parts: "".join(s + sep for s, sep in parts)).filter(lambda t: t.strip())


def _extraction(text: str) -> Extraction:
    return extract(document_from_text("prop", text), CONFIG)


def _spans(ex: Extraction):  # type: ignore[no-untyped-def]
    for a in ex.attributions:
        yield from (s for s in (a.content, a.source, a.cue, a.statement) if s is not None)
        yield from a.content_pieces


@SLOW
@given(ARTICLES)
def test_property_every_span_is_the_text_at_its_offsets(text: str) -> None:
    ex = _extraction(text)
    assert ex.document.text == text
    for span in _spans(ex):
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start:span.end] == span.text
    for a in ex.to_json()["attributions"]:  # and so in the JSONL contract
        assert text[a["content"]["start"]:a["content"]["end"]] == a["content"]["text"]


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.text(min_size=1, max_size=60), st.text(min_size=1, max_size=60),
       st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 5))
def test_property_iris_are_deterministic_valid_and_distinct(a: str, b: str, start: int,
                                                            end: int, hop: int) -> None:
    first = iris.article_iri(CONFIG, a)
    assert first == iris.article_iri(CONFIG, a)  # the same id, the same IRI
    assert isinstance(NamedNode(first.value), NamedNode)  # a valid IRI whatever the id
    assert first.value.startswith(CONFIG.base_iri)
    if a != b:
        assert iris.article_iri(CONFIG, a) != iris.article_iri(CONFIG, b)
    s = iris.statement_iri(CONFIG, a, start, end, hop)
    assert s == iris.statement_iri(CONFIG, a, start, end, hop)
    assert s != iris.statement_iri(CONFIG, a, start, end + 1, hop)


def _canonical(quads) -> Dataset:  # type: ignore[no-untyped-def]
    ds = Dataset(quads)
    ds.canonicalize(CanonicalizationAlgorithm.UNSTABLE)
    return ds


@SLOW
@given(ARTICLES)
def test_property_graph_is_deterministic_and_round_trips(text: str) -> None:
    ex = _extraction(text)
    graph = iris.article_graph_iri(CONFIG, "prop")
    quads = extraction_quads(ex, CONFIG)
    assert set(map(str, quads)) == set(map(str, extraction_quads(_extraction(text), CONFIG)))
    with open_store("memory") as store, TemporaryDirectory() as tmp:
        store.replace_graph(graph, quads)
        before = list(store.quads())
        for name in ("g.trig", "g.jsonld", "g.ttl"):
            path = Path(tmp) / name
            store.dump(path)
            with open_store(path) as back:
                after = list(back.quads())
            if name.endswith(".ttl"):  # a triple format: the union graph survives
                # the chain shortcuts (store/chainfacts.py) are a cache of each named
                # graph, left out of exports and rebuilt per graph on load: a file with
                # no named graphs has none
                kept = [q.triple for q in before if q.predicate.value not in DERIVED]
                assert {q.triple for q in after} == set(kept)
            else:
                assert len(_canonical(after)) == len(_canonical(before))
                assert set(_canonical(after)) == set(_canonical(before))


@settings(max_examples=5, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(ARTICLES)
def test_property_any_built_graph_conforms_to_the_shapes(text: str) -> None:
    ex = _extraction(text)
    with open_store("memory") as store:
        store.replace_graph(iris.article_graph_iri(CONFIG, "prop"), extraction_quads(ex, CONFIG))
        result = validate(store)
    assert result.conforms, result.report_text
