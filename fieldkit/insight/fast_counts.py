"""The profile's counts on SQLite, field by field.

The general queries of counting.py start from each interview and look its answers
up through the (interview, path) index, then read every answer's value from the
table: on 100,000 households that is millions of scattered reads and one large
GROUP BY over text keys. Here instead (same figures; a test compares the two):

1. Each counted interview's cell (group, period, area) is worked out once: the
   interviews, their grouping, date and area answers are read in four scans and
   joined in Python by interview, as ``_base``
   joins them in SQL, into a temporary table of (interview, small cell number).
2. Each measured field is then counted by one query over that field's answers that
   finds each answer's cell by its interview, grouped by cell number and category.
   (A covering ``(path, interview_uuid, value)`` index made this twice as fast, but
   halved bundle import throughput, so the store does not have it.)
3. Cell numbers become (group, period, area) again in Python, where the sums over
   all areas are added too.

SQLite only: PostgreSQL keeps the general queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from fieldkit.attendance import SESSION_FORM_IDS
from fieldkit.insight.bands import band_sql, edges_for
from fieldkit.insight.counting import (
    COUNTED_STATUSES,
    CountPlan,
    _area_expr,
    _day_expr,
    _period_expr,
    every_row_filter,
    first_row_filter,
)
from fieldkit.insight.fields import FieldInfo
from fieldkit.store.models import INTERVIEW_STATUSES, Answer, Interview

__all__ = ["fast_counts"]

_CELLS = "fk_insight_cells"

Row = tuple[Any, ...]


def _sql(connection: Any, statement: Any) -> str:
    """``statement`` as SQLite text with its values written in (they are the form's
    paths and band edges, quoted by SQLAlchemy)."""
    return str(statement.compile(dialect=connection.dialect,
                                 compile_kwargs={"literal_binds": True}))


def _by_interview(cursor: Any, sql: str) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of ``sql`` (interview first) by interview."""
    cursor.execute(sql)
    out: dict[str, list[tuple[Any, ...]]] = {}
    for uuid, *rest in cursor.fetchall():
        found = out.get(uuid)
        if found is None:
            out[uuid] = [tuple(rest)]
        else:
            found.append(tuple(rest))
    return out


def _cells(cursor: Any, connection: Any, plan: CountPlan
           ) -> tuple[dict[int, tuple[Any, Any, Any]], list[Row], list[tuple[str, int]]]:
    """Each counted interview's cell: its grouping answer, period (from its start or
    its date answer) and area, as ``_base`` joins them (an interview without the
    grouping or date answer is not counted; without an area answer its area is
    None), but read as four scans along indexes and joined here by interview,
    which costs a fraction of SQLite looking each interview's answers up.
    Returns the cells' keys by number, the interview rows and (interview, cell)."""
    statuses = INTERVIEW_STATUSES if plan.form_id in SESSION_FORM_IDS else COUNTED_STATUSES
    started = _day_expr(plan, None)
    cursor.execute(_sql(connection, select(Interview.uuid, started,
                                           _period_expr(started, plan.period)).where(
        Interview.project_id == plan.project_id, Interview.form_pk.in_(plan.form_pks),
        Interview.status.in_(statuses))))
    interviews = cursor.fetchall()
    answer = aliased(Answer, name="a")

    def scan(info: FieldInfo, *columns: Any) -> dict[str, list[tuple[Any, ...]]]:
        return _by_interview(cursor, _sql(connection, select(answer.interview_uuid, *columns)
                                          .where(first_row_filter(answer.path, info),
                                                 answer.value != "")))

    groups = scan(plan.group, answer.value)
    dates: dict[str, list[tuple[Any, ...]]] | None = None
    if plan.date is not None:
        day = func.substr(answer.value, 1, 10)
        dates = scan(plan.date, day, _period_expr(day, plan.period))
    areas = scan(plan.area, _area_expr(plan.area, answer.value, plan.area_whole)) \
        if plan.area is not None else {}
    no_area: list[tuple[Any, ...]] = [(None,)]
    numbers: dict[tuple[Any, Any, Any], int] = {}
    stats: dict[int, list[Any]] = {}  # cell -> [interviews, first day, last day]
    pairs: list[tuple[str, int]] = []
    for uuid, started_on, started_in in interviews:
        grouped = groups.get(uuid)
        if grouped is None:
            continue
        when = [(started_on, started_in)] if dates is None else dates.get(uuid)
        if when is None:
            continue
        for (grp,) in grouped:
            for day_text, period in when:
                for (area,) in areas.get(uuid, no_area):
                    key = (grp, period, area)
                    number = numbers.get(key)
                    if number is None:
                        number = numbers[key] = len(numbers) + 1
                        stats[number] = [0, day_text, day_text]
                    entry = stats[number]
                    entry[0] += 1
                    if day_text is not None:
                        if entry[1] is None or day_text < entry[1]:
                            entry[1] = day_text
                        if entry[2] is None or day_text > entry[2]:
                            entry[2] = day_text
                    pairs.append((uuid, number))
    keys = {number: key for key, number in numbers.items()}
    rows = [(*keys[number], n, first, last) for number, (n, first, last) in stats.items()]
    return keys, rows, pairs


def fast_counts(connection: Any, plan: CountPlan, infos: Sequence[FieldInfo]
                ) -> tuple[list[Row], list[Row]]:
    """The rows of ``interviews_query`` (group, period, area, n, first day, last day)
    and of ``with_all_areas(measure_query)`` (group, period, area, measure, category,
    n) for the non-derived measures ``infos``, counted as this module's comment says."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"DROP TABLE IF EXISTS temp.{_CELLS}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_CELLS} (uuid TEXT, cell INTEGER, "
                       "PRIMARY KEY (uuid, cell)) WITHOUT ROWID")
        keys, interview_rows, pairs = _cells(cursor, connection, plan)
        cursor.executemany(f"INSERT OR IGNORE INTO {_CELLS} (uuid, cell) VALUES (?, ?)",
                           pairs)
        measured = aliased(Answer, name="m")
        rows: list[Row] = []
        everywhere: dict[tuple[Any, Any, str, Any], int] = {}
        with_area = plan.area is not None
        for info in infos:
            category = (band_sql(measured.value, edges_for(info.name))
                        if info.kind == "number" else measured.value)
            where = and_(every_row_filter(measured.path, info, "sqlite"),
                         measured.value != "", measured.value.is_not(None))
            # CROSS JOIN: SQLite keeps the answers outside and finds each one's cell
            # by its interview, never the other way round.
            cursor.execute(
                f"SELECT c.cell, {_sql(connection, category)} AS category, count(*) "
                f"FROM answer AS m "
                f"CROSS JOIN {_CELLS} AS c ON c.uuid = m.interview_uuid "
                f"WHERE {_sql(connection, where)} GROUP BY c.cell, category")
            name = info.name
            for number, category_value, n in cursor.fetchall():
                grp, period, area = keys[number]
                if not with_area:
                    rows.append((grp, period, None, name, category_value, n))
                    continue
                if area is not None:  # without an area: in the sums only
                    rows.append((grp, period, area, name, category_value, n))
                key = (grp, period, name, category_value)
                everywhere[key] = everywhere.get(key, 0) + n
        rows.extend((grp, period, None, name, category_value, n)
                    for (grp, period, name, category_value), n in everywhere.items())
        return interview_rows, rows
    finally:
        try:
            cursor.execute(f"DROP TABLE IF EXISTS temp.{_CELLS}")
        finally:
            cursor.close()
