from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.workspaces import WORKSPACES
from fieldkit.projects import ensure_local_device
from fieldkit.store.models import Device, Form, Interview
from tests.gui.conftest import open_window


def test_four_workspaces_in_the_navigation(qtbot: QtBot, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx)
    texts = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert texts == ["Interviews", "Advice sessions", "Coordinator", "Focus groups"]
    assert window.stack.currentWidget() is window.pages[0]
    window.navigation.setCurrentRow(2)
    assert window.stack.currentWidget() is window.pages[2]


def test_keyboard_switches_workspaces(qtbot: QtBot, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx)
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.stack, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentIndex() == 1
    qtbot.keyClick(window.stack, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentIndex() == 2


def test_each_workspace_shows_its_name(qtbot: QtBot, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx)
    for page, spec in zip(window.pages, WORKSPACES, strict=True):
        assert page.heading.text() == spec.title


def test_status_and_title_name_the_practice_project(qtbot: QtBot, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx)
    assert window.windowTitle() == "Practice project — fieldkit"
    assert "Practice project" in window.status_label.text()
    assert str(ctx.paths.data_dir) in window.status_label.text()


def test_counts_come_from_the_store(qtbot: QtBot, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx)
    with ctx.store.session() as session:
        device = session.get_one(Device, ensure_local_device(ctx.store).id)
        form = Form(project_id=window.project_id, form_id="f", version="1", source=b"x",
                    hash="0" * 64)
        session.add(form)
        session.flush()
        for status in ("draft", "draft", "finalized"):
            session.add(Interview(project_id=window.project_id, form_pk=form.id,
                                  device_id=device.id, status=status))
    window.refresh()
    facts = window.pages[0].findChild(QLabel, "facts").text()
    assert "1 form" in facts
    assert "Drafts: 2 · Finalised: 1 · Sent: 0" in facts
    assert str(ctx.paths.db_file) in window.pages[2].facts.text()


def test_about_names_version_and_folders(qtbot: QtBot, ctx: AppContext) -> None:
    import fieldkit
    from fieldkit.gui.about import AboutDialog

    window = open_window(qtbot, ctx)
    dialog = AboutDialog(ctx.paths, window.store_text, window)
    qtbot.addWidget(dialog)
    assert fieldkit.__version__ in dialog.findChild(QLabel, "title").text()
    assert str(ctx.paths.log_file) in dialog.details.text()
