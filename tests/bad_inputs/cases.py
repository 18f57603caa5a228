"""The awkward inputs of the bad-input battery, written into a folder at test time.

Each case is (file name, bytes); the large ones (the 10,000-word sentence, the 50 MB text,
the 100,000-line JSONL) are generated, never committed. ``EXPECT`` says what the battery
asserts for each: "ok" (read and extracted), or the words of its one-line error.
"""

from __future__ import annotations

import gzip
import json
import random
import struct
import zlib
from pathlib import Path

_WORDS = ("the", "minister", "said", "that", "officials", "in", "the", "capital", "would",
          "consider", "new", "measures", "on", "trade", "and", "security", "while", "critics",
          "argued", "the", "plan", "was", "rushed", "according", "to", "a", "statement",
          "from", "the", "ministry")
_NAMES = ("Putin", "Smith", "Reuters", "Moscow", "London", "Ms Okafor")

ARTICLE = ("Port Authority Backs New Terminal\n\nLISBON, May 2 (Wire) - The port authority "
           "approved a new container terminal on Tuesday.\n\n\u201cThis terminal will double "
           "our capacity,\u201d said Ana Ribeiro, the authority's chairwoman. She added that "
           "work would start in June.\n")


def png() -> bytes:
    """A real 1x1 PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def pdf() -> bytes:
    """A small PDF whose page text is uncompressed (so no NUL bytes give it away)."""
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
            b"4 0 obj << /Length 44 >> stream\nBT /F1 12 Tf (The minister said so.) Tj ET\n"
            b"endstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def long_sentence(words: int = 10_000, seed: int = 1) -> str:
    """One sentence of ``words`` words: no full stop until the end."""
    rnd = random.Random(seed)
    out = [rnd.choice(_NAMES) if rnd.random() < 0.05 else rnd.choice(_WORDS)
           for _ in range(words)]
    return " ".join(out).capitalize() + ".\n"


def cases() -> dict[str, bytes]:
    """File name → content of every small and generated case (not the 50 MB one)."""
    latin = "Caf\u00e9 owners in S\u00e3o Paulo said prices rose. \u00ab Trop cher \u00bb, said one.\n"
    cp1252 = ("The mayor said the \u201cnew\u201d budget \u2013 worth \u20ac5m \u2013 was "
              "\u2018fair\u2019.\n")
    text = {
        "whitespace.txt": " \n\t\n   \n",
        "crlf_mixed.txt": "Storm Closes Roads\r\n\r\nThe mayor said roads were shut.\rOfficials "
                          "said crews were out.\n\r\nShe added: \u201cStay home.\u201d\r\n",
        "quotes_curly.txt": "\u201cWe will rebuild the bridge,\u201d the mayor said on Monday.\n",
        "quotes_straight.txt": "\"We will rebuild the bridge,\" the mayor said on Monday.\n",
        "quotes_guillemets.txt": "\u00abWe will rebuild the bridge\u00bb, the mayor said on "
                                 "Monday.\n",
        "quotes_nested.txt": "\u201cHe told me \u2018we are done\u2019 and left,\u201d the "
                             "senator said.\n",
        "quotes_unbalanced.txt": "\u201cWe will rebuild the bridge, the mayor said. \u201cIt "
                                 "will take years\u201d\u201d he added \u201d.\n",
        "quote_across_paragraphs.txt": "The mayor spoke on Monday.\n\n\u201cWe will rebuild the "
                                       "bridge. It will take two years.\n\nAnd it will cost "
                                       "more than we hoped. Nobody likes that.\n\nBut we will do "
                                       "it.\n",
        "no_punctuation.txt": " ".join(["the mayor said roads were shut and crews were out"] * 30)
                              + "\n",
        "non_english.txt": "Le ministre a d\u00e9clar\u00e9 mardi que la r\u00e9forme serait "
                           "adopt\u00e9e. \u00ab Nous irons jusqu'au bout \u00bb, a-t-il dit.\n",
        "emoji_rtl.txt": "The minister said \u201cwe love this city \U0001F600\U0001F1FA\U0001F1F8"
                         "\u201d on Monday. \u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631 "
                         "\u0625\u0646 \u0627\u0644\u062e\u0637\u0629 \u062c\u064a\u062f\u0629. "
                         "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd. Critics said it "
                         "was \u201cabsurd \U0001F937\u200d\u2640\ufe0f\u201d.\n",
        "long_sentence.txt": long_sentence(),
        "good.txt": ARTICLE,
    }
    out = {k: v.encode("utf-8") for k, v in text.items()}
    out |= {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 8,
        "image.txt": png(),
        "document.txt": pdf(),
        "archive.txt": gzip.compress(ARTICLE.encode("utf-8"), mtime=0),
        "latin1.txt": latin.encode("latin-1"),
        "cp1252.txt": cp1252.encode("cp1252"),
        "utf16_bom.txt": ("\ufeff" + ARTICLE).encode("utf-16-le"),
        "utf16be_bom.txt": ("\ufeff" + ARTICLE).encode("utf-16-be"),
        "utf8_bom.txt": b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"),
        "scripts_only.html": b"<html><head><script>var s='The minister said hi';</script>"
                             b"</head><body><script>document.write('x')</script>"
                             b"<style>p{color:red}</style></body></html>\n",
    }
    return out


#: what the battery asserts per case: "ok", or the words of the one-line error
EXPECT = {
    "empty.txt": "empty file", "whitespace.txt": "empty file", "binary.txt": "looks binary",
    "image.txt": "looks binary (a PNG image)", "document.txt": "looks binary (a PDF document)",
    "archive.txt": "looks binary (gzip-compressed)",
    "scripts_only.html": "no article text found",
} | {name: "ok" for name in (
    "crlf_mixed.txt", "quotes_curly.txt", "quotes_straight.txt", "quotes_guillemets.txt",
    "quotes_nested.txt", "quotes_unbalanced.txt", "quote_across_paragraphs.txt",
    "no_punctuation.txt", "non_english.txt", "emoji_rtl.txt", "long_sentence.txt", "good.txt",
    "latin1.txt", "cp1252.txt", "utf16_bom.txt", "utf16be_bom.txt", "utf8_bom.txt")}


def write_cases(folder: Path) -> Path:
    """Write every case into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in cases().items():
        (folder / name).write_bytes(data)
    return folder


