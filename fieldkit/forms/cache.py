"""Caches of converted XLSForms: entry text by key (content hash + pyxform version).

An entry is text the loader wrote (the XForm pyxform produced and fieldkit's
model of it as JSON, see :mod:`fieldkit.forms.loader`); a cache stores it as it
is. A damaged entry is treated as a miss by the loader, so any cache may be
cleared or lost at any time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Protocol, runtime_checkable

__all__ = ["DirectoryFormCache", "FormCache", "MemoryFormCache"]


@runtime_checkable
class FormCache(Protocol):
    """Where converted forms are kept. Keys and values are opaque strings from
    the loader (values: a JSON cache entry, see :mod:`fieldkit.forms.loader`;
    ``fieldkit.forms.loader.entry_xform`` gives an entry's XForm XML). The
    parameter keeps its old name ``xform_xml`` for existing implementations."""

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, xform_xml: str) -> None: ...


class MemoryFormCache:
    """An in-process cache holding the ``max_entries`` most recently used forms."""

    def __init__(self, max_entries: int = 64) -> None:
        self._entries: OrderedDict[str, str] = OrderedDict()
        self._max = max(1, max_entries)

    def get(self, key: str) -> str | None:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def put(self, key: str, xform_xml: str) -> None:
        self._entries[key] = xform_xml
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


class DirectoryFormCache:
    """One ``<sha256 of key>.xml`` file per form in ``directory`` (created on demand).

    The files hold cache entries (JSON since the model is cached; bare XForm XML
    before). The name is unchanged so that entries written earlier are found,
    loaded and upgraded rather than converted again."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def _file(self, key: str) -> Path:
        # Keys may hold any characters; their hash is a safe file name.
        return self.directory / (hashlib.sha256(key.encode("utf-8")).hexdigest() + ".xml")

    def get(self, key: str) -> str | None:
        try:
            return self._file(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, xform_xml: str) -> None:
        target = self._file(key)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a reader never sees half a file.
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(xform_xml)
                Path(tmp).replace(target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            # A cache that cannot be written only costs a later conversion.
            return
