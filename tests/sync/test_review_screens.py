"""What the coordinator screens read besides conflicts: progress with the last
bundle, the laptops that sent bundles, and labels for conflicts of an unreadable form."""

from __future__ import annotations

from pathlib import Path

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
