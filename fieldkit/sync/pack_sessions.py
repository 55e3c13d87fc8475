"""Advice sessions in the project pack: a session begun on one laptop can be opened on
every laptop of the project, and returning attendees are recognised across laptops.

The coordinator's pack carries the field versions (see versions.py) of the advice
sessions dated within the last :data:`SESSION_MONTHS` months (and every later one)
and of all their attendances, as a bundle carries them. Attendee names are personal
data, so the versions travel compressed and encrypted (a PyNaCl SecretBox under a
fresh key per pack) in ``pack.json``'s ``sessions`` entry; the key travels wrapped
once per active interviewer under a key derived from their enrolment code, exactly
like the consultation register's key. The pack's signature covers it. (Inside
``pack.json``, not a member of its own: a laptop with an older fieldkit ignores the
entry instead of refusing the pack for an unexpected file.)

On the laptop the versions go in through the merge a coordinator's import uses, in
the join's transaction: same interview uuids, same version ids, so installing a pack
twice or in any order with bundles gives the same heads, and a field this laptop
edited that the pack also changed becomes a conflict (both heads kept). Versions from
the pack are marked received (the coordinator has them), so only this laptop's own
later versions travel back in its bundles. Sessions an earlier pack brought that this
one no longer carries are then purged (see session_retention).
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import nacl.utils
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from fieldkit.answer_paths import is_form_path, is_stored_path
from fieldkit.errors import RejectedInput
from fieldkit.form_roles import ATTENDS_PATH, FormRole, form_ids, role_of
from fieldkit.i18n import _
from fieldkit.interviews.records import parse_date
from fieldkit.store import Store
from fieldkit.store.chunks import chunks
from fieldkit.store.models import Answer, Device, Form, Interview
from fieldkit.sync.bundle_in import parse_versions
from fieldkit.sync.bundle_out import capture_versions
from fieldkit.sync.consultation import months_before, unwrap_for_interviewer, wrap_for_interviewers
from fieldkit.sync.form_fields import FormFields
from fieldkit.sync.formats import HEADER_PATH, MAX_MEMBER_BYTES, canonical
from fieldkit.sync.merge_store import (
    insert_versions,
    load_versions,
    mark_received,
    materialize,
    parse_header,
)
from fieldkit.sync.records import Header, RecordError, decode_record
from fieldkit.sync.session_retention import remove_left_sessions
from fieldkit.sync.versions import Version

__all__ = ["SESSION_MONTHS", "InstalledSessions", "PackSessions", "build_sessions",
           "install_sessions", "read_sessions"]

#: How far back (by session date) the pack reaches: a year of sessions is enough to
#: recognise the people who come back, and older names are not spread to laptops that
#: never held them. Later sessions (a series planned ahead) always travel.
SESSION_MONTHS = 12
_PURPOSE = b"fieldkit-sessions-v1"

def _in_pack(where: Callable[[FormRole], bool]) -> list[str]:
    """The form ids of the roles the pack carries that ``where`` holds for."""
    return sorted(form_ids(lambda r: r.travels_in_pack and where(r)))


def _date_paths() -> list[str]:
    """LIKE patterns of the gatherings' date questions."""
    questions = {role_of(f).date_question for f in _in_pack(lambda r: r.gathering)}
    return sorted(f"%/{q}" for q in questions if q)


@dataclass(frozen=True)
class PackSessions:
    """The pack's sessions as this laptop read them."""

    months: int
    versions: tuple[Version, ...]

    @property
    def interviews(self) -> int:
        return len({v.interview_uuid for v in self.versions})


# -- coordinator ----------------------------------------------------------------------


def _session_uuids(session: Session, project_id: str, since: date) -> list[str]:
    """Sessions dated ``since`` or later (undated ones by when they were begun) and
    their attendances, among the interviews that arrived as versions."""
    gatherings = _in_pack(lambda r: r.gathering)
    sessions: dict[str, tuple[date | None, datetime]] = {}
    for uuid, created in session.execute(
            select(Interview.uuid, Interview.created_at).join(Form, Form.id == Interview.form_pk)
            .where(Interview.project_id == project_id, Form.form_id.in_(gatherings))):
        sessions[uuid] = (None, created)
    for uuid, value in session.execute(
            select(Answer.interview_uuid, Answer.value).join(
                Interview, Interview.uuid == Answer.interview_uuid)
            .join(Form, Form.id == Interview.form_pk)
            .where(Interview.project_id == project_id, Form.form_id.in_(gatherings),
                   or_(*(Answer.path.like(p) for p in _date_paths())))):
        sessions[uuid] = (parse_date(value or ""), sessions[uuid][1])
    chosen = {uuid for uuid, (day, created) in sessions.items()
              if (day or created.date()) >= since}
    attendances = [uuid for uuid, value in session.execute(
        select(Answer.interview_uuid, Answer.value).join(
            Interview, Interview.uuid == Answer.interview_uuid)
        .join(Form, Form.id == Interview.form_pk)
        .where(Interview.project_id == project_id,
               Form.form_id.in_(_in_pack(lambda r: r.attendance)),
               Answer.path == ATTENDS_PATH)) if value in chosen]
    return sorted(chosen | set(attendances))


