"""What a person needs to recognise a conflict: the interview's label and form, the
question's label and the choices' labels, in the interface language where the form
has it (else the form's default language). Qt-free, for the coordinator screens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from fieldkit.errors import FieldkitError
from fieldkit.forms import Form
from fieldkit.forms.language_names import form_language
from fieldkit.forms.model import OutputRef, RichText
from fieldkit.interviews.repeat_rows import template_path
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.store import Store
from fieldkit.store.chunks import chunks
from fieldkit.store.models import Form as FormRow
from fieldkit.store.models import Interview
from fieldkit.sync.review import Conflict

__all__ = ["ConflictContext", "conflict_contexts"]


@dataclass(frozen=True)
class ConflictContext:
    interview_label: str
    form_title: str
    #: The question's label, "" when the form does not know the path.
    question: str
    #: value -> label for a select question's static choices.
    choices: dict[str, str] = field(default_factory=dict)

    def value_text(self, value: str | None) -> str:
        """``value`` with its choice labels (``yes`` -> ``Yes (yes)``)."""
        if value is None:
            return ""
        if not self.choices:
            return value
        parts = value.split(" ")
        shown = [f"{self.choices[p]} ({p})" if p in self.choices else p for p in parts]
        return ", ".join(shown)


def _flat(text: RichText) -> str:
    joined = "".join("…" if isinstance(p, OutputRef) else p for p in text)
    return " ".join(joined.split())


def conflict_contexts(store: Store, conflicts: Sequence[Conflict], ui_language: str
                      ) -> dict[tuple[str, str], ConflictContext]:
    """{(interview uuid, path): context} for ``conflicts``. A form that cannot be read
    gives the path alone rather than failing the screen."""
    uuids = sorted({c.interview_uuid for c in conflicts})
    rows: dict[str, tuple[str, int, str]] = {}
    with store.session() as session:
        for chunk in chunks(uuids):
            for uuid, label, form_pk, title in session.execute(
                    select(Interview.uuid, Interview.label, Interview.form_pk, FormRow.title)
                    .join(FormRow, FormRow.id == Interview.form_pk)
                    .where(Interview.uuid.in_(chunk))):
                rows[uuid] = (label, form_pk, title)
        forms: dict[int, Form | None] = {}
        for _label, form_pk, _title in rows.values():
            if form_pk not in forms:
                try:
                    forms[form_pk] = runtime_form(session, form_pk)[1]
                except FieldkitError:
                    forms[form_pk] = None
    out = {}
    for conflict in conflicts:
        label, form_pk, title = rows.get(conflict.interview_uuid, ("", 0, ""))
        form = forms.get(form_pk)
        question_text = ""
        choices: dict[str, str] = {}
        question = form.questions.get(template_path(conflict.path)) if form else None
        if form is not None and question is not None:
            language = form_language(form.languages, ui_language)
            question_text = _flat(form.text(question.label, language))
            if question.choices is not None:
                choices = {c.value: _flat(c.label(language))
                           for c in question.choices.choices}
        out[(conflict.interview_uuid, conflict.path)] = ConflictContext(
            label, title, question_text, choices)
    return out
