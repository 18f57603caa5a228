"""Candidate attributions of one sentence, read off the dependency parse.

A candidate is a cue (a reporting verb, a participle, a reporting noun, "according to")
with the parse nodes of its source and content. Exact spans are settled later, in
``content.py`` and ``__init__.py``, once every candidate of the document is known.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Channel
from .lexicon import Lexicon

__all__ = ["Candidate", "is_reporter_clause", "sentence_candidates", "source_head"]

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_INHERITING = ("advcl", "xcomp", "conj", "pcomp", "acl", "dep", "parataxis")
_WH_PRONOUNS = {"who", "which", "that", "whom"}
# what an organisation or person issues and then "says": "released a statement saying"
_ISSUED_NOUNS = frozenset({"statement", "announcement", "release", "communique", "letter",
                           "message", "post", "tweet", "note", "notice", "update"})


@dataclass
class Candidate:
    cue_type: str  # verb, participle, noun, according, quote
    cue: tuple[int, int] | None  # character bounds
    cue_token: Token | None
    source_token: Token | None
    content_token: Token | None  # root of the content clause/phrase (None: decided later)
    sentence: SpacySpan
    content: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    via: tuple[str, ...] = ()
    channel: Channel | None = None
    speaker_hint: str | None = None  # who a reporter cited ("citing two officials")
    hint_anonymous: bool = False
    pieces: tuple[tuple[int, int], ...] = ()  # discontinuous content ('"…," she said, "…"')
    extra_exclude: set[int] = field(default_factory=set)  # token ids kept out of content
    inverted: bool = False  # ", confirmed a senior diplomat": content before, source after
    gloss: tuple[int, int] | None = None  # the writer's ", with a focus on …" after content


def _cue_bounds(t: Token, lex: Lexicon, sent_start: int) -> tuple[int, int]:
    """The cue verb with its auxiliaries just before it and its particle ("called on")."""
    doc = t.doc
    start = t.i
    while start > sent_start and doc[start - 1].dep_ in ("aux", "auxpass", "neg") \
            and doc[start - 1].head.i == t.i:
        start -= 1
    end = t.i
    nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
    if nxt is not None and (nxt.dep_ == "prt" or (
            nxt.lower_ in lex.particles.get(t.lemma_.lower(), ()) and nxt.head.i == t.i)):
        end = nxt.i
    return doc[start].idx, doc[end].idx + len(doc[end])


def _misread_words(subjects: list[Token]) -> bool:
    """The first of two subjects is reported words (it holds a verb), the last one follows
    a comma and is no date: "A man held ... is believed to be the driver, police say", not
    "Mark Carney, governor of the BoE, Tuesday said"."""
    last = subjects[-1]
    doc = last.doc
    return (last.left_edge.i > 0 and doc[last.left_edge.i - 1].text == ","
            and last.ent_type_ not in ("DATE", "TIME") and last.pos_ != "NUM"
            and any(w.pos_ in ("VERB", "AUX") for w in subjects[0].subtree))


def source_head(t: Token, depth: int = 0, verbs: frozenset[str] = frozenset()) -> Token | None:
    """The subject of cue ``t``; a participle or conjunct takes its head verb's subject.

    A participle hanging inside reported content ("noted that X hosts Y, asserting that")
    belongs to the reporting verb above it, so it climbs to the nearest cue verb first.
    """
    if verbs and t.tag_ == "VBG" and not any(c.dep_ in _SUBJ for c in t.children):
        for anc in t.ancestors:
            if anc.lemma_.lower() in verbs and anc.i != t.i:
                found = source_head(anc, depth + 1, verbs)
                if found is not None:
                    return found
    # two subjects ("A man ... is believed to be the driver, Swedish police say", the words
    # misread as a subject): the one next to the cue speaks
    subjects = [c for c in t.children if c.dep_ in ("nsubj", "csubj") and c.i < t.i]
    nearest = subjects[-1] if len(subjects) > 1 and _misread_words(subjects) else None
    for c in t.children:
        if c.dep_ in ("nsubj", "csubj"):
            c = nearest or c
            if c.lower_ in _WH_PRONOUNS and t.dep_ == "relcl":
                return t.head  # "Smith, who said ..." → Smith
            return c
        if c.dep_ == "nsubjpass":
            agent = [a for a in t.children if a.dep_ == "agent"]
            pobj = [p for a in agent for p in a.children if p.dep_ == "pobj"]
            return pobj[0] if pobj else None
    if t.dep_ == "relcl" and t.head.pos_ in ("PROPN", "NOUN", "PRON"):
        return t.head
    if t.dep_ == "acl" and t.head.dep_ == "dobj" and t.head.lemma_.lower() in _ISSUED_NOUNS \
            and depth < 3:
        # "PSG released a statement saying ...": whoever issued the statement says it
        return source_head(t.head.head, depth + 1, verbs)
    if depth < 3 and t.dep_ in _INHERITING and t.head.i != t.i:
        return source_head(t.head, depth + 1, verbs)
    return None


def _is_outlet_np(t: Token) -> bool:
    words = {w.lower_ for w in t.subtree}
    return (t.ent_type_ == "ORG" or bool(words & {"agency", "newspaper", "outlet", "media",
                                                  "magazine", "daily", "news", "tv", "radio",
                                                  "channel", "broadcaster", "wire"}))


def is_reporter_clause(t: Token, lex: Lexicon) -> bool:
    """``t`` is a reporting verb whose job is to name a reporter, not a speaker.

    "…, as reported by Xinhua news agency" (an "as" clause), or "… , reports Xinhua"
    wrapping another reporting clause.
    """
    if t.lemma_.lower() not in lex.reporter_verbs:
        return False
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children):
        return True
    subj = source_head(t)
    wraps_cue = any(c.dep_ in ("ccomp", "parataxis") and c.lemma_.lower() in lex.verbs
                    and source_head(c) is not None for c in t.children)
    return wraps_cue and subj is not None and _is_outlet_np(subj)


def _verb_candidate(t: Token, sent: SpacySpan, lex: Lexicon) -> Candidate | None:
    lemma = t.lemma_.lower()
    if lemma not in lex.verbs or not (t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB")):
        return None
    if t.dep_ in ("amod", "compound", "aux", "auxpass") or is_reporter_clause(t, lex):
        return None
    participle = t.tag_ == "VBG" and not any(c.dep_ in _SUBJ for c in t.children)
    source = source_head(t, 0, lex.verbs)
    inverted = False
    prev = t.doc[t.i - 1] if t.i > sent.start else None
    if source is None and not participle and prev is not None and prev.text in (",", '"', "\u201d"):
        after = [c for c in t.children if c.i > t.i and c.dep_ in ("dobj", "nsubj", "attr")
                 and c.pos_ in ("NOUN", "PROPN", "PRON")]
        if after:  # "…, confirmed a senior diplomat" / '"…," said Smith'
            source, inverted = after[0], True
    return Candidate(
        cue_type="participle" if participle else "verb",
        cue=_cue_bounds(t, lex, sent.start), cue_token=t, source_token=source,
        content_token=None, sentence=sent, inverted=inverted,
    )


def _noun_candidate(t: Token, sent: SpacySpan, lex: Lexicon) -> Candidate | None:
    if t.pos_ != "NOUN" or t.lemma_.lower() not in lex.nouns:
        return None
    clause = [c for c in t.children if c.dep_ in ("acl", "ccomp", "appos")
              and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
    if not clause:
        return None
    source = None
    for c in t.children:
        if c.dep_ == "poss":
            source = c
        elif c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
            pobj = [p for p in c.children if p.dep_ == "pobj"]
            if pobj and pobj[0].pos_ in ("PROPN", "NOUN", "PRON"):
                source = pobj[0]
                # "the statement by Putin that …": spaCy may hang the clause on the name
        if source is not None:
            break
    return Candidate("noun", (t.idx, t.idx + len(t)), t, source, clause[0], sent)


def _noun_candidate_on_source(t: Token, sent: SpacySpan, lex: Lexicon) -> Candidate | None:
    """"the statement by X that …" where the parser hung the that-clause on X."""
    if t.pos_ != "NOUN" or t.lemma_.lower() not in lex.nouns:
        return None
    for prep in t.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("by", "from"):
            continue
        for pobj in prep.children:
            clause = [c for c in pobj.children if c.dep_ in ("acl", "ccomp", "relcl")
                      and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
            if pobj.dep_ == "pobj" and clause:
                return Candidate("noun", (t.idx, t.idx + len(t)), t, pobj, clause[0], sent)
    return None


def _according_candidate(t: Token, sent: SpacySpan, lex: Lexicon) -> Candidate | None:
    if t.lower_ != "according":
        return None
    to = [c for c in t.children if c.lower_ == "to"]
    pobj = [p for c in to for p in c.children if p.dep_ == "pobj"]
    if not to or not pobj:
        return None
    head = t.head
    if head.i != t.i and head.lemma_.lower() in lex.verbs and source_head(head) is not None:
        return None  # "According to X, ... he said": the verb's attribution covers it
    cue = (t.idx, to[0].idx + len(to[0]))
    phrase = set(range(t.i, pobj[0].right_edge.i + 1))  # the "according to X" words
    doc = t.doc
    closing = t.i > sent.start and doc[t.i - 1].text == "," and all(
        w.is_punct or w.is_space for w in doc[pobj[0].right_edge.i + 1 : sent.end])
    other_cue = any(w.pos_ == "VERB" and w.lemma_.lower() in lex.verbs
                    for w in doc[sent.start : t.i])
    if closing and not other_cue and sent.root.i < t.i and head.i != t.i:
        # "X happened after Y, according to Z.": Z is the source of the whole sentence, not
        # of the clause the parser hung the phrase on
        head = sent.root
    return Candidate("according", cue, t, pobj[0], head if head.i != t.i else None, sent,
                     extra_exclude=phrase)


def sentence_candidates(sent: SpacySpan, lex: Lexicon,
                        tokens: Iterable[Token] | None = None) -> list[Candidate]:
    """Every cue of the sentence with its source and (when the parse gives it) content;
    ``tokens``: the only words of it that may be a cue (see below), when known."""
    found: list[Candidate] = []
    verbs, nouns = lex.verbs, lex.nouns
    for t in sent if tokens is None else tokens:
        # what each of the four readings below asks first, asked once: most words are no cue
        lemma = t.lemma_.lower()
        if lemma not in verbs and not (lemma in nouns and t.pos_ == "NOUN") and \
                t.lower_ != "according":
            continue
        cand = (_verb_candidate(t, sent, lex) or _noun_candidate(t, sent, lex)
                or _noun_candidate_on_source(t, sent, lex) or _according_candidate(t, sent, lex))
        if cand is not None:
            found.append(cand)
    return found
