"""The citation chains as one self-contained, offline, injection-safe HTML page.

pyvis draws the graph (vis-network, inlined with ``cdn_resources="in_line"``), but its
page is not fit to ship as is, so this module renders pyvis's template itself and then
post-processes the result:

- pyvis 0.3.2 still links Bootstrap from a CDN even when inlining vis-network; those tags
  are removed (the page has its own small stylesheet, ``chains.css``), and the finished
  page is checked for any remaining remote reference, so it opens on an offline machine;
- every string that comes from an article (titles, quotes, names) is untrusted. Node and
  edge data reach the page only through Jinja's ``tojson`` filter, which writes ``<``,
  ``>``, ``&`` and ``'`` as ``\\u003c`` etc., so ``</script>`` in a quote cannot close the
  script. Tooltips are plain text, which vis-network 9.1.2 sets with ``innerText``.
  ``Network.generate_html`` is not used because it switches to an HTML popup
  (``popup.innerHTML = title``) whenever a title merely *contains* "href", which article
  text may well do. The header, legend and table are built here with ``html.escape``;
- a header with counts, a legend (colour *and* shape per node kind) and a plain-HTML table
  of every chain make the page readable without JavaScript and in a screenshot.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from ..atomic import write_text_atomic
from ..corpus import ClaimGroup, Rewrite
from ..model import Chain
from .chains import NODE_KINDS, chains_to_digraph

__all__ = ["render_browse_html", "render_chains_html", "write_chains_html"]

DEFAULT_TITLE = "provgraph citation chains"

# kind -> (vis shape, fill, border, legend text). Shapes differ as well as colours, so the
# kinds stay apart in greyscale and for colour-blind readers.
_STYLE: dict[str, tuple[str, str, str, str]] = {
    "article": ("box", "#dbe7f5", "#3b6aa0", "article"),
    "publisher": ("ellipse", "#fde2b8", "#c07a12", "publisher"),
    "agency": ("diamond", "#f7b2a8", "#b8412f", "news agency"),
    "channel": ("hexagon", "#e3d3f2", "#7b4fa6", "channel"),
    "person": ("dot", "#b9e4c0", "#2e8b57", "person"),
    "organization": ("square", "#b5e0e6", "#1f7f8c", "organization"),
    "group": ("triangle", "#e0e0e0", "#666666", "anonymous source"),
    "claim": ("star", "#fff1a8", "#a88600", "claim (independent origins)"),
}
_TOOLTIP_STATEMENTS = 6  # statements listed in one tooltip before "... and N more"

_BIG = 1500  # nodes: above this, straight edges and no hover, so panning stays smooth
# edge relation -> (colour, dashed)
_EDGE_STYLE = {"derived from": ("#c0392b", True), "expressed in": ("#a88600", True)}

# vis-network options. Positions come from the graph (layout.py: levels left to right,
# barycentre order within a column), so the browser lays out nothing: physics and the
# hierarchical layout stay off, and the picture is the same on every load at any size.
_OPTIONS: dict[str, Any] = {
    "layout": {"improvedLayout": False, "hierarchical": {"enabled": False}},
    "physics": {"enabled": False},
    "nodes": {"font": {"size": 18, "face": "Helvetica, Arial, sans-serif"}, "borderWidth": 2},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.8}},
        "color": {"color": "#8a8a8a", "highlight": "#333333"},
        "font": {"size": 12, "color": "#555555", "strokeWidth": 3, "align": "middle"},
        "smooth": {"type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.4},
    },
    "interaction": {"hover": True, "tooltipDelay": 120},
}

# what must never be left in the page: a tag fetching over the network
_REMOTE = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE
)
_CDN_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*\"(?:https?:)?//[^\"]*\"[^>]*>", re.IGNORECASE)
_CDN_SCRIPT = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*\"(?:https?:)?//[^\"]*\"[^>]*>\s*</script>", re.IGNORECASE
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[-15:]:  # end on a whole word when one is close
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def _describe(record: dict[str, Any]) -> str:
    """Plain-text lines for one statement: words; cue, kind, channel; evidence span."""
    facts = [f"{key}: {record[key]}" for key in ("cue", "kind", "channel") if record[key]]
    where = f"in {record['article']}"
    if record["start"] is not None:
        where = f"chars {record['start']}–{record['end']} of {record['article']}"
    lines = [f"“{_shorten(record['text'], 240)}”", "  " + " · ".join(facts), "  " + where]
    if record["article_title"]:
        lines.append(f"  article: {_shorten(record['article_title'], 100)}")
    if record.get("claim"):
        origins = record["origins"]
        lines.append(f"  claim, {origins} independent origin{'s' * (origins != 1)}: "
                     f"{_shorten(record['claim'], 100)}")
    return "\n".join(line for line in lines if line.strip())


def _tooltip(heading: str, records: Sequence[dict[str, Any]]) -> str:
    articles = {r["article"] for r in records}
    count = f"{len(records)} statement{'s' * (len(records) != 1)}"
    lines = [heading, f"{count} in {len(articles)} article{'s' * (len(articles) != 1)}"]
    for record in records[:_TOOLTIP_STATEMENTS]:
        lines += ["", _describe(record)]
    if len(records) > _TOOLTIP_STATEMENTS:
        lines += ["", f"… and {len(records) - _TOOLTIP_STATEMENTS} more"]
    return "\n".join(lines)


def _node_label(graph: nx.DiGraph, node_id: str) -> str:
    node = graph.nodes[node_id]
    if node["kind"] == "claim":
        return f"{_shorten(node['label'], 40)}\n[{node['origins_label']}]"
    if node["kind"] == "article":
        article = node["statements"][0]["article"]
        title = _shorten(node["label"], 60)
        return title if title == article else f"{title}\n[{article}]"
    return _shorten(node["label"], 40)


def _heading(node: dict[str, Any]) -> str:
    legend = _STYLE[node["kind"]][3]
    if node["kind"] == "claim":
        return f"claim: {_shorten(node['label'], 200)} ({node['origins_label']})"
    return f"{node['label']} ({legend})"


def _to_network(graph: nx.DiGraph, height: str) -> Network:
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    for node_id, node in graph.nodes(data=True):
        shape, fill, border, _ = _STYLE[node["kind"]]
        net.add_node(
            node_id,
            label=_node_label(graph, node_id),
            title=_tooltip(_heading(node), node["statements"]),
            shape=shape,
            color={
                "background": fill,
                "border": border,
                "highlight": {"background": fill, "border": "#000000"},
                "hover": {"background": fill, "border": "#000000"},
            },
            x=node["x"],
            y=node["y"],
            size=18,
            widthConstraint={"maximum": 260} if shape == "box" else False,
        )
    for u, v, edge in graph.edges(data=True):
        records = edge["statements"]
        relation = edge["relation"]
        heading = f"{graph.nodes[u]['label']} —{relation}→ {graph.nodes[v]['label']}"
        style: dict[str, Any] = {}
        if relation in _EDGE_STYLE:
            colour, dashed = _EDGE_STYLE[relation]
            style = {"color": {"color": colour, "highlight": colour}, "dashes": dashed}
        title = _tooltip(heading, records) if records else heading
        net.add_edge(u, v, title=title, label=relation,
                     width=1 + math.log2(max(1, len(records))), **style)
    net.options = _options(graph)
    return net


def _options(graph: nx.DiGraph) -> dict[str, Any]:
    if graph.number_of_nodes() <= _BIG:
        return _OPTIONS
    big = json.loads(json.dumps(_OPTIONS))
    big["edges"]["smooth"] = False
    big["interaction"].update(hover=False, hideEdgesOnDrag=True)
    return big


def _render_pyvis(net: Network) -> str:
    # Network.generate_html() minus its "href in title -> innerHTML popup" switch
    nodes, edges, _heading, height, width, options = net.get_network_data()
    template = net.templateEnv.get_template(net.path)
    return template.render(
        height=height,
        width=width,
        nodes=nodes,
        edges=edges,
        heading="",
        options=options,
        physics_enabled=False,
        use_DOT=False,
        dot_lang="",
        widget=False,
        bgcolor="#ffffff",
        conf=False,
        tooltip_link=False,
        neighborhood_highlight=False,
        select_menu=False,
        filter_menu=False,
        notebook=False,
        cdn_resources="in_line",
    )


def _legend_swatch(kind: str) -> str:
    shape, fill, border, _ = _STYLE[kind]
    style = f'fill="{fill}" stroke="{border}" stroke-width="2"'
    drawings = {
        "box": f'<rect x="2" y="5" width="20" height="14" rx="3" {style}/>',
        "ellipse": f'<ellipse cx="12" cy="12" rx="10" ry="7" {style}/>',
        "diamond": f'<polygon points="12,2 22,12 12,22 2,12" {style}/>',
        "hexagon": f'<polygon points="7,3 17,3 22,12 17,21 7,21 2,12" {style}/>',
        "dot": f'<circle cx="12" cy="12" r="9" {style}/>',
        "square": f'<rect x="3" y="3" width="18" height="18" {style}/>',
        "triangle": f'<polygon points="12,2 22,21 2,21" {style}/>',
        "star": f'<polygon points="12,2 15,9 22,9 16.5,14 18.5,21 12,17 5.5,21 7.5,14 2,9 9,9" {style}/>',
    }
    return f'<svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">{drawings[shape]}</svg>'


def _edge_swatch(relation: str) -> str:
    colour, _ = _EDGE_STYLE[relation]
    line = f'<line x1="1" y1="12" x2="23" y2="12" stroke="{colour}" stroke-width="2" '
    return f'<svg width="24" height="24" aria-hidden="true">{line}stroke-dasharray="4 3"/></svg>'


def _legend(graph: nx.DiGraph) -> str:
    used = {kind for _, kind in graph.nodes(data="kind")}
    items = "".join(
        f'<li data-kind="{kind}">{_legend_swatch(kind)}<span>{_STYLE[kind][3]}</span></li>'
        for kind in NODE_KINDS
        if kind in used
    )
    relations = {relation for _, _, relation in graph.edges(data="relation")}
    items += "".join(
        f'<li data-edge="{r}">{_edge_swatch(r)}<span>{r}</span></li>'
        for r in _EDGE_STYLE
        if r in relations
    )
    return f'<div id="legend" aria-label="legend"><ul>{items}</ul></div>'


def _header(graph: nx.DiGraph, title: str) -> str:
    records = graph.graph["chains"]
    n_articles = len({r["article"] for r in records})
    n_sources = sum(1 for n, d in graph.in_degree() if d and not graph.out_degree(n))
    counts = (
        f"{n_articles} article{'s' * (n_articles != 1)} · "
        f"{len(records)} statement{'s' * (len(records) != 1)} · "
        f"{n_sources} original source{'s' * (n_sources != 1)}"
    )
    return (
        f'<header id="page-header"><h1>{html.escape(title)}</h1>'
        f'<p id="counts">{counts}</p>'
        '<p class="hint">Read left to right: the article, the outlets that carried the '
        "words, then who said them. Hover a node or an arrow for the statements; click a "
        "node to focus on its chains.</p>"
        f"</header>{_legend(graph)}{_CONTROLS}"
    )


_CONTROLS = (
    '<div id="pg-controls" role="search"><label for="pg-search">Search</label> '
    '<input id="pg-search" type="search" placeholder="a speaker, outlet, article or claim" '
    'autocomplete="off"> <select id="pg-field" aria-label="search in">'
    '<option value="any">anywhere</option><option value="speaker">speaker</option>'
    '<option value="outlet">outlet</option><option value="article">article</option>'
    '<option value="claim">claim</option></select> '
    '<button id="pg-reset" type="button">show all</button> <span id="pg-status"></span></div>'
)


def _table(graph: nx.DiGraph) -> str:
    rows = []
    for record, path in zip(graph.graph["chains"], graph.graph["paths"]):
        title = record["article_title"]
        article = html.escape(record["article"])
        if title:
            article = f"{html.escape(title)}<br><small>{article}</small>"
        # the hands only; the channel has its own column
        hops = " → ".join(
            graph.nodes[n]["label"] for n in path[1:] if graph.nodes[n]["kind"] != "channel"
        )
        facts = " · ".join(str(record[k]) for k in ("cue", "kind") if record[k])
        span = f"chars {record['start']}–{record['end']}" if record["start"] is not None else ""
        statement = html.escape(f"“{record['text']}”")
        detail = html.escape(" · ".join(x for x in (facts, span) if x))
        claim = ""
        if record["claim"]:
            origins = record["origins"]
            claim = (f"{html.escape(_shorten(record['claim'], 120))}<br><small>{origins} "
                     f"independent origin{'s' * (origins != 1)}</small>")
        rows.append(
            f"<tr{_row_data(graph, record, path)}><td>{article}</td>"
            f"<td>{statement}<br><small>{detail}</small></td><td>{html.escape(hops)}</td>"
            f"<td>{html.escape(record['channel'] or '')}</td><td>{claim}</td></tr>"
        )
    return (
        '<section id="chains"><h2>Chains</h2><table id="chain-table"><thead><tr>'
        "<th>article</th><th>statement</th><th>chain</th><th>channel</th><th>claim</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _row_data(graph: nx.DiGraph, record: dict[str, Any], path: Sequence[str]) -> str:
    """data-* attributes the page script filters on (escaped: they hold article text)."""
    labels = [graph.nodes[n]["label"] for n in path[1:] if graph.nodes[n]["kind"] != "channel"]
    claim_ids = [c for c in graph.predecessors(path[0]) if c.startswith("claim:")
                 and any(r is record for r in graph.nodes[c]["statements"])]
    data = {
        "article": f"{record['article']} {record['article_title'] or ''}",
        "speaker": labels[-1] if labels else "",
        "outlets": " | ".join(labels[:-1]),
        "claim": record["claim"] or "",
        "text": record["text"],
        "path": json.dumps(list(path) + claim_ids),
    }
    return "".join(f' data-{k}="{html.escape(v, quote=True)}"' for k, v in data.items())


def _canvas_height(graph: nx.DiGraph) -> str:
    per_level: dict[int, int] = {}
    for _, level in graph.nodes(data="level"):
        per_level[level] = per_level.get(level, 0) + 1
    widest = max(per_level.values(), default=1)
    return f"{min(900, max(420, 110 * widest + 80))}px"


def _insert(page: str, anchor: str, text: str, *, after: bool = False) -> str:
    """Put ``text`` next to the one ``anchor`` of pyvis's template, or fail loudly."""
    if page.count(anchor) != 1:  # e.g. a pyvis upgrade changed its template
        raise RuntimeError(
            f"chains page: expected one {anchor!r} in pyvis's template, found "
            f"{page.count(anchor)}; provgraph.viz supports pyvis==0.3.2"
        )
    return page.replace(anchor, anchor + text if after else text + anchor)


