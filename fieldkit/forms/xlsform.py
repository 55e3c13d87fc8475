"""XLSForm -> XForm through pyxform's public ``convert()``; its errors as FormError.

The XForm's or_other texts are then translated (:mod:`fieldkit.forms.or_other`).

This is the only module that imports pyxform (it has no type stubs). pyxform's
messages are English and are passed on as they are; what fieldkit adds (where,
how to fix) is translated.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from pathlib import Path
from typing import Any

from fieldkit.errors import EnvironmentProblem
from fieldkit.forms.errors import FormError
from fieldkit.forms.or_other import translate_or_other
from fieldkit.i18n import _

__all__ = ["PYXFORM_VERSION", "XLSFORM_SUFFIXES", "Conversion", "convert_xlsform"]

XLSFORM_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".csv", ".md")

try:
    PYXFORM_VERSION = version("pyxform")
except PackageNotFoundError:  # pragma: no cover - running from an odd install
    PYXFORM_VERSION = "unknown"

_ROW = re.compile(r"\[row\s*:\s*(\d+)\]\s*")
_SHEET = re.compile(r"(?:On the '([^']+)' sheet|sheet: '([^']+)'|'([^']+)' sheet)")
_COLUMN = re.compile(r"the '([^']+)' (?:value|column)")
_DUPLICATE = re.compile(r"Duplicate column header: (.+)$")
_NOT_RECOGNISED = "was not recognized as a supported type"


def _pyxform() -> tuple[Any, type[Exception]]:
    """pyxform's ``convert`` and error class, imported on first use: pyxform
    takes a third of a second to import and most users of fieldkit.forms
    never convert an XLSForm."""
    try:
        # lazy: pyxform loads in ~1 s; only converting an XLSForm needs it
        from pyxform.errors import PyXFormError
        from pyxform.xls2xform import convert
    except ImportError as exc:
        raise EnvironmentProblem(
            _("pyxform is not installed, so XLSForms cannot be read.")
            + " "
            + _("Reinstall fieldkit, or give the form as an XForm (.xml).")
        ) from exc
    return convert, PyXFormError


@dataclass(frozen=True, slots=True)
class Conversion:
    """pyxform's output: the XForm XML and its warnings, one line each."""

    xform: str
    warnings: tuple[str, ...]


def convert_xlsform(data: bytes, *, filename: str, path: str | Path | None = None) -> Conversion:
    """Convert XLSForm bytes; ``filename`` gives the type and, like pyxform's
    command line, the form id when the settings sheet has none.
    """
    name = Path(filename).name
    convert, pyxform_error = _pyxform()
    warnings: list[str] = []
    # pyxform takes the fallback form id/title from the file's name, which only
    # its path input carries; a private copy also keeps the bytes we hashed and
    # the bytes converted the same even if the original changes meanwhile.
    with tempfile.TemporaryDirectory(prefix="fieldkit-xlsform-") as tmp:
        source = Path(tmp) / name
        source.write_bytes(data)
        try:
            result = convert(xlsform=str(source), warnings=warnings, validate=False)
        except pyxform_error as exc:
            raise _form_error(str(exc), data=data, filename=name, path=path) from exc
        except UnicodeDecodeError as exc:
            raise FormError(
                _("The file is not UTF-8 text, so it cannot be read as a {kind} XLSForm.").format(
                    kind=Path(name).suffix
                ),
                path=path,
                fix=_("Save it again as UTF-8 text."),
            ) from exc
        except Exception as exc:
            # pyxform reads damaged workbooks through xlrd/openpyxl/csv, which
            # fail with many exception types; bad input must never be a traceback.
            raise FormError(
                _("The XLSForm could not be read ({detail}).").format(
                    detail=f"{type(exc).__name__}: {exc}"
                ),
                path=path,
                fix=_("Open it in a spreadsheet program, check it, and save it again."),
            ) from exc
    xform = result.xform
    if not isinstance(xform, str):  # pragma: no cover - pyxform's contract
        raise FormError(_("pyxform returned no XForm."), path=path)
    xform = translate_or_other(xform)
    lines = [line.strip() for w in warnings for line in str(w).splitlines() if line.strip()]
    return Conversion(xform=xform, warnings=tuple(lines))


