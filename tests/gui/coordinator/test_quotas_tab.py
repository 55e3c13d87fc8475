"""Quotas tab: add a quota by picking form, question and answer; change its target;
the fieldwork end and the outlook beside each quota; remove."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QProgressBar
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.coordinator.quota_dialog import QuotaDialog
from fieldkit.gui.coordinator.quotas_tab import QuotasTab
from fieldkit.sync.bundle_in import import_bundles
from fieldkit.sync.quotas import fieldwork_end
from fieldkit.sync.review import quota_progress
from tests.gui.coordinator.conftest import idle, show_coordinator, tab_named
from tests.gui.coordinator.site import bundle, laptop
from tests.sync.helpers import Coordinator


def _tab(qtbot: QtBot, ctx: AppContext, language: str = "en") -> QuotasTab:
    _window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "QuotasTab")
    assert isinstance(tab, QuotasTab)
    idle(qtbot, workspace)
    return tab


def test_add_change_and_remove_a_quota(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                       tmp_path: Path) -> None:
    ana = laptop(site, tmp_path, "Ana")
    bundle(ana, tmp_path / "a1.zip", {"/data/tenure": "rent"})
    assert import_bundles(site.store, [tmp_path / "a1.zip"])[0].accepted
    tab = _tab(qtbot, ctx)
    assert tab.empty.isVisible() and tab.table.rowCount() == 0
    assert tab.add_button.isEnabled()

    tab.open_add()
    dialog = tab.dialog
    assert isinstance(dialog, QuotaDialog)
    # Only the single-choice question is offered, labelled, with its answers.
    assert [dialog.field.itemText(i) for i in range(dialog.field.count())] == ["Tenure"]
    assert [dialog.value.itemText(i) for i in range(dialog.value.count())] == [
        "Owned (own)", "Rented (rent)"]
    dialog.value.setCurrentIndex(1)
    dialog.target.setValue(4)
    dialog.who.setCurrentIndex(dialog.who.findData("Ana"))
    dialog.accept()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1 and not tab.busy())
    assert tab.table.item(0, 0).text() == "Household: Tenure = Rented"
    assert tab.table.item(0, 1).text() == "Ana"
    bar = tab.table.cellWidget(0, 2)
    assert isinstance(bar, QProgressBar) and bar.text() == "1 of 4"
    assert tab.table.item(0, 3).text().startswith("Set the last day of fieldwork")
    assert [(q.value, q.target, q.interviewer) for q in quota_progress(site.store)] == [
        ("rent", 4, "Ana")]

    tab.table.selectRow(0)
    tab.change_target(quota_progress(site.store)[0].quota_id, 2)
    qtbot.waitUntil(lambda: not tab.busy("write") and not tab.busy())
    qtbot.waitUntil(lambda: tab.table.cellWidget(0, 2) is not None
                    and tab.table.cellWidget(0, 2).text() == "1 of 2")  # type: ignore[attr-defined]

    # The last day of fieldwork: in three days, one more interview needed.
    tab.has_end.setChecked(True)
    tab.end.setDate(QDate.currentDate().addDays(2))
    tab.store_fieldwork_end()
    qtbot.waitUntil(lambda: not tab.busy("write") and not tab.busy())
    assert fieldwork_end(site.store) == date.today() + timedelta(days=2)
    qtbot.waitUntil(lambda: tab.table.item(0, 3).text().startswith("1 to go in 3 days"))
    # One interview in four weeks is not the pace of one in three days.
    assert tab.table.item(0, 3).text() == (
        "1 to go in 3 days: 0.3 a day. The team finalised 1 interview of this form in the "
        "last four weeks. At that pace it can no longer be met.")

    tab.table.selectRow(0)
    tab.remove_selected()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 0 and not tab.busy())
    assert quota_progress(site.store) == []
    assert tab.empty.isVisible()


def test_right_to_left(qtbot: QtBot, ctx: AppContext, site: Coordinator) -> None:
    tab = _tab(qtbot, ctx, "ar")
    assert tab.isRightToLeft()
    assert tab.empty.text() != "" and "fieldkit " not in tab.empty.text()
