"""Token features for the learned attribution tagger, shared by training and tagging.

Two CRF passes (see ``learned.py``):

1. **cue pass** - one sequence per sentence, labels ``O / B-CUE / I-CUE``;
2. **role pass** - one sequence per predicted cue, covering the cue's paragraph (at most
   ``WINDOW`` sentences either side), labels ``O / B-SRC / I-SRC / B-CON / I-CON``, with
   features describing each token *relative to that cue* (side, distance, dependency path).

Every feature is a single word or a tag (no word n-grams), so the weights hold no text.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import (
    DEP,
    ENT_TYPE,
    HEAD,
    IS_DIGIT,
    IS_LOWER,
    IS_PUNCT,
    IS_SPACE,
    IS_TITLE,
    LEMMA,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    TAG,
)
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Token

__all__ = ["CUE_LEXICON", "DocInfo", "analyse", "cue_features", "role_features", "role_window",
           "with_confidence"]

WINDOW = 3  # sentences either side of the cue's sentence considered by the role pass
# tokens either side of the cue, at most: one endless sentence would otherwise make every
# cue's window the whole text (cues x length, quadratic); the widest side on PolNeAR dev is 144
WINDOW_TOKENS = 200

# Reporting verbs and nouns, thoughts, intentions and evidence, as lemmas (PolNeAR marks all).
CUE_LEXICON = frozenset(
    """say tell add note accord statement believe want show write ask call report announce
    suggest find tweet describe argue think seem continue decline explain acknowledge
    endorse criticize appear declare expect refer urge cite recall support see conclude
    defend claim insist warn predict promise deny confirm admit indicate reveal state
    hope fear estimate agree disagree complain question respond reply told testify vow
    pledge threaten demand propose recommend charge allege accuse praise blame contend
    maintain mention point emphasize stress observe remark comment speak discuss interview
    poll survey study data analysis record document letter email memo post release remark
    quote according view opinion feel know learn hear understand doubt worry concern
    consider expect plan intend aim seek try wish need like love hate oppose favor back
    assert assure caution signal suggest imply reckon guess suspect predict forecast
    announcement comment remarks testimony speech interview report reports claims says
    tweet tweets transcript filing lawsuit complaint ruling decision verdict label brand
    dismiss reject ridicule mock slam blast attack hail welcome applaud
    commend""".split()  # noqa: SIM905
)

QUOTE_OPEN = {"“", "‘‘", "``"}
QUOTE_CLOSE = {"”", "''"}
QUOTE_ANY = QUOTE_OPEN | QUOTE_CLOSE | {'"'}


@dataclass(slots=True)
class DocInfo:
    """Per-token facts computed once per document."""

    sent: list[int]  # sentence index of each token
    par: list[int]  # paragraph index (paragraphs end at a newline)
    quote: list[int]  # 1 inside double quotation marks (or being one), else 0
    sents: list[tuple[int, int]]  # token range of each sentence
    sent_has_quote: list[bool]
    sent_has_lex: list[bool]
    # per-token strings the role pass reuses for every cue window (filled on first use)
    static: dict[str, list[Any]] = field(default_factory=dict)


def _lemma(t: Token) -> str:
    if t.is_space or not t.text.strip():
        return "<SP>"
    return t.lemma_.lower() if t.lemma_ else t.lower_



def _arrays(doc: Doc) -> dict[str, list[Any]]:
    """Per-token strings and flags of ``doc``, read in one ``doc.to_array`` call rather than
    through a Token object per attribute (the same values as ``t.tag_``, ``t.is_space``...)."""
    strings = doc.vocab.strings
    names: dict[int, str] = {}

    def text_of(column: Any) -> list[str]:
        out = []
        for h in column:
            name = names.get(h)
            if name is None:
                name = names[h] = strings[h]
            out.append(name)
        return out

    cols = doc.to_array([ORTH, LOWER, LEMMA, TAG, DEP, ENT_TYPE, IS_SPACE, IS_PUNCT, IS_DIGIT,
                         LIKE_NUM, IS_TITLE, IS_LOWER]).T.tolist()
    pos = [POS_NAMES[k] for k in doc.to_array(POS).tolist()]
    heads = doc.to_array(HEAD).view("int64").tolist()  # offsets to the head, signed
    return {"text": text_of(cols[0]), "lower": text_of(cols[1]), "lemma": text_of(cols[2]),
            "tag": text_of(cols[3]), "dep": text_of(cols[4]), "ent": text_of(cols[5]),
            "space": cols[6], "punct": cols[7], "digit": cols[8], "num": cols[9],
            "title": cols[10], "is_lower": cols[11], "pos": pos,
            "head": [i + h for i, h in enumerate(heads)]}


def analyse(doc: Doc, spans: list | None = None) -> DocInfo:  # type: ignore[type-arg]
    """Per-token facts of ``doc``; ``spans``: its ``doc.sents`` when already at hand."""
    sent = [0] * len(doc)
    sents: list[tuple[int, int]] = []
    for k, s in enumerate(doc.sents if spans is None else spans):
        sents.append((s.start, s.end))
        for i in range(s.start, s.end):
            sent[i] = k
    arr = _arrays(doc)
    par, quote = [0] * len(doc), [0] * len(doc)
    p, inside = 0, False
    # a token's trailing whitespace is one space or nothing: line breaks are tokens
    for i, txt in enumerate(arr["text"]):
        par[i] = p
        if txt in QUOTE_OPEN:
            inside, quote[i] = True, 1
        elif txt in QUOTE_CLOSE:
            inside, quote[i] = False, 1
        elif txt == '"':
            quote[i] = 1
            inside = not inside
        else:
            quote[i] = int(inside)
        if "\n" in txt:
            p += 1
            inside = False
    blank = [sp or not txt.strip() for sp, txt in zip(arr["space"], arr["text"], strict=True)]
    words = ["<SP>" if b else low for b, low in zip(blank, arr["lower"], strict=True)]
    lem = ["<SP>" if b else (lemma.lower() if lemma else low)
           for b, lemma, low in zip(blank, arr["lemma"], arr["lower"], strict=True)]
    has_q = [any(quote[a:b]) for a, b in sents]
    has_l = [any(x in CUE_LEXICON for x in lem[a:b]) for a, b in sents]
    return DocInfo(sent, par, quote, sents, has_q, has_l,
                   {"lem": lem, "word": words, "arrays": [arr]})


def _dist(n: int) -> str:
    n = abs(n)
    if n <= 3:
        return str(n)
    return "4-5" if n <= 5 else "6-10" if n <= 10 else "11-20" if n <= 20 else "21+"


def cue_features(doc: Doc, info: DocInfo, start: int, end: int) -> list[list[str]]:
    """Features of tokens ``start..end`` (one sentence) for the cue pass."""
    st = _static(doc, info)
    lems, tags, deps, heads = st["lem"], st["tag"], st["dep"], st["head"]
    poss, ents, kids_of, edges = st["pos"], st["ent"], st["kids"], st["edges"]
    quote = info.quote
    out = []
    for i in range(start, end):
        lem = lems[i]
        lex = lem in CUE_LEXICON
        hi = heads[i]
        pos = poss[i]
        f = [
            "bias",
            st["base"][i][0],
            f"l={lem}",
            f"t={tags[i]}",
            f"p={pos}",
            f"d={deps[i]}",
            st["sh"][i],
            f"q={quote[i]}",
            f"lex={int(lex)}",
            f"lex|d={int(lex)}|{deps[i]}",
            f"lex|t={int(lex)}|{tags[i]}",
            f"l|d={lem}|{deps[i]}",
            f"hl={lems[hi]}",
            f"hd={deps[hi]}",
            f"hlex={int(lems[hi] in CUE_LEXICON)}",
            f"d|hd={deps[i]}|{deps[hi]}",
            f"sq={int(info.sent_has_quote[info.sent[i]])}",
            f"sl={int(info.sent_has_lex[info.sent[i]])}",
            f"ent={ents[i] or '-'}",
        ]
        if pos in ("VERB", "AUX", "NOUN"):
            left, right = edges[i]
            f.append(f"subq={int(any(quote[left:right + 1]))}|{int(lex)}")
        for k in kids_of[i]:
            f.append(f"kid={k}")
            if k in ("ccomp", "xcomp", "nsubj", "nsubjpass", "dobj", "parataxis"):
                f.append(f"l|kid={lem}|{k}")
        if i == start:
            f.append("BOS")
        if i == end - 1:
            f.append("EOS")
        for off in (-2, -1, 1, 2):
            j = i + off
            if start <= j < end:
                f += [f"{off}:l={lems[j]}", f"{off}:t={tags[j]}", f"{off}:q={quote[j]}"]
                if abs(off) == 1:
                    f += [f"{off}:d={deps[j]}", f"l|{off}:t={lem}|{tags[j]}"]
        out.append(f)
    return out


def role_window(info: DocInfo, cue: tuple[int, int]) -> tuple[int, int]:
    """Token range the role pass looks at for the cue spanning tokens ``cue[0]..cue[1]``."""
    s0, s1 = info.sent[cue[0]], info.sent[cue[1] - 1]
    p = info.par[cue[0]]
    lo, hi = s0, s1
    while lo > 0 and s0 - lo < WINDOW and info.par[info.sents[lo - 1][1] - 1] == p:
        lo -= 1
    while hi + 1 < len(info.sents) and hi - s1 < WINDOW and info.par[info.sents[hi + 1][0]] == p:
        hi += 1
    return (max(info.sents[lo][0], cue[0] - WINDOW_TOKENS),
            min(info.sents[hi][1], cue[1] + WINDOW_TOKENS))


def _cue_head(doc: Doc, cue: tuple[int, int]) -> Token:
    toks = [doc[i] for i in range(*cue)]
    for t in toks:
        if not (cue[0] <= t.head.i < cue[1]) or t.head.i == t.i:
            return t
    return toks[0]


def _path_to_i(i: int, target: int, heads: list[int]) -> int | None:
    """Index of the child of ``target`` whose subtree holds token ``i`` (``i`` if a child)."""
    prev = i
    while heads[prev] != prev:
        if heads[prev] == target:
            return prev
        prev = heads[prev]
    return None


def conf_bucket(conf: float) -> str:
    """The cue pass's confidence in a cue (mean P(cue)), in five buckets."""
    return str(min(4, int(conf * 5)))


