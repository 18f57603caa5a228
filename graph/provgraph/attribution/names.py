"""Names of outlets and agents as written in a noun phrase, without the furniture.

"the Xinhua news agency" → "Xinhua"; "the TASS interview" → "TASS"; "local media" stays.
"""

from __future__ import annotations

from spacy.tokens import Token

__all__ = ["np_text", "outlet_name", "phrase_text", "proper_name"]

_OUTLET_WORDS = {"news", "agency", "newspaper", "daily", "outlet", "service", "wire",
                 "channel", "broadcaster", "magazine", "network", "website", "station",
                 "freesheet", "tabloid", "weekly", "chain", "radio"}
_DETS = {"the", "a", "an", "this", "that", "these", "those"}


def np_text(head: Token) -> str:
    """The noun phrase of ``head``: its left modifiers and the head, no clauses."""
    left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "det", "poss", "nmod",
                                                 "nummod", "flat")]
    start = min([t.left_edge.i for t in left] + [head.i])
    toks = [t for t in head.doc[start : head.i + 1]]
    while toks and toks[0].lower_ in _DETS:
        toks = toks[1:]
    return "".join(t.text_with_ws for t in toks).strip()


def proper_name(head: Token) -> str | None:
    """The proper-noun words of the phrase ("the TASS interview" → "TASS"), if any."""
    words = [t for t in head.subtree if t.pos_ == "PROPN" and t.i <= head.i]
    if head.pos_ == "PROPN" and head not in words:
        words.append(head)
    if not words:
        return None
    words.sort(key=lambda t: t.i)
    # keep the last run of adjacent proper nouns
    run = [words[-1]]
    for t in reversed(words[:-1]):
        if t.i == run[0].i - 1:
            run.insert(0, t)
        else:
            break
    return "".join(t.text_with_ws for t in run).strip()


_QUANTIFIERS = {"number", "couple", "handful", "majority", "series", "lot", "host", "range"}


def outlet_name(head: Token) -> str:
    """The outlet's own name: "Xinhua news agency" → "Xinhua".

    Falls back to the phrase without its article when there is no proper name
    ("local media"); "a number of Russian outlets" names the outlets.
    """
    if head.lemma_.lower() in _QUANTIFIERS:
        of = [p for prep in head.children if prep.lower_ == "of"
              for p in prep.children if p.dep_ == "pobj"]
        if of:
            return outlet_name(of[0])
    text = np_text(head)
    words = text.split()
    # "Xinhua news agency" → "Xinhua"; "Baltic News Agency" is a name and stays whole
    while len(words) > 1 and words[-1] in _OUTLET_WORDS:
        words.pop()
    name = " ".join(words)
    if name.endswith(("'s", "\u2019s")):
        name = name[:-2]
    return name or text


def phrase_text(head: Token) -> str:
    """The whole phrase of ``head`` with its modifiers ("a source close to the board")."""
    toks = [t for t in head.subtree if not (t.is_punct and t.i in (head.left_edge.i,
                                                                    head.right_edge.i))]
    return head.doc[toks[0].i : toks[-1].i + 1].text if toks else head.text
