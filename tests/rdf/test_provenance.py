from __future__ import annotations

from datetime import UTC, datetime

from provgraph.config import Config
from provgraph.rdf import iris, run_quads
from provgraph.rdf.namespaces import PROV, node


def test_provenance_run_graph(config: Config) -> None:
    started = datetime(2025, 2, 4, 10, 0, tzinfo=UTC)
    ended = datetime(2025, 2, 4, 10, 1, tzinfo=UTC)
    graph, quads = run_quads(config, ["wire-1", "nation-1"], started, ended, "0.1.0")
    assert {q.graph_name for q in quads} == {graph}
    used = {q.object for q in quads if q.predicate == node(PROV.used)}
    assert used == {iris.article_iri(config, "nation-1"), iris.article_iri(config, "wire-1")}
    generated = {q.object for q in quads if q.predicate == node(PROV.generated)}
    assert iris.article_graph_iri(config, "wire-1") in generated
    times = {q.predicate: q.object.value for q in quads if "AtTime" in q.predicate.value}
    assert times[node(PROV.startedAtTime)] == "2025-02-04T10:00:00+00:00"
    later, _ = run_quads(config, ["wire-1"], ended, ended)
    assert later != graph