def _form_error(message: str, *, data: bytes, filename: str, path: str | Path | None) -> FormError:
    """A FormError with the sheet, row and column pyxform's message names."""
    suffix = Path(filename).suffix.lower()
    if _NOT_RECOGNISED in message and suffix == ".md":
        return FormError(
            _("No XLSForm table was found in this markdown file."),
            path=path,
            fix=_("Write the form as tables starting with a '| survey |' row."),
        )
    if _NOT_RECOGNISED in message:
        return FormError(
            _(
                "The file could not be read as an XLSForm of type {kind}: it is "
                "empty, damaged, or another kind of file with the wrong extension."
            ).format(kind=suffix),
            path=path,
            fix=_("Open it in a spreadsheet program and save it again as {kind}.").format(
                kind=suffix
            ),
        )
    text = " ".join(message.split())
    row_match = _ROW.search(text)
    row = int(row_match.group(1)) if row_match else None
    text = _ROW.sub("", text, count=1).strip()
    sheet_match = _SHEET.search(text)
    sheet = next((g for g in sheet_match.groups() if g), None) if sheet_match else None
    column_match = _COLUMN.search(text)
    column = column_match.group(1) if column_match else None
    fix = _("Correct the form at that place and check it again.")
    if row_match is None and sheet_match is None and column_match is None:
        fix = _("Correct the XLSForm and check it again.")

    duplicate = _DUPLICATE.search(text)
    if duplicate:
        column = duplicate.group(1).strip()
        found = _find_duplicate_header(data, suffix, column)
        if found is not None:
            sheet, letters = found
            fix = _("Columns {letters} are both headed '{column}': rename or delete one.").format(
                letters=" and ".join(letters), column=column
            )
        else:
            fix = _("Two columns are headed '{column}': rename or delete one.").format(
                column=column
            )
    elif "no name" in text.lower():
        column = column or "name"
        fix = _("Fill in the 'name' column of that row.")
    if row is not None and sheet is None:
        # pyxform's row messages without a sheet come from its survey pass.
        sheet = "survey"
    return FormError(text, path=path, sheet=sheet, row=row, column=column, fix=fix)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def _find_duplicate_header(data: bytes, suffix: str, header: str) -> tuple[str, list[str]] | None:
    """The sheet and column letters of a header that appears twice (best effort)."""
    try:
        for sheet, rows in _sheet_rows(data, suffix):
            for row in rows:
                cells = [str(c).strip() if c is not None else "" for c in row]
                hits = [i for i, c in enumerate(cells) if c == header]
                if len(hits) > 1:
                    return sheet, [_column_letter(i) for i in hits]
                if any(cells):
                    break  # only the header row is of interest
    except Exception:
        return None
    return None


def _sheet_rows(data: bytes, suffix: str) -> list[tuple[str, list[list[object]]]]:
    """The first rows of each sheet of an .xlsx/.xls workbook."""
    sheets: list[tuple[str, list[list[object]]]] = []
    if suffix in {".xlsx", ".xlsm"}:
        # lazy: openpyxl loads in ~0.2 s; only reading or writing a workbook needs it
        import openpyxl

        workbook = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
        try:
            for ws in workbook.worksheets:
                rows: list[list[object]] = [
                    list(r) for r in ws.iter_rows(max_row=20, values_only=True)]
                sheets.append((str(ws.title), rows))
        finally:
            workbook.close()
    elif suffix == ".xls":
        # lazy: only old .xls workbooks need xlrd
        import xlrd

        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        for sh in book.sheets():
            rows = [list(sh.row_values(i)) for i in range(min(sh.nrows, 20))]
            sheets.append((str(sh.name), rows))
    return sheets
