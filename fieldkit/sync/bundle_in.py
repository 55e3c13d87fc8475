"""Coordinator: verify and import data bundles, one transaction each.

Everything about the file is checked before the store is touched (zip, envelope,
seal, signature, member hashes, JSON, version ids); references to the store (device,
roster, forms, interviews) are checked inside the transaction, which rolls back on
any rejection, so a rejected bundle leaves the store exactly as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import msgspec
from nacl.public import PrivateKey
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fieldkit.answer_paths import FORM_PREFIX
from fieldkit.errors import EnvironmentProblem, FieldkitError, RejectedInput
from fieldkit.gc_pause import paused_gc
from fieldkit.i18n import _
from fieldkit.store import Store
from fieldkit.store.chunks import chunks
from fieldkit.store.faults import environment_fault
from fieldkit.store.models import (
    Device,
    Interview,
    Interviewer,
    ProjectSecret,
    SyncBundle,
    SyncDevice,
)
from fieldkit.store.upsert import conflict_insert
from fieldkit.sync import keys
from fieldkit.sync.audit import audit
from fieldkit.sync.duplicates import KnownInterview, flag_duplicates
from fieldkit.sync.formats import (
    BUNDLE_FORMAT,
    FORMAT_VERSION,
    HEADER_PATH,
    MAX_RECORDS,
    sha256_hex,
    unsupported_version,
)
from fieldkit.sync.merge_store import (
    MergeCounts,
    form_pks,
    greatest,
    insert_versions,
    interviews_with_versions,
    lock_device,
    lock_interviews,
    materialize,
    parse_header,
    time_for_driver,
)
from fieldkit.sync.prepared import PreparedVersions, prepare
from fieldkit.sync.project_role import coordinator_project
from fieldkit.sync.records import (
    MAX_CLOCK_STEP,
    MAX_SEQ_STEP,
    BundleEnvelope,
    BundleManifest,
    Header,
    RecordError,
    bad_path_or_time,
    decode_record,
    is_iso_time,
    shorten,
)
from fieldkit.sync.safezip import read_file_bounded, read_zip
from fieldkit.sync.versions import Version, all_ids_match, display_head

log = logging.getLogger(__name__)

__all__ = ["BatchStopped", "BundleReport", "ParsedBundle", "import_bundle", "import_bundles",
           "parse_versions", "read_bundle"]


@dataclass(frozen=True)
class ParsedBundle:
    label: str
    sha256: str
    project_id: str
    device_id: str
    interviewer_id: str
    device_key: bytes
    enrolment_proof: str
    seq: int
    versions: tuple[Version, ...]
    #: What the signed manifest says the bundle holds (reported for a re-import,
    #: which is recognised before its records are read).
    declared_interviews: int = 0
    declared_versions: int = 0
    #: Worked out from the versions before the store is touched (see prepared.py).
    prepared: PreparedVersions | None = None
    #: When the laptop says it wrote the bundle (its own clock).
    created_at: str = ""


@dataclass
class BundleReport:
    """One bundle's outcome (the ``--json`` shape, see the README)."""

    file: str
    accepted: bool
    reason: str = ""
    device_id: str | None = None
    seq: int | None = None
    already_imported: bool = False
    counts: MergeCounts = field(default_factory=MergeCounts)
    #: Implausible times (see clock_sanity): the bundle is imported all the same.
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "accepted": self.accepted, "reason": self.reason,
                "device_id": self.device_id, "seq": self.seq,
                "already_imported": self.already_imported, **asdict(self.counts),
                "warnings": self.warnings}


def _reject(label: str, message: str) -> RejectedInput:
    return RejectedInput(f"{label}: {message}")


def read_bundle(path: Path, project_id: str, box_key: PrivateKey, *,
                known: Callable[[ParsedBundle], bool] | None = None) -> ParsedBundle:
    """Open and verify a bundle file without touching the store. ``known(parsed)``:
    a bundle imported before (these exact signed bytes) is returned without reading
    its records, which is most of the work."""
    parsed, inner, expected = _open(path, project_id, box_key)
    if known is not None and known(parsed):
        return parsed
    records = _unpack_records(parsed.label, inner, expected)
    del inner  # bounded memory: the records and their versions, not the zip as well
    return _with_versions(parsed, records)


