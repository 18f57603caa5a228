"""Find the parts of an article around its body: title, dateline, boilerplate, summaries.

Nothing is removed from the text: each part is recorded as a span (or a value read from a
span), so every later offset still points into the file as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ..model import Span

__all__ = ["Layout", "read_layout"]

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}

# "Moscow, Feb 4 (Example Press)", "WASHINGTON (AP) —", " date 2025-02-04 Moscow, Feb 4 "
_DATELINE = re.compile(
    r"""(?:\bdate\s+(?P<iso>\d{4}-\d{2}-\d{2})\s+)?
        (?P<place>[A-Z][A-Za-z'.\-]+(?:[ ][A-Z][A-Za-z'.\-]+){0,3})
        (?:,\s*(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?)?
        \s*(?:\((?P<publisher>[A-Z][A-Za-z0-9 .&'\-]{1,40})\))?
        \s*(?:(?:--|[-\u2013\u2014:])\s*)?""",
    re.VERBOSE,
)
# an ALL-CAPS place set off by a spaced dash or a colon is a dateline without date or
# outlet: "CLEVELAND — Donald Trump said", "ALBANY -- The governor", "CALIFORNIA: A quake";
# "US - China" is too short, "BREAKING:" a label
_CAPS_DASH = re.compile(r"\s+(?:--|[-\u2013\u2014])\s|:\s")
_LABELS = frozenset({
    "breaking", "update", "updated", "watch", "exclusive", "video", "photos", "live", "opinion",
    "analysis", "editorial", "correction", "explainer", "factbox", "timeline"})
_BULLET = re.compile(r"^\s*(?:[\u2022\u2023\u25aa\u25cf\u2013*\-]|\d+[.)])\s+")


@dataclass(frozen=True, slots=True)
class Layout:
    title: str | None
    dateline_place: str | None
    date: str | None
    publisher: str | None
    boilerplate: tuple[Span, ...]
    summary: tuple[Span, ...]
    body_start: int  # where the running text of the article begins (after the dateline)


def _lines_of(name: str) -> list[str]:
    data = files("provgraph") / "data" / name
    return [ln.strip() for ln in data.read_text("utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


_BOILERPLATE = tuple(s.casefold() for s in _lines_of("boilerplate.txt"))
_SUMMARY_HEADINGS = tuple(s.casefold() for s in _lines_of("summary_headings.txt"))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each blank-line separated block, trimmed of surrounding whitespace."""
    out = []
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _is_headline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 25 and not line.rstrip().endswith((".", ",", ";", '"', "\u201d"))


def _date_of(m: re.Match[str]) -> str | None:
    if m.group("iso"):
        return m.group("iso")
    month = (m.group("month") or "").casefold().rstrip(".")
    if month not in _MONTHS or not m.group("day"):
        return None
    day = int(m.group("day"))
    if m.group("year"):
        return f"{m.group('year')}-{_MONTHS[month]:02d}-{day:02d}"
    return f"--{_MONTHS[month]:02d}-{day:02d}"  # xsd:gMonthDay: the year is not given


def _match_dateline(text: str, start: int, end: int) -> re.Match[str] | None:
    m = _DATELINE.match(text, start, end)
    if not m:
        return None
    # a dateline needs a date, an outlet in parentheses or an ALL-CAPS place before a
    # dash; otherwise it is just a sentence
    if not (m.group("iso") or _date_of(m) or m.group("publisher") or _caps_place_dash(m)):
        return None
    if m.group("place").isupper() is False and not (m.group("iso") or m.group("month")):
        return None  # "(AP)" after a title-case word: only trust ALL-CAPS places there
    return m


def _caps_place_dash(m: re.Match[str]) -> bool:
    place = m.group("place")
    letters = sum(ch.isalpha() for ch in place)
    return (place.isupper() and letters >= 3 and m.group("month") is None
            and place.casefold() not in _LABELS
            and _CAPS_DASH.match(m.string, m.end("place")) is not None)


def read_layout(text: str) -> Layout:
    """Read the title, dateline, boilerplate and summary blocks of an article.

    >>> lay = read_layout("Tax Plan Unveiled\\n\\nLONDON, March 3 (Example) - The minister said...")
    >>> (lay.title, lay.dateline_place, lay.date, lay.publisher)
    ('Tax Plan Unveiled', 'LONDON', '--03-03', 'Example')
    """
    # the rules, the entities and the provenance step each read the same text's layout
    # (five times per article): a Layout is immutable, so one reading serves them all
    return _read_layout(text)


@lru_cache(maxsize=8)
def _read_layout(text: str) -> Layout:
    paragraphs = _paragraphs(text)
    boilerplate: list[Span] = []
    summary: list[Span] = []
    title: str | None = None
    dateline: re.Match[str] | None = None
    body_start = paragraphs[0][0] if paragraphs else 0
    in_summary_heading = False
    for i, (s, e) in enumerate(paragraphs):
        block = text[s:e]
        folded = block.casefold().strip()
        if i == 0 and "\n" not in block and _is_headline(block) and len(paragraphs) > 1:
            title = block.strip()
            body_start = e
            continue
        furniture = _furniture_lines(text, s, e, title)
        if furniture:
            boilerplate.extend(furniture)
            body_start = e
            continue
        if folded.rstrip(":") in _SUMMARY_HEADINGS:
            summary.append(Span.of(text, s, e))
            in_summary_heading = True
            continue
        if in_summary_heading:
            # the block right after a heading (a paragraph or a bullet list) is the summary
            summary.append(Span.of(text, s, e))
            in_summary_heading = False
            body_start = e
            continue
        if dateline is None:
            dateline = _match_dateline(text, s, e)
            if dateline:
                body_start = dateline.end()
        break
    summary = _merge_adjacent(summary, text)
    return Layout(
        title=title,
        dateline_place=dateline.group("place") if dateline else None,
        date=_date_of(dateline) if dateline else None,
        publisher=dateline.group("publisher") if dateline else None,
        boilerplate=tuple(boilerplate),
        summary=tuple(summary),
        body_start=body_start,
    )


def _furniture_lines(text: str, start: int, end: int, title: str | None) -> list[Span]:
    """Each line of the block when every line is page furniture (or repeats the title)."""
    spans = []
    pos = start
    for line in text[start:end].split("\n"):
        folded = line.strip().casefold()
        if folded not in _BOILERPLATE and not (title and folded == title.casefold()):
            return []
        lead = len(line) - len(line.lstrip())
        spans.append(Span.of(text, pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return spans


def _merge_adjacent(spans: list[Span], text: str) -> list[Span]:
    """Join a summary heading with the block it heads, so each summary is one span."""
    merged: list[Span] = []
    for sp in spans:
        if merged and not text[merged[-1].end : sp.start].strip():
            merged[-1] = Span.of(text, merged[-1].start, sp.end)
        else:
            merged.append(sp)
    return merged
