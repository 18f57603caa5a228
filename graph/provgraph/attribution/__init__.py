"""attribution: spaCy Doc → attributions (source, cue, content, kind, channel, via).

``find_candidates`` reads cues and spans off the parse; ``provgraph.entities`` then
resolves each source to a speaker. ``extract`` (in ``provgraph.pipeline``) runs both.
"""

from __future__ import annotations

import bisect
import functools

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc

from ..config import Config
from ..ingest.layout import read_layout
from ..model import Document
from ..nlp.gazetteer import load_gazetteer
from .candidates import Candidate, sentence_candidates
from .channels import channel_of
from .content import content_bounds
from .lexicon import load_lexicon
from .names import outlet_name, phrase_text
from .quotes import find_quotes
from .spans import np_bounds, trim
from .via import citing, reporter_clauses

__all__ = ["Candidate", "find_candidates", "kind_of"]

_MIN_QUOTE_WORDS = 4


def kind_of(start: int, end: int, quotes: list[tuple[int, int]],
            pieces: tuple[tuple[int, int], ...] = ()) -> str:
    """direct when a quotation holds the whole content, mixed when one is inside it."""
    if pieces:
        kinds = {kind_of(s, e, quotes) for s, e in pieces}
        return kinds.pop() if len(kinds) == 1 else "mixed"
    for q in quotes:
        if q[0] <= start and end <= q[1]:
            return "direct"
    if any(q[0] < end and start < q[1] for q in quotes):
        return "mixed"
    return "indirect"


def _floor(sent_start: int, sent_end: int, body_start: int) -> int:
    """Content never reaches back into the dateline ("Moscow, Feb 4 (Agency) ...")."""
    return body_start if sent_start <= body_start < sent_end else 0


def _sentence(document: Document, sent, body_start: int, quotes,  # type: ignore[no-untyped-def]
              config: Config, words: _CueWords | None = None) -> list[Candidate]:
    lex = load_lexicon()
    if document.in_boilerplate(sent.start_char):
        return []
    reps = reporter_clauses(sent, lex, None if words is None else
                            words.in_sentence(words.reporters, sent))
    rep_tokens = set().union(*(r.tokens for r in reps)) if reps else set()
    cands = [c for c in sentence_candidates(sent, lex, None if words is None else
                                            words.in_sentence(words.cues, sent))
             if c.cue_token is None or c.cue_token.i not in rep_tokens]
    participles = {c.cue_token.i for c in cands if c.cue_type == "participle" and c.cue_token}
    floor = _floor(sent.start_char, sent.end_char, body_start)
    out = []
    for c in cands:
        own = c.cue_token.i if c.cue_token is not None else -1
        exclude = (participles - {own}) | {r.verb.i for r in reps}
        bounds = content_bounds(c, document.text, quotes, lex, floor, exclude,
                                config.content_includes_that)
        if bounds is None:
            continue
        c.content = bounds
        if c.source_token is not None:
            c.source = _before_cue(np_bounds(c.source_token), c.cue, document.text)
            if c.source is None:
                c.source_token = None
        if c.cue_token is not None and c.cue_type in ("verb", "participle"):
            c.channel = channel_of(c.cue_token, lex)
        if reps:
            c.via = reps[0].via
            c.channel = c.channel or reps[0].channel
        else:
            _reported_citing(c, lex)
        out.append(c)
    return out


def _before_cue(source: tuple[int, int], cue: tuple[int, int] | None,
                text: str) -> tuple[int, int] | None:
    """A source never holds its own cue: a headline parsed as one noun phrase ("Obama Says
    ...") keeps what comes before the cue; nothing before it, no source."""
    if cue is None or not (source[0] < cue[1] and cue[0] < source[1]):
        return source
    end = cue[0]
    while end > source[0] and text[end - 1].isspace():
        end -= 1
    return (source[0], end) if end > source[0] else None


