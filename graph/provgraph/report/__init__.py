"""The corpus report: most-cited sources, agencies per outlet, wire share, chain lengths
and rewrite clusters, as tables and matplotlib charts (PNG and SVG) in one HTML page."""

from __future__ import annotations

from .page import CHARTS, render_report, write_report
from .stats import CorpusStats, citation_graph, corpus_stats, outlet_of

__all__ = [
    "CHARTS",
    "CorpusStats",
    "citation_graph",
    "corpus_stats",
    "outlet_of",
    "render_report",
    "write_report",
]
