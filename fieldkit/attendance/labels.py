"""Texts of the session and attendee forms in a given language: question labels and
choice labels for codes (figures, sheets and exports show these, not codes)."""

from __future__ import annotations

from fieldkit.forms import Form
from fieldkit.forms.language_names import base_language, language_code
from fieldkit.forms.model import plain_text
from fieldkit.i18n import normalize

__all__ = ["choice_labels", "form_language", "question_label"]


def form_language(form: Form, code: str) -> str | None:
    """The form's language for the language code ``code`` (``ro`` or ``ro_RO``), if any:
    the one with that very code first (``fa_AF`` is Dari even when Farsi ``fa`` comes
    first in the form), else one with its base language."""
    codes = {name: normalize(found) for name in form.languages
             if (found := language_code(name, bare=True)) is not None}
    for wanted in (normalize(code), base_language(code)):
        for name, found in codes.items():
            if found == wanted:
                return name
    return None


def _lang(form: Form, code: str) -> str | None:
    return form_language(form, code) or form.default_language


def question_label(form: Form, name: str, code: str) -> str:
    question = next((q for q in form.questions.values() if q.name == name), None)
    if question is None:
        return name
    text = plain_text(form.text(question.label, _lang(form, code)))
    return text or name


def choice_labels(form: Form, name: str, code: str) -> dict[str, str]:
    """{choice code: label} of question ``name``'s choice list."""
    question = next((q for q in form.questions.values() if q.name == name), None)
    if question is None or question.choices is None:
        return {}
    lang = _lang(form, code)
    return {c.value: plain_text(c.label(lang)) or c.value for c in question.choices.choices}
