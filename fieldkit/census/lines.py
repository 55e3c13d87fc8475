"""Reading CSV files line by line with a bounded line length, so a hostile file (one
200 MB line, binary data) is refused after reading a little of it, never slurped."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from fieldkit.errors import InvalidInput
from fieldkit.i18n import _

#: Longer than any census header (TS022 has 294 long column names, about 25 KB).
MAX_LINE_BYTES = 1 << 20


def refuse(path: Path | str, row: int, column: str | None, reason: str) -> InvalidInput:
    """The one line the user sees: file, row, column and what is wrong."""
    if column is None:
        return InvalidInput(_("{path}: row {row}: {reason}").format(
            path=path, row=row, reason=reason))
    return InvalidInput(_("{path}: row {row}, column '{column}': {reason}").format(
        path=path, row=row, column=column, reason=reason))


def csv_rows(path: Path, stream: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    """(row number from 1, fields) for each non-blank line of ``stream``."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise refuse(path, number, None, _(
                "the line is longer than {n} MB; this is not a CSV table of the expected "
                "kind").format(n=MAX_LINE_BYTES >> 20))
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise refuse(path, number, None, _(
                "not UTF-8 text; save the file as CSV (UTF-8)")) from None
        if not line.strip():
            continue
        if "\x00" in line:
            raise refuse(path, number, None, _("binary data, not CSV text"))
        try:
            fields = next(csv.reader([line], strict=True))
        except csv.Error as exc:
            raise refuse(path, number, None, _("not valid CSV ({reason})").format(
                reason=exc)) from None
        yield number, fields
