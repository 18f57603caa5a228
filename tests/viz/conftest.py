"""Hand-made citation chains for the viz tests (no store, no NLP).

Two articles converge on the same agencies and speaker: ``000_daily`` from the outlet
"Daily Example" (publisher known) and ``001_wire`` with no publisher. ``001_wire`` also
carries hostile text in its title, a quote, a speaker name and an ``href`` (which would
flip pyvis into its innerHTML popup).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from provgraph.model import Chain, ChainLink, Channel, Span

TITLE_ATTACK = "<script>window.__pwned=1</script> Trade talks resume"
QUOTE_ATTACK = '</script><img src=x onerror="window.__pwned=2">'
NAME_ATTACK = 'Eve <img src=x onerror="window.__pwned=3">'
HREF_ATTACK = '<a href="javascript:window.__pwned=4">click</a> was posted'

DAILY = ChainLink("Daily Example", "Publisher")
AGENCY_ONE = ChainLink("Agency One", "NewsAgency")
AGENCY_TWO = ChainLink("Agency Two", "NewsAgency")
JANE = ChainLink("Jane Roe", "Person")
MINISTRY = ChainLink("Ministry of Trade", "Organization")
OFFICIALS = ChainLink("officials", "Group")


def _chain(
    article: str,
    title: str | None,
    n: int,
    statement: str,
    links: tuple[ChainLink, ...],
    **kw: object,
) -> Chain:
    return Chain(
        article=article,
        article_title=title,
        statement=statement,
        statement_iri=f"https://example.org/pg/statement/{article}/{n}",
        links=links,
        **kw,
    )  # type: ignore[arg-type]


def make_chains() -> list[Chain]:
    """The five chains, in article order (also used to build the docs screenshot)."""
    interview = Channel("interview", "Agency Two")
    daily, wire = "000_daily", "001_wire"
    return [
        _chain(
            daily,
            "Minister backs new trade route",
            0,
            "The route will be open by spring",
            (DAILY, AGENCY_ONE, AGENCY_TWO, JANE),
            channel=interview,
            cue="said",
            kind="direct",
            evidence=Span(1275, 1370, "The route will be open by spring"),
        ),
        _chain(
            daily,
            "Minister backs new trade route",
            1,
            "tariffs would not change this year",
            (DAILY, MINISTRY),
            channel=Channel("statement"),
            cue="announced",
            kind="indirect",
            evidence=Span(1502, 1537, "tariffs would not change this year"),
        ),
        _chain(
            wire,
            TITLE_ATTACK,
            0,
            QUOTE_ATTACK,
            (AGENCY_ONE, AGENCY_TWO, JANE),
            channel=interview,
            cue="told",
            kind="direct",
            evidence=Span(40, 88, QUOTE_ATTACK),
        ),
        _chain(
            wire,
            TITLE_ATTACK,
            1,
            "talks were stalled",
            (AGENCY_ONE, OFFICIALS),
            cue="said",
            kind="indirect",
            evidence=Span(120, 138, "talks were stalled"),
        ),
        _chain(
            wire,
            TITLE_ATTACK,
            2,
            HREF_ATTACK,
            (AGENCY_ONE, ChainLink(NAME_ATTACK, "Person")),
            channel=Channel("social post"),
            cue="wrote",
            kind="mixed",
            evidence=Span(200, 240, HREF_ATTACK),
        ),
    ]


@pytest.fixture
def chains() -> list[Chain]:
    return make_chains()


@pytest.fixture
def attacks() -> dict[str, str]:
    """The hostile strings planted in ``001_wire``, by where they sit."""
    return {"title": TITLE_ATTACK, "quote": QUOTE_ATTACK, "name": NAME_ATTACK, "href": HREF_ATTACK}


def make_big_chains(articles: int = 1800) -> list[Chain]:
    """A deterministic synthetic corpus whose chain graph has 5,000+ nodes (speed tests).

    Each article has its outlet, three statements, most through one of 30 agencies, from a
    pool of 2,400 speakers (a fifth of the quotes through an interview channel).
    """
    chains = []
    for a in range(articles):
        article = f"{a:05d}_synthetic"
        outlet = ChainLink(f"Outlet {a % 160}", "Publisher")
        for n in range(3):
            speaker = ChainLink(f"Speaker {(a * 3 + n) * 7 % 2400}", "Person")
            hops: tuple[ChainLink, ...] = (outlet, speaker)
            if (a + n) % 4:
                hops = (outlet, ChainLink(f"Agency {(a + n) % 30}", "NewsAgency"), speaker)
            channel = Channel("interview", hops[-2].name) if (a * 3 + n) % 5 == 0 else None
            words = f"statement {n} of article {a} about topic {(a + n) % 97}"
            chains.append(_chain(article, f"Synthetic article {a}", n, words, hops,
                                 channel=channel, cue="said", kind="indirect",
                                 evidence=Span(100 * n, 100 * n + len(words), words)))
    return chains


CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian chromium driven by playwright (no browser download); skips without it."""
    if CHROMIUM is None:
        pytest.skip("Debian chromium is not installed (shutil.which('chromium') is None)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
