"""Ages and sexes counted together (the age pyramid) agree with a count of the same
roster rows by hand, on SQLite and PostgreSQL; a form without such a roster says so."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.demo.seeding import seed_demo
from fieldkit.errors import InvalidInput
from fieldkit.insight import ProfileQuery
from fieldkit.insight.pyramid import age_sex_counts
from fieldkit.projects import current_project
from fieldkit.store import open_store
from fieldkit.store.models import Answer, Form, Interview

MEMBER = re.compile(r"^/data/survey/roster/member\[([0-9]+)\]/(age|sex)$")
AGE_BANDS = ((0, "0-4"), (5, "5-9"), (10, "10-15"), (16, "16-17"), (18, "18-24"),
             (25, "25-34"), (35, "35-44"), (45, "45-64"), (65, "65-74"), (75, "75+"))


def _band(age: int) -> str:
    return [code for low, code in AGE_BANDS if age >= low][-1]


def test_age_and_sex_of_the_same_person_are_counted_together(store_url: str) -> None:
    store = open_store(store_url)
    try:
        seed_demo(store, interviews=120, seed=7)
        got = age_sex_counts(store, ProfileQuery("household_survey", "ethnicity",
                                                 period="year"))
        with store.session() as session:
            created = dict(session.execute(
                select(Interview.uuid, Interview.created_at).join(Form)
                .where(Form.form_id == "household_survey",
                       Interview.status.in_(("finalized", "sent", "receipted")))).all())
            rows = session.execute(select(Answer.interview_uuid, Answer.path, Answer.value)
                                   .where(Answer.interview_uuid.in_(list(created)))).all()
    finally:
        store.close()
    answers: dict[str, dict[str, str]] = defaultdict(dict)
    for uuid, path, value in rows:
        answers[uuid][path] = value or ""
    by_hand: Counter[tuple[str, str, str, str]] = Counter()
    for uuid, moment in created.items():
        a = answers[uuid]
        group = a.get("/data/survey/roster/member[1]/ethnicity", "")
        if not group:
            continue
        year = str((moment.astimezone(UTC) if moment.tzinfo else moment).year)
        people: dict[str, dict[str, str]] = defaultdict(dict)
        for path, value in a.items():
            if (match := MEMBER.match(path)) and value:
                people[match[1]][match[2]] = value
        for person in people.values():
            if "age" in person and "sex" in person:
                by_hand[(group, year, person["sex"], _band(int(person["age"])))] += 1
    assert got.counts == dict(by_hand)
    assert sum(by_hand.values()) > 200  # the demo's rosters: a real count, not a few rows
    assert got.bands[0] == "0-4" and got.bands[-1] == "75+"
    assert set(got.sexes) >= {"male", "female"}
    assert got.sex_label("female", "en") == "Female"


def test_a_form_without_a_roster_has_no_pyramid(tmp_path: Path) -> None:
    from fieldkit.sync.project import init_project

    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        init_project(store, "Outreach")  # the default forms: the advice-session record
        with store.session() as session:
            form_ids = set(session.scalars(select(Form.form_id).where(
                Form.project_id == current_project(store).id)))
        other = sorted(form_ids - {"household_survey"})[0]
        with pytest.raises(InvalidInput, match="no roster with both age and sex"):
            age_sex_counts(store, ProfileQuery(other, "anything"))
    finally:
        store.close()
