"""The Partners tab: agreements listed and ended, a release previewed (its error
said in one line), partners' figures imported through the mapping dialog."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.coordinator.partners_tab import ImportDialog, PartnersTab
from fieldkit.partners.agreements import AgreementDraft, add_agreement
from fieldkit.projects import current_project
from tests.gui.coordinator.conftest import idle, show_coordinator, tab_named
from tests.sync.helpers import FORM_ID, Coordinator

FIGURES = """Quarter,Ward,Nationality,Registrations
2025Q4,SO14,Romanian,31
2026Q1,SO14,Romanian,74
2026Q1,SO14,Polish,..
"""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_partners_tab(qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path, *,
                      monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    project = current_project(site.store).id
    add_agreement(site.store, project, AgreementDraft(
        partner="Shirley Primary", purpose="planning", basis="6(1)(e)", form_id=FORM_ID,
        fields=("tenure",), level="aggregate", ends=date(2099, 1, 1), signed_by="DPO",
        starts=date(2020, 1, 1)))
    _window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "PartnersTab")
    assert isinstance(tab, PartnersTab)
    tab.refresh()
    idle(qtbot, workspace)
    assert tab.agreement_table.rowCount() == 1
    assert tab.agreement_table.item(0, 1).text() == "Shirley Primary"
    assert tab.release_agreement.count() == 1

    tab.by.setText("tenure")
    tab.preview_release()
    qtbot.waitUntil(lambda: not tab.busy("preview"))
    table = tab.preview_table
    assert table.rowCount() > 0 and table.horizontalHeaderItem(0).text() == "tenure"
    counts = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert all(c == "c" or int(c) >= 10 for c in counts) and "c" in counts
    if language == "en":
        assert "withheld" in tab.status.text()
        assert {table.item(r, 2).text() for r in range(table.rowCount())} >= {
            "below the smallest count"}
    tab.by.setText("age")
    tab.preview_release()
    qtbot.waitUntil(lambda: not tab.busy("preview"))
    assert "age" in tab.status.text()  # refused: said in one line

    path = tmp_path / "gp.csv"
    path.write_text(FIGURES, encoding="utf-8")
    dialog = ImportDialog(ctx, tab)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    dialog.source.setText("GP registrations")
    for role, name in (("period", "Quarter"), ("area", "Ward"), ("category", "Nationality"),
                       ("count", "Registrations")):
        dialog.columns[role].setText(name)
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.parsed is not None)
    assert dialog.table.rowCount() == 2 and dialog.import_button.isEnabled()
    if language == "en":
        dialog.show()
        dialog.grab().save(str(tmp_path / "import.png"))
    dialog._import()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    # The mapping is remembered for the source.
    again = ImportDialog(ctx, tab)
    qtbot.addWidget(again)
    again.source.setText("GP registrations")
    again._remembered()
    assert again.columns["category"].text() == "Nationality"

    tab.refresh()
    idle(qtbot, workspace)
    assert tab.source_table.item(0, 0).text() == "GP registrations"
    tab.agreement_table.setCurrentCell(0, 0)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.end_agreement()
    qtbot.waitUntil(lambda: not tab.busy("end"))  # ended off the UI thread, then listed
    idle(qtbot, workspace)
    assert tab.release_agreement.count() == 0, tab.status.text()
    tab.grab().save(str(tmp_path / f"partners-{language}.png"))


def test_adding_an_agreement_keeps_the_dialog_until_the_terms_are_taken(
        qtbot: QtBot, ctx: AppContext, site: Coordinator) -> None:
    _window, workspace = show_coordinator(qtbot, ctx, "en")
    tab = tab_named(workspace, "PartnersTab")
    assert isinstance(tab, PartnersTab)
    tab.add_agreement()
    dialog = tab.agreement_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.partner.setText("Shirley Primary")
    dialog.purpose.setText("planning")
    dialog.basis.setText("6(1)(e)")
    dialog.form.setText("no_such_form")
    dialog.fields.setText("tenure")
    dialog.signed_by.setText("DPO")
    dialog.ok_button.click()
    qtbot.waitUntil(dialog.ok_button.isEnabled)  # refused: said, still open
    assert dialog.isVisible() and "no_such_form" in dialog.error.text()
    dialog.form.setText(FORM_ID)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == dialog.DialogCode.Accepted
    idle(qtbot, workspace)
    assert tab.agreement_table.rowCount() == 1
    assert tab.agreement_table.item(0, 1).text() == "Shirley Primary"
