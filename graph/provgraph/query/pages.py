"""Chains a page at a time, searched by speaker, outlet, article or claim: what ``serve``
shows for builds too big for one static page.

Every page is read by index and costs its own chains, never the corpus: an article's
chains come from its named graph; a speaker's or an outlet's statements from the paged
``statements-by-speaker`` / ``statements-by-outlet`` queries (the name's lower-case key,
matched inside each article graph), a claim's from ``claim-members``; each statement's
chain then from ``statement_chain`` (a few look-ups in its article's graph). Without a
search, pages walk the articles in id order.

A page ends with a cursor (an opaque string) for the next one, or None at the end: the
total is not counted, because counting is what would read the whole corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

from pyoxigraph import Literal, NamedNode

from ..errors import QueryError
from ..model import Chain
from ..rdf.iris import as_iri
from ..store.base import Row, Store, to_python
from ..store.chainfacts import (
    NAME_KEY,
    OUTLET_KEY,
    OUTLET_ROW,
    SPEAKER_KEY,
    SPEAKER_ROW,
    agent_rows,
    split_row,
)
from .chains import article_ids, citation_chains, statement_chain
from .loader import MAX_PAGE, run_query

__all__ = ["ChainPage", "ChainSearch", "chains_page"]

#: chains per page unless asked otherwise
PAGE_SIZE = 50
# statements read per look-up when other searches filter the primary one's answers (the
# first look-up reads one page and one more row)
_LOOKUP = 200


@dataclass(frozen=True, slots=True)
class ChainSearch:
    """What to look for; empty fields match everything. Names match the speaker's or
    outlet's name or any alias, case-insensitively; ``claim`` is a claim IRI."""

    speaker: str = ""
    outlet: str = ""
    article: str = ""
    claim: str = ""

    @property
    def lead(self) -> str:
        """The field that finds the chains (the most selective given); "" for none."""
        return next((f for f in ("article", "claim", "speaker", "outlet") if getattr(self, f)),
                    "")

    def matches(self, chain: Chain) -> bool:
        """Whether ``chain`` passes the fields other than the lead. A name matches when it
        contains the words asked for ("putin" matches "Vladimir Putin"), case-insensitively."""
        names = [link.name.casefold() for link in chain.links]
        lead = self.lead
        if self.article and lead != "article" and chain.article != self.article:
            return False
        if self.speaker and lead != "speaker" and not (
                names and self.speaker.casefold() in names[-1]):
            return False
        return not (self.outlet and lead != "outlet" and not any(
            self.outlet.casefold() in name for name in names[:-1]))


@dataclass(frozen=True, slots=True)
class ChainPage:
    """One page of chains and the cursor of the next page (None: this was the last)."""

    chains: list[Chain]
    next: str | None
    search: ChainSearch = field(default_factory=ChainSearch)

    def to_json(self) -> dict[str, object]:
        return {"chains": [c.to_json() for c in self.chains], "next": self.next}


def _cursor(text: str | None) -> tuple[int, int]:
    """(major, minor) positions of a cursor ``"major.minor"``; (0, 0) for the first page."""
    if not text:
        return 0, 0
    major, _, minor = text.partition(".")
    try:
        position = int(major), int(minor or 0)
    except ValueError:
        raise QueryError(f"cursor {text!r}: not a cursor of this server; start again "
                         "without one") from None
    if min(position) < 0:
        raise QueryError(f"cursor {text!r}: negative position")
    return position


def _rows(store: Store, query: str, key: str, value: str, start: int, first: int
          ) -> Iterator[tuple[int, str, str | None]]:
    """(row position, statement IRI, article id) of each row of the paged ``query``, from
    ``start``: on an embedded store read by index (the name key's agents in each article
    graph, then their derived rows, store/chainfacts.py), elsewhere ``first`` rows and
    then ``_LOOKUP`` at a time from the query."""
    quads_for = getattr(getattr(store, "store", None), "quads_for_pattern", None)
    if quads_for is not None:
        predicate, keyed = ((SPEAKER_ROW, SPEAKER_KEY) if key == "speaker"
                            else (OUTLET_ROW, OUTLET_KEY))
        # the agents with rows, by their keys; a store written before the rows has no
        # such keys: every agent of that name, each graph's rows derived from its quads
        if next(iter(quads_for(None, as_iri(keyed), None, None)), None) is None:
            keyed = NAME_KEY
        position = 0
        for q in quads_for(None, as_iri(keyed), Literal(value.lower()), None):
            if not isinstance(q.graph_name, NamedNode) or not isinstance(q.subject, NamedNode):
                continue
            for row in agent_rows(quads_for, q.subject, q.graph_name, predicate):
                if position >= start:
                    fields = split_row(row)
                    yield position, str(fields[0]), fields[3 if key == "speaker" else 1]
                position += 1
        return
    offset, limit = start, first
    while True:
        rows = cast(list[Row], run_query(store, query, **{key: value}, limit=limit,
                                         offset=offset))
        for i, row in enumerate(rows):
            article = to_python(row.get("article"))
            yield (offset + i, str(to_python(row["statement"])),
                   None if article is None else str(article))
        if len(rows) < limit:
            return
        offset += limit
        limit = _LOOKUP


