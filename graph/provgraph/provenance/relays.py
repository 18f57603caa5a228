"""Relays across the article: the hands a statement passed through, kept past one sentence.

- An interviewer is a hand: "told Der Spiegel", "in an interview with Radio X" put the
  outlet between the article and the speaker (not reporters or a press conference).
- "Y said ..., according to Xinhua" and "the agency quoted him as saying": the outlet
  relays the speaker.
- Once a relay or channel is named for a speaker, later statements of the same speaker
  ("he added", the next paragraph's quote) keep it until the text names another; never
  backwards, and never for a different speaker.
- Credited agency copy is the outermost hand of every statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Token

from ..entities.heads import OUTLET_HEADS, REPORT_HEADS
from ..model import Attribution, Channel
from ..nlp.gazetteer import load_gazetteer

__all__ = ["according_objects", "add_credits", "add_interviewers", "carry_over",
           "is_outlet_name", "outlet_relays"]

# the outlet a speaker talked to, wrote to, or published in ("a paper published in a
# journal") is a hand of the chain
_INTERVIEW_KINDS = {"interview", "discussion", "statement", "publication"}
_AUDIENCES = {"reporters", "journalists", "media", "press", "lawmakers", "supporters",
              "parliament", "the media", "the press", "a news conference", "students"}
_PERSON_OBJECTS = {"him", "her", "them"}


def is_outlet_name(name: str, types: dict[str, str]) -> bool:
    if types.get(name) in ("NewsAgency", "Publisher"):
        return True
    if load_gazetteer().find_outlet(name):
        return True
    low = name.lower().split()
    return bool(low) and (low[-1] in OUTLET_HEADS or low[0] in ("radio", "tv", "television"))


def _with(via: tuple[str, ...], name: str, outer: bool = False) -> tuple[str, ...]:
    if any(v.casefold() == name.casefold() for v in via):
        return via
    return (name, *via) if outer else (*via, name)


def add_interviewers(attributions: list[Attribution], types: dict[str, str]
                     ) -> list[Attribution]:
    """The outlet a speaker talked to becomes the innermost relay of the statement."""
    out = []
    for a in attributions:
        ch = a.channel
        # an outlet is a hand; an audience ("reporters") or the media at large is not
        if ch and ch.with_ and ch.kind in _INTERVIEW_KINDS and \
                ch.with_.lower() not in _AUDIENCES and ch.with_ != a.speaker and \
                not _is_collective_media(ch.with_) and (
                    ch.kind in ("interview", "discussion") or is_outlet_name(ch.with_, types)):
            a = replace(a, via=_with(a.via, ch.with_))
        out.append(a)
    return out


def _token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def outlet_relays(doc: Doc, attributions: list[Attribution], types: dict[str, str],
                  canonical, text: str | None = None  # type: ignore[no-untyped-def]
                  ) -> list[Attribution]:
    """"Y said ..., according to X" and "X quoted Y as saying": X relays Y. ``text``:
    ``doc.text`` when at hand (spaCy rebuilds it on every access)."""
    text = doc.text if text is None else text
    out: list[Attribution] = []
    last_person: str | None = None
    for a in attributions:
        cue = _token_at(doc, a.cue.start, a.cue.end) if a.cue else None
        if cue is not None and cue.lemma_.lower() == "quote" and a.speaker:
            a = _quoted_as_saying(a, cue, last_person, canonical)
        elif cue is not None and cue.pos_ in ("VERB", "AUX"):
            reporter = _according_to(cue, a, text)
            if reporter is not None:
                name = canonical(reporter)
                if name != a.speaker and is_outlet_name(name, types):
                    if _is_collective_media(a.speaker):
                        # "Earlier reports said ..., according to Xinhua": the reports
                        # relay what Xinhua said
                        a = replace(a, speaker=name, via=(*a.via, a.speaker or ""))
                    else:
                        a = replace(a, via=_with(a.via, name, outer=True))
        if a.speaker and types.get(a.speaker) == "Person":
            last_person = a.speaker
        out.append(a)
    return out


def _is_collective_media(speaker: str | None) -> bool:
    """"earlier reports", "local media", "Swedish media": a relay, not an origin."""
    words = (speaker or "").lower().split()
    return bool(words) and words[-1] in ("reports", "media", "outlets", "press")


def according_objects(sent) -> Iterator[tuple[Token, Token]]:  # type: ignore[no-untyped-def]
    """Each "according to X" of a sentence: (the word "according", the object X)."""
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            obj = next((c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None:
                yield t, obj


def _according_to(cue: Token, a: Attribution, text: str) -> str | None:
    sent = cue.sent
    if "according" not in text[sent.start_char:sent.end_char].lower():
        return None  # most sentences: no word to look at (a token per word costs)
    for t, obj in according_objects(sent):
        if a.content.start <= t.idx < a.content.end and not _closes(a, t, text):
            continue
        if obj.lemma_.lower() in REPORT_HEADS:  # "according to a report by Xinhua"
            by = [p for prep in obj.children if prep.lower_ in ("by", "from", "of")
                  for p in prep.children if p.dep_ == "pobj"]
            obj = by[0] if by else obj
        name = _first_name_run(obj)
        if name:
            return name
    return None


def _first_name_run(obj: Token) -> str | None:
    """The first run of proper nouns in a phrase: "the Albuquerque Journal (link)" →
    "Albuquerque Journal"; "state news agency Xinhua" → "Xinhua"."""
    run: list[Token] = []
    for w in obj.subtree:
        if w.pos_ == "PROPN" and w.text[:1].isupper() and not w.like_url and (
                not run or w.i == run[-1].i + 1):
            run.append(w)
        elif run:
            break
    return " ".join(w.text for w in run) or None


def _closes(a: Attribution, according: Token, text: str) -> bool:
    """", according to Xinhua" read into the end of the content still credits the outlet."""
    tail = text[according.idx:a.content.end]
    before = text[max(0, according.idx - 2):according.idx]
    return "," in before and len(tail.split()) <= 10


def _quoted_as_saying(a: Attribution, cue: Token, last_person: str | None,
                      canonical) -> Attribution:  # type: ignore[no-untyped-def]
    objs = [c for c in cue.children if c.dep_ in ("dobj", "nsubjpass")]
    if not objs or not any(c.lower_ == "as" for c in cue.children):
        return a
    obj = objs[0]
    if obj.lower_ in _PERSON_OBJECTS:
        speaker = last_person
    elif obj.pos_ == "PROPN":
        speaker = canonical(" ".join(w.text for w in obj.subtree if w.pos_ == "PROPN"))
    else:
        return a
    if not speaker or speaker == a.speaker:
        return a
    assert a.speaker is not None
    return replace(a, speaker=speaker, via=_with(a.via, a.speaker))


def carry_over(attributions: list[Attribution], types: dict[str, str] | None = None,
               text: str = "") -> list[Attribution]:
    """Later statements of a speaker keep the relay and channel named for them before.

    An outlet that "reported" something publishes it itself: its own report takes no relay
    named for an earlier mention of it."""
    named: dict[str, tuple[tuple[str, ...], Channel | None]] = {}
    out = []
    for a in attributions:
        # an outlet's own report, or "the report added" (which continues that report as
        # it was named), takes no relay named for an earlier mention of the speaker
        own_report = (a.cue is not None and a.cue.text.lower().startswith("report") and
                      is_outlet_name(a.speaker or "", types or {})) or (
            a.source is not None and a.source.text.lower().split()[-1:] == ["report"])
        embedded_post = a.cue is None and a.channel is not None and \
            a.channel.kind == "social post"  # its author relays that post only
        if a.speaker and not a.anonymous and not embedded_post:
            before = named.get(a.speaker)
            if a.channel and not a.channel.with_ and not a.via and before and before[1] and \
                    before[1].kind == a.channel.kind and _names_the_same(text, a):
                a = replace(a, via=before[0], channel=before[1])  # "in the interview"
            if a.via or a.channel:
                named[a.speaker] = (a.via, a.channel)
            elif a.speaker in named and not own_report:
                via, channel = named[a.speaker]
                a = replace(a, via=via, channel=channel)
        out.append(a)
    return out


def _names_the_same(text: str, a: Attribution) -> bool:
    """"said in the interview" points back to the one named; "in previous interviews"
    does not."""
    if a.cue is None or a.channel is None:
        return False
    start = max(0, min(a.cue.start, a.content.start) - 100)
    window = text[start:max(a.cue.end, a.content.start)]
    word = a.channel.kind.split()[-1]
    return re.search(rf"\b(?:the|that|this) (?:same )?{re.escape(word)}\b", window) is not None


def add_credits(attributions: list[Attribution], agencies: tuple[str, ...]
                ) -> list[Attribution]:
    """Credited copy as the outermost relays; a speaker is never its own relay."""
    out = []
    for a in attributions:
        via = a.via
        for agency in reversed(agencies):
            via = _with(via, agency, outer=True)
        if a.speaker:
            via = tuple(v for v in via if v.casefold() != a.speaker.casefold())
        deduped: list[str] = []
        for v in via:
            if not deduped or deduped[-1].casefold() != v.casefold():
                deduped.append(v)
        out.append(replace(a, via=tuple(deduped)))
    return out
