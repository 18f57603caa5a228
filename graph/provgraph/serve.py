"""serve: a read-only SPARQL 1.1 endpoint and the chain viewer, on loopback.

``GET /`` is the citation-chain page; ``GET|POST /sparql?query=…`` answers SELECT and ASK
queries with application/sparql-results+json and CONSTRUCT with N-Triples. Updates are
refused: the store is only queried. It binds to 127.0.0.1 unless told otherwise, because
it has no authentication.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from .errors import ProvgraphError
from .query import citation_chains
from .store import Store
from .viz import render_chains_html

__all__ = ["make_server", "sparql_json"]


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


def make_server(store: Store, host: str = "127.0.0.1", port: int = 7879) -> ThreadingHTTPServer:
    """An HTTP server over ``store`` (call ``serve_forever``; port 0 picks a free one)."""
    page = render_chains_html(citation_chains(store)).encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep the terminal quiet
            pass

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _answer(self, query: str | None) -> None:
            if not query:
                self._send(HTTPStatus.BAD_REQUEST, b"missing 'query' parameter\n", "text/plain")
                return
            try:
                result = store.query(query)
            except ProvgraphError as e:
                self._send(HTTPStatus.BAD_REQUEST, f"{e}\n".encode(), "text/plain")
                return
            if isinstance(result, list) and result and isinstance(result[0], Triple):
                body = "".join(f"{t} .\n" for t in result).encode()
                self._send(HTTPStatus.OK, body, "application/n-triples")
                return
            body = json.dumps(sparql_json(result)).encode()
            self._send(HTTPStatus.OK, body, "application/sparql-results+json")

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path in ("/", "/chains.html"):
                self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")
            elif url.path in ("/sparql", "/query"):
                self._answer(parse_qs(url.query).get("query", [None])[0])
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8", "replace")
            ctype = self.headers.get("Content-Type", "")
            if ctype.startswith("application/sparql-query"):
                self._answer(raw)
            elif ctype.startswith("application/sparql-update") or "update=" in raw:
                self._send(HTTPStatus.FORBIDDEN, b"read-only endpoint\n", "text/plain")
            else:
                self._answer(parse_qs(raw).get("query", [None])[0])

    return ThreadingHTTPServer((host, port), Handler)
