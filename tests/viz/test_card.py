"""The provenance card: chain in words, quote, cue, offsets, claim and origins; escaped."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from typer.testing import CliRunner

from provgraph.cli import app
from provgraph.corpus import ArticleInfo, ClaimGroup, Corpus, Rewrite, load_corpus
from provgraph.errors import QueryError
from provgraph.model import Chain
from provgraph.query import run_query
from provgraph.store import open_store
from provgraph.store.base import Row, to_python
from provgraph.viz import chain_in_words, render_card


@pytest.fixture
def corpus(chains: list[Chain]) -> Corpus:
    claim = ClaimGroup("urn:claim:1", "the route opens in spring", 2, 2, 2,
                       ("Jane Roe (interview with Agency Two)", "Jane Roe"))
    return Corpus(
        chains,
        {chains[0].statement_iri: claim, chains[2].statement_iri: claim},
        [Rewrite("001_wire", "000_daily", None, "Minister backs new trade route")],
        {"000_daily": ArticleInfo("000_daily", "Minister backs new trade route",
                                  "Daily Example", "2025-02-04", 2)},
    )


def test_card_chain_in_words_runs_speaker_to_outlet(chains: list[Chain]) -> None:
    assert chain_in_words(chains[0]) == (
        "Jane Roe → interview with Agency Two → Agency Two → Agency One → Daily Example")
    assert chain_in_words(chains[3]) == "officials → Agency One"


def test_card_markdown_lists_every_statement(corpus: Corpus) -> None:
    card = render_card(corpus, "000_daily")
    assert card.startswith("# Provenance card: Minister backs new trade route\n\n"
                           "article `000_daily` · published by Daily Example · dated 2025-02-04")
    assert "- copied by 001\\_wire" in card
    assert (
        "## 1. “The route will be open by spring”\n\n"
        "- **chain:** Jane Roe → interview with Agency Two → Agency Two → Agency One → "
        "Daily Example\n"
        "- **how:** cue “said” · direct · chars 1275–1370\n"
        "- **origins:** 2 independent origins · claim “the route opens in spring” from "
        "Jane Roe (interview with Agency Two); Jane Roe · 2 statements in 2 articles\n"
    ) in card
    assert "- **origins:** 1 independent origin · no other statement" in card
    assert card.count("\n## ") == 2


def test_card_escapes_article_text(corpus: Corpus, attacks: dict[str, str]) -> None:
    for fmt in ("md", "html"):
        card = render_card(corpus, "001_wire", fmt)
        for attack in attacks.values():
            assert attack not in card
        assert "<img" not in card and "<script" not in card and "<a " not in card
    page = render_card(corpus, "001_wire", "html")
    assert page.count("<li class=\"statement\">") == 3
    assert "derived from Minister backs new trade route [000_daily]" in page


def test_card_unknown_article_names_the_known_ones(corpus: Corpus) -> None:
    with pytest.raises(QueryError, match="no article 'nope'.*000_daily"):
        render_card(corpus, "nope")


def test_card_origins_agree_with_independent_origins_query(seeds_build: Path) -> None:
    with open_store(seeds_build) as store:
        corpus = load_corpus(store)
        article = corpus.chains[0].article
        card = render_card(corpus, article)
        for chain in corpus.chains:
            if chain.article != article:
                continue
            rows = cast(list[Row], run_query(store, "independent-origins",
                                             statement=chain.statement_iri))
            assert corpus.origins_of(chain) == to_python(rows[0]["origins"]), chain.statement
    n = sum(1 for c in corpus.chains if c.article == article)
    assert card.count("\n## ") == n and card.count("- **origins:** ") == n


def test_card_cli_writes_html(seeds_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "card.html"
    result = CliRunner().invoke(app, ["card", str(seeds_build), "001_b26ab9b28ceb190a",
                                      "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Vladimir Putin" in page
