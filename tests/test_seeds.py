"""The worked example end to end: seed accuracy against the hand gold, and the chains."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from paths import SEEDS
from provgraph.batch import build, extract_paths
from provgraph.eval import score_files
from provgraph.rdf import validate
from provgraph.store import open_store

# pinned at what the extractor reaches today (the foundation asks for >= 0.90)
CONTENT_OVERLAP_F1 = 1.0
CONTENT_EXACT_F1 = 0.96
SPEAKER_ACCURACY = 1.0
CHANNEL_ACCURACY = 1.0
VIA_ACCURACY = 1.0


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds-out")
    report = build([SEEDS], out)
    assert report.errors == []
    return out


@pytest.fixture(scope="module")
def seed_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pred = tmp_path_factory.mktemp("pred") / "pred.jsonl"
    pred.write_text("".join(json.dumps(ex.to_json()) + "\n" for ex in extract_paths([SEEDS])))
    return score_files(SEEDS / "gold.json", pred).to_json()


def test_seeds_content_scores(seed_scores: dict[str, Any]) -> None:
    assert seed_scores["content_overlap"]["f1"] >= CONTENT_OVERLAP_F1
    assert seed_scores["content_exact"]["f1"] >= CONTENT_EXACT_F1
    assert seed_scores["content_overlap"]["gold"] == 30


def test_seeds_speaker_channel_via(seed_scores: dict[str, Any]) -> None:
    assert seed_scores["speaker_accuracy"] >= SPEAKER_ACCURACY
    assert seed_scores["channel_accuracy"] >= CHANNEL_ACCURACY
    assert seed_scores["via_accuracy"] >= VIA_ACCURACY


def test_seeds_expected_chains(built: Path, seeds_gold: dict[str, Any]) -> None:
    from provgraph.query import citation_chains
    from provgraph.store import open_store

    with open_store(built) as store:
        chains = citation_chains(store)
    for want in seeds_gold["expected_chains"]:
        hits = [c for c in chains if c.article == want["article"]
                and want["content_contains"] in c.statement]
        assert len(hits) == 1, want
        assert hits[0].names == want["chain"]


def test_seeds_rewrite_found(built: Path, seeds_gold: dict[str, Any]) -> None:
    report = json.loads((built / "report.json").read_text())
    pairs = {tuple(r[:2]) for r in report["rewrites"]}
    for rel in seeds_gold["relations"]:
        assert tuple(rel["articles"]) in pairs


def test_seeds_graph_conforms_to_shapes(built: Path) -> None:
    with open_store(built) as store:
        result = validate(store)
    assert result.conforms, result.report_text


def test_seeds_roles_and_aliases() -> None:
    exs = {ex.document.id: ex for ex in extract_paths([SEEDS])}
    ents = {e.name: e for e in exs["000_f94bdfc9b2e1f035"].entities}
    person = next(e for e in ents.values() if e.role and e.role.startswith("head of"))
    assert person.affiliation and "Ministry" in person.affiliation
    assert len(person.aliases) >= 2


def test_seeds_build_page_draws_the_rewrite(built: Path) -> None:
    # the page `build` writes shows cross-article links too, not only the chains
    page = (built / "chains.html").read_text("utf-8")
    assert "derived from" in page
