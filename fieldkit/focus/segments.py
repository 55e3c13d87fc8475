"""Coded segments as a table (CSV or XLSX) and selected quotes as CSV.

The segment table is the analysis data: every coded passage, speakers by pseudonym
or number only, and whether it may be quoted. The quotes file holds only passages
selected as quotes whose speaker agreed to be quoted."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from fieldkit.errors import EnvironmentProblem, UsageError
from fieldkit.focus.analysis import passages, quotes, theme_path
from fieldkit.focus.consent import may_quote
from fieldkit.focus.records import FocusData
from fieldkit.i18n import _

__all__ = ["quote_rows", "segment_rows", "write_quotes", "write_segments"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def segment_rows(data: FocusData, language: str | None = None) -> list[list[object]]:
    header: list[object] = [
        "group", "date", "community", "language", "question", "speaker", "time", "theme",
        "passage", "memo", "quote", "may_quote"]
    rows = [header]
    for p in passages(data):
        rows.append([p.group.title, p.group.date.isoformat() if p.group.date else "",
                     p.group.community, p.language, p.question, p.speaker, p.at,
                     theme_path(data, p.theme, language), p.text, p.coding.memo,
                     "yes" if p.coding.quote else "no",
                     "yes" if may_quote(data, p.coding) else "no"])
    return rows


def quote_rows(data: FocusData, language: str | None = None) -> list[list[object]]:
    rows: list[list[object]] = [["theme", "quote", "speaker", "community", "group",
                                 "language"]]
    rows += [[q.theme, q.text, q.speaker, q.community, q.group, q.language]
             for q in quotes(data, language=language)]
    return rows


def _atomic(out: Path, write: Callable[[Path], None]) -> None:
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".focus-", suffix=out.suffix, dir=out.parent)
        os.close(fd)
        try:
            write(Path(temp))
            Path(temp).replace(out)
        finally:
            Path(temp).unlink(missing_ok=True)
    except OSError as exc:
        raise EnvironmentProblem(_("Could not write {path}: {error}").format(
            path=out, error=exc.strerror or exc)) from exc


def _write_table(rows: list[list[object]], out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(_("{path}: write the table as .csv or .xlsx.").format(path=out))

    def write(temp: Path) -> None:
        if suffix == ".csv":
            with temp.open("w", encoding="utf-8-sig", newline="") as handle:
                csv.writer(handle).writerows([[_cell(v) for v in row] for row in rows])
            return
        # lazy: openpyxl loads in ~0.2 s; only reading or writing a workbook needs it
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            sheet.append([_cell(v) for v in row])
        book.save(temp)

    _atomic(out, write)


def write_segments(data: FocusData, out: Path, language: str | None = None) -> int:
    """Write the coded segments to ``out`` (.csv or .xlsx); returns how many."""
    rows = segment_rows(data, language)
    _write_table(rows, out)
    return len(rows) - 1


def write_quotes(data: FocusData, out: Path, language: str | None = None) -> int:
    """Write the quotes that may be quoted to ``out`` (.csv or .xlsx)."""
    rows = quote_rows(data, language)
    _write_table(rows, out)
    return len(rows) - 1
