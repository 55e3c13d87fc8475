"""Every string the Interviews workspace shows of its own goes through translation
(checked with the pseudo-locale); the form's own texts are data and are left alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from fieldkit import i18n
from fieldkit.context import AppContext
from fieldkit.gui.interviews import InterviewsWorkspace
from fieldkit.gui.interviews.list_model import COLUMNS
from tests.gui.interviews.conftest import ATTENDEE_TITLE, give_consent, sign_in


def _own_texts(root: QWidget, skip: QWidget | None = None) -> list[str]:
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root):
            continue
        if skip is not None and skip.isAncestorOf(widget) \
                and widget.objectName() not in ("clearAnswer", "dateToday"):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.extend(line for line in widget.text().splitlines() if line.strip())
    return texts


def _untranslated(texts: list[str]) -> list[str]:
    return [t for t in texts if not t.lstrip("&\u200e\u200f\u2068").startswith("⟦")]


def test_interviews_workspace_strings_are_translatable(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace) -> None:
    i18n.set_pseudo(True)
    workspace.list_screen.retranslate()
    workspace.retranslate()
    shown = _own_texts(workspace.list_screen)
    qtbot.mouseClick(workspace.list_screen.new_button, Qt.MouseButton.LeftButton)
    dialog = workspace.new_dialog
    assert dialog is not None
    shown.append(dialog.windowTitle())
    shown += [t for t in _own_texts(dialog) if t not in (ATTENDEE_TITLE,)]
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findText(ATTENDEE_TITLE))
    dialog.accept()
    profiles = workspace.profile_dialog
    assert profiles is not None
    shown += [profiles.windowTitle(), *_own_texts(profiles)]
    sign_in(qtbot, workspace)
    consent = workspace.consent_screen
    assert consent is not None
    consent.buttons["on_behalf"].click()  # shows the most
    shown += [t for t in _own_texts(consent, skip=consent.statement_box)
              if t != consent.heading.text()]  # with the form's title: data
    assert consent.heading.text().startswith("⟦")
    consent.show_for(consent.handle)  # start the step again (it was on "on behalf")
    give_consent(qtbot, workspace)
    screen = workspace.form_screen
    assert screen is not None
    screen.finalise()  # consent is missing: the problems panel shows
    QApplication.processEvents()
    shown += [t for t in _own_texts(screen, skip=screen.page_container)
              if t != screen.title.text()]  # form title · label · status: data first
    assert screen.title.text().endswith("⟦Dráft⟧")
    model = workspace.list_screen.model
    shown += [model.headerData(i, Qt.Orientation.Horizontal) for i in range(len(COLUMNS))]
    assert _untranslated(shown) == []
    assert len(shown) > 15
