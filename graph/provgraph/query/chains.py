"""Citation chains as typed records: what the CLI's ``chains`` command and the viewer use.

One :class:`~provgraph.model.Chain` per statement printed in an article (hop 0), built
from the rows of ``article-chains.rq`` (one row per hop), so the SPARQL stays in the
``.rq`` file and every backend gives the same chains.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import cast

from ..model import Chain, ChainLink, Channel, Span
from ..store.base import Row, Store, to_python
from .loader import run_query

__all__ = ["article_ids", "chains_from_rows", "citation_chains", "iter_chains"]


def _text(row: Row, key: str) -> str | None:
    value = to_python(row.get(key))
    return None if value is None else str(value)


def _hop_link(row: Row) -> ChainLink | None:
    name = _text(row, "agentName")
    if name is not None:
        return ChainLink(name, _text(row, "agentType") or "Agent")
    source = _text(row, "sourceText")
    if source is not None and _text(row, "relation") is None:
        # an unresolved speaker: keep the source as written so the chain does not just stop
        return ChainLink(source, "Group" if to_python(row.get("anonymous")) else "Unknown")
    return None


def _chain(rows: list[Row]) -> Chain:
    first = rows[0]
    by_hop: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_hop[cast(int, to_python(row["hop"]))].append(row)
    links: list[ChainLink] = []
    channel: Channel | None = None
    for hop in sorted(by_hop):
        for row in by_hop[hop]:
            link = _hop_link(row)
            if link is not None and link not in links[-1:]:
                links.append(link)
            kind = _text(row, "channelKind")
            if kind is not None and channel is None:
                channel = Channel(kind, _text(row, "channelWith"))
    begin, end = to_python(first.get("begin")), to_python(first.get("end"))
    text = _text(first, "text") or ""
    evidence = Span(begin, end, text) if isinstance(begin, int) and isinstance(end, int) else None
    return Chain(
        article=_text(first, "article") or "",
        article_title=_text(first, "title"),
        statement=text,
        statement_iri=_text(first, "statement") or "",
        links=tuple(links),
        channel=channel,
        cue=_text(first, "cue"),
        kind=_text(first, "kind"),
        evidence=evidence,
        origin_iri=_text(first, "origin"),
    )


def chains_from_rows(rows: list[Row]) -> list[Chain]:
    """Group ``article-chains`` rows by statement into chains, sorted by article and start."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[_text(row, "statement") or ""].append(row)
    chains = [_chain(group) for group in grouped.values()]
    chains.sort(key=lambda c: (c.article, c.evidence.start if c.evidence else -1, c.statement_iri))
    return chains


def citation_chains(store: Store, article: str | None = None) -> list[Chain]:
    """The citation chains of one article (by document id) or of every article.

    Parameters
    ----------
    store : Store
        A store holding provgraph graphs.
    article : str, optional
        A document id (``schema:identifier``); all articles when None.

    Returns
    -------
    list of Chain
        One per hop-0 statement; ``links`` run from the publisher (when known) through each
        reporter to the speaker. Sorted by article, then evidence start.
    """
    rows = run_query(store, "article-chains", article=article)
    return chains_from_rows(cast(list[Row], rows))


_ARTICLE_IDS = """
PREFIX pg: <https://w3id.org/provgraph/ns#>
PREFIX schema: <https://schema.org/>
SELECT ?article WHERE { ?node a pg:Article ; schema:identifier ?article } ORDER BY ?article
"""


def article_ids(store: Store) -> list[str]:
    """The document ids of every article in ``store``, sorted."""
    rows = cast(list[Row], store.query(_ARTICLE_IDS))
    return [str(to_python(r["article"])) for r in rows]


def iter_chains(store: Store) -> Iterator[Chain]:
    """Every citation chain, streamed one article at a time (in ``citation_chains``
    order): memory holds one article's chains, and each article costs one indexed query."""
    for article in article_ids(store):
        yield from citation_chains(store, article)
