"""Answer rows of one interview: reading them, and writing changes with logical clocks.

Every written field takes the next value of the local device's counter as its clock;
the counter is advanced with one ``UPDATE ... RETURNING`` in the same transaction,
so clocks are unique and strictly increasing per device even with several writers.

A node that no longer exists (a removed repeat instance) is written as a
*tombstone*: the row stays, with ``value`` NULL and a new clock, so a merge can tell
"deleted after your edit" from "never seen". A cleared answer is the empty string,
an ordinary value.

Besides form paths, an interview has fieldkit's own per-interview rows (see
:data:`CURRENT_PAGE_PATH`); fieldkit.answer_paths tells the kinds apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, bindparam, select, update
from sqlalchemy.orm import Session

from fieldkit.answer_paths import is_form_path, own_path
from fieldkit.interviews.errors import InterviewNotFound, InterviewReadOnly
from fieldkit.store.models import Answer, Device, Interview
from fieldkit.store.upsert import conflict_insert

__all__ = [
    "CURRENT_PAGE_PATH",
    "StoredAnswers",
    "is_form_path",
    "read_answers",
    "touch_draft",
    "write_answers",
]

#: Where the interview was left: the path of the page shown last. Kept as an
#: answer row (not a column) so it needs no migration and travels with the
#: interview's other fields; it is never part of the form data.
CURRENT_PAGE_PATH = own_path("current")


@dataclass(frozen=True)
class StoredAnswers:
    """An interview's rows: ``live`` {path: value} (value may be ""), ``dead`` the
    tombstoned paths, ``clocks`` {path: clock} of both."""

    live: Mapping[str, str]
    dead: frozenset[str]
    clocks: Mapping[str, int]

    def form_values(self) -> dict[str, str]:
        return {p: v for p, v in self.live.items() if is_form_path(p)}


def read_answers(session: Session, uuid: str) -> StoredAnswers:
    live: dict[str, str] = {}
    dead: set[str] = set()
    clocks: dict[str, int] = {}
    rows = session.execute(
        select(Answer.path, Answer.value, Answer.clock).where(Answer.interview_uuid == uuid))
    for path, value, clock in rows:
        clocks[path] = clock
        if value is None:
            dead.add(path)
        else:
            live[path] = value
    return StoredAnswers(live, frozenset(dead), clocks)


# Statements built once: building (not running) them is most of a write's cost.
_TOUCH = (update(Interview)
          .where(Interview.uuid == bindparam("b_uuid"), Interview.status == "draft")
          .values(updated_at=bindparam("b_now")))
_ADVANCE = (update(Device).where(Device.id == bindparam("b_device"))
            .values(counter=Device.counter + bindparam("b_count", type_=BigInteger))
            .returning(Device.counter))


def touch_draft(session: Session, uuid: str, now: datetime) -> None:
    """Set ``updated_at`` of a draft interview, as the transaction's first write (so
    SQLite takes its write lock before anything is read); a missing or non-draft
    interview raises, rolling the transaction back."""
    done = session.connection().execute(_TOUCH, {"b_uuid": uuid, "b_now": now})
    if done.rowcount == 1:
        return
    status = session.scalar(select(Interview.status).where(Interview.uuid == uuid))
    if status is None:
        raise InterviewNotFound(uuid)
    raise InterviewReadOnly(uuid, status)


def _next_clocks(session: Session, device_id: str, count: int) -> range:
    """Reserve ``count`` clock values of ``device_id``."""
    top: int = session.connection().execute(
        _ADVANCE, {"b_device": device_id, "b_count": count}).scalar_one()
    return range(top - count + 1, top + 1)


def _build_upsert(dialect: str) -> Any:
    insert = conflict_insert(dialect, Answer)
    return insert.on_conflict_do_update(
        index_elements=[Answer.interview_uuid, Answer.path],
        set_={"value": insert.excluded.value, "clock": insert.excluded.clock,
              "device_id": insert.excluded.device_id, "updated_at": insert.excluded.updated_at})


#: The upsert statement per dialect, built once (building it costs more than running it).
_UPSERTS: dict[str, Any] = {}


def _upsert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    stmt = _UPSERTS.get(dialect)
    if stmt is None:
        stmt = _UPSERTS[dialect] = _build_upsert(dialect)
    return stmt


def write_answers(session: Session, uuid: str, device_id: str,
                  changes: Mapping[str, str | None], now: datetime) -> dict[str, int]:
    """Upsert ``changes`` ({path: value, None for a tombstone}); returns their clocks."""
    if not changes:
        return {}
    clocks = _next_clocks(session, device_id, len(changes))
    written = dict(zip(changes, clocks, strict=True))
    session.connection().execute(_upsert(session), [
        {"interview_uuid": uuid, "path": path, "value": value, "clock": written[path],
         "device_id": device_id, "updated_at": now}
        for path, value in changes.items()])
    return written
