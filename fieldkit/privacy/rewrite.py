"""Replacing stored values at the coordinator wherever they are held: the answer rows
and the field versions behind them.

An interview that came in bundles is changed the way the coordinator settles a
conflict: a version written by the coordinator superseding every version of the
field, so it is the field's value everywhere (on laptops too, when the pack carries
the record) and a late edit from a laptop shows up as a conflict instead of quietly
bringing the old value back. The superseded versions are then deleted, from rows and
from packs, so the old value is not kept in the history either. An interview entered
on the coordinator itself (no versions) has its answer rows changed in place.

``None`` is a tombstone: the field is erased.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from fieldkit.store.models import Answer, Device, Interview, SyncVersion, SyncVersionPack, utcnow
from fieldkit.sync.bundle_out import iso
from fieldkit.sync.formats import HEADER_PATH, canonical
from fieldkit.sync.merge_store import (
    insert_versions,
    interviews_with_versions,
    load_versions,
    lock_interviews,
    materialize,
)
from fieldkit.sync.versions import Version, decode_versions, encode_versions, heads

__all__ = ["rewrite_values"]


def rewrite_values(session: Session, project_id: str, device_id: str,
                   changes: Mapping[tuple[str, str], str | None],
                   labels: Mapping[str, str] | None = None) -> int:
    """Set each ``(interview uuid, path)`` of ``changes`` to its value (None: erase
    it) and each interview of ``labels`` to that label; returns how many fields
    changed. Runs in the caller's transaction."""
    labels = labels or {}
    uuids = sorted({uuid for uuid, _path in changes} | set(labels))
    if not uuids:
        return 0
    lock_interviews(session, uuids)
    versioned = interviews_with_versions(session, uuids)
    changed = 0
    # Entered here: the rows are the record.
    for (uuid, path), value in sorted(changes.items()):
        if uuid in versioned:
            continue
        row = session.scalars(select(Answer).where(Answer.interview_uuid == uuid,
                                                   Answer.path == path)).first()
        if row is None or row.value == value:
            continue
        if value is None:
            session.delete(row)
        else:
            row.value, row.updated_at = value, utcnow()
        changed += 1
    for uuid, label in labels.items():
        if uuid not in versioned:
            session.execute(update(Interview).where(Interview.uuid == uuid)
                            .values(label=label))
    if not versioned:
        session.flush()
        return changed
    # Came in bundles: coordinator versions superseding every version of the field.
    fields = load_versions(session, sorted(versioned))
    device = session.get_one(Device, device_id)
    at = iso(utcnow())
    new: list[Version] = []
    gone: dict[str, set[str]] = defaultdict(set)

    def supersede(uuid: str, path: str, value: str | None) -> None:
        prior = fields.get((uuid, path), [])
        device.counter += 1
        new.append(Version.make(uuid, path, value, device_id=device_id,
                                clock=device.counter, written_at=at,
                                supersedes=(v.id for v in prior)))
        gone[uuid].update(v.id for v in prior)

    for (uuid, path), value in sorted(changes.items()):
        if uuid not in versioned or path == HEADER_PATH:
            continue
        prior = fields.get((uuid, path), [])
        current = {h.value for h in heads(prior)}
        if current == {value} or (not prior and value is None):
            continue
        supersede(uuid, path, value)
        changed += 1
    for uuid, label in sorted(labels.items()):
        prior = fields.get((uuid, HEADER_PATH), [])
        if uuid not in versioned or not prior:
            continue
        header = json.loads(heads(prior)[0].value or "{}")
        if header.get("label", "") == label:
            continue
        header["label"] = label
        supersede(uuid, HEADER_PATH, canonical(header).decode("utf-8"))
    session.flush()
    insert_versions(session, new)
    _forget(session, gone)
    materialize(session, project_id, sorted(versioned))
    session.flush()
    return changed


def _forget(session: Session, gone: Mapping[str, set[str]]) -> None:
    """Delete the superseded versions ``gone`` ({interview: ids}) from rows and packs."""
    for uuid, ids in gone.items():
        if not ids:
            continue
        session.execute(delete(SyncVersion).where(SyncVersion.interview_uuid == uuid,
                                                  SyncVersion.id.in_(sorted(ids))))
        for pack in session.scalars(select(SyncVersionPack).where(
                SyncVersionPack.interview_uuid == uuid)):
            kept = [v for v in decode_versions(pack.body) if v.id not in ids]
            if not kept:
                session.delete(pack)
            elif len(kept) != pack.versions:
                pack.body, pack.versions = encode_versions(kept), len(kept)
    session.flush()
