"""Where an export goes, as a person types it: the suffix a format needs, keeping a
typed name in step with the format, the checks that name a problem in one line
before anything runs, and whether writing there replaces files.

The Export tab asks these; the service (:func:`fieldkit.exports.run_export`) writes
a ``.zip`` when the path ends in it, one ``.xlsx`` for Excel, and otherwise a folder.
"""

from __future__ import annotations

from pathlib import Path

from fieldkit.errors import InvalidInput
from fieldkit.i18n import _, isolate

#: The suffixes that make an export one file rather than a folder of files.
ONE_FILE_SUFFIXES = (".zip", ".xlsx")
#: Formats whose choice answers can be written as labels (SPSS and Stata keep the
#: codes and carry the labels as value labels).
LABEL_FORMATS = ("csv", "xlsx")


def can_zip(fmt: str) -> bool:
    """Whether the files of ``fmt`` can go into one .zip (Excel is one file already)."""
    return fmt != "xlsx"


def suffix_for(fmt: str, as_zip: bool) -> str:
    """The suffix the path must have ("" for a folder)."""
    if fmt == "xlsx":
        return ".xlsx"
    return ".zip" if as_zip else ""


def follow_format(text: str, suffix: str) -> str:
    """A typed path kept in step with the format (report.zip -> report.xlsx; a name
    without a suffix gains the one needed); a folder stays as typed."""
    text = text.strip()
    if not text:
        return text
    path = Path(text)
    old = path.suffix.lower()
    if (old in ONE_FILE_SUFFIXES and old != suffix) or (suffix and not old):
        return str(path.with_suffix(suffix))
    return text


def resolve(text: str, suffix: str) -> Path:
    """The path to write to from what was typed; InvalidInput names what is wrong
    with it in one line."""
    text = text.strip()
    if not text:
        raise InvalidInput(_("Choose where to write the export: type a path or use Browse…."))
    if "\0" in text:
        raise InvalidInput(_("{path}: not a possible file name; choose another.").format(
            path=isolate(text.replace("\0", ""))))
    path = Path(text).expanduser()
    if not path.is_absolute():
        raise InvalidInput(_("{path}: type the full path (from the top folder), or use "
                             "Browse….").format(path=isolate(text)))
    if suffix and path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    elif not suffix and path.suffix.lower() in ONE_FILE_SUFFIXES:
        raise InvalidInput(_("{path} looks like a file name; give a folder, or tick \"Put the "
                             "files in one .zip file\".").format(path=isolate(path)))
    if not path.parent.is_dir():
        raise InvalidInput(_("{folder}: there is no such folder; choose a folder that "
                             "exists.").format(folder=isolate(path.parent)))
    return path


def replaces_something(out: Path) -> bool:
    """Whether the export may replace files: the file is there, or the folder holds
    files (those of the same names would be replaced)."""
    try:
        if out.suffix.lower() not in ONE_FILE_SUFFIXES:
            return out.is_dir() and any(path.is_file() for path in out.iterdir())
        return out.is_file()  # anything else there is refused by the service
    except OSError:  # e.g. a name too long: the export itself says so
        return False
