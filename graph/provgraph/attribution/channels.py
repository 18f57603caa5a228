"""How a statement was made: "in an interview with TASS", "at a press conference", ..."""

from __future__ import annotations

from spacy.tokens import Token

from ..model import Channel
from ..nlp.gazetteer import load_gazetteer
from .lexicon import Lexicon
from .names import outlet_name, proper_name

__all__ = ["channel_of", "channel_of_noun"]

_CHANNEL_PREPS = {"in", "during", "at", "on", "via", "through", "over", "with"}


def channel_of_noun(n: Token, lex: Lexicon) -> Channel | None:
    """A Channel when ``n`` heads a channel phrase ("interview with TASS news agency")."""
    compounds = [c.lemma_.lower() for c in n.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    key = " ".join(compounds + [n.lemma_.lower()])
    kind = lex.channels.get(key) or lex.channels.get(n.lemma_.lower())
    if kind is None:
        return None
    with_: str | None = None
    # "interview with X", "in X", "for X"; "an interview published on X's website"
    holders = [n] + [c for c in n.children if c.dep_ in ("acl", "relcl")]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "to", "on", "by", "in", "for"):
                pobj = [p for p in prep.children if p.dep_ == "pobj"
                        and p.ent_type_ not in ("DATE", "TIME")]
                if pobj and (holder is n or _names_outlet(pobj[0])):
                    with_ = _outlet_of(pobj[0])
                    break
        if with_ is not None:
            break
    if with_ is None:
        with_ = proper_name(n)  # "a TASS interview", "a CNN interview"
    return Channel(kind, with_)


_OUTLET_NOUNS = frozenset({
    "newspaper", "paper", "daily", "weekly", "website", "site", "broadcaster", "radio",
    "television", "channel", "station", "magazine", "tabloid", "freesheet", "chain",
    "network", "outlet", "agency", "programme", "program", "show", "podcast", "portal",
    "blog", "broadsheet"})


def _names_outlet(obj: Token) -> bool:
    """An outlet is meant: an organisation's name or an outlet noun ("the club website")."""
    return obj.ent_type_ == "ORG" or obj.lemma_.lower() in _OUTLET_NOUNS or (
        obj.pos_ == "PROPN" and obj.ent_type_ not in ("PERSON", "GPE", "NORP", "LOC"))


def _is_known_outlet(t: Token) -> bool:
    return t.ent_type_ == "ORG" or bool(load_gazetteer().find_outlet(t.text))


def _on_outlet(pobj: Token) -> bool:
    """"on CNN", "on NBC's Today" (a show of a known outlet), not "on Monday"."""
    if any(c.dep_ == "poss" and _is_known_outlet(c) for c in pobj.children):
        return True
    return pobj.ent_type_ not in ("DATE", "TIME") and pobj.pos_ == "PROPN" and \
        _is_known_outlet(pobj)


def _outlet_of(obj: Token) -> str:
    """The outlet's name in a phrase: "the RND German newspaper chain" → "RND", "TSF
    radio's website" → "TSF", "the club website" → "club website"."""
    for t in obj.subtree:
        if t.i > obj.i:
            break
        if t.ent_type_ == "ORG" and t.ent_iob_ == "B":
            ent = next(e for e in obj.doc.ents if e.start == t.i)
            return outlet_name(ent.root) if ent.root.i == obj.i else ent.text.removeprefix(
                "the ").removesuffix("'s").removesuffix("\u2019s")
    return outlet_name(obj)


def _told_outlet(cue: Token) -> str | None:
    """"told Reuters", "told the club website" → the outlet a speaker talked to."""
    if cue.lemma_.lower() != "tell":
        return None
    for obj in cue.children:
        if obj.dep_ in ("dobj", "dative") and _names_outlet(obj):
            return _outlet_of(obj)
    return None


def _shared_addressee(cue: Token, lex: Lexicon) -> str | None:
    """"didn't disclose the size of the cut to The Associated Press but said ...": a cue
    conjoined to a speech verb shares the known outlet that verb addressed with "to"."""
    head = cue.head
    if cue.dep_ != "conj" or head.i >= cue.i or head.lemma_.lower() not in lex.verbs:
        return None
    for w in head.doc[head.i : cue.i]:
        if w.lower_ == "to" and w.dep_ in ("prep", "dative"):
            pobj = next((p for p in w.children if p.dep_ == "pobj"), None)
            if pobj is not None and load_gazetteer().find_outlet(_outlet_of(pobj)):
                return _outlet_of(pobj)
    return None


def channel_of(cue: Token, lex: Lexicon) -> Channel | None:
    """The channel named next to cue verb ``cue``, if any.

    Looks at its prepositional phrases ("said in a statement", "expressed during a
    discussion with local media"), at "told reporters" and "told Reuters".
    """
    found = _channel_of(cue, lex)
    told = _told_outlet(cue) or _shared_addressee(cue, lex)
    if told and (found is None or found.with_ is None):
        return Channel(found.kind if found else "interview", told)
    return found


def _channel_of(cue: Token, lex: Lexicon) -> Channel | None:
    # "denied rumours on NBC's Today": the show can hang off the object too
    for obj in (c for c in cue.children if c.dep_ == "dobj"):
        for prep in obj.children:
            pobj = [p for p in prep.children if p.dep_ == "pobj"]
            if prep.lower_ == "on" and pobj and _on_outlet(pobj[0]):
                start = pobj[0].left_edge.i
                return Channel("interview", pobj[0].doc[start : pobj[0].i + 1].text
                               .removeprefix("the "))
    for prep in cue.children:
        if prep.dep_ == "prep" and prep.lower_ in _CHANNEL_PREPS and \
                prep.lower_ not in lex.particles.get(cue.lemma_.lower(), ()):
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    ch = channel_of_noun(pobj, lex)
                    if ch is not None:
                        return ch
                    if prep.lower_ == "on" and pobj.text in lex.platforms:  # "wrote on X"
                        return Channel("social post", pobj.text)
                    if prep.lower_ == "on" and _on_outlet(pobj):
                        # "said on CNN", "denied rumours on NBC's Today"
                        start = pobj.left_edge.i
                        show = pobj.doc[start : pobj.i + 1].text.removeprefix("the ")
                        return Channel("interview", show)
    for prep in cue.children:  # "confirmed to Reuters", "did not disclose it to the AP"
        if prep.dep_ in ("prep", "dative") and prep.lower_ == "to":
            pobj = next((p for p in prep.children if p.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME") and (
                    _is_known_outlet(pobj) and load_gazetteer().find_outlet(
                        outlet_name(pobj)) is not None):
                return Channel("interview", outlet_name(pobj))
    if cue.lemma_.lower() == "tell":
        for obj in cue.children:
            if obj.dep_ in ("dobj", "dative") and obj.text.lower() in lex.audiences | {
                    a.split()[-1] for a in lex.audiences}:
                return Channel("remarks", obj.text)
    return None
