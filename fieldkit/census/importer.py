"""``fieldkit census import``: Nomis bulk census tables into the store.

Reads the Census 2021 topic summaries (``date,geography,geography code,<Topic>: <category>,
...``) and the Census 2011 bulk tables (every field quoted, a ``Rural Urban`` column, column
names ending ``; measures: Value``) at any geography. The table is recognised from the
header's category columns (see :mod:`fieldkit.census.catalog`), not the file name.

The file is read line by line and written in batches inside one transaction: a
35,000-row LSOA file needs memory for one batch and the set of area codes seen, and
a file refused anywhere (a count that is not a number, a total that is not the sum
of its parts, an area given twice) leaves the store as it was, including any earlier
import of the same table and geography, which a successful import replaces.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from fieldkit.census.catalog import TableSpec, closest, recognise, strip_measure
from fieldkit.census.geography import level_of
from fieldkit.census.lines import csv_rows, refuse
from fieldkit.errors import FieldkitError, InvalidInput
from fieldkit.i18n import _
from fieldkit.store import Store
from fieldkit.store.census_models import CensusCategory, CensusCount, CensusTable

GEOGRAPHY_COLUMNS = ["date", "geography", "geography code"]
RURAL_URBAN = "Rural Urban"
BATCH = 2000
_COUNT = re.compile(r"\d{1,15}")
_NEGATIVE = re.compile(r"-\d+")
_ROW_OF_COUNTS = re.compile(r"\d{1,15}(?:,\d{1,15})*")  # the fast path: every field a count


@dataclass(frozen=True)
class Imported:
    file: str
    table: str
    title: str
    year: int
    level: str
    areas: int
    categories: int
    replaced: bool

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "table": self.table, "title": self.title,
                "year": self.year, "level": self.level, "areas": self.areas,
                "categories": self.categories, "replaced": self.replaced}


@dataclass
class BatchResult:
    imported: list[Imported] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line reason)

    @property
    def ok(self) -> bool:
        return not self.refused


@dataclass(frozen=True)
class _Layout:
    spec: TableSpec
    rural_urban: bool
    order: tuple[int, ...]  # file column index of each spec category, in spec order
    names: tuple[str, ...]  # the file's column name of each spec category


class _Checks:
    """The table's arithmetic: each category with sub-groups is their sum, the total
    is the sum of the top-level categories, a derived column the sum of its parts."""

    def __init__(self, spec: TableSpec) -> None:
        index = {c.code: i for i, c in enumerate(spec.categories)}
        total = index[spec.total.code]
        sums: dict[int, list[int]] = {}
        for i, category in enumerate(spec.categories):
            if category.kind == "category":
                parent = index[category.parent] if category.parent else total
                sums.setdefault(parent, []).append(i)
            elif category.kind == "derived":
                sums[i] = [index[p] for p in category.parts]
        self.sums = sorted(sums.items())

    def first_error(self, counts: list[int]) -> tuple[int, int] | None:
        """(category index, sum of its parts) of the first sum that fails, else None."""
        for i, parts in self.sums:
            added = sum(counts[p] for p in parts)
            if counts[i] != added:
                return i, added
        return None


def _layout(path: Path, header: list[str]) -> _Layout:
    lowered = [h.strip() for h in header]
    if [h.lower() for h in lowered[:3]] != GEOGRAPHY_COLUMNS:
        raise refuse(path, 1, None, _(
            "not a census table: a Nomis bulk table starts with the columns 'date', "
            "'geography', 'geography code'"))
    rural_urban = len(lowered) > 3 and lowered[3] == RURAL_URBAN
    start = 4 if rural_urban else 3
    columns = lowered[start:]
    seen: set[str] = set()
    for name in columns:
        if strip_measure(name) in seen:
            raise refuse(path, 1, name, _("the column appears twice"))
        seen.add(strip_measure(name))
    spec = recognise(columns)
    if spec is None:
        near = closest(columns)
        if near is None:
            raise refuse(path, 1, columns[0] if columns else None, _(
                "not a census table fieldkit knows (see 'fieldkit census import --help' "
                "for the tables it reads)"))
        expected = {f"{near.prefix}: {c.column}" for c in near.categories}
        for name in columns:
            if strip_measure(name) not in expected:
                raise refuse(path, 1, name, _(
                    "not a column of census table {table} ({title}); the file is not "
                    "that table as Nomis publishes it").format(
                        table=near.table, title=near.title))
        missing = next(c for c in near.categories
                       if f"{near.prefix}: {c.column}" not in seen)
        raise refuse(path, 1, f"{near.prefix}: {missing.column}", _(
            "missing: census table {table} ({title}) has this column").format(
                table=near.table, title=near.title))
    position = {strip_measure(name): start + i for i, name in enumerate(columns)}
    keys = [f"{spec.prefix}: {c.column}" for c in spec.categories]
    return _Layout(spec=spec, rural_urban=rural_urban,
                   order=tuple(position[k] for k in keys),
                   names=tuple(header[position[k]] for k in keys))


def _count(path: Path, row: int, column: str, text: str) -> int:
    value = text.strip()
    if _COUNT.fullmatch(value):
        return int(value)
    if _NEGATIVE.fullmatch(value):
        raise refuse(path, row, column, _("{value} is negative; a count cannot be").format(
            value=value))
    shown = value if len(value) <= 40 else value[:40] + "…"
    raise refuse(path, row, column, _("'{value}' is not a count (a whole number)").format(
        value=shown))


def import_table(store: Store, path: Path, *,
                 progress: Callable[[int], None] | None = None) -> Imported:
    """Import one file; raises InvalidInput (one line: file, row, column) if refused."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InvalidInput(_("{path}: cannot read the file ({reason}).").format(
            path=path, reason=exc.strerror or exc)) from None
    with stream, store.session() as session:
        rows = csv_rows(path, stream)
        first = next(rows, None)
        if first is None:
            raise refuse(path, 1, None, _("the file is empty"))
        layout = _layout(path, first[1])
        return _import_rows(session, path, layout, rows, progress)


