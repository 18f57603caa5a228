"""Reporters between the article and the speaker: "as reported by X citing Y".

A reporter clause names who carried a statement, not who made it: "…, as reported by
Xinhua news agency referencing the TASS interview" gives via = (Xinhua, TASS) and the
channel "interview with TASS" to the statement it is attached to, and its words are not
part of that statement's content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Channel
from .candidates import is_reporter_clause
from .channels import channel_of_noun
from .lexicon import Lexicon
from .names import outlet_name, proper_name

__all__ = ["Reporting", "citing", "reporter_clauses"]


@dataclass(frozen=True, slots=True)
class Reporting:
    verb: Token
    via: tuple[str, ...]
    channel: Channel | None
    cited: Token | None  # a cited person or group ("citing two officials")
    tokens: frozenset[int]  # the clause's tokens, kept out of any content


def _reporter(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
        if c.dep_ == "agent":
            pobj = [p for p in c.children if p.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    return None


def citing(verb: Token, reporter: Token | None, lex: Lexicon
           ) -> tuple[list[str], Channel | None, Token | None]:
    """What a reporter cites: (outlet names, a channel, a cited person or group)."""
    names: list[str] = []
    channel: Channel | None = None
    cited: Token | None = None
    holders = [verb] + ([reporter] if reporter is not None else [])
    # "reported on Tuesday, citing two sources, that ...": the parser may hang "citing" on
    # the that-clause; it is the reporter's when it stands between the verb and "that"
    opens = {x.i: m.i for x in verb.children if x.dep_ == "ccomp" for m in x.children
             if m.dep_ == "mark" and m.i > verb.i}
    holders += [verb.doc[i] for i in opens]
    for h in holders:
        for c in h.children:
            if c.lemma_.lower() not in lex.citing_verbs or c.dep_ not in (
                    "xcomp", "advcl", "acl", "conj", "dep", "prep", "pcomp"):
                continue
            if h.i in opens and not verb.i < c.i < opens[h.i]:
                continue
            for obj in c.children:
                if obj.dep_ not in ("dobj", "pobj"):
                    continue
                ch = channel_of_noun(obj, lex)
                name = proper_name(obj)
                if ch is not None:
                    channel = ch
                    if ch.with_:
                        names.append(ch.with_)
                elif obj.ent_type_ in ("ORG",) or (name and obj.pos_ == "PROPN"
                                                  and obj.ent_type_ != "PERSON"):
                    names.append(outlet_name(obj))
                else:
                    cited = obj
    return names, channel, cited


def reporter_clauses(sent: SpacySpan, lex: Lexicon,
                     tokens: Iterable[Token] | None = None) -> list[Reporting]:
    """Every reporter clause of the sentence; ``tokens``: the only words of it that may
    head one (those whose lemma is a reporter verb), when known."""
    out = []
    for t in sent if tokens is None else tokens:
        if not is_reporter_clause(t, lex):
            continue
        reporter = _reporter(t)
        if reporter is None:
            continue
        names, channel, cited = citing(t, reporter, lex)
        wrapped = {c.i for c in t.children if c.dep_ in ("ccomp", "parataxis")}
        tokens = {t.i}
        for c in t.children:
            if c.i not in wrapped:
                tokens |= {w.i for w in c.subtree}
        out.append(Reporting(t, tuple([outlet_name(reporter)] + names), channel, cited,
                             frozenset(tokens)))
    return out
