"""Writing an Insight table to CSV or XLSX (Qt-free): the headers, the rows as shown
(counts as numbers, shares as fractions: percentages in Excel, decimals in CSV), then
a blank line and the source line, so a table never travels without its source.

The file is written beside its destination and moved into place, so a failed write
leaves no half-written file behind.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.gui.insight.tables import ExportTable

__all__ = ["FORMATS", "write_table"]

#: The suffixes written, in the order the file dialog offers them.
FORMATS = (".xlsx", ".csv")


def write_table(path: Path, table: ExportTable) -> Path:
    """Write ``table`` to ``path`` (.csv or .xlsx, by its suffix; another suffix gets
    .csv added); returns the path written."""
    if path.suffix.lower() not in FORMATS:
        path = path.with_name(path.name + ".csv")
    fd, temp = tempfile.mkstemp(prefix=".fieldkit-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        if path.suffix.lower() == ".xlsx":
            _write_xlsx(Path(temp), table)
        else:
            _write_csv(Path(temp), table)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def _source_line(table: ExportTable) -> str:
    return _("Source: {source}").format(source=table.source)


def _write_csv(path: Path, table: ExportTable) -> None:
    # utf-8-sig: Excel opens it with the right characters, as the exports do.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow(["" if v is None else round(v, 4) if isinstance(v, float)
                             else v for v in row])
        writer.writerow([])
        writer.writerow([_source_line(table)])


def _write_xlsx(path: Path, table: ExportTable) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one sheet
    # Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules).
    sheet.title = "".join(c for c in table.name if c not in "[]:*?/\\")[:31] or "Sheet"
    sheet.append(table.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(row)
    for column in table.shares:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = "0.0%"
    for n, header in enumerate(table.headers, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = max(10, min(40, len(header) + 2))
    sheet.append([])
    sheet.append([_source_line(table)])
    sheet.freeze_panes = "A2"
    book.save(path)
