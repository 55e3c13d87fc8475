"""The SQLite fast path (fast_counts.py: per field from the answer index) gives the
same rows as the general queries of counting.py, on data with what a real project
has: interviews without an area or a group, junk in number fields, several answers,
roster rows, a date field, periods of every kind."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from fieldkit.demo.seeding import seed_demo
from fieldkit.insight import ProfileQuery, build_profile
from fieldkit.insight.counting import CountPlan
from fieldkit.insight.fields import fields_of, form_versions, resolve_field
from fieldkit.insight.profile import MEASURE_KINDS, count_rows
from fieldkit.store import Store, open_store
from fieldkit.store.models import Answer

MEASURES = ("household_type", "tenure", "repairs", "bedrooms", "age", "sex")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("fast")
    store = open_store(f"sqlite:///{folder}/s.sqlite3")
    seed_demo(store, interviews=150, seed=5)
    with store.session() as session:
        uuids = list(session.scalars(select(Answer.interview_uuid).distinct()
                                     .order_by(Answer.interview_uuid)))
        # No postcode for some, no ethnicity for others, junk and blanks in numbers.
        session.execute(delete(Answer).where(Answer.interview_uuid.in_(uuids[:12]),
                                             Answer.path.like("%/postcode")))
        session.execute(delete(Answer).where(Answer.interview_uuid.in_(uuids[12:20]),
                                             Answer.path.like("%member[1]/ethnicity")))
        session.execute(update(Answer).where(Answer.interview_uuid.in_(uuids[20:26]),
                                             Answer.path.like("%/bedrooms"))
                        .values(value="3 rooms"))
        session.execute(update(Answer).where(Answer.interview_uuid.in_(uuids[26:30]),
                                             Answer.path.like("%member[2]/age"))
                        .values(value=""))
        session.commit()
    yield store
    store.close()


def _rows(store: Store, query: ProfileQuery, *, general: bool
          ) -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    versions = form_versions(store, query.form_id)
    fields = fields_of(versions)
    group = resolve_field(fields, query.by, "--by", ("select",))
    area = resolve_field(fields, query.area_field, "--area", ("select", "text")) \
        if query.area_field else None
    date = resolve_field(fields, query.date_field, "--date", ("date",)) \
        if query.date_field else None
    measures = [resolve_field(fields, m, "--measure", MEASURE_KINDS) for m in query.measures]
    plan = CountPlan("sqlite", versions.project_id, versions.form_id, tuple(versions.pks),
                     query.period, group, date, area, area_whole=query.area_whole)
    with store.session() as session:
        interviews, rows = count_rows(session.connection(), plan, measures, general=general)
    # Rows may come split differently (the general query's all-area sums are the
    # database's): compare the sums per key.
    counted: Counter[tuple[Any, ...]] = Counter()
    for *key, n in rows:
        counted[tuple(key)] += int(n)
    met: Counter[tuple[Any, ...]] = Counter()
    for grp, period, place, n, first, last in interviews:
        met[(grp, period, place, first, last)] += int(n)
    return counted, met


QUERIES = [
    ProfileQuery("household_survey", "ethnicity", MEASURES, period="quarter",
                 area_field="postcode"),
    ProfileQuery("household_survey", "ethnicity", MEASURES, period="month",
                 date_field="start", area_field="postcode", area_whole=True),
    ProfileQuery("household_survey", "tenure", ("age", "repairs"), period="year"),
    ProfileQuery("household_survey", "ethnicity", ("bedrooms",), period="half"),
]


@pytest.mark.parametrize("query", QUERIES, ids=["quarter-area", "month-date-whole",
                                                "year-by-tenure", "half-no-area"])
def test_the_fast_path_counts_what_the_general_queries_count(store: Store,
                                                              query: ProfileQuery) -> None:
    fast = _rows(store, query, general=False)
    general = _rows(store, query, general=True)
    assert fast[0] and fast[1]
    assert fast == general


def test_a_profile_is_the_same_either_way(store: Store, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    import fieldkit.insight.profile as profile_module

    query = QUERIES[0]
    fast = build_profile(store, query)
    original = profile_module.count_rows
    monkeypatch.setattr(profile_module, "count_rows",
                        lambda c, p, m: original(c, p, m, general=True))
    general = build_profile(store, query)
    assert fast.cells == general.cells
    assert fast.interviews == general.interviews
    assert fast.area_interviews == general.area_interviews
    assert fast.source == general.source
    # and the temporary table is gone from the connection the pool hands out next
    with store.session() as session:
        assert not session.connection().exec_driver_sql(
            "SELECT name FROM sqlite_temp_master WHERE name = 'fk_insight_cells'").all()


def test_interviews_without_an_area_count_once_in_all_areas(store: Store) -> None:
    """The 12 interviews without a postcode are in the all-area totals once (both
    ways of counting used to add them a second time)."""
    profile = build_profile(store, QUERIES[0])
    for (group, period), n in profile.interviews.items():
        tenure = [c for c in profile.cells if (c.group, c.period, c.area, c.measure)
                  == (group, period, None, "tenure")]
        assert tenure and tenure[0].total == n
        assert sum(c.count for c in tenure) == n
