"""The widget for a question: chosen by its type and appearance among the widgets of
basic_questions, choice_questions, time_questions, more_questions and
attachment_question (a module of its own so those need not import each other)."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QWidget

from fieldkit.forms import QuestionState
from fieldkit.gui.interviews.attachment_question import AttachmentQuestion
from fieldkit.gui.interviews.basic_questions import (
    AcknowledgeQuestion,
    DateQuestion,
    NoteQuestion,
    NumberQuestion,
    TextQuestion,
    UnsupportedQuestion,
)
from fieldkit.gui.interviews.choice_questions import (
    SearchableSelectQuestion,
    SelectMultipleQuestion,
    SelectOneQuestion,
)
from fieldkit.gui.interviews.more_questions import GeopointQuestion, RangeQuestion, RankQuestion
from fieldkit.gui.interviews.question_widgets import LONG_LIST, QuestionWidget
from fieldkit.gui.interviews.time_questions import DateTimeQuestion, TimeQuestion

__all__ = ["widget_for"]


def widget_for(state: QuestionState, parent: QWidget | None = None, *,
               locale: QLocale | None = None) -> QuestionWidget:
    """The widget for ``state``'s type and appearance, showing numbers, dates and
    times in ``locale`` (the respondent's)."""
    kind = state.type
    appearance = set((state.appearance or "").split())
    chosen: type[QuestionWidget] = UnsupportedQuestion
    if kind in ("text", "string"):
        chosen = TextQuestion
    elif kind in ("integer", "int", "decimal"):
        chosen = NumberQuestion
    elif kind == "select_one":
        long_list = len(state.choices) > LONG_LIST
        chosen = (SearchableSelectQuestion
                  if long_list or appearance & {"autocomplete", "search", "minimal"}
                  else SelectOneQuestion)
    elif kind == "select_multiple":
        chosen = SelectMultipleQuestion
    else:
        chosen = {
            "date": DateQuestion, "note": NoteQuestion, "acknowledge": AcknowledgeQuestion,
            "trigger": AcknowledgeQuestion, "time": TimeQuestion,
            "dateTime": DateTimeQuestion, "geopoint": GeopointQuestion,
            "range": RangeQuestion, "rank": RankQuestion,
            "image": AttachmentQuestion, "audio": AttachmentQuestion,
            "video": AttachmentQuestion, "file": AttachmentQuestion,
        }.get(kind, UnsupportedQuestion)  # fmt: skip
    return chosen(state, parent, locale=locale)
