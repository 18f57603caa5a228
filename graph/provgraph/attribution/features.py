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
from spacy.tokens import Doc

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


def _arrays(doc: Doc) -> dict[str, list[Any]]:
    """Per-token strings and flags of ``doc``, read in one ``doc.to_array`` call rather than
    through a Token object per attribute (the same values as ``t.tag_``, ``t.is_space``...)."""
    strings = doc.vocab.strings

    def text_of(column: list[int]) -> list[str]:
        # each distinct hash looked up once: a document repeats its tags and words
        names = {h: strings[h] for h in set(column)}
        return list(map(names.__getitem__, column))

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
        sent[s.start:s.end] = [k] * (s.end - s.start)
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


# Feature strings that take a handful of values are made once, here, and indexed by the
# value: the two passes build ~40 strings per token, and formatting them was a quarter of
# the extraction time on dense text.
_Q = ("q=0", "q=1")
_LEX = ("lex=0", "lex=1")
_HLEX = ("hlex=0", "hlex=1")
_SQ = ("sq=0", "sq=1")
_SL = ("sl=0", "sl=1")
_SUBQ = (("subq=0|0", "subq=0|1"), ("subq=1|0", "subq=1|1"))
_NQ = {off: (f"{off}:q=0", f"{off}:q=1") for off in (-2, -1, 1, 2)}
_KID_LEMMA = frozenset({"ccomp", "xcomp", "nsubj", "nsubjpass", "dobj", "parataxis"})
_SIDES = ("L", "C", "R")
_SIDE = {s: f"side={s}" for s in _SIDES}
_SIDE_Q = {s: (f"side|q={s}|0", f"side|q={s}|1") for s in _SIDES}
_DISTS = 22  # _dist buckets every n > 20 together: index min(n, 21)
_DIST = {s: [f"dist={s}{_dist(n)}" for n in range(_DISTS)] for s in _SIDES}
_SO = {so: f"so={so}" for so in range(-2, 3)}
_OSENT_Q = {so: (f"osent|q={so}|0", f"osent|q={so}|1") for so in range(-2, 3)}
_OSENT_SQ = {so: (f"osent|sq={so}|0", f"osent|sq={so}|1") for so in range(-2, 3)}


def cue_features(doc: Doc, info: DocInfo, start: int, end: int) -> list[list[str]]:
    """Features of tokens ``start..end`` (one sentence) for the cue pass."""
    st = _static(doc, info)
    if "cue" not in st:
        st["cue"] = _cue_rows(info, st)
    rows, lems, tags, quote = st["cue"], st["lem"], st["tag"], info.quote
    left2, left1, right1, right2 = st["n-2"], st["n-1"], st["n1"], st["n2"]
    nq2, nq1, q1, q2 = _NQ[-2], _NQ[-1], _NQ[1], _NQ[2]
    out = []
    for i in range(start, end):
        f = list(rows[i])
        if i == start:
            f.append("BOS")
        if i == end - 1:
            f.append("EOS")
        lem = lems[i]
        # the neighbours in the sentence: lemma, tag and quote flag, and for the adjacent
        # ones also the dependency and the pair (own lemma, neighbour's tag)
        if i - 2 >= start:
            f += (left2[0][i - 2], left2[1][i - 2], nq2[quote[i - 2]])
        if i - 1 >= start:
            f += (left1[0][i - 1], left1[1][i - 1], nq1[quote[i - 1]], left1[2][i - 1],
                  f"l|-1:t={lem}|{tags[i - 1]}")
        if i + 1 < end:
            f += (right1[0][i + 1], right1[1][i + 1], q1[quote[i + 1]], right1[2][i + 1],
                  f"l|1:t={lem}|{tags[i + 1]}")
        if i + 2 < end:
            f += (right2[0][i + 2], right2[1][i + 2], q2[quote[i + 2]])
        out.append(f)
    return out


