"""Article-level credits: the agency copy a page runs, read off its dateline and credit lines.

A page that runs an agency's copy and credits it carries every statement through that
agency: "NAIROBI, March 3 (Xinhua) --", "(Reuters) -", "By AP", "Source: AFP/zl",
"SOURCE: Reuters", "source: bbc.com", "--IANS", "(IANS)" or "—AFP" closing the text,
"(With inputs from PTI)", "© dpa",
"Xinhua, February 24, 2015", "(CBS / AP)". The publisher's own name in a credit is not a
hop ("Lima, May 2 (Daily Star)" on the Daily Star's page); "A / B" names the printing
outlet first and the agency after it.

>>> read_credits("Rain Due\\n\\nLIMA, May 2 (AP) - It rained, officials said.\\n", "Daily Star")
Credits(publisher='Daily Star', agencies=('AP',), dateline_end=29)
>>> read_credits("Rain Due\\n\\nIt rained, officials said.\\n\\n--IANS\\n", "Daily Star").agencies
('IANS',)
>>> read_credits("Rain Due\\n\\nLIMA, May 2 (Reuters) - It rained.\\n", "Reuters").agencies
()
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..ingest.layout import read_layout
from ..nlp.gazetteer import load_gazetteer

__all__ = ["Credits", "canonical_outlet", "lead_credit", "read_credits"]

_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
_NAME = r"[A-Za-z][\w.&'\-]*(?:[ ][A-Z][\w.&'\-]*){0,4}"  # "dpa" prints itself small
_NAMES = rf"{_NAME}(?:\s*/\s*{_NAME})*"
# a whole paragraph that only credits
_CREDIT_LINES = [
    re.compile(rf"^(?:by|source|sources|via|credit|courtesy|agencies)\s*[:\-|]?\s*"
               rf"(?P<names>{_NAMES}|[a-z][\w\-]*\.(?:com|net|org|co\.uk|in))\s*(?:/[a-z]+)?\.?$",
               re.IGNORECASE),
    re.compile(rf"^[-\u2013\u2014]{{1,2}}\s*(?P<names>{_NAMES})\s*(?:/[a-z]+)?$"),
    re.compile(rf"^(?:\u00a9|\(c\))\s*(?:\d{{4}}\s*)?(?P<names>{_NAMES})\.?$"),
    re.compile(rf"^(?P<names>{_NAME}),\s*{_MONTH}\s+\d{{1,2}},\s*\d{{4}}\.?$"),
    re.compile(rf"^(?P<names>{_NAME})\s*\|(?:\s.*)?$"),  # "IANS| Last Updated: ..."
    re.compile(rf"^\(?with (?:additional )?inputs? from (?P<names>{_NAMES})\)?\.?$",
               re.IGNORECASE),
    re.compile(rf"^(?P<names>{_NAME})$"),  # "The Associated Press" alone: a known agency
]
# a credit closing the last paragraph: "... the team said. --IANS", "... said. (IANS)"
_TRAILING = re.compile(rf"\s(?:[-\u2013\u2014]{{1,2}}\s*(?P<names>{_NAMES})\s*(?:/[a-z]+)?"
                       rf"|\((?P<paren>{_NAMES})\))$")
# a paragraph opening with the agency in parentheses, after an upper-case place and a date
# or nothing: "(Reuters) -", "NEW YORK (CBS / AP) --", "GENEVA, Nov. 16 (CNA) -"
_LEADING = re.compile(rf"^(?:[A-Z][A-Z.'\- ]*(?:,\s*[A-Z][A-Za-z.]*)?"
                      rf"(?:,?\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?\s*)?"
                      rf"\((?P<names>{_NAMES})(?:\s*[-,][^)]*)?\)(?:\s*[-\u2013\u2014:]+|\s)")
# a dateline with the outlet after a full stop or a bullet: "LONDON. KAZINFORM", "Kyiv • UNN"
_PLACE_OUTLET = re.compile(r"^[A-Z][A-Za-z .'\-]{1,30}?\s*[.\u2022|]\s*(?P<names>[A-Z]{2,}[A-Za-z]*)\b")


@dataclass(frozen=True, slots=True)
class Credits:
    publisher: str | None  # the page's outlet, when the page or its credit names it
    agencies: tuple[str, ...]  # credited copy, outermost first: a hop of every chain
    dateline_end: int = 0  # where the text after a credited dateline begins


def canonical_outlet(name: str) -> str:
    """The short printed name of a known agency ("Associated Press" → "AP"), a domain's
    outlet ("bbc.com" → "BBC"), else the name as written.

    >>> canonical_outlet("Agence France-Presse"), canonical_outlet("bbc.com")
    ('AFP', 'BBC')
    """
    gaz = load_gazetteer()
    name = name.strip().strip(".")
    if re.fullmatch(r"[a-z][\w\-]*\.(?:com|net|org|co\.uk|in)", name, re.IGNORECASE):
        stem = name.split(".")[0]
        return gaz.find_outlet(stem) or (stem.upper() if len(stem) <= 4 else stem.title())
    return gaz.short_name(name)


def _same(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    fold = {canonical_outlet(a).casefold(), a.casefold()}
    return canonical_outlet(b).casefold() in fold or b.casefold() in fold


def _is_known_outlet(name: str) -> bool:
    return bool(load_gazetteer().find_outlet(name))


# the last word of an agency's or paper's own name: "Continental Press Service", "Kenya
# News Agency", "Daily Mail Wire"
_OUTLET_NAME_ENDS = frozenset({"press", "service", "news", "agency", "wire", "newswire",
                               "times", "post", "herald", "tribune", "telegraph", "journal"})


def _is_outlet_like(name: str) -> bool:
    """A known outlet, a short all-capitals name as agencies write themselves (PTI), or a
    capitalised name ending like an agency's or paper's ("Continental Press Service")."""
    gaz = load_gazetteer()
    words = name.split()
    return bool(gaz.find_outlet(name)) or bool(re.fullmatch(r"[A-Z]{2,6}", name)) or (
        len(words) >= 2 and all(w[:1].isupper() for w in words)
        and words[-1].casefold() in _OUTLET_NAME_ENDS)


def _byline_outlet(line: str) -> str | None:
    """"By Ana Ruiz and Li Wei Bloomberg" → "Bloomberg": a byline credits an outlet only
    when it names one; a reporter's own name is never a hand of the chain."""
    if not line.lower().startswith("by ") or len(line) > 160:
        return None
    words = line.rstrip(".").split()
    for k in range(min(4, len(words) - 1), 0, -1):
        tail = " ".join(words[-k:])
        if _is_known_outlet(tail):
            return canonical_outlet(tail)
    return None


