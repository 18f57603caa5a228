"""entities: who each source is — names, pronouns, descriptors, roles, aliases.

``resolve(document, doc, candidates)`` turns the candidates of ``provgraph.attribution``
into Attributions with a speaker (the canonical name of an entity of the article) and
lists the article's entities. coreferee ships no English model on PyPI, so pronouns and
descriptors are resolved here by recency, number and role words.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..attribution import Candidate, kind_of
from ..attribution.lexicon import load_lexicon
from ..attribution.names import np_text
from ..attribution.quotes import find_quotes
from ..ingest.layout import read_layout
from ..model import Attribution, Channel, Document, Entity, Span
from ..nlp.gazetteer import load_gazetteer, title_words
from .heads import ORG_HEADS, OUTLET_HEADS, REPORT_HEADS, SPOKESPEOPLE, is_human_noun
from .mentions import EntityTable, Mention, build_table, collect_mentions, looks_like_person
from .roles import role_of

__all__ = ["resolve"]

_PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
_GROUP_PRONOUNS = {"they", "them", "we", "it", "i", "you"}
_LOOKAHEAD_SENTENCES = 3


def _heads(m: Mention, head: Token) -> bool:
    """The mention is the source itself, not a modifier of it ("Mexico's central bank",
    "Gansu authorities" are not Mexico and Gansu)."""
    # ... but the issuer of a report is its source: "an FBI statement", "Xinhua's report",
    # and an outlet named before its kind is the outlet: "the Kyodo news agency"
    return m.start <= head.idx < m.end or head.pos_ != "NOUN" or \
        head.lemma_.lower() in REPORT_HEADS or (
            head.lemma_.lower() in OUTLET_HEADS and m.type in ("NewsAgency", "Publisher"))


def _mention_at(mentions: list[Mention], start: int, end: int,
                head: Token | None = None) -> Mention | None:
    """The mention a phrase names: the one holding its head word, else a person, else the
    longest ("Acme analyst Jo Li" is Jo Li)."""
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    if not inside:
        return None
    return max(inside, key=lambda m: (head is not None and m.start <= head.idx < m.end,
                                      m.type == "Person", m.end - m.start))


class _Resolver:
    def __init__(self, document: Document, doc: Doc, cands: list[Candidate]) -> None:
        self.document, self.doc, self.cands = document, doc, cands
        self.lex = load_lexicon()
        heads = {c.source_token.i for c in cands if c.source_token is not None}
        self.mentions = collect_mentions(doc, heads)
        self._add_speaker_names(cands)
        self.table = build_table(self.mentions)
        self.sents = list(doc.sents)
        self.quotes = find_quotes(document.text)
        self.descriptors: dict[str, tuple[str, bool]] = {}  # head word → unnamed speaker
        # a headline's names are no antecedents ("Chief hails vaccine news" → "he said")
        self.body_start = read_layout(document.text).body_start if document.title else 0

    def _add_speaker_names(self, cands: list[Candidate]) -> None:
        """A speaker written as a proper name that NER missed is still a mention."""
        for c in cands:
            t = c.source_token
            if t is None or t.pos_ != "PROPN" or c.source is None:
                continue
            if _mention_at(self.mentions, *c.source) is not None:
                continue
            span = self.doc.char_span(*c.source, alignment_mode="expand")
            names = [w for w in span if w.pos_ == "PROPN"] if span is not None else []
            if all(w.lower_.rstrip(".") in title_words() for w in names):
                continue  # "The Governor", "Chief Secretary": a title, not a name
            first = names[0].i
            while first > span.start and self.doc[first - 1].text[:1].isupper() and \
                    self.doc[first - 1].lower_ not in ("the", "a", "an"):
                first -= 1  # "the Brazilian FA": "Brazilian" is an adjective to the tagger
            name = self.doc[first : names[-1].i + 1]
            if len(name) == 1 and name[0].is_sent_start and name.text.istitle():
                continue  # "Data showed ...": any word is capitalised at a sentence start
            type_ = "Person" if looks_like_person(name) else "Organization"
            if type_ == "Person":  # "Mayor Ana Ruiz" is Ana Ruiz
                while len(name) > 1 and name[0].lower_.rstrip(".") in title_words():
                    name = name[1:]
            self.mentions.append(Mention(name.start_char, name.end_char, name.text, type_, t.i))
        self.mentions.sort(key=lambda m: m.start)

    def _last_person_before(self, pos: int) -> str | None:
        before = [m for m in self.mentions if m.end <= pos and m.type == "Person"
                  and not self._quoted(m.start) and m.start >= self.body_start]
        # prefer a person who is a subject (the usual antecedent of "he said")
        for m in reversed(before[-6:]):
            if self.doc[m.token_i].dep_ in ("nsubj", "nsubjpass", "pobj", "appos") or \
                    self._is_source(m):
                return self.table.canonical(m.text)
        return self.table.canonical(before[-1].text) if before else None

    def _quoted(self, pos: int) -> bool:
        """Inside a quotation: a name there is the speaker's word, not an antecedent."""
        return any(q[0] <= pos < q[1] for q in self.quotes)

    def _is_source(self, m: Mention) -> bool:
        return any(c.source and c.source[0] <= m.start < c.source[1] for c in self.cands)

    def _person_ahead(self, t: Token, content: tuple[int, int] | None) -> str | None:
        """The first person named in full after ``t``, in its sentence or the next ones:
        one the article goes on to quote if any, else one named outside quotations and
        outside the statement's own words."""
        idx = next(i for i, s in enumerate(self.sents) if s.start <= t.i < s.end)
        window = self.sents[idx : idx + 1 + _LOOKAHEAD_SENTENCES]
        named = [m for s in window for m in self.mentions
                 if s.start_char <= m.start < s.end_char and m.start > t.idx
                 and m.type == "Person" and len(m.text.split()) > 1
                 and not self._quoted(m.start)
                 and not (content and content[0] <= m.start < content[1])]
        best = next((m for m in named if self._is_source(m)), named[0] if named else None)
        return self.table.canonical(best.text) if best else None

    def _matching_person(self, t: Token) -> str | None:
        """The person last introduced with the descriptor's words ("the Belgian racer" →
        "Belgian driver Ana Ruiz")."""
        words = {w.lower_ for w in t.lefts if w.dep_ in ("amod", "compound", "nmod")
                 and w.pos_ in ("ADJ", "PROPN", "NOUN")} | {t.lower_}
        text = self.document.text
        for m in reversed([m for m in self.mentions if self.body_start <= m.start
                           and m.end <= t.idx and m.type == "Person"]):
            before = set(text[max(0, m.start - 40):m.start].lower().split())
            if words & before:
                return self.table.canonical(m.text)
        return None

    def _descriptor(self, c: Candidate, t: Token) -> tuple[str | None, bool]:
        """("a senior diplomat" …) → the named person the article goes on to quote, or an
        anonymous group."""
        sent = c.sentence  # its text, without spaCy joining its tokens again
        sent_text = self.document.text[sent.start_char:sent.end_char].lower()
        words = {w.lower_ for w in t.subtree}
        anonymous_marked = any(mk in sent_text for mk in self.lex.anonymity_markers)
        singular = t.tag_ in ("NN", "NNP")
        indefinite = any(w.lower_ in ("a", "an", "one") for w in t.lefts)
        definite = any(w.lower_ in ("the", "this", "that") for w in t.lefts)
        role_head = t.lemma_.lower() in self.lex.anonymous_heads or t.lower_ in title_words()
        if singular and definite and t.lemma_.lower() in self.descriptors:
            # "the spokesman" after "a ministry spokesman said": the same unnamed speaker
            return self.descriptors[t.lemma_.lower()]
        if singular and definite and not anonymous_marked:
            # "the ministry" after "the Ministry of Health"; "the official" after a named one
            org = [m for m in self.mentions if self.body_start <= m.start and m.end <= t.idx
                   and m.type not in ("Person", "Place") and t.lower_ in m.text.lower().split()]
            if org:
                return self.table.canonical(org[-1].text) or org[-1].text, False
            if (role_head or is_human_noun(t)) and t.lemma_.lower() not in ORG_HEADS:
                # "the Belgian racer" → the person introduced as a Belgian ...; "The
                # governor said" before the governor is named → the next person quoted
                specific = len([w for w in t.lefts if w.dep_ in ("amod", "compound")]) >= 2
                before = self._last_person_before(t.idx)
                ahead = self._person_ahead(t, c.content)
                # "the Brazilian national team doctor" matching nobody introduced so far
                # introduces someone new: the person named next
                person = self._matching_person(t) or (
                    (ahead or before) if specific else (before or ahead))
                if person:
                    return person, False
        if singular and indefinite and role_head and not anonymous_marked and \
                not words & SPOKESPEOPLE:
            # "a senior diplomat said" → the person the article goes on to quote (never a
            # spokesperson or a source: they speak for someone else)
            ahead = self._person_ahead(t, c.content)
            if ahead:
                return ahead, False
        text = self.document.text[c.source[0]:c.source[1]] if c.source else t.text
        anonymous = t.lemma_.lower() in self.lex.anonymous_heads or anonymous_marked
        if indefinite:
            self.descriptors[t.lemma_.lower()] = (text, anonymous)
        return text, anonymous

    def speaker(self, c: Candidate, last: str | None) -> tuple[str | None, bool]:
        if c.speaker_hint:
            return (self.table.canonical(c.speaker_hint) or c.speaker_hint), c.hint_anonymous
        t = c.source_token
        if t is None or c.source is None:
            return (last, False) if c.cue_type == "quote" else (None, False)
        m = _mention_at(self.mentions, *c.source, head=t)
        if m is not None and _heads(m, t):
            return self.table.canonical(m.text) or m.text, False
        if t.lower_ in ("who", "which", "that") and t.head.dep_ == "relcl":
            # "Russian media, which cited ...", "Koca, who said ...": the antecedent speaks
            ante = t.head.head
            m = _mention_at(self.mentions, ante.left_edge.idx,
                            ante.idx + len(ante), head=ante)
            if m is not None:
                return self.table.canonical(m.text) or m.text, False
            return np_text(ante) if ante.pos_ in ("NOUN", "PROPN") else None, False
        if t.lower_ in _PERSON_PRONOUNS:
            return self._last_person_before(t.idx) or last, False
        if t.lower_ in _GROUP_PRONOUNS:
            return last if t.lower_ in ("i", "we") else None, False
        for ap in (a for a in t.children if a.dep_ == "appos"):  # "the governor, Li Wei,"
            named = _mention_at(self.mentions, ap.left_edge.idx,
                                ap.right_edge.idx + len(ap.right_edge))
            if named is not None and named.type == "Person":
                return self.table.canonical(named.text) or named.text, False
        if t.pos_ in ("NOUN", "PROPN"):
            return self._descriptor(c, t)
        return None, False

    def roles(self) -> None:
        for m in self.mentions:
            if m.type != "Person":
                continue
            canonical = self.table.canonical(m.text)
            if canonical is None or canonical in self.table.roles:
                continue
            role, aff = role_of(self.doc, m.start, self.doc[m.token_i])
            if role:
                self.table.roles[canonical] = role
            if aff:
                self.table.affiliations[canonical] = aff
                self.table.add(aff, "Place" if aff in load_gazetteer().demonyms.values()
                               else "Organization")