def _with_versions(parsed: ParsedBundle, records: bytes) -> ParsedBundle:
    return replace(parsed, versions=tuple(parse_versions(records, parsed.label)))


_INNER = ("manifest.json", "manifest.sig", "versions.jsonl")


def _unpack_records(label: str, inner: bytes, expected: str) -> bytes:
    records = read_zip(inner, label=label, required=_INNER,
                       only=("versions.jsonl",))["versions.jsonl"]
    if sha256_hex(records) != expected:
        raise _reject(label, _("{name} does not match its hash in the manifest.").format(
            name="versions.jsonl"))
    return records


def _open(path: Path, project_id: str, box_key: PrivateKey) -> tuple[ParsedBundle, bytes, str]:
    """The verified manifest, the inner zip and the hash its manifest gives the records
    (which are unpacked only once the bundle is known to be new: a re-import is
    recognised from its signed manifest)."""
    label = str(path)
    outer = read_zip(read_file_bounded(path), label=label,
                     required=("envelope.json", "sealed.bin"))
    envelope = _record(outer["envelope.json"], BundleEnvelope, label, "envelope.json",
                       format_name=BUNDLE_FORMAT)
    if envelope.project_id != project_id:
        raise _reject(label, _("the bundle is for another project ({id}).").format(
            id=shorten(envelope.project_id)))
    try:
        inner_bytes = keys.open_sealed(box_key, outer["sealed.bin"])
    except keys.CryptoError as exc:
        raise _reject(label, _("cannot be decrypted with this project's key (damaged, or "
                               "sealed for another coordinator).")) from exc
    del outer
    inner = read_zip(inner_bytes, label=label, required=_INNER,
                     only=("manifest.json", "manifest.sig"))
    body = inner["manifest.json"]
    manifest = _record(body, BundleManifest, label, "manifest.json",
                       format_name=BUNDLE_FORMAT)
    device_key = bytes.fromhex(manifest.device_key)
    if not keys.verify(device_key, body, inner["manifest.sig"]):
        raise _reject(label, _("the device's signature is not valid (altered or damaged)."))
    if manifest.project_id != project_id:
        raise _reject(label, _("the bundle is for another project ({id}).").format(
            id=shorten(manifest.project_id)))
    parsed = ParsedBundle(
        label=label, sha256=sha256_hex(inner_bytes), project_id=manifest.project_id,
        device_id=manifest.device_id, interviewer_id=manifest.interviewer_id,
        device_key=device_key, enrolment_proof=manifest.enrolment_proof,
        seq=manifest.seq, versions=(), declared_interviews=manifest.interviews,
        declared_versions=manifest.versions, created_at=manifest.created_at)
    return parsed, inner_bytes, manifest.members.versions_jsonl


_R = TypeVar("_R", BundleEnvelope, BundleManifest)


def _record(data: bytes, kind: type[_R], label: str, name: str, *, format_name: str) -> _R:
    """A JSON member decoded as ``kind``; its format and version are checked first so
    that a newer fieldkit's bundle says so instead of failing the schema."""
    try:
        record = decode_record(data, kind)
    except RecordError as exc:
        head = _format_of(data)
        if head is not None and head.format != format_name:
            raise _reject(label, _("not a fieldkit data bundle.")) from exc
        if head is not None and head.version != FORMAT_VERSION:
            # A newer fieldkit's bundle: name the release it needs, not the schema.
            raise _reject(label, unsupported_version(_("bundle"), {
                "version": head.version if isinstance(head.version, int) else
                shorten(str(head.version)),
                "needs_fieldkit": head.needs_fieldkit})) from exc
        raise _reject(label, _("{name} is malformed ({reason}).").format(
            name=name, reason=exc)) from exc
    if record.format != format_name:
        raise _reject(label, _("not a fieldkit data bundle."))
    if record.version != FORMAT_VERSION:
        raise _reject(label, unsupported_version(_("bundle"), {
            "version": record.version,
            "needs_fieldkit": getattr(record, "needs_fieldkit", None)}))
    return record


class _FormatOnly(msgspec.Struct):
    format: Any = None
    version: Any = None
    needs_fieldkit: Any = None


def _format_of(data: bytes) -> _FormatOnly | None:
    try:
        return decode_record(data, _FormatOnly)
    except RecordError:
        return None


_DECODE_VERSION = msgspec.json.Decoder(Version)


