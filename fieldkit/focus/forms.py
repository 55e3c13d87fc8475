"""The focus-group forms of a project: found by form id (newest version), added from
the built-in forms when a project does not have them yet."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from fieldkit.focus import GROUP_FORM_ID, ITEM_FORM_ID
from fieldkit.packaged import resource
from fieldkit.project_forms import add_form
from fieldkit.store import Store
from fieldkit.store.models import Form as FormRow

__all__ = ["FocusForms", "focus_forms", "stored_focus_forms"]


@dataclass(frozen=True)
class FocusForms:
    """Form pks: the versions new records use, and every stored version (to read)."""

    group_pk: int
    item_pk: int
    group_pks: tuple[int, ...]
    item_pks: tuple[int, ...]


def _versions(store: Store, project_id: str, form_id: str) -> list[int]:
    with store.session() as db:
        rows = db.execute(select(FormRow.id, FormRow.version)
                          .where(FormRow.project_id == project_id, FormRow.form_id == form_id))
        return [pk for pk, _v in sorted(rows, key=lambda r: (r[1], r[0]), reverse=True)]


def stored_focus_forms(store: Store, project_id: str) -> FocusForms | None:
    """The project's focus-group forms, or None when it has none yet (reading never
    adds forms)."""
    groups = _versions(store, project_id, GROUP_FORM_ID)
    items = _versions(store, project_id, ITEM_FORM_ID)
    if not groups or not items:
        return None
    return FocusForms(groups[0], items[0], tuple(groups), tuple(items))


def focus_forms(store: Store, project_id: str) -> FocusForms:
    """The project's focus-group forms, adding the built-in ones if missing."""

    for form_id, file_name in ((GROUP_FORM_ID, "focus_group.md"),
                               (ITEM_FORM_ID, "focus_item.md")):
        if not _versions(store, project_id, form_id):
            add_form(store, project_id, resource("forms", file_name))
    found = stored_focus_forms(store, project_id)
    assert found is not None  # just added
    return found
