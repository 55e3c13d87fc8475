"""The census tables fieldkit recognises, read from ``resources/census/``
(built by ``tools/make_census_catalog.py`` from ONS metadata; see its README)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from fieldkit.packaged import resource

#: Nomis adds this to every column name of 2011 bulk tables and some 2021 ones.
MEASURE_SUFFIX = "; measures: Value"


@dataclass(frozen=True)
class Category:
    code: str
    column: str  # the column name after the table's prefix, as in the file
    label: str  # the category label after the topic prefix, e.g. "White: Roma"
    parent: str  # the parent category's code; "" for the top level and the total
    kind: str  # total, category or derived (an alternative grouping of categories)
    parts: tuple[str, ...] = ()  # derived: the codes it is the sum of


@dataclass(frozen=True)
class TableSpec:
    table: str  # e.g. TS021, QS201EW
    year: int
    title: str
    prefix: str  # the topic prefix of the column names, e.g. "Ethnic group"
    unit: str
    population: str
    categories: tuple[Category, ...]

    @property
    def total(self) -> Category:
        return next(c for c in self.categories if c.kind == "total")

    def by_label(self, label: str) -> Category | None:
        for category in self.categories:
            if label in (category.label, category.column):
                return category
        return None


@cache
def known_tables() -> dict[str, TableSpec]:
    folder = resource("census")
    categories: dict[str, list[Category]] = {}
    with (folder / "categories.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            categories.setdefault(row["table"], []).append(Category(
                code=row["code"], column=row["column"], label=row["label"],
                parent=row["parent"], kind=row["kind"],
                parts=tuple(row["parts"].split())))
    tables: dict[str, TableSpec] = {}
    with (folder / "tables.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            tables[row["table"]] = TableSpec(
                table=row["table"], year=int(row["year"]), title=row["title"],
                prefix=row["prefix"], unit=row["unit"], population=row["population"],
                categories=tuple(categories[row["table"]]))
    return tables


@cache
def _by_header() -> dict[frozenset[str], TableSpec]:
    return {frozenset(f"{t.prefix}: {c.column}" for c in t.categories): t
            for t in known_tables().values()}


def strip_measure(name: str) -> str:
    return name[: -len(MEASURE_SUFFIX)] if name.endswith(MEASURE_SUFFIX) else name


def recognise(columns: list[str]) -> TableSpec | None:
    """The table whose category columns are exactly ``columns`` (any order; Nomis's
    measure suffix ignored), else None."""
    return _by_header().get(frozenset(strip_measure(c) for c in columns))


def closest(columns: list[str]) -> TableSpec | None:
    """The known table sharing the most columns with ``columns``, to say what differs."""
    names = {strip_measure(c) for c in columns}
    best, score = None, 0
    for header, table in _by_header().items():
        shared = len(header & names)
        if shared > score:
            best, score = table, shared
    return best
