"""Outlets and organisations written as pronouns and descriptors: "it said", "the agency
reported", "the report added", "the newspaper", "the carmaker", "they said".

Sentence attribution leaves such a speaker unresolved (None, or the words as written);
here it becomes the outlet or organisation the article named before it, as people already
are in ``provgraph.entities``. "the report" takes over the whole chain of the last report
it continues (its speaker and relays).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..attribution.quotes import find_quotes
from ..attribution.spans import trim
from ..entities.heads import ORG_HEADS, OUTLET_HEADS, REPORT_HEADS, is_human_word
from ..model import Attribution, Entity, Span
from ..nlp.gazetteer import load_gazetteer, title_words

__all__ = ["quoted_cues", "resolve_referents"]

_DETS = {"the", "a", "an", "this", "that", "its", "their"}
# "a new poll conducted by broadcaster ARD showed": the issuer named after the source
_BY_AFTER = re.compile(r"\s*,?\s*(?:(?:conducted |commissioned |carried out )?(?:by|for)|"
                       r"published (?:in|by))\s+(?:[a-z]+\s+){0,2}"
                       r"([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)")
ISSUED_HEADS = frozenset({"statement", "announcement", "release", "notice", "communique",
                          "filing"})
_PLURAL_PRONOUNS = {"they", "them"}
_ORG_TYPES = {"Organization", "NewsAgency", "Publisher", "Group"}
_OUTLET_TYPES = {"NewsAgency", "Publisher"}


def _words(source: str) -> list[str]:
    return [w for w in re.findall(r"[\w'\-]+", source.lower()) if w not in _DETS]


def _is_unresolved(a: Attribution) -> bool:
    """No speaker, or the speaker is just the descriptor as written ("the agency")."""
    if a.source is None:
        return False
    if a.speaker is None:
        return True
    written = a.source.text.strip().lower()
    return a.speaker.strip().lower() == written and (
        written.split()[0] in _DETS | {"it"} or _only_titles(written.split()))


class _Names:
    """The article's named entities with their types and where they are written."""

    def __init__(self, text: str, entities: list[Entity], body_start: int = 0) -> None:
        self.text = text
        self.body_start = body_start  # names in the headline are no antecedents
        gaz = load_gazetteer()
        self.types = {e.name: e.type for e in entities}
        for name in list(self.types):
            if gaz.outlet_type(name):
                self.types[name] = gaz.outlet_type(name) or self.types[name]
        self.forms = {e.name: {e.name, *e.aliases} for e in entities}

    def last_before(self, pos: int, types: set[str], head: str | None = None,
                    after: int = 0) -> str | None:
        """The entity of one of ``types`` written last before ``pos`` (whose name holds
        ``head`` when given), not before ``after``."""
        best, at = None, max(after, self.body_start) - 1
        for name, type_ in self.types.items():
            if type_ not in types or (head and head not in name.lower().split()):
                continue
            for form in self.forms.get(name, {name}):
                i = self.text.rfind(form, 0, pos)
                if i > at and _whole_word(self.text, i, len(form)):
                    best, at = name, i
        return best

    def first_between(self, start: int, end: int, types: set[str]) -> str | None:
        """The entity of ``types`` written first in ``text[start:end]``."""
        best, at = None, end
        for name, type_ in self.types.items():
            if type_ not in types:
                continue
            for form in self.forms.get(name, {name}):
                i = self.text.find(form, start, end)
                if 0 <= i < at and _whole_word(self.text, i, len(form)):
                    best, at = name, i
        return best

    def apposed(self, end: int, types: set[str]) -> str | None:
        """A name of ``types`` right after a descriptor: "the news agency Xinhua"."""
        tail = self.text[end:end + 60]
        for name, type_ in self.types.items():
            if type_ not in types:
                continue
            for form in self.forms.get(name, {name}):
                if re.match(rf"\s*,?\s*{re.escape(form)}\b", tail):
                    return name
        return None


def _name_before(text: str, start: int, end: int) -> str | None:
    """The capitalised name right before a cue ("... bank chief Ana Ruiz said")."""
    m = re.search(r"([A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)+)\s*$", text[start:end])
    return m.group(1) if m else None


