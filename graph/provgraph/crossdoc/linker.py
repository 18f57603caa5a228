"""Incremental linking into a store: new articles meet everything stored before them.

``link_store`` is what ``build`` calls once per batch. It updates the persistent
``LinkIndex`` (removing an earlier version of each re-built article first, so a re-built
article replaces its own links), then rewrites the cross-document graph of every article
whose links changed, one named graph per article (``iris.crossdoc_article_graph_iri``):
the new articles, and the stored ones they were linked to or unlinked from. Nothing else
is read or written, so adding one article costs the same at any corpus size.

Each article's link graph holds its own ``pg:derivedFrom`` edges (as the derived side) and
the ``pg:expresses`` edges of its statements; a claim's type and text live only in the
graph of the article holding its smallest member, so no triple is stored twice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from pyoxigraph import Quad

from ..config import Config
from ..model import Extraction
from ..rdf import Expresses, Rewrite, iris, relation_quads
from ..store import Store
from .claims import add_statements, claim_relations, regroup
from .index import INDEX_FILE, LinkIndex
from .rewrites import add_article

__all__ = ["link_index", "link_store", "read_extractions", "relink", "relink_folder",
           "write_links"]


def link_index(index: LinkIndex, extractions: Sequence[Extraction]) -> set[str]:
    """Add ``extractions`` to ``index``, replacing earlier versions; the documents whose
    links may have changed (the new ones included)."""
    touched: set[str] = set()
    batch = sorted(extractions, key=lambda e: e.document.id)
    with index.transaction():
        for ex in batch:
            if index.has_document(ex.document.id):
                touched |= index.remove_document(ex.document.id)
        for ex in batch:
            touched.add(ex.document.id)
            touched |= {d for pair in add_article(index, ex) for d in pair[:2]}
            touched |= add_statements(index, ex)
        touched |= regroup(index)
    return {d for d in touched if index.has_document(d)}


def write_links(store: Store, index: LinkIndex, docs: Iterable[str], config: Config) -> None:
    """Replace the link graph of each of ``docs`` from the index."""
    for doc in sorted(docs):
        relations: list[Rewrite | Expresses] = [
            Rewrite(d, s) for d, s, _ in index.rewrites_of(doc)]
        claims = claim_relations(index, doc)
        relations += [Expresses(k, d, span, text) for k, d, span, text, _ in claims]
        # a claim's type and text are written once, by the article that owns it
        foreign = {iris.claim_iri(config, k) for k, *_, owned in claims if not owned}
        graph = iris.crossdoc_article_graph_iri(config, doc)
        store.replace_graph(graph, [Quad(q.subject, q.predicate, q.object, graph)
                                    for q in relation_quads(relations, config)
                                    if q.subject not in foreign])


def link_store(store: Store, folder: str | Path, extractions: Sequence[Extraction],
               config: Config) -> list[tuple[str, str, float]]:
    """Link ``extractions`` to every article linked into ``folder`` before; update the
    link graphs in ``store``. Returns the rewrite pairs that involve the new articles."""
    folder = Path(folder)
    fresh = not (folder / INDEX_FILE).is_file()
    with LinkIndex.beside(folder) as index:
        if fresh:  # a folder built before the index existed: link what it holds first
            new = {ex.document.id for ex in extractions}
            earlier = [ex for ex in read_extractions(folder) if ex.document.id not in new]
            link_index(index, earlier)
            touched = link_index(index, extractions) | {e.document.id for e in earlier}
        else:
            touched = link_index(index, extractions)
        write_links(store, index, touched, config)
        store.replace_graph(iris.crossdoc_graph_iri(config), [])  # the pre-index single graph
        return index.rewrites_involving(ex.document.id for ex in extractions)


def read_extractions(folder: str | Path) -> list[Extraction]:
    """The extractions a build stored in ``folder/attributions.jsonl`` (none if missing)."""
    path = Path(folder) / "attributions.jsonl"
    if not path.is_file():
        return []
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            out.append(Extraction.from_json(json.loads(line)))
    return out


def relink_folder(store: Store, folder: str | Path, config: Config) -> list[str]:
    """Link every article stored in ``folder`` from scratch (a new index), rewriting all
    link graphs in ``store``; the articles linked."""
    folder = Path(folder)
    tmp = folder / f".{INDEX_FILE}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    extractions = read_extractions(folder)
    index = LinkIndex(tmp)
    try:
        docs = link_index(index, extractions)
        for g in store.graphs():
            if g.value.startswith(f"{config.base_iri}graph/crossdoc"):
                store.remove_graph(g)
        write_links(store, index, docs, config)
    finally:
        index.close()
    tmp.replace(folder / INDEX_FILE)
    return sorted(docs)


def relink(folder: str | Path, config: Config | None = None) -> list[str]:
    """``provgraph link``: re-run linking over everything stored in build folder ``folder``
    (a new index from its attributions.jsonl); the articles linked.

    A folder whose graph lives only in graph.trig gets that file rewritten (beside it,
    then renamed); a folder store or a remote store is updated in place.
    """
    from ..store import load_graph
    from ..store.base import folder_store_spec
    from ..store.chainfacts import ensure_derived

    config = config or Config()
    folder = Path(folder)
    in_file = folder_store_spec(folder) is None
    with load_graph(folder, read_only=False) as store:
        ensure_derived(store)  # a folder of an older provgraph: the facts it lacks
        docs = relink_folder(store, folder, config)
        if in_file:
            target = folder / "graph.trig"
            tmp = folder / f".graph.trig.{os.getpid()}.tmp"
            store.dump(tmp, "trig")
            tmp.replace(target)
    return docs
