"""Where an export's files go, written so that a failure leaves nothing half-made.

Every file is first written into a private staging folder next to the target;
only when all of them are complete are they renamed into place (a rename within
one file system is atomic). A ``.zip`` target is assembled in the staging folder
and renamed as one file. Zip members carry a fixed date, so the same data gives
the same bytes.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import _
from fieldkit.store.faults import environment_fault

__all__ = ["FIXED_ZIP_DATE", "Staging", "deterministic_zip", "staging"]

#: The date written into zip members (the zip format's earliest).
FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class Staging:
    """A staging folder; :meth:`path` gives where to write a named output file."""

    def __init__(self, folder: Path, target: Path, as_zip: bool, as_folder: bool,
                 force: bool = False) -> None:
        self.folder = folder
        self.target = target
        self.as_zip = as_zip
        self.as_folder = as_folder
        self.force = force
        self.names: list[str] = []

    def finals(self) -> list[Path]:
        """Where the files will be once committed."""
        if self.as_zip:
            return [self.target]
        where = self.target if self.as_folder else self.target.parent
        return [where / name for name in self.names]

    def _check_finals(self) -> None:
        """Refuse to replace what is there, unless forced; never replace anything that
        is not a regular file (a device, a folder, a socket)."""
        for final in self.finals():
            if final.is_symlink() or (final.exists() and not final.is_file()):
                raise EnvironmentProblem(_("{path}: exists and is not a regular file; "
                                           "fieldkit will not replace it. Choose another "
                                           "name.").format(path=final))
            if final.exists() and not self.force:
                raise EnvironmentProblem(_("{path}: exists; choose another name, or add "
                                           "--force to replace it.").format(path=final))

    def path(self, name: str) -> Path:
        self.names.append(name)
        return self.folder / name

    def commit(self) -> list[Path]:
        """Move the files into place; returns the final paths."""
        self._check_finals()
        if self.as_zip:
            packed = self.folder / ".export.zip"
            deterministic_zip(packed, [(n, self.folder / n) for n in self.names])
            packed.replace(self.target)
            return [self.target]
        if self.as_folder:
            self.target.mkdir(parents=True, exist_ok=True)
            done = []
            for name in self.names:
                (self.folder / name).replace(self.target / name)
                done.append(self.target / name)
            return done
        done = []
        for name in self.names:
            final = self.target.parent / name
            (self.folder / name).replace(final)
            done.append(final)
        return done


def deterministic_zip(out: Path, members: list[tuple[str, Path]]) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, path in members:
            info = zipfile.ZipInfo(name, FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with path.open("rb") as src, archive.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)


@contextlib.contextmanager
def staging(target: Path, *, as_zip: bool, as_folder: bool,
            force: bool = False) -> Iterator[Staging]:
    """A staging folder for ``target``, removed afterwards whatever happens. Problems
    with the target path are exit 4, as for any folder that cannot be written."""
    parent = target.parent
    if as_folder and target.exists() and not target.is_dir():
        raise EnvironmentProblem(_("{path}: a file of that name exists; give a folder name "
                                   "(or a name ending in .zip).").format(path=target))
    if not as_folder and target.is_dir():
        raise EnvironmentProblem(_("{path}: that is a folder; give a file name.").format(
            path=target))
    if not as_folder and target.exists() and not target.is_file():
        raise EnvironmentProblem(_("{path}: exists and is not a regular file; fieldkit will "
                                   "not replace it. Choose another name.").format(path=target))
    if not as_folder and target.exists() and not force:
        raise EnvironmentProblem(_("{path}: exists; choose another name, or add --force to "
                                   "replace it.").format(path=target))
    try:
        parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=".fieldkit-export-", dir=parent))
    except OSError as exc:
        raise EnvironmentProblem(_("{path}: cannot write there ({reason}); choose a folder "
                                   "you may write to.").format(
            path=target, reason=exc.strerror or exc)) from exc
    try:
        yield Staging(folder, target, as_zip, as_folder, force)
    except OSError as exc:

        if exc.filename is None:
            exc.filename = str(folder)  # a failed write names no file: the export's
        if (fault := environment_fault(exc)) is not None:  # a full disk
            raise fault from exc
        raise EnvironmentProblem(_("{path}: cannot write the export ({reason}); check the "
                                   "free space and that you may write there.").format(
            path=target, reason=exc.strerror or exc)) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)
