"""SHACL validation of a provgraph graph against ontology/shapes.ttl.

The data graph is the union of all named graphs (statements refer to articles and agents
across the article and crossdoc graphs). The mapping asserts superclasses, so the default
is no inference (measured: several times faster than "rdfs", with the same result on
provgraph output). Non-conformance is a result, not an exception: the CLI decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal as TypingLiteral
from typing import Union

from pyoxigraph import Dataset, Quad, RdfFormat, parse, serialize
from rdflib import Graph

from ..errors import StoreError

__all__ = ["ValidationResult", "ontology_graph", "shapes_graph", "validate"]

Source = Union[str, Path, Dataset, Iterable[Quad], "StoreLike"]


class StoreLike:  # the part of provgraph.store.Store used here (rdf must not import store)
    def quads(self) -> Iterable[Quad]:  # pragma: no cover - protocol
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """The outcome of :func:`validate`."""

    conforms: bool
    report_text: str
    violations: int


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """ontology/shapes.ttl, parsed once."""
    text = (files("provgraph") / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """ontology/provgraph.ttl, parsed once."""
    text = (files("provgraph") / "ontology" / "provgraph.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def _quads(source: Source) -> Iterable[Quad]:
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            path = path / "graph.trig"
        from ..store.base import rdf_format  # the formats we read: never RDF/XML (entities)

        try:
            return list(parse(path=str(path), format=rdf_format(path)[1]))
        except (OSError, SyntaxError, ValueError) as e:
            raise StoreError(f"{path}: cannot read the graph to validate ({e})") from None
    quads = getattr(source, "quads", None)
    if callable(quads):
        return list(quads())
    return list(source)  # type: ignore[arg-type]


def _union(source: Source) -> Graph:
    triples = {q.triple for q in _quads(source)}
    data = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def validate(source: Source, inference: TypingLiteral["none", "rdfs"] = "none") -> ValidationResult:
    """Validate a graph (TriG/N-Quads file, build dir, Dataset, quads or Store) with SHACL.

    Parameters
    ----------
    source : path, Dataset, iterable of Quad, or Store
        What to validate; the union of its graphs is checked.
    inference : {"none", "rdfs"}
        Entailment pyshacl applies (with the ontology) before validating.

    Returns
    -------
    ValidationResult
        ``conforms``, pyshacl's text report and the number of violations.
    """
    from pyshacl import validate as shacl_validate

    conforms, report, text = shacl_validate(
        _union(source),
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph() if inference != "none" else None,
        inference=inference,
        advanced=True,
        allow_warnings=True,
    )
    from rdflib.namespace import SH

    violations = sum(1 for _ in report.subjects(SH.resultSeverity, SH.Violation))
    return ValidationResult(bool(conforms), str(text), violations)
