"""Named SPARQL queries over a provgraph store, and the citation chains built from them."""

from __future__ import annotations

from .chains import citation_chains
from .loader import NamedQuery, Param, list_queries, load_query, run_query

__all__ = ["run_query", "run", "load_query", "list_queries", "citation_chains", "NamedQuery",
           "Param"]

run = run_query
