"""serve: a read-only SPARQL 1.1 endpoint and the chain viewer, on loopback.

``GET /`` is the citation-chain page: the whole drawn page for a build of up to
``PAGE_CHAINS`` chains, else ``/chains``, a viewer that pages chains from the store with
search by speaker, outlet, article and claim (``GET /api/chains?speaker=…&cursor=…`` →
``{"chains": [...], "next": cursor}``; each page costs its own chains, see
``query/pages.py``). ``GET|POST /sparql?query=…`` answers SELECT and ASK
queries with application/sparql-results+json and CONSTRUCT with N-Triples. Updates are
refused: the store is only queried (a query string is parsed as a query, never as an
update). It binds to 127.0.0.1 unless told otherwise, because it has no authentication.

Each query is evaluated in a forked child process, which reads the parent's store
copy-on-write: after ``timeout`` seconds the child is killed (SIGKILL) and the client gets
503, so no query can hold the server; more than ``max_rows`` results (or ``max_bytes`` of
answer) is refused with 413 rather than cut silently. At most ``max_running`` queries run
at once; more wait for a slot, up to the timeout.
"""

from __future__ import annotations

import json
import os
import select
import signal
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from .corpus import load_corpus
from .errors import ProvgraphError
from .query.chains import article_ids
from .query.pages import PAGE_SIZE, ChainSearch, chains_page
from .store import Store
from .viz import render_browse_html, render_chains_html

__all__ = ["PAGE_CHAINS", "Limits", "make_server", "sparql_json"]

#: above this many chains the viewer pages from the store instead of drawing one page
PAGE_CHAINS = 3000


class Limits:
    """What one query may take from the server."""

    def __init__(self, timeout: float = 10.0, max_rows: int = 10_000,
                 max_bytes: int = 50_000_000, max_running: int = 4) -> None:
        self.timeout, self.max_rows, self.max_bytes = timeout, max_rows, max_bytes
        self.max_running = max_running


_MAX_REQUEST = 1_000_000  # bytes of a POSTed query


class _TooLarge(Exception):
    pass


def _evaluate(store: Store, query: str, limits: Limits) -> tuple[int, str, bytes]:
    """(status, content type, body) of one query; runs in the forked child."""
    try:
        result = store.query(query)
    except ProvgraphError as e:
        return HTTPStatus.BAD_REQUEST, "text/plain", f"{e}\n".encode()
    if isinstance(result, list) and len(result) > limits.max_rows:
        raise _TooLarge(f"more than {limits.max_rows:,} results")
    if isinstance(result, list) and result and isinstance(result[0], Triple):
        return HTTPStatus.OK, "application/n-triples", "".join(f"{t} .\n" for t in result).encode()
    return (HTTPStatus.OK, "application/sparql-results+json",
            json.dumps(sparql_json(result)).encode())


def _read_until(fd: int, deadline: float, limit: int) -> bytes | None:
    """All of the pipe ``fd`` until EOF, or None at ``deadline``; raises past ``limit``."""
    chunks, size = [], 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _TooLarge(f"an answer over {limit:,} bytes")


def _run_in_child(store: Store, query: str, limits: Limits) -> tuple[int, str, bytes]:
    """Evaluate ``query`` in a forked child, killed at the deadline."""
    deadline = time.monotonic() + limits.timeout
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer on the pipe, then leave without cleanup
        code = 0
        try:
            os.close(r)
            try:
                status, ctype, body = _evaluate(store, query, limits)
            except _TooLarge as e:
                status, ctype, body = 413, "text/plain", f"{e}\n".encode()
            head = json.dumps([int(status), ctype]).encode() + b"\n"
            view = memoryview(head + body)
            while view:
                view = view[os.write(w, view):]
        except BaseException:  # noqa: BLE001 - the parent reports a dead child as 500
            code = 1
        os._exit(code)
    os.close(w)
    try:
        data = _read_until(r, deadline, limits.max_bytes + 4096)
    except _TooLarge as e:
        data = None
        too_large: str | None = str(e)
    else:
        too_large = None
    finally:
        os.close(r)
    if data is None:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    if too_large:
        return 413, "text/plain", f"result refused: {too_large}; add a LIMIT\n".encode()
    if data is None:
        return (HTTPStatus.SERVICE_UNAVAILABLE, "text/plain",
                f"query stopped after the time limit of {limits.timeout:g} s\n".encode())
    head, _, body = data.partition(b"\n")
    if not head:
        return HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain", b"query evaluation failed\n"
    status, ctype = json.loads(head)
    if status == 413:
        body = b"result refused: " + body.rstrip() + b"; add a LIMIT\n"
    return status, ctype, body


