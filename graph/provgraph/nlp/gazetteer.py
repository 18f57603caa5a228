"""Known news outlets and agencies, and the ``X news agency`` rule.

The small English model often tags agencies as PERSON or misses them; the chains depend on
recognising outlets, so outlets are found by a gazetteer (an EntityRuler in the pipeline)
and by the pattern "<Name> news agency". The list is public knowledge, not article data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

__all__ = ["Gazetteer", "load_gazetteer", "ruler_patterns", "title_words"]


@dataclass(frozen=True, slots=True)
class Gazetteer:
    news_agencies: frozenset[str]
    outlets: frozenset[str]
    demonyms: dict[str, str]
    role_words: tuple[str, ...]
    short_names: dict[str, str] = field(default_factory=dict)  # "Associated Press" → "AP"

    def short_name(self, name: str) -> str:
        """The short name a known agency prints ("Agence France-Presse" → "AFP").

        >>> load_gazetteer().short_name("Associated Press"), load_gazetteer().short_name("Lancet")
        ('AP', 'Lancet')
        """
        key = name.strip()
        return self.short_names.get(key) or self.short_names.get(key.removeprefix("The ")) or key

    def find_outlet(self, name: str) -> str | None:
        """The gazetteer's (short) name of an outlet written ``name`` in any case, or None.

        >>> load_gazetteer().find_outlet("bbc"), load_gazetteer().find_outlet("Weather")
        ('BBC', None)
        """
        return _folded_outlets(self).get(name.strip().removeprefix("The ").casefold())

    def outlet_type(self, name: str) -> str | None:
        """"NewsAgency", "Publisher" or None for a name.

        >>> load_gazetteer().outlet_type("Reuters")
        'NewsAgency'
        """
        key = name.strip()
        key = self.short_name(key)
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
        short_names=dict(gaz.get("short_names", {})),
    )


_FOLDED: dict[int, dict[str, str]] = {}


def _folded_outlets(gaz: Gazetteer) -> dict[str, str]:
    """Casefolded name (without a leading "The") → short name, built once per gazetteer."""
    if id(gaz) not in _FOLDED:
        table = {n.removeprefix("The ").casefold(): gaz.short_name(n)
                 for n in gaz.news_agencies | gaz.outlets}
        table.update({k.removeprefix("The ").casefold(): v for k, v in gaz.short_names.items()})
        _FOLDED[id(gaz)] = table
    return _FOLDED[id(gaz)]


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Lower-cased words of titles and roles ("president", "sen." and "sen"), once.

    >>> {"president", "sen", "sen."} <= title_words()
    True
    """
    words = {w.lower() for r in load_gazetteer().role_words for w in r.split()}
    return frozenset(words | {w.rstrip(".") for w in words} | {"lawyer"})


def ruler_patterns() -> list[dict[str, Any]]:
    """EntityRuler patterns: each known outlet as ORG, matched case-sensitively."""
    gaz = load_gazetteer()
    names = sorted(gaz.news_agencies | gaz.outlets)
    return [{"label": "ORG", "pattern": [{"ORTH": w} for w in n.split()]} for n in names]
