"""Counting in SQL over the answer table: households (or roster members) per group,
period, area and category, never by loading interviews into Python.

Every query starts from the form's interviews and reaches their answers through
the (interview, path) index: the grouping answer, the date answer when a date field
is named, the area answer, and the measured answer. Periods and areas are worked
out in SQL (a period from the ``YYYY-MM`` of the date, a postcode district from a
postcode), numbers are banded in SQL, and the household type is classified from
a per-household summary of its roster, so each query returns one row per
(group, period, area, category) and Python only adds them up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    and_,
    case,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import aliased

from fieldkit.attendance import SESSION_FORM_IDS
from fieldkit.insight.bands import band_sql, edges_for
from fieldkit.insight.fields import FieldInfo
from fieldkit.store.models import INTERVIEW_STATUSES, Answer, Interview

__all__ = [
    "COUNTED_STATUSES",
    "CountPlan",
    "RawCount",
    "composition_query",
    "fetch_all",
    "interviews_query",
    "iter_counts",
    "measure_query",
    "with_all_areas",
]

# SQLAlchemy's expression types are too fine-grained to be worth spelling out here.
SqlExpr = Any
SqlSelect = Any

#: Interviews a profile counts: finished ones (advice-session records: all, as they
#: stay drafts while follow-ups are open).
COUNTED_STATUSES = ("finalized", "sent", "receipted")
_INDEX = re.compile(r"\[[0-9]+\]")
_NUMBER = r"^\s*-?[0-9]+(\.[0-9]+)?\s*$"

# Relationship codes of the default household survey, by what they say about the
# household's type (see fieldkit.insight.fields.COMPOSITION_CATEGORIES).
PARTNER = ("partner",)
CHILDREN = ("child", "stepchild")
GENERATIONS = ("parent", "grandchild", "child_in_law")


@dataclass(frozen=True)
class CountPlan:
    """What every query of one profile shares."""

    dialect: str  # "sqlite" or "postgresql"
    project_id: str
    form_id: str
    form_pks: tuple[int, ...]
    period: str
    group: FieldInfo
    date: FieldInfo | None
    area: FieldInfo | None
    area_whole: bool = False  # see ProfileQuery.area_whole


@dataclass(frozen=True)
class RawCount:
    group: str
    period: str
    area: str | None
    category: str
    count: int


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _concrete(path: str, repeats: Sequence[str], index: str) -> str:
    """``path`` with ``index`` after each of its repeats (innermost first, so the
    outer positions stay right)."""
    for repeat in reversed(repeats):
        path = f"{path[:len(repeat)]}{index}{path[len(repeat):]}"
    return path


def first_row_filter(column: SqlExpr, info: FieldInfo
                     ) -> SqlExpr:
    """The answer of ``info`` itself, or for a field in a repeat of its first row."""
    paths = [_concrete(p, info.repeats.get(p, ()), "[1]") for p in info.paths]
    return column.in_(paths)


def every_row_filter(column: SqlExpr, info: FieldInfo, dialect: str
                     ) -> SqlExpr:
    """Answers of ``info`` in every row of its repeat (all of them for a plain field)."""
    parts: list[SqlExpr] = []
    plain = [p for p in info.paths if not info.repeats.get(p)]
    if plain:
        parts.append(column.in_(plain))
    for path in info.paths:
        repeats = info.repeats.get(path, ())
        if not repeats:
            continue
        pattern = _escape_like(path)
        for repeat in reversed(repeats):
            at = len(_escape_like(repeat))
            pattern = f"{pattern[:at]}[%]{pattern[at:]}"
        like = column.like(pattern, escape="\\")
        if dialect == "sqlite":
            # A range on the path lets SQLite read only the repeat's answers of each
            # interview from the (interview, path) index ('\\' sorts right after '[').
            # Not on PostgreSQL: its text order follows the collation, not the bytes.
            outer = repeats[0]
            like = and_(column >= f"{outer}[", column < f"{outer}\\", like)
        parts.append(like)
    return or_(*parts) if parts else false()


def _day_expr(plan: CountPlan, date_answer: SqlExpr | None
              ) -> SqlExpr:
    """The day each interview counts on, as ``YYYY-MM-DD`` text."""
    if date_answer is not None:
        return func.substr(date_answer, 1, 10)
    if plan.dialect == "postgresql":
        return func.to_char(func.timezone("UTC", Interview.created_at), "YYYY-MM-DD")
    return func.substr(Interview.created_at, 1, 10)  # SQLite keeps UTC as text


def _period_expr(day: SqlExpr, period: str) -> SqlExpr:
    year = func.substr(day, 1, 4)
    month = func.substr(day, 6, 2)
    if period == "month":
        return func.substr(day, 1, 7)
    if period == "year":
        return year
    if period == "quarter":
        return year.concat(case((month <= "03", "Q1"), (month <= "06", "Q2"),
                                (month <= "09", "Q3"), else_="Q4"))
    return year.concat(case((month <= "06", "H1"), else_="H2"))


def _area_expr(info: FieldInfo, value: SqlExpr, whole: bool = False) -> SqlExpr:
    """A select's code as it is; a text field (a postcode) as its district, the part
    before the last three characters (``LS6 1AA`` and ``ls61aa`` -> ``LS6``), or
    with ``whole`` all of it, upper case without spaces (``LS61AA``)."""
    if info.kind != "text":
        return value
    if whole:
        return func.upper(func.replace(func.trim(value), " ", ""))
    trimmed = func.trim(value)
    return case((func.length(trimmed) >= 5,
                 func.upper(func.trim(func.substr(trimmed, 1, func.length(trimmed) - 3)))),
                else_=func.upper(trimmed))


def _base(plan: CountPlan, *columns: SqlExpr
          ) -> tuple[SqlSelect, list[SqlExpr],
                     SqlExpr]:
    """SELECT group, period, area, *columns FROM the form's interviews and their
    grouping, date and area answers; also the group-by keys and the day expression."""
    group = aliased(Answer, name="grp")
    statuses = INTERVIEW_STATUSES if plan.form_id in SESSION_FORM_IDS else COUNTED_STATUSES
    date = aliased(Answer, name="dated") if plan.date is not None else None
    day = _day_expr(plan, date.value if date is not None else None)
    period = _period_expr(day, plan.period).label("period")
    area_col: SqlExpr
    area = aliased(Answer, name="area") if plan.area is not None else None
    if area is not None and plan.area is not None:
        area_col = _area_expr(plan.area, area.value, plan.area_whole).label("area")
    else:
        area_col = literal(None).label("area")
    query = (select(group.value.label("grp"), period, area_col, *columns)
             .select_from(Interview)
             .join(group, and_(group.interview_uuid == Interview.uuid,
                               first_row_filter(group.path, plan.group),
                               group.value != ""))
             .where(Interview.project_id == plan.project_id,
                    Interview.form_pk.in_(plan.form_pks),
                    Interview.status.in_(statuses)))
    if date is not None and plan.date is not None:
        query = query.join(date, and_(date.interview_uuid == Interview.uuid,
                                      first_row_filter(date.path, plan.date),
                                      date.value != ""))
    if area is not None and plan.area is not None:
        query = query.outerjoin(area, and_(area.interview_uuid == Interview.uuid,
                                           first_row_filter(area.path, plan.area),
                                           area.value != ""))
    keys: list[SqlExpr] = [group.value, period, area_col]
    return query, keys, day


def interviews_query(plan: CountPlan) -> SqlSelect:
    """SELECT group, period, area, interviews, first day, last day."""
    query, keys, day = _base(plan)
    query = query.add_columns(func.count().label("n"), func.min(day).label("first"),
                              func.max(day).label("last"))
    return query.group_by(*keys)


def measure_query(plan: CountPlan, infos: Sequence[FieldInfo]) -> SqlSelect:
    """SELECT group, period, area, measure, category, count for several measures at
    once (the interviews and their grouping answers are read once). For a select
    multiple the category is the whole answer (its codes are split in Python)."""
    measured = aliased(Answer, name="measured")
    conditions = [every_row_filter(measured.path, info, plan.dialect) for info in infos]
    guard = measured.value.regexp_match(_NUMBER) if plan.dialect == "postgresql" else None
    if len(infos) == 1:
        measure: SqlExpr = literal(infos[0].name)
    else:
        measure = case(*[(cond, info.name) for cond, info in zip(conditions, infos,
                                                                 strict=True)])
    numbers = [(cond, info) for cond, info in zip(conditions, infos, strict=True)
               if info.kind == "number"]
    category: SqlExpr = measured.value
    if numbers:
        category = case(*[(cond, band_sql(measured.value, edges_for(info.name), guard))
                          for cond, info in numbers], else_=measured.value)
    measure = measure.label("measure")
    category = category.label("category")
    query, keys, _day = _base(plan, measure, category, func.count().label("n"))
    query = query.join(measured, and_(measured.interview_uuid == Interview.uuid,
                                      or_(*conditions) if len(conditions) > 1
                                      else conditions[0],
                                      measured.value != "", measured.value.is_not(None)))
    return query.group_by(*keys, measure, category)


def composition_query(plan: CountPlan, info: FieldInfo) -> SqlSelect:
    """Households by type, from a per-household summary of the roster: how many
    people it lists (answers to age) and how many of them are a partner, a child,
    another generation or anyone else (the relationship to person 1)."""
    age_info = FieldInfo("age", "", "number", True, "people",
                         paths=tuple(p for p in info.paths if p.endswith("/age")),
                         repeats=info.repeats)
    rel_info = FieldInfo("relationship", "", "select", True, "people",
                         paths=tuple(p for p in info.paths if p.endswith("/relationship")),
                         repeats=info.repeats)
    row = aliased(Answer, name="roster")
    is_age = every_row_filter(row.path, age_info, plan.dialect)
    is_rel = every_row_filter(row.path, rel_info, plan.dialect)

    def tally(codes: Sequence[str]) -> SqlExpr:
        return func.sum(case((row.value.in_(codes), 1), else_=0))

    known = (*PARTNER, *CHILDREN, *GENERATIONS)
    base, keys, _day = _base(
        plan, Interview.uuid.label("uuid"),
        func.sum(case((is_age, 1), else_=0)).label("members"),
        tally(PARTNER).label("partners"), tally(CHILDREN).label("children"),
        tally(GENERATIONS).label("generations"),
        func.sum(case((and_(is_rel, row.value.not_in(known)), 1), else_=0)).label("others"))
    base = base.join(row, and_(row.interview_uuid == Interview.uuid, or_(is_age, is_rel),
                               row.value != "", row.value.is_not(None)))
    households = base.group_by(Interview.uuid, *keys).subquery()
    h = households.c
    category = case(
        (h.members < 1, ""),
        (and_(h.members == 1, h.partners + h.children + h.generations + h.others == 0),
         "single_adult"),
        (h.generations > 0, "multi_generation"),
        (h.others > 0, "sharing_adults"),
        (and_(h.partners > 0, h.children > 0), "family_with_children"),
        (h.partners > 0, "couple"),
        (h.children > 0, "lone_parent"),
        else_="sharing_adults").label("category")
    return (select(h.grp, h.period, h.area, literal(info.name).label("measure"), category,
                   func.count().label("n"))
            .group_by(h.grp, h.period, h.area, category))


def iter_counts(rows: Iterable[Sequence[object]]
                ) -> Iterator[tuple[str, RawCount]]:
    """(measure, count) of each row of a measure query."""
    for grp, period, area, measure, category, n in rows:
        if not grp or not category or not period or not measure:
            continue
        yield str(measure), RawCount(str(grp), str(period),
                                     None if area in (None, "") else str(area),
                                     str(category), int(str(n)))


def strip_indexes(path: str) -> str:
    return _INDEX.sub("", path)


def fetch_all(connection: Any, statement: SqlSelect) -> list[tuple[Any, ...]]:
    """All rows of ``statement`` as plain tuples, through the driver's own cursor:
    SQLAlchemy's Row objects would cost more than the counting itself."""
    compiled = statement.compile(dialect=connection.dialect,
                                 compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args: Any = (tuple(params[name] for name in compiled.positiontup or ())
                 if compiled.positional else params)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), args)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def with_all_areas(plan: CountPlan, statement: SqlSelect) -> SqlSelect:
    """``statement``'s rows per area, and the same added up over all areas (area
    NULL), summed by the database rather than row by row in Python."""
    if plan.area is None:
        return statement
    per_area = statement.cte("per_area")
    c = per_area.c
    everywhere = (select(c.grp, c.period, literal(None).label("area"), c.measure, c.category,
                         func.sum(c.n).label("n"))
                  .group_by(c.grp, c.period, c.measure, c.category))
    # Interviews without an area are in the sums only: as rows of their own (area
    # NULL) they would be counted a second time into the all-areas cells.
    return select(per_area).where(c.area.is_not(None)).union_all(everywhere)
