from __future__ import annotations

import time
from pathlib import Path

from pyoxigraph import Literal, Quad, RdfFormat, serialize

from provgraph.config import Config
from provgraph.model import Extraction
from provgraph.rdf import Rewrite, extraction_quads, iris, to_dataset, validate
from provgraph.rdf.namespaces import NIF, PG, XSD, node


def test_validate_built_graph_conforms(
    nation: Extraction, wire: Extraction, config: Config
) -> None:
    started = time.perf_counter()
    result = validate(to_dataset([nation, wire], [Rewrite("nation-1", "wire-1")], config))
    assert result.conforms, result.report_text
    assert result.violations == 0
    assert time.perf_counter() - started < 10


def test_validate_trig_file(nation: Extraction, config: Config, tmp_path: Path) -> None:
    path = tmp_path / "graph.trig"
    serialize(extraction_quads(nation, config), str(path), RdfFormat.TRIG)
    assert validate(path).conforms
    assert validate(tmp_path).conforms  # a build dir holding graph.trig


def test_validate_broken_graph_does_not_conform(nation: Extraction, config: Config) -> None:
    quads = extraction_quads(nation, config)
    c = nation.attributions[0].content
    s0 = iris.statement_iri(config, "nation-1", c.start, c.end, 0)
    evidence = iris.evidence_iri(config, "nation-1", c.start, c.end)
    article = iris.article_iri(config, "nation-1")
    graph = quads[0].graph_name
    drop = {node(NIF.endIndex), node(PG.reportedIn)}
    broken = [
        q
        for q in quads
        if not (q.subject in (evidence, s0) and q.predicate in drop)
        and not (q.subject == article and q.predicate.value.endswith("identifier"))
    ]
    nn = node(XSD.integer)
    broken.append(Quad(evidence, node(NIF.endIndex), Literal(str(c.start), datatype=nn), graph))
    broken.append(Quad(s0, node(PG.statedBy), iris.agent_iri(config, "Person", "X Y"), graph))
    result = validate(broken)
    assert not result.conforms
    assert result.violations >= 4
    text = result.report_text
    assert "schema:identifier" in text or "identifier" in text
    assert "nif:beginIndex" in text or "beginIndex" in text
    assert "only the root of a chain" in text
