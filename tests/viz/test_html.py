"""The chains page: offline, escaped, informative; then loaded in real headless Chromium."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from provgraph.model import Chain
from provgraph.viz import html as html_module
from provgraph.viz import render_chains_html, write_chains_html

REMOTE_TAG = re.compile(
    r"<(script|link|img)\b[^>]*\b(src|href)\s*=\s*[\"']?\s*(https?:)?//", re.IGNORECASE
)


@pytest.fixture
def page(chains: list[Chain]) -> str:
    return render_chains_html(chains, title="Trade <b>chains</b>")


class _Tags(HTMLParser):
    """Every start tag as the browser's tokenizer sees it (script bodies are raw text)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _dataset(page: str, name: str) -> list[dict[str, Any]]:
    match = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);", page)
    assert match, f"no {name} DataSet in the page"
    return json.loads(match.group(1))


def test_html_has_no_remote_assets(page: str) -> None:
    assert REMOTE_TAG.search(page) is None
    assert "//cdn" not in page
    assert "bootstrap" not in page.lower()


def test_html_never_writes_article_text_unescaped(page: str, attacks: dict[str, str]) -> None:
    for attack in attacks.values():
        assert attack not in page
    tags = _Tags(page).tags
    # the page's own four scripts (pyvis utils, vis-network, the graph, search/focus); a
    # quoted </script> would have ended one early and turned the rest into markup
    assert [t for t, _ in tags if t == "script"] == ["script"] * 4
    assert not [t for t, _ in tags if t in ("img", "a", "iframe")]
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on")]
    assert "<b>chains</b>" not in page and "Trade &lt;b&gt;chains&lt;/b&gt;" in page
    assert html.escape(attacks["title"]) in page  # in the table, as text
    assert "popup.innerHTML" not in page  # pyvis's HTML popup stays off despite an href


def test_html_node_data_round_trips_as_plain_text(page: str, attacks: dict[str, str]) -> None:
    nodes = {n["id"]: n for n in _dataset(page, "nodes")}
    assert nodes["article:001_wire"]["label"].startswith("<script>window.__pwned=1</script>")
    quoted = [n for n in nodes.values() if attacks["quote"] in n["title"]]
    assert {n["id"] for n in quoted} >= {"article:001_wire", "person:jane roe"}


def test_html_tooltips_show_words_cue_kind_channel_and_span(page: str) -> None:
    nodes = {n["id"]: n for n in _dataset(page, "nodes")}
    title = nodes["outlet:agency two"]["title"]
    assert title.startswith("Agency Two (news agency)\n2 statements in 2 articles")
    assert (
        "“The route will be open by spring”\n"
        "  cue: said · kind: direct · channel: interview with Agency Two\n"
        "  chars 1275–1370 of 000_daily"
    ) in title
    edges = {(e["from"], e["to"]): e for e in _dataset(page, "edges")}
    edge = edges["outlet:daily example", "channel:organization:ministry of trade|statement|"]
    assert (
        "cue: announced · kind: indirect · channel: statement\n  chars 1502–1537" in edge["title"]
    )


def test_html_kinds_differ_by_colour_and_shape(page: str) -> None:
    nodes = _dataset(page, "nodes")
    styles = {(n["shape"], n["color"]["background"]) for n in nodes}
    kinds = {n["id"].split(":")[0] for n in nodes}
    shapes = {n["shape"] for n in nodes}
    assert len(shapes) == len(styles) == 7 and len(kinds) == 6  # outlet = publisher + agency
    legend = re.search(r'<div id="legend".*?</div>', page, re.DOTALL)
    assert legend and legend.group(0).count("<li") == 7 and legend.group(0).count("<svg") == 7


def test_html_header_and_table_list_every_chain(page: str) -> None:
    assert "2 articles · 5 statements · 4 original sources" in page
    body = re.search(r"<tbody>(.*)</tbody>", page, re.DOTALL)
    assert body and body.group(1).count("<tr ") == 5
    assert (
        "<td>Daily Example → Agency One → Agency Two → Jane Roe"
        "</td><td>interview with Agency Two</td>"
    ) in page


def test_html_layout_is_precomputed_left_to_right(page: str) -> None:
    options = json.loads(re.search(r"var options = (\{.*?\});\n", page).group(1))  # type: ignore[union-attr]
    assert options["physics"]["enabled"] is False
    assert options["layout"]["hierarchical"]["enabled"] is False
    nodes = {n["id"]: n for n in _dataset(page, "nodes")}
    # every chain edge points rightwards, one 320-px column per hop
    for edge in _dataset(page, "edges"):
        assert nodes[edge["to"]]["x"] - nodes[edge["from"]]["x"] >= 320, edge
    assert nodes["article:000_daily"]["x"] == 0
    # article → Daily Example → Agency One → Agency Two → interview → Jane Roe
    assert nodes["person:jane roe"]["x"] == 5 * 320


def test_html_write_creates_parents_and_one_file(chains: list[Chain], tmp_path: Path) -> None:
    out = write_chains_html(chains, tmp_path / "out" / "chains.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["chains.html"]


def test_html_refuses_to_ship_a_remote_asset(
    chains: list[Chain], monkeypatch: pytest.MonkeyPatch
) -> None:
    render = html_module._render_pyvis
    monkeypatch.setattr(
        html_module,
        "_render_pyvis",
        lambda net: render(net).replace("<body>", '<body><img src="https://x.test/a.png">'),
    )
    with pytest.raises(RuntimeError, match="remote asset"):
        render_chains_html(chains)


def test_html_renders_no_chains() -> None:
    page = render_chains_html([])
    assert "0 articles · 0 statements" in page and "<tbody></tbody>" in page


# --- in a real browser ------------------------------------------------------------------



@pytest.mark.browser
def test_html_browser_loads_offline_without_errors_or_injection(
    browser: Any, chains: list[Chain], tmp_path: Path
) -> None:
    path = write_chains_html(chains, tmp_path / "chains.html")
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_function("() => window.network !== undefined")
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.locator("#mynetwork canvas").count() == 1
    assert page.locator("#legend").is_visible()
    assert page.locator("#legend li").count() == 7
    assert page.locator("#chain-table tbody tr").count() == 5
    assert page.locator("#chain-table").is_visible()
    assert page.locator("img").count() == 0  # no injected <img> made it into the DOM
    assert page.evaluate("() => network.body.data.nodes.length") == 12
    page.close()


@pytest.mark.browser
def test_html_browser_tooltip_is_plain_text(
    browser: Any, chains: list[Chain], attacks: dict[str, str], tmp_path: Path
) -> None:
    path = write_chains_html(chains, tmp_path / "chains.html")
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(path.as_uri())
    page.wait_for_function("() => window.network !== undefined")
    point = page.evaluate("""() => {
        const id = "article:001_wire";
        const dom = network.canvasToDOM(network.getPositions([id])[id]);
        const box = document.querySelector("#mynetwork").getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""")
    page.mouse.move(point["x"] - 5, point["y"] - 5)
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    text = tooltip.inner_text()
    assert attacks["quote"] in text and "chars 40–88 of 001_wire" in text
    assert tooltip.locator("img, a, script").count() == 0
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    page.close()