def _cue_rows(info: DocInfo, st: dict[str, list[Any]]) -> list[tuple[str, ...]]:
    """The cue-pass features of each token that do not depend on its sentence's bounds."""
    lems, tags, deps, heads = st["lem"], st["tag"], st["dep"], st["head"]
    lexf, quote, edges = st["lexf"], info.quote, st["edges"]
    qsum = [0]  # quotes before each token, for "is a quote inside this subtree"
    for q in quote:
        qsum.append(qsum[-1] + q)
    sq = [_SQ[int(x)] for x in info.sent_has_quote]
    sl = [_SL[int(x)] for x in info.sent_has_lex]
    rows = []
    for i, (b, pos, sh, dep, tag, lem, lex, hi, s, ent, kids) in enumerate(zip(
            st["base"], st["pos"], st["sh"], deps, tags, lems, lexf, heads, info.sent,
            st["ent"], st["kids"], strict=True)):
        row = ["bias", b[0], b[1], b[2], f"p={pos}", b[3], sh, b[4], b[5],
               f"lex|d={lex}|{dep}", f"lex|t={lex}|{tag}", f"l|d={lem}|{dep}",
               f"hl={lems[hi]}", f"hd={deps[hi]}", _HLEX[lexf[hi]], f"d|hd={dep}|{deps[hi]}",
               sq[s], sl[s], f"ent={ent or '-'}"]
        if pos in ("VERB", "AUX", "NOUN"):
            left, right = edges[i]
            row.append(_SUBQ[int(qsum[right + 1] > qsum[left])][lex])
        for k in kids:
            row.append(f"kid={k}")
            if k in _KID_LEMMA:
                row.append(f"l|kid={lem}|{k}")
        rows.append(tuple(row))
    return rows


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


def _cue_head(heads: list[int], cue: tuple[int, int]) -> int:
    """The first token of the cue whose head lies outside it (or is itself)."""
    for i in range(*cue):
        if not (cue[0] <= heads[i] < cue[1]) or heads[i] == i:
            return i
    return cue[0]


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


def _edges(head: list[int]) -> list[tuple[int, int]]:
    """(first, last) token of each token's subtree, as ``t.left_edge.i, t.right_edge.i``,
    from the heads alone (a Token object per token cost more than the whole walk)."""
    n = len(head)
    left, right = list(range(n)), list(range(n))
    # tokens in order: the first to reach an ancestor is its leftmost descendant, and
    # once an ancestor has one, so have all of its own ancestors
    for i in range(n):
        u = i
        while head[u] != u:
            u = head[u]
            if left[u] <= i:
                break
            left[u] = i
    for i in range(n - 1, -1, -1):
        u = i
        while head[u] != u:
            u = head[u]
            if right[u] >= i:
                break
            right[u] = i
    return list(zip(left, right, strict=True))


def _prefixed(prefix: str, column: list[str]) -> list[str]:
    """``[prefix + v for v in column]`` for a column of few distinct values (tags,
    dependencies): each string made once and shared."""
    made = {v: prefix + v for v in set(column)}
    return list(map(made.__getitem__, column))


def _static(doc: Doc, info: DocInfo) -> dict[str, list[Any]]:
    """Token facts that do not depend on the cue, computed once per document: the role pass
    looks at each token once per cue whose window holds it (up to 7 sentences wide)."""
    if "base" not in info.static:
        if "arrays" not in info.static:  # a DocInfo built by hand, not by analyse()
            info.static.update(analyse(doc).static)
        arr = info.static["arrays"][0]
        lem, words, quote = info.static["lem"], info.static["word"], info.quote
        tag, dep, head = arr["tag"], arr["dep"], arr["head"]
        kid_deps: dict[int, set[str]] = {}
        for i, h in enumerate(head):  # t.children: the tokens whose head is t, but t
            if h != i:
                kid_deps.setdefault(h, set()).add(dep[i])
        no_kids: list[str] = []  # shared by every leaf: only read
        kids = [sorted(kid_deps[i]) if i in kid_deps else no_kids for i in range(len(head))]
        shapes = ["P" if pu else "D" if di or nu else "X" if ti else "x" if lo else "o"
                  for pu, di, nu, ti, lo in zip(arr["punct"], arr["digit"], arr["num"],
                                                arr["title"], arr["is_lower"], strict=True)]
        lexf = [int(le in CUE_LEXICON) for le in lem]
        lem_f = ["l=" + le for le in lem]
        tag_f = _prefixed("t=", tag)
        info.static.update(
            lem=lem, tag=tag, dep=dep, head=head, pos=arr["pos"], ent=arr["ent"], lexf=lexf,
            kids=kids,
            base=list(zip(["w=" + w for w in words], lem_f, tag_f, _prefixed("d=", dep),
                          [_Q[q] for q in quote], [_LEX[x] for x in lexf], strict=True)),
            sh=["sh=" + x for x in shapes],
            edges=_edges(head),
        )
        # the neighbour features of each token as the token before or after another:
        # (lemma, tag[, dependency]) at offsets -2, -1, 1, 2
        for off in (-2, -1, 1, 2):
            pl, pt, pd = f"{off}:l=", f"{off}:t=", f"{off}:d="
            cols = [[pl + le for le in lem], _prefixed(pt, tag)]
            if abs(off) == 1:
                cols.append(_prefixed(pd, dep))
            info.static[f"n{off}"] = cols
    return info.static


