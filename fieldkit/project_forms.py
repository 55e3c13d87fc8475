"""Forms of a project: adding a form file to the store, and the default forms the
embedded practice project starts with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from fieldkit.errors import InvalidInput
from fieldkit.forms import load_form
from fieldkit.forms.check import ensure_runnable
from fieldkit.forms.external import embed_external
from fieldkit.forms.loader import XFORM_SUFFIXES, cache_key, entry_xform
from fieldkit.i18n import _
from fieldkit.packaged import resource
from fieldkit.store import Store
from fieldkit.store.form_cache import StoreFormCache
from fieldkit.store.models import Form

FORM_SUFFIXES = (".xlsx", ".xls", ".csv", ".md", *XFORM_SUFFIXES)


@dataclass(frozen=True)
class StoredForm:
    pk: int
    form_id: str
    version: str
    title: str


def default_form_files() -> list[Path]:
    """The forms shipped in resources/forms (their README is not a form)."""
    folder = resource("forms")
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in FORM_SUFFIXES and p.name.lower() != "readme.md")


def add_form(store: Store, project_id: str, path: Path) -> StoredForm:
    """Load ``path`` (a FormError for a bad form) and keep its source and XForm in
    the store. Adding the same form version again returns the stored one."""
    cache = StoreFormCache(store)
    form = load_form(path, cache=cache)
    ensure_runnable(form, path=path)  # a form whose interviews cannot start is no form
    data = path.read_bytes()
    if path.suffix.lower() in XFORM_SUFFIXES:
        xform = data.decode("utf-8")
    else:
        entry = cache.get(cache_key(data, path.name))
        if entry is None:  # load_form always fills the cache for an XLSForm
            raise InvalidInput(_("{path}: the converted form was not kept; try again.")
                               .format(path=path))
        xform = entry_xform(entry)
    # The form's CSV/XML/GeoJSON files found next to it travel inside its XForm.
    xform = embed_external(xform, form)
    version = form.version or ""
    with store.session() as session:
        existing = session.scalars(select(Form).where(
            Form.project_id == project_id, Form.form_id == form.form_id,
            Form.version == version)).first()
        if existing is None:
            existing = Form(project_id=project_id, form_id=form.form_id, version=version,
                            title=form.title, source_name=path.name, source=data,
                            hash=form.source_hash, xform=xform)
            session.add(existing)
            session.flush()
        return StoredForm(existing.id, existing.form_id, existing.version, existing.title)


def install_default_forms(store: Store, project_id: str,
                          progress: Callable[[int, int], None] | None = None
                          ) -> list[StoredForm]:
    """Give a project the default forms (converting each costs a second or so the
    first time; later calls find them in the store)."""
    files = default_form_files()
    stored = []
    for done, path in enumerate(files):
        if progress is not None:
            progress(done, len(files))
        stored.append(add_form(store, project_id, path))
    if progress is not None:
        progress(len(files), len(files))
    return stored


def project_forms(store: Store, project_id: str, *, include_retired: bool = True
                  ) -> list[StoredForm]:
    """The project's stored form versions (without retired forms: those a new
    interview may use)."""
    with store.session() as session:
        query = select(Form).where(Form.project_id == project_id)
        if not include_retired:
            query = query.where(Form.retired.is_(False))
        rows = session.scalars(query.order_by(Form.title, Form.version))
        return [StoredForm(f.id, f.form_id, f.version, f.title) for f in rows]