def _static(doc: Doc, info: DocInfo) -> dict[str, list[Any]]:
    """Token facts that do not depend on the cue, computed once per document: the role pass
    looks at each token once per cue whose window holds it (up to 7 sentences wide)."""
    if "base" not in info.static:
        if "arrays" not in info.static:  # a DocInfo built by hand, not by analyse()
            info.static.update(analyse(doc).static)
        arr = info.static["arrays"][0]
        lem, words, quote = info.static["lem"], info.static["word"], info.quote
        tag, dep, head = arr["tag"], arr["dep"], arr["head"]
        kids: list[set[str]] = [set() for _ in head]
        for i, h in enumerate(head):  # t.children: the tokens whose head is t, but t
            if h != i:
                kids[h].add(dep[i])
        shapes = ["P" if pu else "D" if di or nu else "X" if ti else "x" if lo else "o"
                  for pu, di, nu, ti, lo in zip(arr["punct"], arr["digit"], arr["num"],
                                                arr["title"], arr["is_lower"], strict=True)]
        info.static.update(
            lem=lem, tag=tag, dep=dep, head=head, pos=arr["pos"], ent=arr["ent"],
            kids=[sorted(k) for k in kids],
            base=[[f"w={w}", f"l={le}", f"t={t}", f"d={d}", f"q={q}",
                   f"lex={int(le in CUE_LEXICON)}"]
                  for w, le, t, d, q in zip(words, lem, tag, dep, quote, strict=True)],
            sh=[f"sh={x}" for x in shapes],
            edges=[(t.left_edge.i, t.right_edge.i) for t in doc],
        )
    return info.static


