"""The default pipeline (hybrid attribution + entities) on crafted passages: golden files.

Each examples/passages/*.txt has tests/golden/passages/<id>.jsonl with the expected
attributions (source, cue, content text, kind, speaker, channel, via). Rewrite them with
`pytest --update-golden` and review the diff like code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from paths import GOLDEN, PASSAGES
from provgraph.attribution.quotes import find_quotes
from provgraph.ingest import read_document
from provgraph.pipeline import extract

PASSAGE_FILES = sorted(PASSAGES.glob("*.txt"))


def _summary(path: Path) -> list[dict[str, Any]]:
    ex = extract(read_document(path))
    return sorted(
        ({"source": a.source.text if a.source else None, "cue": a.cue.text if a.cue else None,
          "content": a.content.text, "kind": a.kind, "speaker": a.speaker,
          "channel": a.channel.to_json() if a.channel else None, "via": list(a.via),
          "anonymous": a.anonymous,
          "pieces": [p.text for p in a.content_pieces]} for a in ex.attributions),
        key=lambda r: r["content"])


@pytest.mark.parametrize("path", PASSAGE_FILES, ids=[p.stem for p in PASSAGE_FILES])
def test_rules_passage_matches_golden(path: Path, update_golden: bool) -> None:
    got = _summary(path)
    golden = GOLDEN / "passages" / f"{path.stem}.jsonl"
    if update_golden or not golden.exists():
        golden.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in got))
    expected = [json.loads(line) for line in golden.read_text("utf-8").splitlines()]
    assert got == expected


def test_rules_there_are_enough_passages() -> None:
    assert len(PASSAGE_FILES) >= 8


def test_quotes_run_over_paragraphs_and_close_unbalanced() -> None:
    text = '"One.\n\n"Two," she said. He said "never closed.\n\nNext.'
    got = [text[s:e] for s, e in find_quotes(text)]
    assert got == ['"One.\n\n"Two,"', '"never closed.']


@pytest.mark.parametrize("text, speaker, via", [
    ("The bill will pass, Senator Ann Ray told reporters.", "Ann Ray", []),
    ('"Prices will fall," the central bank governor, Li Wei, said.', "Li Wei", []),
    ("Rain is expected, the Weather Office reported, citing satellite data.",
     None, ["Weather Office"]),
])
def test_rules_short_forms(text: str, speaker: str | None, via: list[str], tmp_path: Path
                           ) -> None:
    f = tmp_path / "x.txt"
    f.write_text(text)
    atts = extract(read_document(f)).attributions
    assert atts, "no attribution found"
    if speaker is not None:
        assert atts[0].speaker == speaker
    assert list(atts[0].via) == via
