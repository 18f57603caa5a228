"""Named mentions of people, organisations, outlets and places, and their canonical names.

The small English model often labels a person it has not seen as ORG ("Alexey Smith
said"); a speaker whose name has no organisation word is taken for a person. The same
person written "Vladimir Putin", "Putin" and "Russian President Vladimir Putin" is one
entity whose name is the fullest form without titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..nlp.gazetteer import load_gazetteer

__all__ = ["ORG_WORDS", "EntityTable", "Mention", "collect_mentions"]

ORG_WORDS = frozenset(
    ["ministry", "department", "group", "party", "inc", "corp", "company", "council", "agency", "committee", "bank", "university", "association", "union", "forces", "army", "government", "office", "court", "house", "senate", "congress", "parliament", "assembly", "commission", "police", "service", "services", "board", "foundation", "institute", "organization", "organisation", "news", "times", "post", "journal", "press", "network", "federation", "league", "club", "coalition", "campaign", "administration", "bureau", "authority", "center", "centre", "fund", "ltd", "llc", "plc", "co", "school", "hospital", "church", "navy", "force", "command", "embassy", "cabinet", "survey", "observatory", "laboratory", "museum", "airport", "railway", "airlines", "cars", "motors", "motor", "bureau"]
)
_PERSON_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "president", "minister",
                  "secretary", "ambassador", "senator", "governor", "mayor", "chancellor",
                  "justice", "judge", "lawyer", "former"}


@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: str  # Person, Organization, NewsAgency, Publisher, Place
    token_i: int  # index of the head token


@dataclass
class EntityTable:
    """Canonical entities of one article, keyed by normalised name."""

    names: dict[str, str] = field(default_factory=dict)  # alias (casefolded) → canonical
    types: dict[str, str] = field(default_factory=dict)  # canonical → type
    aliases: dict[str, set[str]] = field(default_factory=dict)  # canonical → written forms
    roles: dict[str, str] = field(default_factory=dict)
    affiliations: dict[str, str] = field(default_factory=dict)

    def add(self, canonical: str, type_: str, alias: str | None = None) -> str:
        self.types.setdefault(canonical, type_)
        self.aliases.setdefault(canonical, set()).add(canonical)
        if alias:
            self.aliases[canonical].add(alias)
        self.names.setdefault(canonical.casefold(), canonical)
        if alias:
            self.names.setdefault(alias.casefold(), canonical)
        return canonical

    def canonical(self, written: str) -> str | None:
        return self.names.get(written.casefold())


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    """Words of roles and titles a name may open with ("President", "Mr"), once."""
    return frozenset({w.casefold() for r in load_gazetteer().role_words for w in r.split()}
                     | _PERSON_TITLES)


def _strip_titles(span: SpacySpan) -> SpacySpan:
    gaz = load_gazetteer()
    titles = _titles()
    start = span.start
    while start < span.end - 1 and (span.doc[start].lower_.rstrip(".") in titles
                                     or span.doc[start].text in gaz.demonyms
                                     or span.doc[start].pos_ == "DET"):
        start += 1
    end = span.end
    while end > start + 1 and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span.doc[start:end]


def looks_like_person(span: SpacySpan) -> bool:
    words = [t for t in span if not t.is_punct]
    acronyms = [t for t in words if t.text.isupper() and len(t.text) > 1 and "." not in t.text]
    shouted = len(words) > 1 and all(t.text.isupper() for t in words)  # "JOHN SMITH"
    if acronyms and not shouted:
        return False  # an acronym ("FBI", "Brazilian FA") names a body, not a person;
        # initials ("J.K. Rowling") do not count
    return (0 < len(words) <= 4 and all(t.pos_ == "PROPN" or t.is_title for t in words)
            and not any(t.lower_ in ORG_WORDS for t in words)
            and load_gazetteer().outlet_type(span.text) is None)


def _type_of(ent: SpacySpan) -> str | None:
    gaz = load_gazetteer()
    outlet = gaz.outlet_type(ent.text)
    if outlet:
        return outlet
    if ent.label_ == "PERSON":
        # "COVID-19", "F1": digits do not make a person's name; "Geological Survey" is a body
        if any(ch.isdigit() for ch in ent.text):
            return None
        return "Organization" if any(t.lower_ in ORG_WORDS for t in ent) else "Person"
    if ent.label_ in ("ORG", "NORP") and ent.label_ == "ORG":
        words = {t.lower_ for t in ent}
        if "news" in words and "agency" in words:
            return "NewsAgency"
        return "Organization"
    if ent.label_ in ("GPE", "LOC", "FAC"):
        return "Place"
    return None


_ROLE_NOUNS = {"analyst", "ceo", "chief", "president", "spokesman", "spokeswoman",
               "spokesperson", "director", "chairman", "founder", "economist", "executive",
               "manager", "coach", "minister", "secretary", "governor", "head", "official"}


def _person_after_role(ent: SpacySpan) -> SpacySpan | None:
    """The person named after a role word inside an ORG-labelled span."""
    for i in range(len(ent) - 2, -1, -1):
        if ent[i].lower_ in _ROLE_NOUNS:
            rest = ent[i + 1 :]
            if 1 < len(rest) <= 4 and all(t.pos_ == "PROPN" and t.is_title for t in rest):
                return rest
            return None
    return None


def collect_mentions(doc: Doc, speaker_heads: set[int]) -> list[Mention]:
    """Named mentions in text order; an ORG that is a speaker and reads as a name is a Person."""
    out = []
    for ent in doc.ents:
        type_ = _type_of(ent)
        if type_ is None:
            continue
        person = _person_after_role(ent) if type_ == "Organization" else None
        if person is not None:  # "Susquehanna analyst Brian Nowak", "Acme CEO Jo Li"
            out.append(Mention(person.start_char, person.end_char, person.text, "Person",
                               person.root.i))
            continue
        if type_ == "Organization" and looks_like_person(_strip_titles(ent)) and (
                ent.root.i in speaker_heads or any(c.dep_ == "appos" for c in ent.root.children)):
            type_ = "Person"
        span = _strip_titles(ent) if type_ == "Person" else ent
        while len(span) > 1 and span[0].pos_ == "DET":  # "the Ministry of Health"
            span = span[1:]
        # NER spans may end in a possessive or a paragraph break: "Labor Department's",
        # a one-word headline followed by its blank line
        while len(span) > 1 and (span[-1].tag_ == "POS" or span[-1].is_space):
            span = span[:-1]
        if type_ in ("NewsAgency", "Publisher"):
            words = [t for t in span if t.lower_ not in ("news", "agency", "the")]
            if words:
                span = doc[words[0].i : words[-1].i + 1]
        out.append(Mention(span.start_char, span.end_char, span.text, type_, span.root.i))
    return out


def build_table(mentions: list[Mention]) -> EntityTable:
    """Group mentions: a person's surname alone joins the fullest name ending in it."""
    table = EntityTable()
    # one word tagged a person here and an organisation there ("McLaren") is the organisation
    orgs = {m.text for m in mentions if m.type == "Organization"}
    mentions = [Mention(m.start, m.end, m.text, "Organization", m.token_i)
                if m.type == "Person" and m.text in orgs and " " not in m.text else m
                for m in mentions]
    first: dict[str, int] = {}  # each person's name → where the article first writes it
    for m in mentions:
        if m.type == "Person":
            first[m.text] = min(m.start, first.get(m.text, m.start))
    # The order decides ties: a surname alone ("Ruiz") joins the first name here that ends
    # in it, and the first name added keeps the surname in ``table.names``. The fullest
    # form comes first (the canonical name is the fullest form), then among forms as full
    # the one the article introduced first (news names its main speaker in full before it
    # shortens the name), then the alphabet for one at the same offset. Never the order of
    # a set, which changes with PYTHONHASHSEED.
    persons = sorted(first, key=lambda n: (-len(n.split()), first[n], n))
    for name in persons:
        last = name.split()[-1].casefold()
        full = next((p for p in persons if p.split()[-1].casefold() == last
                     and len(p.split()) > len(name.split())), None)
        canonical = table.add(full or name, "Person", name)
        surname = name.split()[-1]
        # "Lukashenko" finds "Alexander Lukashenko"; a surname another full name already
        # holds ("Ruiz" for "Ana Ruiz", not also "Maria Ruiz") is no alias of this one, so
        # the entity's aliases agree with what the surname resolves to
        if len(name.split()) > 1 and table.names.get(surname.casefold(), canonical) == canonical:
            table.add(canonical, "Person", surname)
    others = [m for m in mentions if m.type != "Person"]
    for m in others:
        existing = table.canonical(m.text) or _expansion(m.text, others)
        table.add(existing or m.text, table.types.get(existing or "", m.type), m.text)
    return table


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s.\-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words)


def _expansion(acronym: str, mentions: list[Mention]) -> str | None:
    """The long name an acronym stands for in the same article ("USGS" → "U.S. Geological
    Survey", "EMSC" → "European Mediterranean Seismological Centre").

    >>> _expansion("USGS", [Mention(0, 21, "U.S. Geological Survey", "Organization", 0)])
    'U.S. Geological Survey'
    """
    if not (2 <= len(acronym) <= 6 and acronym.isupper() and acronym.isalpha()):
        return None
    return next((m.text for m in mentions if m.text != acronym and len(m.text.split()) > 1
                 and _initials(m.text) == acronym), None)
