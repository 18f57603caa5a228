"""Typed records that flow between the steps, and the JSONL contract.

Every span is ``(start, end)`` into ``Document.text`` exactly as read (end exclusive), so
gold offsets, ``nif:beginIndex`` and the HTML tooltips all point at the same characters.
JSON conversion happens here and nowhere else.

The JSONL contract (one line per article)::

    {"id", "text", "title", "publisher", "dateline_place", "date",
     "attributions": [{"source": SPAN|null, "cue": SPAN|null, "content": SPAN,
                       "kind", "speaker", "channel": {"kind","with"}|null, "via": [...],
                       "article_via": [...]?, "article_channel": {...}?,
                       "statement": SPAN?}],
     "entities": [{"name","type","aliases","role","affiliation"}]}

with SPAN = {"start", "end", "text"}.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast

from .errors import MalformedJSONLError

__all__ = [
    "Attribution",
    "Chain",
    "ChainLink",
    "Channel",
    "Document",
    "Entity",
    "Extraction",
    "Kind",
    "Span",
]

Kind = Literal["direct", "indirect", "mixed"]
KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # offset into Document.text, exactly as read
    end: int  # exclusive
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span of ``text[start:end]``.

        >>> Span.of("He said so.", 3, 7)
        Span(start=3, end=7, text='said')
        """
        return cls(start, end, text[start:end])

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_json(cls, obj: Any) -> Span:
        if not isinstance(obj, dict) or not {"start", "end"} <= obj.keys():
            raise MalformedJSONLError(f"span {obj!r}: needs 'start' and 'end'")
        return cls(int(obj["start"]), int(obj["end"]), str(obj.get("text", "")))


@dataclass(frozen=True, slots=True)
class Channel:
    """How a statement was made: an interview with TASS, a press conference, ..."""

    kind: str  # interview, discussion, press conference, statement, social post, ...
    with_: str | None = None  # the outlet or audience ("TASS", "local media")

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "with": self.with_}

    @classmethod
    def from_json(cls, obj: Any) -> Channel | None:
        if obj is None:
            return None
        if not isinstance(obj, dict) or "kind" not in obj:
            raise MalformedJSONLError(f"channel {obj!r}: needs 'kind'")
        return cls(str(obj["kind"]), obj.get("with"))


