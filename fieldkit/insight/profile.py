"""Community profiles: for one form, its interviews grouped by one field and by
period (and optionally by area), and for each group and period the counts and
shares of the categories of the chosen measures.

This is the one way fieldkit counts for Insight, census comparison, partner data
and reports: every later figure starts from :func:`build_profile`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from fieldkit.errors import InvalidInput
from fieldkit.i18n import _, ngettext
from fieldkit.insight.bands import band_codes, band_label, edges_for
from fieldkit.insight.counting import (
    CountPlan,
    RawCount,
    composition_query,
    fetch_all,
    interviews_query,
    measure_query,
    with_all_areas,
)
from fieldkit.insight.fields import (
    COMPOSITION_CATEGORIES,
    FieldInfo,
    FormVersions,
    fields_of,
    form_versions,
    resolve_field,
)
from fieldkit.insight.periods import PERIODS, period_of_month, periods_between
from fieldkit.store import Store

__all__ = ["Profile", "ProfileCell", "ProfileQuery", "build_profile", "count_rows",
           "profile_from_counts"]

#: Fields that can group a profile, measure, date it or place it in an area.
GROUP_KINDS = ("select",)
MEASURE_KINDS = ("select", "number", "derived")
DATE_KINDS = ("date",)
AREA_KINDS = ("select", "text")


@dataclass(frozen=True)
class ProfileQuery:
    """What to count. Fields are named as in the form (or by absolute path).
    ``measures`` empty: every select, number and the household type of the form
    (except the grouping, date and area fields)."""

    form_id: str
    by: str
    measures: tuple[str, ...] = ()
    period: str = "half"  # "month" | "quarter" | "half" | "year"
    date_field: str | None = None
    area_field: str | None = None
    #: A text area field's whole value (upper case, no spaces: a full postcode or an
    #: area code, for the census comparison) instead of its postcode district.
    area_whole: bool = False


class ProfileCell(NamedTuple):
    """``count`` of ``total`` units of ``group`` in ``period`` (in ``area``, or in all
    areas when None) answered ``category`` to ``measure``. For a select multiple
    the shares of a cell's categories add up to more than 1 (several answers).
    A named tuple: a large profile has hundreds of thousands of cells."""

    group: str
    period: str
    area: str | None
    measure: str
    category: str
    count: int  # type: ignore[assignment]  # shadows tuple.count, on purpose
    total: int
    unit: str  # "households" | "people" (also "interviews", "entries")

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0


@dataclass
class Profile:
    query: ProfileQuery
    periods: list[str]
    groups: list[str]
    cells: list[ProfileCell]
    #: (group, period) -> interviews counted.
    interviews: dict[tuple[str, str], int]
    #: One line: form, versions, interviews, date range, project.
    source: str
    #: Measure name -> its field (labels, choices, unit).
    fields: dict[str, FieldInfo] = field(default_factory=dict)
    group_field: FieldInfo | None = None
    #: Areas seen (when an area field was named), in order.
    areas: list[str] = field(default_factory=list)
    #: First and last day counted (ISO dates), for rates over partly covered periods.
    first_day: date | None = None
    last_day: date | None = None
    #: The unit of the interviews themselves ("households" or "interviews").
    unit: str = "households"
    #: (group, period, area) -> interviews counted, when an area field was named
    #: (F9 releases cross a group with an area).
    area_interviews: dict[tuple[str, str, str], int] = field(default_factory=dict)
    _index: dict[tuple[str, str, str | None, str, str], ProfileCell] | None = field(
        default=None, init=False, repr=False, compare=False)

    def group_label(self, code: str, lang: str | None = None) -> str:
        if self.group_field is None:
            return code
        return self.group_field.choice_label(code, lang)

    def measure_label(self, measure: str, lang: str | None = None) -> str:
        info = self.fields.get(measure)
        return info.label(lang) if info is not None else measure

    def category_label(self, measure: str, code: str, lang: str | None = None) -> str:
        info = self.fields.get(measure)
        if info is None:
            return code
        if info.kind == "number":
            return band_label(code)
        return info.choice_label(code, lang)

    def categories(self, measure: str) -> list[str]:
        """The categories of ``measure`` the profile has, in the form's order."""
        seen = {c.category for c in self.cells if c.measure == measure}
        info = self.fields.get(measure)
        return _category_order(info, seen) if info is not None else sorted(seen)

    def cell(self, group: str, period: str, measure: str, category: str,
             area: str | None = None) -> ProfileCell | None:
        if self._index is None:
            self._index = {(c.group, c.period, c.area, c.measure, c.category): c
                           for c in self.cells}
        return self._index.get((group, period, area, measure, category))


def _category_order(info: FieldInfo, seen: Iterable[str]) -> list[str]:
    seen = set(seen)
    if info.kind == "number":
        order = band_codes(edges_for(info.name))
    elif info.kind == "derived":
        order = list(COMPOSITION_CATEGORIES)
    else:
        order = [c.value for c in info.choices]
    known = [c for c in order if c in seen]
    return known + sorted(seen - set(order))


