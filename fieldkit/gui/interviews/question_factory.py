"""The widget for a question: chosen by its type and appearance among the widgets of
question_widgets and more_questions (a module of its own so those two need not
import each other)."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QWidget

from fieldkit.forms import QuestionState
from fieldkit.gui.interviews import more_questions as more
from fieldkit.gui.interviews.question_widgets import (
    LONG_LIST,
    AcknowledgeQuestion,
    DateQuestion,
    NoteQuestion,
    NumberQuestion,
    QuestionWidget,
    SearchableSelectQuestion,
    SelectMultipleQuestion,
    SelectOneQuestion,
    TextQuestion,
    UnsupportedQuestion,
)

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
            "trigger": AcknowledgeQuestion, "time": more.TimeQuestion,
            "dateTime": more.DateTimeQuestion, "geopoint": more.GeopointQuestion,
            "range": more.RangeQuestion, "rank": more.RankQuestion,
            "image": more.AttachmentQuestion, "audio": more.AttachmentQuestion,
            "video": more.AttachmentQuestion, "file": more.AttachmentQuestion,
        }.get(kind, UnsupportedQuestion)  # fmt: skip
    return chosen(state, parent, locale=locale)
