"""Embedded social-media posts: an article that embeds a post prints its text followed by
the embed's signature, "— Author (@handle) Month D, YYYY" (the text an embedded tweet
leaves in a page). The post is its author's statement on social media; a post that quotes
someone in the wire style "<words>: Name, role" is that person's words relayed by the
author.

>>> text = ("Bail Granted\\n\\nThe order comes tomorrow: Lawyer Ana Ruiz, who argued the case "
...         "pic.twitter.com/x1 \\u2014 ANI (@ANI) October 28, 2021\\n")
>>> (a,) = embedded_posts(text, [], lambda name: name, ["Ana Ruiz"])
>>> (a.content.text, a.speaker, a.source.text, a.via, a.channel.kind)
('The order comes tomorrow', 'Ana Ruiz', 'Ana Ruiz', ('ANI',), 'social post')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..model import Attribution, Channel, Span

__all__ = ["embedded_posts"]

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December)")
_DATE = rf"(?:{_MONTH} \d{{1,2}}, \d{{4}}|\d{{1,2}} {_MONTH} \d{{4}})"
# the signature an embedded post leaves after its text: "— Author (@handle) date"
_HANDLE_DATE = re.compile(r"\(@\w{1,15}\)\s+" + _DATE)
_AUTHOR = re.compile(r"\s*(?P<author>[^()\n]{1,60}?)\s*\(@(?P<handle>\w{1,15})\)\s+" + _DATE)
_OPENING_TAG = re.compile(r"\s*<[a-zA-Z][^<>]{0,300}>")
# "<words>: Name, role": the words are the named person's
_QUOTED = re.compile(r"^(?P<words>.+?)\s*:\s+(?P<who>[A-Z][^:]{1,150})$", re.DOTALL)


def _signatures(text: str) -> list[tuple[int, int, str]]:
    """(where the post text ends, where the signature ends, author) of every embed."""
    out = []
    for m in _HANDLE_DATE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        dash = max(text.rfind("\u2014", line_start, m.start()), text.rfind("\u2013", line_start,
                                                                          m.start()))
        if dash < 0:
            continue
        author = _AUTHOR.match(text, dash + 1)
        if author is None or author.end() != m.end():
            continue
        end = dash
        pic = text.rfind("pic.twitter.com/", line_start, dash)
        if pic >= 0 and not text[pic:dash].strip().count(" "):
            end = pic
        while end > line_start and text[end - 1].isspace():
            end -= 1
        out.append((end, m.end(), author.group("author").strip()))
    return out


def _first_part(who: str) -> str:
    return re.split(r",|\s+(?:who|which)\s", who, maxsplit=1)[0].strip()


def _signs_with_name(who: str) -> bool:
    """ "Senior lawyer Ana Ruiz, who ...": a few words ending in a capitalised name, not a
    sentence ("More than half those who met her ...")."""
    words = _first_part(who).split()
    return 2 <= len(words) <= 8 and all(w[:1].isupper() for w in words[-2:])


def _speaker(who: str, people: Sequence[str]) -> str:
    """The person a "Name, role" signs with: the article's fullest person name inside its
    first part ("Former AG Ana Ruiz, who argued ..." → "Ana Ruiz"), else that part."""
    first = _first_part(who)
    named = [p for p in people if re.search(rf"\b{re.escape(p)}\b", first)]
    return max(named, key=len) if named else first


def embedded_posts(text: str, attributions: list[Attribution],
                   canonical: Callable[[str], str], people: Sequence[str] = ()
                   ) -> list[Attribution]:
    """``attributions`` with a statement for every embedded post no attribution covers;
    ``canonical`` gives a written name's canonical form, ``people`` the article's people."""
    out = list(attributions)
    for end, sig_end, author in _signatures(text):
        start = text.rfind("\n", 0, end) + 1
        opening = _OPENING_TAG.match(text, start, end)  # '<tweet id="…">' around the post
        start = opening.end() if opening else start
        while start < end and text[start].isspace():
            start += 1
        post = text[start:end]
        quoted = _QUOTED.match(post)
        # what a sentence reading found in the signature ("who argued the case pic...")
        # is the signature's, not a statement
        sign = start + quoted.start("who") if quoted else end
        out = [a for a in out if not (a.cue is not None and sign <= a.cue.start < sig_end)]
        if end - start < 8 or any(a.content.start < end and start < a.content.end
                                  for a in out):
            continue
        channel = Channel("social post", "Twitter")
        if quoted and len(quoted.group("words").split()) >= 3 and \
                _signs_with_name(quoted.group("who")):
            who = _speaker(quoted.group("who"), people)
            at = text.find(who, start + quoted.start("who"), end)
            out.append(Attribution(
                content=Span.of(text, start, start + quoted.end("words")), kind="direct",
                source=Span.of(text, at, at + len(who)) if at >= 0 else None,
                speaker=canonical(who), via=(canonical(author),), channel=channel))
        else:
            out.append(Attribution(content=Span.of(text, start, end), kind="direct",
                                   speaker=canonical(author), channel=channel))
    out.sort(key=lambda a: a.content.start)
    return out
