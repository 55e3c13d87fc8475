"""instance('last-saved'): the last interview of the same form version saved on this
laptop gives a new interview its defaults and calculations, as in ODK Collect
(F14 item 2; see fieldkit/interviews/last_saved.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import update

from fieldkit.interviews import open_interview, start_interview
from fieldkit.interviews.last_saved import last_saved_xml
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.project_forms import add_form
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.models import Device, Interview
from tests.interviews.conftest import VERBAL

FORM = Path(__file__).parent.parent / "forms" / "data" / "odk" / "last-saved" / "form.md"


def _form(store: Store, project_id: str, path: Path = FORM) -> int:
    return add_form(store, project_id, path).pk


def _village(store: Store, pk: int) -> str:
    """The village a new interview of form ``pk`` starts with."""
    handle = start_interview(store, form_pk=pk, respondent_language="", consent=VERBAL)
    return handle.session.value("/data/village")


def test_the_first_interview_has_empty_last_saved_values(store: Store, project_id: str) -> None:
    pk = _form(store, project_id)
    handle = start_interview(store, form_pk=pk, respondent_language="", consent=VERBAL)
    assert handle.session.value("/data/village") == ""
    assert handle.session.value("/data/total") == "0"
    assert handle.session.value("/data/note_prev") == "last: "


def test_defaults_and_calculations_come_from_the_last_saved_interview(
        store: Store, project_id: str) -> None:
    pk = _form(store, project_id)
    first = start_interview(store, form_pk=pk, respondent_language="", consent=VERBAL)
    first.answer("/data/enumerator", "Ana")
    first.answer("/data/village", "Kobani")
    first.answer("/data/visits", 2)
    assert first.session.value("/data/total") == "2"
    second = start_interview(store, form_pk=pk, respondent_language="", consent=VERBAL)
    assert second.session.value("/data/enumerator") == "Ana"  # jr default from last-saved
    assert second.session.value("/data/village") == "Kobani"
    assert second.session.value("/data/note_prev") == "last: Kobani"
    second.answer("/data/village", "Amuda")  # a default, so the interviewer may change it
    second.answer("/data/visits", 3)
    assert second.session.value("/data/total") == "5"  # 2 carried over + 3
    third = start_interview(store, form_pk=pk, respondent_language="", consent=VERBAL)
    assert third.session.value("/data/village") == "Amuda"
    # The second's total as it saved it (5), not worked out again without its own
    # last-saved instance (which would give 3).
    assert third.session.value("/data/total") == "5"


def test_a_reopened_interview_reads_the_last_other_interview(
        store: Store, project_id: str) -> None:
    pk = _form(store, project_id)
    first = start_interview(store, form_pk=pk, respondent_language="", consent=VERBAL)
    first.answer("/data/village", "Kobani")
    second = start_interview(store, form_pk=pk, respondent_language="", consent=VERBAL)
    second.answer("/data/village", "Amuda")
    # The second is now the last saved, but an interview is never its own last-saved.
    again = open_interview(store, second.uuid)
    assert again.session.value("/data/note_prev") == "last: Kobani"
    assert again.session.value("/data/village") == "Amuda"  # its answer, kept
    reopened = open_interview(store, first.uuid)
    assert reopened.session.value("/data/note_prev") == "last: Amuda"


def test_other_versions_and_other_devices_do_not_count(
        store: Store, project_id: str, tmp_path: Path) -> None:
    pk = _form(store, project_id)
    newer = tmp_path / "form.md"
    shutil.copy(FORM, newer)
    newer.write_text(FORM.read_text(encoding="utf-8").replace("| last_saved | 1 |",
                                                              "| last_saved | 2 |"))
    pk2 = _form(store, project_id, newer)
    assert pk2 != pk
    old = start_interview(store, form_pk=pk, respondent_language="", consent=VERBAL)
    old.answer("/data/village", "Kobani")
    assert _village(store, pk2) == ""  # Collect keeps last-saved per form definition
    assert _village(store, pk) == "Kobani"
    # Interviews that came from another laptop (a coordinator's store) are not this
    # laptop's last saved.
    with store.session() as db:
        db.add(Device(id="other-laptop", label="laptop 2", is_local=False, counter=0))
        db.flush()
        db.execute(update(Interview).where(Interview.form_pk == pk)
                   .values(device_id="other-laptop"))
    assert _village(store, pk) == ""


def test_the_last_saved_instance_leaves_out_non_relevant_fields(
        store: Store, project_id: str) -> None:
    pk = _form(store, project_id)
    first = start_interview(store, form_pk=pk, respondent_language="", consent=VERBAL)
    first.answer("/data/visits", 200)
    first.answer("/data/secret", "kept out")
    first.answer("/data/visits", 1)  # the secret is no longer relevant
    device = ensure_local_device(store).id
    with store.session() as db:
        _ref, form = runtime_form(db, pk)
        xml = last_saved_xml(db, form, form_pk=pk, device_id=device)
    assert xml is not None and "<visits>1</visits>" in xml
    assert "kept out" not in xml


def test_forms_without_last_saved_look_nothing_up(store: Store, household: int) -> None:
    device = ensure_local_device(store).id
    with store.session() as db:
        _ref, form = runtime_form(db, household)
        assert last_saved_xml(db, form, form_pk=household, device_id=device) is None
