"""Making hostile bundles as a laptop that has its keys would: every member can be
set to anything, then the manifest is signed and the whole sealed like a real one."""

from __future__ import annotations

import io
import json
import uuid as uuid_module
import zipfile
from pathlib import Path
from typing import Any

from fieldkit.store.models import SyncProject, utcnow
from fieldkit.sync import keys
from fieldkit.sync.bundle_out import iso
from fieldkit.sync.formats import canonical, sha256_hex
from fieldkit.sync.versions import version_id
from tests.sync.helpers import FORM_ID, Coordinator, Laptop


def iso_now() -> str:
    return iso(utcnow())


#: The time the forged records carry: now, as a laptop with a right clock writes.
NOW = iso_now()


def zip_members(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


class Forge:
    def __init__(self, coordinator: Coordinator, laptop: Laptop) -> None:
        self.coordinator = coordinator
        self.laptop = laptop
        self.signing = keys.device_signing_key(laptop.store, laptop.project_id)
        with laptop.store.session() as session:
            sync = session.get_one(SyncProject, laptop.project_id)
            self.proof = str(sync.enrolment_proof)
            self.box_public = bytes(sync.box_key)
        self.seq = 1

    # -- records --------------------------------------------------------------------

    def record(self, interview: str, path: str, value: Any, *, clock: Any = 1,
               at: Any = NOW, device: Any = None, supersedes: Any = (),
               **extra: Any) -> dict[str, Any]:
        """A version line; its id is the hash of its content whenever that can be
        worked out (so only the value under test is wrong)."""
        device = self.laptop.device_id if device is None else device
        try:
            rid = version_id(interview, path, value, device_id=device, clock=clock,
                             written_at=at, supersedes=tuple(supersedes))
        except (TypeError, ValueError, UnicodeEncodeError):
            rid = "0" * 64
        return {"id": rid, "interview": interview, "path": path, "value": value,
                "device": device, "clock": clock, "at": at,
                "supersedes": list(supersedes), **extra}

    def header(self, interview: str, **changes: Any) -> dict[str, Any]:
        value = {"project_id": self.laptop.project_id, "form_id": FORM_ID,
                 "form_version": "1", "form_hash": "a" * 64, "label": "hh",
                 "respondent_language": "", "interviewer_id": self.laptop.interviewer_id,
                 "device_id": self.laptop.device_id, "created_at": NOW,
                 "finalized_at": NOW, **changes}
        return self.record(interview, "@sync/header", canonical(value).decode(), clock=2)

    def interview(self, answers: dict[str, str] | None = None,
                  **header_changes: Any) -> list[dict[str, Any]]:
        uuid = str(uuid_module.uuid4())
        return [self.header(uuid, **header_changes),
                *(self.record(uuid, path, value) for path, value in
                  (answers or {"/data/name": "Rana"}).items())]

    # -- the file -------------------------------------------------------------------

    def manifest(self, body: bytes, **changes: Any) -> dict[str, Any]:
        return {"format": "fieldkit-bundle", "version": 1,
                "project_id": self.laptop.project_id, "device_id": self.laptop.device_id,
                "interviewer_id": self.laptop.interviewer_id,
                "device_key": bytes(self.signing.verify_key).hex(),
                "enrolment_proof": self.proof, "seq": self.seq, "created_at": iso_now(),
                "clock_range": [0, 2], "interviews": 1, "versions": 2,
                "members": {"versions.jsonl": sha256_hex(body)}, **changes}

    def write(self, out: Path, records: list[dict[str, Any]] | bytes, *,
              manifest: dict[str, Any] | None = None, manifest_bytes: bytes | None = None,
              envelope: bytes | None = None, inner_extra: dict[str, bytes] | None = None,
              outer_extra: dict[str, bytes] | None = None) -> Path:
        body = records if isinstance(records, bytes) else b"".join(
            json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode("utf-8",
                                                                            "surrogatepass")
            + b"\n" for r in records)
        if manifest_bytes is None:
            manifest_bytes = canonical(self.manifest(body, **(manifest or {})))
        inner = zip_members({"manifest.json": manifest_bytes,
                             "manifest.sig": keys.sign(self.signing, manifest_bytes),
                             "versions.jsonl": body, **(inner_extra or {})})
        if envelope is None:
            envelope = canonical({"format": "fieldkit-bundle", "version": 1,
                                  "project_id": self.laptop.project_id})
        out.write_bytes(zip_members({"envelope.json": envelope,
                                     "sealed.bin": keys.seal(self.box_public, inner),
                                     **(outer_extra or {})}))
        return out