def _assemble(page: str, graph: nx.DiGraph, title: str) -> str:
    page = _CDN_LINK.sub("", page)
    page = _CDN_SCRIPT.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    css = resources.files("provgraph.viz").joinpath("chains.css").read_text(encoding="utf-8")
    head = (
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{css}</style>"
    )
    noscript = (
        "<noscript><p>The graph needs JavaScript; the table below lists every chain.</p></noscript>"
    )
    page = _insert(page, "</head>", head)
    page = _insert(page, "<body>", _header(graph, title), after=True)
    page = _insert(page, '<div id="mynetwork"', noscript)
    page = _insert(page, "</body>", _table(graph))
    script = resources.files("provgraph.viz").joinpath("chains.js").read_text(encoding="utf-8")
    page = _insert(page, "</body>", f"<script>{script}</script>")
    page = "<!DOCTYPE html>\n" + page.lstrip()
    match = _REMOTE.search(page)
    if match:  # never ship a page that phones a CDN: it would not open offline
        raise RuntimeError(f"chains page still fetches a remote asset: {match.group(0)[:120]}")
    return page


def render_chains_html(
    chains: Iterable[Chain],
    title: str = DEFAULT_TITLE,
    *,
    claims: Mapping[str, ClaimGroup] | None = None,
    rewrites: Sequence[Rewrite] = (),
) -> str:
    """Draw citation chains as one self-contained HTML page.

    Parameters
    ----------
    chains : iterable of Chain
        Query rows, one per attributed statement per article.
    title : str
        Page title and heading (escaped).
    claims, rewrites
        Claim groups by statement IRI and article rewrites (``provgraph.corpus``): drawn
        as claim nodes with their independent-origin count and "derived from" edges.

    Returns
    -------
    str
        The page: header with counts, legend, interactive graph (vis-network, inlined)
        and a table of every chain. It loads nothing from the network.

    Examples
    --------
    >>> from provgraph.model import Chain, ChainLink
    >>> page = render_chains_html([Chain("a1", "<b>One</b>", "hi", "urn:1",
    ...                                  (ChainLink("Ann", "Person"),))])
    >>> "&lt;b&gt;One&lt;/b&gt;" in page and "<b>One</b>" not in page
    True
    """
    graph = chains_to_digraph(chains, claims, rewrites)
    net = _to_network(graph, _canvas_height(graph))
    return _assemble(_render_pyvis(net), graph, title)


