"""The Reports tab's box for the fact sheet and the feedback: each made through its
command off the UI thread, in the language chosen; wording missing in that language
is reported in the box and nothing is written; laid out right to left."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.demo.seeding import seed_demo
from fieldkit.disclosure import DisclosureRule
from fieldkit.i18n import catalog
from fieldkit.projects import current_project
from fieldkit.reports.facts import add_fact
from fieldkit.reports.feedback import add_item
from fieldkit.reports.figures import FigureSpec
from fieldkit.reports.settings import TrendSettings, save_settings
from tests.gui.coordinator.test_reports_tab import _view
from tests.sync.helpers import Coordinator

DAMP = FigureSpec(kind="own", category="yes", form="household_survey", by="ethnicity",
                  measure="damp")


def _content(site: Coordinator) -> None:
    seed_demo(site.store, interviews=200, seed=2)
    project = current_project(site.store).id
    save_settings(site.store, project, TrendSettings(form="household_survey", by="ethnicity"))
    add_fact(site.store, project, DAMP, text="Homes with damp: {figure}", language="en")
    add_item(site.store, project, "household_survey", section="told", spec=DAMP,
             text="{figure} households told us of damp.", language="en")
    assert DisclosureRule().min_count == 10


def test_make_the_fact_sheet_and_feedback(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                          tmp_path: Path) -> None:
    _content(site)
    box = _view(qtbot, ctx).sheets
    facts = tmp_path / "facts.pdf"
    box.make("facts", facts)
    qtbot.waitUntil(lambda: box.process is None, timeout=180_000)
    assert facts.exists() and facts.with_suffix(".png").exists(), box.status.text()
    assert box.open_button.isEnabled()
    feedback = tmp_path / "feedback.pdf"
    box.easy_read.setChecked(True)
    box.make("feedback", feedback)
    qtbot.waitUntil(lambda: box.process is None, timeout=180_000)
    assert feedback.exists(), box.status.text()


def test_missing_wording_is_reported_and_nothing_written(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    _content(site)
    box = _view(qtbot, ctx).sheets
    box.language.setCurrentIndex(box.language.findData("pl"))
    out = tmp_path / "feedback-pl.pdf"
    box.make("feedback", out)
    qtbot.waitUntil(lambda: box.process is None, timeout=180_000)
    assert not out.exists()
    # The command's own line, said in the sheet's language (it runs with --lang pl).
    said = catalog("pl").gettext("not written in {lang}: item {id} ({section}): {text}")
    assert said.split("{lang}")[0] in box.status.text(), box.status.text()
    assert not box.open_button.isEnabled()


def test_right_to_left(qtbot: QtBot, ctx: AppContext, site: Coordinator) -> None:
    box = _view(qtbot, ctx, "ckb").sheets
    assert box.layoutDirection() == Qt.LayoutDirection.RightToLeft
