"""Write an output file whole or not at all: write beside it, then rename over it.

A failed or interrupted export never leaves half a file where the previous one was.
(``batch`` stages several outputs and renames them together; this is the one-file case.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

__all__ = ["write_atomic", "write_text_atomic"]


def write_atomic(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write`` on a temporary path beside ``path``, then rename it to ``path``.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "a" / "x.txt"
    >>> write_atomic(out, lambda p: p.write_text("hi")).read_text()
    'hi'
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    try:
        write(tmp)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def write_text_atomic(path: str | Path, text: str) -> Path:
    """:func:`write_atomic` for a UTF-8 text."""
    return write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))
