"""Form engine: XLSForm/XForm in, ODK semantics inside (Qt-free)."""

from fieldkit.forms.cache import DirectoryFormCache, FormCache, MemoryFormCache
from fieldkit.forms.check import CheckResult, check_form
from fieldkit.forms.errors import FormError
from fieldkit.forms.loader import load_form
from fieldkit.forms.model import (
    Bind,
    Choice,
    ChoiceList,
    Form,
    Group,
    ItextEntry,
    OutputRef,
    Question,
    Repeat,
    TextRef,
    Translation,
)
from fieldkit.forms.session import (
    AnswerError,
    ChoiceOption,
    FormSession,
    Page,
    Problem,
    QuestionState,
    SessionError,
)
from fieldkit.forms.xform import parse_xform

__all__ = [
    "AnswerError",
    "Bind",
    "CheckResult",
    "Choice",
    "ChoiceList",
    "ChoiceOption",
    "DirectoryFormCache",
    "Form",
    "FormCache",
    "FormError",
    "FormSession",
    "Group",
    "ItextEntry",
    "MemoryFormCache",
    "OutputRef",
    "Page",
    "Problem",
    "Question",
    "QuestionState",
    "Repeat",
    "SessionError",
    "TextRef",
    "Translation",
    "check_form",
    "load_form",
    "parse_xform",
]
