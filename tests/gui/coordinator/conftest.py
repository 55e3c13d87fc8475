from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.coordinator import CoordinatorWorkspace
from fieldkit.gui.coordinator.base import CoordinatorTab
from fieldkit.gui.main_window import MainWindow
from fieldkit.interviews.runtime_forms import clear_cache
from tests.gui.conftest import open_window
from tests.gui.coordinator.site import make_site
from tests.sync.helpers import Coordinator


@pytest.fixture
def site(ctx: AppContext, tmp_path: Path) -> Iterator[Coordinator]:
    yield make_site(ctx, tmp_path)
    clear_cache()


def show_coordinator(qtbot: QtBot, ctx: AppContext, language: str = "en"
                     ) -> tuple[MainWindow, CoordinatorWorkspace]:
    window = open_window(qtbot, ctx, language)
    window.navigation.setCurrentRow(2)
    workspace = window.stack.currentWidget()
    assert isinstance(workspace, CoordinatorWorkspace)
    if workspace.is_coordinator:
        idle(qtbot, workspace)
    return window, workspace


def idle(qtbot: QtBot, workspace: CoordinatorWorkspace) -> None:
    """Wait until no tab has background work running."""
    qtbot.waitUntil(lambda: not any(
        tab.busy(key) for tab in workspace.tab_pages.values()
        for key in ("refresh", "import", "write", "export")))


def tab_named(workspace: CoordinatorWorkspace, name: str) -> CoordinatorTab:
    tab = workspace.tab(name)
    workspace.tabs.setCurrentWidget(tab)
    return tab
