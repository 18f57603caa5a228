"""A learned attribution tagger: two linear-chain CRFs trained on PolNeAR.

The cue pass tags reporting cues sentence by sentence (``O / B-CUE / I-CUE``); the role
pass then looks at each cue's paragraph and tags that cue's source and content
(``B-SRC / I-SRC / B-CON / I-CON``) with features relative to the cue (see ``features``).
A cue whose role pass finds no content is dropped, and a content never reaches past
another attribution's cue and source (PolNeAR is univocal: one attribution per token).
Both models live in one file, ``provgraph/data/attribution.crfsuite``: a short header
followed by the two crfsuite models (``pack`` / ``unpack``). A bundle may also hold a
third, optional "gate" CRF that drops weak cues before the role pass (``training --folds``)
and its own thresholds in the header; the shipped model has neither.

python-crfsuite is the optional extra ``provgraph[crf]``; ``LearnedTagger.available()``
says whether the tagger can run, and ``tag`` raises ``ConfigError`` when it cannot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from spacy.tokens import Doc

from ..errors import ConfigError
from ..model import Span
from .features import analyse, cue_features, role_features, role_window, with_confidence

__all__ = ["LearnedTagger", "RawAttribution", "default_model_path", "kind_of", "pack", "unpack"]

MAGIC = b"PGCRF1\n"
QUOTES = "\"“”"
CUE_THRESHOLD = 1.0  # a token is a cue when Viterbi says so or P(cue) exceeds this (1: off)
# (a model bundle may carry its own threshold in its header: meta["cue_threshold"])


def default_model_path() -> Path:
    return Path(str(files("provgraph") / "data" / "attribution.crfsuite"))


def pack(models: dict[str, bytes], meta: dict[str, Any] | None = None) -> bytes:
    """One file holding several crfsuite models: magic, a JSON header line, the blobs."""
    index, off = {}, 0
    for name, blob in models.items():
        index[name] = [off, len(blob)]
        off += len(blob)
    header = json.dumps({"models": index, "meta": meta or {}}, sort_keys=True).encode()
    return MAGIC + header + b"\n" + b"".join(models.values())


def unpack(data: bytes) -> tuple[dict[str, bytes], dict[str, Any]]:
    if not data.startswith(MAGIC):
        raise ConfigError("attribution model: not a provgraph CRF bundle (bad magic)")
    nl = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC) : nl])
    body = data[nl + 1 :]
    return {k: body[o : o + n] for k, (o, n) in header["models"].items()}, header["meta"]


def kind_of(text: str) -> Literal["direct", "indirect", "mixed"]:
    """direct / indirect / mixed from the double quotation marks inside a content span."""
    if not any(q in text for q in QUOTES):
        return "indirect"
    core = text.strip().rstrip(".,;:!?—–-) ").strip()
    if core[:1] in "\"“" and core[-1:] in "\"”" and len(core) > 1:
        inner = core[1:-1]
        if not any(q in inner for q in QUOTES):
            return "direct"
    return "mixed"


@dataclass(frozen=True, slots=True)
class RawAttribution:
    content: Span
    source: Span | None = None
    cue: Span | None = None
    content_pieces: tuple[Span, ...] = ()  # when the content is discontinuous
    kind: Literal["direct", "indirect", "mixed"] = "indirect"
    confidence: float = 0.0


def _runs(labels: list[str], role: str) -> list[tuple[int, int]]:
    """Maximal runs of ``B-role``/``I-role`` labels as (start, end) positions."""
    runs: list[tuple[int, int]] = []
    start = None
    for k, lab in enumerate(labels + ["O"]):
        inside = lab.endswith(role)
        if start is not None and (not inside or lab.startswith("B-")):
            runs.append((start, k))
            start = None
        if inside and start is None:
            start = k
    return runs


def _span(doc: Doc, text: str, a: int, b: int) -> Span:
    """Tokens ``a..b`` less trailing whitespace tokens; ``text``: ``doc.text``, read once
    (spaCy rebuilds it on every access, and a span's text token by token)."""
    while b > a + 1 and doc[b - 1].is_space:
        b -= 1
    start, end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
    return Span(start, end, text[start:end])  # == doc[a:b].text


def find_cues(tg: Any, doc: Doc, info: Any, threshold: float) -> list[tuple[tuple[int, int], float]]:
    """Cue token ranges found by the cue CRF ``tg`` with the mean marginal of their labels."""
    cues = []
    for a, b in info.sents:
        labels = tg.tag(cue_features(doc, info, a, b))
        p_cue: list[float] | None = None
        if threshold < 1.0:  # marginals of every token only when a threshold can add cues
            p_cue = [1.0 - tg.marginal("O", k) for k in range(b - a)]
            for k, p in enumerate(p_cue):
                if labels[k] == "O" and p > threshold:
                    labels[k] = "I-CUE" if k and labels[k - 1] != "O" else "B-CUE"
        for s, e in _runs(labels, "CUE"):
            conf = sum(p_cue[s:e] if p_cue is not None else
                       (1.0 - tg.marginal("O", k) for k in range(s, e))) / (e - s)
            cues.append(((a + s, a + e), conf))
    return cues


@dataclass(slots=True)
class _Found:
    cue: tuple[int, int]  # token ranges
    source: tuple[int, int] | None
    content: list[tuple[int, int]]
    conf: float


class LearnedTagger:
    """Tags attributions (source, cue, content) in a parsed spaCy ``Doc``."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        data: bytes | None = None,
        cue_threshold: float | None = None,
        cut: bool = True,
    ):
        self.model_path = Path(model_path) if model_path else default_model_path()
        self._cue_threshold = cue_threshold
        self._meta: dict[str, Any] = {}
        self.cut = cut
        self._data = data
        self._taggers: dict[str, Any] | None = None
        self._blobs: dict[str, bytes] = {}

    def available(self) -> bool:
        """True when python-crfsuite is importable and the model file is present."""
        try:
            import pycrfsuite  # noqa: F401
        except ImportError:
            return False
        return self._data is not None or self.model_path.is_file()

    def _load(self) -> dict[str, Any]:
        if self._taggers is not None:
            return self._taggers
        try:
            import pycrfsuite
        except ImportError as e:
            raise ConfigError(
                "learned attribution tagger: python-crfsuite is not installed; "
                "install it with: pip install 'provgraph[crf]'"
            ) from e
        data = self._data
        if data is None:
            if not self.model_path.is_file():
                raise ConfigError(f"learned attribution tagger: no model file at {self.model_path}")
            data = self.model_path.read_bytes()
        models, self._meta = unpack(data)
        taggers = {}
        for name in ("cue", "role", "gate"):
            if name not in models:
                continue  # "gate" is optional
            tg = pycrfsuite.Tagger()
            tg.open_inmemory(models[name])
            taggers[name] = tg
        self._blobs = models  # crfsuite reads these buffers in place: keep them alive
        self._taggers = taggers
        return taggers

    @property
    def cue_threshold(self) -> float:
        """P(cue) above which a token is a cue even when Viterbi says O (the constructor's
        value, else the model's own, else ``CUE_THRESHOLD``)."""
        if self._cue_threshold is not None:
            return self._cue_threshold
        self._load()
        return float(self._meta.get("cue_threshold", CUE_THRESHOLD))

    def find_cues(self, doc: Doc, info: Any) -> list[tuple[tuple[int, int], float]]:
        """Cue token ranges with the mean marginal of their labels."""
        return find_cues(self._load()["cue"], doc, info, self.cue_threshold)

    def tag(self, doc: Doc, sents: list | None = None,  # type: ignore[type-arg]
            text: str | None = None) -> list[RawAttribution]:
        """Every attribution found in ``doc`` (whose ``doc.sents`` may be passed in
        ``sents``, and ``doc.text`` in ``text``); spans are character offsets into
        ``doc.text``."""
        taggers = self._load()
        tg, gate = taggers["role"], taggers.get("gate")
        gate_min = float(self._meta.get("gate_threshold", 0.5))
        info = analyse(doc, sents)
        cues = self.find_cues(doc, info)
        cue_tokens = {i for (a, b), _ in cues for i in range(a, b)}
        found: list[_Found] = []
        for (ca, cb), cconf in cues:
            lo, hi = role_window(info, (ca, cb))
            others = cue_tokens - set(range(ca, cb))
            features = role_features(doc, info, (ca, cb), (lo, hi), others)
            if gate is not None:
                # the gate: a role CRF that also saw false cues (all O); P(not all O)
                gate.set(with_confidence(features, cconf))
                if 1.0 - gate.probability(["O"] * (hi - lo)) < gate_min:
                    continue
            labels = tg.tag(features)
            con = [(lo + s, lo + e) for s, e in _runs(labels, "CON")]
            if not con:
                continue
            src = [(lo + s, lo + e) for s, e in _runs(labels, "SRC")]
            tagged = [k - lo for s, e in con + src for k in range(s, e)]
            conf = cconf * sum(tg.marginal(labels[k], k) for k in tagged) / len(tagged)
            source = min(src, key=lambda r: min(abs(r[0] - ca), abs(r[1] - cb))) if src else None
            found.append(_Found((ca, cb), source, con, conf))
        out: list[RawAttribution] = []
        if found and text is None:
            text = doc.text
        for f in found:
            con = self._cut(f, found) if self.cut else f.content
            if not con:
                continue
            assert text is not None
            pieces = tuple(_span(doc, text, s, e) for s, e in con)
            # both ends are token bounds: the text of the tokens from the first to the last
            content = Span.of(text, pieces[0].start, pieces[-1].end)
            out.append(
                RawAttribution(
                    content=content,
                    source=_span(doc, text, *f.source) if f.source else None,
                    cue=_span(doc, text, *f.cue),
                    content_pieces=pieces if len(pieces) > 1 else (),
                    kind=kind_of(content.text),
                    confidence=round(f.conf, 4),
                )
            )
        return out

    @staticmethod
    def _cut(f: _Found, found: list[_Found]) -> list[tuple[int, int]]:
        """``f``'s content without what lies beyond another attribution's cue and source
        (each token belongs to one attribution at most)."""
        lo, hi = f.content[0][0], f.content[-1][1]
        for g in found:
            if g is f or not (lo < g.cue[0] and g.cue[1] <= hi):
                continue
            a, b = g.cue
            if g.source:
                a, b = min(a, g.source[0]), max(b, g.source[1])
            if a >= f.cue[1]:
                hi = min(hi, a)
            elif b <= f.cue[0]:
                lo = max(lo, b)
        return [(max(s, lo), min(e, hi)) for s, e in f.content if min(e, hi) > max(s, lo)]