class _CueWords:
    """The tokens of a document that may start a cue reading (lemma a cue verb or noun,
    or the word "according") or a reporter clause (lemma a reporter verb), found from
    the document's arrays: the rules then make a Token only for those, not for every word
    of every sentence (twice)."""

    def __init__(self, doc: Doc, lex) -> None:  # type: ignore[no-untyped-def]
        strings = doc.vocab.strings
        lemmas = doc.to_array(LEMMA).tolist()  # t.lemma_ and t.lower_, as hashes
        lowers = doc.to_array(LOWER).tolist()
        lemma_of = {h: strings[h].lower() for h in set(lemmas)}
        according = {h for h in set(lowers) if strings[h] == "according"}
        cue_lemmas, reporter_lemmas = lex.verbs | lex.nouns, lex.reporter_verbs
        self.doc = doc
        self.cues = [i for i, (le, lo) in enumerate(zip(lemmas, lowers, strict=True))
                     if lemma_of[le] in cue_lemmas or lo in according]
        self.reporters = [i for i, le in enumerate(lemmas) if lemma_of[le] in reporter_lemmas]

    def in_sentence(self, indices: list[int], sent) -> list:  # type: ignore[no-untyped-def,type-arg]
        """The tokens of ``indices`` (sorted) inside ``sent``, in order."""
        doc = self.doc
        return [doc[i] for i in indices[bisect.bisect_left(indices, sent.start):
                                        bisect.bisect_left(indices, sent.end)]]


def _reported_citing(c: Candidate, lex) -> None:  # type: ignore[no-untyped-def]
    """"X reported, citing Y" and "according to a report by X citing Y": X is a reporter
    (via) and Y the speaker."""
    src = c.source_token
    if c.cue_token is None or src is None:
        return
    verb, reporter = c.cue_token, src
    if c.cue_type == "according":
        by = [p for prep in src.children if prep.dep_ == "prep" and prep.lower_ in ("by", "from")
              for p in prep.children if p.dep_ == "pobj"]
        if src.lemma_.lower() not in lex.nouns or not by:
            return
        verb, reporter = src, by[0]
    elif verb.lemma_.lower() not in lex.reporter_verbs and not _is_outlet(reporter):
        return  # "Xinhua said, citing ...": an outlet cites whatever verb it uses
    names, channel, cited = citing(verb, reporter, lex)
    if cited is None and names and channel is None:
        # "AP reported quoting Xinhua": the last outlet quoted is the source
        c.speaker_hint, c.hint_anonymous = names[-1], False
        names = names[:-1]
    if cited is not None or names or c.speaker_hint:
        # a report is resolved to its outlet later (provgraph.provenance), not a hand here
        own = [] if reporter.pos_ == "NOUN" and reporter.lemma_.lower() in (
            "report", "statement", "study") else [outlet_name(reporter)]
        c.via = tuple(own + names)
        c.channel = c.channel or channel
        if cited is not None:
            c.speaker_hint = phrase_text(cited)
            c.hint_anonymous = cited.pos_ != "PROPN"
    elif c.cue_type == "according":  # "according to a report by X": X speaks for itself
        c.speaker_hint, c.hint_anonymous = outlet_name(reporter), False


def _is_outlet(t) -> bool:  # type: ignore[no-untyped-def]
    """An outlet, or a report ("the report said, citing ..."): what may cite a source."""
    return t.ent_type_ == "ORG" or bool(load_gazetteer().find_outlet(outlet_name(t))) or \
        t.lemma_.lower() in ("report", "statement", "study")


def _drop_nested(cands: list[Candidate]) -> list[Candidate]:
    """Univocal attribution: a cue inside another candidate's content is not its own."""
    keep = []
    seen: set[tuple[int, int]] = set()
    for c in cands:
        assert c.content is not None
        inside = c.cue is not None and c.cue_type != "participle" and any(
            o is not c and o.content and o.content[0] <= c.cue[0] < o.content[1] for o in cands)
        if not inside and c.content not in seen:  # the first of two equal contents stays
            keep.append(c)
        seen.add(c.content)
    return keep


