"""SPSS (.sav) and Stata (.dta) files through pyreadstat: one per form and per repeat.

* Names: legal and unique in both programs (:mod:`fieldkit.exports.names`); the
  codebook lists each export name next to it.
* Numbers (integer, decimal, range) are numeric; dates are dates; select_one is
  numeric with value labels (the choice's own code when every code of the list is
  a whole number, else its number in the list, see the codebook); a
  select_multiple's 0/1 columns are numeric; everything else is text.
* Missing: an empty answer is system-missing. In SPSS, "Don't know", "Prefer not
  to say" and "Refused" choices are also declared user-missing.
* The files' creation timestamps are fixed, so the same data gives the same bytes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from fieldkit.exports.labels import column_label, in_language
from fieldkit.exports.layout import Column, ExportLayout, FieldSpec
from fieldkit.exports.names import legal_names
from fieldkit.i18n import _

__all__ = ["MISSING_CHOICES", "choice_codes", "export_names", "write_stats_file"]

NUMERIC = frozenset({"integer", "decimal", "range"})
MISSING_CHOICES = frozenset({"dont_know", "prefer_not", "refused", "dk", "refuse"})
SAV_LABEL_MAX = 255
DTA_LABEL_MAX = 80
# .sav header: creation date "dd mmm yy" at byte 92, time "hh:mm:ss" at byte 101.
_SAV_DATE = slice(92, 109)
_SAV_FIXED = b"01 Jan 0000:00:00"
_DTA_STAMP = re.compile(rb"<timestamp>(.)")


def export_names(columns: Sequence[Column]) -> list[str]:
    return legal_names((c.name for c in columns), first=(c.kind == "field" for c in columns))


def choice_codes(spec: FieldSpec) -> dict[str, int]:
    """Choice value -> the number it has in SPSS and Stata files."""
    values = [c.value for c in spec.choices]
    if values and all(re.fullmatch(r"-?[0-9]{1,9}", v) for v in values):
        return {v: int(v) for v in values}
    return {c.value: c.number for c in spec.choices}


def _kind(column: Column) -> str:
    if column.kind == "choice":
        return "flag"
    if column.kind != "field" or column.field is None:
        return "text"
    spec = column.field
    if spec.type in NUMERIC:
        return "number"
    if spec.type == "date":
        return "date"
    if spec.type == "select_one" and spec.choices:
        return "coded"
    return "text"


def _number(value: str) -> float:
    try:
        return float(value) if value else math.nan
    except ValueError:
        return math.nan


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def write_stats_file(path: Path, fmt: str, layout: ExportLayout, table_index: int,
                     rows: list[list[str]], *, lang: str | None) -> None:
    # lazy: pandas loads in ~0.5 s; only SPSS/Stata files need it
    import pandas as pd
    import pyreadstat

    table = layout.tables[table_index]
    names = export_names(table.columns)
    limit = SAV_LABEL_MAX if fmt == "sav" else DTA_LABEL_MAX
    data: dict[str, Any] = {}
    labels: dict[str, str | None] = {}
    value_labels: dict[str, dict[int | float, str]] = {}
    missing: dict[str, list[Any]] = {}
    yes_no: dict[int | float, str] = {1: _("selected"), 0: _("not selected")}
    for index, (column, name) in enumerate(zip(table.columns, names, strict=True)):
        labels[name] = column_label(column, lang, layout.default_language)[:limit]
        kind = _kind(column)
        values = [row[index] for row in rows]
        if kind in ("number", "flag"):
            data[name] = pd.Series([_number(v) for v in values], dtype="float64")
            if kind == "flag":
                value_labels[name] = dict(yes_no)
        elif kind == "date":
            data[name] = pd.Series([_date(v) for v in values], dtype="object")
        elif kind == "coded":
            assert column.field is not None
            codes = choice_codes(column.field)
            data[name] = pd.Series([float(codes[v]) if v in codes else math.nan
                                    for v in values], dtype="float64")
            value_labels[name] = {
                float(codes[c.value]): _choice_text(c.labels, c.value, lang, layout)[:limit]
                for c in column.field.choices}
            user_missing = [codes[c.value] for c in column.field.choices
                            if c.value in MISSING_CHOICES][:3]
            if user_missing:
                missing[name] = list(user_missing)
        else:
            data[name] = pd.Series(values, dtype="object")
    frame = pd.DataFrame(data, columns=names)
    file_label = table.name[:limit]
    if fmt == "sav":
        pyreadstat.write_sav(frame, str(path), file_label=file_label, column_labels=labels,
                             variable_value_labels=value_labels, missing_ranges=missing)
        _fix_sav_timestamp(path)
    else:
        pyreadstat.write_dta(frame, str(path), file_label=file_label, column_labels=labels,
                             variable_value_labels=value_labels)
        _fix_dta_timestamp(path)


def _choice_text(labels: Any, value: str, lang: str | None, layout: ExportLayout) -> str:

    return in_language(labels, lang, layout.default_language) or value


def _fix_sav_timestamp(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.seek(_SAV_DATE.start)
        handle.write(_SAV_FIXED)


def _fix_dta_timestamp(path: Path) -> None:
    data = bytearray(path.read_bytes()[:4096])
    match = _DTA_STAMP.search(data)
    if match is None:
        return
    length = match.group(1)[0]
    start = match.end()
    with path.open("r+b") as handle:
        handle.seek(start)
        handle.write(b"01 Jan 2000 00:00"[:length].ljust(length))
