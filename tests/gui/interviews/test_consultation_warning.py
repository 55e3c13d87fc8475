"""Typing the postcode and address of a household surveyed recently warns the
interviewer (once), in the interface language; another address does not."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.interviews import InterviewsWorkspace
from fieldkit.gui.interviews.form_screen import FormScreen
from fieldkit.interviews import start_interview
from fieldkit.store.models import Form
from tests.gui.conftest import open_window
from tests.gui.interviews.conftest import sign_in
from tests.gui.interviews.test_filling_in import type_into
from tests.interviews.conftest import VERBAL

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                       "This plugin does not support grabbing")

ADDRESS_PAGE = "/data/survey/address_grp"


def household_form(ctx: AppContext) -> int:
    with ctx.store.session() as db:
        return next(f.id for f in db.query(Form) if f.form_id == "household_survey")


def open_at_address(qtbot: QtBot, ctx: AppContext,
                    workspace: InterviewsWorkspace) -> FormScreen:
    handle = start_interview(ctx.store, form_pk=household_form(ctx),
                             respondent_language="English (en)", label="HH-2", consent=VERBAL)
    handle.answer("/data/consent_grp/consent", "yes")
    handle.jump_to(ADDRESS_PAGE)
    workspace.open_interview(handle.uuid)
    sign_in(qtbot, workspace)
    screen = workspace.form_screen
    assert screen is not None
    return screen


def surveyed_before(ctx: AppContext) -> None:
    earlier = start_interview(ctx.store, form_pk=household_form(ctx),
                              respondent_language="English (en)", label="HH-1",
                              consent=VERBAL)
    earlier.answer("/data/consent_grp/consent", "yes")
    earlier.answer(f"{ADDRESS_PAGE}/postcode", "LS6 1AA")
    earlier.answer(f"{ADDRESS_PAGE}/address", "Flat 3, 12 Leeds Road")


def test_an_address_surveyed_before_is_warned_about_once(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace) -> None:
    surveyed_before(ctx)
    screen = open_at_address(qtbot, ctx, workspace)
    warning = workspace.consultation_warning
    type_into(qtbot, screen, "postcode", "ls6 1aa")
    assert warning.dialog is None  # no address yet
    type_into(qtbot, screen, "address", "12 Leeds Rd, flat 3")
    dialog = warning.dialog
    assert dialog is not None and dialog.isVisible()
    assert "already has an interview at this address" in dialog.text()
    screen.window().grab().save("/tmp/consultation-warning-en.png")
    dialog.accept()
    QApplication.processEvents()
    type_into(qtbot, screen, "postcode", "LS6 1AA")  # the same address again: no second one
    assert warning.dialog is dialog and not dialog.isVisible()


def test_another_address_is_not_warned_about(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace) -> None:
    surveyed_before(ctx)
    screen = open_at_address(qtbot, ctx, workspace)
    type_into(qtbot, screen, "postcode", "LS6 1AA")
    type_into(qtbot, screen, "address", "14 Leeds Road")
    assert workspace.consultation_warning.dialog is None


def test_the_warning_in_sorani(qtbot: QtBot, ctx: AppContext,
                               default_form_rows: list[dict[str, object]]) -> None:
    from fieldkit.gui.interviews import InterviewsWorkspace
    from fieldkit.projects import current_project

    project_id = current_project(ctx.store).id
    with ctx.store.session() as session:
        session.add_all([Form(project_id=project_id, **row) for row in default_form_rows])
    window = open_window(qtbot, ctx, "ckb")
    page = window.pages[0]
    assert isinstance(page, InterviewsWorkspace)
    surveyed_before(ctx)
    screen = open_at_address(qtbot, ctx, page)
    type_into(qtbot, screen, "postcode", "LS6 1AA")
    type_into(qtbot, screen, "address", "Flat 3 12 Leeds Road")
    dialog = page.consultation_warning.dialog
    assert dialog is not None and dialog.isVisible()
    window.grab().save("/tmp/consultation-warning-ckb.png")
    dialog.grab().save("/tmp/consultation-warning-ckb-dialog.png")
