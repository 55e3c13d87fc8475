"""Where ODK submission instances are found: single XML files, folders, zips.

The layouts read (see the README's *ODK submissions* section):

* one instance per ``.xml`` file, e.g. a submission downloaded from ODK Central's API
  (``<instanceId>.xml``);
* a folder of them, searched to any depth: ODK Collect's ``instances/<form>_<time>/
  <form>_<time>.xml`` and ODK Briefcase's storage (``forms/<form>/instances/<uuid>/
  submission.xml``), each with its attachments (photos, recordings) in the same folder;
* a zip of such a folder or of instance files.

XML files that are not submissions (a form definition, ``<h:html>``, as Briefcase
keeps beside its instances) are passed over. Sizes are bounded before anything is
read: a file, a zip member and a whole zip have limits, so a hostile input is
refused rather than filling memory.
"""

from __future__ import annotations

import os
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fieldkit.i18n import _

__all__ = [
    "MAX_FILES",
    "MAX_INSTANCE_BYTES",
    "MAX_ZIP_BYTES",
    "Candidate",
    "SourceProblem",
    "find_candidates",
]

#: An instance larger than this is refused (a household survey is a few kB).
MAX_INSTANCE_BYTES = 5 * 1024 * 1024
#: A zip (or folder) holding more files than this is refused.
MAX_FILES = 50_000
#: The unpacked size of everything a zip holds, at most.
MAX_ZIP_BYTES = 2 * 1024 * 1024 * 1024
#: An attachment larger than this is refused (as in fieldkit.interviews.attachments).
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024

#: Reads one attachment's bytes (bounded); raises SourceProblem when it cannot.
Loader = Callable[[], bytes]


class SourceProblem(Exception):
    """A file or folder that cannot be read as submissions; the message is for people."""


@dataclass(frozen=True)
class Candidate:
    """One XML file that may be a submission. ``label`` names it for people (a path,
    or ``archive.zip:member``); ``data`` is its bytes, or None with ``problem`` set
    when it could not be read; ``attachments`` are the files beside it by name."""

    label: str
    data: bytes | None
    problem: str = ""
    attachments: Mapping[str, Loader] = field(default_factory=dict)
    #: Named on its own (not found in a folder or zip).
    alone: bool = False


def _read_bounded(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise SourceProblem(_("too large ({size} bytes; at most {limit})").format(
                size=size, limit=limit))
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise SourceProblem(_("cannot be read ({reason})").format(
            reason=exc.strerror or exc)) from exc
    if len(data) > limit:  # grew while being read
        raise SourceProblem(_("too large (over {limit} bytes)").format(limit=limit))
    return data


def _file_loader(path: Path) -> Loader:
    return lambda: _read_bounded(path, MAX_ATTACHMENT_BYTES)


def _candidate_from_file(path: Path, label: str, siblings: Mapping[str, Loader], *,
                         alone: bool = False) -> Candidate:
    try:
        data = _read_bounded(path, MAX_INSTANCE_BYTES)
    except SourceProblem as exc:
        return Candidate(label, None, str(exc), alone=alone)
    return Candidate(label, data, attachments=siblings, alone=alone)


def _folder(root: Path) -> Iterator[Candidate]:
    count = 0
    for folder, dirs, found in os.walk(root):
        dirs.sort()
        count += len(found)
        if count > MAX_FILES:
            raise SourceProblem(_("holds more than {limit} files; import it in parts")
                                .format(limit=MAX_FILES))
        here = Path(folder)
        # A link could bring in any file of this computer as an "attachment".
        files = [name for name in found if not (here / name).is_symlink()]
        siblings = {name: _file_loader(here / name) for name in files
                    if not name.lower().endswith(".xml")}
        for name in sorted(files):
            if name.lower().endswith(".xml"):
                yield _candidate_from_file(here / name, str(here / name), siblings)


def _safe_member(name: str) -> bool:
    parts = name.split("/")
    return (bool(name) and not name.startswith("/") and "\\" not in name
            and ":" not in name and all(p not in ("", ".", "..") for p in parts))


def _zip_loader(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int,
                budget: list[int]) -> Loader:
    def load() -> bytes:
        chunks: list[bytes] = []
        total = 0
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(1 << 20):
                    total += len(chunk)
                    budget[0] -= len(chunk)
                    if total > limit or total > info.file_size:
                        raise SourceProblem(_("{name!r} unpacks to more than it claims "
                                              "(a zip bomb?)").format(name=info.filename))
                    if budget[0] < 0:
                        raise SourceProblem(_("the zip unpacks to more than {limit} bytes")
                                            .format(limit=MAX_ZIP_BYTES))
                    chunks.append(chunk)
        except SourceProblem:
            raise
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError,
                RuntimeError, ValueError) as exc:
            raise SourceProblem(_("{name!r} inside is damaged ({reason})").format(
                name=info.filename, reason=exc)) from exc
        return b"".join(chunks)
    return load


