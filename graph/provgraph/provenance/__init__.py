"""provenance: the whole article's reading of who carried each statement.

Runs after sentence attribution and entities (``provgraph.pipeline``). Sentence by
sentence, a chain loses what the article said elsewhere; here it gets it back:

1. outlets and organisations written "it", "the agency", "the report" become the outlet
   or organisation named before them (referents.py);
2. "according to Xinhua" after a said-clause and "the agency quoted him as saying" make
   the outlet a relay; the outlet a speaker talked to is one too (relays.py);
3. a relay or channel named for a speaker carries over to the speaker's later statements;
4. agency copy the page credits (dateline, credit lines) is the outermost relay of every
   statement, after the publisher (credits.py);
5. a statement made by a content-bearing verb ("called it a terrorist attack") is read
   with its verb (statements.py);
6. "X confirmed the news" makes the lead X's statement (confirmations.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from ..ingest.layout import read_layout
from ..model import Attribution, Document, Entity
from ..nlp.gazetteer import load_gazetteer
from .confirmations import announced_lead, confirmed_news
from .credits import Credits, lead_credit, read_credits
from .nested import embedded_reports, embedded_speech, implicit_speakers, nested_speech
from .posts import embedded_posts
from .referents import quoted_cues, resolve_referents
from .relays import add_credits, add_interviewers, carry_over, outlet_relays
from .statements import widen_statements

__all__ = ["Credits", "read_credits", "settle"]


def settle(document: Document, doc: Doc, attributions: list[Attribution],
           entities: list[Entity]) -> tuple[Document, list[Attribution], list[Entity]]:
    """The article-level chains: (document with its publisher, attributions, entities)."""
    credits = read_credits(document.text, document.publisher)
    first = attributions[0].content.start if attributions else None
    agencies = credits.agencies + tuple(a for a in lead_credit(document.text, first)
                                        if a not in credits.agencies)
    names = _Canonical(entities, document.text)
    speakers = {a.speaker for a in attributions if a.speaker}
    attributions = [a for a in attributions if not _is_citing_marker(doc, a, speakers)]
    attrs = [_canonical_names(a, names) for a in attributions]
    attrs = resolve_referents(document.text, attrs, entities, credits.dateline_end)
    attrs = [_canonical_names(a, names) for a in quoted_cues(document.text, attrs)]
    people = [n for e in entities if e.type == "Person" for n in (e.name, *e.aliases)]
    attrs = embedded_posts(document.text, attrs, names, people)
    attrs = nested_speech(doc, embedded_reports(doc, attrs, document.text), names.types, names)
    attrs = embedded_speech(doc, attrs, names, document.text)
    attrs = implicit_speakers(doc, attrs, names.types, names)
    attrs = outlet_relays(doc, attrs, names.types, names, document.text)
    attrs = confirmed_news(document.text, doc, attrs, read_layout(document.text).body_start)
    attrs = announced_lead(document.text, doc, attrs, names.types,
                           read_layout(document.text).body_start)
    attrs = add_interviewers(attrs, names.types)
    attrs = carry_over(attrs, names.types, document.text)
    attrs = add_credits(attrs, agencies)
    attrs = widen_statements(document.text, doc, attrs)
    # an unnamed speaker is its descriptor without the article: "The farmer" → "farmer"
    attrs = [replace(a, speaker=_ARTICLE.sub("", a.speaker)) if a.speaker else a
             for a in attrs]
    if credits.publisher and not document.publisher:
        document = replace(document, publisher=credits.publisher)
    # statements found inside others (embedded reports) have no sentence-level original
    originals = {(a.content.start, a.content.end): a for a in attributions}
    settled = [_article_level(originals.get((a.content.start, a.content.end), replace(
        a, via=(), channel=None)), a, credits.dateline_end) for a in attrs]
    return document, settled, _with_relays(entities, attrs)


def _is_citing_marker(doc: Doc, a: Attribution, speakers: set[str]) -> bool:
    """"Xinhua, citing local officials, said ...": "citing" names a source who speaks in
    the statement it belongs to; it reports no words of its own."""
    if a.cue is None or a.cue.text.lower() not in ("citing", "quoting") or \
            a.content.text not in speakers:
        return False
    span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    return span is not None and not any(t.pos_ in ("VERB", "AUX") for t in span)


def _article_level(sentence: Attribution, article: Attribution, dateline_end: int
                   ) -> Attribution:
    """The sentence's own via and channel stay; what the article adds goes beside them
    (and a source the sentence read into the dateline is the one the article found)."""
    in_dateline = sentence.source is not None and sentence.source.start < dateline_end
    return replace(
        sentence, speaker=article.speaker, anonymous=article.anonymous,
        source=article.source if in_dateline else sentence.source,
        article_via=article.via if article.via != sentence.via else None,
        article_channel=article.channel if article.channel != sentence.channel else None,
        statement=article.statement)


class _Canonical:
    """Written name → the article's canonical name, outlets by their short printed name."""

    def __init__(self, entities: list[Entity], text: str) -> None:
        self.types = {e.name: e.type for e in entities}
        self.forms = {f.casefold(): e.name for e in entities for f in (e.name, *e.aliases)}
        self.text = text

    def __call__(self, written: str) -> str:
        written = re.sub(r"[,\s]+\d{1,3}$", "", written)  # "Jeptoo, 33": the age is no name
        name = self.forms.get(written.casefold(), written)
        gaz = load_gazetteer()
        if name == written and _THE_NAME.match(name) and not gaz.find_outlet(name):
            # "the Brazilian FA" / "The Brazilian FA" at a sentence start: one speaker,
            # named without the article (outlets that carry it, "The Times", keep it)
            name = name.split(" ", 1)[1]
            name = self.forms.get(name.casefold(), name)
        if not gaz.find_outlet(name):
            name = expand_acronym(name, self.text) or name
        if short := gaz.find_outlet(name):
            return short
        # "official Xinhua", "US broadcaster National Public Radio": the name after the
        # descriptor, when the article or the gazetteer knows it
        words = name.split()
        for i in range(1, len(words)):
            if words[i - 1][:1].islower() and words[i][:1].isupper():
                tail = " ".join(words[i:])
                if gaz.find_outlet(tail) or tail.casefold() in self.forms:
                    return gaz.find_outlet(tail) or self.forms[tail.casefold()]
        if name == written and len(name.split()) == 1 and name[:1].isupper():
            # a surname alone that NER did not join: "Okeyo" → "David Okeyo"
            full = [n for n, t in self.types.items() if t == "Person" and len(n.split()) > 1
                    and n.split()[-1] == name]
            if len(full) == 1:
                return full[0]
        return name


