"""Importing bundles through the workspace: the dialog, drag and drop, Cancel, and a
result row per bundle (a rejected one with its reason)."""

from __future__ import annotations

import threading
import warnings
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.coordinator import CoordinatorWorkspace
from fieldkit.gui.coordinator.import_tab import ImportTab
from tests.gui.coordinator.conftest import idle, show_coordinator
from tests.gui.coordinator.site import bundle, laptop
from tests.sync.helpers import Coordinator


def _results(tab: ImportTab) -> list[list[str]]:
    table = tab.table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def _bundles(site: Coordinator, folder: Path) -> tuple[Path, Path, Path]:
    ana = laptop(site, folder, "Ana")
    bo = laptop(site, folder, "Bo")
    good_a = bundle(ana, folder / "ana-1.zip", {"/data/size": "3", "/data/tenure": "own"})
    good_b = bundle(bo, folder / "bo-1.zip", {"/data/size": "2", "/data/tenure": "rent"})
    bad = folder / "holiday.zip"
    bad.write_bytes(b"not a zip at all")
    return good_a, good_b, bad


def _drop(workspace: CoordinatorWorkspace, files: list[Path]) -> tuple[bool, bool]:
    """Drag ``files`` over the workspace and drop them, as a file manager would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    point = QPoint(workspace.width() // 2, workspace.height() // 2)
    with warnings.catch_warnings():
        # PySide marks Qt 6's only QDragEnterEvent constructor deprecated (it is not).
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(workspace, enter)
    drop = QDropEvent(point.toPointF(), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(workspace, drop)
    return enter.isAccepted(), drop.isAccepted()


def test_good_and_bad_bundles_through_the_file_dialog(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    good_a, good_b, bad = _bundles(site, tmp_path)
    window, workspace = show_coordinator(qtbot, ctx)
    tab = workspace.import_tab
    assert workspace.tabs.currentWidget() is tab
    qtbot.mouseClick(tab.choose_button, Qt.MouseButton.LeftButton)
    dialog = tab.file_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.setDirectory(str(tmp_path))
    dialog.selectFile(" ".join(f'"{p.name}"' for p in (good_a, bad, good_b)))
    dialog.accept()
    idle(qtbot, workspace)

    rows = _results(tab)
    assert [r[:6] for r in rows] == [
        ["ana-1.zip", "Accepted", "1", "0", "0", "0"],
        ["holiday.zip", "Rejected", "", "", "", ""],
        ["bo-1.zip", "Accepted", "1", "0", "0", "0"],
    ]
    assert rows[1][6] == "not a readable zip file (damaged or truncated)."
    assert "\n" not in rows[1][6] and str(bad) not in rows[1][6]
    assert rows[0][6].startswith("Laptop ")
    assert tab.summary.text() == "3 bundles imported: 2 accepted, 1 rejected."
    assert not tab.progress_row.isVisible()
    # The window's counts follow: two interviews arrived.
    assert window.overview is not None and window.overview.interviews == 2

    # Importing the same bundle again: accepted, nothing new; the list keeps growing.
    assert tab.import_files([good_a])
    idle(qtbot, workspace)
    assert _results(tab)[-1][1:6] == ["Accepted", "0", "0", "1", "0"]
    assert _results(tab)[-1][6] == "Imported before; nothing new."
    qtbot.mouseClick(tab.clear_button, Qt.MouseButton.LeftButton)
    assert tab.table.rowCount() == 0


def test_dropped_bundles_are_imported(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                      tmp_path: Path) -> None:
    good_a, _good_b, bad = _bundles(site, tmp_path)
    _window, workspace = show_coordinator(qtbot, ctx)
    workspace.tabs.setCurrentIndex(workspace.tabs.count() - 1)  # dropped on another tab
    assert _drop(workspace, [good_a, bad]) == (True, True)
    assert workspace.tabs.currentWidget() is workspace.import_tab
    idle(qtbot, workspace)
    assert [r[1] for r in _results(workspace.import_tab)] == ["Accepted", "Rejected"]


def test_drop_without_files_is_refused(qtbot: QtBot, ctx: AppContext,
                                       site: Coordinator) -> None:
    _window, workspace = show_coordinator(qtbot, ctx)
    assert _drop(workspace, []) == (False, False)
    assert workspace.import_tab.table.rowCount() == 0


def test_cancel_stops_after_the_bundle_being_imported(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.sync import bundle_in

    files = list(_bundles(site, tmp_path)[:2])
    started, release = threading.Event(), threading.Event()
    real = bundle_in.read_bundle

    def held(*args: Any, **kwargs: Any) -> bundle_in.ParsedBundle:
        started.set()
        release.wait(10)  # the person clicks Cancel while this bundle is imported
        return real(*args, **kwargs)

    monkeypatch.setattr(bundle_in, "read_bundle", held)
    _window, workspace = show_coordinator(qtbot, ctx)
    tab = workspace.import_tab
    assert tab.import_files(files)
    qtbot.waitUntil(started.is_set)
    qtbot.waitUntil(lambda: "ana-1.zip" in tab.progress_label.text())
    assert tab.progress_row.isVisible() and tab.progress_label.text().startswith(
        "Importing 1 of 2")
    assert not tab.choose_button.isEnabled()
    assert not tab.import_files(files)  # one import at a time
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    assert tab.progress_label.text() == "Cancelling after this bundle…"
    release.set()
    idle(qtbot, workspace)
    assert [r[0] for r in _results(tab)] == ["ana-1.zip"]  # the first stays imported
    assert tab.summary.text() == ("1 bundle imported: 1 accepted, 0 rejected. "
                                  "Cancelled: 1 bundle was not started.")
    assert tab.choose_button.isEnabled() and not tab.progress_row.isVisible()
