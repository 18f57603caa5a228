"""Speech inside speech, and speakers the sentence leaves implicit.

- "The villager said the slope moved, the newspaper reported": the newspaper relays the
  villager. "AP noted that the Nikkei had reported that ...": AP relays the Nikkei. When
  the words one speaker reports open with another speaker's speech verb, the inner speaker
  is the origin and the outer one a hand of the chain.
- "The ministry has denied the reports, according to TASS": the ministry speaks, TASS
  relays it (not "TASS said the ministry denied").
- "She was left in tears, and said the silver ...": a conjoined cue shares its subject.
- "Acme was reported to have said it would cut output": the passive's subject speaks.
- "Shares rose after a report that ...": an unnamed report is the one the article names
  next ("... CNBC, citing sources, said ...").
- "Police could not confirm local television reports of explosives in the truck": inside
  the police's words, local television reported the explosives — a statement of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc, Token

from ..entities.heads import REPORT_HEADS, SPOKESPEOPLE
from ..model import Attribution, Span
from .relays import according_objects, is_outlet_name

__all__ = ["embedded_reports", "implicit_speakers", "nested_speech"]

Canonical = Callable[[str], str]

_SPEECH = frozenset({"say", "tell", "report", "announce", "declare", "call", "urge",
                     "confirm", "deny", "warn", "state", "note", "add", "claim", "quote",
                     "refute", "reject", "insist", "stress", "vow", "pledge", "predict",
                     "describe", "accuse", "blame", "dismiss", "promise", "threaten"})
_PRONOUNS = {"he", "she", "him", "her"}
_MODALS = {"will", "would", "could", "may", "might", "should", "can", "must", "shall", "'ll"}
_POSTPOSED = re.compile(r",\s*(?:the\s+)?([A-Z][\w.\-]*(?:\s+(?:of\s+|for\s+|and\s+)?"
                        r"[A-Z][\w.\-]*)*)\s*(?:\([A-Z.]+\))?\s*$")


def _token(doc: Doc, span: Span | None) -> Token | None:
    if span is None:
        return None
    s = doc.char_span(span.start, span.end, alignment_mode="expand")
    return s.root if s is not None and len(s) else None


def _spokesperson_named_after(subj: Token) -> str | None:
    doc = subj.doc
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.start > subj.i and ent.start_char - subj.idx < 1500:
            before = doc.text[max(0, ent.start_char - 30):ent.start_char].lower()
            if "spokes" in before:
                return ent.text
    return None


def _phrase(t: Token) -> str:
    toks = [w for w in t.subtree if w.dep_ not in ("relcl", "punct", "appos", "acl")
            and not (w.dep_ == "prep" and w.i > t.i)]
    left = min(w.i for w in toks)
    return t.doc[left : t.i + 1].text if left <= t.i else t.text


def _speaker_of(subj: Token, canonical: Canonical, last_person: str | None) -> str | None:
    if subj.lower_ in _PRONOUNS:
        return last_person
    if subj.lemma_.lower() in SPOKESPEOPLE:
        # "a spokesperson for the lab" → the spokesman the article names next, if any
        named = _spokesperson_named_after(subj)
        if named:
            return canonical(named)
    if subj.pos_ == "PRON":
        return None
    name = _phrase(subj)
    for det in ("the ", "The ", "a ", "A ", "an ", "An "):
        name = name.removeprefix(det)
    return canonical(name)


def nested_speech(doc: Doc, attributions: list[Attribution], types: dict[str, str],
                  canonical: Canonical) -> list[Attribution]:
    """The inner speaker of reported speech is the origin; the outer one relays it."""
    out: list[Attribution] = []
    last_person: str | None = None
    for a in attributions:
        cue = _token(doc, a.cue)
        if a.speaker and cue is not None and a.cue is not None:
            inner = _inner_speech(doc, a)
            if inner is not None:
                _, subj = inner
                speaker = _speaker_of(subj, canonical, last_person)
                if speaker and speaker != a.speaker:
                    a = replace(a, speaker=speaker, anonymous=False,
                                via=(*a.via, a.speaker))
            elif cue.lower_ == "according" and is_outlet_name(a.speaker, types):
                a = _according_with_subject(doc, a, canonical, last_person)
            elif any(c.dep_ == "aux" and c.lower_ in _MODALS for c in cue.children) and (
                    source := _according_phrase(cue)) is not None:
                # "Acme will announce a deal, according to a person familiar with it": the
                # act is still to come; the person is who says so
                a = replace(a, speaker=canonical(source), anonymous=source[:1].islower())
            elif is_outlet_name(a.speaker, types) and (cited := _cited(cue)) is not None:
                # "Bloomberg News reported the talks, citing the magazine Bilanz"
                a = replace(a, speaker=canonical(cited), via=(*a.via, a.speaker))
        if a.speaker and types.get(a.speaker) == "Person":
            last_person = a.speaker
        out.append(a)
    return out


def _according_phrase(cue: Token) -> str | None:
    """The noun phrase of an "according to ..." in the cue's sentence, without article."""
    for _, obj in according_objects(cue.sent):
        text = obj.doc[obj.left_edge.i : obj.right_edge.i + 1].text
        for det in ("a ", "an ", "the "):
            text = text.removeprefix(det)
        return text
    return None


