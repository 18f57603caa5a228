"""Token ranges → character spans, trimmed the way attribution spans are written."""

from __future__ import annotations

import unicodedata

from spacy.tokens import Token

__all__ = ["is_punct", "np_bounds", "subtree_bounds", "trim"]


def is_punct(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def trim(text: str, start: int, end: int, *, keep_quotes: bool = False) -> tuple[int, int]:
    """Shrink (start, end) past whitespace and punctuation at both ends.

    >>> trim(' , "Hello," ', 0, 12)
    (4, 9)
    """
    keep = "\"\u201c\u201d'" if keep_quotes else ""
    while start < end and is_punct(text[start]) and text[start] not in keep:
        start += 1
    # a closing period/ellipsis inside the words is kept; trailing commas and marks are not
    while end > start and is_punct(text[end - 1]) and text[end - 1] not in keep:
        end -= 1
    return start, end


def subtree_bounds(token: Token, exclude: set[int] | None = None) -> tuple[int, int]:
    """Character bounds of ``token``'s subtree, leaving out subtrees rooted in ``exclude``."""
    exclude = exclude or set()
    # punctuation does not stretch a span: "X, according to Y." keeps X only
    idx = [t.i for t in _walk(token, exclude) if not (t.is_punct or t.is_space)] or [token.i]
    doc = token.doc
    return doc[min(idx)].idx, doc[max(idx)].idx + len(doc[max(idx)])


def _walk(token: Token, exclude: set[int]) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.i not in exclude:
            out.extend(_walk(child, exclude))
    return out


_NP_LEFT = {"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case", "advmod",
            "npadvmod", "predet", "flat"}


def np_bounds(head: Token) -> tuple[int, int]:
    """The compact noun phrase of ``head``: its left modifiers, no apposition or clause.

    "Belarusian President Alexander Lukashenko, who ..." → the four name words.
    """
    start = head.i
    members = {head.i}
    j = head.i - 1
    while j >= 0:  # t.sent would rebuild every sentence: the chain test keeps us inside
        tok = head.doc[j]
        if tok.dep_ in _NP_LEFT and tok.head.i in members:
            members.add(j)
            start = j
            j -= 1
        elif tok.dep_ == "case" or (tok.is_punct and tok.text in "-\u2019'"):
            members.add(j)
            j -= 1
        else:
            break
    end = head.i
    if head.ent_iob_ in ("B", "I") and head.ent_type_ in ("ORG", "PERSON", "GPE", "NORP"):
        # the entity holding the head (as in doc.ents, which would build every entity's
        # Span): from its B token to the last I token after it
        doc = head.doc
        ent_start, ent_end = head.i, head.i + 1
        while ent_start > 0 and doc[ent_start].ent_iob_ == "I":
            ent_start -= 1
        while ent_end < len(doc) and doc[ent_end].ent_iob_ == "I":
            ent_end += 1
        start, end = min(start, ent_start), max(end, ent_end - 1)  # "the Ministry of Health"
    for child in head.rights:  # "Smith Jr."
        if child.dep_ in ("flat", "compound") and child.i == end + 1:
            end = child.i
    doc = head.doc
    return doc[start].idx, doc[end].idx + len(doc[end])