def parse_versions(data: bytes, label: str) -> list[Version]:
    """Field versions as JSON lines, each checked (keys, types, lengths, id matching
    content). The lines are decoded in one pass straight into versions; only when
    that fails are they read one by one, to name the bad line."""
    versions: list[Version] | None
    if data.count(b"\n") > MAX_RECORDS:
        raise _reject(label, _("{name} holds more than {n} records, more than fieldkit "
                               "reads from one file.").format(name="versions.jsonl",
                                                              n=MAX_RECORDS))
    try:
        versions = _DECODE_VERSION.decode_lines(data)
    except (msgspec.ValidationError, msgspec.DecodeError):
        versions = None
    # Blank lines, or two records on one line, differ in count: read line by line.
    if versions is not None and len(versions) != data.count(b"\n") + (
            0 if data.endswith(b"\n") else 1):
        versions = None
    if versions is None:
        numbered = _line_by_line(data, label)
        versions = [version for _number, version in numbered]
    bad = bad_path_or_time({v.path for v in versions}, {v.written_at for v in versions})
    if bad is not None:
        number = next(n for n, v in _line_by_line(data, label) if bad in (v.path, v.written_at))
        raise _reject(label, _("{name}: a field path or time that is not valid.").format(
            name=f"versions.jsonl:{number}"))
    if not all_ids_match(versions):
        numbered = _line_by_line(data, label)  # the line numbers, on this rare path
        number = next(n for n, version in numbered if not version.content_ok())
        raise _reject(label, _("{name}: the record does not match its id (altered?).")
                      .format(name=f"versions.jsonl:{number}"))
    return versions


def _line_by_line(data: bytes, label: str) -> list[tuple[int, Version]]:
    out = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"versions.jsonl:{number}"
        try:
            out.append((number, _DECODE_VERSION.decode(line)))
        except msgspec.ValidationError as exc:
            if not _is_json(line):  # checked as decoded: a bad value may come first
                raise _reject(label, _("{name} is not valid JSON.").format(name=where)) \
                    from exc
            # "... - at `$.clock`": a field of the record; otherwise the record itself.
            if "- at `$." in str(exc):
                raise _reject(label, _("{name}: a value has the wrong type.").format(
                    name=where)) from exc
            raise _reject(label, _("{name}: not a field version.").format(name=where)) \
                from exc
        except msgspec.DecodeError as exc:
            raise _reject(label, _("{name} is not valid JSON.").format(name=where)) from exc
    return out


def _is_json(line: bytes) -> bool:
    try:
        msgspec.json.decode(line)
    except (msgspec.DecodeError, RecursionError):
        return False
    return True


# -- applying -----------------------------------------------------------------------


def _insert_bundle_log(session: Session, parsed: ParsedBundle) -> bool:
    """Log the bundle; False if it was imported before. First statement of the
    transaction, so SQLite takes its write lock before anything is read."""
    done = session.execute(conflict_insert(session, SyncBundle).values(
        device_id=parsed.device_id, seq=parsed.seq, sha256=parsed.sha256)
        .on_conflict_do_nothing())
    return bool(done.rowcount)  # type: ignore[attr-defined]


def _trust_device(session: Session, store: Store, project_id: str,
                  parsed: ParsedBundle) -> None:
    """The device must be enrolled with this key, or prove its enrolment now."""
    label = parsed.label
    known = session.get(SyncDevice, parsed.device_id)
    if known is not None:
        if known.project_id != project_id or known.verify_key != parsed.device_key:
            raise _reject(label, _("device {id} is enrolled with a different key; this "
                                   "bundle is not from it.").format(id=parsed.device_id))
        owner = session.get_one(Interviewer, known.interviewer_id)
        if not owner.active:
            raise _reject(label, _("device {id} was revoked: {name} is deactivated "
                                   "(reactivate them to accept it again).")
                          .format(id=parsed.device_id, name=owner.name))
        return
    interviewer = session.get(Interviewer, parsed.interviewer_id)
    if interviewer is None or interviewer.project_id != project_id or not interviewer.active:
        raise _reject(label, _("device {id} is not on the roster (unknown or inactive "
                               "interviewer).").format(id=parsed.device_id))
    secret = session.get(ProjectSecret, (project_id, keys.enrolment_code_secret(
        interviewer.id)))
    code = secret.value.decode() if secret is not None else None
    expected = (keys.enrolment_proof(code, project_id, parsed.device_id, interviewer.id,
                                     parsed.device_key) if code else None)
    import hmac

    if expected is None or not hmac.compare_digest(expected, parsed.enrolment_proof):
        raise _reject(label, _("device {id} is not on the roster (its enrolment code for "
                               "{name} is wrong).").format(id=parsed.device_id,
                                                            name=interviewer.name))
    if session.get(Device, parsed.device_id) is None:
        session.add(Device(id=parsed.device_id, label=interviewer.name, is_local=False,
                           counter=0))
        session.flush()
    session.add(SyncDevice(device_id=parsed.device_id, project_id=project_id,
                           interviewer_id=interviewer.id, verify_key=parsed.device_key))
    session.flush()