def build_sessions(store: Store, project_id: str, today: date | None = None
                   ) -> dict[str, Any] | None:
    """The pack's ``sessions`` entry, or None when the project has no advice sessions
    (nor their forms) or nobody to carry them to. Sessions entered on the coordinator
    itself (no versions) are not carried."""
    today = today or datetime.now(UTC).date()
    with store.session() as session:
        uuids = _session_uuids(session, project_id, months_before(today, SESSION_MONTHS))
        rows = [v for versions in load_versions(session, uuids).values() for v in versions]
        # With the session forms, an empty entry still says "nothing in the window":
        # laptops remove what left it (see session_retention); no entry tells them nothing.
        if not rows and session.scalars(select(Form.id).where(
                Form.project_id == project_id,
                Form.form_id.in_(_in_pack(lambda r: r.gathering)))).first() is None:
            return None
        key = nacl.utils.random(SecretBox.KEY_SIZE)
        wrapped = wrap_for_interviewers(session, project_id, key, _PURPOSE)
        if not wrapped:
            return None
        rows.sort(key=lambda v: (v.interview_uuid, v.path, v.id))
        body = b"".join(canonical(v.to_json()) + b"\n" for v in rows)
    box = bytes(SecretBox(key).encrypt(zlib.compress(body, 6)))
    return {"months": SESSION_MONTHS, "keys": wrapped,
            "box": base64.b64encode(box).decode("ascii")}


# -- laptop ---------------------------------------------------------------------------


def _inflate(data: bytes) -> bytes | None:
    """zlib data, at most MAX_MEMBER_BYTES of it (None: damaged or a bomb)."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_MEMBER_BYTES)
    except zlib.error:
        return None
    if inflater.unconsumed_tail or not inflater.eof:
        return None
    return out


def read_sessions(data: Any, *, project_id: str,
                  interviewer_id: str, code: str, label: str,
                  forms: Iterable[tuple[str, str, str]], roster: Iterable[str],
                  xforms: Mapping[tuple[str, str, str], str] | None = None
                  ) -> PackSessions | None:
    """Unwrap, decrypt and check the pack's sessions without touching the store.
    ``forms``: (form_id, version, hash) of the pack's forms; ``roster``: interviewer
    ids; ``xforms``: the forms' XForms, to check that every answer is a field of its
    form. A wrong code is a usage error (exit 2), a malformed member rejected (exit 3).
    None: the pack has no sessions, or none readable by this interviewer."""
    if data is None:
        return None

    def malformed(why: str) -> RejectedInput:
        return RejectedInput(_("{path}: the pack's advice sessions are malformed ({why}).")
                             .format(path=label, why=why))

    try:
        months = int(data["months"])
        wrapped = dict(data["keys"])
        sealed = base64.b64decode(str(data["box"]), validate=True)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise malformed(_("incomplete description")) from exc
    key = unwrap_for_interviewer(wrapped, project_id, interviewer_id, code, _PURPOSE)
    if key is None:
        return None
    try:
        body = _inflate(SecretBox(key).decrypt(sealed))
    except (CryptoError, ValueError, TypeError) as exc:
        raise malformed(_("cannot be decrypted")) from exc
    if body is None:
        raise malformed(_("damaged contents"))
    try:
        versions = parse_versions(body, label)
    except RejectedInput as exc:
        raise malformed(str(exc).removeprefix(f"{label}: ").rstrip(".")) from exc
    known_forms = {f for f in forms if role_of(f[0]).travels_in_pack}
    people = set(roster)
    with_header: set[str] = set()
    fields_of: dict[str, list[FormFields]] = {}
    parsed: dict[tuple[str, str, str], FormFields | None] = {}
    for v in versions:
        if v.path == HEADER_PATH:
            try:
                header = decode_record(v.value or "", Header)
            except RecordError as exc:
                raise malformed(_("a malformed header")) from exc
            if header.project_id != project_id:
                raise malformed(_("a record of another project"))
            if (header.form_id, header.form_version, header.form_hash) not in known_forms:
                raise malformed(_("a record that is not an advice session"))
            if header.interviewer_id is not None and header.interviewer_id not in people:
                raise malformed(_("an interviewer not on the roster"))
            with_header.add(v.interview_uuid)
            form_key = (header.form_id, header.form_version, header.form_hash)
            if form_key not in parsed:
                parsed[form_key] = _form_fields((xforms or {}).get(form_key))
            found = parsed[form_key]
            if found is not None:
                fields_of.setdefault(v.interview_uuid, []).append(found)
        elif not is_stored_path(v.path):
            raise malformed(_("an invalid field path"))
    if any(v.interview_uuid not in with_header for v in versions):
        raise malformed(_("a record without its header"))
    for v in versions:
        known = fields_of.get(v.interview_uuid)
        if is_form_path(v.path) and known and not any(f.has(v.path) for f in known):
            raise malformed(_("an answer to a field that is not in its form"))
    return PackSessions(months, tuple(versions))


def _form_fields(xform: str | None) -> FormFields | None:
    """The fields of a pack's form, or None (no XForm given, or one this fieldkit
    cannot read: the form itself is checked where it is installed)."""
    if xform is None:
        return None
    from fieldkit.forms import FormError, parse_xform

    try:
        return FormFields.of(parse_xform(xform))
    except FormError:
        return None


@dataclass(frozen=True)
class InstalledSessions:
    """What a join did with the pack's sessions."""

    conflicts: int = 0  # fields in conflict among the records the pack changed
    removed: int = 0  # sessions and attendances that left the pack, purged here