def _canonical_via(table: EntityTable, via: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for name in via:
        canon = table.canonical(name) or name
        table.add(canon, table.types.get(canon, "NewsAgency"), name)
        if canon in table.types and table.types[canon] in ("Organization",):
            table.types[canon] = "NewsAgency"
        if not out or out[-1] != canon:
            out.append(canon)
    return tuple(out)


def _span(text: str, bounds: tuple[int, int] | None) -> Span | None:
    return Span.of(text, *bounds) if bounds else None


def resolve(document: Document, doc: Doc, cands: list[Candidate]
            ) -> tuple[list[Attribution], list[Entity]]:
    """Attributions with speakers, and the entities of the article."""
    r = _Resolver(document, doc, cands)
    r.roles()
    text = document.text  # == doc.text, which spaCy rebuilds on every access
    quotes = find_quotes(text)
    out: list[Attribution] = []
    last: str | None = None
    for c in cands:
        assert c.content is not None
        speaker, anonymous = r.speaker(c, last)
        if speaker and anonymous:
            r.table.add(speaker, "Group")
        via = _canonical_via(r.table, c.via)
        channel = c.channel
        if channel and channel.with_:
            channel = Channel(channel.kind, r.table.canonical(channel.with_) or channel.with_)
        out.append(Attribution(
            content=Span.of(text, *c.content),
            kind=kind_of(*c.content, quotes, c.pieces),  # type: ignore[arg-type]
            content_pieces=tuple(Span.of(text, *p) for p in c.pieces),
            source=_span(text, c.source), cue=_span(text, c.cue), speaker=speaker,
            channel=channel, via=via, anonymous=anonymous,
        ))
        if speaker and not anonymous:
            last = speaker
    if document.publisher:
        r.table.add(document.publisher, load_gazetteer().outlet_type(document.publisher)
                    or "Publisher")
    entities = [
        Entity(name=n, type=t, aliases=tuple(sorted(r.table.aliases.get(n, {n}))),
               role=r.table.roles.get(n), affiliation=r.table.affiliations.get(n))
        for n, t in sorted(r.table.types.items())
    ]
    return out, entities