def jsonl_corpus(path: Path, lines: int = 100_000, bad_every: int = 10_007) -> list[int]:
    """A JSONL corpus of ``lines`` records, every ``bad_every``-th line malformed in a
    rotating way; returns the (1-based) numbers of the bad lines."""
    bad_kinds = ['{"id": "x", "text": ', "not json at all", '["a", "list"]', '{"id": "y"}',
                 '{"id": "z", "text": "   "}']
    bad: list[int] = []
    with path.open("w", encoding="utf-8") as f:
        for n in range(1, lines + 1):
            if n % bad_every == 0:
                f.write(bad_kinds[len(bad) % len(bad_kinds)] + "\n")
                bad.append(n)
            else:
                f.write(json.dumps({"id": f"r{n}", "text": f"Record {n}: the mayor said so."})
                        + "\n")
    return bad


def cue_dense_sentence(words: int = 10_000, seed: int = 2) -> str:
    """One endless sentence thick with quotations and reporting verbs: the slowest text
    for the role pass per word (a cue every dozen words)."""
    rnd = random.Random(seed)
    parts = ["\u201cthe plan is rushed\u201d, Smith said",
             "Putin told TASS that the measures would work",
             "according to Reuters officials argued", "he added, \"we will see\", and critics said"]
    out: list[str] = []
    n = 0
    while n < words:
        out.append(rnd.choice(parts))
        n += len(out[-1].split())
    return ", ".join(out).capitalize() + ".\n"
