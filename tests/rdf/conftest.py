"""Fixtures of tests/rdf: hand-built extractions (see tests/sample_extractions.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sample_extractions as samples
from provgraph.config import Config
from provgraph.model import Extraction


@pytest.fixture
def config() -> Config:
    return Config()


@pytest.fixture
def nation() -> Extraction:
    return samples.nation_extraction()


@pytest.fixture
def wire() -> Extraction:
    return samples.wire_extraction()


@pytest.fixture
def other() -> Extraction:
    return samples.other_extraction()
