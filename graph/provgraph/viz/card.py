"""The provenance card: one article's provenance at a glance, as Markdown or HTML.

The chains page answers "how does the corpus hang together"; an editor checking one story
wants a list instead: every statement of the article, who said it and through whose hands
it reached the page, in words ("Ana Ruiz → interview with TASS → TASS → Xinhua →
Daily Star"), the quoted words, the cue, the evidence offsets, and the claim it belongs
to with its number of independent origins. Built from a :class:`~provgraph.corpus.Corpus`,
so the card never talks to the store. Every string from the article is escaped, for HTML
and for Markdown (which passes raw HTML through).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..corpus import ArticleInfo, ClaimGroup, Corpus
from ..errors import QueryError
from ..model import Chain

__all__ = ["CardEntry", "article_card", "chain_in_words", "render_card", "write_card"]


@dataclass(frozen=True, slots=True)
class CardEntry:
    """One statement of the card."""

    chain: Chain
    words: str  # the chain in words, speaker first
    claim: ClaimGroup | None
    origins: int


def chain_in_words(chain: Chain) -> str:
    """The chain read from the speaker to the article's outlet.

    Examples
    --------
    >>> from provgraph.model import Chain, ChainLink, Channel
    >>> c = Chain("a", None, "x", "urn:1", (ChainLink("Daily Star", "Publisher"),
    ...           ChainLink("Xinhua", "NewsAgency"), ChainLink("Ana Ruiz", "Person")),
    ...           channel=Channel("interview", "TASS"))
    >>> chain_in_words(c)
    'Ana Ruiz → interview with TASS → Xinhua → Daily Star'
    """
    names = [link.name for link in reversed(chain.links)]
    if chain.channel is not None and names:
        channel = chain.channel.kind
        if chain.channel.with_:
            channel += f" with {chain.channel.with_}"
        names.insert(1, channel)
    return " → ".join(names) if names else "unknown source"


def article_card(corpus: Corpus, article: str) -> tuple[ArticleInfo, list[CardEntry]]:
    """The article's facts and one :class:`CardEntry` per statement, in text order."""
    chains = [c for c in corpus.chains if c.article == article]
    info = corpus.articles.get(article)
    if info is None and not chains:
        known = ", ".join(sorted(corpus.articles)[:5])
        raise QueryError(f"no article {article!r} in the graph; articles include: {known}")
    if info is None:
        info = ArticleInfo(article, chains[0].article_title)
    entries = [
        CardEntry(c, chain_in_words(c), corpus.claim_of(c), corpus.origins_of(c)) for c in chains
    ]
    return info, entries


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _claim_detail(entry: CardEntry) -> str:
    """The claim, who its origins are and how widely it is carried (count aside)."""
    if entry.claim is None:
        return "no other statement in the corpus makes this claim"
    claim = entry.claim
    origins = f" from {'; '.join(claim.origin_labels)}" if claim.origin_labels else ""
    return (f"claim “{claim.text}”{origins} · {_plural(claim.statements, 'statement')} in "
            f"{_plural(claim.articles, 'article')}")


def _claim_line(entry: CardEntry) -> str:
    return f"{_plural(entry.origins, 'independent origin')} · {_claim_detail(entry)}"


def _facts(entry: CardEntry) -> str:
    chain = entry.chain
    parts = [f"cue “{chain.cue}”" if chain.cue else "no cue", chain.kind or "unknown kind"]
    if chain.evidence is not None:
        parts.append(f"chars {chain.evidence.start}–{chain.evidence.end}")
    return " · ".join(parts)


def _rewrites(corpus: Corpus, article: str) -> list[str]:
    lines = [f"derived from {r.source_title or r.source} [{r.source}]"
             for r in corpus.rewrites if r.derived == article]
    lines += [f"copied by {r.derived_title or r.derived} [{r.derived}]"
              for r in corpus.rewrites if r.source == article]
    return lines