def role_features(
    doc: Doc, info: DocInfo, cue: tuple[int, int], window: tuple[int, int], other_cues: set[int],
    conf: float | None = None,
) -> list[list[str]]:
    """Features of the tokens of ``window`` relative to the cue ``cue`` (token range);
    ``conf``: the cue pass's confidence in the cue (lets the role pass reject weak cues)."""
    cb = conf_bucket(conf) if conf is not None else None
    h = _cue_head(doc, cue)
    hlem = _lemma(h)
    cue_sent = info.sent[h.i]
    # the chain of the cue head's ancestors, for the lowest common ancestor
    anc = {h.i: 0}
    u, k = h, 0
    while u.head.i != u.i:
        u, k = u.head, k + 1
        anc[u.i] = k
    cue_dep = h.dep_
    others = sorted(other_cues)
    st = _static(doc, info)
    lems, tags, deps, heads = st["lem"], st["tag"], st["dep"], st["head"]
    edges = st["edges"]
    other_sub = [edges[o] for o in others if deps[o] != "punct"]
    in_other_sub: set[int] = set()  # tokens of the window inside another cue's subtree
    for a, b in other_sub:
        in_other_sub.update(range(max(a, window[0]), min(b, window[1] - 1) + 1))
    out = []
    for i in range(*window):
        if cue[0] <= i < cue[1]:
            side, dist = "C", "0"
        elif i < cue[0]:
            side, dist = "L", _dist(cue[0] - i)
        else:
            side, dist = "R", _dist(i - cue[1] + 1)
        so = info.sent[i] - cue_sent
        so_s = str(max(-2, min(2, so)))
        q = info.quote[i]
        f = ["bias", f"side={side}", f"dist={side}{dist}", f"so={so_s}", f"side|q={side}|{q}"]
        f += st["base"][i]
        f += [f"side|t={side}|{tags[i]}", f"side|d={side}|{deps[i]}", st["sh"][i]]
        f += [f"cl={hlem}", f"cl|side={hlem}|{side}", f"cd={cue_dep}", f"cd|side={cue_dep}|{side}"]
        if cb is not None:
            f += [f"cc={cb}", f"cc|side={cb}|{side}", f"cc|so={cb}|{so_s}"]
        if so == 0:
            rel = "self" if side == "C" else None
            if rel is None:
                c = _path_to_i(i, h.i, heads)
                if c is not None:
                    rel = f"sub:{deps[c]}"
                elif i in anc:
                    rel = f"anc:{min(anc[i], 3)}"
                else:
                    # lowest common ancestor: the child of it on the token's side
                    u = prev = i
                    while u not in anc and heads[u] != u:
                        prev, u = u, heads[u]
                    rel = f"lca:{deps[prev]}:{min(anc.get(u, 9), 3)}" if u in anc else "none"
            f += [f"rel={rel}", f"rel|side={rel}|{side}", f"rel|q={rel}|{q}"]
            f += [f"rel|cl={rel}|{hlem}", f"rel|t={rel}|{tags[i]}"]
        else:
            sq = int(info.sent_has_quote[info.sent[i]])
            f += [f"osent|q={so_s}|{q}", f"osent|sq={so_s}|{sq}"]
            f.append(f"osent|cl={so_s}|{hlem}")
        if i in other_cues:
            f.append("othercue")
        elif others:
            lo_, hi_ = (i, cue[0]) if i < cue[0] else (cue[1], i)
            k = bisect_left(others, lo_)
            if k < len(others) and others[k] < hi_:
                f += ["ocue_between", f"ocue_between|q={q}"]
            if i in in_other_sub:
                f += ["in_ocue_sub", f"in_ocue_sub|side={side}"]
        if heads[i] == h.i:
            f.append(f"childof={deps[i]}")
        if i == window[0] or i == info.sents[info.sent[i]][0]:
            f.append("BOS")
        for off in (-1, 1):
            j = i + off
            if window[0] <= j < window[1]:
                f += [f"{off}:l={lems[j]}", f"{off}:t={tags[j]}", f"{off}:q={info.quote[j]}"]
                if cue[0] <= j < cue[1]:
                    f.append(f"{off}:cue")
            else:
                f.append(f"{off}:edge")
        out.append(f)
    return out


# where role_features puts the confidence features: after "bias", side, dist, so, side|q
# (5), the base features (6), side|t, side|d, sh (3) and the cue's cl/cd features (4)
_CONF_AT = 5 + 6 + 3 + 4


def with_confidence(features: list[list[str]], conf: float) -> list[list[str]]:
    """``role_features(..., conf)`` from ``role_features(...)`` of the same cue and window,
    without computing them again (the gate and the role pass look at the same tokens)."""
    cb = conf_bucket(conf)
    out = []
    for f in features:
        side, so_s = f[1][5:], f[3][3:]  # "side=L", "so=-1"
        out.append(f[:_CONF_AT] + [f"cc={cb}", f"cc|side={cb}|{side}", f"cc|so={cb}|{so_s}"]
                   + f[_CONF_AT:])
    return out