def _split(names: str) -> list[str]:
    """"CBS / AP" → ["CBS", "AP"]; an editor's initials ("AFP/zl") are not an outlet."""
    parts = [p.strip() for p in names.split("/")]
    return [canonical_outlet(p) for p in parts
            if p and (not p.islower() or load_gazetteer().find_outlet(canonical_outlet(p)))]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def read_credits(text: str, publisher: str | None) -> Credits:
    """The publisher and the credited agencies of an article's ``text``.

    ``publisher`` is what the page itself says (HTML site name, a corpus column) or, for
    plain text, what the dateline credit gave; it is never listed as an agency.
    """
    layout = read_layout(text)
    found: list[list[str]] = []
    if layout.publisher:
        found.append(_split(layout.publisher))
    paragraphs = _paragraphs(text)
    dateline_end = layout.body_start
    for para in paragraphs[1:4]:  # the dateline sits in the first body paragraphs
        m = _LEADING.match(para) or _PLACE_OUTLET.match(para)
        # "(UrduPoint News / Sputnik)": the page's own outlet first, then agencies
        if m and all(_is_outlet_like(n) for n in _split(m.group("names"))[-1:]):
            found.append(_split(m.group("names")))
            dateline_end = max(dateline_end, text.find(para) + m.end())
            break
    for para in paragraphs[1:4] + paragraphs[-3:]:
        line = para.strip()
        byline = _byline_outlet(line)
        if byline:
            found.append([byline])
            continue
        for pattern in _CREDIT_LINES:
            m = pattern.match(line)
            check = _is_known_outlet if pattern is _CREDIT_LINES[-1] else _is_outlet_like
            if m and all(check(n) or "." in n for n in _split(m.group("names"))):
                found.append(_split(m.group("names")))
                break
    if paragraphs:
        m = _TRAILING.search(paragraphs[-1])
        names = _split(m.group("names") or m.group("paren")) if m else []
        if names and all(_is_outlet_like(n) for n in names):
            found.append(names)
    return replace(_settle(found, publisher), dateline_end=dateline_end)


def _settle(found: list[list[str]], publisher: str | None) -> Credits:
    agencies: list[str] = []
    for names in found:
        if publisher is None and len(names) > 1:
            publisher = names[0]  # "(CBS / AP)": the printing outlet first
        for name in names:
            if _same(name, publisher) or any(_same(name, a) for a in agencies):
                continue
            agencies.append(name)
    if publisher is None and agencies:  # plain text: its one credit names the page's source
        return Credits(None, tuple(agencies))
    return Credits(publisher, tuple(agencies))


# "..., police say, BBC reports." / "..., reports UNN citing AP." / "..., according to TASS."
_REPORTS = re.compile(rf"(?:(?P<a>{_NAME})\s+reports\b|\breports\s+(?P<b>{_NAME})"
                      rf"(?:,?\s+citing\s+(?P<c>{_NAME}))?|, according to (?P<d>{_NAME})\.$)")


def lead_credit(text: str, first_statement: int | None) -> tuple[str, ...]:
    """Outlets credited inline by the lead for the whole story ("..., BBC reports.").

    Only the paragraph of the article's first attribution (``first_statement``, an offset)
    counts, and only within the first paragraphs: a later "reports Efe" credits one
    sentence, not the story.

    >>> lead_credit("Quake Hits\\n\\nA quake hit, police say, BBC reports.\\n", 12)
    ('BBC',)
    """
    if first_statement is None:
        return ()
    start = text.rfind("\n\n", 0, first_statement) + 1
    end = text.find("\n\n", first_statement)
    if text.count("\n\n", 0, start) > 3:
        return ()
    m = _REPORTS.search(text[start:end if end >= 0 else len(text)])
    if not m:
        return ()
    names = [canonical_outlet(n) for n in m.group("a", "b", "c", "d") if n]
    return tuple(names) if all(_is_outlet_like(n) for n in names) else ()
