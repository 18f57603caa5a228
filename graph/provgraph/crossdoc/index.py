"""The persistent link index: what linking needs to know about every article already stored.

Kept beside the store as one SQLite file (``links.sqlite`` in the output folder), so that a
later ``build`` links its new articles to all earlier ones without reading the graph back.
MinHash signatures are cut into LSH bands and each band is an indexed row, so candidates
for a new article or statement are a few index look-ups: adding one article costs the
same whatever the corpus size (no scan). The index also keeps the derived links (rewrite
pairs and claim membership) so that re-building an article can drop its own links and
tell which other articles' link graphs must be rewritten.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import numpy as np
from datasketch import MinHash

__all__ = ["INDEX_FILE", "LinkIndex", "StatementRow", "minhash"]

INDEX_FILE = "links.sqlite"
NUM_PERM = 64
# (bands, rows): LSH thresholds ~0.3 Jaccard for articles (datasketch's optimal
# parameters for 64 permutations), lower for short statements, whose word sets are small
ARTICLE_BANDS = (21, 3)
STATEMENT_BANDS = (32, 2)
# A band bucket stops growing at BUCKET_CAP entries (later members of a big story are
# still found through the first ones), and a query keeps the TOP candidates sharing the
# most bands: both bound the work of adding one article whatever the corpus size, as
# stop words bound a text index.
BUCKET_CAP = 50
TOP_ARTICLES = 20
TOP_STATEMENTS = 30

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (doc TEXT PRIMARY KEY, sig BLOB, sentences TEXT, rank TEXT);
CREATE TABLE IF NOT EXISTS article_bands (band INTEGER, key BLOB, doc TEXT);
CREATE INDEX IF NOT EXISTS article_bands_key ON article_bands (band, key);
CREATE INDEX IF NOT EXISTS article_bands_doc ON article_bands (doc);
CREATE TABLE IF NOT EXISTS sentence_keys (key BLOB, doc TEXT);
CREATE INDEX IF NOT EXISTS sentence_keys_key ON sentence_keys (key);
CREATE INDEX IF NOT EXISTS sentence_keys_doc ON sentence_keys (doc);
CREATE TABLE IF NOT EXISTS rewrites (derived TEXT, source TEXT, sim REAL,
                                     PRIMARY KEY (derived, source));
CREATE INDEX IF NOT EXISTS rewrites_source ON rewrites (source);
CREATE TABLE IF NOT EXISTS statements (
    sid INTEGER PRIMARY KEY, doc TEXT, start INTEGER, "end" INTEGER, text TEXT,
    speaker TEXT, days TEXT, sig BLOB, claim INTEGER);
CREATE INDEX IF NOT EXISTS statements_doc ON statements (doc);
CREATE INDEX IF NOT EXISTS statements_claim ON statements (claim);
CREATE TABLE IF NOT EXISTS statement_bands (band INTEGER, key BLOB, sid INTEGER);
CREATE INDEX IF NOT EXISTS statement_bands_key ON statement_bands (band, key);
CREATE INDEX IF NOT EXISTS statement_bands_sid ON statement_bands (sid);
"""


def minhash(words: Iterable[str]) -> MinHash:
    """The MinHash signature of a set of words (casefolded by the caller)."""
    m = MinHash(num_perm=NUM_PERM, seed=7)
    for w in words:
        m.update(w.encode("utf-8"))
    return m


_PARENTHESES = re.compile(r"\([^)]{0,40}\)")
_KEY_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SENTENCE_KEY_WORDS = 8  # shorter sentences ("He said no.") are shared by chance


def sentence_keys(sentences: Iterable[str]) -> Iterator[bytes]:
    """A key per long sentence: its words, casefolded, without bracketed asides (tickers
    "(VZ.N)", acronyms) and punctuation, so a copy that reflowed or re-punctuated the wire
    text keeps the keys of the original."""
    for sentence in sentences:
        words = _KEY_WORD.findall(_PARENTHESES.sub(" ", sentence).casefold())
        if len(words) >= SENTENCE_KEY_WORDS:
            yield hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()


def _bands(sig: np.ndarray, shape: tuple[int, int]) -> list[tuple[int, bytes]]:
    b, r = shape
    return [(i, sig[i * r:(i + 1) * r].tobytes()) for i in range(b)]


def _newest_first(item: object) -> object:
    return -item if isinstance(item, int) else item


