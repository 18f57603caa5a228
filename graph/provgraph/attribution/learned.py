"""A learned attribution tagger: two linear-chain CRFs trained on PolNeAR.

The cue pass tags reporting cues sentence by sentence (``O / B-CUE / I-CUE``); the role
pass then looks at each cue's paragraph and tags that cue's source and content
(``B-SRC / I-SRC / B-CON / I-CON``) with features relative to the cue (see ``features``).
Both models live in one file, ``provgraph/data/attribution.crfsuite``: a short header
followed by the two crfsuite models (``pack`` / ``unpack``).

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
from .features import analyse, cue_features, role_features, role_window

__all__ = ["RawAttribution", "LearnedTagger", "pack", "unpack", "kind_of", "default_model_path"]

MAGIC = b"PGCRF1\n"
QUOTES = "\"“”"
CUE_THRESHOLD = 1.0  # a token is a cue when Viterbi says so or P(cue) exceeds this (1: off)


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


def _span(doc: Doc, a: int, b: int) -> Span:
    while b > a + 1 and doc[b - 1].is_space:
        b -= 1
    start, end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
    return Span.of(doc.text, start, end)


class LearnedTagger:
    """Tags attributions (source, cue, content) in a parsed spaCy ``Doc``."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        data: bytes | None = None,
        cue_threshold: float = CUE_THRESHOLD,
        cueless: bool = True,
    ):
        self.model_path = Path(model_path) if model_path else default_model_path()
        self.cue_threshold = cue_threshold
        self.cueless = cueless
        self._data = data
        self._taggers: dict[str, Any] | None = None

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
        models, _ = unpack(data)
        taggers = {}
        for name in ("cue", "role"):
            tg = pycrfsuite.Tagger()
            tg.open_inmemory(models[name])
            taggers[name] = tg
        self._taggers = taggers
        return taggers

    def find_cues(
        self, doc: Doc, info: Any, contents: list[tuple[int, int, float]] | None = None
    ) -> list[tuple[tuple[int, int], float]]:
        """Cue token ranges with the mean marginal of their labels.

        The cue pass also marks content tokens: their runs go to ``contents``, as
        (start, end, mean marginal), for the content of attributions whose cue was missed.
        """
        tg = self._load()["cue"]
        cues = []
        for a, b in info.sents:
            labels = tg.tag(cue_features(doc, info, a, b))
            p_cue = [1.0 - tg.marginal("O", k) for k in range(b - a)]
            for k, p in enumerate(p_cue):
                if labels[k] == "O" and p > self.cue_threshold:
                    labels[k] = "I-CUE" if k and labels[k - 1] != "O" else "B-CUE"
            for s, e in _runs(labels, "CUE"):
                conf = sum(p_cue[s:e]) / (e - s)
                cues.append(((a + s, a + e), conf))
            if contents is not None:
                for s, e in _runs(labels, "CON"):
                    conf = sum(tg.marginal(labels[k], k) for k in range(s, e)) / (e - s)
                    if contents and contents[-1][1] == a + s and s == 0:
                        contents[-1] = (contents[-1][0], a + e, min(conf, contents[-1][2]))
                    else:
                        contents.append((a + s, a + e, conf))
        return cues

    def tag(self, doc: Doc) -> list[RawAttribution]:
        """Every attribution found in ``doc``; spans are character offsets into ``doc.text``."""
        tg = self._load()["role"]
        info = analyse(doc)
        loose: list[tuple[int, int, float]] = []
        cues = self.find_cues(doc, info, loose)
        cue_tokens = {i for (a, b), _ in cues for i in range(a, b)}
        out: list[RawAttribution] = []
        for (ca, cb), cconf in cues:
            lo, hi = role_window(info, (ca, cb))
            others = cue_tokens - set(range(ca, cb))
            labels = tg.tag(role_features(doc, info, (ca, cb), (lo, hi), others))
            con = _runs(labels, "CON")
            if not con:
                continue
            src = _runs(labels, "SRC")
            tagged = [k for s, e in con + src for k in range(s, e)]
            conf = cconf * sum(tg.marginal(labels[k], k) for k in tagged) / len(tagged)
            pieces = tuple(_span(doc, lo + s, lo + e) for s, e in con)
            content = Span.of(doc.text, pieces[0].start, pieces[-1].end)
            source = None
            if src:
                s, e = min(src, key=lambda r: min(abs(r[0] + lo - ca), abs(r[1] + lo - cb)))
                source = _span(doc, lo + s, lo + e)
            out.append(
                RawAttribution(
                    content=content,
                    source=source,
                    cue=_span(doc, ca, cb),
                    content_pieces=pieces if len(pieces) > 1 else (),
                    kind=kind_of(content.text),
                    confidence=round(conf, 4),
                )
            )
        if self.cueless:
            out += self._cueless(doc, out, loose)
        return out

    def _cueless(
        self, doc: Doc, found: list[RawAttribution], loose: list[tuple[int, int, float]]
    ) -> list[RawAttribution]:
        """Content marked by the cue pass that no attribution with a cue covers."""
        taken = [(a.content.start, a.content.end) for a in found]
        out = []
        for s, e, conf in loose:
            sp = _span(doc, s, e)
            if len(sp.text.strip()) < 2 or any(a < sp.end and sp.start < b for a, b in taken):
                continue
            out.append(RawAttribution(content=sp, kind=kind_of(sp.text), confidence=round(conf * 0.5, 4)))
        return out