def _by_lookup(store: Store, query: str, key: str, value: str,
               start: int, first: int = _LOOKUP) -> Iterator[tuple[int, Chain]]:
    """(row position, chain) of each statement the paged ``query`` finds, from ``start``.
    Chains come from their article's chains (its record: one read an article, not a
    few a statement), read once per article of the page."""
    by_article: dict[str, dict[str, Chain]] = {}
    seen: set[str] = set()
    for position, statement, article in _rows(store, query, key, value, start, first):
        if statement in seen:  # one more row of it (an agent with two names): one chain
            continue
        seen.add(statement)
        chain = None
        if article is not None:
            chains = by_article.get(article)
            if chains is None:
                chains = by_article[article] = {c.statement_iri: c
                                                for c in citation_chains(store, article)}
            chain = chains.get(statement)
        if chain is None:
            chain = statement_chain(store, statement)
        if chain is not None:
            yield position, chain


def _by_claim(store: Store, claim: str, start: int) -> Iterator[tuple[int, Chain]]:
    rows = cast(list[Row], run_query(store, "claim-members", claim=claim))
    for i, row in enumerate(rows[start:], start):
        chain = statement_chain(store, str(to_python(row["statement"])))
        if chain is not None:
            yield i, chain


def _by_article(store: Store, article: str, start: int) -> Iterator[tuple[int, Chain]]:
    yield from list(enumerate(citation_chains(store, article)))[start:]


def _all(store: Store, ids: list[str], major: int, minor: int
         ) -> Iterator[tuple[tuple[int, int], Chain]]:
    for a in range(major, len(ids)):
        for c, chain in enumerate(citation_chains(store, ids[a])):
            if a > major or c >= minor:
                yield (a, c), chain


def chains_page(store: Store, search: ChainSearch | None = None, cursor: str | None = None,
                size: int = PAGE_SIZE, ids: list[str] | None = None) -> ChainPage:
    """One page of the chains ``search`` finds, from ``cursor`` (None: the first page).

    Parameters
    ----------
    store : Store
    search : ChainSearch, optional
        The most selective field given leads (article, claim, speaker, outlet); the others
        filter its answers.
    cursor : str, optional
        ``next`` of the previous page.
    size : int
        Chains per page (1 to 10,000).
    ids : list of str, optional
        The article ids in order, when the caller keeps them (a server lists them once).
    """
    search = search or ChainSearch()
    if not 1 <= size <= MAX_PAGE:
        raise QueryError(f"page size {size}: use 1 to {MAX_PAGE:,}")
    major, minor = _cursor(cursor)
    found: Iterator[tuple[object, Chain]]
    lead = search.lead
    if lead == "article":
        found = _by_article(store, search.article, major)
    elif lead == "claim":
        found = _by_claim(store, search.claim, major)
    elif lead == "speaker":
        found = _by_lookup(store, "statements-by-speaker", "speaker", search.speaker, major,
                           size + 1)
    elif lead == "outlet":
        found = _by_lookup(store, "statements-by-outlet", "outlet", search.outlet, major,
                           size + 1)
    else:
        found = _all(store, ids if ids is not None else article_ids(store), major, minor)
    chains: list[Chain] = []
    for position, chain in found:
        if len(chains) == size:  # one more found: there is a next page, starting here
            a, c = position if isinstance(position, tuple) else (position, 0)
            return ChainPage(chains, f"{a}.{c}", search)
        if search.matches(chain):
            chains.append(chain)
    return ChainPage(chains, None, search)
