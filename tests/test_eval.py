"""eval: provgraph's scorer agrees count-for-count with the reference scorer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from paths import REFERENCE_SCORER, SEEDS, assert_agrees_with_reference
from provgraph.eval import score, score_files

TEXT = "Officials said: the plan works. He added that it was cheap."


def _span(text: str, part: str) -> dict[str, Any]:
    s = text.index(part)
    return {"start": s, "end": s + len(part), "text": part}


def _att(source: str | None, cue: str, content: str) -> dict[str, Any]:
    return {"source": _span(TEXT, source) if source else None, "cue": _span(TEXT, cue),
            "content": _span(TEXT, content)}


def test_eval_punctuation_only_cue_counts_but_never_matches() -> None:
    gold = {"d": {"text": TEXT, "attributions": [_att("Officials", ":", "the plan works")]}}
    pred = {"d": [_att("Officials", "said", "the plan works")]}
    s = score(gold, pred).to_json()
    assert s["cue_overlap"]["gold"] == 1 and s["cue_overlap"]["tp"] == 0
    assert s["content_exact"]["f1"] == 1.0 and s["attribution_overlap"]["tp"] == 0


def test_eval_trims_punctuation_and_scores_boundaries() -> None:
    gold = {"d": {"text": TEXT, "attributions": [_att("He", "added", "that it was cheap")]}}
    pred = {"d": [_att("He", "added", "it was cheap.")]}
    s = score(gold, pred).to_json()
    assert s["content_overlap"]["f1"] == 1.0 and s["content_exact"]["f1"] == 0.0
    assert s["source_exact"]["f1"] == 1.0


def test_eval_seed_gold_format_and_speaker_accuracy(tmp_path: Path) -> None:
    gold = json.loads((SEEDS / "gold.json").read_text())
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps({"id": d["id"], "attributions": d["attributions"]}) + "\n"
                            for d in gold["documents"]))
    s = score_files(SEEDS / "gold.json", pred).to_json()
    assert s["attribution_exact"]["f1"] == 1.0 and s["speaker_accuracy"] == 1.0


def test_eval_matches_reference_scorer(tmp_path: Path) -> None:
    if not REFERENCE_SCORER.is_file():
        pytest.skip(f"reference scorer not found at {REFERENCE_SCORER} (../shared is absent)")
    from provgraph.batch import extract_paths

    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(ex.to_json()) + "\n" for ex in extract_paths([SEEDS])))
    ours = score_files(SEEDS / "gold.json", pred).to_json()
    assert_agrees_with_reference(SEEDS / "gold.json", pred, ours)
