"""The paged chain viewer of ``provgraph serve`` (/chains) in Chromium, against a real
server over a real build of the seeds."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="module")
def base_url(seeds_server_url: str) -> str:
    return seeds_server_url


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
