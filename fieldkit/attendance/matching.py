"""Recognising returning attendees from a typed name.

Names of Roma families from Romania and Bulgaria reach a session spelt in many ways:
with or without diacritics (Ștefan, Stefan, Ştefan), in Cyrillic or Latin script
(Христо Петров, Hristo Petrov, Khristo Petroff), first name and surname swapped,
a middle name left out. Each name gets two keys: a plain Latin key (anyascii
transliteration, case and diacritics folded) and a *sound key* that also folds the
usual transliteration variants (kh/h, zh/j, y/i, w/v, ts/tz/c, doubled letters...).
rapidfuzz compares the keys word-order-insensitively; the best of the two wins.
Year of birth and phone, when both sides have them, confirm or count against a match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from anyascii import anyascii
from rapidfuzz import fuzz, process

from fieldkit.attendance.records import AttendanceRecord

__all__ = ["SUGGEST_MIN", "Match", "PersonIndex", "latin_key", "name_score", "sound_key"]

#: Suggestions below this score (0-100) are not offered.
SUGGEST_MIN = 78.0

# Applied in order to a Latin key; each folds spellings of one sound together.
_SOUND_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement) for pattern, replacement in (
        (r"shch|sht", "st"),     # Bulgarian Щ: anyascii gives shch, Bulgarians write sht
        (r"dzh|dj", "j"),        # Джордж / Djordj / Jordj
        (r"zh", "j"),            # Живко / Zhivko / Jivko
        (r"kh", "h"),            # Христо / Khristo / Hristo
        (r"sh", "s"),            # Șerban / Sherban / Serban
        (r"tz|ts", "c"),         # Цветан / Tsvetan / Tzvetan / Cvetan
        (r"ph", "f"),
        (r"w", "v"),             # Petrow / Petrov
        (r"q", "k"),
        (r"ck", "k"),
        (r"x", "ks"),
        (r"y", "i"),             # Yordan / Iordan, Dimitriy / Dimitrii
        (r"j(?=[aeiou])", "i"),  # Jordan / Iordan, Marja / Maria
        (r"ei", "e"),
        (r"off\b", "ov"),        # Petroff / Petrov
        (r"ff\b", "f"),
        (r"(.)\1+", r"\1"),      # doubled letters: Ionn, Marrin
        (r"(?<=[a-z])h\b", ""),  # final h: Fatmah / Fatma
    ))


def latin_key(name: str) -> str:
    """Latin letters only, lower case, diacritics and script folded, one space between words."""
    # Bulgarian ъ is a vowel (Димитър: Dimitar); anyascii drops it as Russian's hard sign.
    text = anyascii(name.replace("ъ", "а").replace("Ъ", "А")).lower()
    return " ".join(re.sub(r"[^a-z]+", " ", text).split())


def sound_key(name: str) -> str:
    key = latin_key(name)
    for pattern, replacement in _SOUND_RULES:
        key = pattern.sub(replacement, key)
    return key


def _score(a_latin: str, a_sound: str, b_latin: str, b_sound: str) -> float:
    if not a_latin or not b_latin:
        return 0.0
    best = max(fuzz.token_sort_ratio(a_latin, b_latin), fuzz.token_sort_ratio(a_sound, b_sound))
    # A left-out middle name or second surname: all words of the shorter name found.
    if min(len(a_sound.split()), len(b_sound.split())) >= 2:
        best = max(best, fuzz.token_set_ratio(a_sound, b_sound) - 4)
    return float(best)


def name_score(a: str, b: str) -> float:
    """How alike two names are, 0-100, tolerant of the variants above."""
    return _score(latin_key(a), sound_key(a), latin_key(b), sound_key(b))


def phone_digits(phone: str) -> str:
    """The last nine digits: +44 7700 900123 and 07700900123 compare equal."""
    return re.sub(r"\D", "", phone)[-9:]


@dataclass(frozen=True)
class Person:
    """What earlier sessions know of one person."""

    person: str
    name: str
    names: frozenset[str]
    year_of_birth: str = ""
    phone: str = ""
    language: str = ""
    visits: int = 0
    last_visit: date | None = None


@dataclass(frozen=True)
class Match:
    person: Person
    score: float
    #: "year_of_birth" / "phone" when both sides gave it and it is the same.
    confirmed_by: tuple[str, ...] = ()
    #: The same, where it differs (a reason to ask before linking).
    differs_in: tuple[str, ...] = ()
    name_score: float = field(default=0.0, compare=False)

    @property
    def confirmed(self) -> bool:
        return bool(self.confirmed_by)


class PersonIndex:
    """The people seen at earlier sessions, searchable by name."""

    def __init__(self, records: Iterable[AttendanceRecord],
                 session_dates: Mapping[str, date | None] | None = None) -> None:
        dates = session_dates or {}
        grouped: dict[str, list[AttendanceRecord]] = {}
        for record in records:
            if record.person and not record.anonymous:
                grouped.setdefault(record.person, []).append(record)
        self.people: dict[str, Person] = {}
        self._keys: list[tuple[str, str, str]] = []  # (person, latin key, sound key)
        for person, visits in grouped.items():
            visits.sort(key=lambda r: (dates.get(r.session_uuid) or date.min, r.created_at))
            latest = visits[-1]
            names = frozenset(r.name for r in visits)

            def last(field_name: str, visits: list[AttendanceRecord] = visits) -> str:
                return next((r.value(field_name) for r in reversed(visits)
                             if r.value(field_name)), "")

            self.people[person] = Person(
                person=person, name=latest.name, names=names,
                year_of_birth=last("year_of_birth"), phone=last("phone"),
                language=last("preferred_language"), visits=len(visits),
                last_visit=dates.get(latest.session_uuid))
            for name in names:
                self._keys.append((person, latin_key(name), sound_key(name)))
        self._latin = [k[1] for k in self._keys]
        self._sound = [k[2] for k in self._keys]

    def __len__(self) -> int:
        return len(self.people)

    def suggest(self, name: str, *, year_of_birth: str = "", phone: str = "",
                limit: int = 5, exclude: Iterable[str] = ()) -> list[Match]:
        """The likeliest earlier people for ``name``, best first."""
        q_latin, q_sound = latin_key(name), sound_key(name)
        if len(q_latin.replace(" ", "")) < 2:
            return []
        skip = set(exclude)
        # A cheap first pass with rapidfuzz over all keys, then the full score.
        candidates: set[int] = set()
        for query, keys in ((q_latin, self._latin), (q_sound, self._sound)):
            for _key, _score_value, index in process.extract(
                    query, keys, scorer=fuzz.token_set_ratio, limit=40, score_cutoff=55):
                candidates.add(index)
        best: dict[str, float] = {}
        for index in candidates:
            person, latin, sound = self._keys[index]
            if person in skip:
                continue
            score = _score(q_latin, q_sound, latin, sound)
            best[person] = max(best.get(person, 0.0), score)
        matches = [self._confirm(self.people[p], s, year_of_birth, phone)
                   for p, s in best.items()]
        matches = [m for m in matches if m.score >= SUGGEST_MIN]
        matches.sort(key=lambda m: (-m.score, -m.person.visits, m.person.name))
        return matches[:limit]

    @staticmethod
    def _confirm(person: Person, score: float, year_of_birth: str, phone: str) -> Match:
        confirmed: list[str] = []
        differs: list[str] = []
        adjusted = score
        if year_of_birth.strip() and person.year_of_birth:
            gap = abs(_int(year_of_birth) - _int(person.year_of_birth))
            if gap == 0:
                confirmed.append("year_of_birth")
                adjusted += 8
            elif gap > 1:  # one year out is a common slip; more is someone else
                differs.append("year_of_birth")
                adjusted -= 25
        if phone_digits(phone) and phone_digits(person.phone):
            if phone_digits(phone) == phone_digits(person.phone):
                confirmed.append("phone")
                adjusted += 12
            else:
                differs.append("phone")
                adjusted -= 10
        return Match(person, min(adjusted, 100.0), tuple(confirmed), tuple(differs), score)


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return 0
