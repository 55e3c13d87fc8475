"""Receipts: the coordinator acknowledges what arrived from a device; the laptop
marks it received and purges personal data it no longer needs.

A receipt is a zip with receipt.json (project, device, every version id received
from that device, the highest bundle sequence and clock seen) signed with the
coordinator's key. It holds no answers, so it is not sealed.

Restored laptops: a receipt acknowledging a higher clock or bundle sequence than the
laptop has now means it was restored from an old backup; its counter and sequence
jump past what the coordinator saw, so it never reuses a clock (audited).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from fieldkit.errors import RejectedInput, UsageError
from fieldkit.i18n import _
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.chunks import chunks
from fieldkit.store.models import (
    Device,
    Interview,
    SyncDevice,
    SyncProject,
    SyncVersion,
    utcnow,
)
from fieldkit.sync import keys
from fieldkit.sync.audit import audit
from fieldkit.sync.bundle_out import capture_versions, iso
from fieldkit.sync.formats import FORMAT_VERSION, RECEIPT_FORMAT, canonical
from fieldkit.sync.merge_store import device_versions, mark_received, stored_ids
from fieldkit.sync.project import coordinator_project, laptop_project
from fieldkit.sync.purge import purge_interview
from fieldkit.sync.safezip import read_file_bounded, read_zip, write_file_atomic, write_zip

__all__ = ["ReceiptResult", "import_receipt", "purge_expired", "write_receipt"]


@dataclass(frozen=True)
class ReceiptResult:
    versions_received: int
    interviews_receipted: int
    interviews_purged: int
    restore_detected: bool


def write_receipt(store: Store, device_id: str, out: Path) -> int:
    """Write the receipt for ``device_id``; returns how many versions it acknowledges."""
    project = coordinator_project(store)
    signing = keys.signing_key(store, project.id)
    with store.session() as session:
        device = session.get(SyncDevice, device_id)
        if device is None or device.project_id != project.id:
            raise UsageError(_("--device {id}: no bundle from this device was imported.")
                             .format(id=device_id))
        ids = [[vid, uuid] for vid, uuid in device_versions(session, device_id)]
        body = canonical({"format": RECEIPT_FORMAT, "version": FORMAT_VERSION,
                          "project_id": project.id, "device_id": device_id,
                          "max_seq": device.max_seq, "max_clock": device.max_clock,
                          "created_at": iso(utcnow()), "versions": ids})
    write_file_atomic(out, write_zip({"receipt.json": body,
                                      "receipt.sig": keys.sign(signing, body)}))
    return len(ids)


def _read_receipt(path: Path, verify_key: bytes) -> dict[str, Any]:
    label = str(path)
    members = read_zip(read_file_bounded(path), label=label,
                       required=("receipt.json", "receipt.sig"))
    body = members["receipt.json"]
    if not keys.verify(verify_key, body, members["receipt.sig"]):
        raise RejectedInput(_("{path}: the receipt's signature is not the coordinator's "
                              "(altered, or from another project).").format(path=label))
    try:
        receipt = json.loads(body)
        ok = (receipt["format"] == RECEIPT_FORMAT and isinstance(receipt["versions"], list)
              and all(isinstance(p, list) and len(p) == 2 for p in receipt["versions"])
              and type(receipt["max_seq"]) is int and type(receipt["max_clock"]) is int)
    except (ValueError, KeyError, TypeError) as exc:
        raise RejectedInput(_("{path}: not a valid receipt.").format(path=label)) from exc
    if not ok:
        raise RejectedInput(_("{path}: not a valid receipt.").format(path=label))
    if receipt.get("version") != FORMAT_VERSION:
        raise RejectedInput(_("{path}: receipt format version {version} is not supported; "
                              "update fieldkit.").format(path=label,
                                                         version=receipt.get("version")))
    return dict(receipt)


def import_receipt(store: Store, path: Path, *, now: datetime | None = None) -> ReceiptResult:
    project = laptop_project(store)
    device = ensure_local_device(store)
    with store.session() as session:
        verify_key = session.get_one(SyncProject, project.id).verify_key
    receipt = _read_receipt(path, verify_key)
    if receipt.get("project_id") != project.id:
        raise RejectedInput(_("{path}: the receipt is for another project.").format(path=path))
    if receipt.get("device_id") != device.id:
        raise RejectedInput(_("{path}: the receipt is for another laptop ({id}).").format(
            path=path, id=receipt.get("device_id")))
    by_interview = {str(i): str(u) for i, u in receipt["versions"]}
    moment = now or utcnow()
    with store.durable_session() as session:
        sync = session.get_one(SyncProject, project.id)
        local = session.get_one(Device, device.id)
        restored = (local.counter < receipt["max_clock"] or sync.bundle_seq < receipt["max_seq"]
                    or _forgotten(session, by_interview))
        if restored:
            audit(session, "restore-detected", object_type="device", object_id=device.id,
                  device_id=device.id, detail={
                      "counter": local.counter, "coordinator_clock": receipt["max_clock"],
                      "seq": sync.bundle_seq, "coordinator_seq": receipt["max_seq"]})
            local.counter = max(local.counter, receipt["max_clock"])
            sync.bundle_seq = max(sync.bundle_seq, receipt["max_seq"])
        # Answers changed since the last export must not count as received.
        capture_versions(session, project.id, device.id, sync.bundle_seq)
        received = mark_received(session, by_interview)
        sent = session.scalars(select(Interview.uuid).where(
            Interview.project_id == project.id, Interview.status == "sent")).all()
        outstanding = set(session.scalars(select(SyncVersion.interview_uuid).where(
            SyncVersion.received.is_(False)).distinct()))
        done_uuids = [u for u in sent if u not in outstanding]
        for chunk in chunks(done_uuids):
            session.execute(update(Interview).where(Interview.uuid.in_(chunk))
                            .values(status="receipted", updated_at=moment))
        audit(session, "receipt-import", object_type="device", object_id=device.id,
              device_id=device.id, detail={"versions": received,
                                           "interviews": len(done_uuids)})
    purged = purge_expired(store, now=moment)
    return ReceiptResult(received, len(done_uuids), purged, restored)


def _forgotten(session: Session, by_interview: dict[str, str]) -> bool:
    """Did the coordinator receive versions of live interviews this laptop does not
    have? Then the laptop was restored from a backup taken before it wrote them."""
    ids = list(by_interview)
    known = stored_ids(session, by_interview)
    unknown_interviews = sorted({by_interview[i] for i in ids if i not in known})
    for chunk in chunks(unknown_interviews):
        live = session.scalar(select(func.count()).select_from(Interview).where(
            Interview.uuid.in_(chunk),
            Interview.status != "receipted"))
        if live:
            return True
    return False


def purge_expired(store: Store, *, now: datetime | None = None) -> int:
    """Delete the answers (personal data) of interviews receipted at least the
    project's retention days ago; the interview row stays as a record that it was
    collected and delivered. Each purge is audited. Returns how many were purged."""
    project = laptop_project(store)
    moment = now or utcnow()
    device = ensure_local_device(store)
    with store.session() as session:
        days = session.get_one(SyncProject, project.id).retention_days
        cutoff = moment - timedelta(days=days)
        rows = session.execute(select(Interview.uuid, Interview.updated_at).where(
            Interview.project_id == project.id, Interview.status == "receipted")).all()
        due = [u for u, at in rows if at <= cutoff]
        return sum(1 for uuid in due if purge_interview(
            session, uuid, device_id=device.id,
            detail={"retention_days": days, "reason": "receipted"}))
