"""Subject access across every kind of record: one search finds Hristo Petrov in a
household roster, a customer profile, an advice-session attendance, a focus group and
a consent record, in Latin and Cyrillic spellings, and not Hristina Petrova; the
report holds what is stored, in his language; the command line gives the same."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.privacy.access import access_html, access_json, subject_access
from fieldkit.privacy.held import RecordKind
from fieldkit.privacy.people import find_people, person_by_id
from fieldkit.store import Store, open_store
from fieldkit.store.models import AuditEvent
from fieldkit.sync.project import init_project
from tests.privacy.helpers import Seeded, seed_people


@pytest.fixture
def site(store_url: str) -> Iterator[tuple[Store, str, Seeded]]:
    store = open_store(store_url)
    project = init_project(store, "Outreach 2026", organisation="Southside Housing")
    yield store, project.id, seed_people(store, project.id)
    store.close()


def test_one_search_finds_every_kind_of_record(site: tuple[Store, str, Seeded]) -> None:
    store, project_id, seeded = site
    with store.session() as session:
        people = find_people(session, project_id, "Христо Петров")
    person = people[0]
    kinds = {c.record.kind for c in person.records}
    assert kinds == {RecordKind.HOUSEHOLD_MEMBER, RecordKind.CUSTOMER_PROFILE,
                     RecordKind.ATTENDANCE, RecordKind.FOCUS_PARTICIPANT,
                     RecordKind.CONSENT}
    interviews = {c.record.interview_uuid for c in person.records}
    assert interviews == {seeded.uuids[k] for k in
                          ("household", "profile", "attendance", "participant", "consent")}
    # The household member is member 1 only, not his wife in the same household.
    member = next(c.record for c in person.records
                  if c.record.kind is RecordKind.HOUSEHOLD_MEMBER)
    assert member.scope.endswith("member[1]/")
    # Hristina (another year of birth) is at most a possible match, never taken.
    assert seeded.uuids["other"] not in interviews
    with store.session() as session:
        # The same person by phone number, and again by id.
        by_phone = find_people(session, project_id, "07700900123")[0]
        assert seeded.uuids["attendance"] in {c.record.interview_uuid
                                              for c in by_phone.records}
        assert person_by_id(session, project_id, person.id).records == person.records


def test_report_holds_the_records_in_his_language(site: tuple[Store, str, Seeded]) -> None:
    store, project_id, _seeded = site
    with store.session() as session:
        person = find_people(session, project_id, "Hristo Petrov")[0]
    report = subject_access(store, person.id, actor="dpo")
    assert report.language == "bg"  # interviewed in Bulgarian
    data = access_json(report)
    values = {f["value"] for r in data["records"] for f in r["fields"]}
    assert {"Христо Петров", "07700 900123", "1980-03-02", "Khristo Petroff",
            "Hristo Petrov", "12 Station Road"} <= values
    assert "Elena Petrova" not in values  # his wife's row is hers
    profile = next(r for r in data["records"] if r["kind"] == "customer_profile")
    questions = {f["question"] for f in profile["fields"]}
    assert any("Дата" in q for q in questions)  # labels in Bulgarian
    html = access_html(report)
    assert 'dir="ltr"' in html and "Христо Петров" in html
    # Sorani: right to left.
    assert 'dir="rtl"' in access_html(subject_access(store, person.id, language="ckb"))
    with store.session() as session:
        events = list(session.scalars(select(AuditEvent).where(
            AuditEvent.action == "subject-access")))
    assert events and all("Петров" not in e.detail and "Petrov" not in e.detail
                          for e in events)


def test_only_takes_exactly_the_confirmed_records(site: tuple[Store, str, Seeded]) -> None:
    store, project_id, _seeded = site
    with store.session() as session:
        person = find_people(session, project_id, "Hristo Petrov")[0]
    chosen = [person.records[0].record.ref]
    report = subject_access(store, person.id, only=chosen)
    assert [e.record.ref for e in report.entries] == chosen


def test_command_line_find_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    store = open_store(db)
    project = init_project(store, "Outreach 2026")
    seed_people(store, project.id)
    store.close()
    assert main(["--db", db, "person", "find", "Hristo Petrov", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    person = found["people"][0]
    assert set(person) >= {"id", "name", "records"}
    assert len(person["records"]) == 6  # his own consent on the profile too
    out = tmp_path / "sar.pdf"
    assert main(["--db", db, "--lang", "pl", "person", "export", person["id"],
                 "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    data = json.loads(out.with_suffix(".json").read_text("utf-8"))
    assert data["language"] == "pl" and len(data["records"]) == 6
    capsys.readouterr()
    assert main(["--db", db, "person", "export", "p-000000000000", "--out",
                 str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "p-000000000000" in err and "Traceback" not in err
