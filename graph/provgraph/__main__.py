"""``python -m provgraph`` runs the CLI."""

from .cli import main

main()
