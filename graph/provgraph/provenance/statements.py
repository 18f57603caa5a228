"""The words of a statement as a reader quotes it back, when wider than its content span.

Sentence attribution marks the *content* the way annotated corpora do: the complement of
the cue. For verbs that only frame speech ("said", "told") that is the statement. For
verbs whose meaning is part of what is claimed it is not: "the Prime Minister has called
it a terrorist attack" states "called it a terrorist attack", not "it a terrorist attack";
"vowed to send humans to Mars", "urged authorities to ...", "had pegged the quake at 6.1",
"accused the party of acting like ...". There the statement runs from the cue to the end of
the verb's own phrase. Quotation marks opened inside a statement are closed inside it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from ..model import Attribution, Span

__all__ = ["FRAMING_VERBS", "widen_statements"]

#: verbs that frame reported speech without adding to it: their content is the statement
#: (announce, confirm, reveal, admit, predict ... carry meaning of their own and stay)
FRAMING_VERBS = frozenset({
    "say", "tell", "add", "state", "note", "write", "explain", "claim", "insist", "argue",
    "stress", "reply", "respond", "answer", "comment", "remark", "reiterate", "mention",
    "declare", "assert", "report", "quote", "cite", "emphasise",
    "emphasize", "highlight", "point", "continue", "ask", "believe", "think", "tweet",
    "post", "according", "indicate", "suggest", "show", "find",
    "agree", "recall", "expect", "hope",
    "fear", "feel", "know", "learn", "hear", "see", "read", "publish", "broadcast"})
_ACCORDING_TAIL = re.compile(r",\s*according to [^,;.\n]{1,60}$")
_QUOTES = set("\"\u201c\u2018'")
_OPEN = {"\u201c": "\u201d", "\u2018": "\u2019"}
_STOP_DEPS = {"advcl", "conj", "cc", "punct", "parataxis", "mark", "nsubj", "nsubjpass",
              "aux", "auxpass", "neg", "advmod", "npadvmod"}


def _cue_token(doc: Doc, a: Attribution) -> Token | None:
    if a.cue is None:
        return None
    span = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "ADJ")]
    return verbs[-1] if verbs else span.root


def _phrase_end(cue: Token) -> int:
    """The end of the verb's own phrase: its objects, complements and prepositions."""
    end = cue.idx + len(cue)
    for child in cue.rights:
        if child.dep_ in _STOP_DEPS:
            if child.is_punct:
                break
            continue
        right = child.right_edge
        end = max(end, right.idx + len(right))
    return end


def _balanced_end(text: str, start: int, end: int) -> int:
    """Close a quotation the statement opens ('... were "lies' → '... were "lies"')."""
    inner = text[start:end]
    if inner.count('"') % 2 == 1 and text[end:end + 1] == '"':
        return end + 1
    for opening, closing in _OPEN.items():
        if inner.count(opening) > inner.count(closing) and text[end:end + 1] == closing:
            return end + 1
    return end


def widen_statements(text: str, doc: Doc, attributions: list[Attribution]
                     ) -> list[Attribution]:
    """Attributions with ``statement`` set where a reader's statement is wider than the
    content (a content-bearing cue verb, or a quotation left open)."""
    out = []
    for a in attributions:
        if a.statement is not None:  # settled already (a cue inside a quotation)
            out.append(a)
            continue
        start, end = a.content.start, a.content.end
        cue = _cue_token(doc, a)
        short_quote = len(a.content.text.split()) <= 3 and text[start - 1:start] in _QUOTES
        if cue is not None and a.cue is not None and a.cue.end <= start and \
                _adjacent(text, a.cue.end, start, 100 if short_quote else 40):
            framing = cue.lemma_.lower() in FRAMING_VERBS and not _object_content(cue, start)
            if not framing:  # "called it a terrorist attack", "reported the tremor as 7.1"
                start = a.cue.start
                if len(a.content.text.split()) < 3:  # "described it" + "as a 6.6 quake"
                    end = max(end, _phrase_end(cue))
            elif short_quote:  # 'confirmed she is retiring despite "wavering"'
                start = a.cue.end + len(text[a.cue.end:start]) - len(
                    text[a.cue.end:start].lstrip())
        tail = _ACCORDING_TAIL.search(text, start, end)
        if tail is not None:  # "..., according to Xinhua": the relay, not the statement
            end = tail.start()
        end = _balanced_end(text, start, end)
        if (start, end) != (a.content.start, a.content.end):
            a = replace(a, statement=Span.of(text, start, end))
        out.append(a)
    return out


def _adjacent(text: str, cue_end: int, content_start: int, limit: int = 40) -> bool:
    """The content follows the cue in the same clause (no comma, quote or line between;
    the quotation mark that opens the content itself is fine)."""
    gap = text[cue_end:content_start].rstrip("\"\u201c\u2018' ")
    return len(gap) <= limit and not any(ch in gap for ch in ',;:"\u201c\u201d\n')


def _object_content(cue: Token, start: int) -> bool:
    """The content is the verb's direct object ("reported the tremor as 7.1"), not a
    clause it frames."""
    return any(c.dep_ == "dobj" and c.left_edge.idx == start for c in cue.children)
