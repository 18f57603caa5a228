"""Node positions computed in Python, so the browser draws and never lays out.

vis-network's hierarchical layout runs in the page on every load and its edge
minimisation grows quadratically: a few thousand nodes freeze the tab for seconds. The
chain graph already has a level per node (``chains.py``), so the only work left is the
order of the nodes inside each column. Two barycentre sweeps (Sugiyama's heuristic: a
node sits at the mean position of its neighbours in the previous column) remove most
crossings in linear time; the page then gets fixed ``x``/``y`` and physics stays off.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict

import networkx as nx

__all__ = ["assign_positions"]

LEVEL_GAP = 320  # px between columns
ROW_GAP = 80  # px between nodes of one column
ARTICLE_ROW_GAP = 120
STRIP_GAP = 180  # px between the strips of a wrapped column


def _order_by(
    column: list[str], neighbours: dict[str, list[str]], rank: dict[str, float]
) -> list[str]:
    def key(node: str) -> tuple[float, float]:
        around = [rank[n] for n in neighbours[node] if n in rank]
        return (sum(around) / len(around) if around else rank[node], rank[node])

    return sorted(column, key=key)


def assign_positions(graph: nx.DiGraph, sweeps: int = 2) -> None:
    """Set ``x`` and ``y`` on every node from its ``level`` and a barycentre ordering.

    Parameters
    ----------
    graph : networkx.DiGraph
        Nodes must carry an integer ``level``; insertion order is the starting order.
    sweeps : int
        Forward-and-backward barycentre passes.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from([("a", {"level": 0}), ("b", {"level": 0}),
    ...                   ("y", {"level": 1}), ("x", {"level": 1})])
    >>> g.add_edges_from([("a", "x"), ("b", "y")])
    >>> assign_positions(g)
    >>> [(n, g.nodes[n]["x"], g.nodes[n]["y"]) for n in ("a", "b", "x", "y")]
    [('a', 0, -40), ('b', 0, 40), ('x', 320, -40), ('y', 320, 40)]
    """
    columns: dict[int, list[str]] = defaultdict(list)
    for node, level in graph.nodes(data="level"):
        columns[int(level or 0)].append(node)
    levels = sorted(columns)
    rank: dict[str, float] = {}
    for level in levels:
        for i, node in enumerate(columns[level]):
            rank[node] = i
    preds = {n: list(graph.predecessors(n)) for n in graph}
    succs = {n: list(graph.successors(n)) for n in graph}
    for _ in range(sweeps):
        for order, neighbours in ((levels[1:], preds), (levels[-2::-1], succs)):
            for level in order:
                columns[level] = _order_by(columns[level], neighbours, rank)
                for i, node in enumerate(columns[level]):
                    rank[node] = i
    _place(graph, columns, levels)


def _place(graph: nx.DiGraph, columns: dict[int, list[str]], levels: list[int]) -> None:
    """x from the level, y from the order; tall columns wrap into side-by-side strips.

    A corpus puts thousands of articles in one column: drawn as one strip the picture is a
    hairline. Past ``cap`` nodes (about the square root of the node count) a column is
    dealt round-robin into ``k`` strips, so y still follows the barycentre order and edges
    stay roughly horizontal, and the next level starts right of the last strip.
    """
    if not levels:
        return
    cap = max(30, math.isqrt(graph.number_of_nodes()))
    strips = {level: math.ceil(len(columns[level]) / cap) for level in levels}
    anchor = 0 if 0 in strips else levels[0]
    start = {anchor: anchor * LEVEL_GAP}
    for before, level in itertools.pairwise([lv for lv in levels if lv >= anchor]):
        start[level] = start[before] + (strips[before] - 1) * STRIP_GAP + LEVEL_GAP
    for after, level in itertools.pairwise([lv for lv in reversed(levels) if lv <= anchor]):
        start[level] = start[after] - LEVEL_GAP - (strips[level] - 1) * STRIP_GAP
    for level in levels:
        column, k = columns[level], strips[level]
        # article boxes and claims hold two or three lines of text: give them more room
        gap = ARTICLE_ROW_GAP if any(graph.nodes[n].get("kind") in ("article", "claim")
                                     for n in column) else ROW_GAP
        middle = (math.ceil(len(column) / k) - 1) / 2
        for i, node in enumerate(column):
            graph.nodes[node]["x"] = start[level] + (i % k) * STRIP_GAP
            graph.nodes[node]["y"] = round((i // k - middle) * gap)
