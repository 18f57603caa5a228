"""The one place where provgraph mints IRIs for its data.

Every IRI is ``Config.base_iri`` + a kind + a readable slug + a short SHA-1 hash of a
normalised key (a name, or a document id with span offsets and hop), so running the same
input twice yields the same graph, and the same person or outlet named in two articles is
one node. An outlet the gazetteer knows is keyed on its canonical name, so "Agence
France-Presse" in one article and "AFP news agency" in another are one node too. A test greps that no other module outside ``rdf/`` builds ``NamedNode``s for
data; code elsewhere that must turn a user string into an IRI calls :func:`as_iri`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode

from ..config import Config

if TYPE_CHECKING:
    from ..nlp.gazetteer import Outlet

__all__ = [
    "STORE_META_GRAPH",
    "agent_iri",
    "article_graph_iri",
    "article_iri",
    "as_iri",
    "channel_iri",
    "claim_iri",
    "context_iri",
    "crossdoc_article_graph_iri",
    "crossdoc_graph_iri",
    "evidence_iri",
    "known_outlet",
    "normalise_name",
    "run_graph_iri",
    "run_iri",
    "software_iri",
    "statement_iri",
    "type_family",
]

# NewsAgency and Publisher share a family: both are outlets, and Xinhua is an agency in one
# article and the publisher of another. Person "X" and Organization "X" must not collide.
_FAMILIES: dict[str, str] = {
    "person": "person",
    "organization": "org",
    "organisation": "org",
    "org": "org",
    "newsagency": "outlet",
    "publisher": "outlet",
    "outlet": "outlet",
    "group": "group",
    "place": "place",
}

_SPACE = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    """Casefold, NFKC-normalise and collapse whitespace: the key agents are merged on.

    >>> normalise_name("  Alexey\\n POLISHCHUK ")
    'alexey polishchuk'
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", name).casefold()).strip()


def type_family(entity_type: str) -> str:
    """The IRI family of an entity type; unknown types count as organisations.

    >>> type_family("NewsAgency") == type_family("Publisher")
    True
    """
    return _FAMILIES.get(entity_type.casefold(), "org")


def _hash(*parts: object) -> str:
    key = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _slug(text: str, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_text.casefold()).strip("-")
    return slug[:limit].rstrip("-") or "x"


def _mint(config: Config, kind: str, readable: str, *key: object) -> NamedNode:
    return NamedNode(f"{config.base_iri}{kind}/{_slug(readable)}-{_hash(kind, *key)}")


def article_iri(config: Config, doc_id: str) -> NamedNode:
    """The article (a ``pg:Article``) of document ``doc_id``.

    >>> article_iri(Config(), "000").value.startswith("https://w3id.org/provgraph/id/article/000-")
    True
    """
    return _mint(config, "article", doc_id, doc_id)


def article_graph_iri(config: Config, doc_id: str) -> NamedNode:
    """The named graph holding every triple extracted from document ``doc_id``."""
    return _mint(config, "graph/article", doc_id, doc_id)


def context_iri(config: Config, doc_id: str) -> NamedNode:
    """The ``nif:Context`` (full text) that the evidence spans of ``doc_id`` point into."""
    return _mint(config, "context", doc_id, doc_id)


#: the named graph of the store's own bookkeeping (which derived facts it holds), not data:
#: one fixed IRI whatever the data's base IRI, left out of exports
STORE_META_GRAPH = NamedNode("https://w3id.org/provgraph/id/graph/store")


def crossdoc_graph_iri(config: Config) -> NamedNode:
    """The named graph of cross-document facts (rewrites, shared claims)."""
    return NamedNode(f"{config.base_iri}graph/crossdoc")


def crossdoc_article_graph_iri(config: Config, doc_id: str) -> NamedNode:
    """The named graph of one article's cross-document links (its rewrites, its statements'
    claims), replaced on its own whenever linking touches that article."""
    return _mint(config, "graph/crossdoc", doc_id, "crossdoc", doc_id)


