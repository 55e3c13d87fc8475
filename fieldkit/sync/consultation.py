"""The consultation register: coordinated consultation without over-surveying.

The coordinator's pack carries, for every address surveyed or consulted in the last
N months (``sync_project.consultation_months``), a keyed hash of the address (HMAC
with the project's household key, see households.py) and the day; no address, name
or interview id in clear. The household key itself travels wrapped (a SecretBox)
once per interviewer under a key derived from that interviewer's enrolment code, so
a lost pack without a code cannot be used to test addresses against the register.

On the laptop ``check_consultation`` hashes the address the interviewer typed and
looks it up in the register and among this laptop's own interviews.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import nacl.hash
from nacl.encoding import RawEncoder
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from fieldkit.errors import OptionError, RejectedInput, UsageError
from fieldkit.i18n import _
from fieldkit.store import Store
from fieldkit.store.models import (
    Answer,
    ConsultationEntry,
    Interview,
    Interviewer,
    Project,
    ProjectSecret,
    SyncHousehold,
    SyncProject,
)
from fieldkit.sync import keys
from fieldkit.sync.duplicates import flag_duplicates, household_key_in
from fieldkit.sync.households import address_key, household_of, is_household_path, keyed
from fieldkit.sync.project_role import coordinator_project

__all__ = ["CONSULTATION_SECRET", "ConsultationHit", "Register", "build_register",
           "check_consultation", "install_register", "months_before", "read_register",
           "set_consultation_months", "unwrap_for_interviewer", "wrap_for_interviewers"]

#: Laptop: the household key, unwrapped from the pack at join.
CONSULTATION_SECRET = "sync/consultation-key"


@dataclass(frozen=True)
class ConsultationHit:
    consulted_on: date
    months: int  # the register's reach
    source: str  # "register": the coordinator's pack; "laptop": an interview on this laptop


@dataclass(frozen=True)
class Register:
    months: int
    key: bytes | None  # None: the pack had no key for this interviewer
    entries: tuple[tuple[str, date], ...]


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30,
            31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return date(year, month, min(day.day, last))


def _wrapping_key(code: str, project_id: str, interviewer_id: str,
                  purpose: bytes = b"fieldkit-consultation-v1") -> bytes:
    return nacl.hash.blake2b(
        b"|".join([purpose, project_id.encode(), interviewer_id.encode()]),
        digest_size=SecretBox.KEY_SIZE, key=keys.normalise_code(code).encode(),
        encoder=RawEncoder)


def wrap_for_interviewers(session: Session, project_id: str, key: bytes,
                          purpose: bytes = b"fieldkit-consultation-v1") -> dict[str, str]:
    """``key`` in a SecretBox once per active interviewer, under a key derived from
    their enrolment code: {interviewer id: hex}."""
    wrapped = {}
    for person in session.scalars(select(Interviewer).where(
            Interviewer.project_id == project_id, Interviewer.active)):
        code = session.get(ProjectSecret, (project_id, keys.enrolment_code_secret(person.id)))
        if code is not None:
            box = SecretBox(_wrapping_key(code.value.decode(), project_id, person.id, purpose))
            wrapped[person.id] = bytes(box.encrypt(key)).hex()
    return wrapped


def unwrap_for_interviewer(wrapped: dict[str, Any], project_id: str, interviewer_id: str,
                           code: str, purpose: bytes = b"fieldkit-consultation-v1"
                           ) -> bytes | None:
    """The key wrapped for ``interviewer_id`` (None: the pack has none for them). A
    wrong code is a usage error (exit 2)."""
    if interviewer_id not in wrapped:
        return None
    try:
        return bytes(SecretBox(_wrapping_key(code, project_id, interviewer_id, purpose))
                     .decrypt(bytes.fromhex(str(wrapped[interviewer_id]))))
    except (CryptoError, ValueError, TypeError) as exc:
        raise OptionError("--code", _("this is not the enrolment code the coordinator "
                                      "gave this interviewer; check it or ask your "
                                      "coordinator.")) from exc


# -- coordinator ----------------------------------------------------------------------


def set_consultation_months(store: Store, months: int) -> None:
    if not 0 <= months <= 120:
        raise UsageError(_("--months: give a number of months from 0 (no register) to 120."))
    project = coordinator_project(store)
    with store.session() as session:
        session.get_one(SyncProject, project.id).consultation_months = months


def build_register(store: Store, project_id: str, today: date | None = None
                   ) -> dict[str, Any] | None:
    """The pack's ``consultation`` member (None when the project keeps no register)."""
    today = today or datetime.now(UTC).date()
    with store.session() as session:
        months = session.get_one(SyncProject, project_id).consultation_months
        if months <= 0:
            return None
        key = household_key_in(session, project_id)
        # Interviews entered here (not imported) get their household keys now.
        missing = list(session.scalars(
            select(Interview.uuid).outerjoin(SyncHousehold,
                                              SyncHousehold.interview_uuid == Interview.uuid)
            .where(Interview.project_id == project_id, Interview.status != "draft",
                   SyncHousehold.interview_uuid.is_(None))))
        flag_duplicates(session, project_id, missing)
        since = months_before(today, months)
        latest: dict[str, date] = {}
        for address_hash, finalized, created in session.execute(
                select(SyncHousehold.address_hash, Interview.finalized_at,
                       Interview.created_at)
                .join(Interview, Interview.uuid == SyncHousehold.interview_uuid)
                .where(SyncHousehold.project_id == project_id)):
            day = (finalized or created).date()
            if day >= since and day > latest.get(address_hash, date.min):
                latest[address_hash] = day
        wrapped = wrap_for_interviewers(session, project_id, key)
        return {"months": months, "keys": wrapped,
                "entries": sorted([h, d.isoformat()] for h, d in latest.items())}


