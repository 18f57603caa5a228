"""Claims: the same statement carried by several articles, grouped so its origins can be
counted (``independent-origins.rq``).

Two in-article statements express one claim when their speakers are the same entity and
their words are close paraphrases (rapidfuzz token-set similarity); a claim key is the
hash of its first member, so the grouping is deterministic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from rapidfuzz import fuzz

from ..model import Extraction, Span

__all__ = ["CLAIM_SIMILARITY", "group_claims"]

CLAIM_SIMILARITY = 55.0


def group_claims(extractions: Sequence[Extraction]
                 ) -> list[tuple[str, str, Span, str]]:
    """(claim key, document id, content span, claim text) for statements in a shared claim.

    Statements no other article repeats are left out: a claim of one is just a statement.
    """
    members: list[tuple[str, str, Span, str]] = []  # speaker, doc, span, text
    for ex in extractions:
        for a in ex.attributions:
            members.append(((a.speaker or "").casefold(), ex.document.id, a.content,
                            a.content.text))
    clusters: list[list[int]] = []
    for i, (spk, doc, _span, text) in enumerate(members):
        for cl in clusters:
            j = cl[0]
            if members[j][0] == spk and members[j][1] != doc and \
                    fuzz.token_set_ratio(text, members[j][3]) >= CLAIM_SIMILARITY:
                cl.append(i)
                break
        else:
            clusters.append([i])
    out = []
    for cl in clusters:
        if len({members[i][1] for i in cl}) < 2:
            continue
        first = members[cl[0]]
        key = hashlib.sha1(f"{first[1]}|{first[2].start}|{first[2].end}".encode()).hexdigest()[:16]
        for i in cl:
            out.append((key, members[i][1], members[i][2], first[3]))
    return out