def known_outlet(entity_type: str, name: str) -> Outlet | None:
    """The gazetteer record an outlet or organisation named ``name`` resolves to, or None.

    Only outlets and organisations are looked up: a person called "Reuters" stays a person.

    >>> known_outlet("NewsAgency", "AFP news agency").name
    'Agence France-Presse'
    >>> known_outlet("Person", "AFP") is None
    True
    """
    if type_family(entity_type) not in ("outlet", "org"):
        return None
    return _outlet_record(name)


def _outlet_record(name: str) -> Outlet | None:
    # imported here: provgraph.nlp pulls in spaCy, which reading a store must not pay for
    from ..nlp.gazetteer import load_gazetteer

    return load_gazetteer().entry(name)


def agent_iri(config: Config, entity_type: str, name: str) -> NamedNode:
    """An agent (person, organisation, outlet, group) or place, by type family and name.

    A known outlet is minted from its canonical name in the outlet family, whichever
    variant and type (organisation, publisher, agency) the article gave it.

    >>> c = Config()
    >>> agent_iri(c, "NewsAgency", "TASS") == agent_iri(c, "Publisher", " tass ")
    True
    >>> agent_iri(c, "Person", "TASS") == agent_iri(c, "Organization", "TASS")
    False
    >>> agent_iri(c, "Publisher", "Agence France-Presse") == agent_iri(c, "NewsAgency", "AFP")
    True
    """
    record = known_outlet(entity_type, name)
    if record is not None:
        family, norm = "outlet", normalise_name(record.name)
    else:
        family, norm = type_family(entity_type), normalise_name(name)
    return _mint(config, family, norm, family, norm)


def statement_iri(config: Config, doc_id: str, start: int, end: int, hop: int) -> NamedNode:
    """Hop ``hop`` of the chain of the statement whose content is ``[start, end)`` in ``doc_id``.

    Hop 0 is the statement as the article prints it; the last hop is the speaker's.
    """
    return _mint(config, "statement", f"{doc_id}-{start}-{hop}", doc_id, start, end, hop)


def evidence_iri(config: Config, doc_id: str, start: int, end: int) -> NamedNode:
    """The ``pg:EvidenceSpan`` of characters ``[start, end)`` of ``doc_id``."""
    return _mint(config, "evidence", f"{doc_id}-{start}-{end}", doc_id, start, end)


def channel_iri(
    config: Config, speaker_type: str, speaker: str | None, kind: str, with_: str | None
) -> NamedNode:
    """The channel (interview with TASS, ...) through which ``speaker`` made a statement.

    Keyed on the speaker and the channel, not on the article, so two articles quoting the
    same interview share one node.
    """
    # an interview with "AFP" and one with "Agence France-Presse" are one channel
    with_record = _outlet_record(with_) if with_ else None
    key = (
        type_family(speaker_type),
        normalise_name(speaker or ""),
        normalise_name(kind),
        normalise_name(with_record.name if with_record else with_ or ""),
    )
    return _mint(config, "channel", f"{kind} {with_ or ''}", *key)


def claim_iri(config: Config, key: str) -> NamedNode:
    """A ``pg:Claim`` that several statements express, by the cross-doc linker's key."""
    return _mint(config, "claim", key, normalise_name(key))


def run_iri(config: Config, started: str, inputs: tuple[str, ...] = ()) -> NamedNode:
    """The ``prov:Activity`` of one build, keyed by its start time and inputs."""
    return _mint(config, "run", started, started, *inputs)


def run_graph_iri(config: Config, started: str, inputs: tuple[str, ...] = ()) -> NamedNode:
    """The named graph holding the provenance of one build."""
    return _mint(config, "graph/run", started, started, *inputs)


def software_iri(config: Config, version: str) -> NamedNode:
    """The ``prov:SoftwareAgent`` for provgraph at ``version``."""
    return _mint(config, "software", f"provgraph-{version}", version)


def as_iri(value: str) -> NamedNode:
    """Turn a user-given IRI string (``<...>`` or bare) into a term; ``ValueError`` if bad.

    >>> as_iri("<https://example.org/x>").value
    'https://example.org/x'
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    return NamedNode(text)
