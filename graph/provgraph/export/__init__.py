"""Exports people load elsewhere: GraphML, GEXF, edge-list CSV, PROV-JSON and PROV-N.

``export_graph(store, path, fmt)`` is the one entry point (the CLI's ``export --format``);
the RDF formats (.ttl .trig .nt .nq .jsonld) stay with ``Store.dump``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from ..store.base import Store
from .network_files import EDGE_COLUMNS, write_edge_csv, write_gexf, write_graphml
from .networks import (
    LAYOUT_MAX_NODES,
    Network,
    NetworkFold,
    Progress,
    corpus_network,
    network_of_corpus,
    store_network,
)
from .provdm import store_to_prov, write_prov_json, write_provn

__all__ = [
    "EDGE_COLUMNS",
    "FORMATS",
    "LAYOUT_MAX_NODES",
    "Network",
    "NetworkFold",
    "Progress",
    "corpus_network",
    "export_graph",
    "format_of",
    "network_of_corpus",
    "store_network",
    "store_to_prov",
    "write_edge_csv",
    "write_gexf",
    "write_graphml",
    "write_prov_json",
    "write_provn",
]

#: export format → file suffix it is guessed from
FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "csv": ".csv", "prov-json": ".json",
           "provn": ".provn"}


def format_of(path: str | Path, fmt: str | None = None) -> str | None:
    """The export format asked for, or guessed from the suffix; None for an RDF dump.

    Examples
    --------
    >>> format_of("g.gexf"), format_of("g.json", "prov-json"), format_of("g.ttl")
    ('gexf', 'prov-json', None)
    """
    if fmt is not None:
        if fmt not in FORMATS:
            raise ConfigError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    return next((name for name, ext in FORMATS.items() if ext == suffix), None)


def export_graph(store: Store, path: str | Path, fmt: str,
                 progress: Progress | None = None) -> Path:
    """Write the graph in store as ``fmt`` (one of :data:`FORMATS`) to ``path``.

    Every format is written as a stream to a temporary file renamed over ``path`` at the
    end; ``progress`` (when given) receives a line every few seconds of long work.
    """
    fmt = format_of(path, fmt) or fmt
    if fmt == "prov-json":
        return write_prov_json(store, path, progress)
    if fmt == "provn":
        return write_provn(store, path, progress)
    network = store_network(store, progress)
    writer = {"graphml": write_graphml, "gexf": write_gexf, "csv": write_edge_csv}[fmt]
    return writer(network, path)
