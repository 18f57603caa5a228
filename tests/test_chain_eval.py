"""provgraph.chain_eval agrees count for count with the reference chain scorer.

The gold and predictions are made up here (names and snippets of our own) to exercise
every rule: the publisher dropped on both sides (and repeated), loose name matches, chains
of the wrong length, statements found twice, missing articles, curly apostrophes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paths import SHARED
from provgraph.chain_eval import relay_of, same_name, score_chains

REFERENCE = SHARED / "tools" / "score_chains.py"

GOLD = [
    {"article": "a1", "publisher": "Daily Star", "chains": [
        {"statement_contains": "rain will fall on Monday", "chain": ["Daily Star", "AP", "Jo Li"]},
        {"statement_contains": "the dam is safe", "chain": ["Daily Star", "Xinhua News Agency",
                                                             "Water Ministry"]},
        {"statement_contains": "we\u2019re ready for it", "chain": ["Daily Star", "Jo Li"]},
        {"statement_contains": "never printed anywhere", "chain": ["Daily Star", "AFP"]},
    ]},
    {"article": "a2", "publisher": "Reuters", "chains": [
        {"statement_contains": "the deal is close", "chain": ["Reuters", "people familiar"]},
        {"statement_contains": "talks ended early", "chain": ["Reuters", "Bloomberg", "Ed Kim"]},
    ]},
    {"article": "a3", "publisher": "Gazette", "chains": [
        {"statement_contains": "nobody predicted this", "chain": ["Gazette", "Ann Ray"]},
    ]},
]
PRED = [
    {"article": "a1", "statement": "Rain will fall on Monday, officials", "chain": ["AP", "Li"]},
    {"article": "a1", "statement": "the dam is safe", "chain": ["Daily Star", "Xinhua",
                                                                "Ministry of Water"]},
    {"article": "a1", "statement": "We're ready for it", "chain": ["Daily Star", "Daily Star",
                                                                   "Jo Li"]},
    {"article": "a2", "statement": "the deal is close to done", "chain": ["Reuters",
                                                                          "people familiar with it"]},
    {"article": "a2", "statement": "the deal is close", "chain": ["Reuters", "Reuters", "X"]},
    {"article": "a2", "statement": "Talks ended early", "chain": ["Reuters", "Ed Kim"]},
]


def test_chain_eval_names_and_relays() -> None:
    assert same_name("Xinhua News Agency", "Xinhua") and not same_name("AP", "AFP")
    assert relay_of(["Reuters", "Reuters", "Ed Kim"], "Reuters") == ["Ed Kim"]
    assert relay_of(["AP", "Jo Li"], None) == ["AP", "Jo Li"]


def test_chain_eval_counts() -> None:
    assert score_chains(GOLD, PRED).as_dict() == {
        "total": 7, "relay_right": 4, "speaker_right": 5, "found": 5}


def test_chain_eval_agrees_with_reference_scorer(tmp_path: Path) -> None:
    if not REFERENCE.is_file():
        pytest.skip(f"reference scorer not found at {REFERENCE} (absent from a user's clone)")
    gold, pred = tmp_path / "gold.json", tmp_path / "pred.json"
    gold.write_text(json.dumps(GOLD), "utf-8")
    pred.write_text(json.dumps(PRED), "utf-8")
    out = subprocess.run([sys.executable, str(REFERENCE), str(gold), str(pred)],
                         capture_output=True, text=True, check=False).stdout
    d = score_chains(GOLD, PRED).as_dict()
    assert (f"relay right {d['relay_right']}/{d['total']}" in out
            and f"speaker right {d['speaker_right']}/{d['total']}" in out
            and f"statement found {d['found']}/{d['total']}" in out), out
