"""The graph as W3C PROV documents: PROV-JSON and PROV-N, written with the ``prov`` package.

provgraph's RDF already states its PROV-O core (every ``pg:quotes`` is also a
``prov:wasQuotedFrom``, every ``pg:statedBy``/``pg:reportedBy`` a ``prov:wasAttributedTo``,
every rewrite a ``prov:wasDerivedFrom``, and the run is a ``prov:Activity``). The
``prov-records`` query reads that core back, and this module turns it into a
``prov.model.ProvDocument``: entities (statements, articles, channels), agents (people,
organisations, outlets) and activities (the run), each with its provgraph classes as
``prov:type`` and its name, headline or words as ``prov:label``, and the six relations.

IRIs become qualified names: the namespace is the IRI up to its last ``/`` (one prefix per
kind of thing: ``statement``, ``person``, ``outlet``...), so PROV-N stays readable.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any, cast

from prov.model import ProvDocument, QualifiedName

from ..atomic import write_text_atomic
from ..query import run_query
from ..store.base import Row, Store, to_python

__all__ = ["store_to_prov", "write_prov_json", "write_provn"]

PG = "https://w3id.org/provgraph/ns#"
_RELATIONS = {
    "wasQuotedFrom": "wasQuotedFrom",
    "wasAttributedTo": "wasAttributedTo",
    "wasDerivedFrom": "wasDerivedFrom",
    "wasGeneratedBy": "wasGeneratedBy",
    "used": "used",
    "wasAssociatedWith": "wasAssociatedWith",
}


class _Names:
    """IRI → QualifiedName, registering one namespace per IRI path."""

    def __init__(self, document: ProvDocument) -> None:
        self.document = document
        self.prefixes: dict[str, str] = {}

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
            self.document.add_namespace(prefix, base)
        return cast(QualifiedName, self.document.valid_qualified_name(
            f"{self.prefixes[base]}:{local}"))


def _str(row: Row, key: str) -> str | None:
    value = to_python(row.get(key))
    return None if value is None else str(value)


def store_to_prov(store: Store) -> ProvDocument:
    """The PROV core of a provgraph store as a ``prov`` document.

    Parameters
    ----------
    store : Store
        A store holding provgraph graphs.

    Returns
    -------
    prov.model.ProvDocument
    """
    rows = cast(list[Row], run_query(store, "prov-records"))
    document = ProvDocument()
    document.add_namespace("pg", PG)
    name = _Names(document)
    kinds: dict[str, str] = {}
    types: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    relations: list[tuple[str, str, str]] = []
    for row in rows:
        node = _str(row, "node") or ""
        relation = _str(row, "relation")
        if relation is not None:
            relations.append((relation, node, _str(row, "object") or ""))
            continue
        kind = _str(row, "kind") or "Entity"
        # an outlet may be typed both prov:Agent and prov:Entity: an agent wins
        if kinds.get(node) != "Agent":
            kinds[node] = kind
        type_ = _str(row, "type")
        if type_ and type_.startswith(PG) and type_ not in types[node]:
            types[node].append(type_)
        label = _str(row, "label")
        if label and node not in labels:
            labels[node] = label
    for node, kind in kinds.items():
        attributes: list[tuple[str, Any]] = [
            ("prov:type", document.valid_qualified_name("pg:" + t[len(PG):]))
            for t in sorted(types[node])
        ]
        if node in labels:
            attributes.append(("prov:label", labels[node]))
        {"Entity": document.entity, "Agent": document.agent, "Activity": document.activity}[
            kind](name(node), attributes or None)
    for relation, subject, obj in sorted(set(relations)):
        getattr(document, _RELATIONS[relation])(name(subject), name(obj))
    return document


def write_prov_json(store: Store, path: str | Path) -> Path:
    """Write the store's PROV core as PROV-JSON (``prov`` reads it back)."""
    return write_text_atomic(path, store_to_prov(store).serialize(format="json", indent=1))


def write_provn(store: Store, path: str | Path) -> Path:
    """Write the store's PROV core as PROV-N text."""
    return write_text_atomic(path, store_to_prov(store).get_provn() + "\n")
