"""The CLI contract, through typer's CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paths import INPUTS, SEEDS
from provgraph.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli-out")
    r = runner.invoke(app, ["build", str(SEEDS), "-o", str(d)])
    assert r.exit_code == 0, r.output
    return d


def test_cli_build_writes_outputs(out: Path) -> None:
    for name in ("chains.html", "attributions.jsonl", "report.json"):
        assert (out / name).stat().st_size > 0
    assert (out / "store" / "CURRENT").is_file()  # the folder's own on-disk store
    assert not (out / "graph.trig").exists()  # written on request: provgraph export


def test_cli_export_trig_on_request(out: Path, tmp_path: Path) -> None:
    r = runner.invoke(app, ["export", str(out), str(tmp_path / "graph.trig")])
    assert r.exit_code == 0, r.output
    trig = (tmp_path / "graph.trig").read_text("utf-8")
    assert "000_f94bdfc9b2e1f035" in trig and "pg:chainRoot" in trig


def test_cli_extract_jsonl_one_line_per_article() -> None:
    r = runner.invoke(app, ["extract", str(SEEDS), "--jsonl"])
    assert r.exit_code == 0
    lines = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    assert [x["id"] for x in lines] == ["000_f94bdfc9b2e1f035", "001_b26ab9b28ceb190a"]
    a = lines[0]["attributions"][0]
    assert set(a) >= {"source", "cue", "content", "kind", "speaker", "channel", "via"}
    assert lines[0]["text"][a["content"]["start"]:a["content"]["end"]] == a["content"]["text"]


def test_cli_chains_json(out: Path) -> None:
    r = runner.invoke(app, ["chains", str(out), "--format", "json"])
    assert r.exit_code == 0
    items = json.loads(r.stdout)
    assert len(items) == 30
    hit = [i for i in items if "missiles will be deployed in Belarus" in i["statement"]]
    assert hit[0]["chain"] == ["NationPress", "Xinhua", "TASS", "Alexey Polishchuk"]
    assert hit[0]["channel"] == {"kind": "interview", "with": "TASS"}
    assert all(set(i) >= {"article", "statement", "chain", "channel"} for i in items)


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_cli_query_named_with_param(out: Path, fmt: str) -> None:
    r = runner.invoke(app, ["query", str(out), "statements-by-speaker", "--param",
                            "speaker=Vladimir Putin", "--format", fmt])
    assert r.exit_code == 0, r.output
    assert "Ukraine" in r.stdout


def test_cli_query_file(out: Path, tmp_path: Path) -> None:
    rq = tmp_path / "count.rq"
    rq.write_text("PREFIX pg: <https://w3id.org/provgraph/ns#>\n"
                  "SELECT (COUNT(?s) AS ?n) WHERE { ?s a pg:Article }")
    r = runner.invoke(app, ["query", str(out), "--file", str(rq), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)[0]["n"] == 2


def test_cli_eval_on_seeds(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text(runner.invoke(app, ["extract", str(SEEDS)]).stdout)
    r = runner.invoke(app, ["eval", "--gold", str(SEEDS / "gold.json"), "--pred", str(pred),
                            "--json"])
    assert r.exit_code == 0
    assert json.loads(r.stdout)["content_overlap"]["f1"] >= 0.9


def test_cli_validate_conforms(out: Path) -> None:
    r = runner.invoke(app, ["validate", str(out)])
    assert r.exit_code == 0 and "conforms" in r.stdout


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "provgraph", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def test_cli_user_error_is_one_line_exit_1(tmp_path: Path) -> None:
    p = _run("query", str(tmp_path / "missing"), "chain")
    assert p.returncode == 1
    assert p.stderr.strip().startswith("error:") and len(p.stderr.strip().splitlines()) == 1
    assert "Traceback" not in p.stderr


@pytest.mark.parametrize("args, says", [
    (("query",), "Missing argument"),
    (("origins", ".", "--bogus"), "No such option: --bogus"),
])
def test_cli_usage_error_shows_usage_exit_2(args: tuple[str, ...], says: str) -> None:
    # a mistyped command line is the user's, not an internal error to report
    p = _run(*args)
    assert p.returncode == 2, p.stderr
    assert says in p.stderr and "Usage: " in p.stderr
    assert "internal error" not in p.stderr and "Traceback" not in p.stderr


def test_cli_unknown_query_names_the_choices(out: Path) -> None:
    p = _run("query", str(out), "no-such-query")
    assert p.returncode == 1 and "article-chains" in p.stderr


def test_cli_bad_inputs_do_not_sink_the_batch(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in list(INPUTS.iterdir()) + list(SEEDS.glob("*.txt")):
        (corpus / f.name).write_bytes(f.read_bytes())
    p = _run("build", str(corpus), "-o", str(tmp_path / "o"))
    assert p.returncode == 3, p.stderr  # finished, but some inputs failed
    assert "empty.txt: empty file" in p.stderr
    assert "binary.txt: looks binary" in p.stderr
    assert "mixed.jsonl:2: malformed record" in p.stderr
    assert "Traceback" not in p.stderr
    report = json.loads((tmp_path / "o" / "report.json").read_text())
    assert {"000_f94bdfc9b2e1f035", "001_b26ab9b28ceb190a", "ok-1",
            "cp1252"} <= set(report["articles"])  # Windows-1252 is read, not refused


def test_cli_rebuild_keeps_earlier_articles(tmp_path: Path) -> None:
    o = tmp_path / "o"
    assert runner.invoke(app, ["build", str(SEEDS / "000_f94bdfc9b2e1f035.txt"), "-o", str(o)]
                         ).exit_code == 0
    assert runner.invoke(app, ["build", str(SEEDS / "001_b26ab9b28ceb190a.txt"), "-o", str(o)]
                         ).exit_code == 0
    r = runner.invoke(app, ["chains", str(o), "--format", "json"])
    assert {i["article"] for i in json.loads(r.stdout)} == {
        "000_f94bdfc9b2e1f035", "001_b26ab9b28ceb190a"}
    lines = (o / "attributions.jsonl").read_text().splitlines()
    assert len(lines) == 2


def test_cli_html_escapes_article_text_end_to_end(tmp_path: Path) -> None:
    art = tmp_path / "evil.txt"
    art.write_text('Mayor <script>window.__pwned=1</script> Resigns\n\n'
                   'The mayor said "</script><img src=x onerror=alert(1)>" on Monday.')
    r = runner.invoke(app, ["build", str(art), "-o", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    page = (tmp_path / "o" / "chains.html").read_text()
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert re.search(r"<(script|link|img)[^>]+(src|href)=\"(https?:)?//", page) is None
