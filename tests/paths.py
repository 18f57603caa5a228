"""Where the test data lives (imported by conftest and the tests)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
PASSAGES = ROOT / "examples" / "passages"
GOLDEN = Path(__file__).resolve().parent / "golden"
INPUTS = Path(__file__).resolve().parent / "data" / "inputs"
SHARED = ROOT.parent / "shared"
SHARED_EVAL = SHARED / "eval" / "polnear"
