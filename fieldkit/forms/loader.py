"""``load_form(path)``: an XLSForm (.xlsx .xls .csv .md) or an XForm (.xml) as a Form.

XLSForms are converted by pyxform; the XForm it writes is cached by the sha256
of the file's bytes (with the pyxform version and the file name, which pyxform
uses as the form id when the settings sheet has none), so loading the same
bytes again does not run pyxform.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from fieldkit.forms.cache import FormCache
from fieldkit.forms.errors import FormError
from fieldkit.forms.model import Form
from fieldkit.forms.xform import parse_xform
from fieldkit.forms.xlsform import (
    PYXFORM_VERSION,
    XLSFORM_SUFFIXES,
    Conversion,
    convert_xlsform,
)
from fieldkit.i18n import _

__all__ = ["SUPPORTED_SUFFIXES", "FormError", "cache_key", "load_form"]

SUPPORTED_SUFFIXES: tuple[str, ...] = (*XLSFORM_SUFFIXES, ".xml")

# pyxform's warnings travel with the cached XForm as a comment after the
# document element, so a cache hit reports the same warnings as a conversion.
_WARNINGS_MARK = "<!--fieldkit-pyxform-warnings:"
_WARNINGS_COMMENT = re.compile(r"\n?<!--fieldkit-pyxform-warnings:(.*?)-->\s*\Z", re.DOTALL)


def cache_key(data: bytes, filename: str) -> str:
    """The cache key of an XLSForm's bytes (see the module docstring)."""
    digest = hashlib.sha256(data).hexdigest()
    return f"xlsform:pyxform={PYXFORM_VERSION}:sha256={digest}:file={Path(filename).name}"


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
            fix=_("Use an XLSForm (.xlsx, .xls, .csv, .md) or an ODK XForm (.xml)."),
        )
    data = _read(file_path)
    source_hash = hashlib.sha256(data).hexdigest()
    if suffix == ".xml":
        return parse_xform(data, path=file_path, source_hash=source_hash)

    key = cache_key(data, file_path.name)
    cached = cache.get(key) if cache is not None else None
    if cached is not None:
        try:
            xform, warnings = _unpack(cached)
            return parse_xform(
                xform,
                path=file_path,
                source_hash=source_hash,
                conversion_warnings=warnings,
            )
        except (FormError, ValueError, TypeError):
            pass  # a damaged entry: convert again and overwrite it
    conversion = convert_xlsform(data, filename=file_path.name, path=file_path)
    form = parse_xform(
        conversion.xform,
        path=file_path,
        source_hash=source_hash,
        conversion_warnings=conversion.warnings,
    )
    if cache is not None:
        cache.put(key, _pack(conversion))
    return form


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


def _pack(conversion: Conversion) -> str:
    if not conversion.warnings:
        return conversion.xform
    # "-" is escaped so that no "--" can end the comment early.
    payload = json.dumps(list(conversion.warnings)).replace("-", "\\u002d")
    return f"{conversion.xform.rstrip()}\n{_WARNINGS_MARK}{payload}-->"


def _unpack(text: str) -> tuple[str, tuple[str, ...]]:
    match = _WARNINGS_COMMENT.search(text)
    if match is None:
        return text, ()
    warnings = json.loads(match.group(1))
    if not isinstance(warnings, list):
        raise TypeError("bad warnings in cache entry")
    return text[: match.start()], tuple(str(w) for w in warnings)
