"""Interviewer profiles: a name and a PIN, picked when an interview starts or resumes.

PINs are 4 to 8 digits (any script's digits: a Sorani keyboard types ٠-٩), stored
only as an Argon2id hash (argon2-cffi). Wrong PINs are rate-limited per profile by
a :class:`PinGuard`: after :data:`FREE_ATTEMPTS` failures each further attempt
waits, longer each time. The count is recorded in the audit log with each failure,
so a restart or a new guard does not clear it (a script starting a new process per
guess gets no free tries); the PIN keeps a passer-by out, the store's encryption
(fieldkit.vault) protects a stolen laptop.

On the practice project (and a coordinator's) the interviewer creates their own
profile; on a project laptop the roster arrives with the project pack, where a
profile may come without a PIN: the interviewer sets it on first use. An
interviewer who knows their PIN can change it (:func:`change_pin`).
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldkit.errors import InvalidInput
from fieldkit.i18n import _, ngettext
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.audit import record_event
from fieldkit.store.models import AuditEvent, Interviewer, Project

__all__ = [
    "FREE_ATTEMPTS",
    "InterviewerProfile",
    "PinGuard",
    "PinInvalid",
    "PinLocked",
    "PinWrong",
    "ProfileRefused",
    "change_pin",
    "create_interviewer",
    "list_interviewers",
    "normalise_pin",
    "set_pin",
    "sign_in",
]

PIN_MIN, PIN_MAX = 4, 8
#: Wrong PINs allowed before attempts have to wait.
FREE_ATTEMPTS = 3
FIRST_WAIT_S = 30.0
LONGEST_WAIT_S = 15 * 60.0
#: Projects whose interviewers make their own profiles (a laptop's come in the pack).
SELF_SERVICE_ROLES = ("practice", "coordinator")
OBJECT_TYPE = "interviewer"


class PinInvalid(InvalidInput):
    """A PIN that is not 4 to 8 digits."""


class PinWrong(InvalidInput):
    """A PIN that does not match the profile's."""


