"""Finding a person among the records a store holds (subject access, F13).

A search text is compared with each record's name by the returning-attendee matcher
(fieldkit.attendance.matching: diacritics, Cyrillic/Latin and Arabic-script
transliteration, spelling variants, word order), and with its phone number and
postcode. Records of one person are then gathered around the best hit, the *anchor*:
records whose name is very close to the anchor's and whose year of birth and phone
do not contradict it are the person's *records*; those merely alike are *possible*,
for a person to confirm or not (the GUI ticks, the command line's ``--only``).

A person's id names their anchor record (a hash of its reference), so the same
search gives the same ids, and ``person export``/``person erase`` find them again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from fieldkit.attendance.matching import SUGGEST_MIN, latin_key, name_score
from fieldkit.errors import UsageError
from fieldkit.i18n import _
from fieldkit.privacy.held import HeldRecord, RecordKind, held_records, postcode_key

__all__ = ["SAME_MIN", "Candidate", "Person", "find_people", "person_by_id", "person_id"]

#: A name this close to the anchor's (0-100), not contradicted, is the same person.
SAME_MIN = 90.0
#: Years of birth further apart than this contradict a match (a guess at the year).
_YEAR_SLACK = 1


@dataclass(frozen=True)
class Candidate:
    record: HeldRecord
    #: How alike it is to the anchor (0-100).
    score: float


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    #: The anchor first, then the records taken to be the same person.
    records: tuple[Candidate, ...]
    #: Records alike enough to ask about, not taken without a person confirming.
    possible: tuple[Candidate, ...] = ()

    def chosen(self, only: Sequence[str] = ()) -> list[HeldRecord]:
        """The records to act on: all of :attr:`records`, or exactly ``only`` (record
        references among records and possible ones, as a person confirmed them)."""
        if not only:
            return [c.record for c in self.records]
        known = {c.record.ref: c.record for c in (*self.records, *self.possible)}
        missing = [ref for ref in only if ref not in known]
        if missing:
            raise UsageError(_("--only {ref}: not a record of person {id}; see 'fieldkit "
                               "person find'.").format(ref=missing[0], id=self.id))
        return [known[ref] for ref in dict.fromkeys(only)]


def person_id(record: HeldRecord) -> str:
    return "p-" + hashlib.sha256(record.ref.encode("utf-8")).hexdigest()[:12]


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _query_score(query: str, record: HeldRecord) -> float:
    """How well ``query`` finds ``record``: by name, or exactly by phone or postcode."""
    digits = _digits(query)
    if len(digits) >= 6 and record.phone and (record.phone.endswith(digits[-9:])
                                               or digits.endswith(record.phone[-9:])):
        return 100.0
    code = postcode_key(query)
    if len(code) >= 5 and record.postcode == code:
        return 100.0
    return name_score(query, record.name)


def _same_score(anchor: HeldRecord, other: HeldRecord) -> float:
    if anchor.phone and other.phone and anchor.phone[-9:] == other.phone[-9:]:
        return 100.0
    score = name_score(anchor.name, other.name)
    if min(len(latin_key(anchor.name).split()), len(latin_key(other.name).split())) < 2:
        # A first name or initials alone names many people: ask, never assume.
        score = min(score, SAME_MIN - 1)
    if anchor.year_of_birth and other.year_of_birth \
            and abs(anchor.year_of_birth - other.year_of_birth) > _YEAR_SLACK:
        score -= 30
    if anchor.phone and other.phone:
        score -= 10  # different phones: not proof, but no longer certain
    return score


def _gather(anchor: HeldRecord, records: Sequence[HeldRecord]) -> Person:
    same, possible = [Candidate(anchor, 100.0)], []
    for record in records:
        if record.ref == anchor.ref:
            continue
        score = _same_score(anchor, record)
        if score >= SAME_MIN:
            same.append(Candidate(record, score))
        elif score >= SUGGEST_MIN:
            possible.append(Candidate(record, score))

    def order(c: Candidate) -> tuple[float, datetime, str]:
        return (-c.score, c.record.created_at, c.record.ref)

    return Person(person_id(anchor), anchor.name,
                  (same[0], *sorted(same[1:], key=order)), tuple(sorted(possible, key=order)))


def find_people(session: Session, project_id: str, text: str, *, limit: int = 50
                ) -> list[Person]:
    """The people whose records ``text`` finds (a name in any spelling or script, a
    phone number, a postcode), best match first."""
    query = " ".join(text.split())
    if not query:
        raise UsageError(_("Give a name, phone number or postcode to look for."))
    records = held_records(session, project_id)
    hits = sorted(((s, r) for r in records if (s := _query_score(query, r)) >= SUGGEST_MIN),
                  key=lambda hit: (-hit[0], hit[1].kind is RecordKind.CONSENT,
                                   hit[1].created_at, hit[1].ref))
    people: list[Person] = []
    covered: set[str] = set()
    for _score, record in hits:
        if record.ref in covered:
            continue
        person = _gather(record, records)
        covered.update(c.record.ref for c in person.records)
        people.append(person)
        if len(people) >= limit:
            break
    return people


def person_by_id(session: Session, project_id: str, pid: str) -> Person:
    """The person ``pid`` names (an id from :func:`find_people`)."""
    records = held_records(session, project_id)
    for record in records:
        if person_id(record) == pid.strip():
            return _gather(record, records)
    raise UsageError(_("{id}: no such person in this project (erased already, or not an "
                       "id from 'fieldkit person find').").format(id=pid))
