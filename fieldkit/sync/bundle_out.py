"""Laptop: write a data bundle of everything the coordinator has not receipted.

Each export first *captures* the finalized interviews' answer rows as field versions
(see versions.py): a row whose (device, clock, value) has no version yet becomes a
new version superseding every version of that field this laptop knows. Then every
version not yet receipted goes into the bundle, with the header version of each
interview it touches. Exporting twice writes the same versions again: harmless.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session

from fieldkit.errors import UsageError
from fieldkit.form_roles import form_ids
from fieldkit.i18n import _
from fieldkit.interviews.answer_rows import CURRENT_PAGE_PATH
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.chunks import chunks
from fieldkit.store.models import Answer, Form, Interview, SyncProject, SyncVersion, utcnow
from fieldkit.sync import keys
from fieldkit.sync.audit import audit
from fieldkit.sync.formats import (
    BUNDLE_FORMAT,
    FORMAT_VERSION,
    HEADER_PATH,
    canonical,
    sha256_hex,
)
from fieldkit.sync.merge_store import stored_ids
from fieldkit.sync.project_role import laptop_project
from fieldkit.sync.safezip import write_file_atomic, write_zip
from fieldkit.sync.versions import Version

__all__ = ["EXPORTABLE", "ExportResult", "capture_versions", "export_bundle",
           "version_of_row"]

#: Interviews that travel: finalized ones (sent ones again until receipted).
EXPORTABLE = ("finalized", "sent")


def _travels() -> ColumnElement[bool]:
    """Finalized interviews, and drafts of the forms whose drafts travel (records that
    stay open for weeks, see form_roles): each change reaches the coordinator."""
    open_record = and_(Interview.status == "draft", Interview.form_pk.in_(
        select(Form.id).where(Form.form_id.in_(sorted(form_ids(
            lambda r: r.travels_as_draft))))))
    return or_(Interview.status.in_(EXPORTABLE), open_record)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    seq: int
    interviews: int
    versions: int


def iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.isoformat() if moment.tzinfo else moment.isoformat() + "+00:00"


def header_of(row: Interview, form: Form) -> str:
    """An interview's header as the value of its HEADER_PATH version."""
    return canonical({
        "project_id": row.project_id, "form_id": form.form_id,
        "form_version": form.version, "form_hash": form.hash, "label": row.label,
        "respondent_language": row.respondent_language,
        "interviewer_id": row.interviewer_id, "device_id": row.device_id,
        "created_at": iso(row.created_at), "finalized_at": iso(row.finalized_at),
    }).decode("utf-8")


def version_of_row(row: SyncVersion) -> Version:
    return Version(row.id, row.interview_uuid, row.path, row.value, row.device_id,
                   row.clock, row.written_at, tuple(json.loads(row.supersedes)))


def capture_versions(session: Session, project_id: str, device_id: str, seq: int) -> int:
    """Turn new answer rows (and changed headers) of exportable interviews into
    versions; returns how many were made."""
    interviews = session.scalars(select(Interview).where(
        Interview.project_id == project_id, _travels())).all()
    if not interviews:
        return 0
    forms = {f.id: f for f in session.scalars(select(Form).where(
        Form.project_id == project_id))}
    uuids = [i.uuid for i in interviews]
    known: dict[tuple[str, str], list[SyncVersion]] = defaultdict(list)
    for chunk in chunks(uuids):
        for v in session.scalars(select(SyncVersion).where(
                SyncVersion.interview_uuid.in_(chunk))):
            known[(v.interview_uuid, v.path)].append(v)
    answers: dict[str, list[Answer]] = defaultdict(list)
    for chunk in chunks(uuids):
        # The page a screen last showed is this laptop's own: sent, two laptops that
        # open the same advice session would "disagree" about it as a conflict.
        for a in session.scalars(select(Answer).where(Answer.interview_uuid.in_(chunk),
                                                      Answer.path != CURRENT_PAGE_PATH)):
            answers[a.interview_uuid].append(a)
    made: list[Version] = []
    for interview in interviews:
        rows: list[tuple[str, str | None, str, int, str]] = []
        # An interview begun on another device (an advice session from the pack) keeps
        # that device's header: this laptop only adds versions of the fields it edits.
        if interview.device_id == device_id:
            top = max((a.clock for a in answers[interview.uuid]), default=0)
            header = header_of(interview, forms[interview.form_pk])
            rows.append((HEADER_PATH, header, interview.device_id, top,
                         iso(interview.finalized_at)))
        rows += [(a.path, a.value, a.device_id, a.clock, iso(a.updated_at))
                 for a in answers[interview.uuid]]
        for path, value, writer, clock, at in rows:
            previous = known[(interview.uuid, path)]
            if any(v.device_id == writer and v.clock == clock and v.value == value
                   for v in previous):
                continue
            made.append(Version.make(interview.uuid, path, value, device_id=writer,
                                     clock=clock, written_at=at,
                                     supersedes=(v.id for v in previous)))
    existing = stored_ids(session, {v.id: v.interview_uuid for v in made})
    session.add_all(SyncVersion(
        id=v.id, interview_uuid=v.interview_uuid, path=v.path, value=v.value,
        device_id=v.device_id, clock=v.clock, written_at=v.written_at,
        supersedes=json.dumps(list(v.supersedes)), bundle_seq=seq, received=False)
        for v in made if v.id not in existing)
    session.flush()
    return len(made)