def role_features(
    doc: Doc, info: DocInfo, cue: tuple[int, int], window: tuple[int, int], other_cues: set[int],
    conf: float | None = None,
) -> list[list[str]]:
    """Features of the tokens of ``window`` relative to the cue ``cue`` (token range);
    ``conf``: the cue pass's confidence in the cue (lets the role pass reject weak cues)."""
    st = _static(doc, info)
    lems, tags, deps, heads = st["lem"], st["tag"], st["dep"], st["head"]
    base, shs, edges = st["base"], st["sh"], st["edges"]
    sent, quote, sents, sent_q = info.sent, info.quote, info.sents, info.sent_has_quote
    h = _cue_head(heads, cue)
    hlem, cue_dep, cue_sent = lems[h], deps[h], sent[h]
    # the chain of the cue head's ancestors, for the lowest common ancestor
    anc = {h: 0}
    u, k = h, 0
    while heads[u] != u:
        u, k = heads[u], k + 1
        anc[u] = k
    others = sorted(other_cues)
    other_sub = [edges[o] for o in others if deps[o] != "punct"]
    in_other_sub: set[int] = set()  # tokens of the window inside another cue's subtree
    for a, b in other_sub:
        in_other_sub.update(range(max(a, window[0]), min(b, window[1] - 1) + 1))
    # what the cue contributes, by side (and by sentence offset for the confidence)
    of_cue = {s: (f"cl={hlem}", f"cl|side={hlem}|{s}", f"cd={cue_dep}", f"cd|side={cue_dep}|{s}")
              for s in _SIDES}
    cb = conf_bucket(conf) if conf is not None else None
    of_conf = {(s, so): (f"cc={cb}", f"cc|side={cb}|{s}", f"cc|so={cb}|{so}")
               for s in _SIDES for so in range(-2, 3)} if cb is not None else None
    osent_cl = {so: f"osent|cl={so}|{hlem}" for so in range(-2, 3)}
    (l_prev, t_prev, _), (l_next, t_next, _) = st["n-1"], st["n1"]
    q_prev, q_next = _NQ[-1], _NQ[1]
    c0, c1 = cue
    w0, w1 = window
    out = []
    for i in range(w0, w1):
        if c0 <= i < c1:
            side, dist = "C", _DIST["C"][0]
        elif i < c0:
            side, dist = "L", _DIST["L"][min(c0 - i, _DISTS - 1)]
        else:
            side, dist = "R", _DIST["R"][min(i - c1 + 1, _DISTS - 1)]
        so = sent[i] - cue_sent
        so_c = max(-2, min(2, so))
        q = quote[i]
        f = ["bias", _SIDE[side], dist, _SO[so_c], _SIDE_Q[side][q], *base[i],
             f"side|t={side}|{tags[i]}", f"side|d={side}|{deps[i]}", shs[i], *of_cue[side]]
        if of_conf is not None:
            f += of_conf[side, so_c]
        if so == 0:
            rel = "self" if side == "C" else None
            if rel is None:
                c = _path_to_i(i, h, heads)
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
            f += (f"rel={rel}", f"rel|side={rel}|{side}", f"rel|q={rel}|{q}",
                  f"rel|cl={rel}|{hlem}", f"rel|t={rel}|{tags[i]}")
        else:
            f += (_OSENT_Q[so_c][q], _OSENT_SQ[so_c][int(sent_q[sent[i]])], osent_cl[so_c])
        if i in other_cues:
            f.append("othercue")
        elif others:
            lo_, hi_ = (i, c0) if i < c0 else (c1, i)
            k = bisect_left(others, lo_)
            if k < len(others) and others[k] < hi_:
                f += ("ocue_between", f"ocue_between|q={q}")
            if i in in_other_sub:
                f += ("in_ocue_sub", f"in_ocue_sub|side={side}")
        if heads[i] == h:
            f.append(f"childof={deps[i]}")
        if i == w0 or i == sents[sent[i]][0]:
            f.append("BOS")
        if i > w0:
            f += (l_prev[i - 1], t_prev[i - 1], q_prev[quote[i - 1]])
            if c0 <= i - 1 < c1:
                f.append("-1:cue")
        else:
            f.append("-1:edge")
        if i + 1 < w1:
            f += (l_next[i + 1], t_next[i + 1], q_next[quote[i + 1]])
            if c0 <= i + 1 < c1:
                f.append("1:cue")
        else:
            f.append("1:edge")
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
