"""The runtime of one interview: :class:`FormSession` (ODK Collect semantics).

Modules: ``tree`` (the live instance the XPath engine reads), ``plan`` (per-form
templates and dependency graph, cached), ``values`` (answers as ODK text),
``session`` (answers, binds, repeats), ``texts`` (labels, choices, languages),
``pages`` (pages and navigation), ``serialise`` (XML and dict round trips),
``problems`` (Problem and errors).
"""

from fieldkit.forms.session.pages import Page, QuestionState
from fieldkit.forms.session.problems import AnswerError, Problem, ProblemKind, SessionError
from fieldkit.forms.session.session import ChangeCallback, FormSession
from fieldkit.forms.session.texts import ChoiceOption

__all__ = [
    "AnswerError",
    "ChangeCallback",
    "ChoiceOption",
    "FormSession",
    "Page",
    "Problem",
    "ProblemKind",
    "QuestionState",
    "SessionError",
]
