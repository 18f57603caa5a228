"""Drawing citation chains: chains -> networkx graph -> one offline HTML page.

``viz`` takes query rows (``provgraph.model.Chain``) and never talks to the store.
"""

from .card import chain_in_words, render_card, write_card
from .chains import chains_to_digraph
from .html import render_browse_html, render_chains_html, write_chains_html

__all__ = [
    "chain_in_words",
    "chains_to_digraph",
    "render_browse_html",
    "render_card",
    "render_chains_html",
    "write_card",
    "write_chains_html",
]
