"""The Privacy tab: find a person, confirm their records by ticking, export what is
held (PDF and JSON), erase; the retention warning shows in the tab's title and text.
In English and right to left (Sorani)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.privacy.tab import PrivacyTab
from fieldkit.interviews.runtime_forms import clear_cache
from fieldkit.privacy.retention import set_retention
from fieldkit.sync.project import init_project
from tests.gui.coordinator.conftest import idle, show_coordinator, tab_named
from tests.privacy.helpers import seed_people


@pytest.fixture
def seeded(ctx: AppContext) -> Iterator[None]:
    project = init_project(ctx.store, "Outreach 2026")
    seed_people(ctx.store, project.id)
    # Fieldwork ended; the period runs out in about two weeks: the app warns.
    ends = datetime.now(UTC).date() - timedelta(days=16)
    set_retention(ctx.store, 1, fieldwork_ends=ends)
    yield
    clear_cache()


def _wait(qtbot: QtBot, tab: PrivacyTab) -> None:
    qtbot.waitUntil(lambda: not any(tab.busy(k) for k in
                                    ("find", "export", "erase", "retention", "refresh")))


@pytest.mark.parametrize("language", ["en", "ckb"])
@pytest.mark.usefixtures("seeded")
def test_find_confirm_export_erase(qtbot: QtBot, ctx: AppContext, tmp_path: Path,
                                   language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "PrivacyTab")
    assert isinstance(tab, PrivacyTab)
    idle(qtbot, workspace)
    _wait(qtbot, tab)
    assert tab.retention is not None and tab.retention.warn
    assert workspace.tabs.tabText(workspace.tabs.indexOf(tab)) == tab.title()
    assert tab.retention_box.text.text()
    tab.query.setText("Hristo Petrov")
    tab.find_button.click()
    _wait(qtbot, tab)
    assert tab.people and tab.people_table.rowCount() == len(tab.people)
    person = tab.people[0]
    assert tab.records_table.rowCount() == len(person.records) + len(person.possible)
    assert len(tab.confirmed()) == len(person.records) == 6
    window.resize(1100, 800)
    tab.grab().save(str(tmp_path / f"privacy-{language}.png"))
    # Untick one: it is left out of the export and the erasure.
    tab.records_table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    assert len(tab.confirmed()) == 5
    out = tmp_path / "sar.pdf"
    tab.export_to(out)
    _wait(qtbot, tab)
    qtbot.waitUntil(lambda: out.with_suffix(".json").is_file())
    assert out.read_bytes().startswith(b"%PDF")
    assert len(json.loads(out.with_suffix(".json").read_text("utf-8"))["records"]) == 5
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("SAR-7, 3 Dec", True)))
    tab.erase()
    _wait(qtbot, tab)
    assert "5" in tab.status.text()
    assert all(p.id != person.id for p in tab.people)


@pytest.mark.usefixtures("seeded")
def test_retention_period_set_in_the_tab(qtbot: QtBot, ctx: AppContext) -> None:
    from PySide6.QtCore import QDate

    from fieldkit.privacy.retention import retention_status

    _window, workspace = show_coordinator(qtbot, ctx)
    tab = workspace.tab("PrivacyTab")
    assert isinstance(tab, PrivacyTab) and workspace.tabs.currentWidget() is not tab
    # The warning shows in the tab bar before the tab is opened.
    qtbot.waitUntil(lambda: workspace.tabs.tabText(workspace.tabs.indexOf(tab))
                    == "Privacy (retention due)")
    tab = tab_named(workspace, "PrivacyTab")
    assert isinstance(tab, PrivacyTab)
    _wait(qtbot, tab)
    assert tab.retention_box.ends_check.isChecked() and tab.retention_box.months.value() == 1
    tab.retention_box.months.setValue(24)
    tab.retention_box.ends.setDate(QDate(2026, 6, 30))
    tab.retention_box.save_months.click()
    _wait(qtbot, tab)
    status = retention_status(ctx.store)
    assert (status.months, str(status.due_on)) == (24, "2028-06-30")
    assert not status.warn and tab.title() == "Privacy"
    assert "2028-06-30" in tab.retention_box.text.text()


@pytest.mark.usefixtures("seeded")
def test_correct_a_value(qtbot: QtBot, ctx: AppContext,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import select

    from fieldkit.store.models import Answer

    _window, workspace = show_coordinator(qtbot, ctx)
    tab = tab_named(workspace, "PrivacyTab")
    assert isinstance(tab, PrivacyTab)
    tab.query.setText("07700 900123")
    tab.find_button.click()
    _wait(qtbot, tab)
    rows = tab.records_table.rowCount()
    for row in range(rows):  # only the customer profile
        kind = tab.candidates[row].record.kind.value
        tab.records_table.item(row, 0).setCheckState(
            Qt.CheckState.Checked if kind == "customer_profile" else Qt.CheckState.Unchecked)
    asked: list[str] = []

    def pick(_parent: object, _title: str, _label: str, items: list[str], *_a: object
             ) -> tuple[str, bool]:
        asked.extend(items)
        return next(i for i in items if "900123" in i), True

    answers = iter([("07700 900124", True), ("SAR-9, 4 Dec", True)])
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: next(answers)))
    tab.rectify()
    qtbot.waitUntil(lambda: tab.status.text() == "Corrected.")
    assert asked and all(":" in item for item in asked)
    with ctx.store.session() as session:
        phones = set(session.scalars(select(Answer.value).where(
            Answer.path.like("%/about_you/phone"))))
    assert phones == {"07700 900124"}
