"""crossdoc: what links articles — rewrites (pg:derivedFrom) and shared claims
(pg:expresses), kept in a persistent index beside the store so that each build links its
new articles to every article stored before (``link_store``). People and outlets need no
step here: their IRIs hash the normalised name, so the same name is one node in every
article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Extraction, Span
from .claims import group_claims
from .index import INDEX_FILE, LinkIndex
from .linker import link_store, relink, relink_folder
from .origins import Origins, count_origins
from .rewrites import find_rewrites

__all__ = ["INDEX_FILE", "CrossLinks", "LinkIndex", "Origins", "count_origins", "find_rewrites",
           "group_claims", "link", "link_store", "relink", "relink_folder"]


@dataclass(frozen=True, slots=True)
class CrossLinks:
    rewrites: tuple[tuple[str, str, float], ...]  # (derived id, source id, similarity)
    claims: tuple[tuple[str, str, Span, str], ...]  # (claim key, doc id, content, claim text)


def link(extractions: Sequence[Extraction]) -> CrossLinks:
    """Every cross-document relation among ``extractions`` (in memory, nothing stored)."""
    return CrossLinks(tuple(find_rewrites(extractions)), tuple(group_claims(extractions)))
