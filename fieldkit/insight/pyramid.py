"""Age and sex counted together (for an age pyramid): roster members of each group
and period by age band and sex, counted in SQL as the profile counts one measure.

A profile counts each measure on its own (ages, or sexes); a pyramid needs both of
the same person, so here the age answer of each roster row is joined to the sex
answer of the same row (the same repeat position). Both fields must sit in the
same repeat, as in the default household survey's roster.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func
from sqlalchemy.orm import aliased

from fieldkit.errors import InvalidInput
from fieldkit.i18n import _
from fieldkit.insight.bands import AGE_EDGES, band_codes, band_sql
from fieldkit.insight.counting import CountPlan, _base, every_row_filter
from fieldkit.insight.fields import FieldInfo, fields_of, form_versions, resolve_field
from fieldkit.insight.profile import DATE_KINDS, GROUP_KINDS, ProfileQuery, _valid_period
from fieldkit.store import Store
from fieldkit.store.models import Answer, Interview

__all__ = ["AgeSex", "age_sex_counts", "age_sex_fields"]

_NUMBER = r"^\s*-?[0-9]+(\.[0-9]+)?\s*$"


@dataclass(frozen=True)
class AgeSex:
    """People by group, period, sex and age band. ``bands``: youngest first (only
    bands somebody is in, between the youngest and the oldest); ``sexes``: the
    form's order."""

    sex_field: FieldInfo
    bands: list[str]
    sexes: list[str]
    counts: dict[tuple[str, str, str, str], int] = field(default_factory=dict)

    def count(self, group: str, period: str, sex: str, band: str) -> int:
        return self.counts.get((group, period, sex, band), 0)

    def sex_label(self, code: str, lang: str | None = None) -> str:
        return self.sex_field.choice_label(code, lang)


def age_sex_fields(fields: list[FieldInfo]) -> tuple[FieldInfo, FieldInfo] | None:
    """The roster's age (a number) and sex (a single choice) in the same repeat, or
    None when the form has no such pair."""
    ages = [f for f in fields if f.name == "age" and f.kind == "number" and f.in_repeat]
    sexes = [f for f in fields if f.name in ("sex", "gender") and f.kind == "select"
             and f.in_repeat and not f.multiple]
    for age in ages:
        for sex in sexes:
            if _repeat(age) is not None and _repeat(age) == _repeat(sex):
                return age, sex
    return None


def _repeat(info: FieldInfo) -> str | None:
    """The innermost repeat of the field's newest path."""
    if not info.paths:
        return None
    repeats = info.repeats.get(info.paths[0], ())
    return repeats[-1] if repeats else None


def age_sex_counts(store: Store, query: ProfileQuery) -> AgeSex:
    """People of ``query``'s form by group, period, sex and age band (the query's
    measures and area are not used)."""
    versions = form_versions(store, query.form_id)
    fields = fields_of(versions)
    pair = age_sex_fields(fields)
    if pair is None:
        raise InvalidInput(_("{form}: the form has no roster with both age and sex, so "
                             "there is no age pyramid to draw.").format(form=query.form_id))
    age, sex = pair
    group = resolve_field(fields, query.by, "--by", GROUP_KINDS)
    date_info = (resolve_field(fields, query.date_field, "--date", DATE_KINDS)
                 if query.date_field else None)
    dialect = store.engine.dialect.name
    plan = CountPlan(dialect, versions.project_id, versions.form_id, tuple(versions.pks),
                     query.period, group, date_info, None)
    repeat = _repeat(age) or ""
    age_tail = age.paths[0][len(repeat):]  # "/age"
    sex_tail = sex.paths[0][len(repeat):]  # "/sex"
    aged = aliased(Answer, name="aged")
    sexed = aliased(Answer, name="sexed")
    guard = aged.value.regexp_match(_NUMBER) if dialect == "postgresql" else None
    band = band_sql(aged.value, AGE_EDGES, guard).label("band")
    select_, keys, _day = _base(plan, band, sexed.value.label("sex"),
                                func.count().label("n"))
    # The same row's sex: the age answer's path with its tail swapped.
    same_row = func.substr(aged.path, 1, func.length(aged.path) - len(age_tail)).concat(
        sex_tail)
    select_ = (select_
               .join(aged, and_(aged.interview_uuid == Interview.uuid,
                                every_row_filter(aged.path, age, dialect),
                                aged.value != ""))
               .join(sexed, and_(sexed.interview_uuid == Interview.uuid,
                                 sexed.path == same_row, sexed.value != ""))
               .group_by(*keys, band, sexed.value))
    counts: dict[tuple[str, str, str, str], int] = defaultdict(int)
    valid: dict[str, bool] = {}
    with store.session() as session:
        for grp, period, _area, band_code, sex_code, n in session.execute(select_):
            if not grp or not period or not _valid_period(str(period), query.period, valid):
                continue
            counts[(str(grp), str(period), str(sex_code), str(band_code))] += int(n)
    seen_bands = {key[3] for key in counts}
    codes = band_codes(AGE_EDGES)
    present = [i for i, code in enumerate(codes) if code in seen_bands]
    bands = codes[present[0]:present[-1] + 1] if present else []
    seen_sexes = {key[2] for key in counts}
    sexes = [c.value for c in sex.choices if c.value in seen_sexes]
    sexes += sorted(seen_sexes - set(sexes))
    return AgeSex(sex, bands, sexes, dict(counts))
