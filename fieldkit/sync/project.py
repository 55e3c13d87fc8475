"""The coordinator's project (keys, roster, quotas) and its pack; a laptop joining it.

Trust: the pack is signed with the coordinator's Ed25519 key and carries that public
key. A laptop trusts the first pack it joins (it came from the coordinator by hand)
and afterwards only packs signed by the same key. Each interviewer on the roster gets
an enrolment code from the coordinator, out of band; the laptop joins with it and
proves it in every bundle (see keys.enrolment_proof), which is how the coordinator
learns to trust a new device's key.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from fieldkit.errors import InvalidInput, OptionError, RejectedInput, UsageError
from fieldkit.i18n import _
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.models import (
    Form,
    Interviewer,
    Project,
    SyncDevice,
    SyncProject,
    SyncQuota,
)
from fieldkit.store.scrub import truncate_log
from fieldkit.store.secrets import put_secret
from fieldkit.sync import keys
from fieldkit.sync.consultation import build_register, install_register, read_register
from fieldkit.sync.erasures import apply_erasures, build_erasures, read_erasures
from fieldkit.sync.formats import (
    FORMAT_VERSION,
    NEEDS_FIELDKIT,
    PACK_FORMAT,
    canonical,
    sha256_hex,
    unsupported_version,
)
from fieldkit.sync.pack_recordings import PREFIX as MEDIA_PREFIX
from fieldkit.sync.pack_recordings import (
    build_recordings,
    install_recordings,
    read_recordings,
)
from fieldkit.sync.pack_sessions import build_sessions, install_sessions, read_sessions
from fieldkit.sync.project_role import coordinator_project, laptop_project, project_with_role
from fieldkit.sync.safezip import read_file_bounded, read_zip, write_file_atomic, write_zip

__all__ = [
    "JoinResult",
    "RosterEntry",
    "add_interviewer",
    "add_quota",
    "coordinator_project",
    "deactivate_interviewer",
    "init_project",
    "join_pack",
    "laptop_project",
    "list_interviewers",
    "write_pack",
]


@dataclass(frozen=True)
class RosterEntry:
    id: str
    name: str
    active: bool


@dataclass(frozen=True)
class JoinResult:
    project_id: str
    name: str
    pack_version: int
    forms: int
    interviewers: int
    updated: bool
    #: Advice sessions and attendances the pack carried to this interviewer.
    session_records: int = 0
    #: Those an earlier pack brought that left this one's window, purged here.
    sessions_removed: int = 0
    #: Records the coordinator erased that this laptop held, erased here too.
    erased: int = 0


def init_project(store: Store, name: str, form_paths: Sequence[Path] = (),
                 retention_days: int = 30, *, default_forms: bool = True,
                 consultation_months: int = 12, organisation: str = "",
                 also_default_forms: bool = False) -> Project:
    """Make this store a coordinator's: a project with its keys and forms (the
    default forms when none are given, and also beside them with
    ``also_default_forms``)."""
    from fieldkit.project_forms import add_form, install_default_forms

    if project_with_role(store, "coordinator") or project_with_role(store, "laptop"):
        raise UsageError(_("This data folder already belongs to a project; use a new "
                           "--data-dir for another one."))
    if not name.strip():
        raise UsageError(_("--name: give the project a name."))
    for path in form_paths:
        if not path.is_file():
            raise InvalidInput(_("{path}: no such form file.").format(path=path))
    ensure_local_device(store)
    with store.session() as session:
        project = Project(name=name.strip(), role="coordinator",
                          organisation=organisation.strip())
        session.add(project)
        session.flush()
        project_id = project.id
    signing = keys.signing_key(store, project_id)
    box = keys.box_private(store, project_id)
    with store.session() as session:
        session.add(SyncProject(project_id=project_id, verify_key=bytes(signing.verify_key),
                                box_key=bytes(box.public_key), pack_version=0,
                                retention_days=retention_days, bundle_seq=0,
                                consultation_months=consultation_months))
    if (default_forms and not form_paths) or also_default_forms:
        install_default_forms(store, project_id)
    for path in form_paths:
        add_form(store, project_id, path)
    return project


def add_interviewer(store: Store, name: str) -> tuple[RosterEntry, str]:
    """Put ``name`` on the coordinator's roster; returns the entry and its enrolment
    code (kept as a project secret, shown to the coordinator to hand over)."""
    project = coordinator_project(store)
    name = name.strip()
    if not name:
        raise UsageError(_("Give the interviewer a name."))
    with store.session() as session:
        taken = session.scalars(select(Interviewer).where(
            Interviewer.project_id == project.id, Interviewer.name == name)).first()
        if taken is not None:
            raise UsageError(_("{name} is already on the roster.").format(name=name))
        row = Interviewer(project_id=project.id, name=name, active=True)
        session.add(row)
        session.flush()
        entry = RosterEntry(row.id, row.name, row.active)
    code = keys.new_enrolment_code()
    put_secret(store, project.id, keys.enrolment_code_secret(entry.id), code.encode())
    return entry, code


def deactivate_interviewer(store: Store, name: str, actor: str = "", *,
                           active: bool = False) -> RosterEntry:
    """Take an interviewer off active duty: no new device can enrol as them, and
    bundles from their devices are refused from now on (a lost or stolen laptop); what
    was imported stays. The next pack tells the laptops. ``active=True`` undoes it.
    Audited."""
    from fieldkit.sync.audit import audit

    project = coordinator_project(store)
    device = ensure_local_device(store)
    with store.session() as session:
        row = session.scalars(select(Interviewer).where(
            Interviewer.project_id == project.id, Interviewer.name == name.strip())).first()
        if row is None:
            raise UsageError(_("{name} is not on the roster; see 'fieldkit project "
                               "interviewer list'.").format(name=name))
        revoked = [d.device_id for d in session.scalars(select(SyncDevice).where(
            SyncDevice.interviewer_id == row.id))]
        was = row.active
        row.active = active
        action = "activate-interviewer" if active else "deactivate-interviewer"
        audit(session, action, object_type="interviewer", object_id=row.id,
              device_id=device.id, actor=actor,
              detail={"name": row.name, "was_active": was, "devices": sorted(revoked)})
        return RosterEntry(row.id, row.name, row.active)


def list_interviewers(store: Store, project_id: str) -> list[RosterEntry]:
    with store.session() as session:
        rows = session.scalars(select(Interviewer).where(Interviewer.project_id == project_id)
                               .order_by(Interviewer.name))
        return [RosterEntry(r.id, r.name, r.active) for r in rows]


def add_quota(store: Store, *, form_id: str, path: str, value: str, target: int,
              interviewer: str | None = None) -> int:
    """A target of ``target`` finalized interviews of ``form_id`` answering ``value``
    at ``path``, optionally assigned to an interviewer (by name)."""
    project = coordinator_project(store)
    if target <= 0:
        raise UsageError(_("--target: give a number above 0."))
    with store.session() as session:
        if session.scalars(select(Form.id).where(Form.project_id == project.id,
                                                 Form.form_id == form_id)).first() is None:
            raise UsageError(_("--form {form}: the project has no such form.")
                             .format(form=form_id))
        interviewer_id = None
        if interviewer is not None:
            interviewer_id = session.scalars(select(Interviewer.id).where(
                Interviewer.project_id == project.id,
                Interviewer.name == interviewer)).first()
            if interviewer_id is None:
                raise UsageError(_("--interviewer {name}: not on the roster.")
                                 .format(name=interviewer))
        quota = SyncQuota(project_id=project.id, form_id=form_id, path=path, value=value,
                          target=target, interviewer_id=interviewer_id)
        session.add(quota)
        session.flush()
        return quota.id


# -- the pack -------------------------------------------------------------------------


def write_pack(store: Store, out: Path) -> int:
    """Write the signed project pack to ``out``; returns its pack version."""

    project = coordinator_project(store)
    signing = keys.signing_key(store, project.id)
    register = build_register(store, project.id)
    members: dict[str, bytes] = {}
    sessions = build_sessions(store, project.id)
    with store.session() as session:
        sync = session.get_one(SyncProject, project.id)
        sync.pack_version += 1
        recordings, media = build_recordings(session, project.id)
        members.update(media)
        forms = []
        for n, form in enumerate(session.scalars(
                select(Form).where(Form.project_id == project.id).order_by(Form.id))):
            source_name, xform_name = f"forms/{n}.source", f"forms/{n}.xml"
            members[source_name] = form.source
            members[xform_name] = form.xform.encode("utf-8")
            entry: dict[str, Any] = {
                "form_id": form.form_id, "version": form.version, "title": form.title,
                "source_name": form.source_name, "hash": form.hash, "source": source_name,
                "xform": xform_name}
            if form.retired:  # only when set: older laptops never see the key
                entry["retired"] = True
            forms.append(entry)
        roster = [{"id": r.id, "name": r.name, "active": r.active} for r in session.scalars(
            select(Interviewer).where(Interviewer.project_id == project.id))]
        quotas = [{"form_id": q.form_id, "path": q.path, "value": q.value,
                   "target": q.target, "interviewer_id": q.interviewer_id}
                  for q in session.scalars(select(SyncQuota).where(
                      SyncQuota.project_id == project.id).order_by(SyncQuota.id))]
        manifest: dict[str, Any] = {
            "format": PACK_FORMAT, "version": FORMAT_VERSION,
            "needs_fieldkit": NEEDS_FIELDKIT, "project_id": project.id,
            "name": project.name, "pack_version": sync.pack_version,
            "verify_key": sync.verify_key.hex(), "box_key": sync.box_key.hex(),
            "retention_days": sync.retention_days, "interviewers": roster,
            "quotas": quotas, "forms": forms, "consultation": register,
            "sessions": sessions, "recordings": recordings,
            "erasures": build_erasures(session, project.id),
            "members": {name: sha256_hex(data) for name, data in members.items()},
        }
        body = canonical(manifest)
        members["pack.json"] = body
        members["pack.sig"] = keys.sign(signing, body)
        write_file_atomic(out, write_zip(members))
        return sync.pack_version


def _read_pack(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    label = str(path)
    members = read_zip(read_file_bounded(path), label=label,
                       required=("pack.json", "pack.sig"),
                       prefixes=("forms/", MEDIA_PREFIX))
    body = members["pack.json"]
    try:
        manifest = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise RejectedInput(_("{path}: pack.json is not valid JSON.").format(path=label)) \
            from exc
    if not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT:
        raise RejectedInput(_("{path}: not a fieldkit project pack.").format(path=label))
    if manifest.get("version") != FORMAT_VERSION:
        raise RejectedInput(_("{path}: {problem}").format(
            path=label, problem=unsupported_version(_("pack"), manifest)))
    try:
        verify_key = bytes.fromhex(str(manifest["verify_key"]))
        declared = dict(manifest["members"])
    except (KeyError, ValueError, TypeError) as exc:
        raise RejectedInput(_("{path}: the pack's description is incomplete.")
                            .format(path=label)) from exc
    if not keys.verify(verify_key, body, members["pack.sig"]):
        raise RejectedInput(_("{path}: the pack's signature is not valid (damaged or "
                              "altered).").format(path=label))
    extra = set(members) - {"pack.json", "pack.sig"}
    if extra != set(declared):
        raise RejectedInput(_("{path}: the pack's files do not match its description.")
                            .format(path=label))
    for name in extra:
        if sha256_hex(members[name]) != declared[name]:
            raise RejectedInput(_("{path}: {name!r} does not match its hash.")
                                .format(path=label, name=name))
    return manifest, members


def join_pack(store: Store, path: Path, interviewer: str, code: str) -> JoinResult:
    """Verify and install a pack on a laptop, or update from a newer pack of the same
    project: forms, roster, register, and the project's recent advice sessions, merged
    with this laptop's (see pack_sessions); other collected data is not touched."""
    manifest, members = _read_pack(path)
    label = str(path)
    try:
        project_id = str(manifest["project_id"])
        pack_version = int(manifest["pack_version"])
        verify_key = bytes.fromhex(str(manifest["verify_key"]))
        box_key = bytes.fromhex(str(manifest["box_key"]))
        retention = int(manifest["retention_days"])
        roster = [(str(r["id"]), str(r["name"]), bool(r["active"]))
                  for r in manifest["interviewers"]]
        forms = [(str(f["form_id"]), str(f["version"]), str(f["title"]),
                  str(f["source_name"]), str(f["hash"]), members[str(f["source"])],
                  members[str(f["xform"])].decode("utf-8")) for f in manifest["forms"]]
        retired = {str(f["form_id"]) for f in manifest["forms"] if f.get("retired") is True}
    except (KeyError, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise RejectedInput(_("{path}: the pack's description is incomplete.")
                            .format(path=label)) from exc
    matches = [r for r in roster if r[1] == interviewer]
    if not matches:
        raise OptionError("--interviewer", _(
            "{name}: not on this project's roster; names on it: {names}.").format(
                name=interviewer, names=", ".join(r[1] for r in roster)))
    interviewer_id = matches[0][0]
    if len(keys.normalise_code(code)) != 16:
        raise OptionError("--code", _("the enrolment code has 16 letters and digits, "
                                      "e.g. ABCD-EFGH-JKLM-NPQR; ask your coordinator."))

    register = read_register(manifest.get("consultation"), project_id, interviewer_id, code,
                             label)

    erasures = read_erasures(manifest.get("erasures"), label)
    recordings = read_recordings(manifest.get("recordings"), members, label)
    pack_sessions = read_sessions(
        manifest.get("sessions"), project_id=project_id,
        interviewer_id=interviewer_id, code=code, label=label,
        forms=[(f[0], f[1], f[4]) for f in forms], roster=[r[0] for r in roster],
        xforms={(f[0], f[1], f[4]): f[6] for f in forms})
    device = ensure_local_device(store)
    with store.session() as session:
        other = session.scalars(select(Project).where(Project.role.in_(
            ("laptop", "coordinator")), Project.id != project_id)).first()
        if other is not None:
            raise RejectedInput(_("{path}: this data folder belongs to another project "
                                  "({name}); use a new --data-dir.").format(
                                      path=label, name=other.name))
        project = session.get(Project, project_id)
        sync = session.get(SyncProject, project_id)
        if project is not None and project.role == "coordinator":
            raise RejectedInput(_("{path}: this is the coordinator's own data folder.")
                                .format(path=label))
        updated = project is not None
        if sync is not None:
            if sync.verify_key != verify_key:
                raise RejectedInput(_("{path}: signed by a different coordinator key than "
                                      "the pack this laptop joined.").format(path=label))
            if pack_version < sync.pack_version:
                raise RejectedInput(_("{path}: older (version {new}) than the pack already "
                                      "installed (version {old}).").format(
                                          path=label, new=pack_version,
                                          old=sync.pack_version))
        if project is None:
            project = Project(id=project_id, name=str(manifest.get("name", "")),
                              role="laptop")
            session.add(project)
            session.flush()
        else:
            project.name = str(manifest.get("name", project.name))
        if sync is None:
            sync = SyncProject(project_id=project_id, verify_key=verify_key,
                               box_key=box_key, bundle_seq=0)
            session.add(sync)
        sync.box_key = box_key
        sync.pack_version = pack_version
        sync.retention_days = retention
        session.flush()
        install_register(session, project_id, register)
        existing = {r.id: r for r in session.scalars(
            select(Interviewer).where(Interviewer.project_id == project_id))}
        for rid, name, active in roster:
            row = existing.get(rid)
            if row is None:
                session.add(Interviewer(id=rid, project_id=project_id, name=name,
                                        active=active))
            else:
                row.name, row.active = name, active
        have = {(f.form_id, f.version) for f in session.scalars(
            select(Form).where(Form.project_id == project_id))}
        for form_id, version, title, source_name, form_hash, source, xform in forms:
            if (form_id, version) not in have:
                session.add(Form(project_id=project_id, form_id=form_id, version=version,
                                 title=title, source_name=source_name, source=source,
                                 hash=form_hash, xform=xform))
        session.flush()
        # Retired forms start no new interviews here; those begun stay (see form_admin).
        session.execute(update(Form).where(Form.project_id == project_id)
                        .values(retired=Form.form_id.in_(retired)))
        install_recordings(session, project_id, recordings)
        installed = install_sessions(session, project_id, pack_sessions,
                                     device_id=device.id, seq=sync.bundle_seq, label=label,
                                     pack_version=pack_version)
        # After the sessions: a session record the pack still carries as tombstones
        # is then erased whole here.
        erased = apply_erasures(session, project_id, erasures, device_id=device.id,
                                pack_version=pack_version)
    if erased:
        truncate_log(store)  # the old page images of what was erased
    device_key = keys.device_signing_key(store, project_id)
    proof = keys.enrolment_proof(code, project_id, device.id, interviewer_id,
                                 bytes(device_key.verify_key))
    with store.session() as session:
        sync = session.get_one(SyncProject, project_id)
        sync.interviewer_id = interviewer_id
        sync.enrolment_proof = proof
    return JoinResult(project_id, str(manifest.get("name", "")), pack_version, len(forms),
                      len(roster), updated,
                      pack_sessions.interviews if pack_sessions is not None else 0,
                      installed.removed, erased)
