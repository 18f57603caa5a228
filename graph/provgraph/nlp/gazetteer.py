"""Known news outlets and agencies, and the ``X news agency`` rule.

The small English model often tags agencies as PERSON or misses them; the chains depend on
recognising outlets, so outlets are found by a gazetteer (an EntityRuler in the pipeline)
and by the pattern "<Name> news agency". The list is public knowledge, not article data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

__all__ = ["Gazetteer", "load_gazetteer", "ruler_patterns"]


@dataclass(frozen=True, slots=True)
class Gazetteer:
    news_agencies: frozenset[str]
    outlets: frozenset[str]
    demonyms: dict[str, str]
    role_words: tuple[str, ...]

    def outlet_type(self, name: str) -> str | None:
        """"NewsAgency", "Publisher" or None for a name.

        >>> load_gazetteer().outlet_type("Reuters")
        'NewsAgency'
        """
        key = name.strip()
        if key in self.news_agencies:
            return "NewsAgency"
        if key in self.outlets or key.removeprefix("The ") in self.outlets:
            return "Publisher"
        return None


def _data(name: str) -> Any:
    return json.loads((files("provgraph") / "data" / name).read_text("utf-8"))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    gaz = _data("gazetteer.json")
    dem = _data("demonyms.json")
    return Gazetteer(
        news_agencies=frozenset(gaz["news_agencies"]),
        outlets=frozenset(gaz["outlets"]),
        demonyms=dict(dem["demonyms"]),
        role_words=tuple(sorted(dem["role_words"], key=len, reverse=True)),
    )


def ruler_patterns() -> list[dict[str, Any]]:
    """EntityRuler patterns: each known outlet as ORG, matched case-sensitively."""
    gaz = load_gazetteer()
    names = sorted(gaz.news_agencies | gaz.outlets)
    return [{"label": "ORG", "pattern": [{"ORTH": w} for w in n.split()]} for n in names]
