"""Named SPARQL queries over a provgraph store, and the citation chains built from them."""

from __future__ import annotations

from .chains import citation_chains, iter_chains, statement_chain
from .loader import NamedQuery, Param, list_queries, load_query, run_query

__all__ = [
    "NamedQuery",
    "Param",
    "citation_chains",
    "iter_chains",
    "list_queries",
    "load_query",
    "run",
    "run_query",
    "statement_chain",
]

run = run_query
