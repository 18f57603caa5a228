"""Where the test data lives (imported by conftest and the tests)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
PASSAGES = ROOT / "examples" / "passages"
GOLDEN = Path(__file__).resolve().parent / "golden"
INPUTS = Path(__file__).resolve().parent / "data" / "inputs"
SHARED = ROOT.parent / "shared"
SHARED_EVAL = SHARED / "eval" / "polnear"

REFERENCE_SCORER = SHARED / "tools" / "score_attributions.py"


def assert_agrees_with_reference(gold: Path, pred: Path, ours: dict) -> None:  # type: ignore[type-arg]
    """provgraph's counts equal the reference scorer's for every level and regime."""
    import json
    import subprocess
    import sys

    from provgraph.eval import LEVELS, REGIMES

    theirs = json.loads(subprocess.run([sys.executable, str(REFERENCE_SCORER), str(gold),
                                        str(pred), "--json"], capture_output=True, text=True,
                                       check=True).stdout)["micro"]
    for level in LEVELS:
        for regime in REGIMES:
            a, b = ours[f"{level}_{regime}"], theirs[regime][level]
            assert (a["tp"], a["pred"], a["gold"]) == (b["tp"], b["pred"], b["gold"]), (level,
                                                                                       regime)
