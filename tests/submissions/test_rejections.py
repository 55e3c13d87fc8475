"""Every reason an instance is refused: one line naming the file and the problem,
exit 3, and nothing of that file in the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.store import Store
from fieldkit.submissions import import_submissions
from fieldkit.submissions import instance as instance_module
from fieldkit.submissions import sources as sources_module
from tests.submissions.conftest import counts, visits_instance

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    '<data id="visits" version="3"><notes>&lol2;</notes></data>')

CASES: dict[str, tuple[str, str]] = {
    "unknown form": (visits_instance(form_id="census_2011"),
                     "form 'census_2011' is not in this project"),
    "wrong version": (visits_instance(version="2"),
                      "form 'visits' version '2' is not in this project"),
    "malformed XML": (visits_instance()[:-20], "not well-formed XML (line 1"),
    "not a whole number": (visits_instance(people="<person><age>3.5</age></person>"),
                           "/data/person[1]/age: '3.5' is not a whole number"),
    "not a number": (visits_instance().replace("95.50", "lots"),
                     "/data/rent: 'lots' is not a number"),
    "not a date": (visits_instance().replace("2024-11-30", "30/11/2024"),
                   "/data/moved_in: '30/11/2024' is not a date"),
    "not a choice": (visits_instance().replace(">afghan<", ">martian<"),
                     "/data/community: 'martian' is not one of the choices"),
    "two choices in a select_one": (
        visits_instance(people="<person><sex>male female</sex></person>"),
        "/data/person[1]/sex: 'male female': only one choice may be selected"),
    "not a choice in a select_multiple": (
        visits_instance(people="<person><needs>advice money</needs></person>"),
        "/data/person[1]/needs: 'money' is not one of the choices"),
    "unknown element": (visits_instance(extra="<favourite_colour>red</favourite_colour>"),
                        "/data: <favourite_colour> is not part of this form"),
    "a question twice": (visits_instance(extra="<rent>12</rent>"),
                         "/data/rent: appears more than once, but it is not a repeat"),
    "elements inside a question": (visits_instance(extra="").replace(
        "<rent>95.50</rent>", "<rent><amount>95</amount></rent>"),
        "/data/rent: holds elements, but it is a question"),
    "no instanceID": (visits_instance("uuid:x").replace(
        "<meta><instanceID>uuid:x</instanceID></meta>", ""), "it has no meta/instanceID"),
    "empty instanceID": (visits_instance(instance_id=" "),
                         "it has no meta/instanceID"),
    "another root": (visits_instance().replace("<data ", "<record ").replace(
        "</data>", "</record>"), "its root is <record>, but form 'visits' has <data>"),
    "entities": (BILLION_LAUGHS, "uses a DTD or entities, which are refused"),
    "encrypted": ('<data id="visits" version="3" encrypted="yes"><base64EncryptedKey>'
                  'abc</base64EncryptedKey></data>', "an encrypted submission"),
    "no form id": ("<data><notes>x</notes></data>", "has no form id"),
    "a form definition": (
        '<h:html xmlns:h="http://www.w3.org/1999/xhtml"><h:head/></h:html>',
        "this is a form definition (XForm), not a submission"),
    "not XML at all": ("name,age\nAmina,34\n", "not well-formed XML"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_reason_is_refused_and_nothing_is_stored(
        sqlite_coordinator: Store, tmp_path: Path, case: str) -> None:
    coordinator = sqlite_coordinator  # PostgreSQL: see test_import (a batch with a bad file)
    text, message = CASES[case]
    path = tmp_path / "submission.xml"
    path.write_text(text, encoding="utf-8")
    before = counts(coordinator)
    (report,) = import_submissions(coordinator, [path], attachments_root=tmp_path / "att")
    assert report.status == "rejected"
    assert report.file == str(path)
    assert message in report.reason
    assert "\n" not in report.reason
    assert counts(coordinator) == before
    assert not (tmp_path / "att").exists()


def test_the_command_line_names_the_file_and_exits_3(
        sqlite_coordinator: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(visits_instance().replace(">afghan<", ">martian<"), encoding="utf-8")
    before = counts(sqlite_coordinator)
    assert main(["submissions", "import", str(path)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"fieldkit: {path}: /data/community: 'martian' is not one of the "
                   "choices"]
    assert counts(sqlite_coordinator) == before


def test_a_huge_file_is_refused_unread(coordinator: Store, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources_module, "MAX_INSTANCE_BYTES", 1000)
    path = tmp_path / "huge.xml"
    path.write_text(visits_instance(notes="x" * 5000), encoding="utf-8")
    (report,) = import_submissions(coordinator, [path])
    assert report.status == "rejected" and "too large" in report.reason


def test_deep_nesting_is_refused_cleanly(coordinator: Store, tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    depth = 100_000
    path.write_text('<data id="visits" version="3">' + "<notes>" * depth
                    + "</notes>" * depth + "</data>", encoding="utf-8")
    before = counts(coordinator)
    (report,) = import_submissions(coordinator, [path])
    assert report.status == "rejected"
    assert "nested more than 64 levels deep" in report.reason
    assert counts(coordinator) == before


def test_too_many_elements_are_refused(coordinator: Store, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(instance_module, "MAX_ELEMENTS", 50)
    people = "<person><age>1</age></person>" * 30
    path = tmp_path / "many.xml"
    path.write_text(visits_instance(people=people), encoding="utf-8")
    (report,) = import_submissions(coordinator, [path])
    assert report.status == "rejected" and "more than 50 elements" in report.reason


def test_form_option_refuses_other_forms(coordinator: Store, tmp_path: Path) -> None:
    path = tmp_path / "v.xml"
    path.write_text(visits_instance(), encoding="utf-8")
    (report,) = import_submissions(coordinator, [path], form_id="widgets")
    assert report.status == "rejected"
    assert report.reason == "it belongs to form 'visits', not 'widgets' (--form)"


def test_form_option_names_the_form_of_an_instance_without_id(
        coordinator: Store, tmp_path: Path) -> None:
    path = tmp_path / "v.xml"
    path.write_text(visits_instance("uuid:no-id").replace(' id="visits"', ""),
                    encoding="utf-8")
    (report,) = import_submissions(coordinator, [path], form_id="visits")
    assert report.status == "imported", report.reason


def test_unknown_form_option_is_a_usage_error(
        sqlite_coordinator: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v.xml"
    path.write_text(visits_instance(), encoding="utf-8")
    assert main(["submissions", "import", str(path), "--form", "nope"]) == 2
    assert "--form: there is no form 'nope' in this project" in capsys.readouterr().err


def test_a_missing_path_is_refused(sqlite_coordinator: Store, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.xml"
    assert main(["submissions", "import", str(missing)]) == 3
    assert f"{missing}: no such file or folder" in capsys.readouterr().err


def test_not_a_coordinator(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v.xml"
    path.write_text(visits_instance(), encoding="utf-8")
    assert main(["submissions", "import", str(path)]) == 2
    assert "not a coordinator's" in capsys.readouterr().err
