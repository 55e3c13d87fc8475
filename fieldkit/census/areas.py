"""A census table's counts for the project's areas: read directly when the table is
loaded at the areas' level, else added up from a smaller geography (LSOAs to wards,
say) using the postcode lookup to know which small areas lie in which large one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from fieldkit.census.geography import level_of
from fieldkit.census.lookup import LEVELS, nesting
from fieldkit.census.tables import AreaCounts, area_counts
from fieldkit.errors import InvalidInput
from fieldkit.i18n import _
from fieldkit.store import Store
from fieldkit.store.census_models import CensusTable


@dataclass(frozen=True)
class AreaFigures:
    counts: AreaCounts
    level: str  # the level of the areas asked for
    source_level: str  # the level of the table rows that were added up
    split: tuple[str, ...] = ()  # small areas straddling a boundary: left out
    missing: tuple[str, ...] = ()  # areas asked for with no figures

    def to_json(self) -> dict[str, object]:
        total = self.counts.counts[0] if self.counts.counts else 0
        return {
            "table": self.counts.table, "title": self.counts.title, "level": self.level,
            "source_level": self.source_level, "areas": list(self.counts.areas),
            "missing": list(self.missing), "split": list(self.split),
            "rows": [{"category": c.label, "code": c.code, "kind": c.kind,
                      "parent": c.parent, "count": n,
                      "share": round(n / total, 6) if total else None}
                     for c, n in zip(self.counts.categories, self.counts.counts,
                                     strict=True)]}


def figures_for_areas(store: Store, table: str, areas: Iterable[str]) -> AreaFigures:
    wanted = sorted(set(areas))
    levels = {level_of(a) for a in wanted}
    if not wanted or None in levels or len(levels) != 1:
        raise InvalidInput(_("--area: give census area codes of one level, e.g. the ward "
                             "codes E05002455 E05002456."))
    level = levels.pop()
    assert level is not None
    with store.session() as session:
        loaded = set(session.scalars(select(CensusTable.level)
                                     .where(CensusTable.table_code == table)))
    if not loaded:
        raise InvalidInput(_("Census table {table} is not loaded; import it with 'fieldkit "
                             "census import FILE'.").format(table=table))
    if level in loaded:
        counts = area_counts(store, table, wanted)
        if counts is None:
            raise InvalidInput(_("Census table {table} has no figures for {areas}.").format(
                table=table, areas=", ".join(wanted)))
        missing = tuple(a for a in wanted if a not in counts.areas)
        return AreaFigures(counts=counts, level=level, source_level=level, missing=missing)
    # Add up the nearest smaller geography the table is loaded at.
    smaller = [lv for lv in LEVELS if lv in loaded and level in LEVELS
               and LEVELS.index(lv) < LEVELS.index(level)]
    for source in reversed(smaller):
        nest = nesting(store, wanted, source)
        children = [c for kids in nest.children.values() for c in kids]
        if not children:
            continue
        counts = area_counts(store, table, children)
        if counts is None:
            continue
        found = set(counts.areas)
        missing = tuple(p for p, kids in nest.children.items()
                        if not any(k in found for k in kids))
        # Report the result under the areas asked for, not the small areas added up.
        merged = AreaCounts(table=counts.table, level=level, title=counts.title,
                            categories=counts.categories,
                            areas=tuple(p for p in wanted if p not in missing),
                            counts=counts.counts)
        return AreaFigures(counts=merged, level=level, source_level=source,
                           split=nest.split, missing=missing)
    raise InvalidInput(_(
        "Census table {table} is loaded for {loaded} only, and the postcode lookup does "
        "not say which of those lie in {areas}; import the table for that geography or a "
        "postcode lookup covering it.").format(
            table=table, loaded=", ".join(sorted(loaded)), areas=", ".join(wanted)))
