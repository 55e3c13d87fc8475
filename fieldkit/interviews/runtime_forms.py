"""The runtime form of a stored Form row, parsed from its XForm text once per process.

Parsed forms are kept in a small LRU keyed by the row's content hash, so opening a
second interview of the same form (or reopening one) costs no XML parse; the same
:class:`~fieldkit.forms.Form` object also keeps the session's plan cache warm.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.forms import Form, parse_xform
from fieldkit.i18n import _
from fieldkit.interviews.errors import UnknownRecord
from fieldkit.store import Store
from fieldkit.store.models import Form as FormRow

__all__ = ["CACHE_SIZE", "FormLanguages", "FormRef", "clear_cache", "form_languages",
           "runtime_form"]

#: How many parsed forms stay in memory (a project has a handful).
CACHE_SIZE = 8

_cache: OrderedDict[str, Form] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class FormRef:
    """What the service needs to know about a stored form row."""

    pk: int
    project_id: str
    form_id: str
    version: str
    title: str
    hash: str


def _cached(key: str) -> Form | None:
    with _lock:
        form = _cache.get(key)
        if form is not None:
            _cache.move_to_end(key)
        return form


def _remember(key: str, form: Form) -> Form:
    with _lock:
        form = _cache.setdefault(key, form)
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return form


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def runtime_form(session: Session, form_pk: int) -> tuple[FormRef, Form]:
    """The stored form ``form_pk`` and its parsed runtime form (a FormError if its
    XForm cannot be read, an :class:`UnknownRecord` if there is no such row)."""
    row = session.execute(
        select(FormRow.project_id, FormRow.form_id, FormRow.version, FormRow.title,
               FormRow.hash).where(FormRow.id == form_pk)).first()
    if row is None:
        raise UnknownRecord(
            _("There is no form number {pk} in this data store.").format(pk=form_pk))
    ref = FormRef(form_pk, row.project_id, row.form_id, row.version, row.title, row.hash)
    # Rows with the same source (in any store) share one parse; a row without a
    # hash is parsed every time rather than risk a wrong hit.
    form = _cached(row.hash) if row.hash else None
    if form is None:
        xform = session.scalar(select(FormRow.xform).where(FormRow.id == form_pk)) or ""
        form = parse_xform(xform, source_hash=row.hash)
        if row.hash:
            form = _remember(row.hash, form)
    return ref, form


@dataclass(frozen=True)
class FormLanguages:
    """The languages a stored form is written in, for choosing a respondent language."""

    languages: tuple[str, ...]
    default: str | None


def form_languages(store: Store, form_pk: int) -> FormLanguages:
    with store.session() as session:
        _ref, form = runtime_form(session, form_pk)
    return FormLanguages(tuple(form.languages), form.default_language)
