"""Profiles counted in SQL agree with a count of the same interviews done by hand,
on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC

import pytest
from sqlalchemy import select

from fieldkit.demo.seeding import seed_demo
from fieldkit.errors import InvalidInput
from fieldkit.insight import ProfileQuery, build_profile, measurable_fields
from fieldkit.store import Store, open_store
from fieldkit.store.models import Answer, Form, Interview

MEMBER = re.compile(r"^/data/survey/roster/member\[([0-9]+)\]/(\w+)$")
AGE_BANDS = [(0, 4), (5, 9), (10, 15), (16, 17), (18, 24), (25, 34), (35, 44), (45, 64),
             (65, 74), (75, 200)]


def _age_band(age: int) -> str:
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}+" if high == 200 else f"{low}-{high}"
    raise AssertionError(age)


def _bedroom_band(n: int) -> str:
    return str(n) if n < 5 else "5-9"  # the demo has 1 to 6 bedrooms


def _household_type(members: dict[int, dict[str, str]]) -> str:
    """The README's definitions, written out plainly."""
    relations = [m.get("relationship", "") for i, m in members.items() if i > 1]
    relations = [r for r in relations if r]
    if len(members) == 1:
        return "single_adult"
    if any(r in ("parent", "grandchild", "child_in_law") for r in relations):
        return "multi_generation"
    if any(r not in ("partner", "child", "stepchild") for r in relations):
        return "sharing_adults"
    partner = "partner" in relations
    children = any(r in ("child", "stepchild") for r in relations)
    if partner and children:
        return "family_with_children"
    if partner:
        return "couple"
    if children:
        return "lone_parent"
    return "sharing_adults"


def _district(postcode: str) -> str:
    compact = postcode.strip()
    return (compact[:-3].strip() if len(compact) >= 5 else compact).upper()


def _by_hand(store: Store) -> tuple[Counter[tuple[object, ...]], Counter[tuple[object, ...]],
                                    Counter[tuple[str, str]]]:
    """(counts, totals, interviews) keyed like the profile's cells, by reading every
    answer of every interview."""
    with store.session() as session:
        interviews = {uuid: created for uuid, created in session.execute(
            select(Interview.uuid, Interview.created_at).join(Form)
            .where(Form.form_id == "household_survey"))}
        answers: dict[str, dict[str, str]] = defaultdict(dict)
        for uuid, path, value in session.execute(
                select(Answer.interview_uuid, Answer.path, Answer.value)
                .where(Answer.interview_uuid.in_(list(interviews)))):
            answers[uuid][path] = value or ""
    counts: Counter[tuple[object, ...]] = Counter()
    totals: Counter[tuple[object, ...]] = Counter()
    per_group: Counter[tuple[str, str]] = Counter()
    for uuid, created in interviews.items():
        a = answers[uuid]
        group = a.get("/data/survey/roster/member[1]/ethnicity", "")
        if not group:
            continue
        moment = created.astimezone(UTC) if created.tzinfo else created
        period = f"{moment.year}Q{(moment.month - 1) // 3 + 1}"
        per_group[(group, period)] += 1
        area = _district(a.get("/data/survey/address_grp/postcode", ""))
        members: dict[int, dict[str, str]] = defaultdict(dict)
        for path, value in a.items():
            match = MEMBER.match(path)
            if match and value:
                members[int(match.group(1))][match.group(2)] = value
        items: list[tuple[str, list[str]]] = [
            ("household_type", [_household_type(members)]),
            ("tenure", [a["/data/survey/housing/tenure"]]),
            ("repairs", a["/data/survey/housing/condition_grp/repairs"].split()),
            ("bedrooms", [_bedroom_band(int(a["/data/survey/housing/bedrooms"]))]),
        ]
        people = [("age", _age_band(int(m["age"]))) for m in members.values()]
        people += [("sex", m["sex"]) for m in members.values()]
        for place in (None, area):
            for measure, codes in items:
                totals[(group, period, place, measure)] += 1
                for code in codes:
                    counts[(group, period, place, measure, code)] += 1
            for measure, code in people:
                totals[(group, period, place, measure)] += 1
                counts[(group, period, place, measure, code)] += 1
    return counts, totals, per_group


