"""Find quotations: straight, curly, guillemet; unbalanced; running over paragraphs.

News style lets a quote run over several paragraphs: each paragraph opens with a quote
mark and only the last one closes it. A paragraph that opens a quote and never closes it,
with no quote mark opening the next one, is closed at its own end (an unbalanced mark).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["QUOTE_CHARS", "find_quotes"]

_OPEN = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d"}
_CLOSE = {"\u201d", "\u00bb"}
QUOTE_CHARS = frozenset('"\u201c\u201d\u00ab\u00bb\u201e')


def _next_paragraph_opens_quote(text: str, i: int) -> int | None:
    """At a paragraph break at ``i``: the index of the quote mark opening the next one."""
    j = i
    while j < len(text) and text[j].isspace():
        j += 1
    if j < len(text) and text[j] in ('"', "\u201c", "\u00ab"):
        return j
    return None


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, marks included (end exclusive).

    >>> t = 'He said "yes" and “no”.'
    >>> [t[s:e] for s, e in find_quotes(t)]
    ['"yes"', '“no”']
    """
    # the rules, the entities and the provenance step each ask for the same text's quotes
    return list(_quotes(text))


# only these characters can open, close or end a quotation: the scan jumps between them
_MARKS = re.compile('["\u201c\u201d\u00ab\u00bb\u201e\n]')


@lru_cache(maxsize=8)
def _quotes(text: str) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    start: int | None = None
    n = len(text)
    m = _MARKS.search(text)
    while m is not None:
        i = m.start()
        ch = text[i]
        if start is None:
            if ch in _OPEN or ch == '"':
                start = i
        elif ch == '"' or ch in _CLOSE:
            out.append((start, i + 1))
            start = None
        elif ch in _OPEN:
            pass  # a nested opening mark: keep the outer quote open
        elif ch == "\n" and text[i + 1 : i + 2] == "\n" or (ch == "\n" and i + 1 < n
                                                             and text[i + 1].isspace()):
            reopen = _next_paragraph_opens_quote(text, i)
            if reopen is None:
                end = i
                while end > start and text[end - 1].isspace():
                    end -= 1
                out.append((start, end))  # unbalanced: close at the paragraph's end
                start = None
            else:
                i = reopen  # the quote runs on: skip the re-opening mark
        m = _MARKS.search(text, i + 1)
    if start is not None:
        end = n
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append((start, end))
    return tuple((s, e) for s, e in out if e - s > 2)
