"""Demo household surveys: finalized interviews of the default household survey,
written as answer rows in bulk.

Households come from a few communities (Polish, Romanian, Roma, Kurdish, Iranian,
Afghan, Somali), each answered in a language of the form that fits it, by several
interviewers on several laptops, with rosters of one to eight people whose ages,
relationships and bedroom-standard figures agree with each other. Choice codes
are taken from the form itself, so a code the form does not have is never written.
Households are spread over two and a half years of fieldwork and tell two true
stories for Insight to find: until 2026 the Afghan community is mostly single
young men (alone, or sharing with other young men), then family reunions make it
one of families with children (as in a city that saw it between 2002 and 2004 and
noticed too late); and the Romanian community grows about fifteenfold. Each home has a
postcode and address; about one in twenty-five is surveyed again by
another interviewer, who writes the address another way (``Flat 3, 12 Harehills
Lane`` / ``12 harehills ln flat 3``), as happens in the field, so the coordinator's
duplicate review has something to review.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from fieldkit.demo.seed_job import SeedCount, SeedJob
from fieldkit.forms.language_names import language_code
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.project_forms import install_default_forms
from fieldkit.store.models import Answer, Device, Interview, Interviewer
from fieldkit.store.models import Form as FormRow

__all__ = ["FORM_ID", "seed_households"]

FORM_ID = "household_survey"
BATCH = 500  # interviews per transaction

INTERVIEWERS = ("Agnieszka Nowak", "Bogdan Popescu", "Shilan Ahmadi", "Hodan Warsame",
                "Daniel Stoica", "Parisa Karimi")
DEVICES = ("laptop-01", "laptop-02", "laptop-03", "laptop-04")
STREETS = ("Harehills Lane", "Roundhay Road", "Chapeltown Road", "Beeston Road",
           "Dewsbury Road", "Tempest Road", "Bayswater Terrace", "Compton Road")
#: Households are surveyed from this day for HOUSEHOLD_DAYS days (to 30 June 2026).
HOUSEHOLD_START = datetime(2024, 1, 8, tzinfo=UTC)
HOUSEHOLD_DAYS = 905
#: From here the Afghan community's families join the young men who came first.
REUNIONS_START = datetime(2026, 1, 1, tzinfo=UTC)
#: The Romanian community's weight grows from this factor of its own to GROWTH_END.
GROWTH_START, GROWTH_END = 0.2, 3.5
AFGHAN_MEN = ("احمد", "محمد", "نجیب", "ولی", "جاوید", "فرید")
#: Share of households surveyed a second time by someone else.
REVISIT_SHARE = 0.04

R = "/data/survey/roster"
ADDRESS = "/data/survey/address_grp"
MEMBER = f"{R}/member"


@dataclass(frozen=True)
class Community:
    language_code: str  # the respondent language, as the form's "(code)"
    ethnicity: str
    nationality: Sequence[str]
    main_language: Sequence[str]
    first_names: Sequence[str]
    weight: int


COMMUNITIES = (
    Community("pl", "white_polish", ("pl",), ("pl",),
              ("Anna", "Katarzyna", "Małgorzata", "Zofia", "Piotr", "Krzysztof", "Łukasz",
               "Wojciech", "Agata", "Jan", "Ewa", "Michał"), 30),
    Community("ro", "white_romanian", ("ro",), ("ro",),
              ("Ioana", "Maria", "Elena", "Andrei", "Mihai", "Ștefan", "Gheorghe", "Ana",
               "Cristina", "Vasile"), 15),
    Community("ro", "roma", ("ro", "bg"), ("rom", "ro", "bg"),
              ("Florin", "Marian", "Daniela", "Nicoleta", "Ionuț", "Rada", "Sorin",
               "Lenuța"), 12),
    Community("ckb", "kurdish", ("iq", "ir", "sy"), ("ckb", "kmr"),
              ("ئارام", "هێمن", "شیلان", "ڕۆژان", "دلێر", "نازدار", "کاروان", "ژیلە", "سۆران"), 15),
    Community("fa", "iranian", ("ir",), ("fa",),
              ("مریم", "زهرا", "علی", "رضا", "سارا", "حسین", "نرگس", "امید"), 8),
    Community("fa", "afghan", ("af",), ("prs", "ps"),
              ("احمد", "فریبا", "محمد", "گلالی", "نجیب", "شکیبا", "ولی"), 8),
    Community("so", "somali", ("so",), ("so",),
              ("Hodan", "Faadumo", "Cabdi", "Maxamed", "Ayaan", "Xasan", "Sahra",
               "Nimco"), 12),
)  # fmt: skip


@dataclass
class Person:
    name: str
    age: int
    sex: str
    relationship: str
    couple: str


def seed_households(job: SeedJob) -> SeedCount:
    """Add ``job.interviews`` finalized household surveys to the project."""
    store = job.store
    rng = job.random
    form_pk = _household_form(job)
    with store.session() as session:
        _ref, form = runtime_form(session, form_pk)
        interviewers = _interviewers(session, job.project_id)
        devices = _devices(session)
    languages = {code: name for name in form.languages
                 if (code := language_code(name)) is not None}
    lists = {name: tuple(c.value for c in lst.choices) for name, lst in form.choice_lists.items()}
    clocks = dict.fromkeys(devices, 0)
    with store.session() as session:
        for device_id, counter in session.execute(
                select(Device.id, Device.counter).where(Device.id.in_(devices))):
            clocks[device_id] = counter
    homes: list[_Home] = []
    done = 0
    while done < job.interviews:
        size = min(BATCH, job.interviews - done)
        interview_rows: list[dict[str, object]] = []
        answer_rows: list[dict[str, object]] = []
        for _ in range(size):
            started = HOUSEHOLD_START + timedelta(
                days=rng.randrange(HOUSEHOLD_DAYS), hours=9 + rng.randrange(10),
                minutes=rng.randrange(60), seconds=rng.randrange(60))
            community = rng.choices(COMMUNITIES, _weights(started))[0]
            device_id = rng.choice(devices)
            interviewer_id = rng.choice(interviewers)
            ended = started + timedelta(minutes=25 + rng.randrange(40))
            key = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            answers = _answers(rng, community, lists, key, started=started, ended=ended)
            # Addresses draw from their own source (seeded by the interview), so the
            # rest of the demo data stays what it was before addresses were added.
            where = random.Random(key)
            if homes and where.random() < REVISIT_SHARE:
                home = where.choice(homes)
                homes.remove(home)  # surveyed twice at most: a third visit could repeat
                answers |= _revisit(where, home)  # the second's interviewer
                interviewer_id = _other(where, interviewers, home.interviewer_id)
                device_id = _other(where, devices, home.device_id)
            else:
                answers |= _address(where)
                homes.append(_Home(answers[f"{ADDRESS}/postcode"], answers[f"{ADDRESS}/address"],
                                   answers[f"{MEMBER}[1]/member_name"], interviewer_id,
                                   device_id))
            language = languages.get(community.language_code) or form.default_language or ""
            interview_rows.append({
                "uuid": key, "project_id": job.project_id, "form_pk": form_pk,
                "status": "finalized", "label": f"HH-{rng.randrange(1, 100000):05d}",
                "respondent_language": language, "interviewer_id": interviewer_id,
                "device_id": device_id, "created_at": started, "updated_at": ended,
                "finalized_at": ended})
            for path, value in answers.items():
                clocks[device_id] += 1
                answer_rows.append({"interview_uuid": key, "path": path, "value": value,
                                    "clock": clocks[device_id], "device_id": device_id,
                                    "updated_at": ended})
        with store.session() as session:
            session.execute(insert(Interview), interview_rows)
            session.execute(insert(Answer), answer_rows)
            for device_id, counter in clocks.items():
                session.execute(update(Device).where(Device.id == device_id)
                                .values(counter=counter))
        done += size
        if job.progress is not None:
            job.progress(done, job.interviews)
    return SeedCount("interviews", job.interviews)


@dataclass(frozen=True)
class _Home:
    postcode: str
    address: str
    head: str
    interviewer_id: str
    device_id: str


def _address(rng: random.Random) -> dict[str, str]:
    letters = "ABDEFGHJLNPQRSTUWXYZ"  # the letters UK postcodes end in
    postcode = (f"LS{rng.choice((6, 7, 8, 9, 11))} {rng.randrange(1, 10)}"
                f"{rng.choice(letters)}{rng.choice(letters)}")
    street = f"{rng.randrange(1, 160)} {rng.choice(STREETS)}"
    address = f"Flat {rng.randrange(1, 9)}, {street}" if rng.random() < 0.4 else street
    return {f"{ADDRESS}/postcode": postcode, f"{ADDRESS}/address": address}


def _revisit(rng: random.Random, home: _Home) -> dict[str, str]:
    """The same home written down by someone else: case, spacing, abbreviations and
    the flat number's place differ; the head of household is the same person."""
    address = home.address.replace("Road", "Rd").replace("Lane", "Ln") \
        .replace("Terrace", "Terr.")
    if address.startswith("Flat "):
        flat, _comma, street = address.partition(", ")
        address = f"{street} {flat.lower()}"
    postcode = home.postcode.replace(" ", "") if rng.random() < 0.5 else home.postcode.lower()
    return {f"{ADDRESS}/postcode": postcode, f"{ADDRESS}/address": address.lower(),
            f"{MEMBER}[1]/member_name": home.head}


