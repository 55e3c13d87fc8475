"""CSV: one file per form and per repeat, streamed row by row.

UTF-8 with a byte-order mark, so Excel opens Sorani and Polish text correctly;
CRLF line ends and minimal quoting (RFC 4180). One header row of column names;
the labels are in the codebook.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from contextlib import ExitStack

from fieldkit.exports.layout import ExportLayout
from fieldkit.exports.output import Staging
from fieldkit.exports.rows import Row

__all__ = ["write_csv_tables"]


def write_csv_tables(staging: Staging, layout: ExportLayout, rows: Iterable[Row],
                     renderers: dict[int, dict[int, Callable[[str], str]]]) -> list[int]:
    """Write the tables of one form; returns the row count per table."""
    counts = [0] * len(layout.tables)
    with ExitStack() as stack:
        writers = []
        for table in layout.tables:
            handle = stack.enter_context(staging.path(f"{table.name}.csv").open(
                "w", encoding="utf-8-sig", newline=""))
            writer = csv.writer(handle)
            writer.writerow([c.name for c in table.columns])
            writers.append(writer.writerow)
        for table_index, values in rows:
            render = renderers.get(table_index)
            if render:
                for column, fn in render.items():
                    if values[column]:
                        values[column] = fn(values[column])
            writers[table_index](values)
            counts[table_index] += 1
    return counts
