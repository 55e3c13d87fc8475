"""Importing ODK submissions into a coordinator's store (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.interviews import open_interview
from fieldkit.interviews.answer_rows import read_answers
from fieldkit.store import Store
from fieldkit.store.models import AuditEvent, ImportedSubmission, Interview, Interviewer
from fieldkit.submissions import SOURCE, import_submissions, service
from fieldkit.sync.duplicates import list_duplicates
from fieldkit.sync.project import add_interviewer
from tests.submissions.conftest import counts, visits_instance


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_instance_becomes_a_finalized_interview(coordinator: Store, tmp_path: Path) -> None:
    add_interviewer(coordinator, "amina")  # the roster name, matched case-blind
    path = _write(tmp_path / "in", "visit.xml", visits_instance("uuid:visit-1"))
    (report,) = import_submissions(coordinator, [path], attachments_root=tmp_path / "att")
    assert report.status == "imported", report.reason
    assert (report.instance_id, report.form_id, report.form_version) == (
        "uuid:visit-1", "visits", "3")
    with coordinator.session() as db:
        row = db.get(Interview, report.interview)
        assert row is not None
        assert row.status == "finalized"
        # Start and end from the instance's own metadata, in UTC.
        assert row.created_at.isoformat()[:19] == "2025-07-02T09:00:00"
        assert row.finalized_at is not None
        assert row.finalized_at.isoformat()[:19] == "2025-07-02T09:40:00"
        name = db.scalar(select(Interviewer.name).where(Interviewer.id == row.interviewer_id))
        assert name == "amina"
        live = read_answers(db, report.interview).live
        record = db.get(ImportedSubmission, (row.project_id, "uuid:visit-1"))
        assert record is not None
        assert (record.source, record.file_name, record.username, record.odk_device) == (
            SOURCE, str(path), "Amina", "collect:abc123")
        event = db.scalars(select(AuditEvent).where(
            AuditEvent.action == "import_submission",
            AuditEvent.object_id == report.interview)).one()
        detail = json.loads(event.detail)
        assert detail["source"] == SOURCE and detail["file"] == str(path)
    assert live["/data/community"] == "afghan"
    assert live["/data/notes"] == "rent  arrears "  # text kept exactly
    assert live["/data/rent"] == "95.50"
    assert live["/data/person[1]/age"] == "34"
    assert live["/data/person[2]/sex"] == "female"
    assert live["/data/person[1]/needs"] == "advice repairs"
    assert live["/data/meta/instanceID"] == "uuid:visit-1"
    # A calculation keeps the value the device worked out (now() would differ today).
    assert live["/data/saved_at"] == "2025-07-02T10:39:12.000+01:00"
    assert live["/data/people"] == "2"
    # The photo was named but not beside the file: kept as named, reported missing.
    assert live["/data/photo"] == "1719914400000.jpg"
    assert report.attachments_missing == ("1719914400000.jpg",)


def test_reimporting_changes_nothing(coordinator: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "visit.xml", visits_instance("uuid:again"))
    (first,) = import_submissions(coordinator, [path])
    before = counts(coordinator)
    # The same instance again, also under another name and edited since: unchanged.
    other = _write(tmp_path / "copy", "renamed.xml",
                   visits_instance("uuid:again", notes="edited later"))
    reports = import_submissions(coordinator, [path, other, path])
    assert [r.status for r in reports] == ["unchanged"] * 3
    assert {r.interview for r in reports} == {first.interview}
    assert counts(coordinator) == before


def test_a_roster_is_stored_as_typed_repeat_instances(
        coordinator: Store, tmp_path: Path, typed_store: Store,
        household_xml: dict[str, str]) -> None:
    """Every answer row of an imported household is the row the typed interview
    has (the instance came from fieldkit's own serialiser), so exports and the
    insight engine cannot tell them apart."""
    for i, (typed_uuid, xml) in enumerate(household_xml.items()):
        path = _write(tmp_path, f"hh{i}.xml", xml)
        (report,) = import_submissions(coordinator, [path])
        assert report.status == "imported", report.reason
        with typed_store.session() as db:
            typed = read_answers(db, typed_uuid)
        with coordinator.session() as db:
            imported = read_answers(db, report.interview)
        typed_form = {p: v for p, v in typed.form_values().items() if v}
        imported_form = {p: v for p, v in imported.form_values().items() if v}
        assert imported_form == typed_form
        members = {p.split("/member[")[1].split("]")[0] for p in imported_form
                   if "/member[" in p}
        assert members  # every demo household has people
        # Reopened, it has as many roster members as the typed one.
        handle = open_interview(coordinator, report.interview)
        source = open_interview(typed_store, typed_uuid)
        roster = "/data/survey/roster/member"
        assert handle.session.repeat_count(roster) == source.session.repeat_count(roster)
        assert handle.status == "finalized"


def test_an_empty_roster_stays_empty_when_reopened(coordinator: Store, tmp_path: Path
                                                   ) -> None:
    path = _write(tmp_path, "v.xml", visits_instance("uuid:nobody", people=""))
    (report,) = import_submissions(coordinator, [path])
    assert report.status == "imported", report.reason
    handle = open_interview(coordinator, report.interview)
    assert handle.session.repeat_count("/data/person") == 0


def test_namespaced_meta_and_no_roster_match(coordinator: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "v.xml", visits_instance("uuid:orx", namespaced_meta=True))
    (report,) = import_submissions(coordinator, [path])
    assert report.status == "imported", report.reason
    with coordinator.session() as db:
        row = db.get(Interview, report.interview)
        assert row is not None and row.interviewer_id is None  # Amina is not rostered


def test_a_refused_file_in_a_batch_costs_only_itself(coordinator: Store, tmp_path: Path
                                                     ) -> None:
    good = _write(tmp_path, "good.xml", visits_instance("uuid:g1"))
    bad = _write(tmp_path, "bad.xml", visits_instance(
        "uuid:b1", people="<person><age>forty</age></person>"))
    good2 = _write(tmp_path, "good2.xml", visits_instance("uuid:g2"))
    reports = import_submissions(coordinator, [good, bad, good2])
    assert [r.status for r in reports] == ["imported", "rejected", "imported"]
    assert "/data/person[1]/age" in reports[1].reason and "forty" in reports[1].reason
    # What could be read of the refused one is reported with it.
    assert (reports[1].instance_id, reports[1].form_id, reports[1].form_version) == (
        "uuid:b1", "visits", "3")
    assert reports[1].interview == ""
    with coordinator.session() as db:
        ids = set(db.scalars(select(ImportedSubmission.instance_id)))
    assert ids == {"uuid:g1", "uuid:g2"}


def test_elements_servers_add_are_passed_over(coordinator: Store, tmp_path: Path) -> None:
    """Central's deprecatedID and KoboToolbox's formhub/uuid, __version__ and
    meta/rootUuid are not in the XLSForm; they are not data either."""
    text = visits_instance("uuid:kobo-1").replace(
        "<meta>", "<formhub><uuid>8f2b</uuid></formhub><__version__>vQx7</__version__>"
        "<meta><rootUuid>uuid:kobo-0</rootUuid><deprecatedID>uuid:kobo-0</deprecatedID>")
    path = _write(tmp_path, "kobo.xml", text)
    (report,) = import_submissions(coordinator, [path])
    assert report.status == "imported", report.reason
    with coordinator.session() as db:
        paths = set(read_answers(db, report.interview).live)
    assert not {p for p in paths if "formhub" in p or "version" in p or "Uuid" in p
                or "deprecated" in p}
    # Elsewhere they are unknown elements like any other.
    bad = _write(tmp_path, "bad.xml", visits_instance("uuid:kobo-2").replace(
        "<community>", "<rootUuid>x</rootUuid><community>"))
    (refused,) = import_submissions(coordinator, [bad])
    assert refused.reason == "/data: <rootUuid> is not part of this form"


def test_a_concurrent_import_of_the_same_instance_is_caught_by_the_key(
        coordinator: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two coordinators on one PostgreSQL store import the same file at once: the
    second write meets the first's key, rolls back, and reports it unchanged."""
    path = _write(tmp_path / "in", "v.xml", visits_instance("uuid:race"))
    (tmp_path / "in" / "1719914400000.jpg").write_bytes(b"photo")
    (first,) = import_submissions(coordinator, [path], attachments_root=tmp_path / "a")
    before = counts(coordinator)
    monkeypatch.setattr(service, "_already", lambda *args: None)  # a view from before
    (second,) = import_submissions(coordinator, [path], attachments_root=tmp_path / "a")
    assert second.status == "unchanged" and second.interview == first.interview
    assert counts(coordinator) == before
    assert [p.name for p in (tmp_path / "a").iterdir()] == [first.interview]


def test_the_command_line_loads_the_importer_only_when_it_runs() -> None:
    code = ("import sys, fieldkit.cli as c; c.build_parser(); "
            "print('fieldkit.submissions.service' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_the_same_household_under_another_instance_id_is_flagged(
        coordinator: Store, tmp_path: Path, household_xml: dict[str, str]) -> None:
    xml = next(iter(household_xml.values()))
    first = _write(tmp_path, "a.xml", xml)
    start = xml.index("<instanceID>") + len("<instanceID>")
    again = xml[:start] + "uuid:re-entered" + xml[xml.index("</instanceID>"):]
    second = _write(tmp_path, "b.xml", again)
    one, two = import_submissions(coordinator, [first, second])
    assert (one.status, two.status) == ("imported", "imported")
    assert (one.duplicates, two.duplicates) == (0, 1)
    flags = list_duplicates(coordinator)
    pairs = [{f.a.interview_uuid, f.b.interview_uuid} for f in flags]
    assert pairs == [{one.interview, two.interview}]
