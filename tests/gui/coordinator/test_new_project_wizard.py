"""File → New coordinator project…: the wizard end to end, its checks on each page,
and File → Open recent."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.coordinator.new_project import NewProjectWizard
from fieldkit.recent_projects import recent_projects, remember
from fieldkit.store import open_store
from fieldkit.sync.project import coordinator_project
from tests.gui.conftest import open_window


def _next(qtbot: QtBot, wizard: QWizard) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()


def test_wizard_makes_the_project_and_opens_it(qtbot: QtBot, ctx: AppContext,
                                               tmp_path: Path) -> None:
    window = open_window(qtbot, ctx)
    opened: list[tuple[Path, str]] = []
    window.open_folder = lambda folder, url: opened.append((folder, url)) or True
    window.open_new_project()
    wizard = window.wizard
    assert isinstance(wizard, NewProjectWizard)

    name = wizard.name_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # name needed
    name.name.setText("Shirley outreach 2027")
    name.organisation.setText("Southampton Housing")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.store_page
    # A suggested folder named after the project.
    assert wizard.store_page.folder.text().endswith("shirley-outreach-2027")
    full = tmp_path / "full"
    full.mkdir()
    (full / "something").write_text("x")
    wizard.store_page.folder.setText(str(full))
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.store_page
    assert "not empty" in wizard.store_page.error.text()
    folder = tmp_path / "projects" / "shirley"
    wizard.store_page.folder.setText(str(folder))
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.retention_page
    wizard.retention_page.days.setValue(14)
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.forms_page
    wizard.forms_page.defaults.setChecked(False)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert "default forms, your own forms, or both" in wizard.forms_page.error.text()
    wizard.forms_page.defaults.setChecked(True)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: opened != [], timeout=60_000)
    assert opened == [(folder, "")]
    qtbot.waitUntil(lambda: window.wizard is None or not shiboken6.isValid(window.wizard))

    store = open_store(f"sqlite:///{folder / 'fieldkit.sqlite3'}")
    try:
        assert coordinator_project(store).name == "Shirley outreach 2027"
    finally:
        store.close()
    assert recent_projects()[0].name == "Shirley outreach 2027"


def test_open_recent_lists_projects_and_the_practice_one(qtbot: QtBot, ctx: AppContext,
                                                         tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    remember(other, "Coventry 2026", "coordinator")
    window = open_window(qtbot, ctx)
    opened: list[tuple[Path, str]] = []
    window.open_folder = lambda folder, url: opened.append((folder, url)) or True
    window._fill_recent()
    actions = window.recent_menu.actions()
    texts = [a.text() for a in actions]
    # This window's own folder (the practice project) comes first and is not offered.
    assert texts[0].startswith("Practice project — ")
    assert not actions[0].isEnabled()
    coventry = next(a for a in actions if a.text().startswith("Coventry 2026 — "))
    coventry.trigger()
    assert opened == [(other.resolve(), "")]
