"""Named SPARQL queries: find them, read their declared parameters, run them bound.

The SPARQL lives in ``queries/*.rq`` (the file stem is the CLI name). Each file opens with
a comment saying what it answers and one ``# params: ?name (IRI|literal[, optional]) ...``
line per parameter. Parameter values arrive as strings (from the CLI) or RDF terms; they
are turned into terms here according to that declaration and handed to the store as
bindings, never pasted into the query text.

A query whose answer grows with the corpus (a speaker's statements) declares a page:
``# page: 100`` makes it answer at most 100 rows unless the caller passes ``limit``, and
``offset`` skips rows. Both must be non-negative integers; they are checked as ``int``
and appended as ``LIMIT``/``OFFSET`` (SPARQL cannot bind them), so no text of the caller
reaches the query.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode

from ..errors import MissingParameterError, QueryError, UnknownQueryError
from ..rdf.iris import as_iri
from ..store.base import QueryResult, Store

__all__ = ["MAX_PAGE", "NamedQuery", "Param", "list_queries", "load_query", "page_clause",
           "parse_params", "run_query"]

_PARAM = re.compile(r"^#\s*params?:\s*\?(\w+)\s*\(([^)]*)\)\s*(.*)$", re.MULTILINE)
_PAGE = re.compile(r"^#\s*page:\s*(\d+)\s*$", re.MULTILINE)
#: most rows one page of a paged query may ask for
MAX_PAGE = 10_000
Term = NamedNode | BlankNode | Literal


@dataclass(frozen=True, slots=True)
class Param:
    """One declared parameter of a query."""

    name: str
    is_iri: bool
    optional: bool
    description: str
    lowercase: bool = False  # a literal looked up by an index of lower-case keys


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query's name, text and declared parameters."""

    name: str
    text: str
    params: tuple[Param, ...]
    path: str | None = None
    page: int | None = None  # default rows per answer of a paged query (``# page: N``)

    @property
    def purpose(self) -> str:
        """The opening comment lines, without the ``# params:`` ones."""
        lines = []
        for line in self.text.splitlines():
            if not line.startswith("#"):
                break
            if not _PARAM.match(line) and not _PAGE.match(line):
                lines.append(line.lstrip("# ").rstrip())
        return " ".join(x for x in lines if x)


def parse_params(text: str) -> tuple[Param, ...]:
    """The parameters declared by ``# params:`` comment lines of a query.

    >>> parse_params("# params: ?article (literal, optional) document id")[0]
    Param(name='article', is_iri=False, optional=True, description='document id', lowercase=False)
    """
    params = []
    for match in _PARAM.finditer(text):
        flags = {f.strip().casefold() for f in match.group(2).split(",")}
        params.append(Param(match.group(1), "iri" in flags, "optional" in flags, match.group(3),
                            "lowercase" in flags))
    return tuple(params)


def _queries_dir():  # type: ignore[no-untyped-def]
    return files("provgraph") / "query" / "queries"


def list_queries() -> list[str]:
    """The names of the bundled queries (file stems of ``queries/*.rq``), sorted."""
    return sorted(p.name[:-3] for p in _queries_dir().iterdir() if p.name.endswith(".rq"))


def load_query(name_or_path: str | Path) -> NamedQuery:
    """A bundled query by name (``"chain"``), or a ``.rq`` file by path.

    Raises
    ------
    UnknownQueryError
        When there is no such query; the message lists the available names.
    """
    path = Path(name_or_path)
    if str(name_or_path).endswith(".rq") and path.is_file():
        text = path.read_text(encoding="utf-8")
        return NamedQuery(path.stem, text, parse_params(text), str(path), _page(text))
    return _bundled(str(name_or_path))


@functools.lru_cache(maxsize=64)
def _bundled(name_or_path: str) -> NamedQuery:
    """A bundled query, read and parsed once per process (the package's files do not
    change under it; a paged lookup runs one per request)."""
    name = name_or_path.removesuffix(".rq")
    resource = _queries_dir() / f"{name}.rq"
    if "/" in name or not resource.is_file():
        available = ", ".join(list_queries())
        raise UnknownQueryError(
            f"unknown query {name_or_path!r}: not a bundled query or an existing .rq "
            f"file; available: {available}"
        )
    text = resource.read_text(encoding="utf-8")
    return NamedQuery(name, text, parse_params(text), page=_page(text))


