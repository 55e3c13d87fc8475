"""The small pieces of the Interviews workspace: language directions, numbers, statuses."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from pytestqt.qtbot import QtBot

from fieldkit.forms import ChoiceOption, QuestionState
from fieldkit.gui.interviews.basic_questions import UnsupportedQuestion
from fieldkit.gui.interviews.choice_questions import SearchableSelectQuestion, SelectOneQuestion
from fieldkit.gui.interviews.directions import language_direction
from fieldkit.gui.interviews.number_input import NumberValidator, parse_number, show_number
from fieldkit.gui.interviews.question_factory import widget_for
from fieldkit.gui.interviews.statuses import status_name


def test_language_direction() -> None:
    # Codes are read by fieldkit.forms.language_names (tested there); a bare code counts.
    assert language_direction("کوردی (ckb)") == Qt.LayoutDirection.RightToLeft
    assert language_direction("فارسی (fa)") == Qt.LayoutDirection.RightToLeft
    assert language_direction("Dari (fa_AF)") == Qt.LayoutDirection.RightToLeft
    assert language_direction("Arabic (AR)") == Qt.LayoutDirection.RightToLeft
    assert language_direction("fa") == Qt.LayoutDirection.RightToLeft
    assert language_direction("Polski (pl)") == Qt.LayoutDirection.LeftToRight
    assert language_direction("default") == Qt.LayoutDirection.LeftToRight
    assert language_direction("") == Qt.LayoutDirection.LeftToRight


def test_numbers_in_any_script() -> None:
    assert parse_number("42", decimal=False) == 42
    assert parse_number("٤٢", decimal=False) == 42  # Arabic-Indic digits
    assert parse_number("۱۲", decimal=False) == 12  # Persian digits
    assert parse_number("-3", decimal=False) == -3
    assert parse_number("2.5", decimal=False) is None
    assert parse_number("2.5", decimal=True) == Decimal("2.5")
    assert parse_number("abc", decimal=True) is None
    assert parse_number("", decimal=False) is None
    assert show_number("1234") == "1234"
    validator = NumberValidator(decimal=False)
    assert validator.validate("12", 2)[0] == QValidator.State.Acceptable
    assert validator.validate("", 0)[0] == QValidator.State.Acceptable
    assert validator.validate("-", 1)[0] == QValidator.State.Intermediate
    assert validator.validate("1x", 2)[0] == QValidator.State.Invalid
    assert validator.validate("1.5", 3)[0] == QValidator.State.Invalid


def test_statuses_have_names() -> None:
    assert [status_name(s) for s in ("draft", "finalized", "sent", "receipted")] == [
        "Draft", "Finalised", "Sent", "Received"]


def _state(kind: str, choices: int = 0, appearance: str | None = None) -> QuestionState:
    return QuestionState(
        path="/data/q", name="q", type=kind, label="Q", hint="", media={},
        choices=tuple(ChoiceOption(f"c{i}", f"Choice {i}", {}) for i in range(choices)),
        value="", required=False, readonly=False, relevant=True, constraint_message=None,
        appearance=appearance)


def test_widgets_by_type(qtbot: QtBot) -> None:
    short = widget_for(_state("select_one", 5))
    long = widget_for(_state("select_one", 20))
    searchable = widget_for(_state("select_one", 5, "minimal autocomplete"))
    strange = widget_for(_state("barcode"))
    for widget in (short, long, searchable, strange):
        qtbot.addWidget(widget)
    assert isinstance(short, SelectOneQuestion)
    assert isinstance(long, SearchableSelectQuestion)
    assert isinstance(searchable, SearchableSelectQuestion)
    assert isinstance(strange, UnsupportedQuestion)
    assert "not supported on screen yet" in strange.notice.text()
