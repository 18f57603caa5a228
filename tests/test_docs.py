"""Policies checked by reading the code: help texts, and IRIs minted only in rdf/iris.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paths import ROOT
from provgraph.cli import app

COMMANDS = ["build", "extract", "query", "chains", "eval", "validate", "export", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_docs_every_command_has_help_with_example(command: str) -> None:
    r = CliRunner().invoke(app, [command, "--help"])
    assert r.exit_code == 0
    assert "Example:" in r.stdout


def test_docs_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme


def test_docs_iris_are_minted_only_in_rdf() -> None:
    pattern = re.compile(r"\b(URIRef|NamedNode)\(")
    offenders = []
    for py in (ROOT / "graph" / "provgraph").rglob("*.py"):
        rel = py.relative_to(ROOT / "graph" / "provgraph").as_posix()
        if rel.startswith(("rdf/", "store/")):
            continue
        if pattern.search(py.read_text()):
            offenders.append(rel)
    assert offenders == []


def test_docs_no_seed_specific_words_in_package() -> None:
    words = re.compile("Polishchuk|Oreshnik|Smolensk|NationPress")
    hits = [p.name for p in (ROOT / "graph" / "provgraph").rglob("*")
            if p.is_file() and p.suffix in (".py", ".json", ".txt", ".rq")
            and words.search(p.read_text(errors="ignore"))]
    assert hits == []


def test_docs_wheel_ships_ontology_queries_and_data(tmp_path: Path) -> None:
    import subprocess
    import sys
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    names = set(zipfile.ZipFile(next(tmp_path.glob("*.whl"))).namelist())
    package = ROOT / "graph" / "provgraph"
    for folder in ("ontology", "query/queries", "data"):
        for f in (package / folder).iterdir():
            if f.is_file() and not f.name.startswith("."):
                assert f"provgraph/{folder}/{f.name}" in names, f"{folder}/{f.name} not shipped"
