"""Every table of a report document as an Excel workbook (openpyxl, Qt-free): a
sheet per table with its caption, header row, rows (counts as numbers, shares as
percentages, withheld figures as ``c``), note and source line, so a table never
travels without its source. Written beside the destination and moved into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from fieldkit.i18n import _
from fieldkit.reports.document import Day, Document, Share, Table, Value, Withheld, tables

__all__ = ["write_xlsx"]

_FORBIDDEN = set("[]:*?/\\")


def _sheet_name(table: Table, used: set[str]) -> str:
    base = "".join(c for c in (table.name or table.caption) if c not in _FORBIDDEN)
    base = base.strip()[:31] or "Table"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _cell(value: Value) -> object:
    if isinstance(value, Withheld):
        return "c"
    if isinstance(value, Share):
        return value.value
    if isinstance(value, Day):
        return value.value
    return value


def write_xlsx(document: Document, path: Path) -> int:
    """Write the document's tables to ``path``; returns how many."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.worksheets[0])
    used: set[str] = set()
    count = 0
    for table in tables(document):
        sheet = book.create_sheet(_sheet_name(table, used))
        sheet.sheet_view.rightToLeft = document.rtl
        sheet.append([table.caption])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(list(table.headers))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
            for column, value in enumerate(row, start=1):
                if isinstance(value, Share):
                    sheet.cell(sheet.max_row, column).number_format = (
                        "0.0%" if value.decimals else "0%")
        sheet.append([])
        if table.note:
            sheet.append([table.note])
        if table.source:
            sheet.append([_("Source: {source}").format(source=table.source)])
        for n, header in enumerate(table.headers, start=1):
            sheet.column_dimensions[get_column_letter(n)].width = min(
                max(len(header), 10) + 2, 40)
        count += 1
    if not count:
        sheet = book.create_sheet(_("Report"))
        sheet.append([_("This report has no tables.")])
    fd, temp = tempfile.mkstemp(prefix=".fieldkit-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        book.save(temp)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return count
