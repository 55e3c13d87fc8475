"""The layouts ODK tools leave submissions in: Briefcase storage and Collect's
instances folder, as folders or zipped; attachments beside each instance; a Central
CSV export recognised and refused with what to do instead."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.interviews.answer_rows import read_answers
from fieldkit.paths import resolve_paths
from fieldkit.store import Store
from fieldkit.store.models import ImportedSubmission
from fieldkit.submissions import import_submissions
from fieldkit.submissions import sources as sources_module
from tests.submissions.conftest import counts, visits_instance

PHOTO = b"\xff\xd8\xff\xe0JFIF" + bytes(range(256)) * 8
XFORM = ('<?xml version="1.0"?><h:html xmlns="http://www.w3.org/2002/xforms" '
         'xmlns:h="http://www.w3.org/1999/xhtml"><h:head><h:title>Visits</h:title>'
         '</h:head><h:body/></h:html>')


def _widgets(instance_id: str) -> str:
    return ('<data xmlns:jr="http://openrosa.org/javarosa" id="widgets">'
            "<my_string>Hello</my_string><my_int>7</my_int><my_decimal>-0.5</my_decimal>"
            "<my_image>1700000000001.jpg</my_image><my_audio>voice note.m4a</my_audio>"
            "<my_geopoint>53.8 -1.55 70 5</my_geopoint>"
            f"<meta><instanceID>{instance_id}</instanceID></meta></data>")


def _json_run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
    code = main(["submissions", "import", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_briefcase_storage_zipped_with_attachments(
        sqlite_coordinator: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = "ODK Briefcase Storage/forms/visits"
    archive = tmp_path / "briefcase.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"{base}/visits.xml", XFORM)  # the form itself: passed over
        z.writestr(f"{base}/instances/uuid1/submission.xml", visits_instance("uuid:1"))
        z.writestr(f"{base}/instances/uuid1/1719914400000.jpg", PHOTO)
        z.writestr(f"{base}/instances/uuid2/submission.xml",
                   visits_instance("uuid:2", photo=""))
    code, out = _json_run([str(archive)], capsys)
    assert code == 0
    assert out["imported"] == 2 and out["unchanged"] == 0 and out["rejected"] == 0
    first, second = out["submissions"]
    assert first["file"] == f"{archive}:{base}/instances/uuid1/submission.xml"
    assert first["attachments"] == 1 and first["attachments_missing"] == []
    assert second["attachments"] == 0
    stored = resolve_paths().attachments_dir / first["interview"] / "1719914400000.jpg"
    assert stored.read_bytes() == PHOTO
    with sqlite_coordinator.session() as db:
        live = read_answers(db, first["interview"]).live
    assert live["/data/photo"] == "1719914400000.jpg"
    # Again: nothing changes, and no second copy of the photo.
    before = counts(sqlite_coordinator)
    code, out = _json_run([str(archive)], capsys)
    assert code == 0 and out["unchanged"] == 2 and out["imported"] == 0
    assert counts(sqlite_coordinator) == before
    assert len(list(resolve_paths().attachments_dir.iterdir())) == 1


def test_collect_instances_folder(sqlite_coordinator: Store, tmp_path: Path,
                                  household_xml: dict[str, str],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    instances = tmp_path / "odk" / "instances"
    for i, xml in enumerate(household_xml.values()):
        name = f"Household survey_2026-03-1{i}_12-14-19"
        (instances / name).mkdir(parents=True)
        (instances / name / f"{name}.xml").write_text(xml, encoding="utf-8")
    folder = instances / "widgets_2026-03-01_09-00-00"
    folder.mkdir()
    (folder / "widgets_2026-03-01_09-00-00.xml").write_text(_widgets("uuid:w1"),
                                                            encoding="utf-8")
    (folder / "1700000000001.jpg").write_bytes(PHOTO)
    (folder / "voice note.m4a").write_bytes(b"audio")
    code, out = _json_run([str(tmp_path / "odk")], capsys)
    assert code == 0, out
    assert out["imported"] == len(household_xml) + 1
    widgets = next(s for s in out["submissions"] if s["form_id"] == "widgets")
    assert widgets["attachments"] == 2
    with sqlite_coordinator.session() as db:
        live = read_answers(db, widgets["interview"]).live
    # A plain file name is kept; one with a space is stored under a cleaned name.
    assert live["/data/my_image"] == "1700000000001.jpg"
    assert live["/data/my_audio"] == "voice_note.m4a"
    folder_in = resolve_paths().attachments_dir / widgets["interview"]
    assert (folder_in / "voice_note.m4a").read_bytes() == b"audio"
    assert live["/data/my_geopoint"] == "53.8 -1.55 70 5"


def test_a_single_file_finds_its_attachment_beside_it(
        coordinator: Store, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "w.xml"
    path.write_text(_widgets("uuid:w2"), encoding="utf-8")
    (tmp_path / "sub" / "1700000000001.jpg").write_bytes(PHOTO)
    (report,) = import_submissions(coordinator, [path], attachments_root=tmp_path / "att")
    assert report.status == "imported", report.reason
    assert report.attachments == 1
    assert report.attachments_missing == ("voice note.m4a",)
    assert (tmp_path / "att" / report.interview / "1700000000001.jpg").read_bytes() == PHOTO


def test_a_bad_instance_inside_a_zip_is_refused_alone(
        sqlite_coordinator: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "mixed.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a/submission.xml", visits_instance("uuid:za"))
        z.writestr("b/submission.xml", visits_instance("uuid:zb", version="9"))
        z.writestr("b/1719914400000.jpg", PHOTO)
        z.writestr("c/submission.xml", visits_instance("uuid:zc"))
    code, out = _json_run([str(archive)], capsys)
    assert code == 3
    assert [s["status"] for s in out["submissions"]] == ["imported", "rejected", "imported"]
    assert out["submissions"][1]["reason"].startswith("form 'visits' version '9'")
    with sqlite_coordinator.session() as db:
        assert set(db.scalars(select(ImportedSubmission.instance_id))) == {"uuid:za",
                                                                           "uuid:zc"}
    # The refused instance's photo was not copied anywhere.
    assert not resolve_paths().attachments_dir.exists()


def test_a_central_csv_export_is_refused_with_what_to_do(
        sqlite_coordinator: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "visits.csv.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("visits.csv", "SubmissionDate,community\n2025-07-02,afghan\n")
        z.writestr("media/1719914400000.jpg", PHOTO)
    assert main(["submissions", "import", str(archive)]) == 3
    err = capsys.readouterr().err
    assert "this is a CSV export" in err and "ODK Briefcase" in err


@pytest.mark.parametrize("name", ["../evil.xml", "/abs/evil.xml"])
def test_unsafe_zip_member_names_are_refused(coordinator: Store, tmp_path: Path,
                                             name: str) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(name, visits_instance())
    before = counts(coordinator)
    (report,) = import_submissions(coordinator, [archive])
    assert report.status == "rejected" and "unsafe file name inside" in report.reason
    assert counts(coordinator) == before


def test_a_zip_that_unpacks_too_large_is_refused(coordinator: Store, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources_module, "MAX_ZIP_BYTES", 10_000)
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("a/submission.xml", visits_instance())
        z.writestr("a/1719914400000.jpg", b"\0" * 50_000)  # compresses to little
    (report,) = import_submissions(coordinator, [archive])
    assert report.status == "rejected" and "unpacks to more than" in report.reason


def test_a_damaged_zip_is_refused(coordinator: Store, tmp_path: Path) -> None:
    archive = tmp_path / "cut.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a/submission.xml", visits_instance())
    archive.write_bytes(archive.read_bytes()[:-30])
    (report,) = import_submissions(coordinator, [archive])
    assert report.status == "rejected"


def test_a_folder_without_submissions(coordinator: Store, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "form.xml").write_text(XFORM, encoding="utf-8")
    (report,) = import_submissions(coordinator, [tmp_path / "empty"])
    assert report.status == "rejected" and report.reason == "no ODK submission found here"


def test_linked_files_are_not_taken_as_attachments(coordinator: Store, tmp_path: Path
                                                   ) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the store", encoding="utf-8")
    inbox = tmp_path / "inbox" / "one"
    inbox.mkdir(parents=True)
    (inbox / "submission.xml").write_text(visits_instance("uuid:link"), encoding="utf-8")
    (inbox / "1719914400000.jpg").symlink_to(secret)
    (report,) = import_submissions(coordinator, [tmp_path / "inbox"],
                                   attachments_root=tmp_path / "att")
    assert report.status == "imported", report.reason
    assert report.attachments == 0
    assert report.attachments_missing == ("1719914400000.jpg",)
    assert not (tmp_path / "att").exists()
