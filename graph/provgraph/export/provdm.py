"""The graph as W3C PROV documents: PROV-JSON and PROV-N, streamed one named graph at a time.

provgraph's RDF already states its PROV-O core (every ``pg:quotes`` is also a
``prov:wasQuotedFrom``, every ``pg:statedBy``/``pg:reportedBy`` a ``prov:wasAttributedTo``,
every rewrite a ``prov:wasDerivedFrom``, and the run is a ``prov:Activity``). This module
reads that core back, graph by graph, as PROV records: entities (statements, articles,
channels), agents (people, organisations, outlets) and activities (the run), each with its
provgraph classes as ``prov:type`` and its name, headline or words as ``prov:label``, and
the six relations. The ``prov`` package encodes each record, so the text is its own.

Why per graph: the corpus-wide SPARQL of the PROV core read shared agents across the union
and took 348 s on 840 PolNeAR articles, and a whole ``ProvDocument`` of them took 1.3 GB.
Each graph's quads are read by index (``Store.graph_quads``); what several graphs state
(shared agents, outlets, channels: ``prov-shared-nodes.rq``; repeated relations:
``prov-shared-relations.rq``) is merged in memory and written once, at the end. Both
formats need their prefixes first and learn them on the way, so the records go to a spool
file beside the output, and the file is assembled (prefixes, then the spool) and renamed
into place at the end. PROV-JSON is one object of sections (``entity``, ``agent``,
``wasDerivedFrom``...) keyed by record id, so each section has a spool of its own.

IRIs become qualified names: the namespace is the IRI up to its last ``/`` (one prefix per
kind of thing: ``statement``, ``person``, ``outlet``...), so PROV-N stays readable.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from prov.model import ProvDocument, ProvRecord, QualifiedName
from prov.serializers.provjson import encode_json_container
from pyoxigraph import NamedNode, Quad

from ..atomic import write_atomic
from ..query import run_query
from ..rdf.iris import as_iri
from ..store.base import Row, Store, to_python
from .networks import Progress

__all__ = ["store_to_prov", "write_prov_json", "write_provn"]

PG = "https://w3id.org/provgraph/ns#"
_PROV = "http://www.w3.org/ns/prov#"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_TYPE_IRI = as_iri(_TYPE)
_LABELS = {"https://schema.org/name", "https://schema.org/headline", "https://schema.org/text"}
_KINDS = {_PROV + "Entity": "Entity", _PROV + "Agent": "Agent", _PROV + "Activity": "Activity"}
_RELATIONS = {_PROV + name: name for name in (
    "wasQuotedFrom", "wasAttributedTo", "wasDerivedFrom", "wasGeneratedBy", "used",
    "wasAssociatedWith")}
#: PROV-JSON sections, in the order they are written
_SECTIONS = ("entity", "agent", "activity", "wasDerivedFrom", "wasAttributedTo",
             "wasGeneratedBy", "used", "wasAssociatedWith")

Relation = tuple[str, str, str]  # (prov property's local name, subject IRI, object IRI)


class _Names:
    """IRI → QualifiedName, one namespace per IRI path, its prefix fixed for the export.

    Each chunk is a new document with namespaces of its own: a ``prov`` Namespace caches
    every name made in it, which over one shared registry grew with the corpus.
    """

    def __init__(self) -> None:
        self.prefixes: dict[str, str] = {}
        self.document = ProvDocument()
        self._registered: set[str] = set()

    def start(self) -> ProvDocument:
        """A new document for the next chunk, with ``pg`` registered."""
        self.document, self._registered = ProvDocument(), set()
        self.document.add_namespace("pg", PG)
        return self.document

    def __call__(self, iri: str) -> QualifiedName:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        base, local = iri[:cut], iri[cut:]
        if base not in self.prefixes:
            stem = re.sub(r"[^A-Za-z0-9]", "", base.rstrip("/#").rsplit("/", 1)[-1]) or "ns"
            if not stem[0].isalpha():
                stem = "n" + stem
            prefix, n = stem, 1
            while prefix in self.prefixes.values() or prefix in ("prov", "xsd", "pg"):
                n += 1
                prefix = f"{stem}{n}"
            self.prefixes[base] = prefix
        if base not in self._registered:
            self._registered.add(base)
            self.document.add_namespace(self.prefixes[base], base)
        return cast(QualifiedName, self.document.valid_qualified_name(
            f"{self.prefixes[base]}:{local}"))


@dataclass(slots=True)
class _Element:
    """One PROV element as stated in one graph (or merged over several)."""

    kinds: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    labels: Counter[str] = field(default_factory=Counter)  # name → graphs that give it

    def merge(self, other: _Element) -> None:
        self.kinds |= other.kinds
        self.types |= other.types
        self.labels.update(other.labels)

    @property
    def label(self) -> str | None:
        # the name most graphs give (case variants of a shared agent's), then the
        # smallest: two exports of one store agree
        return min(self.labels, key=lambda n: (-self.labels[n], n), default=None)

    @property
    def kind(self) -> str:
        # an outlet may be typed both prov:Agent and prov:Entity: an agent wins
        return next(k for k in ("Agent", "Entity", "Activity") if k in self.kinds)


def _graph_core(quads: Iterator[Quad]) -> tuple[dict[str, _Element], set[Relation]]:
    """The PROV elements and relations one graph states."""
    classes: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    relations: set[Relation] = set()
    for quad in quads:
        predicate, subject, obj = quad.predicate.value, quad.subject.value, quad.object
        if predicate == _TYPE and isinstance(obj, NamedNode):
            classes[subject].add(obj.value)
        elif predicate in _LABELS and obj.value:
            labels[subject].add(obj.value)
        elif predicate in _RELATIONS:
            relations.add((_RELATIONS[predicate], subject, obj.value))
    elements = {}
    for node, node_classes in classes.items():
        kinds = {_KINDS[c] for c in node_classes if c in _KINDS}
        if kinds:
            elements[node] = _Element(kinds, {c for c in node_classes if c.startswith(PG)},
                                      Counter(labels.get(node, ())))
    return elements, relations


def _iris(rows: object, *keys: str) -> set[Any]:
    out = set()
    for row in cast(list[Row], rows):
        values = tuple(str(to_python(row[k])) for k in keys)
        out.add(values[0] if len(values) == 1 else values)
    return out


def _add_element(document: ProvDocument, name: _Names, node: str, element: _Element
                 ) -> ProvRecord:
    attributes: list[tuple[str, Any]] = [
        ("prov:type", document.valid_qualified_name("pg:" + t[len(PG):]))
        for t in sorted(element.types)
    ]
    if element.label is not None:
        attributes.append(("prov:label", element.label))
    add = {"Entity": document.entity, "Agent": document.agent,
           "Activity": document.activity}[element.kind]
    return cast(ProvRecord, add(name(node), attributes or None))


def _add_relation(document: ProvDocument, name: _Names, relation: Relation) -> ProvRecord:
    kind, subject, obj = relation
    return cast(ProvRecord, getattr(document, kind)(name(subject), name(obj)))


class _Shared:
    """What more than one graph states: nodes with a PROV class, and relations.

    On an embedded Oxigraph store, one scan per class and per relation over the
    predicate-object-subject-graph index, where a node's (a triple's) graphs come one
    after the other, so only the answer is held. Elsewhere ``prov-shared-nodes.rq`` and
    ``prov-shared-relations.rq``: a corpus-wide ``GROUP BY``, for which Oxigraph holds every
    (node, graph) pair while it counts (peak 346 MB on the 8,400-article inflated store,
    against 72 MB open). A node with one PROV class in one graph and another class in
    another is written once per class by the scan (the queries merge it).
    """

    def __init__(self, store: Store) -> None:
        quads_for = getattr(getattr(store, "store", None), "quads_for_pattern", None)
        if quads_for is None:
            self.nodes = _iris(run_query(store, "prov-shared-nodes"), "node")
            self.relations = _iris(run_query(store, "prov-shared-relations"),
                                   "relation", "node", "object")
            return
        self.nodes = set()
        for kind in _KINDS:
            self.nodes.update(_in_several_graphs(
                quads_for(None, _TYPE_IRI, as_iri(kind), None),
                lambda q: q.subject.value))
        self.relations = set()
        for predicate, kind in _RELATIONS.items():
            self.relations.update(_in_several_graphs(
                quads_for(None, as_iri(predicate), None, None),
                lambda q, kind=kind: (kind, q.subject.value, q.object.value)))


def _in_several_graphs(quads: Iterator[Quad], key: Callable[[Quad], Any]) -> Iterator[Any]:
    """Keys whose consecutive quads sit in two graphs or more (quads sorted by key)."""
    current, first, seen = None, None, False
    for quad in quads:
        k = key(quad)
        if k != current:
            current, first, seen = k, quad.graph_name, False
        elif not seen and quad.graph_name != first:
            seen = True
            yield k


def _prov_chunks(store: Store, progress: Progress | None = None
                 ) -> Iterator[tuple[ProvDocument, _Names]]:
    """PROV documents of the store's records, one per named graph (shared ones last),
    and the names (``prefixes``: every namespace learnt so far)."""
    name = _Names()
    shared = _Shared(store)
    merged: dict[str, _Element] = {}
    done: set[Relation] = set()
    graphs = sorted(store.graphs(), key=lambda g: g.value)
    last, records = time.monotonic(), 0
    for i, graph in enumerate(graphs, 1):
        chunk = name.start()
        elements, relations = _graph_core(store.graph_quads(graph))
        for node in sorted(elements):
            if node in shared.nodes:
                merged.setdefault(node, _Element()).merge(elements[node])
            else:
                _add_element(chunk, name, node, elements[node])
        for relation in sorted(relations - done):
            if relation in shared.relations:
                done.add(relation)
            _add_relation(chunk, name, relation)
        records += len(chunk.records)
        yield chunk, name
        if progress is not None and (time.monotonic() - last > 2 or i == len(graphs)):
            last = time.monotonic()
            progress(f"{i}/{len(graphs)} graphs, {records} PROV records")
    chunk = name.start()
    for node in sorted(merged):
        _add_element(chunk, name, node, merged[node])
    yield chunk, name
    if progress is not None:
        progress(f"{len(merged)} elements stated in several graphs, written once")


def store_to_prov(store: Store) -> ProvDocument:
    """The PROV core of a provgraph store as one in-memory ``prov`` document.

    For notebooks and small stores; the file exports stream (:func:`write_prov_json`).

    Parameters
    ----------
    store : Store
        A store holding provgraph graphs.

    Returns
    -------
    prov.model.ProvDocument
    """
    document = ProvDocument()
    document.add_namespace("pg", PG)
    for chunk, name in _prov_chunks(store):
        for base, prefix in name.prefixes.items():
            if prefix not in {n.prefix for n in document.namespaces}:
                document.add_namespace(prefix, base)
        for record in chunk.get_records():
            document.add_record(record)
    return document


class _Spools:
    """One temporary text file per section, in a directory beside the output."""

    def __init__(self, directory: Path, sections: tuple[str, ...]) -> None:
        self.files: dict[str, IO[str]] = {
            s: (directory / f"{s}.part").open("w+", encoding="utf-8") for s in sections}
        self.counts = dict.fromkeys(sections, 0)

    def write(self, section: str, text: str) -> None:
        self.files[section].write(text)
        self.counts[section] += 1

    def copy(self, section: str, out: IO[str]) -> None:
        handle = self.files[section]
        handle.seek(0)
        shutil.copyfileobj(handle, out)

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


def _stream(store: Store, path: str | Path, progress: Progress | None,
            sections: tuple[str, ...], spool_chunk: Callable[[ProvDocument, _Spools], None],
            assemble: Callable[[dict[str, str], _Spools, IO[str]], None]) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}.", dir=out.parent) as tmp:
        spools = _Spools(Path(tmp), sections)
        try:
            prefixes: dict[str, str] = {"pg": PG}
            for chunk, name in _prov_chunks(store, progress):
                spool_chunk(chunk, spools)
                prefixes.update({p: base for base, p in name.prefixes.items()})

            def write(p: Path) -> None:
                with p.open("w", encoding="utf-8") as handle:
                    assemble(prefixes, spools, handle)

            return write_atomic(out, write)
        finally:
            spools.close()


def _spool_json(chunk: ProvDocument, spools: _Spools) -> None:
    container = encode_json_container(chunk)
    for section, entries in container.items():
        if section == "prefix":
            continue
        for key, value in entries.items():
            if key.startswith("_:"):  # anonymous ids are numbered per chunk: renumber
                key = f"_:id{sum(spools.counts.values()) + 1}"
            separator = ",\n" if spools.counts[section] else ""
            spools.write(section, f"{separator}  {json.dumps(key)}: {json.dumps(value)}")


def _assemble_json(prefixes: dict[str, str], spools: _Spools, out: IO[str]) -> None:
    out.write('{\n "prefix": ' + json.dumps(prefixes, indent=1).replace("\n", "\n "))
    for section in _SECTIONS:
        if spools.counts[section]:
            out.write(f',\n "{section}": {{\n')
            spools.copy(section, out)
            out.write("\n }")
    out.write("\n}\n")


def write_prov_json(store: Store, path: str | Path, progress: Progress | None = None) -> Path:
    """Write the store's PROV core as PROV-JSON (``prov`` reads it back), streamed."""
    return _stream(store, path, progress, _SECTIONS, _spool_json, _assemble_json)


def _spool_provn(chunk: ProvDocument, spools: _Spools) -> None:
    for record in chunk.get_records():
        spools.write("records", f"  {record.get_provn()}\n")


def _assemble_provn(prefixes: dict[str, str], spools: _Spools, out: IO[str]) -> None:
    out.write("document\n")
    for prefix, base in prefixes.items():
        out.write(f"  prefix {prefix} <{base}>\n")
    out.write("\n")
    spools.copy("records", out)
    out.write("endDocument\n")


def write_provn(store: Store, path: str | Path, progress: Progress | None = None) -> Path:
    """Write the store's PROV core as PROV-N text, streamed (one record a line)."""
    return _stream(store, path, progress, ("records",), _spool_provn, _assemble_provn)