def expand_acronym(acronym: str, text: str) -> str | None:
    """The name an acronym stands for where the article spells it out.

    >>> expand_acronym("USGS", "said the U.S. Geological Survey. The USGS said")
    'U.S. Geological Survey'
    >>> expand_acronym("EMSC", "The European-Mediterranean Seismological Centre (EMSC) said")
    'European-Mediterranean Seismological Centre'
    """
    if not (2 <= len(acronym) <= 6 and acronym.isalpha() and acronym.isupper()):
        return None
    word = r"(?:(?:[A-Z]\.){1,3}|[A-Z][\w'\-]*)"
    for m in re.finditer(rf"{word}(?:\s*(?:(?:of|for|and|on|the|de)\s+)?{word})+", text):
        phrase = m.group(0)
        while phrase:  # "The European ... Centre": drop leading words that do not belong
            initials = "".join(w[0] for w in re.split(r"[\s.\-]+", phrase)
                               if w and w[0].isupper())
            if initials == acronym:
                return phrase
            if len(initials) <= len(acronym):
                break
            phrase = phrase.split(" ", 1)[1] if " " in phrase else ""
    return None


_ARTICLE = re.compile(r"^(?:[Tt]he|[Aa]n?) (?=[a-z])")
# "the" before a proper name, every word capitalised but connectives ("the Brazilian
# FA", "the Ministry of Health"), not before a descriptor ("the British racing team")
_THE_NAME = re.compile(r"^[Tt]he (?=[A-Z][\w.'\-]*(?: (?:(?:of|and|for|de) )?[A-Z][\w.'\-]*)*$)")
_POSSESSED = re.compile(r"^(?P<outlet>.+?)['\u2019]s? (?P<rest>(?:[a-z]+ )*(?:sources?|"
                        r"officials?|people|insiders?|analysts?).*)$")


def _canonical_names(a: Attribution, names: _Canonical) -> Attribution:
    via = tuple(names(v) for v in a.via)
    speaker = names(a.speaker) if a.speaker else a.speaker
    owned = _POSSESSED.match(speaker or "")
    if owned and load_gazetteer().find_outlet(owned["outlet"]):
        # "Bloomberg's sources": sources the outlet quoted, the outlet a hand
        via, speaker = (*via, names(owned["outlet"])), owned["rest"]
    channel = a.channel
    if channel is not None and channel.with_:
        channel = replace(channel, with_=names(channel.with_))
    return replace(a, via=via, speaker=speaker, channel=channel)


def _with_relays(entities: list[Entity], attributions: list[Attribution]) -> list[Entity]:
    """Every relay and speaker named in a chain is an entity of the article."""
    gaz = load_gazetteer()
    known = {e.name for e in entities}
    out = list(entities)
    for a in attributions:
        for name in a.via:
            if name not in known:
                known.add(name)
                out.append(Entity(name, gaz.outlet_type(name) or "NewsAgency"))
    return out