def _check_steps(session: Session, parsed: ParsedBundle, prepared: PreparedVersions) -> None:
    """A bundle moves its device's sequence and clock forward by a plausible step at
    most: they come back to the laptop in its receipt, and a laptop sent to the top
    of the range would have no clock left to write with (see records.py)."""
    device = session.get_one(SyncDevice, parsed.device_id)
    if parsed.seq > device.max_seq + MAX_SEQ_STEP:
        raise _reject(parsed.label, _("its sequence number ({seq}) jumps implausibly far "
                                      "ahead of the device's last bundle ({last}).").format(
                                          seq=parsed.seq, last=device.max_seq))
    if prepared.top_clock > device.max_clock + MAX_CLOCK_STEP:
        raise _reject(parsed.label, _("its clocks ({clock}) jump implausibly far ahead of "
                                      "the device's last bundle ({last}).").format(
                                          clock=prepared.top_clock, last=device.max_clock))


def _check_references(session: Session, project_id: str, parsed: ParsedBundle,
                      prepared: PreparedVersions) -> set[str]:
    """Check what the versions refer to; returns those of ``uuids`` already stored."""
    label = parsed.label
    forms = form_pks(session, project_id)
    roster = set(session.scalars(select(Interviewer.id).where(
        Interviewer.project_id == project_id)))
    with_header = set()
    strangers = prepared.devices - {parsed.device_id}
    if strangers:
        raise _reject(label, _("a record claims to come from another device ({id}).")
                      .format(id=min(strangers)))
    forms_of: dict[str, set[int]] = {}
    for v in prepared.not_fields:
        if v.path == HEADER_PATH:
            header = _header(v, label)
            if header.project_id != project_id:
                raise _reject(label, _("interview {uuid} belongs to another project.")
                              .format(uuid=v.interview_uuid))
            form_pk = forms.get((header.form_id, header.form_version, header.form_hash))
            if form_pk is None:
                raise _reject(label, _("interview {uuid} uses a form this project does not "
                                       "have ({form} version {version}).").format(
                                           uuid=v.interview_uuid, form=shorten(header.form_id),
                                           version=shorten(header.form_version)))
            if header.interviewer_id is not None and header.interviewer_id not in roster:
                raise _reject(label, _("interview {uuid} names an interviewer not on the "
                                       "roster.").format(uuid=v.interview_uuid))
            if header.device_id != parsed.device_id:
                raise _reject(label, _("interview {uuid} names another device.")
                              .format(uuid=v.interview_uuid))
            with_header.add(v.interview_uuid)
            forms_of.setdefault(v.interview_uuid, set()).add(form_pk)
    uuids = prepared.uuids
    stored = _stored_interviews(session, uuids)
    for uuid in uuids:
        if uuid in stored and stored[uuid][0] != project_id:
            raise _reject(label, _("interview {uuid} belongs to another project.")
                          .format(uuid=uuid))
        if uuid not in stored and uuid not in with_header:
            raise _reject(label, _("records refer to interview {uuid}, which is neither in "
                                   "the bundle nor in the store.").format(uuid=uuid))
        if uuid in stored:
            forms_of.setdefault(uuid, set()).add(stored[uuid][1])
    _check_fields(session, parsed, forms_of)
    return set(stored)


