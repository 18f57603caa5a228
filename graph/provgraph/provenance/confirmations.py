"""Statements that point back at the news: "PSG confirmed the news in a statement".

A news lead often states the news without a source and names the source later, in words
that point back at it: "X confirmed the news", "the club announced the decision on its
website", "the ministry confirmed this". What X confirmed is then the lead (for "the
news", "the reports", "the decision", ...) or the sentence right before (for "this",
"it"), not the two words "the news". Such a pointer is replaced by a statement of the
sentence it points at, with the pointer's speaker, relays and channel.

Only confirming verbs carry the content over: "X denied the reports" says the opposite
of what the sentence before says, "X welcomed the news" says nothing about it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ..model import Attribution, Span

__all__ = ["announced_lead", "confirmed_news"]

_CONFIRMING = re.compile(r"^(?:confirm|announc|report|reveal|sa(?:id|ys?)\b)", re.IGNORECASE)
# what points at the article's news, and what points at the sentence just before
_THE_NEWS = re.compile(r"^(?:the|this|these|that) (?:news|reports?|decision|announcement|"
                       r"development|diagnosis|move|injury news)$", re.IGNORECASE)
_THE_SENTENCE_BEFORE = re.compile(r"^(?:this|that|it)$", re.IGNORECASE)
_LEAD_PARAGRAPHS = 4  # a pointer far down the article no longer points at the lead


def confirmed_news(text: str, doc: Doc, attributions: list[Attribution],
                   body_start: int) -> list[Attribution]:
    """``attributions`` with each pointer at the news replaced by the statement it confirms.

    >>> import spacy
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
    >>> text = "Star out\\n\\nThe striker will miss the season.\\n\\nThe club confirmed the news."
    >>> cue = text.index("confirmed"); news = text.index("the news")
    >>> a = Attribution(Span.of(text, news, news + 8), "indirect", speaker="club",
    ...                 cue=Span.of(text, cue, cue + 9))
    >>> [b.content.text for b in confirmed_news(text, nlp(text), [a], 10)]
    ['The striker will miss the season']
    """
    claimed = [(a.content.start, a.content.end) for a in attributions]
    out = []
    for a in attributions:
        target = _pointed_at(text, doc, a, claimed, body_start)
        if target is None:
            out.append(a)
            continue
        out.append(replace(a, content=target, statement=None, content_pieces=(),
                           kind="indirect"))
        claimed.append((target.start, target.end))
    return out


def _pointed_at(text: str, doc: Doc, a: Attribution, claimed: list[tuple[int, int]],
                body_start: int) -> Span | None:
    if a.cue is None or a.content.start < a.cue.start:
        return None  # "the news, X confirmed" is not a pointer but a fronted object
    if not _CONFIRMING.match(a.cue.text):
        return None
    words = a.content.text.strip().rstrip(".")
    sentences = [s for s in doc.sents if s.end_char > body_start
                 and s.end_char <= a.cue.start
                 and text[max(s.start_char, body_start):s.end_char].strip()]
    if not sentences:
        return None
    if _THE_NEWS.match(words):
        if _paragraph_index(text, a.cue.start, body_start) > _LEAD_PARAGRAPHS:
            return None
        target = sentences[0]
    elif _THE_SENTENCE_BEFORE.match(words) and sentences[-1].end_char >= a.cue.start - 40:
        target = sentences[-1]
    else:
        return None
    start = max(target.start_char, body_start)
    end = start + len(text[start:target.end_char].rstrip())
    # a sentence the parser ran across a line break starts after it
    start = max(start, text.rfind("\n", start, end) + 1)
    span = _sentence_span(text, start, end)
    if span is None or any(s < span.end and span.start < e for s, e in claimed):
        return None  # the sentence has its own source already
    return span


def _paragraph_index(text: str, at: int, body_start: int) -> int:
    return len([p for p in re.split(r"\n\s*\n", text[body_start:at]) if p.strip()])


def _sentence_span(text: str, start: int, end: int) -> Span | None:
    """The sentence without its final stop and surrounding blanks; None for a question."""
    words = text[start:end].rstrip()
    if words.endswith("?") or '"' in words or "\u201c" in words:
        return None  # a question or a quotation is no news the source confirmed
    words = words.rstrip(".!")
    lead = len(words) - len(words.lstrip())
    return Span.of(text, start + lead, start + len(words)) if words.strip() else None


# an announcement: the source's own words, issued ("said in a statement", "released a
# statement saying", "announced"); an interview or a remark does not restate the news
_ANNOUNCING = re.compile(r"\b(?:statement|announc\w*|communiqu\w*|press release)\b",
                         re.IGNORECASE)
_ANNOUNCEMENT_PARAGRAPHS = 8
# the lead's main verb: news of an announcement is told as what now holds or will happen
# ("has been ruled out", "will undergo", "is set to miss", "needs surgery"); a lead in the
# simple past narrates what the reporter saw or found ("won", "attacked") and is no
# restatement of anyone's words
_NEWS_TENSES = {"VBZ", "VBP", "MD"}


def announced_lead(text: str, doc: Doc, attributions: list[Attribution],
                   types: dict[str, str], body_start: int) -> list[Attribution]:
    """``attributions`` plus the lead, when it states an organisation's announcement that
    the article quotes further down.

    "NEYMAR has been ruled out for the rest of the season." ... "PSG released a
    statement saying: ..." The lead gives no source, but it is the news the statement
    makes; the reader's chain for it is the organisation's statement. The lead counts
    only when it is a full sentence told in the present or future, has no source of its
    own, names a person or organisation the announcement names too, and shares a content
    word with it beyond the names.
    """
    lead = _lead_sentence(text, doc, body_start)
    if lead is None or any(a.content.start < lead.end and lead.start < a.content.end
                           or (a.cue and lead.start <= a.cue.start < lead.end)
                           for a in attributions):
        return attributions
    names_in_lead = {n for n, t in types.items() if t in ("Person", "Organization")
                     and _mentions(lead.text, n)}
    if not names_in_lead:
        return attributions
    for a in attributions:
        if a.cue is None or a.anonymous or not a.speaker or \
                types.get(a.speaker) != "Organization" or \
                _paragraph_index(text, a.cue.start, body_start) > _ANNOUNCEMENT_PARAGRAPHS:
            continue
        sentence = _sentence_of(text, a.cue.start)
        if not _ANNOUNCING.search(sentence) and not _ANNOUNCING.search(a.cue.text):
            continue
        said = a.statement_span.text
        about = a.speaker in names_in_lead or any(_mentions(said, n) for n in names_in_lead)
        # and it says something of what the lead says, beyond the names ("ankle" in the
        # lead's injury and in the club's statement)
        if about and _topic_words(lead.text, names_in_lead) & _topic_words(said, names_in_lead):
            added = Attribution(content=lead, kind="indirect", speaker=a.speaker,
                                channel=a.channel, via=a.via)
            return sorted([*attributions, added], key=lambda b: b.content.start)
    return attributions


def _lead_sentence(text: str, doc: Doc, body_start: int) -> Span | None:
    """The first sentence of the first body paragraph, when told in a news tense.

    Read from the paragraph, not ``doc.sents``: the parser often runs a headline and the
    lead together across the blank line between them.
    """
    par = re.search(r"\S[^\n]*", text[body_start:])
    if par is None:
        return None
    start = body_start + par.start()
    first = re.search(r"[.!?](?=\s+[A-Z\"\u201c]|\s*$)", par.group())
    if first is None:
        return None  # a headline or a kicker (no full stop) is no lead sentence
    end = start + first.end()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    roots = [t for t in span if (t.head.i < span.start or t.head.i >= span.end or t.head == t)
             and t.pos_ in ("VERB", "AUX")]
    if len(roots) != 1:
        return None
    root = roots[0]
    tenses = {root.tag_} | {c.tag_ for c in root.children if c.dep_ in ("aux", "auxpass")}
    if not tenses & _NEWS_TENSES or "VBD" in tenses:
        return None
    lead = _sentence_span(text, start, end)
    return lead if lead is not None and len(lead.text.split()) >= 6 else None


# spaCy's English stop words, and the days a story is dated by
_STOP = STOP_WORDS | {"today", "monday", "tuesday", "wednesday", "thursday", "friday",
                      "saturday", "sunday", "week", "weeks", "year", "years", "says"}


def _topic_words(text: str, names: set[str]) -> set[str]:
    """Content words of four letters or more, without the names and their words, cut to
    a stem of five letters ("injury" / "injured")."""
    skip = {w.casefold() for n in names for w in n.split()}
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.casefold())
            if w not in _STOP and w not in skip}


def _mentions(text: str, name: str) -> bool:
    """``name`` or its last word (a surname, "Saint-Germain") written in ``text``."""
    low = text.casefold()
    return name.casefold() in low or (
        len(name.split()) > 1 and re.search(rf"\b{re.escape(name.split()[-1].casefold())}\b",
                                            low) is not None)


def _sentence_of(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    ends = [e for e in (text.find(". ", at), text.find("\n", at)) if e >= 0]
    return text[start:min(ends) if ends else len(text)]
