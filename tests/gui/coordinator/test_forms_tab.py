"""Forms tab: the project's forms; add or update a form with its problems and changes
shown first; try a form without saving; retire and restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.coordinator.forms_tab import FormsTab, FormUpdateDialog, TryFormDialog
from fieldkit.sync.form_admin import list_forms
from tests.gui.coordinator.conftest import idle, show_coordinator, tab_named
from tests.sync.helpers import Coordinator
from tests.sync.test_form_admin import V1


def _tab(qtbot: QtBot, ctx: AppContext, language: str = "en") -> FormsTab:
    _window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "FormsTab")
    assert isinstance(tab, FormsTab)
    idle(qtbot, workspace)
    return tab


def _rows(tab: FormsTab) -> list[list[str]]:
    return [[tab.table.item(r, c).text() for c in range(tab.table.columnCount())]
            for r in range(tab.table.rowCount())]


def _plan(qtbot: QtBot, tab: FormsTab, path: Path) -> FormUpdateDialog:
    tab.dialog = None
    tab.check_file(path)
    qtbot.waitUntil(lambda: isinstance(tab.dialog, FormUpdateDialog))
    assert isinstance(tab.dialog, FormUpdateDialog)
    return tab.dialog


def test_add_then_update_a_form(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                tmp_path: Path) -> None:
    tab = _tab(qtbot, ctx)
    assert _rows(tab) == [["Household", "hh", "1", "en, ckb", "active", "0"]]

    bad = tmp_path / "bad.md"
    bad.write_text(V1.replace("{version}", "1").replace("| | text | note_text |",
                                                        "| | text | size |"), encoding="utf-8")
    dialog = _plan(qtbot, tab, bad)
    assert not dialog.add_button.isEnabled() and dialog.refused.isVisibleTo(dialog)
    cells = [dialog.problems.item(0, c).text() for c in range(4)]
    assert cells == ["Error", "survey", cells[2], "name"] and cells[2].isdigit()
    dialog.reject()

    v1 = tmp_path / "v1.md"
    v1.write_text(V1.replace("{version}", "1"), encoding="utf-8")
    dialog = _plan(qtbot, tab, v1)
    assert dialog.summary.text() == "Housing (housing, version 1) is new to the project."
    assert dialog.add_button.isEnabled()
    dialog.add_button.click()
    qtbot.waitUntil(lambda: len(_rows(tab)) == 2 and not tab.busy("write"))
    assert "Write a new pack" in tab.status.text()
    assert _rows(tab)[1][:3] == ["Housing", "housing", "1"]

    v2 = tmp_path / "v2.md"
    v2.write_text(V1.replace("{version}", "2").replace("| | text | note_text | Anything else |\n",
                                                       ""), encoding="utf-8")
    dialog = _plan(qtbot, tab, v2)
    assert dialog.summary.text() == \
        "Housing (housing): version 2; the project has version 1."
    assert dialog.changes.text() == "Question /data/note_text removed"
    assert not dialog.warning.isVisibleTo(dialog)  # nobody answered it yet
    dialog.add_button.click()
    qtbot.waitUntil(lambda: _rows(tab)[1][2] == "2" and not tab.busy("write"))


def test_try_it_saves_nothing_and_retire_restore(qtbot: QtBot, ctx: AppContext,
                                                 site: Coordinator) -> None:
    tab = _tab(qtbot, ctx)
    tab.table.selectRow(0)
    tab.try_selected()
    dialog = tab.dialog
    assert isinstance(dialog, TryFormDialog)
    assert dialog.windowTitle() == "Trying Household — nothing is saved"
    assert dialog.form_screen.handle is not None
    scratch = Path(dialog.folder.name)
    assert scratch.is_dir()
    dialog.reject()
    qtbot.waitUntil(lambda: not scratch.exists())
    assert list_forms(site.store)[0].interviews == 0  # nothing reached the project

    tab.table.selectRow(0)
    assert tab.retire_button.text() == "&Retire"
    tab.toggle_retired()
    qtbot.waitUntil(lambda: _rows(tab)[0][4] == "retired" and not tab.busy("write"))
    assert list_forms(site.store)[0].retired
    tab.table.selectRow(0)
    assert tab.retire_button.text() == "&Restore"
    tab.toggle_retired()
    qtbot.waitUntil(lambda: _rows(tab)[0][4] == "active" and not tab.busy("write"))


def test_right_to_left(qtbot: QtBot, ctx: AppContext, site: Coordinator) -> None:
    tab = _tab(qtbot, ctx, "fa")
    assert tab.isRightToLeft() and tab.table.rowCount() == 1


def test_local_categories_add_a_choice_as_a_new_version(qtbot: QtBot, ctx: AppContext,
                                                        site: Coordinator) -> None:
    from fieldkit.gui.coordinator.categories_dialog import CategoriesDialog
    from fieldkit.project_forms import add_form, default_form_files

    path = next(p for p in default_form_files() if p.stem == "customer_profile")
    add_form(site.store, site.project_id, path)
    tab = _tab(qtbot, ctx)
    tab.open_categories()
    dialog = tab.dialog
    assert isinstance(dialog, CategoriesDialog)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.current() is not None)
    entry = dialog.current()
    assert entry is not None and entry.list_name in ("ethnicity", "nationality")
    index = next(i for i, e in enumerate(dialog.lists) if e.list_name == "ethnicity")
    dialog.list_combo.setCurrentIndex(index)
    assert set(dialog.label_edits) == set(dialog.lists[index].languages)
    # Sorani and Farsi labels are typed right to left.
    sorani = next(e for lang, e in dialog.label_edits.items() if "(ckb)" in lang)
    assert sorani.layoutDirection() == Qt.LayoutDirection.RightToLeft
    dialog.name.setText("eritrean")
    dialog.add()
    qtbot.waitUntil(lambda: not dialog.working)
    assert dialog.status.text().startswith("Give the new choice a label in every language")
    for edit in dialog.label_edits.values():
        edit.setText("Eritrean")
    dialog.add()
    qtbot.waitUntil(lambda: not dialog.working and not dialog.loading)
    assert "now version 2026120701-local1" in dialog.status.text()
    items = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
    assert "Eritrean (eritrean)" in items
    qtbot.waitUntil(lambda: any(r[1] == "customer_profile" and r[2] == "2026120701-local1"
                                for r in _rows(tab)))
    dialog.reject()
