"""``load_form(path)``: an XLSForm (.xlsx .xls .csv .md) or an XForm (.xml) as a Form.

XLSForms are converted by pyxform; the result is cached by the sha256 of the
file's bytes (with the pyxform version, the file name, which pyxform uses as
the form id when the settings sheet has none, and the version and translations
of :mod:`fieldkit.forms.or_other`'s texts), so loading the same bytes again
does not run pyxform.

A cache entry is one JSON object (see :func:`pack_entry`)::

    {"format": "fieldkit-form-cache", "v": 1, "warnings": [pyxform's warnings],
     "model": <the Form, fieldkit.forms.model_json>, "xform": "<h:html ...>"}

A hit decodes ``model``, which is much faster than parsing ``xform`` again.
The XForm is kept for whoever needs the form as ODK reads it
(:func:`entry_xform`), and so that an entry whose model this fieldkit cannot
read (written by another version) still spares a pyxform run; such an entry
is rewritten. Entries of earlier fieldkits are bare XForm text, perhaps
followed by a comment holding the warnings; they load the same way and are
rewritten too. A damaged entry is a miss.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldkit.forms.cache import FormCache
from fieldkit.forms.errors import FormError
from fieldkit.forms.external import attach_external, media_folders
from fieldkit.forms.model import Form
from fieldkit.forms.model_json import (
    FormJsonError,
    dumps,
    form_from_data,
    form_to_data,
    paused_gc,
)
from fieldkit.forms.or_other import or_other_marker
from fieldkit.forms.xform import parse_xform
from fieldkit.forms.xlsform import (
    PYXFORM_VERSION,
    XLSFORM_SUFFIXES,
    convert_xlsform,
)
from fieldkit.i18n import _

__all__ = [
    "SUPPORTED_SUFFIXES",
    "CacheEntry",
    "FormError",
    "cache_key",
    "entry_xform",
    "load_form",
    "pack_entry",
    "unpack_entry",
]

#: An XForm is an XForm, whatever its extension (JavaRosa's fixtures use .xhtml).
XFORM_SUFFIXES: tuple[str, ...] = (".xml", ".xhtml")
SUPPORTED_SUFFIXES: tuple[str, ...] = (*XLSFORM_SUFFIXES, *XFORM_SUFFIXES)

#: Largest XForm read. The biggest real forms (long choice lists inline) are a few
#: MB; the limits keep a hostile file from taking minutes and gigabytes, and since
#: reading time grows with size they bound the time too.
MAX_FORM_BYTES = 64 * 1024 * 1024
#: Largest XLSForm file read (pyxform needs far more time and memory per byte).
MAX_XLSFORM_BYTES = 16 * 1024 * 1024
#: Largest total an .xlsx workbook may unpack to (a 2 MB file can hold 2 GiB).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024

ENTRY_FORMAT = "fieldkit-form-cache"
ENTRY_VERSION = 1

# Entries of fieldkit before the model was cached: the XForm, with pyxform's
# warnings (if any) in a comment after the document element.
_WARNINGS_COMMENT = re.compile(r"\n?<!--fieldkit-pyxform-warnings:(.*?)-->\s*\Z", re.DOTALL)


def cache_key(data: bytes, filename: str) -> str:
    """The cache key of an XLSForm's bytes (see the module docstring)."""
    digest = hashlib.sha256(data).hexdigest()
    return (
        f"xlsform:pyxform={PYXFORM_VERSION}:or-other={or_other_marker()}"
        f":sha256={digest}:file={Path(filename).name}"
    )


def load_form(path: str | os.PathLike[str], *, cache: FormCache | None = None) -> Form:
    """Load a form file; any problem with it is a :class:`FormError` (one line).

    ``cache`` keeps converted XLSForms; without one, every call runs pyxform.
    """
    file_path = Path(path)
    suffix = file_path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FormError(
            _("'{suffix}' is not a form file type fieldkit reads.").format(
                suffix=suffix or file_path.name
            ),
            path=file_path,
            fix=_("Use an XLSForm (.xlsx, .xls, .csv, .md) or an ODK XForm (.xml, .xhtml)."),
        )
    data = _read(file_path)
    _check_size(data, suffix, file_path)
    source_hash = hashlib.sha256(data).hexdigest()
    # External instances (CSV, XML, GeoJSON) are read from the form's media folders.
    form = _load(data, suffix, file_path, source_hash, cache)
    return attach_external(form, media_folders(file_path))


def _load(
    data: bytes, suffix: str, file_path: Path, source_hash: str, cache: FormCache | None
) -> Form:
    if suffix in XFORM_SUFFIXES:
        return parse_xform(data, path=file_path, source_hash=source_hash)

    key = cache_key(data, file_path.name)
    if cache is not None:
        cached = cache.get(key)
        if cached is not None:
            form = _load_cached(cached, cache, key, file_path, source_hash)
            if form is not None:
                return form
    conversion = convert_xlsform(data, filename=file_path.name, path=file_path)
    form = parse_xform(
        conversion.xform,
        path=file_path,
        source_hash=source_hash,
        conversion_warnings=conversion.warnings,
    )
    if cache is not None:
        cache.put(key, pack_entry(conversion.xform, conversion.warnings, form))
    return form


