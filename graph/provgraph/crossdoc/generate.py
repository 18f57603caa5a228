"""A synthetic news corpus with ground truth, for cross-article tests and benchmarks.

Each *event* has one speaker, one weekday and one proposition (a few slot values). From
it the generator writes

- a **wire story** by a news agency (the lead sentence quotes the speaker);
- **syndicated copies**: the wire text under another outlet's name (derived from the wire);
- **partial rewrites**: paraphrased sentences (synonyms), reordered body, an added
  "Key takeaways" summary block (derived from the wire);
- **independent reports** of the same event: another outlet's own text around a
  paraphrase of the same statement (same claim, same origin, not derived);
- **near misses**: the same speaker saying nearly the same words about a different event
  (another weekday, other figures): a different claim and a different origin.

Every article comes as text (``Document``) and as an ``Extraction`` whose one attribution
is the lead statement, so the linker can be measured without the NLP step. The truth
lists the derivation edges, the claim of each lead statement and each claim's origin
count (1: one speaker's one public act). Deterministic for a given seed.

>>> corpus = generate_corpus(12, seed=1)
>>> len(corpus.extractions)
12
>>> sorted(corpus.truth.origins.values())[:1]
[1]
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..model import Attribution, Document, Extraction, Span

__all__ = ["Corpus", "Truth", "generate_corpus"]

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# about 300 syllables: random words then differ as much as real ones do, letter by letter
_SYLLABLES = tuple(f"{c}{v}{k}" for c in ("b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r",
                                          "s", "t", "v", "w", "z", "br", "st", "tr", "ch")
                   for v in ("a", "e", "i", "o", "u") for k in ("", "n", "r"))
_AGENCIES = ("Wire Press", "Global News Agency", "Continental Press Service")
_OUTLETS = tuple(f"The {c} {k}" for c in ("Northern", "Daily", "Evening", "Coastal", "Valley",
                                          "Metro", "National", "Harbor")
                 for k in ("Herald", "Times", "Post", "Courier", "Gazette"))
_VERBS = (("build", "construct"), ("close", "shut"), ("open", "launch"), ("buy", "acquire"),
          ("sell", "dispose of"), ("cut", "reduce"), ("expand", "enlarge"), ("move", "relocate"))
_THINGS = (("factories", "plants"), ("offices", "branches"), ("schools", "colleges"),
           ("bridges", "crossings"), ("stations", "depots"), ("stores", "shops"))
_SYNONYMS = {"said": "stated", "will": "is set to", "new": "fresh", "about": "around",
             "people": "residents", "officials": "authorities", "plan": "scheme",
             "expected": "likely", "region": "area", "city": "town", "project": "programme"}
_FUNCTION = ("the", "a", "of", "in", "and", "to", "was", "for", "on", "with", "that", "had",
             "by", "at", "from", "after", "before", "said", "would", "more")


def _word(rng: random.Random, syllables: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def _name(rng: random.Random) -> str:
    return f"{_word(rng, 2).title()} {_word(rng, 3).title()}"


@dataclass
class Truth:
    derivations: set[tuple[str, str]] = field(default_factory=set)  # (derived, source)
    claim_of: dict[str, str] = field(default_factory=dict)  # article id → claim id
    origins: dict[str, int] = field(default_factory=dict)  # claim id → origin count
    kind: dict[str, str] = field(default_factory=dict)  # article id → wire, copy, ...


@dataclass
class Corpus:
    extractions: list[Extraction]
    truth: Truth


@dataclass(frozen=True)
class _Event:
    eid: str
    speaker: str
    day: str
    verb: tuple[str, str]
    thing: tuple[str, str]
    count: int
    place: str
    topic: tuple[str, ...]


def _statement(e: _Event, paraphrase: bool) -> str:
    verb = e.verb[1] if paraphrase else e.verb[0]
    thing = e.thing[1] if paraphrase else e.thing[0]
    if paraphrase:
        return f"the company is set to {verb} {e.count} {thing} across {e.place}"
    return f"the company will {verb} {e.count} new {thing} in {e.place}"


def _body(rng: random.Random, e: _Event, n: int) -> list[str]:
    """``n`` sentences of 9-15 words, mostly the event's own vocabulary: different events
    share little more than function words, as different news stories do."""
    out = []
    for _ in range(n):
        words = [rng.choice(e.topic) if rng.random() < 0.6 else rng.choice(_FUNCTION)
                 for _ in range(rng.randint(9, 15))]
        out.append(" ".join(words).capitalize() + ".")
    return out


def _own_words(rng: random.Random, e: _Event) -> _Event:
    """The event told in another outlet's own words: a few shared names, the rest new."""
    topic = e.topic[:5] + tuple(_word(rng) for _ in range(25))
    return _Event(e.eid, e.speaker, e.day, e.verb, e.thing, e.count, e.place, topic)


def _paraphrase(sentence: str) -> str:
    return " ".join(_SYNONYMS.get(w, w) for w in sentence.split(" "))


