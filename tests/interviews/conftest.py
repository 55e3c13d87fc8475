"""Fixtures for the interview service: a store per backend with the default forms.

Converting the default XLSForms takes a second or two, so it is done once per test
session in a SQLite store, and each test's store gets copies of the form rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.interviews import Consent
from fieldkit.project_forms import install_default_forms
from fieldkit.projects import current_project
from fieldkit.store import Store, open_store
from fieldkit.store.models import Form

HOUSEHOLD = "household_survey"
MEMBER = "/data/survey/roster/member"
CONSENT = "/data/consent_grp/consent"
#: Consent as most tests record it, with the start of the interview.
VERBAL = Consent("verbal")


@pytest.fixture(scope="session")
def default_form_rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    folder: Path = tmp_path_factory.mktemp("forms")
    store = open_store(f"sqlite:///{folder / 'forms.sqlite3'}")
    try:
        install_default_forms(store, current_project(store).id)
        with store.session() as session:
            return [{"form_id": f.form_id, "version": f.version, "title": f.title,
                     "source_name": f.source_name, "source": f.source, "hash": f.hash,
                     "xform": f.xform} for f in session.scalars(select(Form))]
    finally:
        store.close()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def project_id(store: Store) -> str:
    return current_project(store).id


@pytest.fixture
def forms(store: Store, project_id: str,
          default_form_rows: list[dict[str, object]]) -> dict[str, int]:
    """{form_id: Form pk} of the default forms in the test's store."""
    with store.session() as session:
        rows = [Form(project_id=project_id, **row) for row in default_form_rows]
        session.add_all(rows)
        session.flush()
        return {row.form_id: row.id for row in rows}


@pytest.fixture
def household(forms: dict[str, int]) -> int:
    return forms[HOUSEHOLD]


@pytest.fixture
def household_sqlite(tmp_path: Path, default_form_rows: list[dict[str, object]]
                     ) -> tuple[str, int]:
    """(URL, household form pk) of a SQLite store in tmp_path, for other processes."""
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    store = open_store(url)
    try:
        project_id = current_project(store).id
        with store.session() as session:
            rows = [Form(project_id=project_id, **row) for row in default_form_rows]
            session.add_all(rows)
            session.flush()
            pk = next(row.id for row in rows if row.form_id == HOUSEHOLD)
    finally:
        store.close()
    return url, pk
