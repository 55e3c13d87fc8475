"""Interviewer profiles: made on the practice project, PINs hashed, wrong PINs
refused and then rate-limited, every attempt audited."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from fieldkit.interviewers import (
    FREE_ATTEMPTS,
    PinGuard,
    PinInvalid,
    PinLocked,
    PinWrong,
    ProfileRefused,
    change_pin,
    create_interviewer,
    list_interviewers,
    normalise_pin,
    set_pin,
    sign_in,
)
from fieldkit.projects import current_project
from fieldkit.store import Store, open_store
from fieldkit.store.models import AuditEvent, Interviewer, Project


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def project_id(store: Store) -> str:
    return current_project(store).id


def test_profile_made_with_a_hashed_pin(store: Store, project_id: str) -> None:
    made = create_interviewer(store, project_id, "  Ola   Nowak ", "2468")
    assert (made.name, made.has_pin, made.active) == ("Ola Nowak", True, True)
    with store.session() as db:
        row = db.get_one(Interviewer, made.id)
        assert row.pin_hash is not None and row.pin_hash.startswith("$argon2id$")
        assert "2468" not in row.pin_hash
        event = db.scalars(select(AuditEvent)).one()
    assert (event.action, event.object_type, event.object_id, event.actor) == (
        "interviewer_create", "interviewer", made.id, "Ola Nowak")
    assert list_interviewers(store, project_id) == [made]
    assert sign_in(store, made.id, "2468", guard=PinGuard()) == made


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "12 34"])
def test_pin_must_be_4_to_8_digits(store: Store, project_id: str, pin: str) -> None:
    with pytest.raises(PinInvalid, match="4 to 8 digits"):
        create_interviewer(store, project_id, "Ola", pin)
    assert list_interviewers(store, project_id) == []


def test_digits_of_any_script_are_a_pin() -> None:
    assert normalise_pin("١٢٣٤") == "1234"  # Arabic-Indic
    assert normalise_pin("۵۶۷۸") == "5678"  # Extended (Persian, Sorani keyboards)


def test_names_are_unique_ignoring_case(store: Store, project_id: str) -> None:
    create_interviewer(store, project_id, "Amina Yusuf", "1111")
    with pytest.raises(ProfileRefused, match="already a profile called"):
        create_interviewer(store, project_id, "amina yusuf", "2222")
    with pytest.raises(ProfileRefused, match="name"):
        create_interviewer(store, project_id, "   ", "2222")


def test_laptop_profiles_come_from_the_pack(store: Store) -> None:
    with store.session() as db:
        laptop = Project(name="Study", role="laptop")
        db.add(laptop)
        db.flush()
        db.add(Interviewer(project_id=laptop.id, name="Dana", pin_hash=None))
        laptop_id = laptop.id
    with pytest.raises(ProfileRefused, match="project pack"):
        create_interviewer(store, laptop_id, "Someone", "1234")
    [dana] = list_interviewers(store, laptop_id)
    assert not dana.has_pin
    with pytest.raises(ProfileRefused, match="no PIN yet"):
        sign_in(store, dana.id, "1234", guard=PinGuard())
    set_pin(store, dana.id, "9090")
    with pytest.raises(ProfileRefused, match="already has a PIN"):
        set_pin(store, dana.id, "1111")
    assert sign_in(store, dana.id, "9090", guard=PinGuard()).name == "Dana"


def test_wrong_pins_are_refused_then_rate_limited(store: Store, project_id: str) -> None:
    made = create_interviewer(store, project_id, "Ola", "2468")
    clock = FakeClock()
    guard = PinGuard(clock=clock)
    for _attempt in range(FREE_ATTEMPTS - 1):
        with pytest.raises(PinWrong, match="not Ola's PIN"):
            sign_in(store, made.id, "1357", guard=guard)
    with pytest.raises(PinLocked, match="try again in 30 seconds"):
        sign_in(store, made.id, "1357", guard=guard)
    # Locked: even the right PIN waits, and is not checked.
    with pytest.raises(PinLocked, match="in 30 seconds"):
        sign_in(store, made.id, "2468", guard=guard)
    clock.now += 30
    with pytest.raises(PinLocked, match="in 60 seconds"):  # each failure waits longer
        sign_in(store, made.id, "0000", guard=guard)
    clock.now += 60
    assert sign_in(store, made.id, "2468", guard=guard).id == made.id
    with pytest.raises(PinWrong):  # a success starts the count again
        sign_in(store, made.id, "0000", guard=guard)
    with store.session() as db:
        actions = [e.action for e in db.scalars(
            select(AuditEvent).where(AuditEvent.object_type == "interviewer")
            .order_by(AuditEvent.id))]
        details = {e.detail for e in db.scalars(select(AuditEvent))}
    assert actions == ["interviewer_create", *["sign_in_failed"] * (FREE_ATTEMPTS + 1),
                       "sign_in", "sign_in_failed"]
    assert all("2468" not in d and "1357" not in d for d in details)
    # Never a PIN: only the count and the wait, for the next process.
    assert all(set(json.loads(d)) <= {"failures", "wait_until"} for d in details)


def _pin_hash(store: Store, interviewer_id: str) -> str | None:
    with store.session() as db:
        return db.get_one(Interviewer, interviewer_id).pin_hash


def _actions(store: Store) -> list[str]:
    with store.session() as db:
        return [e.action for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_pin_changed_with_the_current_one(store: Store, project_id: str) -> None:
    made = create_interviewer(store, project_id, "Ola", "2468")
    guard = PinGuard()
    assert change_pin(store, made.id, "2468", "١٣٥٧", guard=guard) == made
    with pytest.raises(PinWrong, match="not Ola's PIN"):
        sign_in(store, made.id, "2468", guard=guard)
    assert sign_in(store, made.id, "1357", guard=guard).id == made.id
    assert _actions(store) == ["interviewer_create", "interviewer_change_pin",
                               "sign_in_failed", "sign_in"]
    with store.session() as db:
        details = [e.detail for e in db.scalars(select(AuditEvent))]
    # Never a PIN: only the count and the wait, for the next process.
    assert all(set(json.loads(d)) <= {"failures", "wait_until"} for d in details)


def test_wrong_current_pin_changes_nothing(store: Store, project_id: str) -> None:
    made = create_interviewer(store, project_id, "Ola", "2468")
    before = _pin_hash(store, made.id)
    with pytest.raises(PinWrong, match="not Ola's PIN"):
        change_pin(store, made.id, "1111", "1357", guard=PinGuard())
    assert _pin_hash(store, made.id) == before
    assert _actions(store) == ["interviewer_create", "interviewer_change_pin_failed"]
    assert sign_in(store, made.id, "2468", guard=PinGuard()).id == made.id


@pytest.mark.parametrize("new", ["123", "123456789", "12a4", ""])
def test_new_pin_follows_the_creation_rules(store: Store, project_id: str, new: str) -> None:
    made = create_interviewer(store, project_id, "Ola", "2468")
    before = _pin_hash(store, made.id)
    with pytest.raises(PinInvalid, match="4 to 8 digits"):
        change_pin(store, made.id, "2468", new, guard=PinGuard())
    assert _pin_hash(store, made.id) == before
    assert _actions(store) == ["interviewer_create"]  # no attempt used up


def test_new_pin_must_differ(store: Store, project_id: str) -> None:
    made = create_interviewer(store, project_id, "Ola", "2468")
    before = _pin_hash(store, made.id)
    with pytest.raises(ProfileRefused, match="same as the current one"):
        change_pin(store, made.id, "2468", "٢٤٦٨", guard=PinGuard())  # same digits
    assert _pin_hash(store, made.id) == before


def test_wrong_current_pins_lock_as_signing_in_does(store: Store, project_id: str) -> None:
    made = create_interviewer(store, project_id, "Ola", "2468")
    clock = FakeClock()
    guard = PinGuard(clock=clock)
    before = _pin_hash(store, made.id)
    for _attempt in range(FREE_ATTEMPTS - 1):
        with pytest.raises(PinWrong):
            change_pin(store, made.id, "1111", "1357", guard=guard)
    with pytest.raises(PinLocked, match="try again in 30 seconds"):
        change_pin(store, made.id, "1111", "1357", guard=guard)
    # Locked for signing in too, and the right PIN is not checked meanwhile.
    with pytest.raises(PinLocked, match="in 30 seconds"):
        sign_in(store, made.id, "2468", guard=guard)
    with pytest.raises(PinLocked, match="in 30 seconds"):
        change_pin(store, made.id, "2468", "1357", guard=guard)
    assert _pin_hash(store, made.id) == before
    clock.now += 30
    change_pin(store, made.id, "2468", "1357", guard=guard)
    assert guard.wait_left(made.id) == 0  # a success starts the count again
    assert _actions(store) == ["interviewer_create",
                               *["interviewer_change_pin_failed"] * FREE_ATTEMPTS,
                               "interviewer_change_pin"]


def test_a_new_guard_takes_up_the_recorded_count(store: Store) -> None:
    """A new process (a new guard) starts where the last one stopped: the count of
    wrong PINs and the wait are in the audit log."""
    clock = FakeClock()
    project = current_project(store)
    made = create_interviewer(store, project.id, "Eve", "2468")
    for _attempt in range(FREE_ATTEMPTS - 1):
        with pytest.raises(PinWrong):
            sign_in(store, made.id, "1111", guard=PinGuard(clock=clock))
    with pytest.raises(PinLocked, match="in 30 seconds"):
        sign_in(store, made.id, "1111", guard=PinGuard(clock=clock))
    with pytest.raises(PinLocked, match="in 30 seconds"):
        sign_in(store, made.id, "2468", guard=PinGuard(clock=clock))
    clock.now += 30
    with pytest.raises(PinLocked, match="in 60 seconds"):
        sign_in(store, made.id, "1111", guard=PinGuard(clock=clock))
    clock.now += 60
    assert sign_in(store, made.id, "2468", guard=PinGuard(clock=clock)).id == made.id
    # The right PIN clears it for the next process too.
    with pytest.raises(PinWrong):
        sign_in(store, made.id, "1111", guard=PinGuard(clock=clock))