def _check_fields(session: Session, parsed: ParsedBundle,
                  forms_of: dict[str, set[int]]) -> None:
    """Every answer must be a field of its interview's form: the form its header
    names, or the one the store has it under (an interview moved to another version
    of its form keeps the fields of either)."""
    from fieldkit.forms import FormError
    from fieldkit.interviews.runtime_forms import runtime_form
    from fieldkit.sync.form_fields import FormFields

    fields: dict[int, FormFields] = {}
    names: dict[int, tuple[str, str]] = {}
    for pk in set().union(*forms_of.values()) if forms_of else ():
        try:
            ref, form = runtime_form(session, pk)
        except FormError:  # a stored form this fieldkit cannot read: nothing to check by
            continue
        fields[pk] = FormFields.of(form)
        names[pk] = (ref.form_id, ref.version)
    checks = {uuid: [fields[pk] for pk in sorted(pks) if pk in fields]
              for uuid, pks in forms_of.items()}
    for v in parsed.versions:  # every answer of an import: kept lean
        path = v.path
        if path[0] != FORM_PREFIX:
            continue
        known = checks[v.interview_uuid]
        if not known or known[0].has(path) or any(f.has(path) for f in known[1:]):
            continue
        form_id, version = names[min(pk for pk in forms_of[v.interview_uuid] if pk in names)]
        raise _reject(parsed.label, _(
            "interview {uuid}: '{path}' is not a field of its form ({form} version "
            "{version}).").format(uuid=v.interview_uuid, path=shorten(v.path),
                                  form=shorten(form_id), version=shorten(version)))


def _header(v: Version, label: str) -> Header:
    """The header an ``@sync/header`` version carries, checked against its schema."""
    try:
        if v.value is None:
            raise RecordError(_("no value"))
        header = decode_record(v.value, Header)
        if not (is_iso_time(header.created_at)
                and (not header.finalized_at or is_iso_time(header.finalized_at))):
            raise RecordError(_("not a date and time"))
    except RecordError as exc:
        raise _reject(label, _("interview {uuid} has a malformed header ({reason}).")
                      .format(uuid=v.interview_uuid, reason=exc)) from exc
    return header


def _stored_interviews(session: Session, uuids: Sequence[str]) -> dict[str, tuple[str, int]]:
    """{uuid: (project, form pk)} of those of ``uuids`` the store has an interview
    row for."""
    stored: dict[str, tuple[str, int]] = {}
    for chunk in chunks(uuids):
        stored.update((uuid, (project, form_pk)) for uuid, project, form_pk in session.execute(
            select(Interview.uuid, Interview.project_id, Interview.form_pk)
            .where(Interview.uuid.in_(chunk))))
    return stored


def apply_bundle(session: Session, store: Store, project_id: str,
                 parsed: ParsedBundle) -> tuple[MergeCounts, bool]:
    """Apply a verified bundle inside the caller's transaction; returns the counts and
    whether it had been imported before."""
    counts = MergeCounts()
    prepared = parsed.prepared or prepare(parsed.versions,
                                          time_for_driver(session.get_bind().dialect))
    uuids = prepared.uuids
    if not _insert_bundle_log(session, parsed):
        counts.interviews_unchanged = len(uuids)
        counts.versions_known = len(parsed.versions)
        return counts, True
    lock_device(session, parsed.device_id)
    _trust_device(session, store, project_id, parsed)
    _check_steps(session, parsed, prepared)
    before = _check_references(session, project_id, parsed, prepared)
    lock_interviews(session, uuids)
    if session.get_bind().dialect.name == "postgresql":
        # Another importer may have added some since they were looked up (on SQLite
        # this transaction has held the write lock since its first statement).
        before = set(_stored_interviews(session, uuids))
    # Interviews the store has no version of: everything they have is in this bundle.
    unseen = set(uuids) - interviews_with_versions(session, uuids)
    new_ids = insert_versions(session, parsed.versions, unseen=unseen, prepared=prepared,
                              bundle=(parsed.device_id, parsed.seq))
    counts.versions_new = len(new_ids)
    counts.versions_known = len(prepared.ids) - len(new_ids)
    changed = unseen if unseen.issuperset(uuids) else (
        unseen | {v.interview_uuid for v in parsed.versions
                  if v.interview_uuid not in unseen and v.id in new_ids})
    counts.conflicts = materialize(session, project_id, sorted(changed), prepared=prepared,
                                   fresh=unseen) if changed else 0
    counts.duplicates = flag_duplicates(session, project_id, sorted(changed),
                                        known=_known(prepared, unseen - before))
    for uuid in uuids:
        if uuid not in before:
            counts.interviews_new += 1
        elif uuid in changed:
            counts.interviews_updated += 1
        else:
            counts.interviews_unchanged += 1
    session.execute(update(SyncDevice).where(SyncDevice.device_id == parsed.device_id)
                    .values(max_seq=greatest(session, SyncDevice.max_seq, parsed.seq),
                            max_clock=greatest(session, SyncDevice.max_clock,
                                               prepared.top_clock)))
    audit(session, "bundle-import", object_type="bundle",
          object_id=f"{parsed.device_id}/{parsed.seq}", device_id=parsed.device_id,
          detail={"sha256": parsed.sha256, **asdict(counts)})
    return counts, False


