"""Pausing Python's cyclic garbage collector around bulk work (stdlib only).

Reading or writing a form model, or importing a bundle, makes 10^5 and more
containers that stay alive until the end and are in no cycle; collections triggered
meanwhile walk them (and, for a full collection, the whole heap) to free nothing,
and with a large heap cost more than the work itself. Mercurial's ``util.nogc`` does
the same for the same reason. Reference counting still frees everything; the
collector runs again afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off for the block (as it was before, after it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