def _other(rng: random.Random, choices: Sequence[str], not_this: str) -> str:
    others = [c for c in choices if c != not_this]
    return rng.choice(others) if others else not_this


def _household_form(job: SeedJob) -> int:
    """The stored household survey of the project (the default forms are added if missing)."""
    with job.store.session() as session:
        pk = session.scalar(select(FormRow.id).where(
            FormRow.project_id == job.project_id, FormRow.form_id == FORM_ID)
            .order_by(FormRow.created_at.desc(), FormRow.id.desc()))
    if pk is None:
        stored = {f.form_id: f for f in install_default_forms(job.store, job.project_id)}
        pk = stored[FORM_ID].pk
    return pk


def _interviewers(session: Session, project_id: str) -> list[str]:
    have = {name: id_ for id_, name in session.execute(
        select(Interviewer.id, Interviewer.name).where(Interviewer.project_id == project_id))}
    for name in INTERVIEWERS:
        if name not in have:
            row = Interviewer(project_id=project_id, name=name)
            session.add(row)
            session.flush()
            have[name] = row.id
    return [have[name] for name in INTERVIEWERS]


def _devices(session: Session) -> list[str]:
    have = {label: id_ for id_, label in session.execute(
        select(Device.id, Device.label).where(Device.is_local.is_(False)))}
    for label in DEVICES:
        if label not in have:
            row = Device(label=label, is_local=False, counter=0)
            session.add(row)
            session.flush()
            have[label] = row.id
    return [have[label] for label in DEVICES]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def _pick(rng: random.Random, lists: dict[str, tuple[str, ...]], name: str,
          wanted: Sequence[str] = (), *, other: float = 0.03) -> str:
    """A code of list ``name``: one of ``wanted`` that the list has, else any code
    (``other`` rarely, ``prefer_not``/``dont_know`` now and then)."""
    codes = lists.get(name, ())
    good = [c for c in wanted if c in codes]
    if good:
        return rng.choice(good)
    plain = [c for c in codes if c not in ("other", "prefer_not", "dont_know", "none")]
    roll = rng.random()
    if roll < other and "other" in codes:
        return "other"
    if roll < other * 2 and "dont_know" in codes:
        return "dont_know"
    return rng.choice(plain or list(codes) or [""])


