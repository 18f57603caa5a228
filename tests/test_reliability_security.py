"""Security: no SPARQL injection (CLI parameters, serve), serve read-only, loopback-only,
time- and size-limited, no XSS in the HTML, no path traversal, no XML entity tricks.

Everything runs for real: the CLI on an on-disk Oxigraph store, a real HTTP server,
a real build of hostile articles.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paths import SEEDS
from provgraph.batch import build
from provgraph.cli import app
from provgraph.errors import StoreError
from provgraph.rdf import validate
from provgraph.serve import Limits, make_server
from provgraph.store import open_store

runner = CliRunner()
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
PAYLOADS = [
    '" } ; DROP ALL ; {',
    '"} DROP ALL #',
    "' } ; CLEAR ALL ; SELECT * { ?s ?p ?o",
    '\\" } ; INSERT DATA { <urn:a> <urn:a> <urn:a> } ; {',
    "> } DELETE WHERE { ?s ?p ?o } #",
    'Vladimir Putin" } UNION { ?s ?p ?o',
]


def _count(store) -> int:  # type: ignore[no-untyped-def]
    return int(store.query(COUNT)[0]["n"].value)


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int]:
    root = tmp_path_factory.mktemp("sec")
    spec = f"oxigraph:{root / 'db'}"
    r = runner.invoke(app, ["build", str(SEEDS), "-o", str(root / "out"), "--store", spec])
    assert r.exit_code == 0, r.output
    with open_store(spec) as store:
        return spec, _count(store)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_security_cli_param_cannot_inject(disk_store: tuple[str, int], payload: str) -> None:
    spec, before = disk_store
    for args in (["statements-by-speaker", "-p", f"speaker={payload}"],
                 ["article-chains", "--article", payload]):
        r = runner.invoke(app, ["query", spec, *args, "-f", "json"])
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout) == []  # bound as one literal: it matches nothing
    with open_store(spec) as store:
        assert _count(store) == before


def test_security_cli_param_control_matches(disk_store: tuple[str, int]) -> None:
    spec, _ = disk_store  # the same path with an honest value finds rows
    r = runner.invoke(app, ["query", spec, "statements-by-speaker", "-p",
                            "speaker=Vladimir Putin", "-f", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)


def test_security_cli_query_file_cannot_update(disk_store: tuple[str, int],
                                               tmp_path: Path) -> None:
    spec, before = disk_store
    rq = tmp_path / "evil.rq"
    rq.write_text("DROP ALL", "utf-8")
    r = runner.invoke(app, ["query", spec, "--file", str(rq)])
    assert r.exit_code != 0
    with open_store(spec) as store:
        assert _count(store) == before


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    out = tmp_path_factory.mktemp("serve-sec")
    build([SEEDS], out)
    store = open_store(out)
    server = make_server(store, limits=Limits(timeout=1.5, max_rows=50), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", store
    server.shutdown()
    server.server_close()
    store.close()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def _sparql(base: str, query: str) -> tuple[int, bytes]:
    return _get(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}")


def _post(base: str, body: bytes, ctype: str) -> int:
    req = urllib.request.Request(f"{base}/sparql", data=body, method="POST",
                                 headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_security_serve_is_read_only(served) -> None:  # type: ignore[no-untyped-def]
    base, store = served
    before = _count(store)
    for update in ("DROP ALL", "CLEAR ALL", "INSERT DATA { <urn:a> <urn:a> <urn:a> }",
                   "DELETE WHERE { ?s ?p ?o }", *(f"SELECT * WHERE {{ ?s ?p {p} }}"
                                                  for p in PAYLOADS)):
        assert _sparql(base, update)[0] == 400
        assert _post(base, urllib.parse.urlencode({"update": update}).encode(),
                     "application/x-www-form-urlencoded") == 403
        assert _post(base, update.encode(), "application/sparql-update") == 403
        assert _post(base, update.encode(), "application/sparql-query") == 400
    assert _count(store) == before
    status, body = _sparql(base, COUNT)
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(
        before)


def test_security_serve_stops_a_runaway_query_and_keeps_answering(served) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    t0 = time.monotonic()
    status, body = _sparql(base, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
                                 "?g ?h ?i . ?j ?k ?l }")
    assert status == 503 and b"time limit of 1.5 s" in body
    assert time.monotonic() - t0 < 10
    assert _sparql(base, "ASK { ?s ?p ?o }") == (200, b'{"head": {}, "boolean": true}')


def test_security_serve_refuses_oversized_results(served) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    status, body = _sparql(base, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and b"more than 50 results" in body
    status, body = _sparql(base, "SELECT * WHERE { ?s ?p ?o } LIMIT 50")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 50
    req = urllib.request.Request(f"{base}/sparql", data=b"x", method="POST",
                                 headers={"Content-Length": "999999999",
                                          "Content-Type": "application/sparql-query"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=10)
    assert info.value.code == 413


@pytest.mark.parametrize("path", ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                                  "//etc/passwd", "/chains.html/../../../etc/passwd",
                                  "/..%2f..%2fetc%2fpasswd", "/graph.trig"])
def test_security_serve_has_no_path_traversal(served, path: str) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    conn.request("GET", path)  # sent as is, not normalised by a client
    r = conn.getresponse()
    body = r.read()
    conn.close()
    assert r.status == 404 and b"root:" not in body


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            addr = s.getsockname()[0]
        except OSError:
            return None
    return None if addr.startswith("127.") else addr


def test_security_serve_binds_loopback_only_by_default(served) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    port = int(base.rsplit(":", 1)[1])
    assert _get(f"{base}/")[0] == 200
    default = make_server.__defaults__[0]  # type: ignore[index]
    assert default == "127.0.0.1"
    r = runner.invoke(app, ["serve", "--help"])
    assert "127.0.0.1" in r.stdout
    addr = _non_loopback_address()
    if addr is None:
        pytest.skip("no non-loopback interface to try")
    with socket.socket() as s, pytest.raises(OSError):
        s.settimeout(2)
        s.connect((addr, port))


HOSTILE = ('Officials Say \u201c<script>alert(1)</script>\u201d\n\n'
           'LONDON, May 2 (Wire<img src=x onerror=alert(2)>) - "</script><script>alert(3)'
           '</script>," said Dr <b onmouseover=alert(4)>Evil</b> Smith, head of the '
           '"><svg onload=alert(5)> agency. Javascript:alert(6) was added, she told '
           '<iframe src=javascript:alert(7)> News.\n')


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_security_no_xss_in_html_outputs(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(HOSTILE, "utf-8")
    (corpus / "ids.jsonl").write_text(json.dumps(
        {"id": "<script>alert(8)</script>", "text": HOSTILE}) + "\n", "utf-8")
    report = build([corpus], tmp_path / "out")
    assert len(report.articles) == 2 and report.attributions > 0
    pages = [(tmp_path / "out" / "chains.html").read_text("utf-8")]
    with open_store(tmp_path / "out") as store:
        server = make_server(store, port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            pages.append(_get(f"http://127.0.0.1:{server.server_port}/")[1].decode("utf-8"))
        finally:
            server.shutdown()
            server.server_close()
    for page in pages:
        assert "alert(" in page  # the hostile text is shown ...
        parser = _Tags()
        parser.feed(page)
        for tag, attrs in parser.tags:  # ... but never as markup
            assert tag not in ("img", "iframe")
            for name, value in attrs:
                assert not (name.startswith("on") and "alert" in (value or "")), (tag, name)
                if name in ("href", "src", "action", "formaction", "xlink:href"):
                    assert "javascript:" not in (value or "").lower(), (tag, name)
        for n in range(1, 9):
            assert f"<script>alert({n})" not in page


def test_security_article_ids_cannot_escape_the_output_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "../../escaped", "text": "The mayor said so."})
                      + "\n", "utf-8")
    out = tmp_path / "deep" / "out"
    report = build([corpus], out)
    assert report.articles == ["../../escaped"]
    assert sorted(p.name for p in tmp_path.rglob("*escaped*")) == []
    assert {p.name for p in out.iterdir()} == {"store", "links.sqlite", "attributions.jsonl",
                                               "chains.html", "report.json"}


def _billion_laughs(root: str) -> str:
    ents = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    return f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY l0 "lol">{ents}]>'


def test_security_html_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4242", "utf-8")
    xxe = tmp_path / "xxe.html"
    xxe.write_text(f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
                   "<html><body><article><p>The mayor said the bridge would reopen in June "
                   "after the repairs.</p><p>Leak: &x; end.</p></article></body></html>", "utf-8")
    lol = tmp_path / "lol.html"
    lol.write_text(_billion_laughs("html") + "<html><body><article><p>The mayor said the "
                   "bridge would reopen in June after repairs.</p><p>&l9;</p></article>"
                   "</body></html>", "utf-8")
    t0 = time.monotonic()
    errors: list[str] = []
    from provgraph.batch import extract_paths

    got = {ex.document.id: ex.document.text for ex in extract_paths([xxe, lol], errors=errors)}
    assert time.monotonic() - t0 < 60 and errors == []
    assert "TOP-SECRET" not in got["xxe"] and "The mayor said" in got["xxe"]
    assert len(got["lol"]) < 1000  # not a billion laughs


@pytest.mark.parametrize("name", ["evil.rdf", "evil.owl", "evil.xml"])
def test_security_rdf_xml_is_never_parsed(tmp_path: Path, name: str) -> None:
    f = tmp_path / name
    f.write_text(_billion_laughs("rdf:RDF") + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
                 '22-rdf-syntax-ns#"><rdf:Description rdf:about="urn:a"><rdf:value>&l9;'
                 "</rdf:value></rdf:Description></rdf:RDF>", "utf-8")
    for command in (["validate", str(f)], ["query", str(f), "article-chains"],
                    ["export", str(f), str(tmp_path / "x.ttl")]):
        r = runner.invoke(app, command)
        assert r.exit_code == 1 and "unknown RDF format" in str(r.exception)
    with pytest.raises(StoreError, match="unknown RDF format"):
        validate(f)
