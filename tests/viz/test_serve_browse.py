"""The paged chain viewer of ``provgraph serve`` (/chains) in Chromium, against a real
server over a real build of the seeds."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from paths import SEEDS
from provgraph.batch import build
from provgraph.serve import make_server
from provgraph.store import open_store


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("serve-browse")
    build([SEEDS], out)
    store = open_store(out)
    server = make_server(store, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    store.close()


def test_serve_browse_page_in_a_browser(base_url: str, browser: Any) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "/chains")
    page.wait_for_selector("tr.chain-row")
    first = page.locator("tr.chain-row").count()
    assert 0 < first <= 50
    page.fill("#speaker", "polishchuk")
    page.click("button[type=submit]")
    page.wait_for_function("document.getElementById('status').textContent.includes('(all)')")
    rows = page.locator("tr.chain-row td.chain")
    assert rows.count() > 0
    assert all(text.endswith("Alexey Polishchuk") for text in rows.all_inner_texts())
    assert "speaker=polishchuk" in page.url
    assert errors == []
    page.close()