def _pick_many(rng: random.Random, lists: dict[str, tuple[str, ...]], name: str,
               none_chance: float) -> str:
    codes = lists.get(name, ())
    if "none" in codes and rng.random() < none_chance:
        return "none"
    plain = [c for c in codes if c not in ("none", "prefer_not", "dont_know", "other")]
    chosen = set(rng.sample(plain, k=min(len(plain), 1 + rng.randrange(3))))
    if "other" in codes and rng.random() < 0.05:
        chosen.add("other")
    return " ".join(c for c in codes if c in chosen)  # the form's order, as ODK writes it


def _weights(when: datetime) -> list[float]:
    """Community weights on day ``when``: the Romanian community grows steadily."""
    progress = (when - HOUSEHOLD_START).days / HOUSEHOLD_DAYS
    growth = GROWTH_START + (GROWTH_END - GROWTH_START) * progress
    return [c.weight * growth if c.ethnicity == "white_romanian" else float(c.weight)
            for c in COMMUNITIES]


def _household_people(rng: random.Random, community: Community, when: datetime
                      ) -> list[Person]:
    if community.ethnicity != "afghan":
        return _people(rng, community)
    if when < REUNIONS_START:
        # Nine in ten: a young man alone or sharing with other young men.
        return _young_men(rng) if rng.random() < 0.9 else _people(rng, community)
    roll = rng.random()
    if roll < 0.45:
        return _reunited_family(rng, community, children=1 + rng.randrange(4))
    if roll < 0.6:
        return _reunited_family(rng, community, children=0)
    return _young_men(rng) if roll < 0.85 else _people(rng, community)


