"""Long lists of keys in pieces, for ``IN (...)`` lists and bulk statements: SQLite
allows a limited number of bound parameters in one statement, and a few hundred
keys per statement cost no more round trips than it takes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

__all__ = ["IN_LIST_SIZE", "chunks"]

T = TypeVar("T")

#: Keys per ``IN (...)`` list.
IN_LIST_SIZE = 500


def chunks(items: Sequence[T], size: int = IN_LIST_SIZE) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
