"""The profile's counts on SQLite, field by field from the answer index.

The general queries of counting.py start from each interview and look its answers
up through the (interview, path) index, then read every answer's value from the
table: on 100,000 households that is millions of scattered reads and one large
GROUP BY over text keys. Here instead (same figures; a test compares the two):

1. Each counted interview's cell (group, period, area) is worked out once, by the
   same SQL as before (``_base``), into a temporary table keyed by interview with a
   small integer for its cell.
2. Each measured field is then counted by one query that walks that field's range of
   the ``(path, interview_uuid, value)`` index (migration 0021: it holds everything
   read, in interview order) and finds each answer's cell by its interview, grouped
   by cell number and category.
3. Cell numbers become (group, period, area) again in Python, where the sums over
   all areas are added too.

SQLite only: PostgreSQL keeps the general queries (it has no such index).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from fieldkit.insight.bands import band_sql, edges_for
from fieldkit.insight.counting import CountPlan, _base, every_row_filter
from fieldkit.insight.fields import FieldInfo
from fieldkit.store.models import ANSWER_PATH_INDEX, Answer, Interview

__all__ = ["fast_counts"]

_CELLS = "fk_insight_cells"
#: The covering index of migration 0021, named so SQLite's planner (which has no
#: statistics to go by) does not pick the (interview, path) index, whose entries lack
#: the value and send every read to the table.
_INDEX = ANSWER_PATH_INDEX

Row = tuple[Any, ...]


def _sql(connection: Any, statement: Any) -> str:
    """``statement`` as SQLite text with its values written in (they are the form's
    paths and band edges, quoted by SQLAlchemy)."""
    return str(statement.compile(dialect=connection.dialect,
                                 compile_kwargs={"literal_binds": True}))


def fast_counts(connection: Any, plan: CountPlan, infos: Sequence[FieldInfo]
                ) -> tuple[list[Row], list[Row]]:
    """The rows of ``interviews_query`` (group, period, area, n, first day, last day)
    and of ``with_all_areas(measure_query)`` (group, period, area, measure, category,
    n) for the non-derived measures ``infos``, counted as this module's comment says."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"DROP TABLE IF EXISTS temp.{_CELLS}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_CELLS} (uuid TEXT PRIMARY KEY, "
                       "cell INTEGER NOT NULL, grp TEXT, period TEXT, area TEXT, day TEXT) "
                       "WITHOUT ROWID")
        base, _keys, day = _base(plan)
        interviews = base.add_columns(Interview.uuid.label("uuid"), day.label("day")).subquery()
        c = interviews.c
        cell = func.dense_rank().over(order_by=(c.grp, c.period, c.area))
        fill = select(c.uuid, cell, c.grp, c.period, c.area, c.day)
        fill_sql = _sql(connection, fill)
        for alias in ("grp", "dated", "area"):
            fill_sql = fill_sql.replace(f"answer AS {alias} ",
                                        f"answer AS {alias} INDEXED BY {_INDEX} ")
        cursor.execute(f"INSERT INTO {_CELLS} (uuid, cell, grp, period, area, day) "
                       + fill_sql)
        cursor.execute(f"SELECT cell, grp, period, area, count(*), min(day), max(day) "
                       f"FROM {_CELLS} GROUP BY cell")
        keys: dict[int, tuple[Any, Any, Any]] = {}
        interview_rows: list[Row] = []
        for number, grp, period, area, n, first, last in cursor.fetchall():
            keys[number] = (grp, period, area)
            interview_rows.append((grp, period, area, n, first, last))
        measured = aliased(Answer, name="m")
        rows: list[Row] = []
        everywhere: dict[tuple[Any, Any, str, Any], int] = {}
        with_area = plan.area is not None
        for info in infos:
            category = (band_sql(measured.value, edges_for(info.name))
                        if info.kind == "number" else measured.value)
            where = and_(every_row_filter(measured.path, info, "sqlite"),
                         measured.value != "", measured.value.is_not(None))
            # CROSS JOIN: SQLite keeps the answers outside (read along the index) and
            # finds each one's cell by its interview, never the other way round.
            cursor.execute(
                f"SELECT c.cell, {_sql(connection, category)} AS category, count(*) "
                f"FROM answer AS m INDEXED BY {_INDEX} "
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
