"""Advice sessions that left the pack are removed from the laptop (data minimisation).

A pack carries the sessions of the last months (see pack_sessions): a session an
earlier pack brought that a newer pack no longer carries has left that window, and
the laptop should not keep its attendees' names longer than the coordinator sends
them. A session goes together with its attendances (their ``ATTENDS_PATH`` row names
it), purged as receipts purge (answers and versions deleted, the row kept with an
empty label, each audited). It stays, whole, while:

- it was begun on this laptop (its own record, not the pack's);
- the pack still carries it or any of its attendances;
- any of its records holds a version not yet received by the coordinator (an edit or
  a check-in made here must reach the coordinator first; the next pack after the
  receipt removes it).

Attendances begun on this laptop in a session that goes are its own records: they
stay. Only a pack that carries a ``sessions`` entry readable here can say what left
it; the caller does nothing without one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set as AbstractSet

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from fieldkit.form_roles import ATTENDS_PATH, form_ids, role_of
from fieldkit.store.models import Answer, Form, Interview, SyncVersion
from fieldkit.sync.purge import purge_interview

__all__ = ["REASON", "remove_left_sessions"]

#: The purge's reason in the audit event.
REASON = "left the pack's window"


def remove_left_sessions(session: Session, project_id: str, carried: AbstractSet[str], *,
                         device_id: str, months: int, pack_version: int) -> int:
    """Purge the sessions (and attendances) an earlier pack brought that the pack of
    ``pack_version`` does not carry (``carried``: its interview uuids). Call it after
    the join captured this laptop's edits as versions (install_sessions does), so
    unsent edits count. Returns how many sessions and attendances were purged."""
    forms: dict[int, str] = {pk: form_id for pk, form_id in session.execute(
        select(Form.id, Form.form_id).where(Form.project_id == project_id,
                                            Form.form_id.in_(sorted(form_ids(
                                                lambda r: r.travels_in_pack)))))}
    if not forms:
        return 0
    origin: dict[str, str] = {}
    sessions: list[str] = []  # those with answers: emptied ones (rows kept) need nothing
    filled = exists(select(Answer.id).where(Answer.interview_uuid == Interview.uuid))
    for uuid, form_pk, device, has_answers in session.execute(
            select(Interview.uuid, Interview.form_pk, Interview.device_id, filled).where(
                Interview.project_id == project_id, Interview.form_pk.in_(list(forms)))):
        origin[uuid] = device
        if role_of(forms[form_pk]).gathering and has_answers:
            sessions.append(uuid)
    attendances: dict[str, list[str]] = defaultdict(list)
    for uuid, value in session.execute(
            select(Answer.interview_uuid, Answer.value).join(
                Interview, Interview.uuid == Answer.interview_uuid)
            .where(Interview.project_id == project_id, Interview.form_pk.in_(list(forms)),
                   Answer.path == ATTENDS_PATH)):
        if value:
            attendances[value].append(uuid)
    unsent = set(session.scalars(select(SyncVersion.interview_uuid).distinct().where(
        SyncVersion.received.is_(False))))
    detail = {"reason": REASON, "months": months, "pack_version": pack_version}
    purged = 0
    for uuid in sorted(sessions):
        if origin[uuid] == device_id:
            continue
        group = [uuid, *sorted(attendances.get(uuid, ()))]
        if any(member in carried or member in unsent for member in group):
            continue
        purged += sum(1 for member in group if origin.get(member, device_id) != device_id
                      and purge_interview(session, member, device_id=device_id,
                                          detail=detail))
    return purged
