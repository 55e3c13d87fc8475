"""The trend report's settings, saved per project (the Reports tab edits them, the
command line's options update them, and later reports reuse them), and the reports
made, each with the figures it published.

``form``, ``by``, ``measures``, ``period``, ``date_field`` and ``area_field`` mean what
they mean for ``fieldkit insight alerts``. ``min_count`` is the smallest count the
report publishes (the disclosure rule, F9). The census comparison needs a census
table, the areas, and where an interview's area is (an area field or a postcode
field); without them the report says it has none.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from typing import Any

from fieldkit.disclosure import DEFAULT_MIN_COUNT, LOWEST_MIN_COUNT
from fieldkit.errors import InvalidInput
from fieldkit.i18n import _
from fieldkit.store import Store

__all__ = ["TRENDS", "PreviousRun", "TrendSettings", "last_run", "load_settings",
           "record_run", "save_settings"]

TRENDS = "trends"
PERIODS = ("month", "quarter", "half", "year")


@dataclass(frozen=True)
class TrendSettings:
    form: str = ""
    by: str = ""
    measures: tuple[str, ...] = ()
    period: str = "half"
    date_field: str = ""
    area_field: str = ""
    min_count: int = DEFAULT_MIN_COUNT
    census_table: str = ""
    census_areas: tuple[str, ...] = ()
    census_area_field: str = ""
    census_postcode_field: str = ""

    def check(self) -> None:
        """Raise :class:`InvalidInput` naming the setting that cannot be used."""
        if not self.form:
            raise InvalidInput(_("Report settings: no form chosen; give --form ID (the "
                                 "form's form_id)."))
        if not self.by:
            raise InvalidInput(_("Report settings: no grouping chosen; give --by FIELD "
                                 "(e.g. ethnicity)."))
        if self.period not in PERIODS:
            raise InvalidInput(_("Report settings: period {period!r} is not one of {choices}.")
                               .format(period=self.period, choices=", ".join(PERIODS)))
        if self.min_count < LOWEST_MIN_COUNT:
            raise InvalidInput(_("Report settings: the smallest publishable count must be "
                                 "at least {n}.").format(n=LOWEST_MIN_COUNT))

    @property
    def has_census(self) -> bool:
        return bool(self.census_table and self.census_areas
                    and (self.census_area_field or self.census_postcode_field))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["measures"] = list(self.measures)
        data["census_areas"] = list(self.census_areas)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TrendSettings:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("measures", "census_areas"):
            if name in values:
                values[name] = tuple(str(v) for v in values[name])
        return replace(cls(), **values)


def load_settings(store: Store, project_id: str) -> TrendSettings:
    from fieldkit.store.models import ReportSetting

    with store.session() as session:
        row = session.get(ReportSetting, (project_id, TRENDS))
        if row is None:
            return TrendSettings()
        return TrendSettings.from_json(json.loads(row.settings))


def save_settings(store: Store, project_id: str, settings: TrendSettings, *,
                  actor: str = "") -> None:
    from fieldkit.store.models import ReportSetting, utcnow

    text = json.dumps(settings.to_json(), ensure_ascii=False, sort_keys=True)
    with store.session() as session:
        row = session.get(ReportSetting, (project_id, TRENDS))
        if row is None:
            session.add(ReportSetting(project_id=project_id, kind=TRENDS, settings=text,
                                      actor=actor))
        elif row.settings != text:
            row.settings, row.actor, row.at = text, actor, utcnow()


@dataclass(frozen=True)
class PreviousRun:
    date_from: date
    date_to: date
    made: date
    figures: dict[str, float | int | None] = field(default_factory=dict)


def last_run(store: Store, project_id: str, *, before: date) -> PreviousRun | None:
    """The latest report of an earlier period (ending before ``before``): the one
    whose figures the new report compares with. A report remade for the same
    period does not count as "previous"."""
    from sqlalchemy import select

    from fieldkit.store.models import ReportRun

    with store.session() as session:
        row = session.scalars(
            select(ReportRun)
            .where(ReportRun.project_id == project_id, ReportRun.kind == TRENDS,
                   ReportRun.date_to < before)
            .order_by(ReportRun.date_to.desc(), ReportRun.id.desc())).first()
        if row is None:
            return None
        return PreviousRun(row.date_from, row.date_to, row.at.date(),
                           json.loads(row.figures))


def record_run(store: Store, project_id: str, *, date_from: date, date_to: date,
               language: str, figures: dict[str, float | int | None], file_name: str,
               actor: str = "") -> None:
    from fieldkit.store.models import ReportRun

    with store.session() as session:
        session.add(ReportRun(project_id=project_id, kind=TRENDS, date_from=date_from,
                              date_to=date_to, language=language,
                              figures=json.dumps(figures, sort_keys=True),
                              file_name=file_name, actor=actor))
