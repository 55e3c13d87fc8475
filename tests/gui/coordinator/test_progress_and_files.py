"""Progress per interviewer and per quota; the project pack and receipts written
from the workspace; a data folder that is not a coordinator's says what to do."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMessageBox,
    QProgressBar,
    QTableWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from fieldkit.context import AppContext
from fieldkit.gui.coordinator.progress_tab import ProgressTab
from fieldkit.gui.coordinator.project_tab import CLOCK_COLUMN, ProjectTab
from fieldkit.store.models import Interview
from fieldkit.sync.bundle_in import import_bundles
from fieldkit.sync.project import add_interviewer, add_quota
from fieldkit.sync.receipts import import_receipt
from tests.gui.coordinator.conftest import idle, show_coordinator, tab_named
from tests.gui.coordinator.site import FORM_ID, bundle, laptop
from tests.sync.helpers import Coordinator, write_interview


def _cells(table: QTableWidget, row: int, columns: int | None = None) -> list[str]:
    return [table.item(row, c).text() for c in range(columns or table.columnCount())]


def test_progress_per_interviewer_and_quota(qtbot: QtBot, ctx: AppContext,
                                            site: Coordinator, tmp_path: Path) -> None:
    add_interviewer(site.store, "Cy")
    add_quota(site.store, form_id=FORM_ID, path="/data/tenure", value="own", target=3)
    add_quota(site.store, form_id=FORM_ID, path="/data/tenure", value="rent", target=1,
              interviewer="Bo")
    ana, bo = laptop(site, tmp_path, "Ana"), laptop(site, tmp_path, "Bo")
    bundle(ana, tmp_path / "a1.zip", {"/data/tenure": "own"})
    bundle(ana, tmp_path / "a2.zip", {"/data/tenure": "own"})
    bundle(bo, tmp_path / "b1.zip", {"/data/tenure": "rent"})
    bundle(bo, tmp_path / "b2.zip", {"/data/tenure": "rent"})
    assert all(r.accepted for r in import_bundles(
        site.store, [tmp_path / f for f in ("a1.zip", "a2.zip", "b1.zip", "b2.zip")]))

    _window, workspace = show_coordinator(qtbot, ctx)
    tab = tab_named(workspace, "ProgressTab")
    idle(qtbot, workspace)
    assert isinstance(tab, ProgressTab)
    people = tab.people_table
    assert [_cells(people, r)[:4] for r in range(people.rowCount())] == [
        ["Ana", "2", "2", "1"], ["Bo", "2", "2", "1"], ["Cy", "0", "0", "0"]]
    assert _cells(people, 0)[4] != "none yet" and _cells(people, 2)[4] == "none yet"
    bars = [tab.quota_table.cellWidget(r, 2) for r in range(2)]
    assert all(isinstance(b, QProgressBar) for b in bars)
    assert [(b.value(), b.maximum(), b.text()) for b in bars] == [  # type: ignore[union-attr]
        (2, 3, "2 of 3"), (1, 1, "2 of 1")]
    assert _cells(tab.quota_table, 1, 2) == ["hh: /data/tenure = rent", "Bo"]
    assert not tab.no_quotas.isVisible()


def test_pack_and_receipt_written_from_the_workspace(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    ana = laptop(site, tmp_path, "Ana")
    bundle(ana, tmp_path / "a1.zip", {"/data/size": "3"})
    _window, workspace = show_coordinator(qtbot, ctx)
    assert workspace.import_tab.import_files([tmp_path / "a1.zip"])
    idle(qtbot, workspace)
    tab = tab_named(workspace, "ProjectTab")
    idle(qtbot, workspace)
    assert isinstance(tab, ProjectTab)

    qtbot.mouseClick(tab.pack_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.preview_box is not None)
    preview = tab.preview_box
    assert isinstance(preview, QMessageBox)
    assert preview.text() == "Pack version 2 of \u2068Outreach 2026\u2069 will carry:"
    assert preview.informativeText().splitlines()[:3] == [
        "Forms (1): Household (1)", "Active interviewers (2): Ana, Bo", "Quotas: 0"]
    preview.accept()
    dialog = tab.file_dialog
    assert isinstance(dialog, QFileDialog)
    today = datetime.now(UTC).date().isoformat()
    assert dialog.selectedFiles()[0].endswith(f"outreach-2026-pack-{today}-v2.fkpack")
    pack = tmp_path / "out" / "new-pack.zip"
    pack.parent.mkdir()
    dialog.setDirectory(str(pack.parent))
    dialog.selectFile(pack.name)
    dialog.accept()
    qtbot.waitUntil(lambda: not tab.busy("write"))
    assert pack.is_file()
    assert tab.pack_result.text() == f"Wrote \u2068{pack}\u2069 (pack version 2)."

    assert not tab.receipt_button.isEnabled()  # no laptop chosen yet
    assert not tab.no_devices.isVisible()
    assert _cells(tab.device_table, 0)[0] == "Ana"
    tab.device_table.selectRow(0)
    qtbot.mouseClick(tab.receipt_button, Qt.MouseButton.LeftButton)
    dialog = tab.file_dialog
    assert isinstance(dialog, QFileDialog)
    receipt = pack.parent / "ana-receipt.zip"
    dialog.setDirectory(str(pack.parent))
    dialog.selectFile(receipt.name)
    dialog.accept()
    qtbot.waitUntil(lambda: not tab.busy("write"))
    assert receipt.is_file()
    assert "acknowledges" in tab.receipt_result.text()
    assert import_receipt(ana.store, receipt).interviews_receipted == 1


def test_a_file_that_cannot_be_written_is_one_line(qtbot: QtBot, ctx: AppContext,
                                                   site: Coordinator, tmp_path: Path) -> None:
    _window, workspace = show_coordinator(qtbot, ctx)
    tab = tab_named(workspace, "ProjectTab")
    assert isinstance(tab, ProjectTab)
    idle(qtbot, workspace)
    assert tab.no_devices.isVisible() and tab.device_table.rowCount() == 0
    tab.write_pack(tmp_path / "missing-folder" / "pack.zip")
    qtbot.waitUntil(lambda: not tab.busy("write"))
    # The file named first, isolated so a right-to-left interface keeps the path whole
    # (the pack is written to a ".part" file beside it first).
    line = tab.pack_result.text()
    assert line.startswith(f"\u2068{tmp_path / 'missing-folder' / 'pack.zip'}")
    assert line.endswith("\u2069: No such file or directory")
    assert "\n" not in line and tab.pack_button.isEnabled()


def test_practice_project_offers_a_new_project(qtbot: QtBot, ctx: AppContext) -> None:
    window, workspace = show_coordinator(qtbot, ctx)
    assert not workspace.is_coordinator
    assert workspace.stack.currentWidget() is workspace.help
    assert "practice project" in workspace.help_text.text()
    assert "fieldkit " not in workspace.help_text.text()
    assert workspace.new_project_button.isVisible()
    qtbot.mouseClick(workspace.new_project_button, Qt.MouseButton.LeftButton)
    assert window.wizard is not None and window.wizard.isVisible()
    window.wizard.reject()
    assert workspace.tab_pages == {}
    assert "Practice project" in workspace.facts.text()


@pytest.mark.parametrize("language", ["en", "ckb"])
def test_the_devices_list_shows_a_laptop_whose_clock_is_wrong(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path,
        language: str) -> None:
    """F17 item 8: the import's clock warning stays on the devices list."""
    ana, bo = laptop(site, tmp_path, "Ana"), laptop(site, tmp_path, "Bo")
    uuid = write_interview(ana, {"/data/size": "3"})
    with ana.store.session() as session:  # Ana's laptop thinks it is a year ago
        session.execute(update(Interview).where(Interview.uuid == uuid).values(
            created_at=datetime.now(UTC) - timedelta(days=365)))
    bundle(ana, tmp_path / "a1.zip")
    bundle(bo, tmp_path / "b1.zip", {"/data/size": "2"})
    reports = import_bundles(site.store, [tmp_path / "a1.zip", tmp_path / "b1.zip"])
    assert [bool(r.warnings) for r in reports] == [True, False]
    window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "ProjectTab")
    assert isinstance(tab, ProjectTab)
    idle(qtbot, workspace)
    workspace.tabs.setCurrentWidget(tab)
    if os.environ.get("FIELDKIT_SHOTS"):  # screenshots for a person to look at
        window.resize(1100, 650)
        QApplication.processEvents()
        window.grab().save(f"/tmp/devices-clock-{language}.png")
    table = tab.device_table
    if language == "ckb":
        assert table.isRightToLeft() and table.item(0, CLOCK_COLUMN).toolTip()
        return
    assert table.horizontalHeaderItem(CLOCK_COLUMN).text() == "Clock"
    rows = {table.item(r, 0).text(): table.item(r, CLOCK_COLUMN) for r in range(2)}
    assert rows["Ana"].text() == "Check its clock (1 bundle)"
    assert rows["Ana"].toolTip() == "\n".join(reports[0].warnings)
    assert "before the project existed" in rows["Ana"].toolTip()
    assert not rows["Ana"].icon().isNull()
    assert rows["Bo"].text() == "" and rows["Bo"].toolTip() == ""
