"""Fixtures of tests/crossdoc: the seeds built in two steps into one folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.paths import SEEDS

from provgraph.batch import build
from provgraph.config import Config

WIRE = SEEDS / "001_b26ab9b28ceb190a.txt"
REWRITE = SEEDS / "000_f94bdfc9b2e1f035.txt"


@pytest.fixture(scope="session")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """001 built first, then 000 built into the same folder."""
    out = tmp_path_factory.mktemp("two-builds")
    build([WIRE], out, Config())
    build([REWRITE], out, Config())
    return out