def _zip(path: Path) -> Iterator[Candidate]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise SourceProblem(_("not a readable zip file (damaged or truncated)")) from exc
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_FILES:
            raise SourceProblem(_("holds more than {limit} files; import it in parts")
                                .format(limit=MAX_FILES))
        if sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
            raise SourceProblem(_("unpacks to more than {limit} bytes").format(
                limit=MAX_ZIP_BYTES))
        for info in infos:
            if not _safe_member(info.filename):
                raise SourceProblem(_("unsafe file name inside: {name!r}").format(
                    name=info.filename))
        xml = [i for i in infos if i.filename.lower().endswith(".xml")]
        if not xml and any(i.filename.lower().endswith(".csv") for i in infos):
            raise SourceProblem(_("this is a CSV export (as ODK Central's 'All data and "
                                  "attachments' download); fieldkit reads submission XML: "
                                  "pull the form with ODK Briefcase, or download each "
                                  "submission's XML from Central, and import that"))
        budget = [MAX_ZIP_BYTES]
        xml_names = {i.filename for i in xml}
        by_folder: dict[str, dict[str, Loader]] = {}
        for info in infos:
            if info.filename in xml_names:
                continue
            folder, name = posixpath.split(info.filename)
            by_folder.setdefault(folder, {})[name] = _zip_loader(
                archive, info, MAX_ATTACHMENT_BYTES, budget)
        for info in sorted(xml, key=lambda i: i.filename):
            label = f"{path}:{info.filename}"
            if info.file_size > MAX_INSTANCE_BYTES:
                yield Candidate(label, None, _("too large ({size} bytes; at most {limit})")
                                .format(size=info.file_size, limit=MAX_INSTANCE_BYTES))
                continue
            try:
                data = _zip_loader(archive, info, MAX_INSTANCE_BYTES, budget)()
            except SourceProblem as exc:
                yield Candidate(label, None, str(exc))
                continue
            folder = posixpath.dirname(info.filename)
            yield Candidate(label, data, attachments=by_folder.get(folder, {}))


def find_candidates(path: Path) -> Iterator[Candidate]:
    """The XML files under ``path`` (a file, folder or zip), in a stable order.
    Raises :class:`SourceProblem` for a path that cannot be read at all. (Zip
    attachments are read while the generator is open: use them before moving on.)"""
    if path.is_dir():
        yield from _folder(path)
    elif not path.exists():
        raise SourceProblem(_("no such file or folder"))
    elif zipfile.is_zipfile(path):
        yield from _zip(path)
    else:
        yield _candidate_from_file(path, str(path), _siblings_of(path), alone=True)


def _siblings_of(path: Path) -> dict[str, Loader]:
    """Attachments beside a single instance file: the other files of its folder
    that it names (it is looked up by name, so unrelated files cost nothing)."""
    folder = path.parent
    try:
        names = [p.name for p in folder.iterdir()
                 if p.is_file() and not p.is_symlink()
                 and not p.name.lower().endswith(".xml")]
    except OSError:
        return {}
    if len(names) > MAX_FILES:
        return {}
    return {name: _file_loader(folder / name) for name in names}