def _page(text: str) -> int | None:
    match = _PAGE.search(text)
    return int(match.group(1)) if match else None


def _count(query: NamedQuery, name: str, value: object) -> int:
    try:
        number = int(str(value))
    except ValueError:
        number = -1
    if not 0 <= number <= (MAX_PAGE if name == "limit" else 10**12):
        raise QueryError(f"query {query.name!r}: {name} must be an integer from 0 to "
                         f"{MAX_PAGE if name == 'limit' else 10**12:,}, got {value!r}")
    return number


def page_clause(query: NamedQuery, params: dict[str, object]) -> str:
    """``LIMIT n OFFSET m`` for a paged query (taking ``limit``/``offset`` out of
    ``params``), or "" for a query without a page.

    >>> q = NamedQuery("q", "SELECT * WHERE { ?s ?p ?o }", (), page=100)
    >>> page_clause(q, {"offset": "200"})
    '\\nLIMIT 100 OFFSET 200'
    """
    if query.page is None:
        return ""
    limit, offset = params.pop("limit", None), params.pop("offset", None)
    limit = _count(query, "limit", query.page if limit is None else limit)
    offset = _count(query, "offset", 0 if offset is None else offset)
    return f"\nLIMIT {limit} OFFSET {offset}" if offset else f"\nLIMIT {limit}"


def _looks_like_iri(value: str) -> bool:
    return (value.startswith("<") and value.endswith(">")) or bool(
        re.match(r"^(https?|urn):", value)
    )


def _to_term(query: NamedQuery, param: Param | None, name: str, value: object) -> Term:
    if isinstance(value, NamedNode | BlankNode | Literal):
        return value
    if isinstance(value, bool | int | float):
        return Literal(value)
    text = str(value)
    is_iri = param.is_iri if param is not None else _looks_like_iri(text)
    if not is_iri:
        return Literal(text.lower() if param is not None and param.lowercase else text)
    try:
        return as_iri(text)
    except ValueError as e:
        raise QueryError(
            f"query {query.name!r}: parameter {name!r} must be an IRI, got {text!r} ({e})"
        ) from None


def bind_params(query: NamedQuery, params: dict[str, object]) -> dict[str, Term]:
    """Check ``params`` against the query's declaration and turn them into RDF terms."""
    declared = {p.name: p for p in query.params}
    given = {k.lstrip("?"): v for k, v in params.items() if v is not None}
    if declared:
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise QueryError(
                f"query {query.name!r}: unknown parameter(s) {', '.join(unknown)}; "
                f"it takes: {', '.join(declared)}"
            )
    for p in query.params:
        if not p.optional and p.name not in given:
            kind = "an IRI" if p.is_iri else "a literal"
            raise MissingParameterError(
                f"query {query.name!r}: missing parameter {p.name!r} ({kind}: "
                f"{p.description or 'no description'}); pass it as {p.name}=..."
            )
    return {k: _to_term(query, declared.get(k), k, v) for k, v in given.items()}


def run_query(store: Store, name_or_path: str | Path, **params: object) -> QueryResult:
    """Run a named query (or a ``.rq`` file) on ``store`` with bound parameters.

    Parameters
    ----------
    store : Store
        Any backend from :func:`provgraph.store.open_store`.
    name_or_path : str or Path
        A bundled query name (see :func:`list_queries`) or a path to a ``.rq`` file.
    **params
        Parameter values: strings (IRIs as ``<...>`` or ``http...``) or RDF terms; for a
        paged query (``# page: N``) also ``limit`` (default N) and ``offset`` (default 0).

    Returns
    -------
    list of dict, bool or list of Triple
        SELECT rows (every projected variable, ``None`` when unbound), an ASK answer, or
        CONSTRUCT triples.
    """
    query = load_query(name_or_path)
    params = dict(params)
    page = page_clause(query, params)
    return store.query(query.text + page, bind_params(query, params))