def _orphan_quotes(text: str, cands: list[Candidate], quotes: list[tuple[int, int]],
                   floor: int, sents: list) -> list[Candidate]:  # type: ignore[type-arg]
    """Quotations no cue claims: attributed later to the last speaker before them.
    ``text``: the document's text (``doc.text``, which spaCy rebuilds on every access)."""
    starts = [s.start_char for s in sents]
    out = []
    for q in quotes:
        if q[0] < floor or any(c.content and c.content[0] < q[1] and q[0] < c.content[1]
                               for c in cands):
            continue
        if len(text[q[0]:q[1]].split()) < _MIN_QUOTE_WORDS:
            continue
        start, end = trim(text, q[0], q[1])
        sent = sents[max(0, bisect.bisect_right(starts, q[0]) - 1)]
        cand = Candidate("quote", None, None, None, None, sent)
        cand.content = (start, end)
        out.append(cand)
    return out


def find_candidates(document: Document, doc: Doc, config: Config | None = None
                    ) -> list[Candidate]:
    """Every attribution candidate of the document, in text order, spans settled.

    ``config.attribution`` picks the method: "rules", or "hybrid" (the learned tagger's
    spans with the rules' channels, reporters and cited speakers; rules alone when the
    optional CRF runtime is not installed).
    """
    config = config or Config()
    sents = list(doc.sents)  # spaCy rebuilds the sentences on every access: once here
    rules = _rule_candidates(document, doc, config, sents)
    if config.attribution == "rules":
        return rules
    from .hybrid import learned_candidates, merge_candidates

    tagger = _tagger()
    if not tagger.available():
        if config.attribution == "learned":
            tagger.tag(doc)  # raises the ConfigError that names the missing extra
        return rules
    raws = [r for r in tagger.tag(doc, sents, document.text)
            if not _in_furniture(document, r.cue or r.content)]
    learned = learned_candidates(doc, raws, sents, config.content_includes_that)
    if config.attribution == "learned":
        return learned
    merged = merge_candidates(rules, learned, config.merge_prefer)
    lex = load_lexicon()
    for c in merged:  # the tagger finds cues; how they were said is read as for the rules'
        if c.channel is None and c.cue_token is not None and c.cue_token.pos_ == "VERB":
            c.channel = channel_of(c.cue_token, lex)
    return merged


def _in_furniture(document: Document, span) -> bool:  # type: ignore[no-untyped-def]
    """In the headline or page furniture: "Mayor Plans New Bus Lanes" reports nobody."""
    if document.in_boilerplate(span.start):
        return True
    if document.title:
        at = document.text.find(document.title)
        return 0 <= at <= span.start < at + len(document.title) and at < 10
    return False


@functools.lru_cache(maxsize=1)
def _tagger():  # type: ignore[no-untyped-def]
    from .learned import LearnedTagger

    return LearnedTagger()


def _rule_candidates(document: Document, doc: Doc, config: Config | None = None,
                     sents: list | None = None) -> list[Candidate]:  # type: ignore[type-arg]
    """The hand rules' candidates, in text order."""
    config = config or Config()
    quotes = find_quotes(document.text)
    body_start = read_layout(document.text).body_start
    cands: list[Candidate] = []
    sents = list(doc.sents) if sents is None else sents
    words = _CueWords(doc, load_lexicon())
    for sent in sents:
        cands.extend(_sentence(document, sent, body_start, quotes, config, words))
    cands = _drop_nested(cands)
    cands += _orphan_quotes(document.text, cands, quotes, document.summary[-1].end
                            if document.summary else 0, sents)
    cands.sort(key=lambda c: c.content[0] if c.content else 0)
    return cands
