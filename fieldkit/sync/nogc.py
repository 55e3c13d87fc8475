"""Pausing Python's cyclic garbage collector around bulk work.

The collector runs every few hundred container allocations and, as objects survive,
walks ever more of the heap; an import makes hundreds of thousands of short-lived,
acyclic tuples and versions, and spent a tenth of its time in collections that
found nothing to free. Mercurial's ``util.nogc`` does the same for the same reason.
Reference counting still frees everything; the collector runs again afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["no_gc"]


@contextmanager
def no_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