def _known(prepared: PreparedVersions, new: AbstractSet[str]) -> dict[str, KnownInterview]:
    """The interviews this bundle brought into the store, as flag_duplicates needs
    them: all of their answers are the bundle's (headers were checked)."""
    known = {}
    for uuid in new:
        header = parse_header(display_head(prepared.header_heads[uuid]).value)
        assert header is not None
        known[uuid] = KnownInterview(header["form_id"], header["interviewer_id"],
                                     prepared.households.get(uuid))
    return known


def _logged(store: Store, parsed: ParsedBundle) -> bool:
    with store.session() as session:
        return session.get(SyncBundle, (parsed.device_id, parsed.seq, parsed.sha256)) \
            is not None


def import_bundle(store: Store, path: Path) -> BundleReport:
    """Verify and import one bundle in one transaction; a rejection is reported, not
    raised, and leaves the store unchanged."""
    return import_bundles(store, [path])[0]


@dataclass
class _Applied:
    """A bundle applied in an open transaction, its report ready once committed."""

    session: Session
    report: BundleReport


def _read(store: Store, project_id: str, box: PrivateKey,
          path: Path) -> ParsedBundle | BundleReport:
    """The verified bundle, worked out (see prepared.py), or its final report
    (rejected, or imported before)."""
    logged: list[bool] = []

    def known(parsed: ParsedBundle) -> bool:
        logged.append(_logged(store, parsed))
        return logged[-1]

    try:
        parsed = read_bundle(path, project_id, box, known=known)
    except RejectedInput as exc:
        return _rejected(path, exc)
    except Exception as exc:
        return _unexpected(path, exc)
    if logged[-1]:  # imported before: its records were not even unpacked
        counts = MergeCounts(interviews_unchanged=parsed.declared_interviews,
                             versions_known=parsed.declared_versions)
        return BundleReport(file=str(path), accepted=True, device_id=parsed.device_id,
                            seq=parsed.seq, already_imported=True, counts=counts)
    return replace(parsed, prepared=prepare(parsed.versions,
                                            time_for_driver(store.engine.dialect)))


def _apply(store: Store, project_id: str, path: Path, parsed: ParsedBundle,
           project_created: datetime) -> _Applied | BundleReport:
    """Apply in a transaction left open for the caller to commit; a rejection rolls
    it back and is the final report."""
    session = store.sessions()
    warnings: list[str] = []
    try:
        counts, again = apply_bundle(session, store, project_id, parsed)
        if not again:  # its headers are checked now
            warnings = _clock_warnings(project_created, parsed)
        if warnings:  # kept with the bundle's log entry, for the devices list
            session.execute(update(SyncBundle).where(
                SyncBundle.device_id == parsed.device_id, SyncBundle.seq == parsed.seq,
                SyncBundle.sha256 == parsed.sha256).values(
                    clock_warnings="\n".join(warnings)))
    except BaseException as exc:
        session.rollback()
        session.close()
        if isinstance(exc, RejectedInput):
            return _rejected(path, exc)
        if isinstance(exc, Exception):
            return _unexpected(path, exc)
        raise
    return _Applied(session, BundleReport(
        file=str(path), accepted=True, device_id=parsed.device_id, seq=parsed.seq,
        already_imported=again, counts=counts,
        warnings=warnings))


def _clock_warnings(project_created: datetime, parsed: ParsedBundle) -> list[str]:
    from fieldkit.sync.clock_sanity import clock_warnings

    prepared = parsed.prepared
    times = [v.written_at for v in parsed.versions]
    if prepared is not None:  # the interviews' own start times, from their headers
        for field_heads in prepared.header_heads.values():
            header = parse_header(display_head(field_heads).value)
            if header is not None:
                times.append(str(header.get("created_at") or ""))
    return clock_warnings(written=parsed.created_at, times=times,
                          project_created=project_created, now=datetime.now(UTC))