def _young_men(rng: random.Random) -> list[Person]:
    people = [Person(rng.choice(AFGHAN_MEN), 18 + rng.randrange(13), "male", "", "no")]
    if rng.random() < 0.4:
        for _ in range(1 + rng.randrange(3)):
            people.append(Person(rng.choice(AFGHAN_MEN), 18 + rng.randrange(15), "male",
                                 rng.choice(("sibling", "unrelated", "lodger")), "no"))
    return people


def _reunited_family(rng: random.Random, community: Community, *, children: int
                     ) -> list[Person]:
    father = 24 + rng.randrange(18)
    people = [Person(rng.choice(AFGHAN_MEN), father, "male", "", "yes"),
              Person(rng.choice(community.first_names), max(18, father - rng.randrange(8)),
                     "female", "partner", "yes")]
    for _ in range(children):
        age = rng.randrange(0, min(16, father - 17))
        people.append(Person(rng.choice(community.first_names), age,
                             rng.choice(("female", "male")), "child",
                             "no" if age >= 16 else ""))
    return people


def _people(rng: random.Random, community: Community) -> list[Person]:
    first_age = 22 + rng.randrange(50)
    people = [Person(rng.choice(community.first_names), first_age,
                     rng.choice(("female", "male")), "", "")]
    size = rng.choices((1, 2, 3, 4, 5, 6, 7, 8), (12, 22, 20, 20, 12, 7, 4, 3))[0]
    if size > 1 and rng.random() < 0.7:
        people.append(Person(rng.choice(community.first_names),
                             max(18, first_age + rng.randrange(-6, 7)),
                             "male" if people[0].sex == "female" else "female", "partner", ""))
        people[0].couple = people[1].couple = "yes"
    while len(people) < size:
        if first_age > 60 and rng.random() < 0.3:
            relationship, age = "grandchild", rng.randrange(0, 18)
        elif rng.random() < 0.8:
            relationship, age = "child", rng.randrange(0, max(1, min(30, first_age - 16)))
        else:
            relationship, age = rng.choice(("parent", "sibling", "lodger", "other_relative")), \
                18 + rng.randrange(60)
        sex = rng.choices(("female", "male", "another", "prefer_not"), (48, 48, 2, 2))[0]
        people.append(Person(rng.choice(community.first_names), age, sex, relationship, ""))
    for person in people:
        if person.age >= 16 and not person.couple:
            person.couple = "no"
    return people


