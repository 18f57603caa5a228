"""Where the reported words of a candidate begin and end.

Rules, in order: a complement clause ("said that …"), an object with an infinitive ("urged
X to …", "called on X to …"), content before the cue ("…, Putin said"), a direct object of
a verb that reports things ("confirmed plans to …"), an adjacent quotation ('"…," he said').
A content that lies inside a quotation grows to the whole quotation, which may run over
several sentences and paragraphs.
"""

from __future__ import annotations

from spacy.tokens import Token

from .candidates import Candidate
from .lexicon import Lexicon
from .names import phrase_text
from .spans import subtree_bounds, trim

_QUOTE_MARKS = set("\"\u201c\u2018'")
__all__ = ["content_bounds"]


def _clause_children(t: Token) -> list[Token]:
    ccomp = [c for c in t.children if c.dep_ == "ccomp"]
    return ccomp or [c for c in t.children if c.dep_ == "xcomp"]


def _with_object(t: Token, lex: Lexicon) -> tuple[Token | None, list[Token]]:
    """("urged Ukraine to revoke …") → (Ukraine, [revoke]); "called on X to" too."""
    obj = next((c for c in t.children if c.dep_ == "dobj"), None)
    if obj is None:
        for prep in t.children:
            if prep.lower_ in lex.particles.get(t.lemma_.lower(), ()):
                obj = next((p for p in prep.children if p.dep_ == "pobj"), None)
    if obj is None:
        return None, []
    xcomp = [c for c in t.children if c.dep_ == "xcomp"] + [
        c for c in obj.subtree if c.dep_ in ("xcomp", "acl", "relcl") and c.tag_ == "VB"]
    return obj, xcomp[:1]


def _swallowed_clause(t: Token) -> tuple[Token, Token] | None:
    """"A quake struck off the coast, the US Geological Survey said": parsed as one subject
    ("magnitude", with "struck" a relative clause and the agency an apposition right
    before the cue). Returns the apposition (the real source) and the comma that ends
    the reported words, or None for any other subject. A true relative clause opens with
    its wh-word ("The man who struck the ball, John Smith, said") and is left alone."""
    subj = next((ch for ch in t.children if ch.dep_ == "nsubj" and ch.i < t.i), None)
    if subj is None:
        return None
    app = next((ch for ch in subj.children if ch.dep_ == "appos" and ch.i > subj.i), None)
    if app is None or app.right_edge.i != t.i - 1 or app.left_edge.i < 1:
        return None
    doc = t.doc
    comma = doc[app.left_edge.i - 1]
    if comma.text != "," or comma.i <= subj.left_edge.i:
        return None
    clause = [w for w in doc[subj.left_edge.i:comma.i]
              if w.dep_ in ("relcl", "acl") and w.pos_ in ("VERB", "AUX") and any(
                  ch.dep_ in ("nsubj", "nsubjpass") for ch in w.children)]
    if not clause or any(ch.tag_ in ("WDT", "WP", "WP$") or ch.lower_ == "that"
                         for w in clause for ch in w.children):
        return None
    return app, comma


def _citing_that(c: Candidate, t: Token, lex: Lexicon, exclude: set[int]
                 ) -> tuple[int, int] | None:
    """"Bloomberg reported, citing people familiar with the matter, that the bank ...":
    the parser hangs the that-clause on "citing" or elsewhere; read it off the words.
    The cited source becomes the candidate's speaker hint (the reporter relays it)."""
    doc = t.doc
    i = t.i + 1
    if i + 1 >= len(doc) or doc[i].text != "," or \
            doc[i + 1].lemma_.lower() not in lex.citing_verbs:
        return None
    cite = doc[i + 1]
    for j in range(cite.i + 2, min(cite.i + 16, len(doc) - 1)):
        if doc[j].text == "," and doc[j + 1].lower_ == "that" and doc[j + 1].dep_ == "mark":
            clause = doc[j + 1].head
            if clause.i <= j + 1 or cite.i + 1 >= j:
                return None
            _, end = subtree_bounds(clause, exclude | {cite.i, doc[j + 1].i})
            if end <= doc[j + 2].idx:
                return None
            objs = [w for w in cite.rights if w.dep_ in ("dobj", "pobj") and w.i < j]
            if objs and c.speaker_hint is None:
                c.speaker_hint, c.hint_anonymous = phrase_text(objs[0]), objs[0].pos_ != "PROPN"
            return doc[j + 2].idx, end
        if doc[j].is_sent_end:
            return None
    return None


