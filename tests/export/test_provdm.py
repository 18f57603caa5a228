"""PROV-JSON and PROV-N of the seeds: the PyPI ``prov`` package reads PROV-JSON back."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from prov.model import ProvAgent, ProvDocument, ProvEntity
from typer.testing import CliRunner

from provgraph.cli import app
from provgraph.export import store_to_prov, write_prov_json, write_provn
from provgraph.store import open_store

PROV = "PREFIX prov: <http://www.w3.org/ns/prov#> "


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