def _article(doc_id: str, publisher: str, title: str, lead_before: str, statement: str,
             lead_after: str, body: list[str], speaker: str, summary: str | None = None,
             furniture: str | None = None) -> Extraction:
    text = f"{title}\n\n"
    boilerplate: tuple[Span, ...] = ()
    if furniture is not None:
        boilerplate = (Span(len(text), len(text) + len(furniture), furniture),)
        text += furniture + "\n\n"
    summary_spans: tuple[Span, ...] = ()
    if summary is not None:
        start = len(text)
        text += summary + "\n\n"
        summary_spans = (Span(start, start + len(summary), summary),)
    text += lead_before
    start = len(text)
    text += statement
    content = Span(start, len(text), statement)
    text += lead_after + "\n\n" + "\n\n".join(body) + "\n"
    document = Document(id=doc_id, text=text, title=title, publisher=publisher,
                        summary=summary_spans, boilerplate=boilerplate)
    attribution = Attribution(content=content, kind="indirect", speaker=speaker)
    return Extraction(document=document, attributions=(attribution,))


def _event(rng: random.Random, i: int, speaker: str | None = None) -> _Event:
    return _Event(f"e{i:06d}", speaker or _name(rng), rng.choice(_DAYS), rng.choice(_VERBS),
                  rng.choice(_THINGS), rng.randint(3, 400), _word(rng).title(),
                  tuple(_word(rng) for _ in range(30)))


def generate_corpus(n_articles: int, seed: int = 0) -> Corpus:
    """About ``n_articles`` articles (exactly that many) with their ground truth."""
    rng = random.Random(seed)
    out: list[Extraction] = []
    truth = Truth()
    i = 0
    while len(out) < n_articles:
        e = _event(rng, i)
        i += 1
        agency = rng.choice(_AGENCIES)
        wire_id = f"{e.eid}-wire"
        title = f"{e.speaker} says company to {e.verb[0]} {e.thing[0]} in {e.place}"
        body = _body(rng, e, rng.randint(4, 7))
        lead_before = f"{e.place.upper()}, {e.day} ({agency}) - {e.speaker} said on {e.day} that "
        lead_after = "."
        group = [(wire_id, _article(wire_id, agency, title, lead_before, _statement(e, False),
                                    lead_after, body, e.speaker), "wire")]
        for k in range(rng.randint(0, 2)):  # verbatim copies
            cid = f"{e.eid}-copy{k}"
            group.append((cid, _article(cid, rng.choice(_OUTLETS), title, lead_before,
                                        _statement(e, False), lead_after, body, e.speaker,
                                        furniture="Share this article"), "copy"))
            truth.derivations.add((cid, wire_id))
        if rng.random() < 0.6:  # a partial rewrite: paraphrase, reorder, summary block
            rid = f"{e.eid}-rewrite"
            rbody = [_paraphrase(s) for s in body]
            rng.shuffle(rbody)
            group.append((rid, _article(rid, rng.choice(_OUTLETS), _paraphrase(title),
                                        f"{e.speaker} stated on {e.day} that ",
                                        _statement(e, True), ", according to reports.", rbody,
                                        e.speaker, summary="Key takeaways: " + _paraphrase(body[0])),
                          "rewrite"))
            truth.derivations.add((rid, wire_id))
        for k in range(rng.randint(0, 2)):  # independent reports of the same event
            iid = f"{e.eid}-indep{k}"
            ibody = _body(rng, _own_words(rng, e), rng.randint(3, 6))
            group.append((iid, _article(iid, rng.choice(_OUTLETS),
                                        f"{e.place} plan announced by {e.speaker}",
                                        f"In remarks on {e.day}, {e.speaker} told reporters that ",
                                        _statement(e, k % 2 == 1), ".", ibody, e.speaker),
                          "independent"))
        claim = f"{e.eid}-claim"
        for doc_id, ex, kind in group:
            truth.claim_of[doc_id] = claim
            truth.kind[doc_id] = kind
        truth.origins[claim] = 1
        out.extend(ex for _, ex, _ in group)
        if rng.random() < 0.25:  # a near miss: same speaker, other day and figures
            day = rng.choice([d for d in _DAYS if d not in (e.day,)
                              and abs(_DAYS.index(d) - _DAYS.index(e.day)) % 7 not in (1, 6)])
            near = _Event(f"{e.eid}n", e.speaker, day, e.verb, e.thing,
                          e.count + rng.randint(50, 90), e.place, _own_words(rng, e).topic)
            nid = f"{near.eid}-wire"
            out.append(_article(nid, agency, title, f"{near.place.upper()}, {day} ({agency}) - "
                                f"{e.speaker} said on {day} that ", _statement(near, False),
                                ".", _body(rng, near, rng.randint(4, 7)), e.speaker))
            truth.claim_of[nid] = f"{near.eid}-claim"
            truth.origins[f"{near.eid}-claim"] = 1
            truth.kind[nid] = "near-miss"
    out = out[:n_articles]
    kept = {ex.document.id for ex in out}
    truth.derivations = {(d, s) for d, s in truth.derivations if d in kept and s in kept}
    truth.claim_of = {k: v for k, v in truth.claim_of.items() if k in kept}
    truth.kind = {k: v for k, v in truth.kind.items() if k in kept}
    claims = set(truth.claim_of.values())
    truth.origins = {k: v for k, v in truth.origins.items() if k in claims}
    return Corpus(out, truth)