class PinLocked(InvalidInput):
    """Too many wrong PINs: the profile waits ``seconds`` before the next try."""

    def __init__(self, name: str, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(ngettext(
            "Too many wrong PINs for {name}: try again in {n} second.",
            "Too many wrong PINs for {name}: try again in {n} seconds.",
            seconds).format(name=name, n=seconds))


class ProfileRefused(InvalidInput):
    """A profile that cannot be made or used here (a duplicate name, a laptop project)."""


@dataclass(frozen=True)
class InterviewerProfile:
    id: str
    project_id: str
    name: str
    has_pin: bool
    active: bool


def _profile(row: Interviewer) -> InterviewerProfile:
    return InterviewerProfile(id=row.id, project_id=row.project_id, name=row.name,
                              has_pin=bool(row.pin_hash), active=row.active)


def normalise_pin(pin: str) -> str:
    """``pin`` as ASCII digits, or :class:`PinInvalid` saying what a PIN is."""
    digits = []
    for char in pin.strip():
        value = unicodedata.decimal(char, None)
        if value is None:
            break
        digits.append(str(value))
    else:
        if PIN_MIN <= len(digits) <= PIN_MAX:
            return "".join(digits)
    raise PinInvalid(_("A PIN is {low} to {high} digits.").format(low=PIN_MIN, high=PIN_MAX))


def _hash(pin: str) -> str:
    from argon2 import PasswordHasher  # imported when needed: keeps start-up light

    return PasswordHasher().hash(pin)


def _matches(pin_hash: str, pin: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


@dataclass
class PinGuard:
    """Counts wrong PINs per profile and makes repeated failures wait. The count and
    the time of the next allowed try are also written with each failure's audit event,
    and a guard takes them up from there (:func:`_recorded_failures`), so a new
    process or a new guard does not start again from zero. Wall-clock time, since a
    monotonic clock means nothing to the next process."""

    clock: Callable[[], float] = time.time
    _failures: dict[str, int] = field(default_factory=dict)
    _until: dict[str, float] = field(default_factory=dict)

    def wait_left(self, interviewer_id: str) -> int:
        """Whole seconds before ``interviewer_id`` may try again (0: now)."""
        left = self._until.get(interviewer_id, 0.0) - self.clock()
        return max(0, int(left + 0.999))

    def failed(self, interviewer_id: str) -> None:
        count = self._failures.get(interviewer_id, 0) + 1
        self._failures[interviewer_id] = count
        if count > FREE_ATTEMPTS - 1:
            wait = min(FIRST_WAIT_S * 2 ** (count - FREE_ATTEMPTS), LONGEST_WAIT_S)
            self._until[interviewer_id] = self.clock() + wait

    def recall(self, interviewer_id: str, failures: int, until: float) -> None:
        """Take up a count recorded by an earlier guard, when it is the larger."""
        if failures > self._failures.get(interviewer_id, 0):
            self._failures[interviewer_id] = failures
            self._until[interviewer_id] = max(until, self._until.get(interviewer_id, 0.0))

    def state(self, interviewer_id: str) -> dict[str, object]:
        return {"failures": self._failures.get(interviewer_id, 0),
                "wait_until": self._until.get(interviewer_id, 0.0)}

    def succeeded(self, interviewer_id: str) -> None:
        self._failures.pop(interviewer_id, None)
        self._until.pop(interviewer_id, None)


#: The guard the app uses (one per process).
DEFAULT_GUARD = PinGuard()


def _audit(db: Session, action: str, row: Interviewer, device_id: str,
           detail: dict[str, object] | None = None) -> None:
    record_event(db, action, object_type=OBJECT_TYPE, object_id=row.id,
                 device_id=device_id, actor=row.name, detail=detail)


def list_interviewers(store: Store, project_id: str) -> list[InterviewerProfile]:
    """The active profiles of ``project_id``, by name."""
    with store.session() as db:
        rows = db.scalars(select(Interviewer)
                          .where(Interviewer.project_id == project_id,
                                 Interviewer.active.is_(True))
                          .order_by(Interviewer.name, Interviewer.id))
        return [_profile(r) for r in rows]


def create_interviewer(store: Store, project_id: str, name: str,
                       pin: str) -> InterviewerProfile:
    """Make a profile on a project whose interviewers make their own (audited)."""
    name = " ".join(name.split())
    if not name:
        raise ProfileRefused(_("Give the interviewer's name."))
    pin_hash = _hash(normalise_pin(pin))
    device_id = ensure_local_device(store).id
    with store.session() as db:
        project = db.get(Project, project_id)
        if project is None:
            raise ProfileRefused(_("There is no project {id} in this data store.")
                                 .format(id=project_id))
        if project.role not in SELF_SERVICE_ROLES:
            raise ProfileRefused(_("Interviewer profiles for this project come with its "
                                   "project pack; ask your coordinator to add {name}.")
                                 .format(name=name))
        same = db.scalar(select(func.count()).select_from(Interviewer).where(
            Interviewer.project_id == project_id, Interviewer.active.is_(True),
            func.lower(Interviewer.name) == name.lower()))
        if same:
            raise ProfileRefused(_("There is already a profile called {name}; pick it, "
                                   "or give a different name.").format(name=name))
        row = Interviewer(project_id=project_id, name=name, pin_hash=pin_hash, active=True)
        db.add(row)
        db.flush()
        _audit(db, "interviewer_create", row, device_id)
        profile = _profile(row)
    _wrap_store_key(store, profile.id, normalise_pin(pin))
    return profile


def set_pin(store: Store, interviewer_id: str, pin: str) -> InterviewerProfile:
    """Give a profile that has none (e.g. from a project pack) its PIN."""
    pin_hash = _hash(normalise_pin(pin))
    device_id = ensure_local_device(store).id
    with store.session() as db:
        row = _active(db, interviewer_id)
        if row.pin_hash:
            raise ProfileRefused(_("{name} already has a PIN.").format(name=row.name))
        row.pin_hash = pin_hash
        _audit(db, "interviewer_set_pin", row, device_id)
        profile = _profile(row)
    _wrap_store_key(store, interviewer_id, normalise_pin(pin))
    return profile


def _active(db: Session, interviewer_id: str) -> Interviewer:
    row = db.get(Interviewer, interviewer_id)
    if row is None or not row.active:
        raise ProfileRefused(_("There is no interviewer profile {id} here.")
                             .format(id=interviewer_id))
    return row


def _check_pin(store: Store, interviewer_id: str, pin: str, *, guard: PinGuard,
               device_id: str, failed_action: str) -> None:
    """Return if ``pin`` is the profile's; otherwise count the failure with ``guard``,
    audit ``failed_action`` (without the PIN) and raise :class:`PinWrong` or
    :class:`PinLocked`. A locked profile's PIN is not even checked."""
    with store.session() as db:
        row = _active(db, interviewer_id)
        name = row.name
        if not row.pin_hash:
            raise ProfileRefused(_("{name} has no PIN yet: set one first.").format(name=name))
        _recall(db, guard, interviewer_id)
        wait = guard.wait_left(interviewer_id)
        if wait:
            raise PinLocked(name, wait)
        pin_hash = row.pin_hash
    try:
        ok = _matches(pin_hash, normalise_pin(pin))
    except PinInvalid:
        ok = False
    if ok:
        return
    with store.session() as db:
        row = _active(db, interviewer_id)
        _recall(db, guard, interviewer_id)  # another process may have failed meanwhile
        guard.failed(interviewer_id)
        _audit(db, failed_action, row, device_id, detail=guard.state(interviewer_id))
    wait = guard.wait_left(interviewer_id)
    if wait:
        raise PinLocked(name, wait)
    raise PinWrong(_("That is not {name}'s PIN. Try again.").format(name=name))


_FAILED_ACTIONS = ("sign_in_failed", "interviewer_change_pin_failed")
_RIGHT_PIN_ACTIONS = ("sign_in", "interviewer_change_pin", "interviewer_set_pin",
                      "interviewer_create")


def _recall(db: Session, guard: PinGuard, interviewer_id: str) -> None:
    """Give ``guard`` the wrong-PIN count the audit log recorded last for the profile,
    unless a right PIN came after it."""
    import json

    last = db.execute(
        select(AuditEvent.action, AuditEvent.detail)
        .where(AuditEvent.object_type == OBJECT_TYPE, AuditEvent.object_id == interviewer_id,
               AuditEvent.action.in_(_FAILED_ACTIONS + _RIGHT_PIN_ACTIONS))
        .order_by(AuditEvent.id.desc()).limit(1)).first()
    if last is None or last.action not in _FAILED_ACTIONS:
        return
    try:
        detail = json.loads(last.detail or "{}")
        guard.recall(interviewer_id, int(detail["failures"]), float(detail["wait_until"]))
    except (ValueError, KeyError, TypeError):
        return  # an event from before the count was recorded


def sign_in(store: Store, interviewer_id: str, pin: str, *,
            guard: PinGuard | None = None) -> InterviewerProfile:
    """Check ``pin`` for the profile; :class:`PinWrong` or :class:`PinLocked` if not.
    Every attempt is audited (without the PIN). ``guard``: the app's by default."""
    guard = guard if guard is not None else DEFAULT_GUARD
    device_id = ensure_local_device(store).id
    _check_pin(store, interviewer_id, pin, guard=guard, device_id=device_id,
               failed_action="sign_in_failed")
    with store.session() as db:
        row = _active(db, interviewer_id)
        guard.succeeded(interviewer_id)
        _audit(db, "sign_in", row, device_id)
        return _profile(row)


def change_pin(store: Store, interviewer_id: str, current_pin: str, new_pin: str, *,
               guard: PinGuard | None = None) -> InterviewerProfile:
    """Replace a profile's PIN, once ``current_pin`` is right. The current PIN is
    checked as :func:`sign_in` checks it (the same guard: wrong PINs here count
    towards the wait, and are audited); the new one follows the creation rules."""
    guard = guard if guard is not None else DEFAULT_GUARD
    new = normalise_pin(new_pin)  # before the current PIN: a typo costs no attempt
    try:
        same = normalise_pin(current_pin) == new
    except PinInvalid:
        same = False  # not a PIN at all: the check below says it is wrong
    if same:
        raise ProfileRefused(_("The new PIN is the same as the current one; "
                               "choose a different PIN."))
    device_id = ensure_local_device(store).id
    _check_pin(store, interviewer_id, current_pin, guard=guard, device_id=device_id,
               failed_action="interviewer_change_pin_failed")
    pin_hash = _hash(new)
    with store.session() as db:
        row = _active(db, interviewer_id)
        guard.succeeded(interviewer_id)
        row.pin_hash = pin_hash
        _audit(db, "interviewer_change_pin", row, device_id)
        profile = _profile(row)
    _wrap_store_key(store, interviewer_id, new)
    return profile


def _wrap_store_key(store: Store, interviewer_id: str, pin: str) -> None:
    """On an encrypted store (fieldkit.vault) the PIN an interviewer signs in with is
    also the one that unlocks the store: wrap its data key for the new PIN (the old
    wrap of this interviewer is replaced)."""
    from fieldkit.store.cipher import key_of

    key = key_of(store.engine)
    if key is None or not store.engine.url.database:
        return
    from pathlib import Path

    from fieldkit.vault.unlock import add_secret

    add_secret(Path(store.engine.url.database), key, pin, kind="pin", owner=interviewer_id)
