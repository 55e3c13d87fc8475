"""A figure fieldkit holds, named by where it comes from, and resolved fresh each time
a sheet is made: the number, the total it is of, its source and its date, with the
disclosure rule applied. Qt-free.

Three kinds, one per place fieldkit keeps figures:

* ``own``: the project's interviews of a form, counted by the Insight profile engine
  (:func:`fieldkit.insight.build_profile`): how many units (households, people) of
  those who answered ``measure`` gave ``category``, over the communities ``groups``
  of the grouping field ``by`` (all when empty) and one ``period`` (all when empty).
* ``census``: a census table's count of ``category`` in the project's ``areas``, of
  the table's total (:func:`fieldkit.census.areas.figures_for_areas`).
* ``partner``: a partner's figure for ``category`` (in ``area``) in ``period`` (the
  latest when empty), of the figure for ``of`` in the same period when given.

Every count goes through :func:`fieldkit.disclosure.protect_list` (the count, the
rest of its total, and the total): a count that may not be published makes the
figure *withheld*, and no sheet prints it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from fieldkit.disclosure import DisclosureRule, protect_list
from fieldkit.errors import InvalidInput
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.store import Store

__all__ = ["KINDS", "Figure", "FigureSpec", "resolve"]

KINDS = ("own", "census", "partner")
PERIODS = {4: "year", 6: "half", 7: "month"}  # by length of the key; Q is "quarter"


@dataclass(frozen=True)
class FigureSpec:
    """Where a figure comes from (stored as JSON with the fact or feedback item)."""

    kind: str
    category: str
    form: str = ""
    by: str = ""
    measure: str = ""
    groups: tuple[str, ...] = ()
    period: str = ""
    table: str = ""
    areas: tuple[str, ...] = ()
    source: str = ""
    area: str = ""
    of: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InvalidInput(_("A figure comes from {kinds}, not {kind}.").format(
                kinds=", ".join(KINDS), kind=self.kind))
        if not self.category.strip():
            raise InvalidInput(_("--category: name the category the figure counts."))
        if self.kind == "own" and not (self.form and self.by and self.measure):
            raise InvalidInput(_("A figure from the project's interviews needs --form, "
                                 "--by and --measure."))
        if self.kind == "census" and not (self.table and self.areas):
            raise InvalidInput(_("A census figure needs --census TABLE and --area CODE..."))
        if self.kind == "partner" and not self.source:
            raise InvalidInput(_("A partner's figure needs --partner SOURCE."))

    def as_dict(self) -> dict[str, object]:
        return {k: (list(v) if isinstance(v, tuple) else v)
                for k, v in asdict(self).items() if v not in ("", ())}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> FigureSpec:
        data: dict[str, Any] = json.loads(text)
        for name in ("groups", "areas"):
            if name in data:
                data[name] = tuple(data[name])
        return cls(**data)

    def describe(self) -> str:
        """One line saying where the figure comes from, for lists."""
        if self.kind == "own":
            where = f"{self.form}: {self.measure} = {self.category}, by {self.by}"
            if self.groups:
                where += f" ({', '.join(self.groups)})"
        elif self.kind == "census":
            where = f"{self.table} {' '.join(self.areas)}: {self.category}"
        else:
            where = f"{self.source}{' ' + self.area if self.area else ''}: {self.category}"
            if self.of:
                where += f" / {self.of}"
        return where + (f" [{self.period}]" if self.period else "")


@dataclass(frozen=True)
class Figure:
    """A figure made safe: ``count`` of ``total`` (None where there is no total),
    ``withheld`` when the rule does not let it be published."""

    spec: FigureSpec
    count: int | None
    total: int | None
    source: str  # where it comes from, one line
    as_of: str  # its date: a census year, a period, a range of interview dates
    unit: str = ""  # households, people, interviews, residents...
    withheld: bool = False
    #: A line the source's licence asks to be shown with it (the census's OGL line).
    attribution: str = ""

    @property
    def share(self) -> float | None:
        if self.count is None or not self.total:
            return None
        return self.count / self.total

    def to_json(self) -> dict[str, object]:
        return {"count": self.count, "total": self.total, "share": (
            round(self.share, 6) if self.share is not None else None),
            "withheld": self.withheld, "unit": self.unit, "source": self.source,
            "as_of": self.as_of, "attribution": self.attribution}


def _safe(spec: FigureSpec, count: int, total: int | None, rule: DisclosureRule, *,
          source: str, as_of: str, unit: str, attribution: str = "") -> Figure:
    """The figure under the disclosure rule: the count, the rest of its total and the
    total form a one-way table, so neither the count nor the rest can be worked out."""
    if total is None:
        safe = protect_list({"count": count}, rule)
        published = safe.published[("count",)]
        return Figure(spec, published, None, source, as_of, unit, withheld=published is None,
                      attribution=attribution)
    safe = protect_list({"count": count, "rest": max(total - count, 0)}, rule)
    published = safe.published[("count",)]
    safe_total = safe.published[("Total",)]
    withheld = published is None or safe_total is None
    return Figure(spec, None if withheld else published, None if withheld else safe_total,
                  source, as_of, unit, withheld=withheld, attribution=attribution)


def _period_kind(key: str) -> str:
    from fieldkit.insight.periods import previous_period

    try:
        previous_period(key)
    except (ValueError, KeyError, IndexError):
        raise InvalidInput(_("--period {period}: write a period as 2026, 2026H1, 2026Q3 "
                             "or 2026-03.").format(period=key)) from None
    return "quarter" if "Q" in key else PERIODS.get(len(key), "half")


def _own(store: Store, spec: FigureSpec, rule: DisclosureRule) -> Figure:
    from fieldkit.insight import ProfileQuery, build_profile
    from fieldkit.insight.fields import COMPOSITION_CATEGORIES

    period = _period_kind(spec.period) if spec.period else "year"
    profile = build_profile(store, ProfileQuery(form_id=spec.form, by=spec.by,
                                                measures=(spec.measure,), period=period))
    measure = next(iter(profile.fields))
    info = profile.fields[measure]
    choices = ({c.value for c in info.choices} if info.kind == "select" else
               set(COMPOSITION_CATEGORIES) if info.kind == "derived" else None)
    if choices is not None and spec.category not in choices:
        raise InvalidInput(_("--category {category}: {field} has no such choice; its "
                             "choices are {choices}.").format(
            category=spec.category, field=spec.measure,
            choices=", ".join(sorted(choices))))
    groups = set(spec.groups) if spec.groups else set(profile.groups)
    unknown = set(spec.groups) - set(profile.groups)
    if unknown and profile.group_field is not None:
        known = {c.value for c in profile.group_field.choices}
        bad = sorted(unknown - known)
        if bad:
            raise InvalidInput(_("--group {group}: {field} has no such choice.").format(
                group=bad[0], field=spec.by))
    count = 0
    total = 0
    unit = info.unit
    for cell in profile.cells:
        if (cell.area is not None or cell.measure != measure or cell.group not in groups
                or (spec.period and cell.period != spec.period)):
            continue
        unit = cell.unit
        if cell.category == spec.category:
            count += cell.count
    seen: set[tuple[str, str]] = set()
    for cell in profile.cells:
        key = (cell.group, cell.period)
        if (cell.area is None and cell.measure == measure and cell.group in groups
                and (not spec.period or cell.period == spec.period) and key not in seen):
            seen.add(key)
            total += cell.total
    first = profile.first_day.isoformat() if profile.first_day else "-"
    last = profile.last_day.isoformat() if profile.last_day else "-"
    if spec.period:
        from fieldkit.insight.periods import period_label

        as_of = period_label(spec.period)
    else:
        as_of = _("{first} to {last}").format(first=first, last=last)
    source = (_("{source}; {period}").format(source=profile.source, period=as_of)
              if spec.period else profile.source)
    return _safe(spec, count, total, rule, source=source, as_of=as_of, unit=unit)


def _census(store: Store, spec: FigureSpec, rule: DisclosureRule) -> Figure:
    from fieldkit.census import ATTRIBUTION
    from fieldkit.census.areas import figures_for_areas
    from fieldkit.census.tables import loaded_tables

    figures = figures_for_areas(store, spec.table, spec.areas)
    counts = figures.counts
    wanted = spec.category.strip().casefold()
    found = [n for c, n in zip(counts.categories, counts.counts, strict=True)
             if wanted in (c.label.casefold(), c.code.casefold())]
    if not found:
        raise InvalidInput(_("--category {category}: census table {table} has no such "
                             "category; 'fieldkit census show --table {table} --area ...' "
                             "lists them.").format(category=spec.category, table=spec.table))
    total = counts.counts[0] if counts.counts else 0
    years = sorted({t.year for t in loaded_tables(store) if t.table == spec.table})
    year = str(years[-1]) if years else ""
    source = _("Census {year}, table {table} ({title}), areas {areas}").format(
        year=year, table=counts.table, title=counts.title, areas=", ".join(counts.areas))
    return _safe(spec, found[0], total, rule, source=source,
                 as_of=_("Census {year}").format(year=year), unit="residents",
                 attribution=ATTRIBUTION)


def _partner(store: Store, spec: FigureSpec, rule: DisclosureRule, project_id: str
             ) -> Figure:
    from fieldkit.insight.beside import load_series
    from fieldkit.insight.periods import period_label

    series = {(s.area, s.category): s.counts for s in load_series(store, project_id)
              if s.source == spec.source}
    if not series:
        raise InvalidInput(_("--partner {source}: no figures from that source; "
                             "'fieldkit partners list' shows the sources held.").format(
            source=spec.source))
    counts = series.get((spec.area, spec.category))
    if counts is None:
        raise InvalidInput(_("--category {category}: {source} has no figures for it{area}."
                             ).format(category=spec.category, source=spec.source,
                                      area=f" ({spec.area})" if spec.area else ""))
    totals = series.get((spec.area, spec.of)) if spec.of else None
    if spec.of and totals is None and spec.of.strip().lower() in ("total", "all"):
        # A file's totals are checked, not stored: the sum of the area's categories.
        summed: dict[str, int] = {}
        for (area, _category), by_period in series.items():
            if area == spec.area:
                for key, n in by_period.items():
                    summed[key] = summed.get(key, 0) + n
        totals = summed
    if spec.of and totals is None:
        raise InvalidInput(_("--of {category}: {source} has no figures for it.").format(
            category=spec.of, source=spec.source))
    periods = sorted(set(counts) & set(totals)) if totals is not None else sorted(counts)
    if spec.period:
        if spec.period not in periods:
            raise InvalidInput(_("--period {period}: {source} has no figure for it.").format(
                period=spec.period, source=spec.source))
        period = spec.period
    elif periods:
        period = periods[-1]
    else:
        raise InvalidInput(_("--of {category}: no period has both figures.").format(
            category=spec.of))
    total = totals[period] if totals is not None else None
    source = _("{source}, {period}").format(source=spec.source,
                                             period=period_label(period))
    return _safe(spec, counts[period], total, rule, source=source,
                 as_of=period_label(period), unit="")


def resolve(store: Store, project_id: str, spec: FigureSpec, rule: DisclosureRule
            ) -> Figure:
    """The figure as fieldkit holds it today, made safe under ``rule``."""
    if spec.kind == "own":
        return _own(store, spec, rule)
    if spec.kind == "census":
        return _census(store, spec, rule)
    return _partner(store, spec, rule, project_id)
