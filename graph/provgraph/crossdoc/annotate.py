"""Chains with their cross-document links: the claim each statement expresses and the
articles its article was derived from or copied into.

``provgraph chains --format json`` streams chains article by article; each article's
links are read with one indexed query (``article-links.rq``), so annotating costs one
article's links, never a scan of the corpus. The chain keys of the JSON contract stay as
they are; ``claim`` and ``derived_from``/``copied_by`` are added beside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..config import Config
from ..model import Chain
from ..rdf import iris
from ..store import Store

__all__ = ["ArticleLinks", "article_links", "chains_with_links"]


@dataclass(slots=True)
class ArticleLinks:
    """What links one article to the rest of the corpus."""

    claims: dict[str, dict[str, str | None]] = field(default_factory=dict)  # statement →
    derived_from: list[str] = field(default_factory=list)  # article ids, sorted
    copied_by: list[str] = field(default_factory=list)

    def annotate(self, chain: Chain) -> dict[str, Any]:
        out = chain.to_json()
        out["claim"] = self.claims.get(chain.statement_iri)
        out["derived_from"] = self.derived_from
        out["copied_by"] = self.copied_by
        return out


def _id(term: Any, iri: Any) -> str | None:
    if term is not None:
        return str(term.value)
    return str(iri.value).rsplit("/", 1)[-1] if iri is not None else None


def article_links(store: Store, article: str, config: Config | None = None) -> ArticleLinks:
    """The claims and rewrites of article ``article`` (its document id)."""
    from ..query import run_query

    config = config or Config()
    rows = run_query(store, "article-links", article=iris.article_iri(config, article))
    links = ArticleLinks()
    sources: set[str] = set()
    copies: set[str] = set()
    for row in rows if isinstance(rows, list) else []:
        if row.get("claim") is not None and row.get("statement") is not None:
            text = row.get("claimText")
            links.claims[str(row["statement"].value)] = {  # type: ignore[union-attr]
                "iri": str(row["claim"].value),  # type: ignore[union-attr]
                "text": str(text.value) if text is not None else None}
        if (source := _id(row.get("sourceId"), row.get("source"))) is not None:
            sources.add(source)
        if (copy := _id(row.get("copyId"), row.get("copy"))) is not None:
            copies.add(copy)
    links.derived_from, links.copied_by = sorted(sources), sorted(copies)
    return links


def chains_with_links(store: Store, chains: Iterable[Chain],
                      config: Config | None = None) -> Iterator[dict[str, Any]]:
    """Each chain's JSON with its claim and its article's rewrites, read once per article."""
    current: str | None = None
    links = ArticleLinks()
    for chain in chains:
        if chain.article != current:
            current, links = chain.article, article_links(store, chain.article, config)
        yield links.annotate(chain)