# -- laptop ---------------------------------------------------------------------------


def read_register(data: Any, project_id: str, interviewer_id: str, code: str,
                  label: str) -> Register | None:
    """Check the pack's register and unwrap its key with the interviewer's code,
    without touching the store. A wrong code is a usage error (exit 2)."""
    if data is None:
        return None
    try:
        months = int(data["months"])
        entries = tuple((str(h), date.fromisoformat(str(d))) for h, d in data["entries"])
        wrapped = dict(data["keys"])
        ok = all(len(h) == 64 for h, _d in entries)
    except (KeyError, TypeError, ValueError) as exc:
        raise RejectedInput(_("{path}: the pack's consultation register is malformed.")
                            .format(path=label)) from exc
    if not ok:
        raise RejectedInput(_("{path}: the pack's consultation register is malformed.")
                            .format(path=label))
    key = unwrap_for_interviewer(wrapped, project_id, interviewer_id, code)
    return Register(months, key, entries)


def install_register(session: Session, project_id: str, register: Register | None) -> None:
    """Replace the laptop's register with the pack's (inside the join's transaction)."""
    session.execute(delete(ConsultationEntry).where(ConsultationEntry.project_id == project_id))
    sync = session.get_one(SyncProject, project_id)
    if register is None:
        sync.consultation_months = 0
        return
    sync.consultation_months = register.months
    if register.key is not None:
        session.merge(ProjectSecret(project_id=project_id, name=CONSULTATION_SECRET,
                                    value=register.key))
    session.add_all(ConsultationEntry(project_id=project_id, address_hash=h, consulted_on=d)
                    for h, d in register.entries)
    session.flush()


def check_consultation(store: Store, address: str, postcode: str, *,
                       exclude_uuid: str | None = None, today: date | None = None
                       ) -> ConsultationHit | None:
    """Was this address surveyed or consulted within the register's months? The most
    recent hit from the coordinator's register or this laptop's own interviews."""
    where = address_key(postcode or "", address or "")
    if where is None:
        return None
    today = today or datetime.now(UTC).date()
    hits: list[ConsultationHit] = []
    with store.session() as session:
        project = session.scalars(select(Project).where(Project.role == "laptop")
                                  .order_by(Project.created_at)).first()
        sync = session.get(SyncProject, project.id) if project is not None else None
        months = sync.consultation_months if sync is not None else 12
        if months <= 0:
            return None
        since = months_before(today, months)
        secret = (session.get(ProjectSecret, (project.id, CONSULTATION_SECRET))
                  if project is not None else None)
        if project is not None and secret is not None:
            entry = session.get(ConsultationEntry, (project.id, keyed(secret.value, where)))
            if entry is not None and entry.consulted_on >= since:
                hits.append(ConsultationHit(entry.consulted_on, months, "register"))
        hits.extend(_local_hits(session, where, exclude_uuid, since, months))
    return max(hits, key=lambda h: h.consulted_on, default=None)


def _local_hits(session: Session, where: str, exclude_uuid: str | None, since: date,
                months: int) -> list[ConsultationHit]:


    answers: dict[str, dict[str, str | None]] = {}
    for uuid, path, value in session.execute(
            select(Answer.interview_uuid, Answer.path, Answer.value).where(
                or_(Answer.path.like("%/postcode"), Answer.path.like("%/address")))):
        if uuid != exclude_uuid and is_household_path(path):
            answers.setdefault(uuid, {})[path] = value
    same = [u for u, a in answers.items()
            if (h := household_of(a)) and address_key(h.postcode, h.address) == where]
    if not same:
        return []
    out = []
    for finalized, created in session.execute(
            select(Interview.finalized_at, Interview.created_at)
            .where(Interview.uuid.in_(same[:500]))):
        day = (finalized or created).date()
        if day >= since:
            out.append(ConsultationHit(day, months, "laptop"))
    return out


def register_size(store: Store, project_id: str) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(ConsultationEntry).where(
            ConsultationEntry.project_id == project_id)) or 0
