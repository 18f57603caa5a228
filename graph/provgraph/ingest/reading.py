"""Turn bytes on disk into text, refusing what is not an article.

Offsets everywhere index the text exactly as ``open(path, encoding=...).read()`` returns
it, so newlines are normalised the same way Python's text mode does ("\\r\\n" → "\\n"):
the gold files and the scorer read articles that way.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..errors import BinaryInputError, EmptyInputError, EncodingError, InputTooLargeError

__all__ = ["read_text"]

# share of control characters above which a file is taken for binary
_MAX_CONTROL_SHARE = 0.02


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
    raw = path.read_bytes()
    return decode_text(raw, str(path), config.encoding)


def decode_text(raw: bytes, name: str, encoding: str = "utf-8") -> str:
    """Decode article bytes, with the checks and messages of :func:`read_text`.

    >>> decode_text(b"Hi\\r\\nthere", "x.txt")
    'Hi\\nthere'
    """
    if not raw.strip():
        raise EmptyInputError(f"{name}: empty file, nothing to read")
    if b"\x00" in raw[:8192]:
        raise BinaryInputError(f"{name}: looks binary (NUL bytes), not a text article")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as e:
        hint = "; try --encoding cp1252" if encoding.lower().replace("-", "") == "utf8" else ""
        raise EncodingError(f"{name}: not valid {encoding} at byte {e.start}{hint}") from None
    except LookupError:
        raise EncodingError(f"{name}: unknown encoding {encoding!r}") from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise BinaryInputError(f"{name}: looks binary ({controls} control characters)")
    # the same universal-newline translation as open(..., encoding=...).read()
    return text.replace("\r\n", "\n").replace("\r", "\n")
