"""Claims: the same proposition carried by several articles, grouped so its origins can be
counted (``independent-origins.rq``).

A statement is compared only with the stored statements that share an LSH band over its
content words (blocking; never a scan of the corpus). Two statements of different
articles express one claim when

- their speakers are compatible: the same resolved speaker, or one of them unresolved
  or anonymous, in which case the words must be closer;
- their words are paraphrases (rapidfuzz token-set similarity over content words);
- their dates agree: statements naming different weekdays or calendar dates ("on
  Wednesday" / "on Friday") report different events, however alike the words.

Groups are closed transitively (a claim is a connected set of such pairs). A claim's key
is the hash of its smallest member (document id, offsets), so the grouping and the claim
IRIs do not depend on the order articles were added in.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz

from ..model import Extraction, Span
from ..nlp.gazetteer import load_gazetteer
from .index import LinkIndex, StatementRow, minhash

__all__ = ["CLAIM_SIMILARITY", "add_statements", "claim_key", "claim_relations", "group_claims", "is_same_claim", "regroup", "speaker_key"]

CLAIM_SIMILARITY = 55.0  # same speaker
_LOOSE_SPEAKER_SIMILARITY = 75.0  # one side unresolved or anonymous
_MIN_WORDS = 4
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019.-]*")
_STOP = frozenset(["the", "a", "an", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "that", "this", "with", "by", "from", "as", "will", "would", "said", "says", "say", "told"])
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_DATE = re.compile(r"\b(" + "|".join(_MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct"
                   r"|nov|dec)\.?\s+(\d{1,2})\b", re.IGNORECASE)
_ANONYMOUS = re.compile(r"\b(sources?|officials?|people|person|spokes\w*|unnamed|insiders?)\b")


def _words(text: str) -> set[str]:
    return {w.casefold().strip(".'\u2019-") for w in _WORD.findall(text)} - _STOP - {""}


def _days(text: str) -> tuple[str, ...]:
    """Weekdays and month-day dates the statement names: what tells two events apart."""
    low = text.casefold()
    found = {d for d in _DAYS if re.search(rf"\b{d}\b", low)}
    found |= {f"{m.group(1)[:3].casefold()}-{int(m.group(2))}" for m in _DATE.finditer(text)}
    return tuple(sorted(found))


def _lead(ex: Extraction) -> str:
    """The article's first paragraph after the headline: where news says when it happened."""
    paragraphs = [p for p in ex.document.text.split("\n\n") if p.strip()]
    return paragraphs[1] if len(paragraphs) > 1 else (paragraphs[0] if paragraphs else "")


