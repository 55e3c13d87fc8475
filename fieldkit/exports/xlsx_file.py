"""XLSX: one workbook, a sheet per form and per repeat.

Row 1 holds the column names, row 2 their labels in the export's language; both
stay in view (frozen panes). Numbers are numeric cells, dates Excel dates shown as
``yyyy-mm-dd``; everything else is text. The workbook's timestamps and its zip
members' dates are fixed, so the same data gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from fieldkit.exports.labels import column_label
from fieldkit.exports.layout import ExportLayout
from fieldkit.exports.names import sheet_names
from fieldkit.exports.output import FIXED_ZIP_DATE

__all__ = ["SheetData", "deterministic_workbook", "write_xlsx"]

_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
FIXED_DATE_TEXT = b"2000-01-01T00:00:00Z"
MIN_WIDTH, MAX_WIDTH = 8, 50


class SheetData:
    """One sheet: its layout table, labels language and collected rows."""

    def __init__(self, layout: ExportLayout, table_index: int, lang: str | None,
                 rows: list[list[str]]) -> None:
        self.layout = layout
        self.table = layout.tables[table_index]
        self.lang = lang
        self.rows = rows


def _cell(kind: str, value: str) -> Any:
    if not value:
        return None
    try:
        if kind in ("integer", "choice"):
            return int(value)
        if kind in ("decimal", "range"):
            number = float(value)
            return int(number) if number.is_integer() and "." not in value else number
        if kind == "date":
            return date.fromisoformat(value)
    except ValueError:
        return value
    return value


def write_xlsx(path: Path, sheets: Sequence[SheetData]) -> None:
    # lazy: openpyxl loads in ~0.2 s; only reading or writing a workbook needs it
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet, title in zip(sheets, sheet_names(s.table.name for s in sheets), strict=True):
        ws = workbook.create_sheet(title)
        columns = sheet.table.columns
        kinds = [c.field.type if c.kind == "field" and c.field else c.kind for c in columns]
        labels = [column_label(c, sheet.lang, sheet.layout.default_language) for c in columns]
        for index, column in enumerate(columns):
            sample = [len(r[index]) for r in sheet.rows[:200]]
            width = max([len(column.name), min(len(labels[index]), 30), *sample])
            letter = _letter(index + 1)
            ws.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
        ws.freeze_panes = "B3"
        header = []
        for name in (c.name for c in columns):
            cell = _write_only_cell(ws, name)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        ws.append(labels)
        date_cells = {i for i, k in enumerate(kinds) if k == "date"}
        for row in sheet.rows:
            values = [_cell(k, v) for k, v in zip(kinds, row, strict=True)]
            if date_cells:
                for i in date_cells:
                    if isinstance(values[i], date):
                        cell = _write_only_cell(ws, values[i])
                        cell.number_format = "yyyy-mm-dd"
                        values[i] = cell
            ws.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    deterministic_workbook(buffer.getvalue(), path)


def _write_only_cell(ws: Any, value: Any) -> Any:
    # lazy: openpyxl loads in ~0.2 s; only reading or writing a workbook needs it
    from openpyxl.cell import WriteOnlyCell

    return WriteOnlyCell(ws, value=value)


def _letter(n: int) -> str:
    # lazy: openpyxl loads in ~0.2 s; only reading or writing a workbook needs it
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(n))


def deterministic_workbook(data: bytes, path: Path,
                           fix: Callable[[str, bytes], bytes] | None = None) -> None:
    """Rewrite an .xlsx with fixed document dates and zip member dates."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>" + FIXED_DATE_TEXT + rb"\g<2>", content)
            if fix is not None:
                content = fix(info.filename, content)
            member = zipfile.ZipInfo(info.filename, FIXED_ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, content)