def install_sessions(session: Session, project_id: str, pack: PackSessions | None, *,
                     device_id: str, seq: int, label: str, pack_version: int
                     ) -> InstalledSessions:
    """Merge the pack's sessions into this laptop's store inside the join's
    transaction, then remove those an earlier pack brought that this one no longer
    carries (see session_retention). ``device_id``: this laptop; ``seq``: its current
    bundle sequence. Without a pack entry (None) nothing is touched: the pack cannot
    say what left it."""
    if pack is None:
        return InstalledSessions()
    uuids = sorted({v.interview_uuid for v in pack.versions})
    for chunk in chunks(uuids):
        for uuid, owner in session.execute(select(Interview.uuid, Interview.project_id)
                                           .where(Interview.uuid.in_(chunk))):
            if owner != project_id:
                raise RejectedInput(_("{path}: interview {uuid} of the pack's advice "
                                      "sessions belongs to another project.").format(
                                          path=label, uuid=uuid))
    writers = {v.device_id for v in pack.versions}
    writers |= {header["device_id"] for v in pack.versions if v.path == HEADER_PATH
                if (header := parse_header(v.value)) is not None}
    have = set(session.scalars(select(Device.id).where(Device.id.in_(sorted(writers)))))
    session.add_all(Device(id=d, label="", is_local=False, counter=0)
                    for d in sorted(writers - have))
    session.flush()
    # Edits made here and not yet exported become versions first, so the merge keeps
    # them (as heads, or side by side with the pack's value) instead of overwriting,
    # and the removal below sees them as not yet received.
    capture_versions(session, project_id, device_id, seq)
    conflicts = 0
    if pack.versions:
        fresh = insert_versions(session, pack.versions)
        mark_received(session, {v.id: v.interview_uuid for v in pack.versions})
        changed = sorted({v.interview_uuid for v in pack.versions if v.id in fresh})
        if changed:
            conflicts = materialize(session, project_id, changed, on_laptop=True)
    removed = remove_left_sessions(session, project_id, set(uuids), device_id=device_id,
                                   months=pack.months, pack_version=pack_version)
    session.flush()
    return InstalledSessions(conflicts, removed)


def carried_records(store: Store, project_id: str, today: date | None = None) -> int:
    """How many advice sessions and attendances the next pack would carry (for the
    coordinator's preview of a pack; the same window as :func:`build_sessions`)."""
    from fieldkit.sync.consultation import months_before

    today = today or datetime.now(UTC).date()
    with store.session() as session:
        return len(_session_uuids(session, project_id, months_before(today, SESSION_MONTHS)))