def _writer_with_phrase(head: Token, exclude: set[int]) -> Token | None:
    """A closing ", with a focus on …" made only of nouns: the writer's gloss on what was
    said ("confirms plans to deploy X, with a focus on security"), not the speaker's
    words. A with-phrase that carries a verb ("with most of the cuts coming in Ohio") is
    the speaker's and stays."""
    doc = head.doc
    end = max((t.i for t in head.subtree if not (t.is_punct or t.is_space)), default=head.i)
    for t in head.subtree:
        if t.dep_ == "prep" and t.lower_ == "with" and t.i > head.i and t.i not in exclude \
                and doc[t.i - 1].text == "," and t.right_edge.i >= end \
                and not any(x.pos_ in ("VERB", "AUX") for x in t.subtree):
            return t
    return None


def _gloss(c: Candidate, head: Token, exclude: set[int]) -> set[int]:
    """The token ids of the writer's gloss closing ``head``'s subtree (kept out of the
    content and recorded on the candidate, so a learned span over it is not taken)."""
    w = _writer_with_phrase(head, exclude)
    if w is None:
        return set()
    c.gloss = (w.doc[w.i - 1].idx, w.right_edge.idx + len(w.right_edge))
    return {w.i}


def _adjacent_quote(c: Candidate, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation in or touching the cue's sentence, nearest to the cue."""
    if c.cue is None:
        return None
    s0, s1 = c.sentence.start_char, c.sentence.end_char
    best: tuple[int, tuple[int, int]] | None = None
    for q in quotes:
        if q[1] <= s0 - 1 or q[0] >= s1 or (q[0] <= c.cue[0] < q[1]):
            continue
        dist = c.cue[0] - q[1] if q[1] <= c.cue[0] else q[0] - c.cue[1]
        if best is None or dist < best[0]:
            best = (dist, q)
    return best[1] if best else None


def _continuation(c: Candidate, q: tuple[int, int], text: str,
                  quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The second half of a quotation split around its cue, if there is one."""
    if c.cue is None or q[1] > c.cue[0] or text[q[0]:q[1]].rstrip("\"\u201d ")[-1:] != ",":
        return None
    for q2 in quotes:
        if c.cue[1] <= q2[0] < c.sentence.end_char + 1 and text[q2[0] + 1 : q2[0] + 2].islower():
            between = text[c.cue[1] : q2[0]]
            if between.count(".") == 0 and len(between) < 120:
                return q2
    return None


def _clause_before_source(c: Candidate) -> tuple[int, int] | None:
    """"The talks failed, a source close to the ministry told the newspaper": the words
    before the comma that opens the source are the content."""
    src = c.source_token
    if src is None or c.cue_token is None or src.i > c.cue_token.i:
        return None
    doc = src.doc
    left = src.left_edge.i
    if left - 1 <= c.sentence.start or doc[left - 1].text != ",":
        return None
    before = doc[c.sentence.start : left - 1]
    if not any(t.pos_ in ("VERB", "AUX") for t in before):
        return None
    return before.start_char, before.end_char


def _quote_holding(pos: int, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    return next((q for q in quotes if q[0] <= pos < q[1]), None)


def _grow_to_quote(span: tuple[int, int], cue: tuple[int, int] | None,
                   quotes: list[tuple[int, int]]) -> tuple[int, int]:
    for q in quotes:
        inside = q[0] <= span[0] and span[1] <= q[1] + 1
        if inside and not (cue and q[0] <= cue[0] < q[1]):
            return q
    return span


def content_bounds(c: Candidate, text: str, quotes: list[tuple[int, int]], lex: Lexicon,
                   floor: int, exclude: set[int], keep_that: bool) -> tuple[int, int] | None:
    """Character bounds of the candidate's content, or None when it has none."""
    t = c.cue_token
    span: tuple[int, int] | None = None
    obj: Token | None = None
    if c.content_token is not None:  # nouns and "according to": the parse already chose
        root = c.content_token
        span = subtree_bounds(root, exclude | c.extra_exclude)
    elif t is not None and c.inverted:
        q = _adjacent_quote(c, quotes)
        span = q if q is not None and q[1] <= t.idx else (c.sentence.start_char, t.idx)
    elif t is not None and (swallowed := _swallowed_clause(t)) is not None:
        app, comma = swallowed
        c.source_token = app  # the subject was the reported words; the apposition speaks
        span = (max(t.sent.start_char, floor, app.head.left_edge.idx), comma.idx)
    elif t is not None and not _clause_children(t) and \
            (cited := _citing_that(c, t, lex, exclude)) is not None:
        span = cited
    elif t is not None:
        clauses = _clause_children(t)
        # a complement inside a quotation is the quotation; a clause that only quotes a
        # word or two ('said doping has "embarrassed" them') stays the clause
        quoted = _quote_holding(clauses[0].idx, quotes) if clauses else None
        if quoted is not None and not quoted[0] <= t.idx < quoted[1] and not (
                len(text[quoted[0]:quoted[1]].split()) <= 3
                and clauses[0].left_edge.idx < quoted[0]):
            clauses, span = [], quoted
        obj, xcomp = _with_object(t, lex)
        if span is not None:
            pass
        elif clauses and clauses[0].i < t.i:
            end = min([t.idx] + ([c.sentence.doc[c.source_token.left_edge.i].idx]
                                 if c.source_token is not None and c.source_token.i < t.i
                                 and c.source_token.i > clauses[0].i else []))
            span = (max(c.sentence.start_char, floor), end)
        elif obj is not None and xcomp:
            s, _ = subtree_bounds(obj, exclude)
            _, e = subtree_bounds(xcomp[0], exclude | _gloss(c, xcomp[0], exclude))
            span = (s, e)
        elif clauses:
            span = subtree_bounds(clauses[0], exclude)
        elif obj is not None and t.lemma_.lower() not in lex.verbs_needing_clause:
            span = subtree_bounds(obj, exclude | _gloss(c, obj, exclude))
        elif t.dep_ == "parataxis" and t.head.i < t.i:
            start, _ = subtree_bounds(t.head, exclude)
            src = c.source_token
            # "…, the agency said": the words end where the source begins
            end = src.left_edge.idx if src is not None and t.head.i < src.i < t.i else t.idx
            span = (max(start, floor), end)
        else:
            span = _clause_before_source(c)
    if span is None:
        q = _adjacent_quote(c, quotes)
        if q is None:
            return None
        span = q
    if span in quotes:
        more = _continuation(c, span, text, quotes)
        if more is not None:  # '"…," said Lopez, "and …"': one statement in two pieces
            c.pieces = (trim(text, *span), trim(text, *more))
            return span[0] + 1, more[1] - 1
    span = _grow_to_quote(span, c.cue, quotes)
    start, end = trim(text, max(span[0], floor), span[1])
    if not keep_that and text[start:start + 5].lower() == "that " and c.cue_type != "quote" \
            and text[start - 1:start] not in _QUOTE_MARKS:  # a quotation's own "That ..."
        start += 5
    if end - start < 2:
        return None
    return start, end