@dataclass(frozen=True, slots=True)
class Attribution:
    content: Span
    kind: Kind
    source: Span | None = None
    cue: Span | None = None
    speaker: str | None = None  # canonical entity name, the fullest form in the article
    channel: Channel | None = None
    via: tuple[str, ...] = ()  # reporters between the article and the speaker, outermost first
    anonymous: bool = False  # "officials said", "a source familiar with ..."
    content_pieces: tuple[Span, ...] = ()  # discontinuous content, when more than one piece
    # the hands and channel as the whole article tells them (provgraph.provenance): credited
    # agency copy, relays carried over from earlier sentences, the interviewer; None when
    # the article adds nothing to what the sentence says (``via``, ``channel``)
    article_via: tuple[str, ...] | None = None
    article_channel: Channel | None = None
    # the statement as a reader quotes it back, when wider than the content: the predicate
    # of a content-bearing cue ("called it a terrorist attack"), a closed quotation
    statement: Span | None = None

    @property
    def statement_span(self) -> Span:
        """The words of the statement: ``statement`` when set, else the content."""
        return self.statement or self.content

    @property
    def chain_via(self) -> tuple[str, ...]:
        """Every hand between the article's publisher and the speaker, outermost first."""
        return self.via if self.article_via is None else self.article_via

    @property
    def chain_channel(self) -> Channel | None:
        """How the speaker made the statement, as the whole article tells it."""
        return self.article_channel if self.article_channel is not None else self.channel

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source.to_json() if self.source else None,
            "cue": self.cue.to_json() if self.cue else None,
            "content": self.content.to_json(),
            "kind": self.kind,
            "speaker": self.speaker,
            "channel": self.channel.to_json() if self.channel else None,
            "via": list(self.via),
        }
        if self.anonymous:
            out["anonymous"] = True
        if self.content_pieces:
            out["content_pieces"] = [p.to_json() for p in self.content_pieces]
        if self.article_via is not None:
            out["article_via"] = list(self.article_via)
        if self.article_channel is not None:
            out["article_channel"] = self.article_channel.to_json()
        if self.statement is not None:
            out["statement"] = self.statement.to_json()
        return out

    @classmethod
    def from_json(cls, obj: Any) -> Attribution:
        if not isinstance(obj, dict) or "content" not in obj:
            raise MalformedJSONLError(f"attribution {str(obj)[:80]!r}: needs 'content'")
        kind = obj.get("kind") or "indirect"
        if kind not in KINDS:
            raise MalformedJSONLError(f"attribution kind {kind!r}: expected one of {KINDS}")
        return cls(
            content=Span.from_json(obj["content"]),
            kind=cast(Kind, kind),
            source=Span.from_json(obj["source"]) if obj.get("source") else None,
            cue=Span.from_json(obj["cue"]) if obj.get("cue") else None,
            speaker=obj.get("speaker"),
            channel=Channel.from_json(obj.get("channel")),
            via=tuple(obj.get("via") or ()),
            anonymous=bool(obj.get("anonymous", False)),
            content_pieces=tuple(Span.from_json(p) for p in obj.get("content_pieces") or ()),
            article_via=(tuple(obj["article_via"]) if obj.get("article_via") is not None
                         else None),
            article_channel=Channel.from_json(obj.get("article_channel")),
            statement=Span.from_json(obj["statement"]) if obj.get("statement") else None,
        )


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, outlet or place named in an article."""

    name: str  # canonical: the fullest form in the article
    type: str  # Person, Organization, NewsAgency, Publisher, Place, Group
    aliases: tuple[str, ...] = ()
    role: str | None = None  # "head of the Second Department of ..."
    affiliation: str | None = None  # "Russian Foreign Ministry"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "role": self.role,
            "affiliation": self.affiliation,
        }

    @classmethod
    def from_json(cls, obj: Any) -> Entity:
        if not isinstance(obj, dict) or "name" not in obj:
            raise MalformedJSONLError(f"entity {str(obj)[:80]!r}: needs 'name'")
        return cls(
            name=str(obj["name"]),
            type=str(obj.get("type") or "Organization"),
            aliases=tuple(obj.get("aliases") or ()),
            role=obj.get("role"),
            affiliation=obj.get("affiliation"),
        )


@dataclass(frozen=True, slots=True)
class Document:
    id: str  # the file name without extension
    text: str  # exactly as read; never cleaned
    title: str | None = None
    publisher: str | None = None
    dateline_place: str | None = None
    date: str | None = None  # ISO 8601 ("2025-02-04") or "--MM-DD" when the year is unknown
    url: str | None = None
    path: str | None = None
    boilerplate: tuple[Span, ...] = ()  # "Click to start listening", share buttons, ...
    summary: tuple[Span, ...] = ()  # Synopsis / Key Takeaways blocks: kept, but marked

    def in_summary(self, start: int) -> bool:
        return any(s.start <= start < s.end for s in self.summary)

    def in_boilerplate(self, start: int) -> bool:
        return any(s.start <= start < s.end for s in self.boilerplate)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything one article yields: the JSONL record of the contract."""

    document: Document
    attributions: tuple[Attribution, ...] = ()
    entities: tuple[Entity, ...] = ()

    def to_json(self) -> dict[str, Any]:
        d = self.document
        return {
            "id": d.id,
            "text": d.text,
            "title": d.title,
            "publisher": d.publisher,
            "dateline_place": d.dateline_place,
            "date": d.date,
            "url": d.url,
            "boilerplate": [s.to_json() for s in d.boilerplate],
            "summary": [s.to_json() for s in d.summary],
            "attributions": [a.to_json() for a in self.attributions],
            "entities": [e.to_json() for e in self.entities],
        }

    @classmethod
    def from_json(cls, obj: Any) -> Extraction:
        if not isinstance(obj, dict) or "id" not in obj or "text" not in obj:
            raise MalformedJSONLError("record needs 'id' and 'text'")
        document = Document(
            id=str(obj["id"]),
            text=str(obj["text"]),
            title=obj.get("title"),
            publisher=obj.get("publisher"),
            dateline_place=obj.get("dateline_place"),
            date=obj.get("date"),
            url=obj.get("url"),
            boilerplate=tuple(Span.from_json(s) for s in obj.get("boilerplate") or ()),
            summary=tuple(Span.from_json(s) for s in obj.get("summary") or ()),
        )
        return cls(
            document=document,
            attributions=tuple(Attribution.from_json(a) for a in obj.get("attributions") or ()),
            entities=tuple(Entity.from_json(e) for e in obj.get("entities") or ()),
        )


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One hand a statement passed through: an outlet, an agency, or the speaker."""

    name: str
    type: str  # Publisher, NewsAgency, Person, Organization, Group, ...


@dataclass(frozen=True, slots=True)
class Chain:
    """One attributed statement of an article and the hands it travelled through.

    A query result (built by ``provgraph.query``), consumed by ``viz`` and the CLI.
    ``links`` runs from the article's publisher (when known) to the original speaker.
    """

    article: str  # document id
    article_title: str | None
    statement: str  # the quoted or reported words
    statement_iri: str
    links: tuple[ChainLink, ...]
    channel: Channel | None = None
    cue: str | None = None
    kind: str | None = None
    evidence: Span | None = None  # the content span in the article
    origin_iri: str | None = None  # the root statement (pg:quotes* end)

    @property
    def names(self) -> list[str]:
        return [link.name for link in self.links]

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "statement": self.statement,
            "chain": self.names,
            "channel": self.channel.to_json() if self.channel else None,
            "cue": self.cue,
            "kind": self.kind,
            "links": [{"name": x.name, "type": x.type} for x in self.links],
            "evidence": self.evidence.to_json() if self.evidence else None,
            "statement_iri": self.statement_iri,
            "origin_iri": self.origin_iri,
        }