def test_sql_counts_agree_with_a_count_by_hand(store_url: str) -> None:
    store = open_store(store_url)
    try:
        seed_demo(store, interviews=120, seed=11)
        query = ProfileQuery("household_survey", "ethnicity",
                             ("household_type", "tenure", "repairs", "bedrooms", "age", "sex"),
                             period="quarter", area_field="postcode")
        profile = build_profile(store, query)
        counts, totals, per_group = _by_hand(store)
    finally:
        store.close()
    assert profile.interviews == dict(per_group)
    got = {(c.group, c.period, c.area, c.measure, c.category): c.count
           for c in profile.cells if c.count}
    assert got == dict(counts)
    for cell in profile.cells:
        assert cell.total == totals[(cell.group, cell.period, cell.area, cell.measure)]
    assert {c.unit for c in profile.cells if c.measure in ("age", "sex")} == {"people"}
    assert {c.unit for c in profile.cells if c.measure == "tenure"} == {"households"}
    # Every category of a group's period is there, zeros too (a share that fell to none).
    shares = [c for c in profile.cells if c.area is None and c.measure == "household_type"]
    keys = {(c.group, c.period) for c in shares}
    assert len(shares) == len(keys) * len({c.category for c in shares})
    assert profile.periods == sorted({p for _g, p in per_group})
    assert "120 interviews" in profile.source and "household_survey" in profile.source


def test_labels_follow_the_interface_language(tmp_path: object) -> None:
    store = open_store(f"sqlite:///{tmp_path}/s.sqlite3")
    try:
        seed_demo(store, interviews=30, seed=2)
        profile = build_profile(store, ProfileQuery("household_survey", "ethnicity",
                                                    ("household_type", "age", "tenure")))
        fields = {f.name: f for f in measurable_fields(store, "household_survey")}
    finally:
        store.close()
    assert profile.group_label("afghan", "en") == "Afghan"
    assert profile.group_label("afghan", "pl") == "Afgańska"
    assert profile.group_label("afghan", "bg") == "Афганистанци"
    assert profile.group_label("afghan", "de") == "Afghan"  # the form has no German
    assert profile.group_label("no_such_code", "en") == "no_such_code"
    assert profile.category_label("household_type", "lone_parent", "en") == "lone parent"
    assert profile.category_label("age", "18-24", "en") == "18–24"
    assert profile.measure_label("age", "en") == "How old is …?"
    assert fields["household_type"].kind == "derived"
    assert (fields["age"].kind, fields["age"].unit, fields["age"].in_repeat) == \
        ("number", "people", True)
    assert fields["tenure"].kind == "select" and fields["tenure"].unit == "households"
    assert fields["repairs"].multiple
    assert fields["start"].kind == "date" and fields["postcode"].kind == "text"


def test_a_date_field_places_interviews_and_bad_fields_are_named(tmp_path: object) -> None:
    store = open_store(f"sqlite:///{tmp_path}/s.sqlite3")
    try:
        seed_demo(store, interviews=30, seed=2)
        by_start = build_profile(store, ProfileQuery("household_survey", "ethnicity", ("sex",),
                                                     period="month", date_field="start"))
        by_created = build_profile(store, ProfileQuery("household_survey", "ethnicity",
                                                       ("sex",), period="month"))
        assert by_start.interviews == by_created.interviews  # the demo's start is its start
        with pytest.raises(InvalidInput, match="--by nope: the form has no such field"):
            build_profile(store, ProfileQuery("household_survey", "nope"))
        with pytest.raises(InvalidInput, match="--measure postcode"):
            build_profile(store, ProfileQuery("household_survey", "ethnicity", ("postcode",)))
        with pytest.raises(InvalidInput, match="--by repairs"):
            build_profile(store, ProfileQuery("household_survey", "repairs"))
        with pytest.raises(InvalidInput, match="--form nope"):
            build_profile(store, ProfileQuery("nope", "ethnicity"))
    finally:
        store.close()
