"""The roster as the Interviewers tab edits it: rename, languages, active, code slips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.errors import UsageError
from fieldkit.store.models import AuditEvent
from fieldkit.sync.bundle_in import import_bundles
from fieldkit.sync.project import add_interviewer
from fieldkit.sync.roster import (
    code_slip_html,
    rename_interviewer,
    roster,
    set_active,
    set_languages,
)
from tests.sync.helpers import Coordinator, make_laptop, write_interview


def _audit(coordinator: Coordinator, action: str) -> list[dict[str, object]]:
    with coordinator.store.session() as session:
        return [json.loads(e.detail) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == action))]


def test_roster_lists_everyone_with_their_laptops(coordinator: Coordinator,
                                                  tmp_path: Path) -> None:
    add_interviewer(coordinator.store, "cy")
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    write_interview(ana, {"/data/size": "2"})
    from fieldkit.sync.bundle_out import export_bundle

    export_bundle(ana.store, tmp_path / "a.zip")
    assert import_bundles(coordinator.store, [tmp_path / "a.zip"])[0].accepted
    members = roster(coordinator.store)
    assert [(m.name, m.active, m.devices) for m in members] == [
        ("Ana", True, 1), ("Bo", True, 0), ("cy", True, 0)]


def test_rename_keeps_the_interviewer_and_is_audited(coordinator: Coordinator) -> None:
    ana = coordinator.ids["Ana"]
    member = rename_interviewer(coordinator.store, ana, "  Ana Popescu ", "coord")
    assert (member.id, member.name) == (ana, "Ana Popescu")
    assert [m.name for m in roster(coordinator.store)] == ["Ana Popescu", "Bo"]
    assert _audit(coordinator, "rename-interviewer") == [{"from": "Ana", "to": "Ana Popescu"}]
    with pytest.raises(UsageError, match="already on the roster"):
        rename_interviewer(coordinator.store, ana, "Bo")
    with pytest.raises(UsageError, match="Give the interviewer a name"):
        rename_interviewer(coordinator.store, ana, "  ")
    with pytest.raises(UsageError, match="not on the roster"):
        rename_interviewer(coordinator.store, "no-such-id", "X")


def test_languages_are_codes_kept_in_order(coordinator: Coordinator) -> None:
    bo = coordinator.ids["Bo"]
    member = set_languages(coordinator.store, bo, ["ro", "fa_AF", "ro", " ckb "])
    assert member.languages == ("ro", "fa_AF", "ckb")
    assert roster(coordinator.store)[1].languages == ("ro", "fa_AF", "ckb")
    with pytest.raises(UsageError, match="not a language code"):
        set_languages(coordinator.store, bo, ["Romanian"])
    assert roster(coordinator.store)[1].languages == ("ro", "fa_AF", "ckb")
    assert set_languages(coordinator.store, bo, []).languages == ()


def test_deactivate_and_reactivate_by_id(coordinator: Coordinator) -> None:
    ana = coordinator.ids["Ana"]
    assert not set_active(coordinator.store, ana, False, "coord").active
    assert [m.active for m in roster(coordinator.store)] == [False, True]
    assert set_active(coordinator.store, ana, True, "coord").active


@pytest.mark.parametrize(("language", "direction", "title"), [
    ("en", "ltr", "Your fieldkit enrolment code"),
    ("ar", "rtl", None),
])
def test_code_slip_in_the_interviewers_language(language: str, direction: str,
                                                title: str | None) -> None:
    html = code_slip_html(project="Outreach <2026>", organisation="Shirley & Co",
                          interviewer="Ana", code="ABCD-EFGH", language=language)
    assert f'<body dir="{direction}">' in html
    assert "ABCD-EFGH" in html and "Outreach &lt;2026&gt;" in html
    assert "Shirley &amp; Co" in html
    if title is not None:
        assert title in html
    # The code is always left to right, whatever the slip's direction.
    assert '<p dir="ltr"' in html
