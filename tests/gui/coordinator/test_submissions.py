"""Importing ODK submissions through the Coordinator workspace: the file and folder
dialogs, a result row per instance (a refused one with its reason), Cancel, and the
tab in a right-to-left interface."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.coordinator.submissions_tab import SubmissionsTab
from fieldkit.project_forms import add_form
from tests.gui.coordinator.conftest import idle, show_coordinator, tab_named
from tests.submissions.conftest import VISITS_FORM, visits_instance
from tests.sync.helpers import Coordinator


def _results(tab: SubmissionsTab) -> list[list[str]]:
    table = tab.table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def _instances(site: Coordinator, folder: Path) -> tuple[Path, Path, Path]:
    form = folder / "visits.md"
    form.write_text(VISITS_FORM, encoding="utf-8")
    add_form(site.store, site.project_id, form)
    inbox = folder / "odk"
    inbox.mkdir()
    good = inbox / "a.xml"
    good.write_text(visits_instance("uuid:gui-a"), encoding="utf-8")
    (inbox / "1719914400000.jpg").write_bytes(b"photo")
    bad = inbox / "b.xml"
    bad.write_text(visits_instance("uuid:gui-b").replace("95.50", "lots"), encoding="utf-8")
    good2 = inbox / "c.xml"
    good2.write_text(visits_instance("uuid:gui-c", photo=""), encoding="utf-8")
    return good, bad, good2


def test_files_through_the_dialog(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                  tmp_path: Path) -> None:
    good, bad, good2 = _instances(site, tmp_path)
    window, workspace = show_coordinator(qtbot, ctx)
    tab = tab_named(workspace, "SubmissionsTab")
    assert isinstance(tab, SubmissionsTab)
    assert workspace.tabs.tabText(workspace.tabs.indexOf(tab)) == "ODK submissions"
    qtbot.mouseClick(tab.files_button, Qt.MouseButton.LeftButton)
    dialog = tab.file_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.setDirectory(str(good.parent))
    dialog.selectFile(" ".join(f'"{p.name}"' for p in (good, bad, good2)))
    dialog.accept()
    idle(qtbot, workspace)
    rows = _results(tab)
    assert [r[:3] for r in rows] == [["a.xml", "Imported", "visits (3)"],
                                     ["b.xml", "Refused", "visits (3)"],
                                     ["c.xml", "Imported", "visits (3)"]]
    assert rows[0][3].startswith("Interview \u2068") and "1 attachment" in rows[0][3]
    assert rows[1][3] == "\u2068/data/rent\u2069: 'lots' is not a number."
    assert tab.summary.text() == "Imported 2, unchanged 0, refused 1."
    assert not tab.progress_row.isVisible() and tab.files_button.isEnabled()
    assert window.overview is not None and window.overview.interviews == 2

    # The folder again: the two imported before are unchanged, the bad one refused.
    assert tab.import_paths([good.parent])
    idle(qtbot, workspace)
    assert [r[1] for r in _results(tab)[3:]] == ["Unchanged", "Refused", "Unchanged"]
    assert _results(tab)[3][3] == "Imported before; nothing new."
    qtbot.mouseClick(tab.clear_button, Qt.MouseButton.LeftButton)
    assert tab.table.rowCount() == 0


def test_folder_dialog(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                       tmp_path: Path) -> None:
    good, _bad, _good2 = _instances(site, tmp_path)
    _window, workspace = show_coordinator(qtbot, ctx)
    tab = tab_named(workspace, "SubmissionsTab")
    assert isinstance(tab, SubmissionsTab)
    qtbot.mouseClick(tab.folder_button, Qt.MouseButton.LeftButton)
    dialog = tab.file_dialog
    assert isinstance(dialog, QFileDialog)
    assert dialog.fileMode() == QFileDialog.FileMode.Directory
    dialog.filesSelected.emit([str(good.parent)])
    dialog.reject()
    idle(qtbot, workspace)
    assert [r[1] for r in _results(tab)] == ["Imported", "Refused", "Imported"]


def test_cancel_stops_after_the_file_being_imported(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.submissions import service

    files = list(_instances(site, tmp_path))
    started, release = threading.Event(), threading.Event()
    real = service.read_instance

    def held(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(10)  # the person clicks Cancel while this file is imported
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "read_instance", held)
    _window, workspace = show_coordinator(qtbot, ctx)
    tab = tab_named(workspace, "SubmissionsTab")
    assert isinstance(tab, SubmissionsTab)
    assert tab.import_paths(files)
    qtbot.waitUntil(started.is_set)
    assert tab.progress_row.isVisible() and not tab.files_button.isEnabled()
    assert not tab.import_paths(files)  # one import at a time
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    assert tab.progress_label.text() == "Cancelling after this file…"
    release.set()
    idle(qtbot, workspace)
    assert [r[0] for r in _results(tab)] == ["a.xml"]
    assert tab.summary.text() == ("Imported 1, unchanged 0, refused 0. Cancelled: the "
                                  "files after these were not read.")


def test_right_to_left(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                       tmp_path: Path) -> None:
    good, bad, _good2 = _instances(site, tmp_path)
    _window, workspace = show_coordinator(qtbot, ctx, "ckb")
    tab = tab_named(workspace, "SubmissionsTab")
    assert isinstance(tab, SubmissionsTab)
    assert tab.isRightToLeft()
    assert tab.import_paths([good, bad])
    idle(qtbot, workspace)
    assert tab.table.rowCount() == 2
    tab.grab().save(str(tmp_path / "submissions-ckb.png"))
