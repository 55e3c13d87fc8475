"""Demo data: a series of weekly Roma advice sessions with realistic attendance.

People come back from week to week and are recognised, and their names are written
differently each time as they are at a real door: without diacritics, in Cyrillic
for Bulgarian speakers, in another transliteration. Some people decline to be
recorded by name. ``fieldkit demo seed`` calls :func:`seed_sessions`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from fieldkit.attendance import PERSON_PATH
from fieldkit.attendance.writes import AttendanceWriter
from fieldkit.store import Store

__all__ = ["SeedResult", "seed_sessions"]

# (Latin spelling, other spellings the same person's name is given in, language)
PEOPLE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Ștefan Lăcătuș", ("Stefan Lacatus", "Ştefan Lăcătuş", "Lacatus Stefan"), "ro"),
    ("Maria Căldărar", ("Maria Caldarar", "Caldarar Maria", "Mariya Kaldarar"), "rom"),
    ("Ion Ciurar", ("Ion Churar", "Ioan Ciurar"), "ro"),
    ("Florica Stănescu", ("Florica Stanescu", "Florika Stanescu"), "ro"),
    ("Mihai Rudaru", ("Mihai Rudaru", "Mihaj Rudaru"), "ro"),
    ("Elena Dumitru", ("Elena Dumitru", "Dumitru Elena"), "ro"),
    ("Vasile Boldea", ("Vasile Boldea", "Vasilie Boldea"), "rom"),
    ("Niculina Gheorghe", ("Niculina Gheorghe", "Nicolina Gheorghe"), "ro"),
    ("Costel Tănase", ("Costel Tanase", "Kostel Tanase"), "rom"),
    ("Ana Mărgărit", ("Ana Margarit", "Anna Margarit"), "ro"),
    ("Dorin Zlătaru", ("Dorin Zlataru", "Dorin Zlătaru"), "ro"),
    ("Rodica Şerban", ("Rodica Serban", "Rodica Sherban"), "ro"),
    ("Hristo Petrov", ("Христо Петров", "Khristo Petrov", "Hristo Petroff"), "bg"),
    ("Yordan Tsvetanov", ("Йордан Цветанов", "Iordan Tsvetanov", "Jordan Cvetanov"), "bg"),
    ("Zhivko Shterev", ("Живко Щерев", "Jivko Shterev"), "bg"),
    ("Dimitar Kolev", ("Димитър Колев", "Dimitar Kolev"), "bg"),
    ("Mariya Ivanova", ("Мария Иванова", "Maria Ivanova"), "bg"),
    ("Angel Asenov", ("Ангел Асенов", "Angel Assenov"), "rom"),
    ("Tsvetanka Yankova", ("Цветанка Янкова", "Cvetanka Iankova"), "bg"),
    ("Georgi Iliev", ("Георги Илиев", "Georgi Iliev"), "bg"),
    ("Fatme Mustafova", ("Фатме Мустафова", "Fatma Mustafova"), "bg"),
    ("Stoyan Kirilov", ("Стоян Кирилов", "Stoian Kirilov"), "rom"),
    ("Raina Stoycheva", ("Райна Стойчева", "Rayna Stoicheva"), "bg"),
    ("Kiril Yosifov", ("Кирил Йосифов", "Kiril Iosifov"), "bg"),
    ("Adriana Lingurar", ("Adriana Lingurar",), "ro"),
    ("Gabriel Fieraru", ("Gabriel Fieraru", "Gavril Fieraru"), "rom"),
    ("Lenuța Bălaș", ("Lenuta Balas", "Lenuța Balaș"), "ro"),
    ("Petrică Zamfir", ("Petrica Zamfir",), "ro"),
    ("Sevdalina Marinova", ("Севдалина Маринова",), "bg"),
    ("Asen Dobrev", ("Асен Добрев", "Assen Dobrev"), "bg"),
    ("Irina Cazacu", ("Irina Kazacu",), "ro"),
    ("Ilie Ursaru", ("Ilie Ursaru",), "rom"),
    ("Daniela Voicu", ("Daniela Voicu",), "ro"),
    ("Nikolay Dimitrov", ("Николай Димитров", "Nikolai Dimitrov"), "bg"),
    ("Emilia Radu", ("Emilia Radu",), "ro"),
    ("Marin Gabor", ("Marin Gabor",), "rom"),
)
ISSUES = ("housing", "benefits", "rent_arrears", "repairs", "schools", "health_registration",
          "immigration", "employment")
OUTCOMES = ("advice_given", "form_help", "appointment", "referred", "resolved", "not_resolved")
REFERRALS = ("council_housing", "welfare", "citizens_advice", "immigration_adviser", "health",
             "school")


@dataclass(frozen=True)
class SeedResult:
    sessions: tuple[str, ...]
    attendances: int


def seed_sessions(store: Store, project_id: str, *, sessions: int = 6, seed: int = 0,
                  first: date | None = None, attendees: tuple[int, int] = (18, 40),
                  progress: Callable[[int, int], None] | None = None) -> SeedResult:
    """A weekly series of ``sessions`` sessions ending before today (or starting on
    ``first``), each with ``attendees`` (min, max) people checked in."""
    rng = random.Random(seed)
    writer = AttendanceWriter(store, project_id)
    first = first or date.today() - timedelta(days=7 * sessions)
    uuids = writer.create_sessions({
        "title": "Roma advice drop-in", "session_date": first, "start_time": "10:00",
        "end_time": "13:00", "venue": "Community Centre, 12 Station Road",
        "organiser": "Eastside Housing Advice", "partners": "Roma Support Group; Citizens Advice",
        "advisers": "A. Khan; J. Morris", "interpreters": "R. Lungu (ro); D. Petkova (bg)",
        "languages": "en ro rom bg", "recurrence": "weekly"}, count=sessions)
    people: dict[int, str] = {}  # PEOPLE index -> person id
    years = {i: rng.randint(1950, 2004) for i in range(len(PEOPLE))}
    total = 0
    for done, session_uuid in enumerate(uuids):
        if progress is not None:
            progress(done, len(uuids))
        day = first + timedelta(days=7 * done)
        count = rng.randint(*attendees)
        seen = sorted(rng.sample(range(len(PEOPLE)), min(count, len(PEOPLE))))
        for index in seen:
            latin, variants, language = PEOPLE[index]
            back = index in people
            name = rng.choice(variants) if back else latin
            values = _visit(rng, day, language)
            values.update(consent="yes", attendee_name=name,
                          year_of_birth=str(years[index]) if rng.random() < 0.6 else "",
                          phone=f"07700 900{index:03d}" if rng.random() < 0.3 else "")
            uuid = writer.add_attendance(session_uuid, values, person=people.get(index))
            if not back:
                people[index] = writer.handle(uuid).own_field(PERSON_PATH) or ""
            if values.get("followup") == "yes" and day < date.today() - timedelta(days=14) \
                    and rng.random() < 0.6:
                writer.set_followup_done(uuid, day + timedelta(days=rng.randint(2, 12)))
            writer.forget(uuid)
            total += 1
        for _anon in range(max(0, count - len(seen)) + rng.randint(0, 3)):
            uuid = writer.add_attendance(session_uuid, {"consent": "no"})
            writer.forget(uuid)
            total += 1
    if progress is not None:
        progress(len(uuids), len(uuids))
    return SeedResult(tuple(uuids), total)


def _visit(rng: random.Random, day: date, language: str) -> dict[str, object]:
    size = rng.randint(1, 7)
    issues = rng.sample(ISSUES, rng.choice((1, 1, 2, 3)))
    values: dict[str, object] = {
        "preferred_language": language, "household_size": size,
        "children": rng.randint(0, size - 1), "issues": " ".join(issues),
        "interpreter_used": "yes" if language != "en" and rng.random() < 0.7 else "no",
        "outcome": "referred" if "immigration" in issues else rng.choice(OUTCOMES),
    }
    if values["interpreter_used"] == "yes":
        values["interpreter_who"] = rng.choice(("professional", "family_friend", "volunteer"))
    referred = values["outcome"] == "referred"
    values["referral_made"] = "yes" if referred else "no"
    if referred:
        values["referral_to"] = "immigration_adviser" if "immigration" in issues \
            else rng.choice(REFERRALS)
    follow = rng.random() < 0.35
    values["followup"] = "yes" if follow else "no"
    if follow:
        values["followup_date"] = day + timedelta(days=rng.randint(3, 21))
        values["followup_by"] = rng.choice(("me", "colleague", "partner_org"))
    return values