def _rejected(path: Path, exc: RejectedInput) -> BundleReport:
    return BundleReport(file=str(path), accepted=False,
                        reason=str(exc).removeprefix(f"{path}: "))


def _unexpected(path: Path, exc: Exception) -> BundleReport:
    """A bundle that made fieldkit fail: refused, so that the others of a batch are
    still imported and every one is reported. A fault of the machine (a full disk)
    stops the batch instead: the next bundle would fail the same way."""
    if isinstance(exc, FieldkitError) and not isinstance(exc, EnvironmentProblem):
        return _rejected(path, RejectedInput(str(exc)))
    if environment_fault(exc) is not None:
        raise exc
    log.info("bundle %s: unexpected error (for the log file only)", path, exc_info=exc)
    return BundleReport(file=str(path), accepted=False, reason=_(
        "could not be read (an unexpected error in fieldkit; the details are in its log)."))


class BatchStopped(EnvironmentProblem):
    """A fault of the machine stopped a batch import; ``reports``: the bundles dealt
    with before it (those accepted are committed)."""

    def __init__(self, problem: EnvironmentProblem, reports: list[BundleReport]) -> None:
        super().__init__(str(problem))
        self.reports = reports


def _hand_over(session: Session) -> Callable[[], None]:
    """Flush ``session`` and return the driver's own commit of its transaction: one
    call into SQLite (or the server) that releases the GIL throughout, for another
    thread to run. SQLAlchemy's bookkeeping stays on this thread (``_finish``)."""
    session.flush()
    driver = session.connection().connection.dbapi_connection
    assert driver is not None
    return driver.commit


def _finish(session: Session, committed: Future[None]) -> None:
    """After the driver's commit: SQLAlchemy's own (nothing left to send) and close;
    if the driver's failed, roll back and raise its error."""
    try:
        committed.result()
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def import_bundles(store: Store, paths: Sequence[Path], *,
                   progress: Callable[[int, int, str], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> list[BundleReport]:
    """Import bundles one by one (each its own transaction). ``progress(done, total,
    file)`` is called before each and at the end; ``cancelled()`` is asked between
    bundles: what was imported stays, the rest is not started.

    A bundle's commit (on SQLite: writing its pages to the WAL and, now and then,
    the WAL into the database) runs on a second thread while this one reads and
    verifies the next bundle, which touches the store only to ask whether it was
    imported before; the next bundle is applied only once that commit is done, so
    bundles still go in one at a time, in order. The second thread runs nothing but
    the driver's commit, one call that releases the GIL throughout: a thread running
    Python beside this one would make both wait turns at the GIL (measured: reading
    the next bundle beside an apply made the import slower)."""
    reports: list[BundleReport] = []
    if not paths:
        return reports
    try:
        return _import_all(store, paths, reports, progress, cancelled)
    except BaseException as exc:
        fault = environment_fault(exc) if isinstance(exc, Exception) else None
        if fault is None:
            raise
        raise BatchStopped(fault, reports) from exc


def _import_all(store: Store, paths: Sequence[Path], reports: list[BundleReport],
                progress: Callable[[int, int, str], None] | None,
                cancelled: Callable[[], bool] | None) -> list[BundleReport]:
    project = coordinator_project(store)
    box = keys.box_private(store, project.id)
    in_flight: tuple[Future[None], _Applied] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fieldkit-commit") as committer:
        try:
            for done, path in enumerate(paths):
                if cancelled is not None and cancelled():
                    break
                if progress is not None:
                    progress(done, len(paths), str(path))
                with paused_gc():
                    read = _read(store, project.id, box, path)
                    if in_flight is not None:
                        committed, applied = in_flight
                        in_flight = None
                        _finish(applied.session, committed)  # a failed commit raises
                        reports.append(applied.report)
                    step = read if isinstance(read, BundleReport) else _apply(
                        store, project.id, path, read, project.created_at)
                if isinstance(step, BundleReport):
                    reports.append(step)
                else:
                    in_flight = (committer.submit(_hand_over(step.session)), step)
        finally:
            if in_flight is not None:
                _finish(in_flight[1].session, in_flight[0])
                reports.append(in_flight[1].report)
    if progress is not None:
        progress(len(reports), len(paths), "")
    return reports
