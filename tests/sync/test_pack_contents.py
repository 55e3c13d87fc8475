"""What the coordinator sees before writing a pack, and the pack's file name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fieldkit.sync.pack_contents import pack_file_name, pack_preview
from fieldkit.sync.project import add_quota, deactivate_interviewer, write_pack
from tests.sync.helpers import FORM_ID, Coordinator


def test_preview_names_what_the_next_pack_carries(coordinator: Coordinator,
                                                  tmp_path: Path) -> None:
    store = coordinator.store
    add_quota(store, form_id=FORM_ID, path="/data/tenure", value="own", target=3)
    deactivate_interviewer(store, "Bo")
    preview = pack_preview(store)
    assert preview.project == "Test project"
    assert preview.pack_version == 2  # make_coordinator wrote version 1
    assert [(f.form_id, f.version, f.title) for f in preview.forms] == [
        (FORM_ID, "1", "Household")]
    assert (preview.active_interviewers, preview.inactive_interviewers) == (["Ana"], ["Bo"])
    assert (preview.quotas, preview.consultation_months, preview.session_records) == (1, 12, 0)
    # The preview promised the version the pack then gets.
    assert write_pack(store, tmp_path / "p.zip") == preview.pack_version


def test_file_name_says_project_day_and_version() -> None:
    assert pack_file_name("Outreach 2026: Shirley", 7, date(2026, 12, 7)) == \
        "outreach-2026-shirley-pack-2026-12-07-v7.zip"
    assert pack_file_name("Łódź — Polska", 1, date(2027, 1, 2)) == \
        "łódź-polska-pack-2027-01-02-v1.zip"
    assert pack_file_name("***", 3, date(2027, 1, 2)) == "fieldkit-pack-2027-01-02-v3.zip"
