"""A bundle's answers must be fields of their interview's form (F17 item 1: "a field
that is not in the form is refused too"): any other form path is refused with exit
3 and the store unchanged; fieldkit's own rows, repeat indexes and the fields of the
interview's own form version are accepted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from fieldkit.interviews.runtime_forms import clear_cache
from fieldkit.store.models import Form
from tests.hostile.forge import Forge
from tests.hostile.test_bundle_values import refused, run_import
from tests.sync.helpers import FORM_ID, Coordinator, answers_of

V1_HASH = "b" * 64
V2_HASH = "c" * 64


def _xform(version: str, fields: str) -> str:
    return f"""<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
 xmlns:jr="http://openrosa.org/javarosa"><h:head><h:title>Household</h:title><model>
<instance><data id="{FORM_ID}" version="{version}">{fields}
<member jr:template=""><member_name/><visit jr:template=""><day/></visit></member>
<g><x/></g><meta><instanceID/></meta></data></instance>
</model></h:head><h:body>
<repeat nodeset="/data/member"><input ref="/data/member/member_name"><label>n</label></input>
<repeat nodeset="/data/member/visit"><input ref="/data/member/visit/day"><label>d</label></input>
</repeat></repeat></h:body></h:html>"""


@pytest.fixture
def forms(coordinator: Coordinator) -> Iterator[None]:
    """The coordinator's form (version 1) made a real XForm, and a version 2 whose
    fields differ; their hashes are this module's, so no other test's form row
    shares their parse."""
    with coordinator.store.session() as session:
        session.execute(update(Form).where(Form.form_id == FORM_ID).values(
            hash=V1_HASH, xform=_xform("1", "<name/><age/>")))
        session.add(Form(project_id=coordinator.project_id, form_id=FORM_ID, version="2",
                         title="Household", source_name="hh.xml", source=b"<x/>",
                         hash=V2_HASH, xform=_xform("2", "<name/><phone/>")))
    clear_cache()
    yield
    clear_cache()


ACCEPTED = {
    "/data/name": "Rana",
    "/data/age": "41",
    "/data/member[1]/member_name": "Ana",
    "/data/member[2]/member_name": "Ion",
    "/data/member/member_name": "Ana",  # unindexed: the first instance, in XPath
    "/data/member[2]/visit[3]/day": "2026-12-01",
    "/data/g/x": "1",
    "/data/meta/instanceID": "uuid:0",
    "@fieldkit/current": "/data/g/x",
}


@pytest.mark.usefixtures("forms")
def test_fields_of_the_form_and_fieldkits_own_rows_are_accepted(
        coordinator: Coordinator, forge: Forge, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    records = forge.interview(ACCEPTED, form_hash=V1_HASH)
    code, err = run_import(coordinator, forge.write(tmp_path / "ok.zip", records),
                           capsys=capsys)
    assert code == 0, err
    stored = {path for (_uuid, path) in answers_of(coordinator.store)}
    assert set(ACCEPTED) <= stored


NOT_FIELDS = [
    "/data/nickname",  # no such field
    "/data/phone",  # a field of version 2 only
    "/data/name[2]",  # an index on a step that is not a repeat
    "/data/member[0]/member_name",  # indexes start at 1
    "/data/member[1]",  # a repeat instance, not a field
    "/data/g",  # a group
    "/data/g/x/y",  # below a field
    "/other/name",  # another root
    "/data/member[1]/visit[1]/day/extra",
]


@pytest.mark.usefixtures("forms")
@pytest.mark.parametrize("path", NOT_FIELDS)
def test_a_path_that_is_not_a_field_of_the_form_is_refused(
        coordinator: Coordinator, forge: Forge, tmp_path: Path, path: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    records = forge.interview({"/data/name": "Rana", path: "x"}, form_hash=V1_HASH)
    line = refused(coordinator, forge.write(tmp_path / "bad.zip", records), capsys,
                   reason="is not a field of its form (hh version 1)")
    assert path in line


@pytest.mark.usefixtures("forms")
def test_each_interview_is_checked_against_its_own_form_version(
        coordinator: Coordinator, forge: Forge, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    v2 = forge.interview({"/data/phone": "555", "/data/name": "Rana"},
                         form_version="2", form_hash=V2_HASH)
    v1 = forge.interview({"/data/age": "41"}, form_hash=V1_HASH)
    code, err = run_import(coordinator, forge.write(tmp_path / "both.zip", v1 + v2),
                           capsys=capsys)
    assert code == 0, err
    forge.seq = 2
    wrong = forge.interview({"/data/age": "41"}, form_version="2", form_hash=V2_HASH)
    refused(coordinator, forge.write(tmp_path / "v2-age.zip", wrong), capsys,
            reason="'/data/age' is not a field of its form (hh version 2)")


@pytest.mark.usefixtures("forms")
def test_a_later_bundle_is_checked_against_the_stored_interviews_form(
        coordinator: Coordinator, forge: Forge, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    first = forge.interview({"/data/name": "Rana"}, form_hash=V1_HASH)
    uuid = first[0]["interview"]
    code, err = run_import(coordinator, forge.write(tmp_path / "1.zip", first),
                           capsys=capsys)
    assert code == 0, err
    forge.seq = 2
    ok = [forge.record(uuid, "/data/age", "42", clock=3)]
    code, err = run_import(coordinator, forge.write(tmp_path / "2.zip", ok), capsys=capsys)
    assert code == 0, err
    forge.seq = 3
    bad = [forge.record(uuid, "/data/phone", "555", clock=4)]
    refused(coordinator, forge.write(tmp_path / "3.zip", bad), capsys,
            reason="'/data/phone' is not a field of its form (hh version 1)")
