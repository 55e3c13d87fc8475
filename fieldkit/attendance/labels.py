"""Texts of the session and attendee forms in a given language: question labels and
choice labels for codes (figures, sheets and exports show these, not codes)."""

from __future__ import annotations

import re

from fieldkit.forms import Form
from fieldkit.forms.model import plain_text

__all__ = ["choice_labels", "form_language", "language_code", "question_label"]


def language_code(form_language_name: str) -> str:
    """``Română (ro)`` -> ``ro``; a name without a code is returned as it is."""
    found = re.search(r"\(([A-Za-z-]+)\)\s*$", form_language_name)
    return found.group(1) if found else form_language_name


def form_language(form: Form, code: str) -> str | None:
    """The form's language for the language code ``code`` (``ro`` or ``ro_RO``), if any."""
    base = code.replace("-", "_").split("_")[0].lower()
    for name in form.languages:
        if language_code(name).lower() in (code.lower(), base):
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
