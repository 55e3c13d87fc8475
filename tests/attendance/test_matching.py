"""Matching quality on a labelled set of name variants, and its building blocks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fieldkit.attendance.matching import (
    PersonIndex,
    latin_key,
    name_score,
    phone_digits,
    sound_key,
)
from fieldkit.attendance.records import AttendanceRecord
from tests.attendance.name_variants import DIFFERENT, SAME_PERSON

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def record(uuid: str, person: str, name: str, **values: str) -> AttendanceRecord:
    return AttendanceRecord(uuid=uuid, session_uuid="s1", person=person,
                            values={"consent": "yes", "attendee_name": name, **values},
                            created_at=NOW)


def labelled_index() -> PersonIndex:
    """Everyone's first recorded spelling, plus the look-alike people."""
    records = [record(f"a{i}", f"p{i}", group[0]) for i, group in enumerate(SAME_PERSON)]
    records += [record(f"d{i}", f"d{i}", name) for i, name in enumerate(DIFFERENT)]
    return PersonIndex(records)


def test_keys_fold_script_diacritics_and_transliteration() -> None:
    assert latin_key("Ștefan  LĂCĂTUȘ") == "stefan lacatus"
    assert latin_key("Димитър") == "dimitar"
    assert sound_key("Христо Петров") == sound_key("Khristo Petroff") == sound_key("Hristo Petrov")
    assert sound_key("Йордан Цветанов") == sound_key("Jordan Cvetanov")
    assert sound_key("Живко Щерев") == sound_key("Zhivko Shterev")


def test_phone_compares_the_last_nine_digits() -> None:
    assert phone_digits("+44 7700 900123") == phone_digits("07700900123")


def test_name_order_and_left_out_middle_name() -> None:
    assert name_score("Maria Popescu", "Popescu Maria") == 100
    assert name_score("Elena Maria Dumitru", "Elena Dumitru") >= 90


def test_matching_quality_on_the_labelled_set() -> None:
    """Every later spelling is looked up as a worker would type it. A hit is the
    right person suggested first; precision counts wrong people suggested first."""
    index = labelled_index()
    right = wrong = missed = 0
    for i, group in enumerate(SAME_PERSON):
        for variant in group[1:]:
            found = index.suggest(variant)
            if not found:
                missed += 1
            elif found[0].person.person == f"p{i}":
                right += 1
            else:
                wrong += 1
    precision = right / (right + wrong)
    recall = right / (right + wrong + missed)
    print(f"matching: {right} right, {wrong} wrong, {missed} missed; "
          f"precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95
    assert recall >= 0.95


def test_new_people_are_rarely_taken_for_someone_else() -> None:
    """Names of people never seen, alike to people in the index: how many get a
    confident first suggestion (one a worker might accept without thinking)."""
    index = PersonIndex([record(f"a{i}", f"p{i}", g[0]) for i, g in enumerate(SAME_PERSON)])
    confident = [name for name in DIFFERENT
                 if (found := index.suggest(name)) and found[0].score >= 90]
    print(f"look-alikes suggested with score >= 90: {len(confident)} of {len(DIFFERENT)}: "
          f"{confident}")
    assert len(confident) <= 2


@pytest.mark.parametrize(("year", "phone", "confirmed", "first"), [
    ("1984", "", ("year_of_birth",), "p1"),
    ("", "07700 900001", ("phone",), "p1"),
    ("1960", "", (), "p2"),
])
def test_year_of_birth_and_phone_confirm_or_count_against(
        year: str, phone: str, confirmed: tuple[str, ...], first: str) -> None:
    index = PersonIndex([
        record("a1", "p1", "Maria Ivanova", year_of_birth="1984", phone="+44 7700 900001"),
        record("a2", "p2", "Mariya Ivanova", year_of_birth="1961"),
    ])
    found = index.suggest("Мария Иванова", year_of_birth=year, phone=phone)
    assert found[0].person.person == first
    assert found[0].confirmed_by == confirmed


def test_anonymous_visits_are_not_in_the_index() -> None:
    anonymous = AttendanceRecord("a1", "s1", "", {"consent": "no"}, NOW)
    assert len(PersonIndex([anonymous])) == 0


def test_a_person_keeps_every_spelling_seen() -> None:
    index = PersonIndex([record("a1", "p1", "Hristo Petrov"), record("a2", "p1", "Христо Петров")])
    person = index.people["p1"]
    assert person.visits == 2
    assert person.names == {"Hristo Petrov", "Христо Петров"}
