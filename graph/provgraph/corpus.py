"""Everything the page, the card, the report and the exports show, read once from a store.

The chains page, the provenance card, the corpus report and the graph exports all need
the same four things: the citation chains, which statements are one claim (and how many
independent origins that claim has), which articles are rewrites of which, and the
articles' titles and publishers. :func:`load_corpus` runs the four named queries
(``article-chains``, ``claims``, ``rewrites``, ``articles``) and returns plain records, so
``viz``, ``report`` and ``export`` take a :class:`Corpus` and never talk to the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from .crossdoc.origins import origin_descriptions
from .model import Chain
from .query import citation_chains, run_query
from .store.base import Row, Store, to_python

__all__ = ["ArticleInfo", "ClaimGroup", "Corpus", "Rewrite", "load_corpus"]


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """A claim expressed by several statements, and how many independent origins it has."""

    iri: str
    text: str
    origins: int  # distinct (speaker, channel kind, channel with) of the members' roots
    statements: int
    articles: int
    origin_labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rewrite:
    """``derived`` is a rewrite or syndicated copy of ``source`` (document ids)."""

    derived: str
    source: str
    derived_title: str | None = None
    source_title: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    id: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    statements: int = 0


@dataclass(slots=True)
class Corpus:
    """Chains plus claim groups (by statement IRI), rewrites and articles (by id)."""

    chains: list[Chain]
    claims: dict[str, ClaimGroup] = field(default_factory=dict)
    rewrites: list[Rewrite] = field(default_factory=list)
    articles: dict[str, ArticleInfo] = field(default_factory=dict)

    def claim_of(self, chain: Chain) -> ClaimGroup | None:
        """The claim group of a chain's statement, or None when it expresses none."""
        return self.claims.get(chain.statement_iri)

    def origins_of(self, chain: Chain) -> int:
        """Independent origins of the chain's claim; a statement alone has one."""
        claim = self.claims.get(chain.statement_iri)
        return claim.origins if claim else 1


def _str(row: Mapping[str, Any], key: str) -> str | None:
    value = to_python(row.get(key))
    return None if value is None else str(value)


def _int(row: Mapping[str, Any], key: str) -> int:
    value = to_python(row.get(key))
    return int(value) if value is not None else 0


def claims_from_rows(rows: Sequence[Mapping[str, Any]]) -> dict[str, ClaimGroup]:
    """Statement IRI → its claim group (the first claim when it expresses several)."""
    groups: dict[str, ClaimGroup] = {}
    for row in rows:
        statement = _str(row, "statement") or ""
        if statement in groups:
            continue
        labels = origin_descriptions(_str(row, "originParts"))
        groups[statement] = ClaimGroup(
            iri=_str(row, "claim") or "",
            text=_str(row, "claimText") or "",
            origins=_int(row, "origins"),
            statements=_int(row, "members"),
            articles=_int(row, "articles"),
            origin_labels=labels,
        )
    return groups


def load_corpus(store: Store, article: str | None = None) -> Corpus:
    """Read chains, claim groups, rewrites and articles from a store.

    Parameters
    ----------
    store : Store
        A store holding provgraph graphs.
    article : str, optional
        Only this article's chains (claims, rewrites and articles stay corpus-wide, so
        origin counts are the corpus's).

    Returns
    -------
    Corpus
    """
    chains = citation_chains(store, article)
    claims = claims_from_rows(cast(list[Row], run_query(store, "claims")))
    rewrites = [
        Rewrite(
            derived=_str(r, "derived") or "",
            source=_str(r, "source") or "",
            derived_title=_str(r, "derivedTitle"),
            source_title=_str(r, "sourceTitle"),
        )
        for r in cast(list[Row], run_query(store, "rewrites"))
    ]
    articles = {}
    for r in cast(list[Row], run_query(store, "articles")):
        info = ArticleInfo(
            id=_str(r, "article") or "",
            title=_str(r, "title"),
            publisher=_str(r, "publisher"),
            date=_str(r, "date"),
            statements=_int(r, "statements"),
        )
        articles[info.id] = info
    return Corpus(chains=chains, claims=claims, rewrites=rewrites, articles=articles)