def speaker_key(name: str | None) -> str:
    """The speaker as blocking compares it: casefolded, without articles and punctuation,
    'United States' and 'U.S.' alike ("U.S. Geological Survey" = "US Geological Survey")."""
    if not name:
        return ""
    gazetteer = load_gazetteer()
    if (record := gazetteer.entry(name)) is not None:
        # any variant of a known outlet, and a unit of one ("BBC News") as its organisation
        name = gazetteer.speaking_for(record).name
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"\bunited states\b", "us", text)
    text = re.sub(r"\bu\.\s?s\.?", "us", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(w for w in text.split() if w not in {"the", "a", "an"})


def _speaker_tokens(name: str | None) -> set[str]:
    """Blocking by speaker inside the content LSH: the resolved speaker joins the word
    set three times, so one speaker's statements share more bands and rank first among
    the candidates, while an unresolved speaker can still meet them on the words."""
    key = speaker_key(name)
    return {f"\x00speaker{i}:{key}" for i in range(3)} if key else set()


def _is_loose(speaker: str) -> bool:
    return not speaker or bool(_ANONYMOUS.search(speaker))


def is_same_claim(a: StatementRow, b: StatementRow) -> bool:
    """Whether two statements of different articles express one proposition."""
    if a.doc == b.doc:
        return False
    # different dates are different events; a day apart may be one event told in another
    # time zone, when the figures agree (magnitude 5.7 / 5.8)
    if not _same_time(set(a.days), set(b.days)) and not (
            _adjacent(set(a.days), set(b.days)) and _figures_agree(a.text, b.text)):
        return False
    if a.speaker and b.speaker and a.speaker != b.speaker and not (
            _is_loose(a.speaker) or _is_loose(b.speaker)):
        return False
    need = CLAIM_SIMILARITY if a.speaker == b.speaker and a.speaker else \
        _LOOSE_SPEAKER_SIMILARITY
    return fuzz.token_set_ratio(_norm(a.text), _norm(b.text)) >= need


def _same_time(a: set[str], b: set[str]) -> bool:
    return not (a and b) or bool(a & b)


def _adjacent(a: set[str], b: set[str]) -> bool:
    wa = {_DAYS.index(d) for d in a if d in _DAYS}
    wb = {_DAYS.index(d) for d in b if d in _DAYS}
    return any((x - y) % 7 in (1, 6) for x in wa for y in wb)


_DECIMAL = re.compile(r"\b\d+\.\d+\b")


def _figures_agree(a: str, b: str) -> bool:
    """Both statements give decimal figures (a magnitude, a rate) and each figure of the
    one with fewer has a counterpart within 5 % in the other."""
    na = [float(x) for x in _DECIMAL.findall(a)]
    nb = [float(x) for x in _DECIMAL.findall(b)]
    if not na or not nb:
        return False
    short, other = (na, nb) if len(na) <= len(nb) else (nb, na)
    return all(any(abs(x - y) <= 0.05 * max(x, y) for y in other) for x in short)


def _one_event(days: set[str]) -> bool:
    """The weekdays of a whole claim fit in two consecutive days, and it names at most one
    calendar date: what one event told in several time zones can look like."""
    week = sorted({_DAYS.index(d) for d in days if d in _DAYS})
    dates = {d for d in days if d not in _DAYS}
    fits = len(week) <= 1 or (len(week) == 2 and (week[1] - week[0]) % 7 in (1, 6))
    return fits and len(dates) <= 1


def _norm(text: str) -> str:
    return " ".join(sorted(_words(text)))


def add_statements(index: LinkIndex, ex: Extraction) -> set[str]:
    """Index the statements of ``ex`` and join each to the claims it shares with stored
    statements of other articles; the documents whose claims changed."""
    touched: set[str] = set()
    doc = ex.document.id
    lead = _days(_lead(ex))
    for a in ex.attributions:
        words = _words(a.content.text)
        if len(words) < _MIN_WORDS:
            continue
        sid = index.add_statement(doc, a.content.start, a.content.end, a.content.text,
                                  speaker_key(a.speaker), _days(a.content.text) or lead,
                                  minhash(words | _speaker_tokens(a.speaker)))
        touched |= _join(index, sid)
    return touched


def _join(index: LinkIndex, sid: int) -> set[str]:
    touched: set[str] = set()
    me = index.statement(sid)
    for other in index.statement_candidates(sid):
        if is_same_claim(me, other):
            mine, theirs = index.statement(sid).claim, index.statement(other.sid).claim
            if mine != theirs and _may_merge(index.claim_members(mine),
                                             index.claim_members(theirs)):
                touched |= index.merge_claims(mine, theirs)
    return touched


def _may_merge(a: Sequence[StatementRow], b: Sequence[StatementRow]) -> bool:
    """Two claims join only when their dates agree as groups: a chain of pairwise-alike
    statements must not bridge two events ("on Wednesday" ... "on Friday")."""
    days_a = {d for s in a for d in s.days}
    days_b = {d for s in b for d in s.days}
    return _same_time(days_a, days_b) or (
        _adjacent(days_a, days_b) and _one_event(days_a | days_b))


def regroup(index: LinkIndex) -> set[str]:
    """Join again the statements whose claim fell apart when an article was removed."""
    touched: set[str] = set()
    for sid in index.pop_orphans():
        touched |= _join(index, sid)
    return touched


def claim_key(members: Sequence[StatementRow]) -> str:
    """The key of a claim: a hash of its smallest member."""
    first = min(members, key=lambda s: (s.doc, s.start, s.end))
    return hashlib.sha1(f"{first.doc}|{first.start}|{first.end}".encode()).hexdigest()[:16]


def claim_relations(index: LinkIndex, doc: str) -> list[tuple[str, str, Span, str, bool]]:
    """(claim key, doc, content span, claim text, owned) for the statements of ``doc`` that
    share a claim with another article; ``owned`` when ``doc`` holds the claim's smallest
    member (that article's link graph describes the claim)."""
    out = []
    seen: dict[int, tuple[str, str, bool] | None] = {}
    for s in index.statements_of(doc):
        if s.claim not in seen:
            members = index.claim_members(s.claim)
            if len({m.doc for m in members}) < 2:
                seen[s.claim] = None
            else:
                first = min(members, key=lambda m: (m.doc, m.start, m.end))
                seen[s.claim] = (claim_key(members), first.text, first.doc == doc)
        hit = seen[s.claim]
        if hit is not None:
            out.append((hit[0], doc, Span(s.start, s.end, s.text), hit[1], hit[2]))
    return out


def group_claims(extractions: Sequence[Extraction]
                 ) -> list[tuple[str, str, Span, str]]:
    """(claim key, document id, content span, claim text) for statements in a shared claim.

    Statements no other article repeats are left out: a claim of one is just a statement.
    """
    with LinkIndex() as index:
        for ex in sorted(extractions, key=lambda e: e.document.id):
            add_statements(index, ex)
        return [r[:4] for doc in sorted({e.document.id for e in extractions})
                for r in claim_relations(index, doc)]