def _cited(cue: Token) -> str | None:
    """The named source of a "citing X" clause hanging off the cue verb."""
    for c in cue.children:
        if c.lemma_.lower() == "cite" and c.dep_ in ("advcl", "xcomp", "conj", "dep"):
            obj = next((o for o in c.children if o.dep_ == "dobj"), None)
            if obj is None:
                return None
            run = [w for w in obj.subtree if w.pos_ == "PROPN" and w.text[:1].isupper()]
            return " ".join(w.text for w in run) if run else None
    return None


def _inner_speech(doc: Doc, a: Attribution) -> tuple[Token, Token] | None:
    """(speech verb, its subject) opening the content, both inside it."""
    span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    if root.lemma_.lower() not in _SPEECH or root.pos_ not in ("VERB", "AUX"):
        return None
    if a.cue is not None and a.cue.start <= root.idx < a.cue.end:
        return None  # the content ran over its own cue
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in root.children):
        return None  # "Acme will announce a deal, a source said": a claim, not a quotation
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    has_clause = any(c.dep_ in ("ccomp", "xcomp", "dobj", "parataxis", "prep")
                     for c in root.children)  # "called for an investigation into ..."
    if subj is None or not has_clause or not (span.start <= subj.i < root.i):
        return None
    return root, subj


def _according_with_subject(doc: Doc, a: Attribution, canonical: Canonical,
                            last_person: str | None) -> Attribution:
    """"X has denied Y, according to TASS": X speaks, TASS relays."""
    span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if span is None or not len(span):
        return a
    root = span.root
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if root.lemma_.lower() not in _SPEECH or subj is None:
        return a
    speaker = _speaker_of(subj, canonical, last_person)
    if not speaker or speaker == a.speaker:
        return a
    assert a.speaker is not None
    return replace(a, speaker=speaker, via=(*a.via, a.speaker), anonymous=False)


def implicit_speakers(doc: Doc, attributions: list[Attribution], types: dict[str, str],
                      canonical: Canonical) -> list[Attribution]:
    """Speakers of cues without a source: a shared subject, a passive's subject, and the
    report named next for "a report"."""
    out: list[Attribution] = []
    last_person: str | None = None
    for i, a in enumerate(attributions):
        bare = a.speaker is None or a.speaker.lower() in REPORT_HEADS
        if bare and a.cue is not None and _unnamed_report(doc, a):
            a = _report_named_next(a, attributions[i + 1 : i + 3])
        elif a.speaker is None and a.cue is not None:
            cue = _token(doc, a.cue)
            subj = _implicit_subject(cue) if cue is not None else None
            speaker = _speaker_of(subj, canonical, last_person) if subj is not None else None
            if speaker is None and cue is not None:
                # "..., the US Geological Survey (USGS) said": the name right before the cue
                before = doc.text[cue.sent.start_char:cue.idx]
                named = _POSTPOSED.search(before)
                speaker = canonical(named.group(1)) if named else None
            if speaker is None and cue is not None:  # "TOKYO: Star Ana Ruiz, 36, confirmed"
                speaker = next((canonical(e.text) for e in cue.sent.ents
                                if e.label_ == "PERSON" and e.end <= cue.i), None)
            if speaker:
                a = replace(a, speaker=speaker)
        if a.speaker and types.get(a.speaker) == "Person":
            last_person = a.speaker
        out.append(a)
    return out


def _implicit_subject(cue: Token) -> Token | None:
    """"was reported to have said", "was quick to downplay", "..., and said": the subject
    the cue shares with the verb it hangs off."""
    verb = cue if cue.pos_ in ("VERB", "AUX") else cue.head
    head = verb
    for _ in range(3):
        subj = next((c for c in head.children if c.dep_ in ("nsubjpass", "nsubj")), None)
        if subj is not None and subj.i < verb.i:
            return subj
        if head.dep_ not in ("conj", "xcomp", "acomp") or head.head is head:
            return None
        head = head.head
    return None


def _unnamed_report(doc: Doc, a: Attribution) -> bool:
    """"after a report that ...", "a report surfaced": nobody is named as its issuer."""
    if a.source is not None:
        return a.source.text.lower().startswith(("a report", "reports", "a new report"))
    cue = _token(doc, a.cue)
    return cue is not None and cue.pos_ == "NOUN" and cue.lemma_.lower() == "report"


