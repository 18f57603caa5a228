"""Known news agencies and outlets, and the ``X news agency`` rule.

The small English model often tags agencies as PERSON or misses them; the chains depend on
recognising outlets, so outlets are found by a gazetteer (an EntityRuler in the pipeline)
and by the pattern "<Name> news agency". The list is public knowledge, not article data.

Each outlet is one :class:`Outlet` record (data/gazetteer.json): a canonical name, every
printed variant ("Agence France-Presse", "Agence France Presse", "AFP", "AFP news agency"),
country, type, the organisation it is part of, and a Wikidata QID only where one was
checked against a named source. The graph mints one node per record, so variants of one
outlet in different articles meet (rdf/iris.py, rdf/mapping.py). A few names ("ABC",
"CNA") are outlets but stand for more than one record; they are recognised, never merged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib.resources import files
from typing import Any, Literal

__all__ = ["Gazetteer", "Outlet", "load_gazetteer", "ruler_patterns", "title_words"]

#: record types whose outlets are agencies (pg:NewsAgency); every other outlet is a publisher
AGENCY_TYPES = frozenset({"news agency", "wire service"})
#: record types that are organisations owning outlets, not outlets: never matched in text
GROUP_TYPES = frozenset({"media group"})


@dataclass(frozen=True, slots=True)
class Outlet:
    """One outlet (or the media organisation outlets belong to), as the gazetteer knows it.

    >>> afp = load_gazetteer().entry("AFP news agency")
    >>> afp.name, afp.display_name, afp.country, afp.type, afp.qid
    ('Agence France-Presse', 'AFP', 'FR', 'news agency', 'Q40464')
    """

    name: str                       # canonical name; the graph node's IRI is minted from it
    aliases: tuple[str, ...] = ()   # every other printed variant
    short: str | None = None        # the short name its credits print ("AFP"), if any
    country: str = ""               # ISO 3166-1 alpha-2, "" when unknown
    type: str = "newspaper"         # news agency, wire service, newspaper, broadcaster, ...
    part_of: str | None = None      # canonical name of the organisation it belongs to
    qid: str = ""                   # Wikidata QID, only where checked against qid_source
    qid_source: str = ""            # where the QID was checked (repository and file)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def display_name(self) -> str:
        """The name to show: the short name credits print, else the canonical name."""
        return self.short or self.name

    @property
    def kind(self) -> Literal["NewsAgency", "Publisher", "Organization"]:
        """The provgraph entity type of the record."""
        if self.type in AGENCY_TYPES:
            return "NewsAgency"
        return "Organization" if self.type in GROUP_TYPES else "Publisher"

    @property
    def is_outlet(self) -> bool:
        """False for media organisations (owners), which are never matched in text."""
        return self.type not in GROUP_TYPES


def _casefold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _fold(name: str) -> str:
    """The look-up key of a name: trimmed, without a leading "The", casefolded."""
    return " ".join(name.split()).casefold().removeprefix("the ")


@dataclass(frozen=True)
class Gazetteer:
    news_agencies: frozenset[str]
    outlets: frozenset[str]
    demonyms: dict[str, str]
    role_words: tuple[str, ...]
    short_names: dict[str, str] = field(default_factory=dict)  # "Associated Press" → "AP"
    entries: tuple[Outlet, ...] = ()
    ambiguous: dict[str, str] = field(default_factory=dict)    # "ABC" → "broadcaster"

    @cached_property
    def _by_name(self) -> dict[str, Outlet]:
        return {_casefold(n): e for e in self.entries for n in e.names}

    @cached_property
    def _ambiguous_keys(self) -> frozenset[str]:
        return frozenset(_fold(n) for n in self.ambiguous)

    @cached_property
    def _by_canonical(self) -> dict[str, Outlet]:
        return {e.name: e for e in self.entries}

    @cached_property
    def _folded_outlets(self) -> dict[str, str]:
        """Casefolded name of any outlet (without a leading "The") → the name to print."""
        table: dict[str, str] = {}
        for e in self.entries:
            if e.is_outlet:
                # "New York Times" before "The New York Times": the form the text printed
                # without its article is what relays and credits have always been named
                for n in sorted(e.names, key=lambda n: n.startswith("The ")):
                    table.setdefault(_fold(n), e.short or n)
        table.update({_fold(n): n for n in self.ambiguous})
        return table

    def entry(self, name: str) -> Outlet | None:
        """The record of an outlet written ``name`` in any known variant and case, or None.

        Ambiguous names ("ABC", "CNA") have no record.

        >>> load_gazetteer().entry("Independent") is None
        True
        >>> load_gazetteer().entry("the independent").name
        'The Independent'

        >>> load_gazetteer().entry("Agence France Presse").name
        'Agence France-Presse'
        >>> load_gazetteer().entry("CNA") is None
        True
        """
        key = _casefold(name)
        if _fold(name) in self._ambiguous_keys:
            return None
        # "The Reuters" may drop its article, but "Independent" is not "The Independent":
        # an organisation named like an outlet's last word must not become that outlet
        return self._by_name.get(key) or self._by_name.get(key.removeprefix("the "))

    def canonical(self, name: str) -> str | None:
        """The canonical name of a known outlet written ``name``, or None.

        >>> load_gazetteer().canonical("Xinhua")
        'Xinhua News Agency'
        """
        record = self.entry(name)
        return record.name if record else None

    def parent(self, record: Outlet) -> Outlet | None:
        """The record of the organisation ``record`` is part of, or None.

        >>> g = load_gazetteer()
        >>> g.parent(g.entry("BBC World Service")).name
        'BBC'
        """
        return self._by_canonical.get(record.part_of) if record.part_of else None

    def speaking_for(self, record: Outlet) -> Outlet:
        """The organisation whose words a unit's words are: its parent, up to two levels,
        never a media group (the outlets a group owns are independent of each other).
        ``independent-origins.rq`` folds ``schema:parentOrganization`` the same way.

        >>> g = load_gazetteer()
        >>> g.speaking_for(g.entry("NBC News")).name, g.speaking_for(g.entry("Sputnik")).name
        ('NBC', 'Sputnik')
        """
        for _ in range(2):
            parent = self.parent(record)
            if parent is None or parent.type in GROUP_TYPES:
                break
            record = parent
        return record

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
        return self._folded_outlets.get(_fold(name))

    def outlet_type(self, name: str) -> str | None:
        """"NewsAgency", "Publisher" or None for a name (case-sensitive, as printed).

        >>> load_gazetteer().outlet_type("Reuters")
        'NewsAgency'
        """
        key = self.short_name(name.strip())
        if key in self.news_agencies:
            return "NewsAgency"
        if key in self.outlets or key.removeprefix("The ") in self.outlets:
            return "Publisher"
        return None


def _data(name: str) -> Any:
    return json.loads((files("provgraph") / "data" / name).read_text("utf-8"))


def _outlet(raw: dict[str, Any]) -> Outlet:
    return Outlet(
        name=raw["name"],
        aliases=tuple(raw.get("aliases", ())),
        short=raw.get("short") or None,
        country=raw.get("country", ""),
        type=raw.get("type", "newspaper"),
        part_of=raw.get("part_of") or None,
        qid=raw.get("qid", ""),
        qid_source=raw.get("qid_source", ""),
    )


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    gaz = _data("gazetteer.json")
    dem = _data("demonyms.json")
    entries = tuple(_outlet(raw) for raw in gaz["entries"])
    ambiguous = {a["name"]: a["type"] for a in gaz.get("ambiguous", ())}
    agencies = {n for e in entries if e.kind == "NewsAgency" for n in e.names}
    agencies |= {n for n, t in ambiguous.items() if t in AGENCY_TYPES}
    outlets = {n for e in entries if e.kind == "Publisher" for n in e.names}
    outlets |= {n for n, t in ambiguous.items() if t not in AGENCY_TYPES}
    return Gazetteer(
        news_agencies=frozenset(agencies),
        outlets=frozenset(outlets),
        demonyms=dict(dem["demonyms"]),
        role_words=tuple(sorted(dem["role_words"], key=len, reverse=True)),
        short_names={n: e.short for e in entries if e.short for n in e.names if n != e.short},
        entries=entries,
        ambiguous=ambiguous,
    )


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