def _term_json(term: Any) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def sparql_json(result: Any) -> dict[str, Any]:
    """SPARQL 1.1 Query Results JSON for a Store.query result (SELECT rows or ASK)."""
    if isinstance(result, bool):
        return {"head": {}, "boolean": result}
    names = list(result[0].keys()) if result else []
    return {"head": {"vars": names},
            "results": {"bindings": [{k: _term_json(v) for k, v in row.items() if v is not None}
                                     for row in result]}}


def _count_chains(store: Store, limit: int) -> int:
    """The number of chains in ``store``, counted up to ``limit + 1`` (a bounded scan)."""
    rows = store.query("SELECT ?s WHERE { ?s <https://w3id.org/provgraph/ns#reportedIn> ?a } "
                       f"LIMIT {int(limit) + 1}")
    return len(rows) if isinstance(rows, list) else 0


def make_server(store: Store, host: str = "127.0.0.1", port: int = 7879,
                limits: Limits | None = None) -> ThreadingHTTPServer:
    """An HTTP server over ``store`` (call ``serve_forever``; port 0 picks a free one)."""
    limits = limits or Limits()
    browse = render_browse_html().encode("utf-8")
    if _count_chains(store, PAGE_CHAINS) <= PAGE_CHAINS:
        corpus = load_corpus(store)  # the viewer draws claim groups and rewrites too
        page = render_chains_html(corpus.chains, claims=corpus.claims,
                                  rewrites=corpus.rewrites).encode("utf-8")
    else:  # too many for one page: read nothing corpus-wide, page from the store
        page = browse
    ids = article_ids(store)  # listed once: the unfiltered pages walk them in order
    slots = threading.BoundedSemaphore(limits.max_running)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep the terminal quiet
            pass

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("X-Frame-Options", "DENY")
            self.end_headers()
            self.wfile.write(body)

        def _answer(self, query: str | None) -> None:
            if not query:
                self._send(HTTPStatus.BAD_REQUEST, b"missing 'query' parameter\n", "text/plain")
                return
            if not slots.acquire(timeout=limits.timeout):
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, b"too many queries running\n",
                           "text/plain")
                return
            try:
                status, ctype, body = _run_in_child(store, query, limits)
            finally:
                slots.release()
            self._send(status, body, ctype)

        def _chains(self, query: str) -> None:
            args = {k: v[0] for k, v in parse_qs(query).items()}
            search = ChainSearch(**{f: args.get(f, "").strip()
                                    for f in ("speaker", "outlet", "article", "claim")})
            try:
                size = int(args.get("size", PAGE_SIZE))
                found = chains_page(store, search, args.get("cursor"), size, ids)
            except ValueError:
                self._send(HTTPStatus.BAD_REQUEST, b"size: not a number\n", "text/plain")
                return
            except ProvgraphError as e:
                self._send(HTTPStatus.BAD_REQUEST, f"{e}\n".encode(), "text/plain")
                return
            self._send(HTTPStatus.OK, json.dumps(found.to_json(), ensure_ascii=False)
                       .encode("utf-8"), "application/json")

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path in ("/", "/chains.html"):
                self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")
            elif url.path == "/chains":
                self._send(HTTPStatus.OK, browse, "text/html; charset=utf-8")
            elif url.path == "/api/chains":
                self._chains(url.query)
            elif url.path in ("/sparql", "/query"):
                self._answer(parse_qs(url.query).get("query", [None])[0])
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")

        def do_POST(self) -> None:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= _MAX_REQUEST:
                self._send(413, b"request body too large\n", "text/plain")
                return
            raw = self.rfile.read(length).decode("utf-8", "replace")
            ctype = self.headers.get("Content-Type", "")
            if ctype.startswith("application/sparql-query"):
                self._answer(raw)
            elif ctype.startswith("application/sparql-update") or "update=" in raw:
                self._send(HTTPStatus.FORBIDDEN, b"read-only endpoint\n", "text/plain")
            else:
                self._answer(parse_qs(raw).get("query", [None])[0])

    return ThreadingHTTPServer((host, port), Handler)
