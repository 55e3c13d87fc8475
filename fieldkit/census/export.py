"""A comparison written as CSV or XLSX for a report, the census attribution in it."""

from __future__ import annotations

import csv
from pathlib import Path

from fieldkit.census import ATTRIBUTION
from fieldkit.census.compare import Comparison
from fieldkit.errors import EnvironmentProblem, UsageError
from fieldkit.i18n import _

COLUMNS = ["category", "parent", "census_n", "census_share", "own_n", "own_share", "ratio",
           "own_low", "own_high", "flag"]


def _rows(result: Comparison) -> list[list[object]]:
    rows: list[list[object]] = [list(COLUMNS)]
    for row in result.rows:
        data = row.to_json()
        rows.append([data[c] if data[c] is not None else "" for c in COLUMNS])
    return rows


def _notes(result: Comparison) -> list[list[object]]:
    """What the table is: table, areas, form and field, the unmapped choices, the source."""
    unmapped = ", ".join(f"{u['choice']} ({u['own_n']})" for u in result.unmapped)
    return [
        [_("Census table {table} {title}; areas {areas}; form {form}, field {field}; "
           "crosswalk: {crosswalk}").format(
            table=result.table, title=result.title, areas=" ".join(result.areas),
            form=result.form_id, field=result.field, crosswalk=result.crosswalk)],
        [_("Unmapped choices (answers): {choices}").format(choices=unmapped or "-")],
        [_("Answers not placed in an area: {unplaced}; placed in other areas: "
           "{elsewhere}").format(unplaced=result.own_unplaced,
                                 elsewhere=result.own_elsewhere)],
        [ATTRIBUTION],
    ]


def write_comparison(result: Comparison, out: Path) -> None:
    """``out`` ending .csv or .xlsx; the figures first, then notes ending with the source."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(_("--out {path}: give a file ending .csv or .xlsx.").format(path=out))
    try:
        if suffix == ".csv":
            with out.open("w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerows(_rows(result))
                writer.writerow([])
                writer.writerows(_notes(result))
        else:
            # lazy: openpyxl loads in ~0.2 s; only reading or writing a workbook needs it
            from openpyxl import Workbook

            book = Workbook()
            sheet = book.active
            assert sheet is not None  # a new workbook has its first sheet
            sheet.title = result.table
            for row in [*_rows(result), [], *_notes(result)]:
                sheet.append(row)
            sheet.freeze_panes = "A2"
            book.save(out)
    except OSError as exc:
        raise EnvironmentProblem(_("--out {path}: cannot write ({reason}).").format(
            path=out, reason=exc.strerror or exc)) from None
