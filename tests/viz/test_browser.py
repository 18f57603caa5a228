"""The chains page in real headless Chromium: search, filter, focus, offline, at 5,000 nodes."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from provgraph.corpus import ClaimGroup, Rewrite
from provgraph.model import Chain
from provgraph.viz import write_chains_html
from provgraph.viz.chains import chains_to_digraph
from viz.conftest import make_big_chains

pytestmark = pytest.mark.browser



class Opened:
    """A page loaded from disk, with its JS errors, console errors and requests."""

    def __init__(self, browser: Any, path: Path, timeout: float = 15000) -> None:
        self.page = browser.new_page(viewport={"width": 1600, "height": 1000})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("() => window.pg !== undefined", timeout=timeout)

    def rows(self) -> int:
        return int(self.page.evaluate("() => pg.visibleRows()"))

    def nodes(self) -> set[str]:
        return set(self.page.evaluate("() => pg.visibleNodes()"))

    def search(self, text: str, field: str = "any") -> None:
        self.page.select_option("#pg-field", field)
        self.page.fill("#pg-search", text)
        self.page.wait_for_function(
            "n => document.querySelectorAll('#chain-table tbody tr:not([hidden])').length === n",
            arg=self.expected, timeout=5000)

    expected = 0

    def offline(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:"))]


@pytest.fixture
def seeds_like(chains: list[Chain], tmp_path: Path) -> tuple[Path, list[Chain]]:
    claim = ClaimGroup("urn:claim:1", "the route opens in spring", 1, 2, 2)
    claims = {chains[0].statement_iri: claim, chains[2].statement_iri: claim}
    path = write_chains_html(chains, tmp_path / "chains.html", claims=claims,
                             rewrites=[Rewrite("001_wire", "000_daily")])
    return path, chains


@pytest.mark.parametrize(("field", "text", "rows"), [
    ("speaker", "jane", 2), ("outlet", "daily example", 2), ("article", "001_wire", 3),
    ("claim", "spring", 2), ("any", "stalled", 1), ("speaker", "nobody at all", 0),
])
def test_browser_search_narrows_table_and_canvas(
    browser: Any, seeds_like: tuple[Path, list[Chain]], field: str, text: str, rows: int
) -> None:
    opened = Opened(browser, seeds_like[0])
    assert opened.rows() == 5 and len(opened.nodes()) == 13  # 12 chain nodes + the claim
    opened.expected = rows
    opened.search(text, field)  # typed into the real input, through the debounce
    assert opened.rows() == rows
    assert opened.page.locator("#pg-status").inner_text() == f"{rows} of 5 chains"
    # the canvas shows exactly the nodes of the rows left in the table
    paths = opened.page.evaluate("""() => [...document.querySelectorAll(
        '#chain-table tbody tr:not([hidden])')].map(tr => JSON.parse(tr.dataset.path))""")
    visible = opened.nodes()
    assert visible == {n for path in paths for n in path}
    assert len(visible) < 13
    assert opened.errors == [] and opened.offline() == []
    opened.page.close()


def test_browser_click_focuses_on_a_node_and_reset_shows_all(
    browser: Any, seeds_like: tuple[Path, list[Chain]]
) -> None:
    opened = Opened(browser, seeds_like[0])
    page = opened.page
    point = page.evaluate("""() => {
        const id = "group:001_wire:officials";
        const dom = network.canvasToDOM(network.getPositions([id])[id]);
        const box = document.querySelector("#mynetwork").getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""")
    page.mouse.click(point["x"], point["y"])  # a real click on the canvas
    page.wait_for_function("() => pg.visibleRows() === 1", timeout=5000)
    assert opened.nodes() == {"article:001_wire", "outlet:agency one", "group:001_wire:officials"}
    assert page.locator("#pg-status").inner_text().startswith("focused on officials: 1 of 5")
    assert page.locator("#chain-table tbody tr:not([hidden])").inner_text().count("stalled") == 1
    page.click("#pg-reset")
    assert opened.rows() == 5 and len(opened.nodes()) == 13
    assert opened.errors == [] and opened.offline() == []
    page.close()


def test_browser_edges_are_labelled_and_derivations_dashed(
    browser: Any, seeds_like: tuple[Path, list[Chain]]
) -> None:
    opened = Opened(browser, seeds_like[0])
    edges = opened.page.evaluate("() => edges.get().map(e => [e.from, e.to, e.label, !!e.dashes])")
    by_pair = {(u, v): (label, dashed) for u, v, label, dashed in edges}
    assert by_pair["article:001_wire", "article:000_daily"] == ("derived from", True)
    assert by_pair["claim:urn:claim:1", "article:000_daily"] == ("expressed in", True)
    assert by_pair["outlet:agency one", "outlet:agency two"] == ("quoting", False)
    assert by_pair["article:000_daily", "outlet:daily example"] == ("reports", False)
    assert opened.page.locator("#legend li[data-edge]").count() == 2
    assert opened.errors == []
    opened.page.close()


def test_browser_5000_nodes_stay_responsive(browser: Any, tmp_path: Path) -> None:
    chains = make_big_chains()
    assert chains_to_digraph(chains).number_of_nodes() >= 5000
    path = write_chains_html(chains, tmp_path / "big.html")
    started = time.monotonic()
    opened = Opened(browser, path, timeout=60000)
    loaded = time.monotonic() - started
    options = opened.page.evaluate("() => [network.physics.physicsEnabled, nodes.length]")
    assert options[0] is False and options[1] >= 5000
    started = time.monotonic()
    assert opened.page.evaluate("() => pg.filter('Outlet 42', 'outlet')") > 0
    filtered = time.monotonic() - started
    assert opened.rows() == sum(1 for c in chains if c.links[0].name == "Outlet 42")
    started = time.monotonic()
    assert opened.page.evaluate("() => pg.focus('person:speaker 7')") > 0
    focused = time.monotonic() - started
    assert opened.rows() == sum(1 for c in chains if c.links[-1].name == "Speaker 7")
    assert opened.errors == [] and opened.offline() == []
    # generous bounds (a loaded CI machine), far below a frozen tab
    assert loaded < 30 and filtered < 5 and focused < 5, (loaded, filtered, focused)
    opened.page.close()