def _group_order(info: FieldInfo, seen: Iterable[str]) -> list[str]:
    return _category_order(info, seen)


def build_profile(store: Store, query: ProfileQuery) -> Profile:
    """Count ``query`` in the store (SQL does the counting; see counting.py)."""
    if query.period not in PERIODS:
        raise InvalidInput(_("--period {period}: use one of {periods}.").format(
            period=query.period, periods=", ".join(PERIODS)))
    versions = form_versions(store, query.form_id)
    fields = fields_of(versions)
    group = resolve_field(fields, query.by, "--by", GROUP_KINDS)
    if group.multiple:
        raise InvalidInput(_("--by {field}: a question with several answers cannot group "
                             "interviews; choose a single-answer question.").format(
            field=query.by))
    date_info = (resolve_field(fields, query.date_field, "--date", DATE_KINDS)
                 if query.date_field else None)
    area = (resolve_field(fields, query.area_field, "--area", AREA_KINDS)
            if query.area_field else None)
    if query.measures:
        measures = [resolve_field(fields, m, "--measure", MEASURE_KINDS)
                    for m in dict.fromkeys(query.measures)]
    else:
        skip = {group.name, area.name if area else "", date_info.name if date_info else ""}
        measures = [f for f in fields if f.kind in MEASURE_KINDS and f.name not in skip]
    dialect = store.engine.dialect.name
    plan = CountPlan(dialect, versions.project_id, versions.form_id, tuple(versions.pks),
                     query.period, group, date_info, area, area_whole=query.area_whole)
    with store.session() as session:
        interview_rows, rows = count_rows(session.connection(), plan, measures)
    return _assemble(query, versions, group, area=area, measures=measures,
                     interview_rows=interview_rows, rows=rows)


def count_rows(connection: Any, plan: CountPlan, measures: Sequence[FieldInfo], *,
               general: bool = False) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The interview rows (group, period, area, n, first day, last day) and count rows
    (group, period, area, measure, category, n; area None: all areas) of a profile.
    On SQLite field by field (fast_counts.py); elsewhere, or
    with ``general``, by the general queries of counting.py (the same figures)."""
    plain = [info for info in measures if info.kind != "derived"]
    derived = [composition_query(plan, info) for info in measures if info.kind == "derived"]
    if plan.dialect == "sqlite" and not general:
        from fieldkit.insight.fast_counts import fast_counts

        interview_rows, rows = fast_counts(connection, plan, plain)
    else:
        interview_rows = [tuple(r) for r in connection.execute(interviews_query(plan)).all()]
        rows = fetch_all(connection, with_all_areas(plan, measure_query(plan, plain))) \
            if plain else []
    for sql in derived:
        rows += fetch_all(connection, with_all_areas(plan, sql))
    return interview_rows, rows


def _valid_period(key: str, period: str, cache: dict[str, bool]) -> bool:
    """Whether SQL's period text is a real period (a date field may hold junk)."""
    ok = cache.get(key)
    if ok is None:
        kind = key[-2:-1]
        if period == "month":
            month = key
        elif period == "year":
            month = f"{key}-01"
        elif kind in ("Q", "H") and key[-1:].isdigit():
            month = f"{key[:4]}-{(int(key[-1]) - 1) * (3 if kind == 'Q' else 6) + 1:02d}"
        else:
            month = ""
        ok = cache[key] = period_of_month(month, period) == key
    return ok


def _assemble(query: ProfileQuery, versions: FormVersions, group: FieldInfo, *,
              area: FieldInfo | None, measures: Sequence[FieldInfo],
              interview_rows: Sequence[Sequence[object]],
              rows: Sequence[tuple[Any, ...]]) -> Profile:
    valid: dict[str, bool] = {}
    interviews: dict[tuple[str, str], int] = defaultdict(int)
    area_interviews: dict[tuple[str, str, str], int] = defaultdict(int)
    first: str | None = None
    last: str | None = None
    for grp, period, place, n, day_first, day_last in interview_rows:
        if not grp or not period or not _valid_period(str(period), query.period, valid):
            continue
        interviews[(str(grp), str(period))] += int(str(n))
        if place not in (None, ""):
            area_interviews[(str(grp), str(period), str(place))] += int(str(n))
        if day_first is not None and (first is None or str(day_first) < first):
            first = str(day_first)
        if day_last is not None and (last is None or str(day_last) > last):
            last = str(day_last)
    tally = _Tally(measures)
    add = tally.add
    for grp, period, place, measure, category, n in rows:
        if grp and category and _valid_period(period, query.period, valid):
            add(grp, period, place, measure, category, n)
    profile = tally.profile(query, group, interviews, area=area, first_day=_day(first),
                            last_day=_day(last),
                            source=_source(versions, sum(interviews.values()), first, last),
                            unit=_interview_unit(versions))
    profile.area_interviews = dict(area_interviews)
    return profile


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _interview_unit(versions: FormVersions) -> str:
    from fieldkit.insight.fields import roster_unit

    return "households" if any(roster_unit(f) for _p, _v, f in versions.versions) \
        else "interviews"