def _import_rows(session: Session, path: Path, layout: _Layout,
                 rows: Iterable[tuple[int, list[str]]],
                 progress: Callable[[int], None] | None) -> Imported:
    spec = layout.spec
    width = len(layout.order) + (4 if layout.rural_urban else 3)
    checks = _Checks(spec)
    seen: set[str] = set()
    level = ""
    table: CensusTable | None = None
    replaced = False
    batch: list[dict[str, Any]] = []
    for number, fields in rows:
        if len(fields) != width:
            raise refuse(path, number, None, _(
                "{n} fields where the header has {m}").format(n=len(fields), m=width))
        if fields[0].strip() != str(spec.year):
            raise refuse(path, number, "date", _(
                "'{value}' is not {year}, the census of table {table}").format(
                    value=fields[0].strip()[:40], year=spec.year, table=spec.table))
        code = fields[2].strip()
        code_level = level_of(code)
        if code_level is None:
            raise refuse(path, number, "geography code", _(
                "'{value}' is not a census geography code (e.g. E05002455)").format(
                    value=code[:40]))
        if level and code_level != level:
            raise refuse(path, number, "geography code", _(
                "{code} is a {level} code, but the rows above are {first} codes; import "
                "one geography per file").format(code=code, level=code_level, first=level))
        if code in seen:
            raise refuse(path, number, "geography code", _(
                "{code} appears twice").format(code=code))
        seen.add(code)
        if layout.rural_urban and fields[3].strip() != "Total":
            raise refuse(path, number, RURAL_URBAN, _(
                "'{value}': fieldkit reads the 'Total' rows of 2011 tables only").format(
                    value=fields[3].strip()[:40]))
        texts = [fields[col] for col in layout.order]
        if _ROW_OF_COUNTS.fullmatch(",".join(texts)):
            counts = list(map(int, texts))
        else:  # find the field at fault (or accept counts with spaces around them)
            counts = [_count(path, number, layout.names[i], text)
                      for i, text in enumerate(texts)]
        failed = checks.first_error(counts)
        if failed is not None:
            i, added = failed
            raise refuse(path, number, layout.names[i], _(
                "{code}: {value} is not the sum of its parts ({added})").format(
                    code=code, value=counts[i], added=added))
        if table is None:
            level = code_level
            table, replaced = _new_table(session, path, spec, level)
        batch.append({"table_id": table.id, "area_code": code,
                      "area_name": fields[1].strip()[:200],
                      "counts": json.dumps(counts, separators=(",", ":"))})
        if len(batch) >= BATCH:
            session.execute(insert(CensusCount), batch)
            batch.clear()
            if progress is not None:
                progress(len(seen))
    if table is None:
        raise refuse(path, 2, None, _("the table has no areas"))
    if batch:
        session.execute(insert(CensusCount), batch)
    table.areas = len(seen)
    return Imported(file=str(path), table=spec.table, title=spec.title, year=spec.year,
                    level=level, areas=len(seen),
                    categories=sum(c.kind == "category" for c in spec.categories),
                    replaced=replaced)


def _new_table(session: Session, path: Path, spec: TableSpec,
               level: str) -> tuple[CensusTable, bool]:
    """Replace (inside the import's transaction) any earlier import of this table and level."""
    old = session.scalar(select(CensusTable.id).where(
        CensusTable.table_code == spec.table, CensusTable.level == level))
    if old is not None:
        # Explicit deletes: SQLite cascades only with foreign keys on, and this
        # should not depend on it.
        session.execute(delete(CensusCount).where(CensusCount.table_id == old))
        session.execute(delete(CensusCategory).where(CensusCategory.table_id == old))
        session.execute(delete(CensusTable).where(CensusTable.id == old))
    table = CensusTable(table_code=spec.table, level=level, year=spec.year, title=spec.title,
                        unit=spec.unit, population=spec.population,
                        source_name=path.name[:500], areas=0)
    session.add(table)
    session.flush()
    session.execute(insert(CensusCategory), [
        {"table_id": table.id, "position": i, "code": c.code, "label": c.label,
         "parent_code": c.parent, "kind": c.kind, "parts": " ".join(c.parts)}
        for i, c in enumerate(spec.categories)])
    return table, old is not None


def import_tables(store: Store, paths: Iterable[Path]) -> BatchResult:
    """Import each file on its own; a refused file is reported and the rest go on."""
    result = BatchResult()
    for path in paths:
        try:
            result.imported.append(import_table(store, path))
        except FieldkitError as exc:
            result.refused.append((str(path), str(exc)))
    return result
