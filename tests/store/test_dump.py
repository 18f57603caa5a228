"""Exports written one graph at a time (store/dump.py): same bytes whatever the backend,
shared agents once in the union formats, and a store bigger than one graph round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Quad, RdfFormat, parse

from provgraph.config import Config
from provgraph.model import Extraction
from provgraph.rdf import extraction_quads
from provgraph.store import Store, open_store
from provgraph.store.chainfacts import DERIVED


def _fill(store: Store, extractions: list[Extraction], config: Config) -> set[Quad]:
    quads: set[Quad] = set()
    for extraction in extractions:
        graph = extraction_quads(extraction, config)
        store.replace_graph(graph[0].graph_name, graph)
        quads |= set(graph)
    return quads


@pytest.mark.parametrize("fmt", ["trig", "nq", "ttl"])
def test_dump_same_bytes_on_every_backend(store: Store, nation: Extraction, wire: Extraction,
                                          config: Config, tmp_path: Path, fmt: str) -> None:
    _fill(store, [nation, wire], config)
    with open_store("memory") as reference:
        _fill(reference, [wire, nation], config)  # another insertion order
        reference.dump(tmp_path / f"ref.{fmt}")
    store.dump(tmp_path / f"out.{fmt}")
    assert (tmp_path / f"out.{fmt}").read_bytes() == (tmp_path / f"ref.{fmt}").read_bytes()


def test_dump_union_states_shared_agents_once(store: Store, nation: Extraction,
                                              wire: Extraction, config: Config,
                                              tmp_path: Path) -> None:
    quads = _fill(store, [nation, wire], config)
    path = tmp_path / "union.nt"
    store.dump(path)
    triples = [t for t in parse(path=str(path), format=RdfFormat.N_TRIPLES)]
    assert len(triples) == len(set(triples)) == len({q.triple for q in quads})
    # the two articles both name Xinhua and TASS: their names were in both graphs
    assert len({q for q in quads if q.predicate.value.endswith("/name")}) > len(
        {q.triple for q in quads if q.predicate.value.endswith("/name")})


def test_dump_jsonld_keeps_each_graph(store: Store, nation: Extraction, wire: Extraction,
                                      config: Config, tmp_path: Path) -> None:
    quads = _fill(store, [nation, wire], config)
    path = tmp_path / "g.jsonld"
    store.dump(path)
    with open_store(path) as back:  # the derived chain records are added again on loading
        assert {q for q in back.quads() if q.predicate.value not in DERIVED} == quads
        assert len(back.graphs()) == 2
