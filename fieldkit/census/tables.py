"""Reading imported census tables back: what is loaded, and an area's counts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from fieldkit.store import Store
from fieldkit.store.census_models import CensusCategory, CensusCount, CensusTable


@dataclass(frozen=True)
class LoadedTable:
    table: str
    title: str
    year: int
    level: str
    areas: int
    categories: int
    source_name: str

    def to_json(self) -> dict[str, object]:
        return {"table": self.table, "title": self.title, "year": self.year,
                "level": self.level, "areas": self.areas, "categories": self.categories}


def loaded_tables(store: Store) -> list[LoadedTable]:
    """Every imported table, by table then level."""
    categories = (select(CensusCategory.table_id, func.count().label("n"))
                  .where(CensusCategory.kind == "category")
                  .group_by(CensusCategory.table_id).subquery())
    with store.session() as session:
        rows = session.execute(
            select(CensusTable, categories.c.n)
            .join(categories, categories.c.table_id == CensusTable.id)
            .order_by(CensusTable.table_code, CensusTable.level)).all()
        return [LoadedTable(table=t.table_code, title=t.title, year=t.year, level=t.level,
                            areas=t.areas, categories=int(n), source_name=t.source_name)
                for t, n in rows]


@dataclass(frozen=True)
class StoredCategory:
    code: str
    label: str
    parent: str
    kind: str


@dataclass(frozen=True)
class AreaCounts:
    """Counts of one table summed over some areas, with the categories in file order."""

    table: str
    level: str
    title: str
    categories: tuple[StoredCategory, ...]
    areas: tuple[str, ...]  # the area codes found
    counts: tuple[int, ...]

    def by_label(self) -> dict[str, int]:
        return {c.label: n for c, n in zip(self.categories, self.counts, strict=True)}


def area_counts(store: Store, table: str, areas: Iterable[str]) -> AreaCounts | None:
    """The sum of ``table``'s counts over ``areas`` (codes of one level), or None if
    that table is not loaded for those areas' level."""
    wanted = sorted(set(areas))
    with store.session() as session:
        found = session.execute(
            select(CensusTable, CensusCount)
            .join(CensusCount, CensusCount.table_id == CensusTable.id)
            .where(CensusTable.table_code == table, CensusCount.area_code.in_(wanted))
            .order_by(CensusCount.area_code)).all()
        if not found:
            return None
        stored = found[0][0]
        categories = tuple(
            StoredCategory(code=c.code, label=c.label, parent=c.parent_code, kind=c.kind)
            for c in session.scalars(select(CensusCategory)
                                     .where(CensusCategory.table_id == stored.id)
                                     .order_by(CensusCategory.position)))
        totals = [0] * len(categories)
        codes = []
        for t, row in found:
            if t.id != stored.id:
                continue  # the same code at another level cannot happen; be safe
            codes.append(row.area_code)
            for i, n in enumerate(json.loads(row.counts)):
                totals[i] += n
        return AreaCounts(table=table, level=stored.level, title=stored.title,
                          categories=categories, areas=tuple(codes), counts=tuple(totals))
