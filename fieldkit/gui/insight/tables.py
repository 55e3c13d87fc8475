"""The tables of the Insight workspace as plain rows (Qt-free): the profile's groups ×
periods and the alert list. The screen shows them; the export writes them, so what is
written is what was shown, figure for figure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fieldkit.i18n import N_, _

if TYPE_CHECKING:
    from fieldkit.insight import AlertRun, Profile

__all__ = ["ExportTable", "ProfileRow", "alerts_table", "profile_rows", "profile_table",
           "unit_name"]

#: The row of each group that counts its interviews, under the measure column.
INTERVIEWS = N_("Interviews")
UNITS = {"households": N_("households"), "people": N_("people"),
         "interviews": N_("interviews"), "entries": N_("entries")}


def unit_name(unit: str) -> str:
    """The unit a figure counts ("households", "people"), translated."""
    return _(UNITS[unit]) if unit in UNITS else unit


@dataclass(frozen=True)
class ProfileRow:
    """One line of the table: a group's (and area's) category of one measure over
    the periods, or (``measure`` None) the group's interviews."""

    group: str
    group_label: str
    area: str | None
    measure: str | None
    measure_label: str
    category: str | None
    category_label: str
    unit: str
    #: period → (count, total); a period without interviews is missing.
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)

    def share(self, period: str) -> float | None:
        count, total = self.cells.get(period, (0, 0))
        return count / total if total else None


def profile_rows(profile: Profile, language: str,
                 band: Callable[[str], str] | None = None) -> list[ProfileRow]:
    """The table's rows: per group (in the profile's order) its interviews, then each
    measure's categories in the profile's order (areas, when asked for, within).
    ``band`` names a band of a number measure (its code, e.g. ``18-24``): in the
    interface's digits, which a right-to-left interface lays out as it should."""

    def category(measure: str, code: str) -> str:
        info = profile.fields.get(measure)
        if band is not None and info is not None and info.kind == "number":
            return band(code)
        return profile.category_label(measure, code, language)

    rows: dict[tuple[str, str | None, str | None, str | None], ProfileRow] = {}
    for group in profile.groups:
        counts = {period: (n, n) for (g, period), n in profile.interviews.items()
                  if g == group}
        rows[(group, None, None, None)] = ProfileRow(
            group, profile.group_label(group, language), None, None, _(INTERVIEWS), None,
            "", profile.unit, counts)
    for cell in profile.cells:
        key = (cell.group, cell.area, cell.measure, cell.category)
        row = rows.get(key)
        if row is None:
            row = rows[key] = ProfileRow(
                cell.group, profile.group_label(cell.group, language), cell.area,
                cell.measure, profile.measure_label(cell.measure, language),
                cell.category, category(cell.measure, cell.category),
                cell.unit)
        row.cells[cell.period] = (cell.count, cell.total)
    order = {g: n for n, g in enumerate(profile.groups)}
    # Stable sort: within a group the interviews first, then the cells' own order.
    return sorted(rows.values(), key=lambda r: (order.get(r.group, len(order)),
                                                r.measure is not None))


def period_headers(periods: Sequence[str], period_label: Callable[[str], str]
                   ) -> list[str]:
    """For each period: its count, the total the count is a share of, the share."""
    headers: list[str] = []
    for period in periods:
        label = period_label(period)
        headers += [_("{period}: count").format(period=label),
                    _("{period}: of").format(period=label),
                    _("{period}: share").format(period=label)]
    return headers


def period_columns(cells: dict[str, tuple[int, int]], periods: Sequence[str], *,
                   shares: bool = True) -> list[str | int | float | None]:
    """The count, total and share of each period (empty where none was counted)."""
    out: list[str | int | float | None] = []
    for period in periods:
        if period in cells:
            count, total = cells[period]
            out += [count, total, count / total if shares and total else None]
        else:
            out += [None, None, None]
    return out


@dataclass(frozen=True)
class ExportTable:
    """A table as written to CSV or XLSX: its name (a sheet, a file), headers, rows
    of raw values (shares as fractions, in the columns listed in ``shares``) and the
    source line written under it."""

    name: str
    headers: list[str]
    rows: list[list[str | int | float | None]]
    shares: frozenset[int]
    source: str


def profile_table(profile: Profile, rows: Sequence[ProfileRow],
                  period_label: Callable[[str], str]) -> ExportTable:
    """The groups × periods table: for each period its count, total and share."""
    with_area = any(r.area is not None for r in rows)
    headers = [_("Group")] + ([_("Area")] if with_area else []) + [
        _("Measure"), _("Category"), _("Unit")]
    shares = {len(headers) + 3 * n + 2 for n in range(len(profile.periods))}
    headers += period_headers(profile.periods, period_label)
    body: list[list[str | int | float | None]] = []
    for row in rows:
        line: list[str | int | float | None] = [row.group_label]
        if with_area:
            line.append(row.area or "")
        line += [row.measure_label, row.category_label, unit_name(row.unit)]
        line += period_columns(row.cells, profile.periods, shares=row.measure is not None)
        body.append(line)
    return ExportTable(_("Profile"), headers, body, frozenset(shares), profile.source)


def alerts_table(run: AlertRun, source: str, period_label: Callable[[str], str],
                 measure_label: Callable[[str], str]) -> ExportTable:
    """The alert list with each alert's figures and tests."""
    headers = [_("Alert"), _("Group"), _("Measure"), _("Category"), _("Period"),
               _("Previous period"), _("Share"), _("Previous share"), _("Interviews"),
               _("Previous interviews"), _("p-value"), _("q-value (FDR)")]
    body: list[list[str | int | float | None]] = [
        [a.text, a.group, measure_label(a.measure) if a.measure else "", a.category or "",
         period_label(a.period), period_label(a.previous_period), a.share,
         a.previous_share, a.n, a.previous_n, a.p_value, a.q_value]
        for a in run.alerts]
    line = _("{source}; {tests} tests, false discovery rate controlled "
             "(Benjamini–Hochberg)").format(source=source, tests=run.tests)
    return ExportTable(_("Alerts"), headers, body, frozenset({6, 7}), line)
