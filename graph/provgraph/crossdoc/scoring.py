"""Scores of the linker against a generated corpus's ground truth (``generate.py``).

- rewrites: precision and recall of the derivation pairs, direction ignored (a verbatim
  copy and its wire have nothing but page furniture to tell them apart);
- claims: pairwise precision, recall and F1 over the lead statements (two articles are a
  pair when their lead statements share a claim);
- origins: the share of true claims whose predicted group (the group of each member's
  lead statement) counts the true number of origins, one per distinct speaker as
  ``independent-origins.rq`` counts named speakers, and holds no article of another claim.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from .generate import Corpus
from .index import LinkIndex, StatementRow

__all__ = ["LinkScores", "score_links"]


@dataclass(frozen=True, slots=True)
class LinkScores:
    rewrite_precision: float
    rewrite_recall: float
    claim_precision: float
    claim_recall: float
    claim_f1: float
    origin_accuracy: float

    def to_json(self) -> dict[str, float]:
        return {k: round(getattr(self, k), 4) for k in self.__slots__}


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _pairs(groups: dict[object, list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups.values() for p in combinations(sorted(g), 2)}


def _lead_statement(stored: list[StatementRow], span: tuple[int, int] | None
                    ) -> StatementRow | None:
    """The stored statement of the generator's lead statement: the one overlapping its
    content span most (a full build also extracts headline and body statements), else
    the first one."""
    if span is not None:
        overlapping = [s for s in stored if s.start < span[1] and span[0] < s.end]
        if overlapping:
            return max(overlapping, key=lambda s: min(s.end, span[1]) - max(s.start, span[0]))
    return stored[0] if stored else None


def score_links(index: LinkIndex, corpus: Corpus) -> LinkScores:
    """Scores of the links in ``index`` against ``corpus.truth``."""
    truth = corpus.truth
    pred = {frozenset((d, s)) for d, s, _ in index.rewrites()}
    gold = {frozenset(p) for p in truth.derivations}
    speaker = {ex.document.id: ex.attributions[0].speaker for ex in corpus.extractions}
    lead_span = {ex.document.id: (ex.attributions[0].content.start,
                                  ex.attributions[0].content.end)
                 for ex in corpus.extractions if ex.attributions}
    claim_of: dict[str, object] = {}
    for doc in truth.claim_of:
        lead = _lead_statement(index.statements_of(doc), lead_span.get(doc))
        claim_of[doc] = lead.claim if lead else ("none", doc)
    by_pred: dict[object, list[str]] = defaultdict(list)
    by_gold: dict[object, list[str]] = defaultdict(list)
    for doc, claim in claim_of.items():
        by_pred[claim].append(doc)
        by_gold[truth.claim_of[doc]].append(doc)
    pp, gp = _pairs(by_pred), _pairs(by_gold)
    cp, cr = _ratio(len(pp & gp), len(pp)), _ratio(len(pp & gp), len(gp))
    right = 0
    for claim, docs in by_gold.items():
        groups = {claim_of[d] for d in docs}
        members = [d for g in groups for d in by_pred[g]]
        counted = len({speaker[d] for d in members})
        clean = all(truth.claim_of[d] == claim for d in members)
        right += clean and counted == truth.origins[claim]
    return LinkScores(_ratio(len(pred & gold), len(pred)), _ratio(len(pred & gold), len(gold)),
                      cp, cr, 2 * cp * cr / (cp + cr) if cp + cr else 0.0,
                      _ratio(right, len(by_gold)))