def _bedroom_standard(people: list[Person], bedrooms: int) -> dict[str, str]:
    """The form's bs_* calculates (see resources/forms/README.md)."""
    single = [p for p in people if p.couple != "yes"]

    def teens(sex: str | None) -> int:
        return sum(1 for p in single if 10 <= p.age <= 20
                   and (p.sex == sex if sex else p.sex not in ("male", "female")))

    couples = math.ceil(sum(1 for p in people if p.couple == "yes") / 2)
    adults = sum(1 for p in single if p.age >= 21)
    teen_m, teen_f, teen_x = teens("male"), teens("female"), teens(None)
    child = sum(1 for p in people if p.age < 10)
    child_m = sum(1 for p in people if p.age < 10 and p.sex == "male")
    child_f = sum(1 for p in people if p.age < 10 and p.sex == "female")
    shared = int(child % 2 == 1 and ((teen_m % 2 == 1 and child_m > 0)
                                     or (teen_f % 2 == 1 and child_f > 0)))
    needed = (couples + adults + math.ceil(teen_m / 2) + math.ceil(teen_f / 2) + teen_x
              + math.ceil(child / 2) - shared)
    figures = {"bs_couples": couples, "bs_adults": adults, "bs_teen_m": teen_m,
               "bs_teen_f": teen_f, "bs_teen_x": teen_x, "bs_child": child,
               "bs_child_m": child_m, "bs_child_f": child_f, "bs_shared_left": shared,
               "bs_needed": needed, "bs_shortfall": needed - bedrooms}
    out = {f"/data/survey/housing/{k}": str(v) for k, v in figures.items()}
    out["/data/survey/housing/bs_overcrowded"] = "yes" if needed > bedrooms else "no"
    return out


