"""Files opened from the desktop (`fieldkit open FILE`, a double-click, macOS Finder's
FileOpen event) start on the right action; the app has its icon."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from fieldkit.cli import main
from fieldkit.context import AppContext
from fieldkit.gui.desktop import FileOpenRouter, app_icon
from fieldkit.gui.laptop_sync import JoinDialog
from fieldkit.gui.main_window import MainWindow
from fieldkit.interviews.runtime_forms import clear_cache
from tests.gui.conftest import open_window
from tests.gui.coordinator.conftest import idle, show_coordinator
from tests.gui.coordinator.site import bundle, laptop, make_site
from tests.sync.helpers import Coordinator


@pytest.fixture
def site(ctx: AppContext, tmp_path: Path) -> Iterator[Coordinator]:
    """This data folder as a coordinator's (as in tests/gui/coordinator)."""
    yield make_site(ctx, tmp_path)
    clear_cache()


def _message(qtbot: QtBot, window: MainWindow) -> str:
    qtbot.waitUntil(lambda: window.sync_message is not None)
    box = window.sync_message
    assert isinstance(box, QMessageBox)
    text = box.text()
    box.accept()
    return text


def test_a_pack_opens_the_join_dialog_with_the_pack_filled_in(
        qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    window = open_window(qtbot, ctx)
    pack = tmp_path / "outreach.fkpack"
    window.open_file("pack", pack)
    dialog = window.join_dialog
    assert isinstance(dialog, JoinDialog) and dialog.isVisible()
    assert dialog.pack_edit.text() == str(pack)
    dialog.reject()


def test_a_bundle_on_a_laptop_says_where_to_import_it(
        qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    window = open_window(qtbot, ctx)
    window.open_file("bundle", tmp_path / "ana.fkbundle")
    text = _message(qtbot, window)
    assert "ana.fkbundle" in text and "coordinator" in text


def test_a_bundle_on_the_coordinator_is_imported(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    ana = laptop(site, tmp_path, "Ana")
    file = bundle(ana, tmp_path / "ana-1.fkbundle", {"/data/size": "3", "/data/tenure": "own"})
    window, workspace = show_coordinator(qtbot, ctx)
    window.navigation.setCurrentRow(0)
    window.open_file("bundle", file)
    assert window.stack.currentWidget() is workspace
    assert workspace.tabs.currentWidget() is workspace.import_tab
    idle(qtbot, workspace)
    table = workspace.import_tab.table
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == ["Accepted"]


def test_finders_file_open_event_is_routed_like_the_command(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    window = open_window(qtbot, ctx)
    app = QApplication.instance()
    assert app is not None
    router = FileOpenRouter(window)
    router.install(app)
    try:
        assert site.pack is not None
        QCoreApplication.sendEvent(app, QFileOpenEvent(str(site.pack)))
        dialog = window.join_dialog
        assert isinstance(dialog, JoinDialog) and dialog.pack_edit.text() == str(site.pack)
        dialog.reject()
        other = tmp_path / "holiday.zip"
        other.write_bytes(b"not a zip")
        QCoreApplication.sendEvent(app, QFileOpenEvent(str(other)))
        assert "not a zip file" in _message(qtbot, window)
    finally:
        app.removeEventFilter(router)


def test_the_app_has_its_icon(qapp: QApplication) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert not icon.pixmap(32, 32).isNull()


def test_open_refuses_a_file_that_is_not_fieldkits(tmp_path: Path, capsys: object,
                                                  monkeypatch: object) -> None:
    other = tmp_path / "holiday.zip"
    other.write_bytes(b"not a zip")
    assert main(["open", str(other)]) == 3
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert err.count("\n") == 1 and "not a zip file" in err


def test_open_without_a_file_starts_the_app(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The desktop entry's `fieldkit open %f` from the menu passes no file."""
    from fieldkit import cli

    started: list[object] = []
    monkeypatch.setattr(cli, "_cmd_gui", lambda args, open_file=None: started.append(
        open_file) or 0)
    assert main(["open"]) == 0
    assert started == [None]
