"""``fieldkit census compare``: who lives in the areas (census) beside who the project
reaches (its interviews), category by category.

The project's interviews are counted by the F7 profile engine
(:func:`fieldkit.insight.build_profile`), by the compared field and by area; each
interview's area comes from a field holding a census area code, or from a postcode
through the imported postcode lookup. Choices become census categories through the
crosswalk. For each category: the census count and share of residents, the project's
count and share (of interviews in the areas whose answer maps to a category), their
ratio, a 95% Wilson interval for the project's share, and a flag:

- ``under_represented``: the census share lies above the interval's upper end;
- ``small_in_census``: the census share lies below the interval's lower end (a
  community the project meets more than the census would suggest);
- ``absent_in_census``: the project has interviews but the census none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scipy.stats import binomtest
from sqlalchemy import select

from fieldkit.census import ATTRIBUTION
from fieldkit.census.areas import figures_for_areas
from fieldkit.census.crosswalk import Crosswalk, crosswalk_from_file, load_crosswalk
from fieldkit.census.geography import level_of
from fieldkit.census.lookup import LEVELS, normalise_postcode
from fieldkit.census.tables import StoredCategory
from fieldkit.errors import UsageError
from fieldkit.i18n import _
from fieldkit.insight import ProfileQuery, build_profile
from fieldkit.store import Store
from fieldkit.store.census_models import CensusPostcode

CONFIDENCE = 0.95


def wilson(k: int, n: int) -> tuple[float, float] | tuple[None, None]:
    """The 95% Wilson score interval for k successes in n (scipy), or (None, None)."""
    if n <= 0:
        return None, None
    ci = binomtest(k, n).proportion_ci(confidence_level=CONFIDENCE, method="wilson")
    return float(ci.low), float(ci.high)


@dataclass(frozen=True)
class CompareRow:
    category: str
    parent: str  # the broad group's label; "" for a broad group
    census_n: int
    census_share: float | None
    own_n: int
    own_share: float | None
    ratio: float | None
    own_low: float | None
    own_high: float | None
    flag: str | None

    def to_json(self) -> dict[str, object]:
        return {"category": self.category, "parent": self.parent,
                "census_n": self.census_n, "census_share": _r(self.census_share),
                "own_n": self.own_n, "own_share": _r(self.own_share),
                "ratio": _r(self.ratio, 4), "own_low": _r(self.own_low),
                "own_high": _r(self.own_high), "flag": self.flag}


def _r(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


@dataclass
class Comparison:
    table: str
    title: str
    areas: list[str]
    level: str
    source_level: str
    form_id: str
    field: str
    crosswalk: str  # project, default, file or none
    census_total: int
    own_total: int  # interviews in the areas whose answer maps to a census category
    rows: list[CompareRow]
    unmapped: list[dict[str, object]]  # {"choice", "label", "own_n"}
    own_unplaced: int = 0  # answers whose area could not be placed
    own_elsewhere: int = 0  # answers placed outside the compared areas
    split: tuple[str, ...] = ()
    source: str = ""  # the profile's source line (form, versions, interviews)

    def to_json(self) -> dict[str, object]:
        return {"table": self.table, "title": self.title, "areas": self.areas,
                "level": self.level, "source_level": self.source_level,
                "form": self.form_id, "field": self.field, "crosswalk": self.crosswalk,
                "census_total": self.census_total, "own_total": self.own_total,
                "own_unplaced": self.own_unplaced, "own_elsewhere": self.own_elsewhere,
                "rows": [r.to_json() for r in self.rows], "unmapped": self.unmapped,
                "split": list(self.split), "own_source": self.source,
                "attribution": ATTRIBUTION}


def _placer(store: Store, values: Sequence[str], level: str, postcodes: bool
            ) -> dict[str, str]:
    """The area at ``level`` of each area value an interview holds (a code of that
    level or a smaller one, or a postcode)."""
    placed: dict[str, str] = {}
    if postcodes:
        keys = {normalise_postcode(v): v for v in values}
        column = getattr(CensusPostcode, level) if level in LEVELS else None
        if column is None:
            return placed
        with store.session() as session:
            for key, area in session.execute(
                    select(CensusPostcode.postcode, column)
                    .where(CensusPostcode.postcode.in_(list(keys)))):
                if area:
                    placed[keys[key]] = area
        return placed
    smaller: dict[str, list[str]] = defaultdict(list)
    for value in values:
        code = value.strip().upper()
        value_level = level_of(code)
        if value_level == level:
            placed[value] = code
        elif value_level is not None:
            smaller[value_level].append(value)
    for child_level, found in smaller.items():
        parents: dict[str, str] = {}
        with store.session() as session:
            column = getattr(CensusPostcode, child_level, None)
            parent_col = getattr(CensusPostcode, level, None)
            if column is None or parent_col is None:
                continue
            pairs = session.execute(select(column, parent_col).distinct().where(
                column.in_([v.strip().upper() for v in found]))).all()
        owners: dict[str, set[str]] = defaultdict(set)
        for child, parent in pairs:
            if parent:
                owners[child].add(parent)
        parents = {c: next(iter(p)) for c, p in owners.items() if len(p) == 1}
        for value in found:
            if value.strip().upper() in parents:
                placed[value] = parents[value.strip().upper()]
    return placed


def compare(store: Store, *, table: str, areas: Sequence[str], form_id: str, field: str,
            area_field: str | None = None, postcode_field: str | None = None,
            crosswalk_file: Path | None = None) -> Comparison:
    if (area_field is None) == (postcode_field is None):
        raise UsageError(_("give one of --area-field or --postcode-field."))
    figures = figures_for_areas(store, table.upper(), areas)
    spec_table = figures.counts.table
    crosswalk: Crosswalk = (crosswalk_from_file(store, crosswalk_file, form_id, field,
                                                spec_table)
                            if crosswalk_file is not None else
                            load_crosswalk(store, form_id, field, spec_table))
    profile = build_profile(store, ProfileQuery(
        form_id=form_id, by=crosswalk.field, measures=(crosswalk.field,), period="year",
        area_field=area_field or postcode_field, area_whole=True))
    # Answers per area value, summed over periods and groups (a roster field counts
    # every member, as the census counts every resident).
    by_value: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    all_areas = 0
    for cell in profile.cells:
        if cell.measure != crosswalk.field:
            continue
        if cell.area is None:
            all_areas += cell.count
        else:
            by_value[cell.area][cell.category] += cell.count
    placed_values = _placer(store, list(by_value), figures.level, postcode_field is not None)
    wanted = set(figures.counts.areas) | set(figures.missing)
    own: dict[str, int] = defaultdict(int)
    elsewhere = unplaced = 0
    for value, answers in by_value.items():
        area = placed_values.get(value)
        n = sum(answers.values())
        if area is None:
            unplaced += n
        elif area not in wanted:
            elsewhere += n
        else:
            for choice, count in answers.items():
                own[choice] += count
    # Answers of interviews without an area answer cannot be placed either.
    unplaced += all_areas - sum(sum(a.values()) for a in by_value.values())
    mapping = crosswalk.mapping
    unmapped = [{"choice": r.choice, "label": r.label, "own_n": own.get(r.choice, 0)}
                for r in crosswalk.rows if not r.census_category]
    own_by_label: dict[str, int] = defaultdict(int)
    for choice, count in own.items():
        if choice in mapping:
            own_by_label[mapping[choice]] += count
    own_total = sum(own_by_label.values())
    rows = _rows(figures.counts.categories, figures.counts.counts, own_by_label, own_total,
                 set(mapping.values()))
    return Comparison(
        table=spec_table, title=figures.counts.title, areas=list(figures.counts.areas),
        level=figures.level, source_level=figures.source_level, form_id=form_id,
        field=crosswalk.field, crosswalk=crosswalk.source,
        census_total=figures.counts.counts[0], own_total=own_total, rows=rows,
        unmapped=unmapped, own_unplaced=unplaced, own_elsewhere=elsewhere,
        split=figures.split, source=profile.source)


def _rows(categories: Sequence[StoredCategory], counts: Sequence[int], own: dict[str, int],
          own_total: int, targets: set[str]) -> list[CompareRow]:
    """Broad groups, each followed by its sub-groups unless the crosswalk maps choices
    to the broad group itself (then its sub-groups' own counts would be short)."""
    total_n = next(n for c, n in zip(categories, counts, strict=True) if c.kind == "total")
    by_code = {c.code: (c, n) for c, n in zip(categories, counts, strict=True)}
    children: dict[str, list[str]] = defaultdict(list)
    for c in categories:
        if c.kind == "category" and c.parent:
            children[c.parent].append(c.code)

    def own_of(code: str) -> int:
        return own.get(by_code[code][0].label, 0) + sum(
            own_of(child) for child in children.get(code, []))

    rows: list[CompareRow] = []

    def add(code: str, parent_label: str) -> None:
        category, census_n = by_code[code]
        rows.append(_row(category.label, parent_label, census_n=census_n,
                         census_total=total_n, own_n=own_of(code), own_total=own_total))
        if category.label in targets and children.get(code):
            return  # choices mapped to the broad group: its parts are not comparable
        for child in children.get(code, []):
            add(child, category.label)

    for c in categories:
        if c.kind == "category" and not c.parent:
            add(c.code, "")
    return rows


def _row(label: str, parent: str, *, census_n: int, census_total: int, own_n: int,
         own_total: int) -> CompareRow:
    census_share = census_n / census_total if census_total else None
    own_share = own_n / own_total if own_total else None
    low, high = wilson(own_n, own_total)
    ratio = (own_share / census_share
             if own_share is not None and census_share else None)
    flag = None
    if own_n > 0 and census_n == 0:
        flag = "absent_in_census"
    elif census_share is not None and high is not None and census_share > high:
        flag = "under_represented"
    elif census_share is not None and low is not None and census_share < low:
        flag = "small_in_census"
    return CompareRow(category=label, parent=parent, census_n=census_n,
                      census_share=census_share, own_n=own_n, own_share=own_share,
                      ratio=ratio, own_low=low, own_high=high, flag=flag)
