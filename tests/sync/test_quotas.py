"""Quotas edited from the app: targets, removal, fieldwork end and the outlook rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from fieldkit.errors import UsageError
from fieldkit.store.models import Interview
from fieldkit.sync.project import add_quota
from fieldkit.sync.quotas import (
    PACE_DAYS,
    fieldwork_end,
    quota_outlooks,
    remove_quota,
    set_fieldwork_end,
    update_quota,
)
from fieldkit.sync.review import quota_progress
from tests.sync.helpers import FORM_ID, Coordinator

TODAY = date(2026, 12, 7)


def _finalized(coordinator: Coordinator, values: list[str], day: date) -> None:
    """Interviews of the form, finalized on ``day``, answering /data/tenure."""
    from fieldkit.interviews.answer_rows import write_answers
    from fieldkit.projects import ensure_local_device
    from fieldkit.store.models import Form

    device = ensure_local_device(coordinator.store)
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    with coordinator.store.session() as session:
        form_pk = session.query(Form.id).filter(Form.form_id == FORM_ID).scalar()
        for value in values:
            row = Interview(project_id=coordinator.project_id, form_pk=form_pk,
                            status="finalized", device_id=device.id,
                            created_at=moment, updated_at=moment, finalized_at=moment)
            session.add(row)
            session.flush()
            write_answers(session, row.uuid, device.id, {"/data/tenure": value}, moment)


def test_target_change_and_removal(coordinator: Coordinator) -> None:
    store = coordinator.store
    first = add_quota(store, form_id=FORM_ID, path="/data/tenure", value="own", target=5)
    add_quota(store, form_id=FORM_ID, path="/data/tenure", value="rent", target=3)
    update_quota(store, first, target=9, actor="coord")
    assert [(q.value, q.target) for q in quota_progress(store)] == [("own", 9), ("rent", 3)]
    with pytest.raises(UsageError):
        update_quota(store, first, target=0)
    remove_quota(store, first, "coord")
    assert [q.value for q in quota_progress(store)] == ["rent"]
    with pytest.raises(UsageError, match="does not exist"):
        remove_quota(store, first)


def test_fieldwork_end_is_kept_and_cleared(coordinator: Coordinator) -> None:
    assert fieldwork_end(coordinator.store) is None
    set_fieldwork_end(coordinator.store, date(2027, 2, 28), "coord")
    assert fieldwork_end(coordinator.store) == date(2027, 2, 28)
    set_fieldwork_end(coordinator.store, None, "coord")
    assert fieldwork_end(coordinator.store) is None


def test_outlook_compares_what_is_needed_with_the_pace(coordinator: Coordinator) -> None:
    store = coordinator.store
    add_quota(store, form_id=FORM_ID, path="/data/tenure", value="own", target=30)
    add_quota(store, form_id=FORM_ID, path="/data/tenure", value="rent", target=4)
    # 28 interviews in the last four weeks: a pace of exactly 1 a day.
    for n in range(PACE_DAYS):
        _finalized(coordinator, ["own" if n % 2 else "rent"], TODAY - timedelta(days=n))
    # Older work counts as done but not in the pace.
    _finalized(coordinator, ["own"] * 6, TODAY - timedelta(days=60))

    no_end = quota_outlooks(store, TODAY)
    assert [(o.progress.done, o.days_left, o.at_risk) for o in no_end] == [
        (20, None, False), (14, None, False)]
    assert no_end[0].pace == pytest.approx(1.0)

    set_fieldwork_end(store, TODAY + timedelta(days=4))  # 5 days, today included
    own, rent = quota_outlooks(store, TODAY)
    # own: 10 left in 5 days = 2 a day, more than the 1 a day the team manages.
    assert (own.remaining, own.days_left, own.needed_per_day, own.at_risk) == (10, 5, 2.0, True)
    # rent is met already.
    assert (rent.remaining, rent.needed_per_day, rent.at_risk) == (0, None, False)

    set_fieldwork_end(store, TODAY + timedelta(days=19))  # 20 days: 0.5 a day is enough
    assert not quota_outlooks(store, TODAY)[0].at_risk
    set_fieldwork_end(store, TODAY - timedelta(days=1))  # ended short
    ended = quota_outlooks(store, TODAY)[0]
    assert (ended.days_left, ended.at_risk) == (0, True)


def test_no_pace_yet_is_no_warning(coordinator: Coordinator) -> None:
    store = coordinator.store
    add_quota(store, form_id=FORM_ID, path="/data/tenure", value="own", target=30)
    set_fieldwork_end(store, TODAY + timedelta(days=2))
    outlook = quota_outlooks(store, TODAY)[0]
    assert (outlook.pace, outlook.at_risk, outlook.needed_per_day) == (0.0, False, 10.0)
