"""Learned spans, rule knowledge: merge the CRF tagger's attributions with the rules'.

The learned tagger (trained on PolNeAR) finds far more attributions and sharper span
boundaries than hand rules, but PolNeAR annotates no speakers, channels or reporter
chains. So each learned attribution takes the channel, the ``via`` list and any cited
speaker from the rule candidate whose content overlaps it most; rule candidates that no
learned attribution covers are kept when they carry what only the rules know (a reporter
chain, a channel). Which side's span boundaries win where both find an attribution is
the caller's choice (``prefer``): they follow different annotation conventions.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from ..model import Span
from .candidates import Candidate, is_reporter_clause
from .learned import RawAttribution
from .lexicon import load_lexicon

__all__ = ["learned_candidates", "merge_candidates"]


def _token(doc: Doc, span: Span | None):  # type: ignore[no-untyped-def]
    if span is None:
        return None
    sp = doc.char_span(span.start, span.end, alignment_mode="expand")
    return sp.root if sp is not None and len(sp) else None


def _opening(doc: Doc, span: Span) -> str:
    """The five characters of the text from ``span.start``: read off the span's own text
    when it is that long, as spaCy rebuilds the whole text on every ``doc.text``."""
    return span.text[:5] if span.end - span.start >= 5 else doc.text[span.start:span.start + 5]


def learned_candidates(doc: Doc, raws: list[RawAttribution], sents: list,  # type: ignore[type-arg]
                       keep_that: bool) -> list[Candidate]:
    """Candidates from the tagger's output (spans settled, parse nodes looked up)."""
    starts = [s.start_char for s in sents]
    out = []
    for r in raws:
        anchor = r.cue.start if r.cue else r.content.start
        sent = sents[max(0, bisect.bisect_right(starts, anchor) - 1)]
        c = Candidate("learned" if r.cue else "quote", (r.cue.start, r.cue.end) if r.cue else None,
                      _token(doc, r.cue), _token(doc, r.source), None, sent)
        start, end = r.content.start, r.content.end
        if not keep_that and _opening(doc, r.content).lower() == "that ":
            start += 5  # the seeds' convention: the complementiser is not reported words
        c.content = (start, end)
        c.source = (r.source.start, r.source.end) if r.source else None
        c.pieces = tuple((p.start, p.end) for p in r.content_pieces)
        out.append(c)
    return out


def _in_reporter_clause(c: Candidate) -> bool:
    """"…, reports Xinhua quoting the TASS interview": "quoting" names a hop, not a speaker."""
    lex = load_lexicon()
    t = c.cue_token
    if t is None or t.lemma_.lower() not in lex.reporter_verbs | lex.citing_verbs:
        return False
    if t.lemma_.lower() in lex.citing_verbs and t.head.i != t.i and (
            t.head.lemma_.lower() in lex.reporter_verbs or t.head.lemma_.lower() in lex.nouns):
        return True  # "X reported, citing Y" / "a report by X citing Y"
    return any(is_reporter_clause(a, lex) for a in [t, *t.ancestors])


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def merge_candidates(rules: list[Candidate], learned: list[Candidate],
                     prefer: str = "rules") -> list[Candidate]:
    """Rules and learned candidates together.

    ``prefer="rules"``: every rule candidate, plus the learned ones that overlap none of
    them (the tagger adds recall; the rules keep their spans). ``prefer="learned"``: the
    learned candidates enriched with the overlapping rules' chains, plus uncovered rules.
    """
    # nor is a learned span over a rule's writer gloss (", with a focus on …": the cue
    # "a focus on" is the writer's, not a speaker's)
    glosses = [r.gloss for r in rules if r.gloss is not None]
    learned = [c for c in learned if not _in_reporter_clause(c) and not any(
        _overlap(c.content, g) > 0 or _overlap(c.cue, g) > 0 for g in glosses)]
    if prefer == "rules":
        # one cue, one attribution: a learned one is new when neither its words nor its cue
        # are already a rule attribution's
        extra = [c for c in learned if not any(
            _overlap(c.content, r.content) > 0 or _overlap(c.cue, r.cue) > 0 for r in rules)]
        return sorted(rules + extra, key=lambda c: c.content[0] if c.content else 0)
    used: set[int] = set()
    for c in learned:
        best = max(((_overlap(c.content, r.content), i) for i, r in enumerate(rules)),
                   default=(0, -1))
        if best[0] <= 0:
            continue
        r = rules[best[1]]
        used.add(best[1])
        c.via, c.channel = r.via, r.channel
        c.speaker_hint, c.hint_anonymous = r.speaker_hint, r.hint_anonymous
        if c.source is None and r.source is not None and r.cue == c.cue:
            c.source, c.source_token = r.source, r.source_token
    # a rule's chain the tagger missed is kept, unless its cue is a learned one's already
    # (one cue, one attribution)
    extra = [r for i, r in enumerate(rules) if i not in used and (r.via or r.channel)
             and not any(_overlap(r.cue, c.cue) > 0 for c in learned)]
    merged = learned + extra
    merged.sort(key=lambda c: c.content[0] if c.content else 0)
    return merged
