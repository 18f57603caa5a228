from __future__ import annotations

import re
from pathlib import Path

import pytest

from provgraph.config import Config
from provgraph.rdf import iris


def test_iris_agent_merges_case_and_whitespace(config: Config) -> None:
    assert iris.agent_iri(config, "Person", "Alexey  Polishchuk") == iris.agent_iri(
        config, "Person", "alexey polishchuk"
    )


def test_iris_outlets_share_a_family_but_people_do_not(config: Config) -> None:
    assert iris.agent_iri(config, "NewsAgency", "TASS") == iris.agent_iri(
        config, "Publisher", "TASS"
    )
    assert iris.agent_iri(config, "Person", "TASS") != iris.agent_iri(
        config, "Organization", "TASS"
    )


def test_iris_use_base_iri() -> None:
    config = Config(base_iri="urn:example:")
    assert iris.article_iri(config, "000").value.startswith("urn:example:article/000-")


def test_iris_statement_depends_on_span_and_hop(config: Config) -> None:
    a = iris.statement_iri(config, "000", 1, 5, 0)
    assert a == iris.statement_iri(config, "000", 1, 5, 0)
    assert a != iris.statement_iri(config, "000", 1, 5, 1)
    assert a != iris.statement_iri(config, "000", 1, 6, 0)
    assert a != iris.statement_iri(config, "001", 1, 5, 0)


def test_iris_as_iri_rejects_relative() -> None:
    assert iris.as_iri("<https://e.org/x>").value == "https://e.org/x"
    with pytest.raises(ValueError):
        iris.as_iri("not an iri")


def test_iris_minted_only_in_rdf_package() -> None:
    package = Path(iris.__file__).resolve().parent.parent
    pattern = re.compile(r"\b(URIRef|NamedNode)\(")
    offenders = [
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if p.parent.name != "rdf" and pattern.search(p.read_text(encoding="utf-8"))
    ]
    mine = [o for o in offenders if o.split("/")[0] in {"store", "query"}]
    assert mine == []
