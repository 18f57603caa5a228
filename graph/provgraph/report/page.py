"""The corpus report: one HTML page with tables and charts (PNG and SVG, matplotlib).

``write_report(corpus, out_dir)`` writes ``report.html`` and ``charts/<name>.png|svg``; the
page shows the SVGs and links the PNGs (for slides and documents). Everything is local
files, so the folder opens offline. Names from articles are escaped in the HTML and made
inert for matplotlib (a ``$`` would otherwise start mathtext).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..corpus import Corpus
from .stats import CorpusStats, corpus_stats

__all__ = ["CHARTS", "render_report", "write_report"]

#: chart file stems, in page order
CHARTS = ("cited", "agencies", "wire", "lengths", "clusters")
_COLOURS = ["#3b6aa0", "#c07a12", "#b8412f", "#2e8b57", "#7b4fa6", "#1f7f8c", "#a88600",
            "#666666", "#d46a9f", "#5a5a9c"]


def _label(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("$", r"\$")


def _barh(ax: Axes, names: Sequence[str], values: Sequence[float], colour: str) -> None:
    ax.barh(range(len(names)), values, color=colour)
    ax.set_yticks(range(len(names)), [_label(n) for n in names])
    ax.invert_yaxis()


def _cited(ax: Axes, stats: CorpusStats) -> None:
    _barh(ax, [r[0] for r in stats.cited], [r[2] for r in stats.cited], _COLOURS[3])
    ax.set_xlabel("statements")
    ax.set_title("Most-cited sources")


def _agencies(ax: Axes, stats: CorpusStats) -> None:
    totals: dict[str, int] = {}
    for rows in stats.agencies.values():
        for agency, n in rows:
            totals[agency] = totals.get(agency, 0) + n
    top = sorted(totals, key=lambda a: (-totals[a], a))[:9]
    outlets = [o for o, rows in stats.agencies.items() if rows][:20]
    left = [0] * len(outlets)
    for i, agency in enumerate([*top, "other"]):
        values = []
        for outlet in outlets:
            counts = dict(stats.agencies[outlet])
            values.append(counts.get(agency, 0) if agency != "other" else
                          sum(n for a, n in counts.items() if a not in top))
        if any(values):
            ax.barh(range(len(outlets)), values, left=left, label=_label(agency, 25),
                    color=_COLOURS[i % len(_COLOURS)])
            left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(range(len(outlets)), [_label(o) for o in outlets])
    ax.invert_yaxis()
    ax.set_xlabel("statements through the agency")
    ax.set_title("Agencies each outlet relies on")
    if outlets:
        ax.legend(fontsize=8, loc="lower right")


def _wire(ax: Axes, stats: CorpusStats) -> None:
    outlets = sorted(stats.wire, key=lambda o: (-stats.wire[o][0], o))[:20]
    shares = [100 * stats.wire[o][1] / stats.wire[o][0] for o in outlets]
    _barh(ax, outlets, shares, _COLOURS[2])
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the outlet's statements that came through a news agency")
    ax.set_title("Share through a wire")


def _lengths(ax: Axes, stats: CorpusStats) -> None:
    ax.bar([str(k) for k in stats.lengths], list(stats.lengths.values()), color=_COLOURS[0])
    ax.set_xlabel("hands between the article and the speaker (speaker included)")
    ax.set_ylabel("chains")
    ax.set_title("Chain length")


def _clusters(ax: Axes, stats: CorpusStats) -> None:
    sizes: dict[int, int] = {}
    for cluster in stats.clusters:
        sizes[len(cluster)] = sizes.get(len(cluster), 0) + 1
    ax.bar([str(k) for k in sorted(sizes)], [sizes[k] for k in sorted(sizes)],
           color=_COLOURS[4])
    ax.set_xlabel("articles in the cluster")
    ax.set_ylabel("rewrite clusters")
    ax.set_title("Rewrite clusters")


_DRAW: dict[str, Callable[[Axes, CorpusStats], None]] = {
    "cited": _cited, "agencies": _agencies, "wire": _wire, "lengths": _lengths,
    "clusters": _clusters,
}


def _draw_charts(stats: CorpusStats, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in CHARTS:
        rows = {"cited": len(stats.cited), "agencies": len(stats.agencies),
                "wire": len(stats.wire)}.get(name, 6)
        # a bare Figure (no pyplot): no global state, no display, nothing to close
        fig = Figure(figsize=(8, max(3.0, 0.32 * min(rows, 20) + 1.4)))
        _DRAW[name](fig.subplots(), stats)
        fig.tight_layout()
        # fixed metadata and hash salt: the same corpus gives the same files
        with matplotlib.rc_context({"svg.hashsalt": "provgraph"}):
            fig.savefig(folder / f"{name}.svg", metadata={"Date": None})
        fig.savefig(folder / f"{name}.png", dpi=110, metadata={"Software": None})


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _figure(name: str, caption: str) -> str:
    return (f'<figure id="chart-{name}"><img src="charts/{name}.svg" alt="{caption}">'
            f'<figcaption>{caption} · <a href="charts/{name}.png">PNG</a> · '
            f'<a href="charts/{name}.svg">SVG</a></figcaption></figure>')


_CSS = """body{font-family:Helvetica,Arial,sans-serif;max-width:980px;margin:24px auto;color:#222}
h1{font-size:26px}h2{font-size:20px;margin-top:30px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:14px;margin:8px 0}td,th{border:1px solid #d6d6d6;
padding:4px 8px;text-align:left;vertical-align:top}th{background:#f0f3f7}
figure{margin:10px 0}figure img{max-width:100%}figcaption{font-size:13px;color:#555}"""


def render_report(stats: CorpusStats, title: str = "provgraph corpus report") -> str:
    """The report page for already computed figures (charts are linked, not inlined)."""
    wire_rows = [(o, n, w, f"{100 * w / n:.0f}%") for o, (n, w) in stats.wire.items()]
    agency_rows = [(o, ", ".join(f"{a} ({n})" for a, n in rows) or "none")
                   for o, rows in stats.agencies.items()]
    clusters = [(len(c), ", ".join(c)) for c in stats.clusters]
    sections = [
        ("cited", "Most-cited sources",
         _table(("source", "type", "statements", "articles"), stats.cited)),
        ("agencies", "Agencies each outlet relies on",
         _table(("outlet", "agencies (statements)"), agency_rows)),
        ("wire", "Share of each outlet's statements through a wire",
         _table(("outlet", "statements", "through an agency", "share"), wire_rows)),
        ("lengths", "Chain-length distribution",
         _table(("hands", "chains"), list(stats.lengths.items()))),
        ("clusters", "Rewrite clusters",
         _table(("articles", "members"), clusters) if clusters else
         "<p>No article in the corpus is a rewrite of another.</p>"),
    ]
    body = "".join(f'<section id="{name}"><h2>{html.escape(heading)}</h2>'
                   f"{_figure(name, html.escape(heading))}{table}</section>"
                   for name, heading, table in sections)
    counts = f"{stats.articles} articles · {stats.statements} statements"
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
            f'<h1>{html.escape(title)}</h1><p id="counts">{counts}</p>{body}</body></html>\n')


def write_report(corpus: Corpus, out_dir: str | Path, title: str = "provgraph corpus report"
                 ) -> Path:
    """Write ``out_dir/report.html`` and ``out_dir/charts/*.png|svg``; return the page path.

    Parameters
    ----------
    corpus : Corpus
        From :func:`provgraph.corpus.load_corpus`.
    out_dir : str or Path
        Folder to write (created).
    title : str
        Page title.
    """
    out = Path(out_dir)
    stats = corpus_stats(corpus)
    _draw_charts(stats, out / "charts")
    page = out / "report.html"
    page.write_text(render_report(stats, title), encoding="utf-8")
    return page
