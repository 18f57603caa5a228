"""Roles and affiliations: "X, the head of the Y Department at the Z Ministry" and
"Belarusian President X" become role and affiliation facts about X."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from ..nlp.gazetteer import load_gazetteer

__all__ = ["role_of"]

_DETS = ("the ", "a ", "an ")


def _appos_role(head: Token) -> tuple[str | None, str | None]:
    for c in head.children:
        if c.dep_ != "appos" or c.pos_ not in ("NOUN", "PROPN"):
            continue
        toks = list(c.subtree)
        text = head.doc[toks[0].i : toks[-1].i + 1].text.strip(" ,")
        for det in _DETS:
            if text.lower().startswith(det):
                text = text[len(det):]
        # the last "at/of the <Organisation>" is the affiliation
        for prep in sorted((t for t in c.subtree if t.dep_ == "prep" and t.lower_ in ("at", "of",
                            "for", "in")), key=lambda t: -t.i):
            pobj = [p for p in prep.children if p.dep_ == "pobj"]
            if pobj and pobj[0].ent_type_ in ("ORG", "GPE"):
                org = head.doc[pobj[0].left_edge.i : pobj[0].i + 1].text
                for det in _DETS:
                    if org.lower().startswith(det):
                        org = org[len(det):]
                role = head.doc[toks[0].i : prep.i].text.strip(" ,")
                for det in _DETS:
                    if role.lower().startswith(det):
                        role = role[len(det):]
                if prep.lower_ == "at" or pobj[0].ent_type_ == "GPE" or prep.lower_ == "for":
                    return role or None, org
        return text or None, None
    return None, None


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """The words of the gazetteer's roles, as written ("President", "Foreign"), once."""
    return frozenset(w for r in load_gazetteer().role_words for w in r.split())


def _prefix_role(doc: Doc, start: int, head: Token) -> tuple[str | None, str | None]:
    """"Belarusian President Alexander Lukashenko" → ("President", "Belarus")."""
    gaz = load_gazetteer()
    words = [t for t in doc[start : head.i] if t.pos_ != "DET"]
    titles = [t for t in words if t.ent_type_ != "PERSON" or t.is_title and t.text in
              _role_words()]
    affiliation = next((gaz.demonyms[t.text] for t in titles if t.text in gaz.demonyms), None)
    role_words = [t.text for t in titles if t.text not in gaz.demonyms]
    role = " ".join(role_words) if role_words else None
    if role and role.lower() in ("mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr"):
        role = None
    return role, affiliation


def role_of(doc: Doc, name_start: int, head: Token) -> tuple[str | None, str | None]:
    """(role, affiliation) stated next to a name whose head token is ``head``."""
    role, aff = _appos_role(head)
    if role is None:
        left = head.left_edge.i
        role, aff2 = _prefix_role(doc, left, head)
        aff = aff or aff2
    return role, aff
