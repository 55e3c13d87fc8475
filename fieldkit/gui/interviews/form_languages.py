"""The languages a stored form is written in (for choosing the respondent's language).

The interview service has no call for this yet, so it reads the runtime form
through :func:`fieldkit.interviews.runtime_forms.runtime_form` (cached per form)."""

from __future__ import annotations

from dataclasses import dataclass

from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.store import Store


@dataclass(frozen=True)
class FormLanguages:
    languages: tuple[str, ...]
    default: str | None


def form_languages(store: Store, form_pk: int) -> FormLanguages:
    with store.session() as db:
        _ref, form = runtime_form(db, form_pk)
    return FormLanguages(tuple(form.languages), form.default_language)