def _answers(rng: random.Random, community: Community, lists: dict[str, tuple[str, ...]],
             key: str, *, started: datetime, ended: datetime) -> dict[str, str]:
    a: dict[str, str] = {
        "/data/start": _iso(started), "/data/end": _iso(ended),
        "/data/meta/instanceID": f"uuid:{key}",
        "/data/consent_grp/consent": "yes",
        "/data/consent_grp/consent_type": _pick(rng, lists, "consent_type",
                                                ("verbal",) * 8 + ("signed", "on_behalf")),
        "/data/consent_grp/interviewer_notes": "",
    }
    if a["/data/consent_grp/consent_type"] == "on_behalf":
        a["/data/consent_grp/consent_behalf"] = rng.choice(
            ("Daughter, mother does not read", "Son interprets for his father", "Carer"))
    people = _household_people(rng, community, started)
    for i, person in enumerate(people, start=1):
        m = f"{MEMBER}[{i}]"
        adult = person.age >= 16
        a |= {
            f"{m}/member_pos": str(i), f"{m}/member_name": person.name,
            f"{m}/age": str(person.age), f"{m}/sex": person.sex,
            f"{m}/relationship": person.relationship, f"{m}/couple": person.couple,
            f"{m}/ethnicity": _pick(rng, lists, "ethnicity", (community.ethnicity,)),
            f"{m}/ethnicity_other": "",
            f"{m}/nationality": _pick(rng, lists, "nationality",
                                      community.nationality if rng.random() < 0.85 else ("gb",)),
            f"{m}/nationality_other": "",
            f"{m}/main_language": _pick(rng, lists, "language", community.main_language),
            f"{m}/main_language_other": "",
            f"{m}/employment": _pick(rng, lists, "employment") if adult else "",
            f"{m}/health": _pick_many(rng, lists, "health", 0.8),
        }
    a[f"{R}/hh_size"] = str(len(people))
    bedrooms = max(1, min(6, len(people) // 2 + rng.randrange(-1, 2)))
    h = "/data/survey/housing"
    a |= {
        f"{h}/tenure": _pick(rng, lists, "tenure"),
        f"{h}/property_type": _pick(rng, lists, "property_type"),
        f"{h}/bedrooms": str(bedrooms),
        **_bedroom_standard(people, bedrooms),
        f"{h}/condition_grp/condition": _pick(rng, lists, "condition"),
        f"{h}/condition_grp/repairs": _pick_many(rng, lists, "repairs", 0.3),
        f"{h}/condition_grp/damp": _pick(rng, lists, "yes_no_dk"),
    }
    if a[f"{h}/tenure"] == "other":
        a[f"{h}/tenure_other"] = "Living with the landlord's family"
    if "other" in a[f"{h}/condition_grp/repairs"].split():
        a[f"{h}/condition_grp/repairs_other"] = "Broken boiler since winter"
    if a[f"{h}/condition_grp/damp"] == "yes":
        a[f"{h}/condition_grp/damp_health"] = _pick(rng, lists, "yes_no_dk")
    v = "/data/survey/advice"
    a[f"{v}/advice_sought"] = _pick(rng, lists, "yes_no_dk")
    if a[f"{v}/advice_sought"] == "yes":
        a[f"{v}/advice_where"] = _pick_many(rng, lists, "advice_where", 0.0)
        a[f"{v}/advice_satisfaction"] = _pick(rng, lists, "rating5")
    a[f"{v}/advice_barriers"] = _pick_many(rng, lists, "barriers", 0.25)
    s = "/data/survey/support"
    a[f"{s}/adaptations_needed"] = _pick(rng, lists, "yes_no_dk", ("no",) * 3 + ("yes",))
    if a[f"{s}/adaptations_needed"] == "yes":
        a[f"{s}/adaptations_which"] = _pick_many(rng, lists, "adaptations", 0.0)
    a[f"{s}/support_needed"] = _pick(rng, lists, "yes_no_dk", ("no",) * 3 + ("yes",))
    if a[f"{s}/support_needed"] == "yes":
        a[f"{s}/support_type"] = _pick_many(rng, lists, "support_type", 0.0)
        a[f"{s}/support_getting"] = _pick(rng, lists, "support_getting")
    r = "/data/survey/area"
    a |= {
        f"{r}/safety/safe_day": _pick(rng, lists, "safe"),
        f"{r}/safety/safe_night": _pick(rng, lists, "safe"),
        f"{r}/harassment": _pick(rng, lists, "yes_no_pns"),
        f"{r}/services_hard": _pick_many(rng, lists, "services", 0.4),
        f"{r}/area_rating": _pick(rng, lists, "rating5"),
    }
    if a[f"{r}/harassment"] == "yes":
        a[f"{r}/harassment_reported"] = _pick(rng, lists, "reported")
    f = "/data/survey/future"
    a[f"{f}/intend_move"] = _pick(rng, lists, "move_when")
    if a[f"{f}/intend_move"] in ("within_1", "in_1_5"):
        a[f"{f}/move_where"] = _pick(rng, lists, "move_where")
        a[f"{f}/tenure_wanted"] = _pick(rng, lists, "tenure_wanted")
    if len(people) > 1:
        n = "/data/survey/new_households"
        adults = [p for p in people[1:] if p.age >= 18 and p.relationship != "partner"]
        a[f"{n}/new_hh_any"] = "yes" if adults and rng.random() < 0.5 else "no"
        if a[f"{n}/new_hh_any"] == "yes":
            for i, person in enumerate(adults[:2], start=1):
                nh = f"{n}/new_household[{i}]"
                a |= {f"{nh}/nh_who": person.name,
                      f"{nh}/nh_people": str(1 + rng.randrange(3)),
                      f"{nh}/nh_when": _pick(rng, lists, "nh_when"),
                      f"{nh}/nh_where": _pick(rng, lists, "move_where"),
                      f"{nh}/nh_tenure": _pick(rng, lists, "tenure_wanted")}
    a["/data/survey/interviewer_comments"] = rng.choice(
        ("",) * 8 + ("Neighbour helped to interpret.", "Child present for part of it."))
    return a

