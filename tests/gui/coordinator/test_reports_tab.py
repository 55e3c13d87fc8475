"""The Reports tab: built when first shown; shows the saved settings; *Make report*
saves them and writes the PDF (and spreadsheet) in any language through
``fieldkit report trends`` off the UI thread; a bad setting is one line; *Cancel*
leaves no file; laid out right to left in a right-to-left interface."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.demo.seeding import seed_demo
from fieldkit.gui.coordinator.reports_tab import ReportsTab
from fieldkit.gui.reports.tab import ReportsView, last_half_year
from fieldkit.projects import current_project
from fieldkit.reports.settings import TrendSettings, load_settings, save_settings
from tests.gui.coordinator.conftest import idle, show_coordinator, tab_named
from tests.sync.helpers import Coordinator


def _view(qtbot: QtBot, ctx: AppContext, language: str = "en") -> ReportsView:
    _window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "ReportsTab")
    assert isinstance(tab, ReportsTab)
    tab.refresh()
    idle(qtbot, workspace)
    assert isinstance(tab.view, ReportsView)
    return tab.view


def test_make_a_report_from_the_tab(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                    tmp_path: Path) -> None:
    seed_demo(site.store, interviews=300, seed=2)
    project = current_project(site.store).id
    save_settings(site.store, project, TrendSettings(form="household_survey", by="ethnicity",
                                                     measures=("household_type",)))
    view = _view(qtbot, ctx)
    assert view.form_id.currentData() == "household_survey"
    assert view.by.text() == "ethnicity" and view.measures.text() == "household_type"
    view.min_count.setValue(12)
    view.date_from.setDate(QDate(2026, 1, 1))
    view.date_to.setDate(QDate(2026, 6, 30))
    view.language.setCurrentIndex(view.language.findData("pl"))
    out = tmp_path / "raport.pdf"
    view.make_report(out)
    qtbot.waitUntil(lambda: view.process is not None, timeout=20_000)
    qtbot.waitUntil(lambda: view.process is None, timeout=180_000)
    assert out.exists() and out.with_suffix(".xlsx").exists(), view.status.text()
    assert view.open_button.isEnabled()
    # The command's progress lines moved the bar to its end, and are not in the status.
    assert (view.progress.value(), view.progress.maximum()) == (6, 6)
    assert "progress" not in view.status.text()
    assert str(out) in view.status.text()
    assert load_settings(site.store, project).min_count == 12


def test_a_bad_setting_is_one_line(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                   tmp_path: Path) -> None:
    view = _view(qtbot, ctx)
    view.by.setText("")
    view.make_report(tmp_path / "r.pdf")
    qtbot.waitUntil(lambda: not view.tab.busy("save"))
    assert "--by" in view.status.text() and "\n" not in view.status.text()
    assert view.process is None and not (tmp_path / "r.pdf").exists()


def test_cancel_leaves_nothing(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                               tmp_path: Path) -> None:
    project = current_project(site.store).id
    save_settings(site.store, project, TrendSettings(form="hh", by="tenure"))
    view = _view(qtbot, ctx)
    view.make_report(tmp_path / "r.pdf")
    qtbot.waitUntil(lambda: view.process is not None, timeout=20_000)
    view.cancel()
    assert view.process is None and view.make_button.isEnabled()
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".fieldkit-*")) == []


@pytest.mark.parametrize("language", ["ckb"])
def test_right_to_left(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                       language: str) -> None:
    view = _view(qtbot, ctx, language)
    assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert view.make_button.text() and view.language.currentData() == "ckb"


def test_the_default_period_is_the_last_half_year() -> None:
    from datetime import date

    assert last_half_year(date(2026, 12, 8)) == (date(2026, 1, 1), date(2026, 6, 30))
    assert last_half_year(date(2026, 3, 1)) == (date(2025, 7, 1), date(2025, 12, 31))
