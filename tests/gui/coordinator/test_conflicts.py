"""Conflict review: the list names interview and question (in the interface language
where the form has it); the values stand side by side with their origin; keeping one
or typing a correction settles the field, audited."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.context import AppContext
from fieldkit.gui.coordinator import CoordinatorWorkspace
from fieldkit.gui.coordinator.conflicts_tab import ConflictsTab
from fieldkit.store.models import Answer, AuditEvent
from fieldkit.sync.bundle_in import import_bundles
from tests.gui.coordinator.conftest import idle, show_coordinator, tab_named
from tests.gui.coordinator.site import conflicting_bundles
from tests.sync.helpers import Coordinator


def _open(qtbot: QtBot, ctx: AppContext, site: Coordinator, folder: Path,
          language: str = "en") -> tuple[str, ConflictsTab, CoordinatorWorkspace]:
    uuid, files = conflicting_bundles(site, folder)
    assert all(r.accepted for r in import_bundles(site.store, files))
    _window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "ConflictsTab")
    idle(qtbot, workspace)
    assert isinstance(tab, ConflictsTab)
    return uuid, tab, workspace


def _size(site: Coordinator, uuid: str) -> str | None:
    with site.store.session() as session:
        return session.scalars(select(Answer.value).where(
            Answer.interview_uuid == uuid, Answer.path == "/data/size")).one()


def test_keep_one_of_the_competing_values(qtbot: QtBot, ctx: AppContext,
                                          site: Coordinator, tmp_path: Path) -> None:
    uuid, tab, workspace = _open(qtbot, ctx, site, tmp_path)
    assert workspace.tabs.tabText(workspace.tabs.indexOf(tab)) == "Conflicts (1)"
    table = tab.table
    assert [table.item(0, c).text() for c in range(3)] == [
        "hh · Household", "Household size", "/data/size"]
    assert tab.detail_heading.text() == "\u2068hh\u2069: \u2068Household size\u2069"
    values = sorted(card.findChild(QLabel, "valueText").text() for card in tab.cards)
    assert values == ["5", "6"]
    origin = tab.cards[0].findChild(QLabel, "origin").text()
    assert origin.startswith("Entered by \u2068Ana\u2069\nLaptop ")

    six = next(c for c in tab.cards if c.value.value == "6")
    qtbot.mouseClick(six.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy() and table.rowCount() == 0)
    assert _size(site, uuid) == "6"
    assert tab.summary.text() == "No conflicts: every field has one value."
    assert "is now" in tab.result.text()
    assert workspace.tabs.tabText(workspace.tabs.indexOf(tab)) == "Conflicts"
    with site.store.session() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "resolve-conflict")).one()
    assert event.object_id == uuid and event.actor
    assert json.loads(event.detail)["path"] == "/data/size"


def test_type_a_corrected_value(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                tmp_path: Path) -> None:
    uuid, tab, _workspace = _open(qtbot, ctx, site, tmp_path)
    qtbot.mouseClick(tab.use_corrected, Qt.MouseButton.LeftButton)
    assert tab.result.text() == "Type the corrected value first."
    assert tab.table.rowCount() == 1
    tab.corrected.setFocus()
    qtbot.keyClicks(tab.corrected, "7")
    qtbot.keyClick(tab.corrected, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not tab.busy() and tab.table.rowCount() == 0)
    assert _size(site, uuid) == "7"


def test_question_label_in_the_interface_language(qtbot: QtBot, ctx: AppContext,
                                                  site: Coordinator, tmp_path: Path) -> None:
    _uuid, tab, _workspace = _open(qtbot, ctx, site, tmp_path, "ckb")
    assert tab.table.item(0, 1).text() == "قەبارەی خێزان"
    assert len(tab.cards) == 2 and tab.detail.isEnabled()
    assert tab.layoutDirection() == Qt.LayoutDirection.RightToLeft