class _Tally:
    """Counts being added up: (group, period, area, measure) -> [total, {code: n}];
    area None is all areas. A select multiple's answer is split into its codes
    (each counted; the total counts the answer once)."""

    def __init__(self, measures: Sequence[FieldInfo]) -> None:
        self.fields = {info.name: info for info in measures}
        self.multiple = {info.name for info in measures if info.multiple}
        self.table: dict[tuple[str, str, str | None, str], tuple[list[int],
                                                                 dict[str, int]]] = {}

    def add(self, group: str, period: str, area: str | None,  # noqa: PLR0917 - hot loop
            measure: str, category: str, n: int) -> None:
        """One row of counts (``area`` as given: all areas are added by the caller)."""
        key = (group, period, area or None, measure)
        entry = self.table.get(key)
        if entry is None:
            entry = self.table[key] = ([0], {})
        entry[0][0] += n
        counts = entry[1]
        if measure in self.multiple:
            for code in category.split():
                counts[code] = counts.get(code, 0) + n
        else:
            counts[category] = counts.get(category, 0) + n

    def profile(self, query: ProfileQuery, group: FieldInfo,
                interviews: Mapping[tuple[str, str], int], *, area: FieldInfo | None,
                first_day: date | None, last_day: date | None, source: str,
                unit: str) -> Profile:
        table = self.table
        seen: dict[str, set[str]] = {name: set() for name in self.fields}
        for (_g, _p, place, measure), (_total, counts) in table.items():
            if place is None:
                seen[measure].update(counts)
        keys = table.keys()
        periods_seen = {p for _g, p in interviews} | {k[1] for k in keys}
        periods = periods_between(min(periods_seen), max(periods_seen)) if periods_seen \
            else []
        groups = _group_order(group, {g for g, _p in interviews} | {k[0] for k in keys})
        areas = sorted({k[2] for k in keys if k[2] is not None})
        order = {name: _category_order(info, seen[name]) for name, info in self.fields.items()}
        cells: list[ProfileCell] = []
        append = cells.append
        make = tuple.__new__  # the named tuple's own __new__ is a Python call per cell
        # Built in order (group, period, all areas then each area, measure, category).
        for grp in groups:
            for period in periods:
                for place in (None, *areas):
                    for measure, info in self.fields.items():
                        entry = table.get((grp, period, place, measure))
                        if entry is None:
                            continue
                        total, counts = entry[0][0], entry[1]
                        for code in order[measure]:
                            n = counts.get(code, 0)
                            if n or place is None:  # area cells only where there is any
                                append(make(ProfileCell, (grp, period, place, measure, code,
                                                          n, total, info.unit)))
        return Profile(query=query, periods=periods, groups=groups, cells=cells,
                       interviews=dict(interviews), source=source, fields=dict(self.fields),
                       group_field=group, areas=areas, first_day=first_day,
                       last_day=last_day, unit=unit)


def profile_from_counts(query: ProfileQuery, group: FieldInfo,
                        measures: Sequence[tuple[FieldInfo, Sequence[RawCount]]],
                        interviews: Mapping[tuple[str, str], int], *,
                        area: FieldInfo | None = None, first_day: date | None = None,
                        last_day: date | None = None, source: str = "",
                        unit: str = "households") -> Profile:
    """A profile from counts (a simulation's, or any computed elsewhere), assembled
    as :func:`build_profile` assembles SQL's: areas added up into all-area cells,
    select-multiple answers split, and the categories a group had none of in a
    period filled in (count 0), so a share that fell to nothing is a cell too."""
    tally = _Tally([info for info, _rows in measures])
    for info, rows in measures:
        for row in rows:
            tally.add(row.group, row.period, None, info.name, row.category, row.count)
            if row.area is not None:
                tally.add(row.group, row.period, row.area, info.name, row.category, row.count)
    return tally.profile(query, group, interviews, area=area, first_day=first_day,
                         last_day=last_day, source=source, unit=unit)


def _source(versions: FormVersions, interviews: int, first: str | None,
            last: str | None) -> str:
    newest = versions.newest
    numbers = sorted({v for _pk, v, _f in versions.versions if v})
    return _("{title} ({form_id}, {versions}); {interviews}; {first} to {last}; fieldkit "
             "project {project}").format(
        title=newest.title or versions.form_id, form_id=versions.form_id,
        versions=ngettext("version {list}", "versions {list}", len(numbers)).format(
            list=", ".join(numbers) or "-"),
        interviews=ngettext("{n} interview", "{n} interviews", interviews).format(
            n=interviews),
        first=(first or "-")[:10], last=(last or "-")[:10], project=versions.project_name)
