"""Fixtures of tests/query: a store holding the sample articles and their relations."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sample_extractions as samples
from provgraph.config import Config
from provgraph.rdf import Expresses, Rewrite, extraction_quads, relation_quads
from provgraph.store import Store, open_store


def build_store(*, with_other: bool = False) -> Store:
    """A memory store with nation-1 and wire-1 (and other-1): both quote one interview."""
    config = Config()
    extractions = [samples.nation_extraction(), samples.wire_extraction()]
    if with_other:
        extractions.append(samples.other_extraction())
    store = open_store("memory")
    relations: list[Rewrite | Expresses] = [Rewrite("nation-1", "wire-1")]
    for extraction in extractions:
        quads = extraction_quads(extraction, config)
        store.replace_graph(quads[0].graph_name, quads)
        treaty = extraction.attributions[0].content
        relations.append(Expresses("treaty", extraction.document.id, treaty, samples.TREATY))
    crossdoc = relation_quads(relations, config)
    store.replace_graph(crossdoc[0].graph_name, crossdoc)
    return store


@pytest.fixture
def store() -> Store:
    return build_store()


@pytest.fixture
def store_with_other() -> Store:
    return build_store(with_other=True)
