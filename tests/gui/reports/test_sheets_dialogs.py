"""The Reports tab's *Statements…* and *Feedback…* dialogs: a statement or feedback
item added there is stored (the fact sheet and the feedback are built from it),
written in another language, refused with one line when wrong, removed; laid out
right to left in a right-to-left interface."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.demo.seeding import seed_demo
from fieldkit.disclosure import DisclosureRule
from fieldkit.gui.coordinator.reports_tab import ReportsTab
from fieldkit.gui.reports.feedback_dialog import FeedbackDialog
from fieldkit.gui.reports.statements_dialog import StatementsDialog
from fieldkit.gui.reports.tab import ReportsView
from fieldkit.projects import current_project
from fieldkit.reports.facts import build_fact_sheet, list_facts
from fieldkit.reports.feedback import build_feedback, list_items
from fieldkit.reports.settings import TrendSettings, save_settings
from tests.gui.coordinator.conftest import idle, show_coordinator, site, tab_named
from tests.sync.helpers import Coordinator

__all__ = ["site"]  # the fixture, shared with the coordinator tabs' tests

FORM = "household_survey"


def _view(qtbot: QtBot, ctx: AppContext, site: Coordinator, language: str = "en"
          ) -> tuple[ReportsView, str]:
    seed_demo(site.store, interviews=300, seed=2)
    project = current_project(site.store).id
    save_settings(site.store, project, TrendSettings(form=FORM, by="ethnicity"))
    _window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "ReportsTab")
    assert isinstance(tab, ReportsTab)
    tab.refresh()
    idle(qtbot, workspace)
    assert isinstance(tab.view, ReportsView)
    return tab.view, project


def _wait(qtbot: QtBot, view: ReportsView, key: str) -> None:
    qtbot.waitUntil(lambda: not view.tab.busy(key), timeout=30_000)


def _row(tree: QTreeWidget, index: int) -> QTreeWidgetItem:
    item = tree.topLevelItem(index)
    assert item is not None
    return item


def _shot(dialog: QWidget | None, name: str) -> None:
    folder = os.environ.get("FIELDKIT_SHOTS")
    if folder and dialog is not None:  # for looking at the dialogs (not needed by the test)
        dialog.grab().save(str(Path(folder) / name))


def test_a_statement_written_in_the_dialog(qtbot: QtBot, ctx: AppContext,
                                           site: Coordinator) -> None:
    view, project = _view(qtbot, ctx, site)
    view.sheets.statements_button.click()
    dialog = view.sheets.statements
    assert isinstance(dialog, StatementsDialog)
    _wait(qtbot, view, "statements")
    assert dialog.list.topLevelItemCount() == 0
    # A figure without its answer: refused in one line, nothing stored.
    dialog.kind.setCurrentIndex(dialog.kind.findData("own"))
    for name, value in (("form", FORM), ("measure", "damp"), ("by", "ethnicity")):
        dialog.fields[name].setText(value)
    dialog.text.setText("Homes with damp: {figure}")
    dialog.add_button.click()
    assert "--category" in dialog.status.text() and "\n" not in dialog.status.text()
    assert list_facts(site.store, project) == []
    # A text without its slot: the service's refusal, one line.
    dialog.fields["category"].setText("yes")
    dialog.text.setText("Homes with damp")
    dialog.add_button.click()
    _wait(qtbot, view, "statements")
    assert dialog.status.text() and "\n" not in dialog.status.text()
    assert list_facts(site.store, project) == []
    dialog.text.setText("Homes with damp: {figure}")
    dialog.add_button.click()
    _wait(qtbot, view, "statements")
    [fact] = list_facts(site.store, project)
    assert fact.texts == {"en": "Homes with damp: {figure}"}
    assert (fact.spec.form, fact.spec.measure, fact.spec.category) == (FORM, "damp", "yes")
    assert dialog.list.topLevelItemCount() == 1
    row = _row(dialog.list, 0)
    assert row.text(0) == "Homes with damp: {figure}" and "damp" in row.text(1)
    assert row.text(2) == "English"
    # The fact sheet is built from it, the figure filled in by fieldkit.
    sheet = build_fact_sheet(site.store, project, "en", DisclosureRule())
    assert [line.text for line in sheet.lines] == [f"Homes with damp: {sheet.lines[0].words}"]
    assert " in 100" in sheet.lines[0].words
    # Written in Sorani too.
    dialog.list.setCurrentItem(row)
    dialog.language.setCurrentIndex(dialog.language.findData("ckb"))
    assert dialog.text.text() == ""
    dialog.text.setText("ماڵەکان بە شێ: {figure}")
    dialog.set_text_button.click()
    _wait(qtbot, view, "statements")
    assert list_facts(site.store, project)[0].texts["ckb"] == "ماڵەکان بە شێ: {figure}"
    assert "English" in _row(dialog.list, 0).text(2)
    assert _row(dialog.list, 0).text(2) != "English"
    # A second one, moved above the first.
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("own"))
    dialog.fields["category"].setText("no")
    dialog.text.setText("Homes without damp: {figure}")
    dialog.add_button.click()
    _wait(qtbot, view, "statements")
    second = list_facts(site.store, project)[1]
    assert dialog.list.currentItem() is _row(dialog.list, 1)
    dialog.up_button.click()
    _wait(qtbot, view, "statements")
    assert [f.id for f in list_facts(site.store, project)] == [second.id, fact.id]
    assert _row(dialog.list, 0).text(0) == "Homes without damp: {figure}"
    _shot(dialog, "statements-en.png")
    dialog.remove_button.click()  # the moved one is still chosen
    _wait(qtbot, view, "statements")
    assert [f.id for f in list_facts(site.store, project)] == [fact.id]
    assert dialog.list.topLevelItemCount() == 1


def test_a_feedback_item_written_in_the_dialog(qtbot: QtBot, ctx: AppContext,
                                               site: Coordinator) -> None:
    view, project = _view(qtbot, ctx, site)
    view.sheets.items_button.click()
    dialog = view.sheets.feedback_items
    assert isinstance(dialog, FeedbackDialog)
    _wait(qtbot, view, "feedback-items")
    assert dialog.form.currentData() == FORM
    dialog.section.setCurrentIndex(dialog.section.findData("told"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("figure"))
    for name, value in (("measure", "damp"), ("category", "yes"), ("by", "ethnicity")):
        dialog.fields[name].setText(value)
    dialog.icon.setCurrentIndex(dialog.icon.findData("house"))
    dialog.text.setPlainText("{figure} households told us of damp.")
    dialog.add_button.click()
    _wait(qtbot, view, "feedback-items")
    [item] = list_items(site.store, project, FORM)
    assert item.section == "told" and item.icon == "house" and item.spec is not None
    assert item.texts == {"en": ("{figure} households told us of damp.", "")}
    assert dialog.list.topLevelItemCount() == 1
    # A paragraph for "what happens next".
    dialog.section.setCurrentIndex(dialog.section.findData("next"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("paragraph"))
    dialog.text.setPlainText("We will take your answers to the council.")
    dialog.add_button.click()
    _wait(qtbot, view, "feedback-items")
    assert len(list_items(site.store, project, FORM)) == 2
    feedback = build_feedback(site.store, project, FORM, "en")
    assert feedback.missing == []
    [told] = feedback.section("told")
    assert told.text.endswith(" in 10 households told us of damp.")
    assert [p.text for p in feedback.section("next")] == [
        "We will take your answers to the council."]
    # Not written in Polish: the feedback lists both as missing until it is.
    assert len(build_feedback(site.store, project, FORM, "pl").missing) == 2
    dialog.list.setCurrentItem(_row(dialog.list,
        [i.id for i in dialog.items].index(item.id)))
    dialog.language.setCurrentIndex(dialog.language.findData("pl"))
    dialog.text.setPlainText("{figure} gospodarstw mówiło o wilgoci.")
    dialog.set_text_button.click()
    _wait(qtbot, view, "feedback-items")
    assert len(build_feedback(site.store, project, FORM, "pl").missing) == 1
    # An empty paragraph is refused in one line.
    dialog.text.setPlainText("   ")
    dialog.add_button.click()
    assert dialog.status.text() == "Write the text first."
    # A figure of a field the form does not have: the service's refusal, one line.
    dialog.kind.setCurrentIndex(dialog.kind.findData("figure"))
    dialog.fields["measure"].setText("no_such_field")
    dialog.text.setPlainText("{figure} households")
    dialog.add_button.click()
    _wait(qtbot, view, "feedback-items")
    assert dialog.status.text() and "\n" not in dialog.status.text()
    assert len(list_items(site.store, project, FORM)) == 2
    _shot(dialog, "feedback-en.png")
    dialog.list.setCurrentItem(_row(dialog.list, 0))
    dialog.remove_button.click()
    _wait(qtbot, view, "feedback-items")
    assert len(list_items(site.store, project, FORM)) == 1


@pytest.mark.parametrize("language", ["ckb"])
def test_the_dialogs_right_to_left(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                   language: str) -> None:
    view, _project = _view(qtbot, ctx, site, language)
    view.sheets.statements_button.click()
    view.sheets.items_button.click()
    _wait(qtbot, view, "statements")
    _wait(qtbot, view, "feedback-items")
    for dialog in (view.sheets.statements, view.sheets.feedback_items):
        assert dialog is not None
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert dialog.isVisible()
    # Closed and opened again: the same dialogs, their lists read again.
    first = (view.sheets.statements, view.sheets.feedback_items)
    for dialog in first:
        assert dialog is not None
        dialog.accept()
    view.sheets.statements_button.click()
    view.sheets.items_button.click()
    _wait(qtbot, view, "statements")
    _wait(qtbot, view, "feedback-items")
    assert (view.sheets.statements, view.sheets.feedback_items) == first
    assert view.sheets.feedback_items is not None
    assert view.sheets.feedback_items.form.currentData() == FORM
    _shot(view.sheets.statements, f"statements-{language}.png")
    _shot(view.sheets.feedback_items, f"feedback-{language}.png")
