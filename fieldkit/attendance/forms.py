"""The session and attendee forms of a project: found by form id (newest version),
added from the default forms when a project does not have them yet."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from fieldkit.attendance import ATTENDEE_FORM_ID, SESSION_FORM_ID
from fieldkit.forms import Form
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.packaged import resource
from fieldkit.project_forms import add_form
from fieldkit.store import Store
from fieldkit.store.models import Form as FormRow

__all__ = ["ServiceForms", "field_paths", "load_runtime_form", "service_forms"]


@dataclass(frozen=True)
class ServiceForms:
    """Form pks: the versions new records use, and every stored version (to read)."""

    session_pk: int
    attendee_pk: int
    session_pks: tuple[int, ...]
    attendee_pks: tuple[int, ...]


def _versions(store: Store, project_id: str, form_id: str) -> list[int]:
    with store.session() as db:
        rows = db.execute(select(FormRow.id, FormRow.version)
                          .where(FormRow.project_id == project_id, FormRow.form_id == form_id))
        # yyyymmddNN versions sort as text; the newest row breaks ties.
        return [pk for pk, _v in sorted(rows, key=lambda r: (r[1], r[0]), reverse=True)]


def service_forms(store: Store, project_id: str) -> ServiceForms:
    """The project's session and attendee forms, adding the default ones if missing
    (converting a form costs a second the first time)."""

    found: dict[str, list[int]] = {}
    for form_id, file_name in ((SESSION_FORM_ID, "advice_session.md"),
                               (ATTENDEE_FORM_ID, "advice_session_attendee.md")):
        pks = _versions(store, project_id, form_id)
        if not pks:
            add_form(store, project_id, resource("forms", file_name))
            pks = _versions(store, project_id, form_id)
        found[form_id] = pks
    return ServiceForms(found[SESSION_FORM_ID][0], found[ATTENDEE_FORM_ID][0],
                        tuple(found[SESSION_FORM_ID]), tuple(found[ATTENDEE_FORM_ID]))


def load_runtime_form(store: Store, form_pk: int) -> Form:
    with store.session() as db:
        return runtime_form(db, form_pk)[1]


def field_paths(form: Form) -> dict[str, str]:
    """{question name: path} of a form without repeats (names are unique there)."""
    return {q.name: path for path, q in form.questions.items()}