# every line the card writes starts with its own markup, so only inline syntax needs escaping
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(text: str) -> str:
    """Article text as inert Markdown: no HTML, no emphasis, links or table breaks."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def _markdown(corpus: Corpus, info: ArticleInfo, entries: list[CardEntry]) -> str:
    lines = [f"# Provenance card: {_md(info.title or info.id)}", ""]
    facts = [f"article `{info.id.replace('`', '')}`"]
    facts += [f"published by {_md(info.publisher)}"] if info.publisher else []
    facts += [f"dated {_md(info.date)}"] if info.date else []
    lines += [" · ".join(facts), ""]
    lines += [f"- {_md(line)}" for line in _rewrites(corpus, info.id)]
    lines += ["", f"{_plural(len(entries), 'statement')}", ""]
    for n, entry in enumerate(entries, 1):
        lines += [
            f"## {n}. “{_md(entry.chain.statement)}”",
            "",
            f"- **chain:** {_md(entry.words)}",
            f"- **how:** {_md(_facts(entry))}",
            f"- **origins:** {_md(_claim_line(entry))}",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """body{font-family:Helvetica,Arial,sans-serif;max-width:920px;margin:24px auto;color:#222}
h1{font-size:24px;margin-bottom:4px}.meta{color:#555}ol{padding-left:22px}
li.statement{margin:14px 0;padding:10px 14px;border:1px solid #ddd;border-radius:6px}
blockquote{margin:0 0 6px;font-size:16px}.chain{font-weight:bold;color:#2b4f7a}
.facts,.claim{font-size:14px;color:#444}.origins{font-weight:bold;color:#8a5a00}"""


def _html(corpus: Corpus, info: ArticleInfo, entries: list[CardEntry]) -> str:
    e = html.escape
    title = e(info.title or info.id)
    meta = [f"article <code>{e(info.id)}</code>"]
    meta += [f"published by {e(info.publisher)}"] if info.publisher else []
    meta += [f"dated {e(info.date)}"] if info.date else []
    rewrites = "".join(f"<li>{e(line)}</li>" for line in _rewrites(corpus, info.id))
    items = []
    for entry in entries:
        origins = f'<span class="origins">{_plural(entry.origins, "independent origin")}</span>'
        items.append(
            f'<li class="statement"><blockquote>“{e(entry.chain.statement)}”</blockquote>'
            f'<div class="chain">{e(entry.words)}</div>'
            f'<div class="facts">{e(_facts(entry))}</div>'
            f'<div class="claim">{origins} · {e(_claim_detail(entry))}</div></li>'
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Provenance card: {title}</title><style>{_CSS}</style></head><body>"
        f'<h1>Provenance card: {title}</h1><p class="meta">{" · ".join(meta)}</p>'
        f'<ul class="rewrites">{rewrites}</ul>'
        f"<p>{_plural(len(entries), 'statement')}</p><ol>{''.join(items)}</ol></body></html>\n"
    )


def render_card(corpus: Corpus, article: str, fmt: str = "md") -> str:
    """One article's provenance card as Markdown (``fmt="md"``) or HTML (``"html"``).

    Parameters
    ----------
    corpus : Corpus
        From :func:`provgraph.corpus.load_corpus` (claims and origin counts corpus-wide).
    article : str
        The document id.
    fmt : str
        ``md`` or ``html``.

    Returns
    -------
    str

    Examples
    --------
    >>> from provgraph.model import Chain, ChainLink
    >>> corpus = Corpus([Chain("a1", "<i>Hi</i>", "we *will* go", "urn:1",
    ...                        (ChainLink("Ann", "Person"),), cue="said", kind="direct")])
    >>> print(render_card(corpus, "a1").splitlines()[0])
    # Provenance card: &lt;i&gt;Hi&lt;/i&gt;
    >>> "we \\\\*will\\\\* go" in render_card(corpus, "a1")
    True
    """
    info, entries = article_card(corpus, article)
    if fmt == "md":
        return _markdown(corpus, info, entries)
    if fmt == "html":
        return _html(corpus, info, entries)
    raise QueryError(f"card format {fmt!r}: use md or html")


def write_card(corpus: Corpus, article: str, path: str | Path, fmt: str | None = None) -> Path:
    """Write the card; the format follows ``fmt`` or the suffix (.html → HTML, else Markdown)."""
    out = Path(path)
    chosen = fmt or ("html" if out.suffix.lower() in (".html", ".htm") else "md")
    text = render_card(corpus, article, chosen)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out