def write_chains_html(
    chains: Iterable[Chain],
    path: str | Path,
    title: str = DEFAULT_TITLE,
    *,
    claims: Mapping[str, ClaimGroup] | None = None,
    rewrites: Sequence[Rewrite] = (),
) -> Path:
    """Write :func:`render_chains_html` to ``path`` (UTF-8), creating parent folders.

    Parameters
    ----------
    chains : iterable of Chain
        Query rows, one per attributed statement per article.
    path : str or Path
        Where to write the page.
    title : str
        Page title and heading.
    claims, rewrites
        As for :func:`render_chains_html`.

    Returns
    -------
    Path
        The path written.
    """
    # write then rename, so a failed run never leaves half a page behind
    return write_text_atomic(path, render_chains_html(chains, title=title, claims=claims,
                                                      rewrites=rewrites))


_BROWSE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>provgraph: citation chains</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
form { display: flex; flex-wrap: wrap; gap: .5em; margin-bottom: 1em; }
label { display: flex; flex-direction: column; font-size: 12px; color: #555; }
input { font: inherit; padding: .25em .4em; min-width: 12em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3em .5em; border-bottom: 1px solid #ddd; }
td.chain span + span::before { content: " \\2192  "; color: #888; }
#status { color: #555; margin: .5em 0; }
</style></head>
<body>
<h1>Citation chains</h1>
<p>One page at a time, read from the store. Search by speaker or outlet (a name or an
alias, any case), article (its id) or claim (its IRI, from <code>provgraph query OUT
claims</code>).</p>
<form id="search">
<label>speaker <input name="speaker" id="speaker"></label>
<label>outlet <input name="outlet" id="outlet"></label>
<label>article <input name="article" id="article"></label>
<label>claim <input name="claim" id="claim"></label>
<button type="submit">search</button>
</form>
<div id="status"></div>
<table><thead><tr><th>article</th><th>statement</th><th>chain</th><th>channel</th></tr></thead>
<tbody id="rows"></tbody></table>
<p><button id="more" hidden>next page</button></p>
<script>
// every value from the store reaches the page through textContent, never as HTML
const fields = ["speaker", "outlet", "article", "claim"];
let next = null, query = null;
function cell(row, text) { const td = row.insertCell(); td.textContent = text || ""; return td; }
async function load(cursor) {
  const params = new URLSearchParams(query);
  if (cursor) params.set("cursor", cursor);
  document.getElementById("status").textContent = "loading…";
  const answer = await fetch("api/chains?" + params.toString());
  if (!answer.ok) {
    document.getElementById("status").textContent = await answer.text();
    return;
  }
  const page = await answer.json();
  const body = document.getElementById("rows");
  if (!cursor) body.replaceChildren();
  for (const c of page.chains) {
    const row = body.insertRow();
    row.className = "chain-row";
    cell(row, c.article);
    cell(row, c.statement);
    const chain = cell(row, "");
    chain.className = "chain";
    for (const name of c.chain) {
      const span = document.createElement("span");
      span.textContent = name;
      chain.appendChild(span);
    }
    cell(row, c.channel ? c.channel.kind + (c.channel.with ? " with " + c.channel.with : "") : "");
  }
  next = page.next;
  document.getElementById("more").hidden = !next;
  document.getElementById("status").textContent = body.rows.length + " chains shown" +
    (next ? "" : " (all)");
}
document.getElementById("search").addEventListener("submit", (event) => {
  event.preventDefault();
  query = {};
  for (const f of fields) {
    const v = document.getElementById(f).value.trim();
    if (v) query[f] = v;
  }
  history.replaceState(null, "", "?" + new URLSearchParams(query).toString());
  load(null);
});
document.getElementById("more").addEventListener("click", () => load(next));
const given = new URLSearchParams(location.search);
query = {};
for (const f of fields) if (given.get(f)) { query[f] = given.get(f); document.getElementById(f).value = given.get(f); }
load(null);
</script>
</body></html>
"""


def render_browse_html() -> str:
    """The page ``provgraph serve`` shows for builds too big for one static page: a
    search form and a table filled one page at a time from ``/api/chains``."""
    return _BROWSE
