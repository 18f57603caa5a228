"""A folder built by an older provgraph gets the derived facts it lacks (chainfacts.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.paths import SEEDS
from typer.testing import CliRunner

from provgraph.batch import build
from provgraph.cli import app
from provgraph.config import Config
from provgraph.query import run_query
from provgraph.rdf.iris import as_iri
from provgraph.store import load_graph
from provgraph.store.chainfacts import (
    FACTS_VERSION_MARK,
    OUTLET_KEY,
    OUTLET_ROW,
    SPEAKER_KEY,
    SPEAKER_ROW,
    facts_outdated,
)

runner = CliRunner()


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("current") / "out"
    build([next(SEEDS.glob("000_*.txt"))], out, Config())
    return out


def _age(folder: Path) -> None:
    """Remove what a folder of the previous layout did not have: the speaker and outlet
    rows, their keys and the version mark."""
    with load_graph(folder, read_only=False) as store:
        raw = store.store  # type: ignore[attr-defined]
        for p in (SPEAKER_ROW, OUTLET_ROW, SPEAKER_KEY, OUTLET_KEY, FACTS_VERSION_MARK):
            for q in list(raw.quads_for_pattern(None, as_iri(p), None, None)):
                raw.remove(q)


def _putin_rows(folder: Path) -> int:
    with load_graph(folder) as store:
        rows = run_query(store, "statements-by-speaker", speaker="vladimir putin")
    assert isinstance(rows, list)
    return len(rows)


def test_derived_upgrade_new_folder_is_current(current: Path) -> None:
    with load_graph(current) as store:
        assert not facts_outdated(store)
    assert _putin_rows(current) > 0


def test_derived_upgrade_link_brings_an_older_folder_up_to_date(current: Path,
                                                                 tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(current, old)
    _age(old)
    with load_graph(old) as store:
        assert facts_outdated(store)
    assert _putin_rows(old) == 0  # what an older folder answers before the upgrade
    done = runner.invoke(app, ["query", str(old), "statements-by-speaker",
                               "-p", "speaker=Vladimir Putin"])
    assert "built by an older provgraph" in done.output
    assert runner.invoke(app, ["link", str(old)]).exit_code == 0
    assert _putin_rows(old) == _putin_rows(current)


def test_derived_upgrade_build_into_an_older_folder_upgrades_its_articles(
        current: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(current, old)
    _age(old)
    build([next(SEEDS.glob("001_*.txt"))], old, Config())  # 001 quotes Putin too; 000 must answer again
    with load_graph(old) as store:
        assert not facts_outdated(store)
        rows = run_query(store, "statements-by-speaker", speaker="vladimir putin")
    assert isinstance(rows, list)
    assert {str(r["article"].value).split("_")[0] for r in rows} == {"000", "001"}
