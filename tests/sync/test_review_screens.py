"""What the coordinator screens read besides conflicts: progress with the last
bundle, the laptops that sent bundles, and labels for conflicts (of an unreadable form,
and in the form language for the interface language)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import update

from fieldkit.store.models import Form
from fieldkit.sync.bundle_in import import_bundle
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.conflict_labels import ConflictContext, conflict_contexts
from fieldkit.sync.review import Conflict, interviewer_progress, list_devices
from tests.sync.helpers import Coordinator, make_laptop, write_interview


def test_progress_and_devices(coordinator: Coordinator, tmp_path: Path) -> None:
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    uuid = write_interview(ana, {"/data/name": "Rana"})
    export_bundle(ana.store, tmp_path / "a.zip")
    assert import_bundle(coordinator.store, tmp_path / "a.zip").accepted

    ana_row, bo_row = interviewer_progress(coordinator.store)
    assert (ana_row.name, ana_row.interviews, ana_row.finalized, ana_row.devices) == (
        "Ana", 1, 1, 1)
    assert ana_row.last_bundle_at is not None and ana_row.last_bundle_at.tzinfo is not None
    assert (bo_row.interviews, bo_row.last_bundle_at) == (0, None)

    (device,) = list_devices(coordinator.store)
    assert (device.device_id, device.interviewer, device.bundles) == (ana.device_id, "Ana", 1)
    assert device.versions >= 2  # the header and the answer

    # The helpers' form is not a readable XForm: the screens still get the interview.
    conflict = Conflict(uuid, "/data/name", ())
    assert conflict_contexts(coordinator.store, [conflict], "en") == {
        (uuid, "/data/name"): ConflictContext("hh", "Household", "")}


def test_choice_labels_in_values() -> None:
    context = ConflictContext("hh", "Household", "Tenure", {"own": "Owned", "rent": "Rented"})
    assert context.value_text("own") == "Owned (own)"
    assert context.value_text("own other") == "Owned (own), other"
    assert context.value_text(None) == ""


# Farsi first, Dari written with a hyphen: the interface's "fa_AF" must still find Dari.
DARI_XFORM = """<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
 xmlns:jr="http://openrosa.org/javarosa">
<h:head><h:title>Household</h:title><model>
<itext>
  <translation lang="Farsi (fa)" default="true()">
    <text id="name-l"><value>نام</value></text>
    <text id="own-l"><value>ملکی</value></text>
  </translation>
  <translation lang="Dari (fa-AF)">
    <text id="name-l"><value>اسم</value></text>
    <text id="own-l"><value>ملکیت شخصی</value></text>
  </translation>
</itext>
<instance><data id="household"><name/></data></instance>
<bind nodeset="/data/name" type="string"/>
</model></h:head>
<h:body>
  <select1 ref="/data/name"><label ref="jr:itext('name-l')"/>
    <item><label ref="jr:itext('own-l')"/><value>own</value></item>
  </select1>
</h:body></h:html>"""


@pytest.mark.parametrize(("ui_language", "question", "own"), [
    ("fa_AF", "اسم", "ملکیت شخصی"),   # Dari, though Farsi comes first in the form
    ("fa", "نام", "ملکی"),
    ("ckb", "نام", "ملکی"),            # not in the form: its default language
])
def test_conflict_labels_in_the_form_language_for_the_interface(
        coordinator: Coordinator, tmp_path: Path, ui_language: str, question: str,
        own: str) -> None:
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    uuid = write_interview(ana, {"/data/name": "own"})
    export_bundle(ana.store, tmp_path / "a.zip")
    assert import_bundle(coordinator.store, tmp_path / "a.zip").accepted
    with coordinator.store.session() as session:
        session.execute(update(Form).values(
            xform=DARI_XFORM, source=DARI_XFORM.encode(),
            hash=hashlib.sha256(DARI_XFORM.encode()).hexdigest()))
    conflict = Conflict(uuid, "/data/name", ())
    context = conflict_contexts(coordinator.store, [conflict], ui_language)[
        (uuid, "/data/name")]
    assert (context.question, context.choices) == (question, {"own": own})
