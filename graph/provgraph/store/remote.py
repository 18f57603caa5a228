"""Remote SPARQL 1.1 endpoint backend (Oxigraph server, Fuseki, GraphDB, Virtuoso).

Speaks the SPARQL 1.1 Protocol with the standard library only. Queries see the union of
the named graphs: the graphs are listed once per query and passed as ``default-graph-uri``
(portable, unlike each server's own union switch), and as ``named-graph-uri`` too, so that
``GRAPH ?g`` patterns still see each article's graph. ``replace_graph`` sends
``DROP SILENT GRAPH; INSERT DATA`` as one update request, which servers run as one
transaction. Bindings become a ``VALUES`` block of pyoxigraph-serialised terms placed at
the start of the query's top-level WHERE group: structure, not pasted user strings.

An endpoint that is down, too slow or answering 5xx is retried a bounded number of times
with exponential backoff (``retries``, ``backoff``), then a ``StoreError`` says what
happened and how often it was tried. Every request is idempotent (a graph replace is one
DROP+INSERT transaction), so a retry never half-applies; a 4xx answer is not retried.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)

from ..errors import QueryError, StoreError
from .base import (
    QueryResult,
    Store,
    Term,
    as_graph,
    inject_values,
    insert_data,
    rdf_format,
)
from .chainfacts import chain_record_quads

__all__ = ["RemoteStore", "endpoints", "inject_values"]


def endpoints(url: str) -> tuple[str, str]:
    """The (query, update) URLs of an endpoint given by its base or query URL.

    >>> endpoints("http://127.0.0.1:7878")
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
    >>> endpoints("http://h/ds/query")
    ('http://h/ds/query', 'http://h/ds/update')
    >>> endpoints("http://h/ds/sparql")
    ('http://h/ds/sparql', 'http://h/ds/sparql')
    """
    base = url.rstrip("/")
    if base.endswith("/query"):
        return base, base.removesuffix("/query") + "/update"
    if base.endswith("/sparql"):
        return base, base
    path = urllib.parse.urlsplit(base).path
    if path in {"", "/"}:
        return base + "/query", base + "/update"
    return base, base


class RemoteStore(Store):
    """A store behind a SPARQL 1.1 query (and update) endpoint.

    Parameters
    ----------
    url : str
        Base URL (``http://host:7878``, Oxigraph: ``/query`` and ``/update`` are derived)
        or the query endpoint URL.
    update_url : str, optional
        The update endpoint, when it cannot be derived from ``url``.
    timeout : float
        Seconds per HTTP request.
    retries : int
        Further attempts after a request fails for a reason that may pass (connection
        refused or reset, timeout, HTTP 5xx).
    backoff : float
        Seconds before the first retry; doubled before each next one.
    """

    def __init__(self, url: str, update_url: str | None = None, timeout: float = 30.0,
                 retries: int = 3, backoff: float = 0.5) -> None:
        self.spec = url
        self.query_url, derived = endpoints(url)
        self.update_url = update_url or derived
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff

    def _post(self, url: str, body: bytes, content_type: str, accept: str) -> tuple[str, bytes]:
        delay = self.backoff
        for attempt in range(1, self.retries + 2):
            try:
                return self._post_once(url, body, content_type, accept)
            except _Transient as e:
                if attempt > self.retries:
                    tries = f"{attempt} attempt{'s' if attempt > 1 else ''}"
                    raise StoreError(f"{url}: {e} (gave up after {tries} over "
                                     f"{self._waited(attempt):g} s of backoff)") from None
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _waited(self, attempts: int) -> float:
        return sum(self.backoff * 2 ** k for k in range(attempts - 1))

    def _post_once(self, url: str, body: bytes, content_type: str, accept: str
                   ) -> tuple[str, bytes]:
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": content_type, "Accept": accept}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip().splitlines()
            message = f"{url}: HTTP {e.code} {e.reason}: {' '.join(detail)[:300]}"
            if e.code >= 500:
                raise _Transient(f"HTTP {e.code} {e.reason}: {' '.join(detail)[:200]}") from None
            if e.code == 400:
                raise QueryError(message) from None
            raise StoreError(message) from None
        except TimeoutError:
            raise _Transient(f"no answer within {self.timeout:g} s") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            if isinstance(reason, TimeoutError):
                raise _Transient(f"no answer within {self.timeout:g} s") from None
            raise _Transient(f"SPARQL endpoint unreachable ({reason})") from None

    def _update(self, sparql: str) -> None:
        self._post(self.update_url, sparql.encode("utf-8"), "application/sparql-update", "*/*")

    def _select(self, sparql: str, dataset: list[NamedNode] | None) -> tuple[str, bytes]:
        form: list[tuple[str, str]] = [("query", sparql)]
        form += [("default-graph-uri", g.value) for g in dataset or ()]
        # and as named graphs, so that GRAPH ?g patterns (per-article look-ups) see them
        form += [("named-graph-uri", g.value) for g in dataset or ()]
        return self._post(
            self.query_url,
            urllib.parse.urlencode(form).encode("ascii"),
            "application/x-www-form-urlencoded",
            "application/sparql-results+json, application/n-triples;q=0.9",
        )

    def replace_graph(self, graph: NamedNode | str, quads: Iterable[Quad | Triple]) -> None:
        # with the derived chain record and hands, as the embedded store (chain.rq reads them)
        graph, quads = as_graph(graph), list(quads)
        self._update(insert_data(graph, [*quads, *chain_record_quads(graph, quads)]))

    def add_quads(self, quads: Iterable[Quad]) -> None:
        text = _insert_blocks(quads)
        if text:
            self._update("INSERT DATA {\n" + text + "\n}")

    def remove_graph(self, graph: NamedNode | str) -> None:
        self._update(f"DROP SILENT GRAPH {as_graph(graph)}")

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        text = inject_values(sparql, bindings or {})
        content_type, body = self._select(text, self.graphs() or None)
        if "n-triples" in content_type or "turtle" in content_type:
            return [q.triple for q in parse(body, format=RdfFormat.N_TRIPLES)]
        try:
            result = parse_query_results(body, format=QueryResultsFormat.JSON)
        except SyntaxError as e:
            raise StoreError(f"{self.query_url}: unreadable results ({e})") from None
        if isinstance(result, QueryBoolean):
            return bool(result)
        assert isinstance(result, QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names} for row in result]

    def _raw_select(self, sparql: str) -> list[dict[str, Term | None]]:
        _, body = self._select(sparql, None)
        result = parse_query_results(body, format=QueryResultsFormat.JSON)
        assert isinstance(result, QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names} for row in result]

    def graphs(self) -> list[NamedNode]:
        rows = self._raw_select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted((g for r in rows if isinstance(g := r["g"], NamedNode)), key=str)

    def quads(self) -> Iterator[Quad]:
        rows = self._raw_select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        named = [Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]  # type: ignore[arg-type]
        seen = {q.triple for q in named}
        rows = self._raw_select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        default = [Triple(r["s"], r["p"], r["o"]) for r in rows]  # type: ignore[arg-type]
        # servers whose default graph is the union would repeat the named quads
        return iter(
            named + [Quad(t.subject, t.predicate, t.object) for t in default if t not in seen]
        )

    def graph_quads(self, graph: NamedNode | DefaultGraph) -> Iterator[Quad]:
        # one request per graph (the IRI serialised by pyoxigraph): an export holds one graph
        if isinstance(graph, DefaultGraph):  # servers whose default graph is the union
            rows = self._raw_select("SELECT ?s ?p ?o WHERE { ?s ?p ?o "
                                    "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
        else:
            rows = self._raw_select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return iter([Quad(r["s"], r["p"], r["o"], graph) for r in rows])  # type: ignore[arg-type]

    def load(self, path: str | Path, format: str | None = None) -> None:
        _, fmt, _ = rdf_format(path, format)
        try:
            quads = list(parse(path=str(path), format=fmt))
        except SyntaxError as e:
            raise StoreError(f"{path}: not valid {fmt.name} ({e})") from None
        except OSError as e:
            raise StoreError(f"{path}: cannot read ({e})") from None
        self.add_quads(quads)


class _Transient(Exception):
    """A request failure worth another attempt (internal to RemoteStore._post)."""


def _insert_blocks(quads: Iterable[Quad]) -> str:
    # INSERT DATA has no quad syntax: group the triples of each graph into a GRAPH block
    blocks: dict[str, list[str]] = {}
    for q in quads:
        blocks.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    out = []
    for graph, triples in blocks.items():
        inner = "\n".join(triples)
        out.append(inner if graph == "DEFAULT" else f"GRAPH {graph} {{\n{inner}\n}}")
    return "\n".join(out)
