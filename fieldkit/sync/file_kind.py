"""Which of fieldkit's sync files a file is, from the names inside the zip, so a
double-clicked file (or `fieldkit open FILE`) starts on the right action: a project
pack on Join, a data bundle on the coordinator's Import. Packs and bundles are named
.fkpack and .fkbundle by default, but a renamed .zip is recognised just the same."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Literal

from fieldkit.errors import InvalidInput, RejectedInput
from fieldkit.i18n import _

FileKind = Literal["pack", "bundle", "receipt"]

#: The file name extensions the installers register (desktop entry, Inno Setup, Info.plist).
PACK_SUFFIX = ".fkpack"
BUNDLE_SUFFIX = ".fkbundle"

# The member that only each kind has (see project.py, bundle_out.py, receipts.py).
_MARKERS: tuple[tuple[str, FileKind], ...] = (
    ("pack.json", "pack"), ("envelope.json", "bundle"), ("receipt.json", "receipt"))


def file_kind(path: Path) -> FileKind:
    """``pack``, ``bundle`` or ``receipt``; RejectedInput for anything else."""
    if not path.is_file():
        raise InvalidInput(_("{path}: no such file.").format(path=path))
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise RejectedInput(_("{path}: not a fieldkit project pack or data bundle (not a "
                              "zip file).").format(path=path)) from exc
    for marker, kind in _MARKERS:
        if marker in names:
            return kind
    raise RejectedInput(_("{path}: not a fieldkit project pack or data bundle.")
                        .format(path=path))
