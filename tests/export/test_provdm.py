"""PROV-JSON and PROV-N of the seeds: the PyPI ``prov`` package reads PROV-JSON back."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from prov.model import ProvAgent, ProvDocument, ProvEntity
from typer.testing import CliRunner

from provgraph.cli import app
from provgraph.export import export_graph, store_to_prov, write_prov_json, write_provn
from provgraph.store import open_store

PROV = "PREFIX prov: <http://www.w3.org/ns/prov#> "
GOLDEN = Path(__file__).parent / "golden" / "seeds"
# each build is a new run: its IRI carries the time (and a hash of it)
_RUN = re.compile(r"(run[:/])\d{4}-\d\d-\d\dt[0-9-]+?-[0-9a-f]{12}\b")


def _same_run(text: str) -> str:
    return _RUN.sub(r"\1RUN", text)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), f"repeated keys: {sorted(k for k in keys if keys.count(k) > 1)}"
    return dict(pairs)


@pytest.fixture(scope="module")
def document(seeds_build: Path) -> ProvDocument:
    with open_store(seeds_build) as store:
        return store_to_prov(store)


def _distinct_pairs(seeds_build: Path, prop: str) -> int:
    with open_store(seeds_build) as store:
        rows = store.query(PROV + f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o "
                                  f"WHERE {{ ?s prov:{prop} ?o }} }}")
    return int(rows[0]["n"].value)  # type: ignore[index,union-attr]


def test_provdm_relations_match_the_graph(document: ProvDocument, seeds_build: Path) -> None:
    # prov writes a quotation as a derivation typed prov:Quotation
    counts = Counter((type(r).__name__, tuple(str(t) for t in r.get_asserted_types()))
                     for r in document.get_records())
    quotations = counts["ProvDerivation", ("prov:Quotation",)]
    assert quotations == _distinct_pairs(seeds_build, "wasQuotedFrom") > 0
    assert counts["ProvAttribution", ()] == _distinct_pairs(seeds_build, "wasAttributedTo") > 0
    assert counts["ProvDerivation", ()] == _distinct_pairs(seeds_build, "wasDerivedFrom") >= 1
    assert counts["ProvActivity", ()] == 1  # the run


def test_provdm_agents_keep_types_and_names(document: ProvDocument) -> None:
    agents = {a.label: a for a in document.get_records(ProvAgent)}
    tass = {str(t) for t in agents["TASS"].get_asserted_types()}
    assert "pg:NewsAgency" in tass
    assert {str(t) for t in agents["Alexey Polishchuk"].get_asserted_types()} == {"pg:Person"}
    statements = [e for e in document.get_records(ProvEntity)
                  if "pg:Statement" in {str(t) for t in e.get_asserted_types()}]
    assert statements and all(e.label for e in statements)


def test_provdm_json_round_trips_through_prov(seeds_build: Path, tmp_path: Path,
                                             document: ProvDocument) -> None:
    with open_store(seeds_build) as store:
        path = write_prov_json(store, tmp_path / "seeds.json")
    raw = json.loads(path.read_text("utf-8"))
    assert {"prefix", "entity", "agent", "activity", "wasDerivedFrom", "wasAttributedTo"} <= set(raw)
    back = ProvDocument.deserialize(source=str(path), format="json")
    assert back == document
    assert len(back.get_records()) == len(document.get_records())


def test_provdm_provn_lists_every_record(seeds_build: Path, tmp_path: Path,
                                         document: ProvDocument) -> None:
    with open_store(seeds_build) as store:
        text = write_provn(store, tmp_path / "seeds.provn").read_text("utf-8")
    assert text.startswith("document\n") and text.rstrip().endswith("endDocument")
    assert "prefix pg <https://w3id.org/provgraph/ns#>" in text
    quoted = sum(1 for r in document.get_records()
                 if "prov:Quotation" in {str(t) for t in r.get_asserted_types()})
    assert quoted and text.count("prov:type='prov:Quotation'") == quoted


@pytest.mark.parametrize(("fmt", "name", "head"), [
    ("prov-json", "g.json", '{\n "prefix"'),
    ("provn", "g.provn", "document"),
    ("graphml", "g.graphml", "<?xml"),
    ("gexf", "g.gexf", "<?xml"),
    ("csv", "g.csv", "source,target,"),
])
def test_provdm_cli_export_format(seeds_build: Path, tmp_path: Path, fmt: str, name: str,
                                  head: str) -> None:
    out = tmp_path / name
    result = CliRunner().invoke(app, ["export", str(seeds_build), str(out), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").lstrip().startswith(head)


def test_provdm_json_matches_golden(seeds_build: Path, tmp_path: Path,
                                    update_golden: bool) -> None:
    lines: list[str] = []
    with open_store(seeds_build) as store:
        path = export_graph(store, tmp_path / "prov.json", "prov-json", lines.append)
    assert "5/5 graphs" in "\n".join(lines) and lines[-1].endswith("written once")
    assert [p.name for p in tmp_path.iterdir()] == ["prov.json"]  # no spool left behind
    text = path.read_text("utf-8")
    json.loads(text, object_pairs_hook=_unique_keys)  # one record per key in every section
    if update_golden:
        (GOLDEN / "prov.json").write_text(text, "utf-8")
    written = ProvDocument.deserialize(content=_same_run(text), format="json")
    golden = ProvDocument.deserialize(
        content=_same_run((GOLDEN / "prov.json").read_text("utf-8")), format="json")
    assert written == golden
    assert len(written.get_records()) == len(golden.get_records()) > 200


def test_provdm_provn_matches_golden(seeds_build: Path, tmp_path: Path,
                                     update_golden: bool) -> None:
    with open_store(seeds_build) as store:
        path = export_graph(store, tmp_path / "prov.provn", "provn")
    text = path.read_text("utf-8")
    if update_golden:
        (GOLDEN / "prov.provn").write_text(text, "utf-8")

    def records(provn: str) -> list[str]:
        return sorted(line.strip() for line in _same_run(provn).splitlines() if line.strip())

    # PROV-N is one record a line: the same lines, in graph order rather than sorted
    assert records(text) == records((GOLDEN / "prov.provn").read_text("utf-8"))


def _three_graph_store(by_index: bool) -> Any:
    """Three graphs that all state one agent (types and names differ) and one relation."""
    from pyoxigraph import Literal, NamedNode, Quad

    store = open_store("memory")
    base, prov = "https://w3id.org/provgraph/id/", "http://www.w3.org/ns/prov#"
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    name = NamedNode("https://schema.org/name")
    ann, stmt = NamedNode(base + "person/ann"), NamedNode(base + "statement/s")
    quads = []
    for n, (label, cls) in enumerate([("Ann", "Person"), ("ANN", "Group"), ("Ann", "Person")]):
        g = NamedNode(f"{base}graph/article/{n}")
        quads += [Quad(ann, rdf_type, NamedNode(prov + "Agent"), g),
                  Quad(ann, rdf_type, NamedNode("https://w3id.org/provgraph/ns#" + cls), g),
                  Quad(ann, name, Literal(label), g),
                  Quad(stmt, NamedNode(prov + "wasAttributedTo"), ann, g)]
    quads.append(Quad(stmt, rdf_type, NamedNode(prov + "Entity"),
                      NamedNode(base + "graph/article/0")))
    store.add_quads(quads)
    # without index access (a remote endpoint), the prov-shared-*.rq queries decide
    return store if by_index else _Facade(store)


class _Facade:
    """A store without index access: graphs, graph_quads and query only."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def graphs(self) -> Any:
        return self.inner.graphs()

    def graph_quads(self, graph: Any) -> Any:
        return self.inner.graph_quads(graph)

    def query(self, sparql: str, bindings: Any = None) -> Any:
        return self.inner.query(sparql, bindings)


