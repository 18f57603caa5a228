"""The corpus report: figures from networkx, charts as PNG and SVG, one escaped HTML page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provgraph.cli import app
from provgraph.corpus import Corpus, Rewrite, load_corpus
from provgraph.report import CHARTS, corpus_stats, write_report
from provgraph.report.stats import UNKNOWN_OUTLET
from provgraph.store import open_store
from viz.conftest import NAME_ATTACK, make_chains


@pytest.fixture
def corpus() -> Corpus:
    return Corpus(make_chains(), rewrites=[Rewrite("001_wire", "000_daily")])


def test_report_stats_of_the_hand_corpus(corpus: Corpus) -> None:
    stats = corpus_stats(corpus)
    assert (stats.articles, stats.statements) == (2, 5)
    assert stats.cited == [("Jane Roe", "Person", 2, 2), (NAME_ATTACK, "Person", 1, 1),
                           ("Ministry of Trade", "Organization", 1, 1),
                           ("officials", "Group", 1, 1)]
    assert stats.agencies == {
        UNKNOWN_OUTLET: [("Agency One", 3), ("Agency Two", 1)],
        "Daily Example": [("Agency One", 1), ("Agency Two", 1)],
    }
    assert stats.wire == {UNKNOWN_OUTLET: (3, 3), "Daily Example": (2, 1)}
    assert stats.lengths == {2: 3, 3: 1, 4: 1}
    assert stats.clusters == [["000_daily", "001_wire"]]


def test_report_writes_charts_and_an_escaped_page(corpus: Corpus, tmp_path: Path) -> None:
    page = write_report(corpus, tmp_path / "report")
    text = page.read_text("utf-8")
    for name in CHARTS:
        png = tmp_path / "report" / "charts" / f"{name}.png"
        svg = tmp_path / "report" / "charts" / f"{name}.svg"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"
        assert f'src="charts/{name}.svg"' in text
    assert NAME_ATTACK not in text and "<img src=x" not in text
    assert "<td>Daily Example</td><td>2</td><td>1</td><td>50%</td>" in text
    assert "<td>2</td><td>000_daily, 001_wire</td>" in text


def test_report_svg_is_reproducible(corpus: Corpus, tmp_path: Path) -> None:
    write_report(corpus, tmp_path / "a")
    write_report(corpus, tmp_path / "b")
    for name in CHARTS:
        a = (tmp_path / "a" / "charts" / f"{name}.svg").read_bytes()
        assert a == (tmp_path / "b" / "charts" / f"{name}.svg").read_bytes(), name


def test_report_cli_on_the_seeds(seeds_build: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", str(seeds_build), "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    with open_store(seeds_build) as store:
        corpus = load_corpus(store)
    stats = corpus_stats(corpus)
    assert sum(stats.lengths.values()) == len(corpus.chains)
    assert stats.clusters == [sorted({r.derived for r in corpus.rewrites}
                                     | {r.source for r in corpus.rewrites})]
    assert stats.cited[0][0] == "Vladimir Putin"
    text = (tmp_path / "r" / "report.html").read_text("utf-8")
    assert f"{stats.articles} articles · {stats.statements} statements" in text
