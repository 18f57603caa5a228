"""GraphML, GEXF (Gephi, Cytoscape) and edge-list CSV files of a :class:`Network`, written
as streams: one element or row at a time, never a whole document tree in memory.

The XML is written by hand, not through ``networkx.write_graphml``/``write_gexf`` (which
build an element tree of the whole graph first); ``networkx.read_graphml``/``read_gexf``
read the files back to the same nodes, edges and attributes (tests/export). Characters
XML 1.0 cannot carry at all (C0 controls other than tab and newlines) are dropped from
labels, where lxml would refuse the whole file; line breaks and tabs are kept as
character references.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..atomic import write_atomic
from .networks import Network

__all__ = ["EDGE_COLUMNS", "write_edge_csv", "write_gexf", "write_graphml"]

#: columns of the edge-list CSV, in order
EDGE_COLUMNS = (
    "source",
    "target",
    "source_label",
    "source_kind",
    "target_label",
    "target_kind",
    "relation",
    "statements",
    "articles",
)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                          "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _xml(value: object) -> str:
    """Text for an XML attribute or element: escaped, breaks kept as references."""
    return _NOT_XML.sub("", str(value)).translate(_ESCAPES)


def _number(value: Any) -> str:
    return repr(float(value)) if isinstance(value, float) else str(value)


def _types(network: Network) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(name, type) of the node and edge attributes present, in a fixed order."""
    node = [("kind", "string"), ("label", "string"), ("level", "long")]
    if network.has_layout:
        node += [("x", "double"), ("y", "double")]
    node += [("statements", "long"), ("articles", "long")]
    if any("origins" in d for d in network.nodes.values()):
        node.append(("origins", "long"))
    edge = [("relation", "string"), ("statements", "long"), ("articles", "long")]
    return node, edge


def _graphml_lines(network: Network) -> Iterator[str]:
    node_types, edge_types = _types(network)
    yield ("<?xml version='1.0' encoding='utf-8'?>\n"
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    yield '<key id="g0" for="graph" attr.name="name" attr.type="string"/>\n'
    for i, (name, type_) in enumerate(node_types):
        yield f'<key id="n{i}" for="node" attr.name="{name}" attr.type="{type_}"/>\n'
    for i, (name, type_) in enumerate(edge_types):
        yield f'<key id="e{i}" for="edge" attr.name="{name}" attr.type="{type_}"/>\n'
    yield f'<graph edgedefault="directed">\n<data key="g0">{_xml(network.name)}</data>\n'
    for node_id, data in network.nodes.items():
        values = "".join(f'<data key="n{i}">{_xml(_number(data[name]))}</data>'
                         for i, (name, _) in enumerate(node_types) if name in data)
        yield f'<node id="{_xml(node_id)}">{values}</node>\n'
    for (u, v), data in network.edges.items():
        values = "".join(f'<data key="e{i}">{_xml(_number(data[name]))}</data>'
                         for i, (name, _) in enumerate(edge_types))
        yield f'<edge source="{_xml(u)}" target="{_xml(v)}">{values}</edge>\n'
    yield "</graph>\n</graphml>\n"


def _gexf_lines(network: Network) -> Iterator[str]:
    node_types, edge_types = _types(network)
    node_attrs = [(n, t) for n, t in node_types if n != "label"]  # GEXF's own label
    today = datetime.date.today().isoformat()
    yield ("<?xml version='1.0' encoding='utf-8'?>\n"
           '<gexf xmlns="http://www.gexf.net/1.2draft" '
           'xmlns:viz="http://www.gexf.net/1.2draft/viz" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.gexf.net/1.2draft '
           'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
           f'<meta lastmodifieddate="{today}"><creator>provgraph</creator></meta>\n'
           f'<graph defaultedgetype="directed" mode="static" name="{_xml(network.name)}">\n')
    yield '<attributes mode="static" class="node">\n'
    for i, (name, type_) in enumerate(node_attrs):
        yield f'<attribute id="{i}" title="{name}" type="{type_}"/>\n'
    yield '</attributes>\n<attributes mode="static" class="edge">\n'
    for i, (name, type_) in enumerate(edge_types):
        yield f'<attribute id="e{i}" title="{name}" type="{type_}"/>\n'
    yield "</attributes>\n<nodes>\n"
    layout = network.has_layout
    for node_id, data in network.nodes.items():
        # Gephi opens the file with the same left-to-right picture as the HTML page
        viz = (f'<viz:position x="{data["x"]!r}" y="{-data["y"]!r}" z="0.0"/>'
               if layout else "")
        values = "".join(f'<attvalue for="{i}" value="{_xml(_number(data[name]))}"/>'
                         for i, (name, _) in enumerate(node_attrs) if name in data)
        yield (f'<node id="{_xml(node_id)}" label="{_xml(data["label"])}">{viz}'
               f"<attvalues>{values}</attvalues></node>\n")
    yield "</nodes>\n<edges>\n"
    for n, ((u, v), data) in enumerate(network.edges.items()):
        values = "".join(f'<attvalue for="e{i}" value="{_xml(_number(data[name]))}"/>'
                         for i, (name, _) in enumerate(edge_types))
        yield (f'<edge id="{n}" source="{_xml(u)}" target="{_xml(v)}">'
               f"<attvalues>{values}</attvalues></edge>\n")
    yield "</edges>\n</graph>\n</gexf>\n"


def _write_lines(path: str | Path, lines: Iterator[str]) -> Path:
    def write(p: Path) -> None:
        with p.open("w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(lines)

    return write_atomic(path, write)


def write_graphml(network: Network, path: str | Path) -> Path:
    """Write ``network`` as GraphML, typed ``key`` declarations first."""
    return _write_lines(path, _graphml_lines(network))


def write_gexf(network: Network, path: str | Path) -> Path:
    """Write ``network`` as GEXF 1.2 (with the page's positions as ``viz`` when laid out)."""
    return _write_lines(path, _gexf_lines(network))


def _edge_rows(network: Network, handle: IO[str]) -> None:
    writer = csv.writer(handle)
    writer.writerow(EDGE_COLUMNS)
    nodes = network.nodes
    for (u, v), data in network.edges.items():
        writer.writerow([u, v, nodes[u]["label"], nodes[u]["kind"], nodes[v]["label"],
                         nodes[v]["kind"], data["relation"], data["statements"],
                         data["articles"]])


def write_edge_csv(network: Network, path: str | Path) -> Path:
    """Write one CSV row per edge (columns :data:`EDGE_COLUMNS`), UTF-8 with a header."""
    def write(p: Path) -> None:
        with p.open("w", encoding="utf-8", newline="") as handle:
            _edge_rows(network, handle)

    return write_atomic(path, write)
