"""Hand-built extractions shared by tests/rdf, tests/store and tests/query.

Modelled on the worked example of DESIGN.md, but not its text: a rewrite by a publisher
that names two reporters, a channel and a speaker with role and affiliation, and a wire
story with no publisher and an anonymous statement. Offsets are computed, never typed.
"""

from __future__ import annotations

from provgraph.model import Attribution, Channel, Document, Entity, Extraction, Span

NATION_TEXT = (
    "Moscow, Feb 4 (NationPress): Russia and Belarus will sign a new security treaty this "
    "year, Alexey Polishchuk, head of the Second Department of the CIS at the Russian "
    "Foreign Ministry, said in an interview with TASS, as reported by Xinhua news agency. "
    '"The document is almost ready," Polishchuk said.'
)
WIRE_TEXT = (
    "Beijing, Feb 4: Russia and Belarus will sign a new security treaty this year, "
    "Alexey Polishchuk told TASS in an interview, according to Xinhua. "
    "Officials familiar with the talks said the signing could slip to autumn."
)
OTHER_TEXT = (
    "Minsk, Feb 5 (Daily Ledger): Russia and Belarus will sign a new security treaty this "
    "year, Maria Zakharova said in a statement."
)
TREATY = "Russia and Belarus will sign a new security treaty this year"
TASS_INTERVIEW = Channel("interview", "TASS")


def span(text: str, needle: str, occurrence: int = 0) -> Span:
    """The span of the ``occurrence``-th ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Span.of(text, start, start + len(needle))


def polishchuk() -> Entity:
    return Entity(
        "Alexey Polishchuk",
        "Person",
        aliases=("Polishchuk",),
        role="head of the Second Department of the CIS",
        affiliation="Russian Foreign Ministry",
    )


def nation_extraction() -> Extraction:
    t = NATION_TEXT
    document = Document(
        id="nation-1",
        text=t,
        title="Russia, Belarus to sign security treaty",
        publisher="NationPress",
        dateline_place="Moscow",
        date="2025-02-04",
        url="https://example.org/nation-1",
    )
    treaty = Attribution(
        content=span(t, TREATY),
        kind="indirect",
        source=span(t, "Alexey Polishchuk"),
        cue=span(t, "said"),
        speaker="Alexey Polishchuk",
        channel=TASS_INTERVIEW,
        via=("Xinhua", "TASS"),
    )
    ready = Attribution(
        content=span(t, "The document is almost ready"),
        kind="direct",
        source=span(t, "Polishchuk", 1),
        cue=span(t, "said", 1),
        speaker="Alexey Polishchuk",
        channel=TASS_INTERVIEW,
        via=("Xinhua", "TASS"),
    )
    entities = (
        polishchuk(),
        Entity("Xinhua", "NewsAgency"),
        Entity("TASS", "NewsAgency"),
        Entity("NationPress", "Publisher"),
        Entity("Moscow", "Place"),
    )
    return Extraction(document, (treaty, ready), entities)


def wire_extraction() -> Extraction:
    t = WIRE_TEXT
    document = Document(id="wire-1", text=t, dateline_place="Beijing", date="--02-04")
    treaty = Attribution(
        content=span(t, TREATY),
        kind="indirect",
        source=span(t, "Alexey Polishchuk"),
        cue=span(t, "told"),
        speaker="Alexey Polishchuk",
        channel=TASS_INTERVIEW,
        via=("Xinhua", "TASS"),
    )
    slip = Attribution(
        content=span(t, "the signing could slip to autumn"),
        kind="indirect",
        source=span(t, "Officials familiar with the talks"),
        cue=span(t, "said"),
        speaker=None,
        anonymous=True,
    )
    entities = (polishchuk(), Entity("Xinhua", "NewsAgency"), Entity("TASS", "NewsAgency"))
    return Extraction(document, (treaty, slip), entities)


def other_extraction() -> Extraction:
    """A third article: a different speaker (through a different channel) says the same."""
    t = OTHER_TEXT
    document = Document(id="other-1", text=t, publisher="Daily Ledger", date="2025-02-05")
    treaty = Attribution(
        content=span(t, TREATY),
        kind="indirect",
        source=span(t, "Maria Zakharova"),
        cue=span(t, "said"),
        speaker="Maria Zakharova",
        channel=Channel("statement"),
    )
    return Extraction(document, (treaty,), (Entity("Maria Zakharova", "Person"),))