def export_bundle(store: Store, out: Path) -> ExportResult:
    """Write a bundle to ``out`` (signed by this laptop, sealed to the coordinator)."""
    project = laptop_project(store)
    device = ensure_local_device(store)
    signing = keys.device_signing_key(store, project.id)
    now = utcnow()
    with store.durable_session() as session:
        sync = session.get_one(SyncProject, project.id)
        if sync.interviewer_id is None or sync.enrolment_proof is None:
            raise UsageError(_("This laptop is not enrolled; run 'fieldkit project join "
                               "PACK --interviewer NAME --code CODE' again."))
        sync.bundle_seq += 1
        seq = sync.bundle_seq
        capture_versions(session, project.id, device.id, seq)
        # Only this laptop's own versions: what came in a pack is the coordinator's.
        pending = session.scalars(select(SyncVersion).where(
            SyncVersion.received.is_(False), SyncVersion.device_id == device.id)
            .order_by(SyncVersion.interview_uuid, SyncVersion.path, SyncVersion.id)).all()
        touched = sorted({v.interview_uuid for v in pending})
        # The current header of every interview in the bundle, even if receipted.
        headers: list[SyncVersion] = []
        pending_ids = {v.id for v in pending}
        for chunk in chunks(touched):
            for v in session.scalars(select(SyncVersion).where(
                    SyncVersion.interview_uuid.in_(chunk),
                    SyncVersion.path == HEADER_PATH, SyncVersion.device_id == device.id)):
                if v.id not in pending_ids:
                    headers.append(v)
        records = [version_of_row(v).to_json() for v in [*pending, *headers]]
        body = b"".join(canonical(r) + b"\n" for r in records)
        clocks = [r["clock"] for r in records] or [0]
        manifest: dict[str, Any] = {
            "format": BUNDLE_FORMAT, "version": FORMAT_VERSION, "project_id": project.id,
            "device_id": device.id, "interviewer_id": sync.interviewer_id,
            "device_key": bytes(signing.verify_key).hex(),
            "enrolment_proof": sync.enrolment_proof, "seq": seq,
            "created_at": iso(now), "clock_range": [min(clocks), max(clocks)],
            "interviews": len(touched), "versions": len(records),
            "members": {"versions.jsonl": sha256_hex(body)},
        }
        manifest_bytes = canonical(manifest)
        inner = write_zip({"manifest.json": manifest_bytes,
                           "manifest.sig": keys.sign(signing, manifest_bytes),
                           "versions.jsonl": body})
        envelope = canonical({"format": BUNDLE_FORMAT, "version": FORMAT_VERSION,
                              "project_id": project.id})
        outer = write_zip({"envelope.json": envelope,
                           "sealed.bin": keys.seal(sync.box_key, inner)})
        for chunk in chunks(touched):
            session.execute(update(Interview).where(
                Interview.uuid.in_(chunk), Interview.status == "finalized")
                .values(status="sent", updated_at=now))
        audit(session, "bundle-export", object_type="bundle", object_id=f"{device.id}/{seq}",
              device_id=device.id, detail={"seq": seq, "interviews": len(touched),
                                           "versions": len(records), "file": out.name})
        write_file_atomic(out, outer)
    return ExportResult(out, seq, len(touched), len(records))
