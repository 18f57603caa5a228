"""The cue lexicon (data/cues.json) as typed sets, loaded once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

__all__ = ["Lexicon", "load_lexicon"]


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: frozenset[str]
    verbs_needing_clause: frozenset[str]  # a direct object alone is not what they report
    particles: dict[str, frozenset[str]]  # call → {on, upon}: "called on X to ..."
    nouns: frozenset[str]
    according: tuple[str, ...]
    reporter_verbs: frozenset[str]
    citing_verbs: frozenset[str]
    channels: dict[str, str]  # channel noun phrase → channel kind
    audiences: frozenset[str]
    anonymous_heads: frozenset[str]
    anonymity_markers: tuple[str, ...]
    platforms: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = json.loads((files("provgraph") / "data" / "cues.json").read_text("utf-8"))
    return Lexicon(
        verbs=frozenset(raw["verbs"]),
        verbs_needing_clause=frozenset(raw["verbs_needing_clause"]),
        particles={k: frozenset(v) for k, v in raw["particles"].items()},
        nouns=frozenset(raw["nouns"]),
        according=tuple(raw["according"]),
        reporter_verbs=frozenset(raw["reporter_verbs"]),
        citing_verbs=frozenset(raw["citing_verbs"]),
        channels=dict(raw["channels"]),
        audiences=frozenset(raw["audiences"]),
        anonymous_heads=frozenset(raw["anonymous_heads"]),
        anonymity_markers=tuple(raw["anonymity_markers"]),
        platforms=frozenset(raw["platforms"]),
    )
