"""Turn bytes on disk into text, refusing what is not an article.

Offsets everywhere index the text exactly as ``open(path, encoding=...).read()`` returns
it, so newlines are normalised the same way Python's text mode does ("\\r\\n" → "\\n"):
the gold files and the scorer read articles that way.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ..config import Config
from ..errors import BinaryInputError, EmptyInputError, EncodingError, InputTooLargeError

__all__ = ["decode_text", "read_text", "sniff_encoding"]

# share of control characters above which a file is taken for binary
_MAX_CONTROL_SHARE = 0.02
# leading bytes of the binary formats most often handed over by mistake
_MAGIC = ((b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"),
          (b"\x1f\x8b", "gzip-compressed"), (b"PK\x03\x04", "a zip archive (or .docx)"),
          (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"\x7fELF", "a program"), (b"BZh", "bzip2-compressed"),
          (b"\xfd7zXZ\x00", "xz-compressed"), (b"\x28\xb5\x2f\xfd", "zstd-compressed"))


def read_text(path: Path, config: Config) -> str:
    """Read ``path`` as text, or raise an InputError naming the file and the reason."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise EmptyInputError(f"{path}: cannot read ({e.strerror})") from None
    if size > config.max_file_bytes:
        raise InputTooLargeError(
            f"{path}: {size:,} bytes is over the limit of {config.max_file_bytes:,}; "
            "raise it with --max-file-bytes"
        )
    try:
        raw = path.read_bytes()
    except OSError as e:  # gone since it was listed, unreadable, a folder, ...
        raise EmptyInputError(f"{path}: cannot read ({e.strerror or e})") from None
    return decode_text(raw, str(path), config.encoding)


_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def sniff_encoding(raw: bytes) -> tuple[str, int]:
    """(encoding, bytes to skip) read off a byte-order mark or the NUL pattern of UTF-16
    without one; ``("", 0)`` when the bytes say nothing.

    >>> sniff_encoding("\ufeffHé".encode("utf-16-le"))
    ('utf-16-le', 2)
    >>> sniff_encoding("Hello there".encode("utf-16-be"))
    ('utf-16-be', 0)
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name, len(bom)
    head = raw[:4096]
    pairs = len(head) // 2
    if pairs >= 4:
        even_nul = head[0:2 * pairs:2].count(0) / pairs
        odd_nul = head[1:2 * pairs:2].count(0) / pairs
        if odd_nul > 0.9 and even_nul < 0.1:
            return "utf-16-le", 0
        if even_nul > 0.9 and odd_nul < 0.1:
            return "utf-16-be", 0
    return "", 0


def _decode_auto(raw: bytes, name: str) -> str:
    encoding, skip = sniff_encoding(raw)
    if encoding:
        try:
            return raw[skip:].decode(encoding)
        except UnicodeDecodeError as e:
            raise EncodingError(f"{name}: not valid {encoding} (after its byte-order mark) "
                                f"at byte {e.start + skip}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # not UTF-8: Windows-1252 (a superset of Latin-1's printable range), Latin-1 for the
    # five bytes 1252 leaves undefined; either way every byte is a character
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def decode_text(raw: bytes, name: str, encoding: str = "auto") -> str:
    """Decode article bytes, with the checks and messages of :func:`read_text`.

    ``encoding="auto"`` (the default) follows a byte-order mark (UTF-8, UTF-16, UTF-32),
    reads UTF-16 without one by its NUL bytes, else tries UTF-8, then Windows-1252. A
    named encoding is used as given (a UTF-8 byte-order mark is dropped).

    >>> decode_text(b"Hi\\r\\nthere", "x.txt")
    'Hi\\nthere'
    >>> decode_text("caf\u00e9 \u201cok\u201d".encode("cp1252"), "x.txt")
    'café “ok”'
    """
    if not raw.strip():
        raise EmptyInputError(f"{name}: empty file, nothing to read")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise BinaryInputError(f"{name}: looks binary ({what}), not a text article")
    auto = encoding.lower() == "auto"
    if b"\x00" in raw[:8192] and not (auto and sniff_encoding(raw)[0]):
        raise BinaryInputError(f"{name}: looks binary (NUL bytes), not a text article")
    try:
        if auto:
            text = _decode_auto(raw, name)
        else:
            text = raw.decode(encoding)
            if text.startswith("\ufeff") and encoding.lower().replace("-", "") in ("utf8", "utf8sig"):
                text = text[1:]
    except UnicodeDecodeError as e:
        raise EncodingError(f"{name}: not valid {encoding} at byte {e.start}; "
                            "try --encoding auto or cp1252") from None
    except LookupError:
        raise EncodingError(f"{name}: unknown encoding {encoding!r}") from None
    if not text.strip():
        raise EmptyInputError(f"{name}: only whitespace, nothing to read")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise BinaryInputError(f"{name}: looks binary ({controls} control characters)")
    # the same universal-newline translation as open(..., encoding=...).read()
    return text.replace("\r\n", "\n").replace("\r", "\n")
