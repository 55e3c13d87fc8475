"""Focus groups made on any laptop travel in bundles and the project pack, and merge
at the coordinator like advice sessions: notes and codings typed on two laptops at
once all arrive, edits to different fields of one group both stand, a bundle
imported twice changes nothing, and a pack installed twice changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fieldkit.focus.analysis import report
from fieldkit.focus.forms import focus_forms
from fieldkit.focus.reading import read_focus
from fieldkit.focus.writes import FocusWriter
from fieldkit.sync.bundle_in import import_bundle
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.project import join_pack, write_pack
from fieldkit.sync.review import list_conflicts
from tests.sync.helpers import Coordinator, Laptop, dump, make_coordinator, make_laptop

TODAY = datetime.now(UTC).date()


def deliver(laptop: Laptop, coordinator: Coordinator, out: Path) -> None:
    export_bundle(laptop.store, out)
    result = import_bundle(coordinator.store, out)
    assert result.accepted, result.reason


def repack(coordinator: Coordinator) -> Path:
    assert coordinator.pack is not None
    write_pack(coordinator.store, coordinator.pack)
    return coordinator.pack


def test_groups_coded_on_two_laptops_merge_at_the_coordinator(tmp_path: Path) -> None:
    coordinator = make_coordinator(f"sqlite:///{tmp_path / 'coord.sqlite3'}", tmp_path)
    focus_forms(coordinator.store, coordinator.project_id)
    repack(coordinator)

    # Ana runs the group on her laptop, with no network.
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    aw = FocusWriter(ana.store, ana.project_id)
    theme = aw.create_theme("Harassment", translations={"ckb": "هەراسان کردن"})
    group = aw.create_group({"title": "Kurdish men", "group_date": TODAY - timedelta(days=2),
                             "venue": "Library", "community": "Kurdish",
                             "languages": "ckb en"})
    rebin = aw.add_participant(group, pseudonym="Rebin", consent_quote=True)
    said = aw.add_note(group, "ئێمە لە شەقام دەترسین, at night especially.",
                       speaker=rebin, language="ckb")
    deliver(ana, coordinator, tmp_path / "ana-1.zip")

    # Bo gets it through the pack and codes it; Ana goes on taking notes meanwhile.
    repack(coordinator)
    bo = make_laptop(coordinator, tmp_path / "bo", "Bo")
    bw = FocusWriter(bo.store, bo.project_id)
    on_bo = read_focus(bo.store, bo.project_id)
    assert [g.title for g in on_bo.groups] == ["Kurdish men"]
    assert on_bo.note(said) is not None and on_bo.theme(theme) is not None
    bo_coding = bw.code(said, theme, 0, 17, quote=True)
    bo_note = bw.add_note(group, "Bo's note of the second hour.")
    bw.set_group(group, {"venue": "Central Library"})

    ana_note = aw.add_note(group, "They stopped using the bus.", speaker=rebin)
    ana_coding = aw.code(ana_note, theme)
    aw.set_group(group, {"interpreter": "Shwan"})

    deliver(ana, coordinator, tmp_path / "ana-2.zip")
    deliver(bo, coordinator, tmp_path / "bo-1.zip")
    before = dump(coordinator.store)
    # The same bundle again changes nothing.
    assert import_bundle(coordinator.store, tmp_path / "bo-1.zip").accepted
    assert dump(coordinator.store) == before

    at_coordinator = read_focus(coordinator.store, coordinator.project_id)
    assert {n.uuid for n in at_coordinator.notes} == {said, bo_note, ana_note}
    assert {c.uuid for c in at_coordinator.codings} == {bo_coding, ana_coding}
    [merged] = at_coordinator.groups
    assert (merged.venue, merged.interpreter) == ("Central Library", "Shwan")
    assert not list_conflicts(coordinator.store)
    assert report(at_coordinator)["themes"] == [
        {"theme": "Harassment", "groups": 1, "passages": 2}]
    # Mixed-script text arrives as it was typed.
    assert at_coordinator.note(said) is not None
    assert at_coordinator.note(said).text == "ئێمە لە شەقام دەترسین, at night especially."  # type: ignore[union-attr]

    # Ana installs the next pack (twice): she gets Bo's work, hers is unchanged.
    pack = repack(coordinator)
    assert coordinator.ids
    join_pack(ana.store, pack, "Ana", coordinator.codes["Ana"])
    once = dump(ana.store)
    join_pack(ana.store, pack, "Ana", coordinator.codes["Ana"])
    assert dump(ana.store) == once
    on_ana = read_focus(ana.store, ana.project_id)
    assert {c.uuid for c in on_ana.codings} == {bo_coding, ana_coding}
    assert on_ana.groups[0].venue == "Central Library"


def test_the_same_field_changed_on_two_laptops_is_a_conflict_not_a_loss(
        tmp_path: Path) -> None:
    coordinator = make_coordinator(f"sqlite:///{tmp_path / 'coord.sqlite3'}", tmp_path)
    focus_forms(coordinator.store, coordinator.project_id)
    repack(coordinator)
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    aw = FocusWriter(ana.store, ana.project_id)
    group = aw.create_group({"title": "Somali mothers", "community": "Somali"})
    deliver(ana, coordinator, tmp_path / "ana-1.zip")
    repack(coordinator)
    bo = make_laptop(coordinator, tmp_path / "bo", "Bo")
    FocusWriter(bo.store, bo.project_id).set_group(group, {"venue": "Mosque hall"})
    aw.set_group(group, {"venue": "School"})
    deliver(ana, coordinator, tmp_path / "ana-2.zip")
    deliver(bo, coordinator, tmp_path / "bo-1.zip")
    conflicts = list_conflicts(coordinator.store)
    assert len(conflicts) == 1