@pytest.mark.parametrize("by_index", [True, False])
def test_provdm_what_several_graphs_state_is_written_once(tmp_path: Path,
                                                        by_index: bool) -> None:
    store = _three_graph_store(by_index)
    path = write_prov_json(store, tmp_path / "x.json")
    raw = json.loads(path.read_text("utf-8"), object_pairs_hook=_unique_keys)
    assert list(raw["agent"]) == ["person:ann"]
    agent = raw["agent"]["person:ann"]
    assert agent["prov:label"] == "Ann"  # the name two graphs of three give
    assert sorted(t["$"] for t in agent["prov:type"]) == ["pg:Group", "pg:Person"]
    assert len(raw["wasAttributedTo"]) == 1
    text = write_provn(store, tmp_path / "x.provn").read_text("utf-8")
    assert text.count("agent(person:ann") == 1 and text.count("wasAttributedTo(") == 1


def test_provdm_failed_export_keeps_the_previous_file(seeds_build: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from provgraph.export import provdm

    out = tmp_path / "prov.json"
    out.write_text("previous", "utf-8")
    calls: list[int] = []
    real = provdm._graph_core

    def fail_on_third(quads: Any) -> Any:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("interrupted")
        return real(quads)

    monkeypatch.setattr(provdm, "_graph_core", fail_on_third)
    with open_store(seeds_build) as store, pytest.raises(RuntimeError):
        write_prov_json(store, out)
    assert out.read_text("utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["prov.json"]  # spools removed
