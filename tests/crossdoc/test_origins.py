"""Origin counting (docs/ORIGINS.md) through the library and `provgraph origins` / `link`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.crossdoc.conftest import REWRITE, WIRE
from typer.testing import CliRunner

from provgraph.batch import build
from provgraph.cli import app
from provgraph.config import Config
from provgraph.crossdoc import count_origins
from provgraph.crossdoc.origins import origin_descriptions
from provgraph.query import citation_chains, run_query
from provgraph.store import load_graph

runner = CliRunner()


def _claim_rows(out: Path) -> list[dict[str, str]]:
    with load_graph(out) as store:
        rows = run_query(store, "claims")
        assert isinstance(rows, list)
        return [{k: (v.value if v is not None else "") for k, v in r.items()} for r in rows]


def test_origins_named_speaker_on_two_channels_counts_once(two_builds: Path) -> None:
    # Putin's words reach 000 "during an interview with local media" and 001 without a
    # channel: one public act, one origin
    putin = [r for r in _claim_rows(two_builds) if "Putin" in r["originLabels"]]
    assert putin
    with load_graph(two_builds) as store:
        found = count_origins(store, claim=putin[0]["claim"])
    assert found.origins == 1 and found.articles == 2
    # one line per origin, however many channels the act reached the articles on
    assert found.labels == (
        "Vladimir Putin (discussion with local media; interview with local media)",)


def test_origins_descriptions_one_line_per_counted_origin() -> None:
    def parts(*items: tuple[str, str]) -> str:
        return "\x1e".join(f"{key}\x1f{label}" for key, label in items)

    acts = parts(("oardern", "Jacinda Ardern (statement)"), ("oardern", "Jacinda Ardern"),
                 ("oardern", "Jacinda Ardern (remarks with reporters)"))
    assert origin_descriptions(acts) == ("Jacinda Ardern (remarks with reporters; statement)",)
    two = parts(("oanonymous|r", "Reuters: person familiar"), ("obloomberg", "Bloomberg"),
                ("lhttps://x/a", "an article: no named source"))
    # a statement naming no source adds no origin when another names one
    assert origin_descriptions(two) == ("Bloomberg", "Reuters: person familiar")
    loose = parts(("lhttps://x/a", "The Age: no named source"),
                  ("lhttps://x/b", "WND: no named source"))
    assert origin_descriptions(loose) == ("The Age: no named source", "WND: no named source")
    assert origin_descriptions("") == () and origin_descriptions(None) == ()


def test_origins_cli_by_claim_key_and_statement(two_builds: Path) -> None:
    row = _claim_rows(two_builds)[0]
    key = row["claim"].rsplit("/", 1)[1].split("-")[0]
    by_key = runner.invoke(app, ["origins", str(two_builds), "--claim", key, "-f", "json"])
    assert by_key.exit_code == 0, by_key.output
    by_statement = runner.invoke(app, ["origins", str(two_builds), "--statement",
                                       row["statement"], "-f", "json"])
    assert json.loads(by_key.output)["origins"] == json.loads(by_statement.output)["origins"]
    assert json.loads(by_key.output)["articles"] == 2
    text = runner.invoke(app, ["origins", str(two_builds), "--claim", key]).output
    assert "independent origin" in text


def test_origins_cli_needs_exactly_one_target(two_builds: Path) -> None:
    result = runner.invoke(app, ["origins", str(two_builds)])
    assert result.exit_code != 0


def test_link_cli_relinks_a_folder(two_builds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(two_builds, out)
    before = sorted((r["statement"], r["claim"]) for r in _claim_rows(out))
    (out / "links.sqlite").unlink()
    result = runner.invoke(app, ["link", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted((r["statement"], r["claim"]) for r in _claim_rows(out)) == before
    with load_graph(out) as store:
        rows = run_query(store, "rewrites")
        assert isinstance(rows, list)
        assert [(r["derived"].value, r["source"].value) for r in rows] == [  # type: ignore[union-attr]
            ("000_f94bdfc9b2e1f035", "001_b26ab9b28ceb190a")]


def test_secondhand_and_circular_queries_run(two_builds: Path) -> None:
    with load_graph(two_builds) as store:
        assert run_query(store, "circular-reporting") == []
        rows = run_query(store, "secondhand-articles")
        assert isinstance(rows, list)
        # 000 prints Lukashenko's words first-hand, so neither seed rests only on another
        assert rows == []


def test_chains_json_shows_derivations_and_claims(two_builds: Path) -> None:
    result = runner.invoke(app, ["chains", str(two_builds), "--format", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    by_article = {i["article"]: i for i in items}
    rewrite, wire = REWRITE.stem, WIRE.stem
    assert by_article[rewrite]["derived_from"] == [wire]
    assert by_article[wire]["copied_by"] == [rewrite]
    # the claim Putin's words form in both articles, with the same IRI on both sides
    claims = {i["article"]: i["claim"]["iri"] for i in items
              if i["claim"] and "Putin" in " ".join(i["chain"])}
    assert set(claims) == {rewrite, wire} and len(set(claims.values())) == 1
    # one article alone gives the same items as the full listing
    one = runner.invoke(app, ["chains", str(two_builds), "--format", "json", "--article", wire])
    assert json.loads(one.output) == [i for i in items if i["article"] == wire]


def _story(tmp_path: Path, credits: dict[str, str]) -> Path:
    """One sentence of news, credited to a different outlet in each article."""
    src = tmp_path / "in"
    src.mkdir()
    for name, outlet in credits.items():
        (src / f"{name}.txt").write_text(
            f"Dam Bursts\n\nA dam on the Rivne river burst on Monday night and flooded three "
            f"villages, {outlet}.\n\nRescue teams reached the area on Tuesday.\n", "utf-8")
    out = tmp_path / "out"
    build(sorted(src.iterdir()), out, Config())
    return out


def _lead_origins(out: Path) -> list[tuple[int, int]]:
    with load_graph(out) as store:
        leads = [c for c in citation_chains(store) if "dam on the Rivne" in c.statement]
        found = [count_origins(store, statement=c.statement_iri) for c in leads]
    return [(o.origins, o.articles) for o in found]


def test_origins_unit_of_an_organisation_folds_into_it(tmp_path: Path) -> None:
    # the gazetteer's part-of: the BBC World Service is the BBC
    out = _story(tmp_path, {"a": "the BBC World Service reported", "b": "the BBC said"})
    assert _lead_origins(out) == [(1, 2), (1, 2)]


def test_origins_outlets_of_one_media_group_stay_apart(tmp_path: Path) -> None:
    # Sputnik and RIA Novosti both belong to Rossiya Segodnya, a media group: two reports
    out = _story(tmp_path, {"a": "Sputnik reported", "b": "RIA Novosti reported"})
    assert _lead_origins(out) == [(1, 1), (1, 1)]