def _whole_word(text: str, i: int, n: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + n] if i + n < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _after_dateline(text: str, start: int, end: int, person: str) -> Span | None:
    """The source words between the dateline and the cue: the comma-delimited part that
    names ``person`` ("Union leader Shawn Fain", "President Obama, dedicating the museum
    on Saturday," → "President Obama", "On Monday, bank chief Ana Ruiz" → the chief)."""
    at = -1
    for form in (person, person.split()[-1]):
        at = text.find(form, start, end)
        if at >= 0:
            break
    if at < 0:
        return None
    left = text.rfind(",", start, at) + 1 or start
    right = text.find(",", at, end)
    span = trim(text, max(left, start), end if right < 0 else right)
    return Span.of(text, *span) if span[1] > span[0] else None


def resolve_referents(text: str, attributions: list[Attribution], entities: list[Entity],
                      body_start: int = 0) -> list[Attribution]:
    """Attributions whose outlet/organisation pronoun or descriptor speaker is resolved.

    A source read into the dateline ("MEXICO CITY, Jan 21 (Agency) - Bank chief Ana Ruiz
    said") is replaced by the person named between the dateline and the cue.
    """
    names = _Names(text, entities, body_start)
    out: list[Attribution] = []
    for a in attributions:
        if a.source is not None and a.cue is not None and a.source.start < body_start:
            person = names.first_between(body_start, a.cue.start, {"Person"}) or \
                _name_before(text, body_start, a.cue.start)
            if person:
                a = replace(a, speaker=person, source=_after_dateline(
                    text, body_start, a.cue.start, person) or a.source)
        elif _is_unresolved(a):
            a = _resolve(a, out, names)
        out.append(a)
    return out


def _resolve(a: Attribution, before: list[Attribution], names: _Names) -> Attribution:
    assert a.source is not None
    words = _words(a.source.text)
    if not words:
        return a
    head, pos = words[-1], a.source.start
    orgs = _ORG_TYPES - {"Group"}
    if words == ["it"]:
        # the organisation named in this sentence or the one before, else the last one
        # that spoke: "the USGS recorded it at 5.9. It said ..."
        found = (names.last_before(pos, orgs, after=_sentence_start(names.text, pos, back=1))
                 or _last_speaker(before, names, orgs) or names.last_before(pos, orgs))
        return replace(a, speaker=found) if found else a
    if words[0] in _PLURAL_PRONOUNS:
        prev = _last_speaker(before, names, _ORG_TYPES, plural=True)
        return replace(a, speaker=prev) if prev else a
    if head in REPORT_HEADS:
        by = re.search(r"\b(?:by|for|from)\s+(?:[a-z]+\s+)?([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)",
                       a.source.text) or _BY_AFTER.match(names.text, a.source.end)
        if by:  # "a new poll conducted by broadcaster ARD": its issuer speaks
            return replace(a, speaker=by.group(1), anonymous=False)
        issuer = names.first_between(a.source.start, a.source.end, orgs)
        if issuer:  # "a POLITICO analysis of FEC data": the organisation named in it
            return replace(a, speaker=issuer, anonymous=False)
        if a.source.text.lower().startswith(("a ", "an ")):
            return replace(a, speaker=None)  # "a report surfaced": named later, if at all
        report = _last_report(before, names, head)
        if report is not None:
            return replace(a, speaker=report.speaker, via=report.via, anonymous=False)
        issuer = names.last_before(pos, orgs, after=_sentence_start(names.text, pos, back=1))
        return replace(a, speaker=issuer, anonymous=False) if issuer else a
    if head == "agency" and "news" not in words:  # a government agency or a news agency
        found = names.apposed(a.source.end, _ORG_TYPES - {"Group"}) or _last_speaker(
            before, names, _ORG_TYPES - {"Group"})
        return replace(a, speaker=found, anonymous=False) if found else a
    if head in OUTLET_HEADS:
        # "the news agency" → the agency named last, "the newspaper" → the paper
        kind = {"NewsAgency"} if head in ("agency", "wire") else {"Publisher"}
        found = (names.apposed(a.source.end, _OUTLET_TYPES) or names.last_before(pos, kind)
                 or names.last_before(pos, _OUTLET_TYPES))
        return replace(a, speaker=found, anonymous=False) if found else a
    if _only_titles(words) and a.cue is not None:
        # "Chief Secretary to the Government Ana Ruiz said": the name after the title
        found = names.first_between(a.source.end, a.cue.start, {"Person"})
        return replace(a, speaker=found, anonymous=False) if found else a
    if head in ORG_HEADS:
        # "the ministry" → the Ministry named before; "the British racing team" → the
        # organisation named earlier in the sentence (the one before it, for a bare "the
        # company"); "the local government" with none near stays as written
        near = _sentence_start(names.text, pos, back=1 if len(words) == 1 else 0)
        found = (names.apposed(a.source.end, _ORG_TYPES - {"Group"})
                 or names.last_before(pos, _ORG_TYPES - {"Group"}, head)
                 or names.last_before(pos, {"Organization"}, after=near))
        return replace(a, speaker=found, anonymous=False) if found else a
    if a.cue is not None and not a.anonymous and not is_human_word(head) and (
            a.source.text.split()[-1].islower() or a.speaker not in names.types):
        # a thing misread as the speaker ("..., Centeno recalled the history"): the person
        # named before the cue in the sentence
        found = names.first_between(_sentence_start(names.text, pos), a.cue.start, {"Person"})
        return replace(a, speaker=found) if found and " " in found else a
    return a