def _report_named_next(a: Attribution, following: list[Attribution]) -> Attribution:
    for b in following:
        if b.speaker and (b.via or b.channel and b.channel.kind == "report"):
            return replace(a, speaker=b.speaker, via=b.via)
        if b.speaker and b.source and b.source.text[:1].isupper():
            return replace(a, speaker=b.speaker, via=b.via)
    return a


_REPORT_NOUNS = {"report", "claim", "allegation", "rumour", "rumor"}


def embedded_reports(doc: Doc, attributions: list[Attribution], text: str | None = None
                     ) -> list[Attribution]:
    """Add the statements that other statements report: "<source> reports of <X>".
    ``text``: ``doc.text`` when at hand (spaCy rebuilds it on every access)."""
    out = list(attributions)
    text = doc.text if text is None else text
    for a in attributions:
        span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
        for t in span if span is not None else ():
            if t.pos_ != "NOUN" or t.lemma_.lower() not in _REPORT_NOUNS:
                continue
            if any(m.lower_ == "no" or m.dep_ == "neg" for m in t.lefts):
                continue  # "there were no initial reports of injuries": nobody reported
            # "his reports of ..." names nobody new; "initial reports" names nobody at all
            mods = [m for m in t.lefts if m.dep_ in ("compound", "amod", "nmod", "poss")
                    and m.pos_ != "PRON"]
            if not any(m.dep_ != "amod" or m.pos_ == "PROPN" or m.ent_type_ for m in mods):
                continue  # ("local radio reports" names a reporter)
            of = [p for prep in t.children if prep.lower_ in ("of", "that")
                  for p in prep.subtree if p.dep_ in ("pobj", "pcomp")][:1]
            if not mods or not of:
                continue
            src_start = min(m.left_edge.idx for m in mods)
            src_end = max(m.idx + len(m) for m in mods)
            first = min(of[0].subtree, key=lambda w: w.i)
            last = max(of[0].subtree, key=lambda w: w.i)
            content = Span.of(text, first.idx, last.idx + len(last))
            if len(content.text.split()) < 3:
                continue
            source = Span.of(text, src_start, src_end)
            out.append(Attribution(content=content, kind="indirect", source=source,
                                   cue=Span.of(text, t.idx, t.idx + len(t)),
                                   speaker=source.text, via=a.via if a.speaker is None else ()))
    out.sort(key=lambda x: x.content.start)
    return out


def embedded_speech(doc: Doc, attributions: list[Attribution], canonical: Canonical,
                    text: str | None = None) -> list[Attribution]:
    """Speech in a clause of another statement, not its head: "AP noted that the carmaker
    cut its forecast while its president declared a 'performance crisis'": the president's
    words are a statement of their own, relayed by the outer speaker."""
    text = doc.text if text is None else text
    out = list(attributions)
    taken = {(a.content.start, a.content.end) for a in attributions}
    cues = {a.cue.start for a in attributions if a.cue is not None}
    for a in attributions:
        span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
        if not a.speaker or span is None or not len(span):
            continue
        for t in span:
            if t.i == span.root.i or t.lemma_.lower() not in _SPEECH or t.pos_ != "VERB" \
                    or t.idx in cues or t.dep_ not in ("advcl", "conj", "ccomp", "relcl"):
                continue
            subj = next((c for c in t.children if c.dep_ == "nsubj"
                         and span.start <= c.i < t.i), None)
            said = next((c for c in t.children if c.dep_ in ("ccomp", "dobj")
                         and t.i < c.i < span.end), None)
            # a named speaker, saying it (not "no one would say", "a candidate might say")
            if subj is None or said is None or subj.pos_ != "PROPN" or any(
                    c.dep_ in ("aux", "neg") and (c.lower_ in _MODALS or c.dep_ == "neg")
                    for c in t.children):
                continue
            first = min(w.i for w in said.subtree)
            last = min(max(w.i for w in said.subtree), span.end - 1)
            if doc[first].lower_ == "that" and doc[first].dep_ == "mark":
                first += 1
            content = Span.of(text, doc[first].idx, doc[last].idx + len(doc[last]))
            speaker = _speaker_of(subj, canonical, None)
            if not speaker or speaker == a.speaker or len(content.text.split()) < 3 or \
                    (content.start, content.end) in taken:
                continue
            taken.add((content.start, content.end))
            out.append(Attribution(
                content=content, kind="indirect", source=Span.of(
                    text, doc[subj.left_edge.i].idx, subj.idx + len(subj)),
                cue=Span.of(text, t.idx, t.idx + len(t)), speaker=speaker,
                via=(*a.via, a.speaker)))
    out.sort(key=lambda x: x.content.start)
    return out