def _sig(m: MinHash) -> np.ndarray:
    return np.asarray(m.hashvalues, dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class StatementRow:
    sid: int
    doc: str
    start: int
    end: int
    text: str
    speaker: str
    days: tuple[str, ...]
    claim: int


class LinkIndex:
    """SQLite-backed LSH index of articles and statements, plus the links found so far.

    ``path`` may be ``":memory:"`` for a one-off linking of a batch.
    """

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self.db = sqlite3.connect(self.path)
        try:
            # the index can always be rebuilt from attributions.jsonl (`provgraph link`),
            # so it trades a crash-safe fsync per article for speed
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
        except sqlite3.Error:
            self._abandon()
            raise
        self._orphans: list[int] = []

    @classmethod
    def beside(cls, folder: str | Path) -> LinkIndex:
        """The index kept in output folder ``folder`` (created when missing)."""
        return cls(Path(folder) / INDEX_FILE)

    def _abandon(self) -> None:
        """Close after a failure (a full disk) without leaving WAL side files behind."""
        self.db.close()
        if self.path != ":memory:":
            for side in ("-wal", "-shm"):
                extra = Path(self.path + side)
                if extra.is_file() and not extra.read_bytes().strip(b"\0"):
                    extra.unlink()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db:
            yield

    # articles -------------------------------------------------------------------------

    def documents(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT doc FROM articles ORDER BY doc")]

    def has_document(self, doc: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE doc=?", (doc,)).fetchone() is not None

    def remove_document(self, doc: str) -> set[str]:
        """Forget ``doc`` and its links; the other articles whose links changed."""
        touched = self.rewrite_neighbours(doc)
        claims = {r[0] for r in self.db.execute(
            "SELECT DISTINCT claim FROM statements WHERE doc=?", (doc,))}
        for c in claims:
            touched |= {r[0] for r in self.db.execute(
                "SELECT DISTINCT doc FROM statements WHERE claim=?", (c,))}
        self.db.execute("DELETE FROM articles WHERE doc=?", (doc,))
        self.db.execute("DELETE FROM article_bands WHERE doc=?", (doc,))
        self.db.execute("DELETE FROM sentence_keys WHERE doc=?", (doc,))
        self.db.execute("DELETE FROM rewrites WHERE derived=? OR source=?", (doc, doc))
        self.db.execute("DELETE FROM statement_bands WHERE sid IN "
                        "(SELECT sid FROM statements WHERE doc=?)", (doc,))
        self.db.execute("DELETE FROM statements WHERE doc=?", (doc,))
        for c in claims:  # a claim left behind may now fall apart: regroup its members
            touched |= self._split_claim(c)
        touched.discard(doc)
        return touched

    def _split_claim(self, claim: int) -> set[str]:
        # members of a claim stay in one group only through the statement that left;
        # give each its own claim and let the caller's regrouping merge them again
        rows = list(self.db.execute("SELECT sid, doc FROM statements WHERE claim=?", (claim,)))
        for sid, _doc in rows:
            self.db.execute("UPDATE statements SET claim=? WHERE sid=?", (sid, sid))
            self._orphans.append(sid)
        return {d for _, d in rows}

    def pop_orphans(self) -> list[int]:
        """Statements whose claim was split by ``remove_document``, to be joined again."""
        out, self._orphans = self._orphans, []
        return out

    def add_document(self, doc: str, m: MinHash, sentences: list[str],
                     rank: tuple[object, ...]) -> None:
        sig = _sig(m)
        self.db.execute("INSERT OR REPLACE INTO articles VALUES (?,?,?,?)",
                        (doc, sig.tobytes(), json.dumps(sentences), json.dumps(list(rank))))
        self._add_bands("article_bands", _bands(sig, ARTICLE_BANDS), doc)
        keys = sorted(set(sentence_keys(sentences)))
        self._add_bands("sentence_keys", [(k, b"") for k in keys], doc, keyed=True)

    def article_candidates(self, m: MinHash, exclude: str,
                           sentences: Sequence[str] = ()) -> list[str]:
        """Stored articles sharing an LSH band with ``m`` or a whole sentence.

        The bands find articles whose word sets are alike; a short copy inside a long page
        (a two-paragraph wire lead, then other material) is alike in few words but shares
        whole sentences, which the sentence keys find.
        """
        found = self._candidates("article_bands", "doc", _bands(_sig(m), ARTICLE_BANDS),
                                 TOP_ARTICLES + 1)
        found = [d for d in found if d != exclude][:TOP_ARTICLES]
        shared: Counter = Counter()
        for key in set(sentence_keys(sentences)):
            shared.update(r[0] for r in self.db.execute(
                "SELECT doc FROM sentence_keys WHERE key=? LIMIT ?", (key, BUCKET_CAP)))
        shared.pop(exclude, None)
        extra = [d for d, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
                 if d not in found][:TOP_ARTICLES]
        return sorted(found + extra)

    def article(self, doc: str) -> tuple[list[str], tuple[object, ...]]:
        row = self.db.execute("SELECT sentences, rank FROM articles WHERE doc=?", (doc,)).fetchone()
        return json.loads(row[0]), tuple(json.loads(row[1]))

    def _add_bands(self, table: str, bands: list[tuple], item: object,
                   keyed: bool = False) -> None:
        """Add ``item`` to each (band, key) bucket that is not full; ``keyed`` tables have
        one key column instead (band, key)."""
        rows = []
        where = "key=?" if keyed else "band=? AND key=?"
        for band, key in bands:
            look = (band,) if keyed else (band, key)
            full = self.db.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} "
                                   f"WHERE {where} LIMIT ?)", (*look, BUCKET_CAP)).fetchone()[0]
            if full < BUCKET_CAP:
                rows.append((*look, item))
        if rows:
            marks = ",".join("?" * len(rows[0]))
            self.db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    def _candidates(self, table: str, column: str, bands: list[tuple[int, bytes]],
                    top: int) -> list:
        """The ``top`` items sharing the most bands (ties: the most recent first)."""
        hits: Counter = Counter()
        for band, key in bands:
            hits.update(r[0] for r in self.db.execute(
                f"SELECT {column} FROM {table} WHERE band=? AND key=? LIMIT ?",
                (band, key, BUCKET_CAP)))
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], _newest_first(kv[0])))
        return [item for item, _ in ranked[:top]]

    # rewrites -------------------------------------------------------------------------

    def add_rewrite(self, derived: str, source: str, sim: float) -> None:
        self.db.execute("INSERT OR REPLACE INTO rewrites VALUES (?,?,?)", (derived, source, sim))

    def remove_rewrite(self, derived: str, source: str) -> None:
        self.db.execute("DELETE FROM rewrites WHERE derived=? AND source=?", (derived, source))

    def rewrite_neighbours(self, doc: str) -> set[str]:
        return {r[0] for r in self.db.execute(
            "SELECT source FROM rewrites WHERE derived=? UNION "
            "SELECT derived FROM rewrites WHERE source=?", (doc, doc))}

    def rewrites_of(self, doc: str) -> list[tuple[str, str, float]]:
        """Rewrite pairs in which ``doc`` is the derived article."""
        return [tuple(r) for r in self.db.execute(  # type: ignore[misc]
            "SELECT derived, source, sim FROM rewrites WHERE derived=? ORDER BY source", (doc,))]

    def rewrites_involving(self, docs: Iterable[str]) -> list[tuple[str, str, float]]:
        """Rewrite pairs with any of ``docs`` on either side, read by index: what a batch
        reports must not cost a read of every pair stored (quadratic over a build)."""
        found: set[tuple[str, str, float]] = set()
        for doc in docs:
            found.update(tuple(r) for r in self.db.execute(  # type: ignore[misc]
                "SELECT derived, source, sim FROM rewrites WHERE derived=? UNION "
                "SELECT derived, source, sim FROM rewrites WHERE source=?", (doc, doc)))
        return sorted(found)

    def rewrites(self) -> list[tuple[str, str, float]]:
        return [tuple(r) for r in self.db.execute(  # type: ignore[misc]
            "SELECT derived, source, sim FROM rewrites ORDER BY derived, source")]

    # statements and claims ------------------------------------------------------------

    def add_statement(self, doc: str, start: int, end: int, text: str, speaker: str,
                      days: tuple[str, ...], m: MinHash) -> int:
        sig = _sig(m)
        cur = self.db.execute(
            'INSERT INTO statements (doc, start, "end", text, speaker, days, sig) '
            "VALUES (?,?,?,?,?,?,?)", (doc, start, end, text, speaker, " ".join(days),
                                       sig.tobytes()))
        sid = int(cur.lastrowid or 0)
        self.db.execute("UPDATE statements SET claim=? WHERE sid=?", (sid, sid))
        self._add_bands("statement_bands", _bands(sig, STATEMENT_BANDS), sid)
        return sid

    def statement_candidates(self, sid: int) -> list[StatementRow]:
        row = self.db.execute("SELECT sig FROM statements WHERE sid=?", (sid,)).fetchone()
        sig = np.frombuffer(row[0], dtype=np.uint64)
        sids = [s for s in self._candidates("statement_bands", "sid",
                                            _bands(sig, STATEMENT_BANDS), TOP_STATEMENTS + 1)
                if s != sid][:TOP_STATEMENTS]
        return [self.statement(s) for s in sorted(sids)]

    def statement(self, sid: int) -> StatementRow:
        r = self.db.execute('SELECT sid, doc, start, "end", text, speaker, days, claim '
                            "FROM statements WHERE sid=?", (sid,)).fetchone()
        return StatementRow(r[0], r[1], r[2], r[3], r[4], r[5], tuple(r[6].split()), r[7])

    def statements_of(self, doc: str) -> list[StatementRow]:
        return [self.statement(r[0]) for r in self.db.execute(
            "SELECT sid FROM statements WHERE doc=? ORDER BY start", (doc,))]

    def claim_members(self, claim: int) -> list[StatementRow]:
        return [self.statement(r[0]) for r in self.db.execute(
            "SELECT sid FROM statements WHERE claim=? ORDER BY sid", (claim,))]

    def merge_claims(self, a: int, b: int) -> set[str]:
        """Put claims ``a`` and ``b`` together (the smaller id wins); the articles touched."""
        keep, drop = min(a, b), max(a, b)
        docs = {r[0] for r in self.db.execute(
            "SELECT DISTINCT doc FROM statements WHERE claim IN (?,?)", (a, b))}
        self.db.execute("UPDATE statements SET claim=? WHERE claim=?", (keep, drop))
        return docs
