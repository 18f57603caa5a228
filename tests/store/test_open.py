from __future__ import annotations

from pathlib import Path

import pytest

from provgraph.config import Config
from provgraph.errors import StoreError
from provgraph.model import Extraction
from provgraph.rdf import extraction_quads
from provgraph.store import load_graph, open_store
from provgraph.store.chainfacts import CHAIN_RECORD, DERIVED
from provgraph.store.remote import RemoteStore, endpoints, inject_values


def test_open_store_build_dir(nation: Extraction, config: Config, tmp_path: Path) -> None:
    with open_store("memory") as store:
        quads = extraction_quads(nation, config)
        store.replace_graph(quads[0].graph_name, quads)
        store.dump(tmp_path / "graph.trig")
    with open_store(tmp_path) as loaded:  # plus the chain records, derived on loading
        derived = {q for q in loaded.quads() if q.predicate.value in DERIVED}
        assert set(loaded.quads()) - derived == set(quads)
        # one record of the article's chains
        assert len([q for q in derived if q.predicate.value == CHAIN_RECORD]) == 1
    assert len(load_graph(tmp_path / "graph.trig").graphs()) == 1


def test_open_store_missing_and_bad_files(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such file"):
        open_store(tmp_path / "nope.trig")
    with pytest.raises(StoreError, match="no graph.trig"):
        open_store(tmp_path)
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> {{{ nonsense", encoding="utf-8")
    with pytest.raises(StoreError, match="bad.trig"):
        open_store(bad)
    (tmp_path / "x.docx").touch()
    with pytest.raises(StoreError, match="unknown RDF format"):
        open_store(tmp_path / "x.docx")


def test_open_store_locked_directory(tmp_path: Path) -> None:
    db = f"oxigraph:{tmp_path / 'db'}"
    with open_store(db), pytest.raises(StoreError, match="is another process"):
        open_store(db)
    open_store(f"oxigraph:{tmp_path / 'db'}").close()  # released on close


def test_open_store_unreachable_endpoint() -> None:
    store = RemoteStore("http://127.0.0.1:9", timeout=2)
    with pytest.raises(StoreError, match="unreachable"):
        store.graphs()


def test_remote_endpoints_and_values_block() -> None:
    assert endpoints("http://h:1/") == ("http://h:1/query", "http://h:1/update")
    from pyoxigraph import Literal, NamedNode

    sparql = 'PREFIX x: <http://x/{> # a { comment\nSELECT ?a WHERE { ?a ?p "{" }'
    out = inject_values(sparql, {"a": NamedNode("http://e/a"), "b": Literal('"} DROP ALL #')})
    assert out.index("VALUES") > out.index("WHERE {")
    assert 'VALUES (?a ?b) { (<http://e/a> "\\"} DROP ALL #") }' in out
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert inject_values(construct, {"s": NamedNode("http://e/s")}).startswith(
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES"
    )
