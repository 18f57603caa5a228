"""Screenshot a chains page in headless Chromium, once the graph has been laid out.

Usage::

    python scripts/screenshot.py out/chains.html docs/chains.png [--width 1600]
    python scripts/screenshot.py big.html docs/chains-5000.png --viewport 1000
    python scripts/screenshot.py card.html docs/card.png --plain    # any page, no graph

Uses the system ``chromium`` (Debian package) through Playwright, so no browser download
is needed. The page is opened from disk (file://); any request to the network is aborted,
which also proves the page is self-contained.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# resolves once vis-network has drawn: after stabilisation when physics is on, at the next
# frame otherwise (the chains page lays out hierarchically with physics off)
_WAIT_FOR_LAYOUT = """
() => new Promise((resolve) => {
  const net = window.network;
  const drawn = () => { net.fit({animation: false}); net.once("afterDrawing", () => resolve(true)); net.redraw(); };
  if (net.physics && net.physics.physicsEnabled && !net.physics.stabilized) {
    net.once("stabilized", drawn);
    setTimeout(drawn, 10000);
  } else {
    drawn();
  }
})
"""


def take_screenshot(
    page_path: Path,
    png_path: Path,
    width: int = 1600,
    viewport: int | None = None,
    plain: bool = False,
    search: str | None = None,
) -> list[str]:
    """Save a PNG of ``page_path``; return the JS errors the page raised.

    The whole page by default; only the top ``viewport`` pixels when given (a 5,000-row
    table makes an unreadably tall image). ``plain`` pages (card, report) have no graph to
    wait for; ``search`` types into the chains page's search box first.
    """
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("screenshot: Debian 'chromium' is not on PATH (apt-get install chromium)")
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": viewport or 900})
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(("file:", "data:"))
                    else route.abort()
                ),
            )
            page.goto(page_path.resolve().as_uri())
            if not plain:
                page.wait_for_function("() => window.network !== undefined", timeout=60000)
                if search:
                    page.fill("#pg-search", search)
                    page.wait_for_timeout(600)
                page.evaluate(_WAIT_FOR_LAYOUT)
            png_path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png_path), full_page=viewport is None)
        finally:
            browser.close()
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="the chains HTML page, e.g. out/chains.html")
    parser.add_argument("png", type=Path, help="where to write the PNG, e.g. docs/chains.png")
    parser.add_argument("--width", type=int, default=1600, help="viewport width in pixels")
    parser.add_argument("--viewport", type=int, default=None,
                        help="capture only the top N pixels instead of the whole page")
    parser.add_argument("--plain", action="store_true", help="a page without a graph")
    parser.add_argument("--search", default=None, help="type this into the search box first")
    args = parser.parse_args(argv)
    if not args.page.is_file():
        print(f"screenshot: {args.page}: no such file", file=sys.stderr)
        return 1
    errors = take_screenshot(args.page, args.png, args.width, args.viewport, args.plain,
                             args.search)
    for error in errors:
        print(f"screenshot: {args.page}: page error: {error}", file=sys.stderr)
    print(args.png)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
