"""Score citation chains against hand-chained statements (the real-news gold format).

A gold article is ``{"article", "publisher", "chains": [{"statement_contains", "chain",
...}]}``; a prediction is the ``provgraph chains --format json`` list. A gold statement is
*found* when a predicted statement of the same article holds its ``statement_contains``;
its *relay* is right when one of those predictions has the same names after the publisher
(the publisher is dropped on both sides: a page often never prints it), compared name by
name loosely (one name's words within the other's, ignoring "the", "news", "agency", ...);
its *speaker* is right when the last names match the same way. These are the rules of the
reference scorer (``shared/tools/score_chains.py``), and the counts agree with it exactly.

>>> gold = [{"article": "a", "publisher": "Daily Star", "chains": [
...     {"statement_contains": "rain will fall", "chain": ["Daily Star", "AP", "Jo Li"]}]}]
>>> pred = [{"article": "a", "statement": "Rain will fall today", "chain": ["AP", "Li"]}]
>>> score_chains(gold, pred).as_dict()
{'total': 1, 'relay_right': 1, 'speaker_right': 1, 'found': 1}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ChainScore", "StatementResult", "relay_of", "same_name", "score_chains"]

_STOP = {"the", "a", "an", "news", "agency", "newspaper", "daily", "of", "s", "official"}


def _words(name: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (name or "").lower()) if w not in _STOP}


def same_name(a: str | None, b: str | None) -> bool:
    """Loose name match: the words of one name lie within the other's.

    >>> same_name("Xinhua News Agency", "Xinhua"), same_name("AP", "AFP")
    (True, False)
    """
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def relay_of(chain: Sequence[str] | None, publisher: str | None) -> list[str]:
    """The chain without the leading publisher (however often it is repeated)."""
    out = list(chain or [])
    while out and publisher and same_name(out[0], publisher):
        out = out[1:]
    return out


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("\u2019", "'")).strip().lower()


@dataclass(frozen=True, slots=True)
class StatementResult:
    """One gold statement and what the prediction made of it."""

    article: str
    snippet: str
    gold_chain: tuple[str, ...]
    predicted: tuple[tuple[str, ...], ...]  # the chains of every matching prediction
    found: bool
    relay_right: bool
    speaker_right: bool


@dataclass
class ChainScore:
    results: list[StatementResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.results)

    def count(self, what: str) -> int:
        return sum(getattr(r, what) for r in self.results)

    def as_dict(self) -> dict[str, int]:
        return {"total": self.total, "relay_right": self.count("relay_right"),
                "speaker_right": self.count("speaker_right"), "found": self.count("found")}

    def summary(self) -> str:
        t = self.total or 1
        return (f"relay right {self.count('relay_right')}/{self.total} "
                f"({self.count('relay_right') / t:.2f}), speaker right "
                f"{self.count('speaker_right')}/{self.total} "
                f"({self.count('speaker_right') / t:.2f}), statement found "
                f"{self.count('found')}/{self.total} ({self.count('found') / t:.2f})")


def _same_relay(predicted: Sequence[str], wanted: Sequence[str]) -> bool:
    return len(predicted) == len(wanted) and all(map(same_name, predicted, wanted))


def score_chains(gold: Iterable[dict[str, Any]], predicted: Iterable[dict[str, Any]]
                 ) -> ChainScore:
    """Score ``predicted`` chain items against the ``gold`` articles."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    for item in predicted:
        by_article.setdefault(str(item.get("article", "")), []).append(item)
    score = ChainScore()
    for art in gold:
        items = by_article.get(art["article"], [])
        publisher = art.get("publisher")
        for g in art["chains"]:
            key = _norm(g["statement_contains"])
            hits = [i for i in items if key in _norm(i.get("statement"))]
            want = relay_of(g["chain"], publisher)
            score.results.append(StatementResult(
                article=art["article"], snippet=g["statement_contains"],
                gold_chain=tuple(g["chain"]),
                predicted=tuple(tuple(i.get("chain") or ()) for i in hits),
                found=bool(hits),
                relay_right=any(_same_relay(relay_of(i.get("chain"), publisher), want)
                                for i in hits),
                speaker_right=any(bool(i.get("chain")) and same_name(i["chain"][-1],
                                                                     g["chain"][-1])
                                  for i in hits),
            ))
    return score
