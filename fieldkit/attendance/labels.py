"""Texts of the session and attendee forms in a given language: question labels and
choice labels for codes (figures, sheets and exports show these, not codes)."""

from __future__ import annotations

from fieldkit.forms import Form
from fieldkit.forms.language_names import form_language
from fieldkit.forms.model import plain_text

__all__ = ["choice_labels", "question_label"]


def _lang(form: Form, code: str) -> str | None:
    return form_language(form.languages, code) or form.default_language


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
