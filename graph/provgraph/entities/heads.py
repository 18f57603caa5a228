"""Head nouns that say what kind of thing a descriptor is: an outlet ("the agency"), a
report ("the report"), an organisation ("the carmaker"), or a person ("the petitioner").

General English, not tuned to any article; ``provgraph.provenance`` uses the same words to
resolve outlet and organisation descriptors across the article.
"""

from __future__ import annotations

from spacy.tokens import Token

__all__ = ["ORG_HEADS", "OUTLET_HEADS", "REPORT_HEADS", "SPOKESPEOPLE", "is_human_noun",
           "is_human_word"]

OUTLET_HEADS = frozenset({
    "agency", "newspaper", "broadcaster", "website", "daily", "paper", "outlet", "channel",
    "network", "station", "radio", "television", "magazine", "tabloid", "publication",
    "wire", "broadsheet", "weekly", "portal", "site", "media"})
REPORT_HEADS = frozenset({"report", "study", "survey", "poll", "article", "dispatch", "bulletin",
                          "story", "document", "analysis", "statement", "announcement",
                          "release", "notice", "communique", "filing",
                          # what an institution publishes speaks for it too: "a USGS map
                          # showed", "Labor Department data showed"
                          "map", "chart", "data", "datum", "estimate", "forecast", "tally"})
ORG_HEADS = frozenset({
    "company", "carmaker", "automaker", "firm", "group", "regulator", "ministry", "bank",
    "club", "team", "court", "department", "government", "army", "council", "committee",
    "commission", "organisation", "organization", "union", "party", "airline", "insurer",
    "lender", "retailer", "manufacturer", "operator", "giant", "maker", "utility",
    "exchange", "university", "institute", "hospital", "office", "authority", "body",
    "board", "federation", "league", "association", "embassy", "administration",
    "centre", "center", "service", "agency", "police", "brand", "chain", "producer",
    "developer", "startup", "conglomerate", "fund", "watchdog", "side", "outfit"})
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson", "source", "sources",
                          "aide", "representative"})
_HUMAN = frozenset({"head", "chief", "boss", "star", "captain", "coach", "spokesman",
                    "spokeswoman", "man", "woman", "girl", "boy", "father", "mother", "son",
                    "daughter", "wife", "husband", "chairman", "chairwoman", "midfielder",
                    "striker", "goalkeeper", "veteran", "rookie", "champion", "athlete",
                    "pilot", "nurse", "doctor", "judge", "justice", "mp", "senator"})
_HUMAN_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ee", "eur")
_NOT_HUMAN = OUTLET_HEADS | REPORT_HEADS | ORG_HEADS | {
    "number", "order", "letter", "water", "paper", "power", "error", "sector", "factor",
    "cancer", "border", "quarter", "center", "corner", "matter", "member", "winter",
    "summer", "monitor", "incident", "event", "moment", "comment", "statement", "element",
    "amendment", "agreement", "government", "department", "parliament", "tournament",
    "investment", "payment", "development", "environment", "percent", "content", "extent"}


def is_human_word(word: str) -> bool:
    """A word that names a person ("racer", "head"), by the same rule as is_human_noun."""
    word = word.lower()
    if word in _HUMAN:
        return True
    return word not in _NOT_HUMAN and (word.endswith(_HUMAN_SUFFIXES) or word.endswith("-old"))


def is_human_noun(t: Token) -> bool:
    """A common noun for a person ("petitioner", "racer", "president", "36-year-old").

    >>> import spacy; nlp = spacy.blank("en")
    >>> is_human_noun(nlp("racer")[0]), is_human_noun(nlp("order")[0])
    (True, False)
    """
    if t.ent_type_ in ("ORG", "GPE", "LOC", "DATE") and t.lower_ not in _HUMAN:
        return False
    return is_human_word(t.lower_)
