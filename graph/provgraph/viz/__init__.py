"""Drawing citation chains: chains -> networkx graph -> one offline HTML page.

``viz`` takes query rows (``provgraph.model.Chain``) and never talks to the store.
"""

from .chains import chains_to_digraph
from .html import render_chains_html, write_chains_html

__all__ = ["chains_to_digraph", "render_chains_html", "write_chains_html"]
