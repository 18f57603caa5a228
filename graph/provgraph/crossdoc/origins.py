"""Independent origins of a statement's claim, in numbers and in words.

The counting rules live in ``independent-origins.rq`` and are written down in
docs/ORIGINS.md; this module runs that query for a statement IRI or a claim id (the
claim's key or its IRI) and puts the answer in words for ``provgraph origins``. It reads a
store, so it imports the query step lazily: crossdoc writes links, the query step reads
them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config
from ..errors import QueryError
from ..rdf import iris
from ..store import Store

__all__ = ["Origins", "count_origins", "origin_descriptions"]


def _one_origin(labels: list[str]) -> str:
    """One origin's labels as one description: "Jacinda Ardern (statement; remarks with
    reporters)" for one speaker's several acts, else the labels joined."""
    names = {label.split(" (", 1)[0] for label in labels}
    if len(names) != 1:
        return " / ".join(labels)
    acts = [label.split(" (", 1)[1].removesuffix(")") for label in labels if " (" in label]
    name = names.pop()
    return f"{name} ({'; '.join(acts)})" if acts else name


def origin_descriptions(parts: str | None) -> tuple[str, ...]:
    """One description per counted origin, from a query's ``?originParts`` (labels keyed by
    their origin: docs/ORIGINS.md). A named speaker is one origin on any channel, so their
    interview and statement are one line, as they are one in the count.

    >>> origin_descriptions("oputin\x1fVladimir Putin (interview)\x1eoputin\x1fVladimir Putin")
    ('Vladimir Putin (interview)',)
    """
    by_origin: dict[tuple[str, str], list[str]] = {}
    for part in (parts or "").split("\x1e"):
        key, sep, label = part.partition("\x1f")
        if sep and label:
            by_origin.setdefault((key[:1], key[1:]), []).append(label)
    # origins are counted from "o" keys; the loose ones only when no member names a source
    kind = "o" if any(k == "o" for k, _ in by_origin) else "l"
    return tuple(sorted(_one_origin(sorted(set(labels)))
                        for (k, _), labels in by_origin.items() if k == kind))


@dataclass(frozen=True, slots=True)
class Origins:
    statement: str  # the statement counted from (a member of the claim)
    claim: str | None
    origins: int
    statements: int
    articles: int
    labels: tuple[str, ...]  # one description per origin

    def to_json(self) -> dict[str, object]:
        return {"statement": self.statement, "claim": self.claim, "origins": self.origins,
                "statements": self.statements, "articles": self.articles,
                "labels": list(self.labels)}

    def in_words(self) -> str:
        """One paragraph: 'N independent origin(s) across M article(s): a | b'."""
        noun = "origin" if self.origins == 1 else "origins"
        where = f"{self.statements} statement{'s' * (self.statements != 1)} in " \
                f"{self.articles} article{'s' * (self.articles != 1)}"
        lines = [f"{self.origins} independent {noun} ({where})"]
        lines += [f"  - {label}" for label in self.labels]
        return "\n".join(lines)


def _claim_iri(config: Config, claim: str) -> str:
    if claim.startswith(("http://", "https://", "<")):
        return claim.strip("<>")
    return iris.claim_iri(config, claim).value


def count_origins(store: Store, statement: str | None = None, claim: str | None = None,
                  config: Config | None = None) -> Origins:
    """The independent origins of ``statement``'s claim, or of claim ``claim``.

    ``claim`` is the claim's IRI or its key (the hash that ends a claim IRI's path,
    before the readable part is added, as ``claims.rq`` lists it).
    """
    from ..query import run_query

    config = config or Config()
    claim_iri = None
    if claim is not None:
        claim_iri = _claim_iri(config, claim)
        rows = run_query(store, "claim-members", claim=claim_iri)
        if not isinstance(rows, list) or not rows:
            raise QueryError(f"claim {claim}: no statement expresses it; list claims with "
                             "`provgraph query OUT claims`")
        statement = str(rows[0]["statement"].value)  # type: ignore[union-attr]
    if statement is None:
        raise QueryError("give a statement IRI or a claim id")
    rows = run_query(store, "independent-origins", statement=statement)
    if not isinstance(rows, list) or not rows or rows[0].get("statements") is None or \
            int(rows[0]["statements"].value) == 0:  # type: ignore[union-attr]
        raise QueryError(f"statement {statement}: not in this graph; list statements with "
                         "`provgraph chains OUT --format json`")
    row = rows[0]

    def _int(name: str) -> int:
        term = row.get(name)
        return int(term.value) if term is not None else 0

    parts = row.get("originParts")
    return Origins(statement, claim_iri, _int("origins"), _int("statements"), _int("articles"),
                   origin_descriptions(parts.value if parts is not None else None))