def _only_titles(words: list[str]) -> bool:
    return bool(words) and all(w.rstrip(".") in title_words() for w in words)


def _sentence_start(text: str, pos: int, back: int = 0) -> int:
    """Where the sentence holding ``pos`` begins (``back`` sentences earlier)."""
    for _ in range(back + 1):
        cut = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos),
                  text.rfind('." ', 0, pos))
        if cut < 0:
            return 0
        pos = cut
    return pos + 1


def _last_report(before: list[Attribution], names: _Names, head: str) -> Attribution | None:
    """The statement "the report" / "the statement" continues: the last one written with
    that word or made through that kind of channel, else the last an outlet reported."""
    for b in reversed(before):
        if not b.speaker:
            continue
        channel = b.channel.kind if b.channel else None
        if (b.source and head in b.source.text.lower()) or channel == head or (
                b.cue and head in b.cue.text.lower() and names.types.get(b.speaker)
                in _OUTLET_TYPES):  # "Xinhua reported ... the report added"
            return b
    if head in ISSUED_HEADS:  # a statement is issued by an organisation, not an outlet
        return None
    return next((b for b in reversed(before) if b.speaker and (
        names.types.get(b.speaker) in _OUTLET_TYPES or (b.channel and b.channel.kind ==
                                                         "report"))), None)


def _last_speaker(before: list[Attribution], names: _Names, types: set[str],
                  plural: bool = False) -> str | None:
    for b in reversed(before[-4:]):
        if not b.speaker:
            continue
        type_ = names.types.get(b.speaker)
        if type_ in types:
            return b.speaker
        if plural and (b.anonymous or (b.speaker.split() and b.speaker.split()[-1]
                                       .lower().endswith("s") and type_ != "Person")):
            return b.speaker
    return None


def quoted_cues(text: str, attributions: list[Attribution]) -> list[Attribution]:
    """A cue inside a quotation is the quoted speaker's own word ("'All the indicators we
    have show that ...'"): the statement is the whole quotation, by whoever spoke last."""
    quotes = find_quotes(text)
    out: list[Attribution] = []
    last: Attribution | None = None
    wrong: dict[str, Attribution] = {}  # a speaker read inside a quotation → the real one
    for a in attributions:
        q = next((q for q in quotes if a.cue is not None and q[0] < a.cue.start
                  and a.cue.end < q[1] and (a.source is None or q[0] <= a.source.start)), None)
        if q is not None and last is not None and last.speaker:
            if a.speaker:
                wrong[a.speaker] = last
            a = replace(a, speaker=last.speaker, anonymous=last.anonymous,
                        statement=Span.of(text, q[0], q[1]))
        elif a.cue is None and a.speaker in wrong:  # the quotations that follow it
            real = wrong[a.speaker]
            a = replace(a, speaker=real.speaker, anonymous=real.anonymous)
        elif a.speaker:
            last = a
        out.append(a)
    return out