def _load_cached(
    text: str, cache: FormCache, key: str, path: Path, source_hash: str
) -> Form | None:
    """The form of a cache entry, or None when the entry is of no use."""
    try:
        entry = unpack_entry(text)
    except ValueError:
        return None  # damaged: convert again and overwrite it
    if entry.form is not None and entry.form.source_hash == source_hash:
        return entry.form
    # A bare XForm of an earlier fieldkit, or a model this one cannot read.
    try:
        form = parse_xform(
            entry.xform,
            path=path,
            source_hash=source_hash,
            conversion_warnings=entry.warnings,
        )
    except (FormError, ValueError, TypeError):
        return None
    cache.put(key, pack_entry(entry.xform, entry.warnings, form))
    return form


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """What :func:`unpack_entry` found in a cache entry."""

    xform: str
    warnings: tuple[str, ...]
    #: The decoded model; None for an entry without one (or with one of another
    #: format version), whose form must be read from ``xform``.
    form: Form | None


def pack_entry(xform: str, warnings: tuple[str, ...], form: Form | None) -> str:
    """A cache entry: the XForm, pyxform's warnings and (unless None) the model."""
    envelope = {
        "format": ENTRY_FORMAT,
        "v": ENTRY_VERSION,
        "warnings": list(warnings),
        "model": None,
        "xform": xform,
    }
    if form is not None:
        try:
            with paused_gc():
                envelope["model"] = form_to_data(form)
                text = dumps(envelope)
                # Freed now, so the collection that follows does not walk it.
                envelope["model"] = None
            return text
        except (FormJsonError, RecursionError, ValueError):
            envelope["model"] = None  # the XForm alone still spares pyxform
    return dumps(envelope)


def unpack_entry(text: str) -> CacheEntry:
    """A cache entry's parts, its model decoded; ValueError if it is damaged.

    ``form`` is None for an entry without a model, with a model of another
    format version, or with a damaged model (its XForm may still be good).
    """
    if not text.startswith("{"):
        return CacheEntry(*_unpack_legacy(text), None)
    with paused_gc():
        envelope = _envelope(text)
        xform: str = envelope["xform"]
        warnings = tuple(envelope["warnings"])
        model = envelope["model"]
        del envelope
        form = None
        if model is not None:
            try:
                form = form_from_data(model)
            except FormJsonError:
                form = None
        # The decoded JSON is freed before the collector runs again: the
        # collection after a paused block walks what is still alive.
        del model
    return CacheEntry(xform, warnings, form)


def entry_xform(text: str) -> str:
    """The XForm XML of a cache entry (of this or an earlier fieldkit);
    ValueError if the entry is damaged."""
    if not text.startswith("{"):
        return _unpack_legacy(text)[0]
    xform: str = _envelope(text)["xform"]
    return xform


def _envelope(text: str) -> dict[str, Any]:
    """The checked JSON object of a cache entry (ValueError if it is not one)."""
    try:
        envelope = json.loads(text)
    except RecursionError as exc:
        raise ValueError("cache entry nested too deeply") from exc
    if not (
        isinstance(envelope, dict)
        and envelope.get("format") == ENTRY_FORMAT
        and envelope.get("v") == ENTRY_VERSION
        and isinstance(envelope.get("xform"), str)
        and isinstance(envelope.get("warnings"), list)
        and all(isinstance(w, str) for w in envelope["warnings"])
    ):
        raise ValueError("not a fieldkit form cache entry of this version")
    envelope.setdefault("model", None)
    return envelope


def _read(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise FormError(
            _("The file does not exist."),
            path=path,
            fix=_("Check the path and the file name."),
        ) from exc
    except IsADirectoryError as exc:
        raise FormError(
            _("This is a folder, not a form file."),
            path=path,
            fix=_("Give the path of the form file."),
        ) from exc
    except OSError as exc:
        raise FormError(
            _("The file cannot be read ({reason}).").format(reason=exc.strerror or exc),
            path=path,
            fix=_("Check that it exists and that you may read it."),
        ) from exc
    if not data.strip():
        raise FormError(_("The file is empty."), path=path, fix=_("Save the form into it again."))
    return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def _check_size(data: bytes, suffix: str, path: Path) -> None:
    """Refuse a form file (or a workbook's unpacked sheets) beyond the limits."""
    limit = MAX_FORM_BYTES if suffix in XFORM_SUFFIXES else MAX_XLSFORM_BYTES
    if len(data) > limit:
        raise FormError(
            _("The file is {size} MB; fieldkit reads forms of up to {limit} MB.").format(
                size=_megabytes(len(data)), limit=_megabytes(limit)
            ),
            path=path,
            fix=_("Move long choice lists into a CSV file of the form's media."),
        )
    if suffix not in (".xlsx", ".xlsm"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as workbook:
            unpacked = sum(max(info.file_size, 0) for info in workbook.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip at all: pyxform says it cannot read it
    if unpacked > MAX_UNPACKED_BYTES:
        raise FormError(
            _(
                "The workbook unpacks to {size} MB; fieldkit reads workbooks of up to "
                "{limit} MB unpacked."
            ).format(size=_megabytes(unpacked), limit=_megabytes(MAX_UNPACKED_BYTES)),
            path=path,
            fix=_("Delete the unused rows and columns of its sheets and save it again."),
        )


def _unpack_legacy(text: str) -> tuple[str, tuple[str, ...]]:
    match = _WARNINGS_COMMENT.search(text)
    if match is None:
        return text, ()
    try:
        warnings = json.loads(match.group(1))
    except RecursionError as exc:
        raise ValueError("bad warnings in cache entry") from exc
    if not isinstance(warnings, list):
        raise ValueError("bad warnings in cache entry")
    return text[: match.start()], tuple(str(w) for w in warnings)
