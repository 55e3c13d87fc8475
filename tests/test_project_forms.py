from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldkit.forms import FormError, load_form
from fieldkit.forms.loader import cache_key
from fieldkit.project_forms import (
    add_form,
    default_form_files,
    install_default_forms,
    project_forms,
)
from fieldkit.projects import current_project
from fieldkit.store import Store, open_store
from fieldkit.store.form_cache import StoreFormCache
from fieldkit.store.models import Form, FormCacheEntry


@pytest.fixture
def store(store_url: str) -> Store:
    s = open_store(store_url)
    yield s
    s.close()


def test_default_forms_are_the_five_shipped(store: Store) -> None:
    names = [p.name for p in default_form_files()]
    assert names == ["advice_session.md", "advice_session_attendee.md", "customer_profile.md",
                     "household_survey.md", "satisfaction_pictorial.md"]


def test_practice_project_gets_the_default_forms_once(store: Store) -> None:
    project = current_project(store)
    seen: list[tuple[int, int]] = []
    first = install_default_forms(store, project.id, progress=lambda d, t: seen.append((d, t)))
    assert [f.form_id for f in first] == ["advice_session", "advice_session_attendee",
                                          "customer_profile", "household_survey",
                                          "satisfaction_pictorial"]
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    again = install_default_forms(store, project.id)
    assert [f.pk for f in again] == [f.pk for f in first]
    assert len(project_forms(store, project.id)) == 5
    with store.session() as session:
        household = session.scalars(select(Form).where(Form.form_id == "household_survey")).one()
        assert household.xform.lstrip().startswith("<?xml") or "<h:html" in household.xform
        assert household.source.startswith(b"| settings") or b"| survey" in household.source
        assert household.hash == hashlib.sha256(household.source).hexdigest()
        assert session.scalar(select(func.count()).select_from(FormCacheEntry)) == 5


def test_store_cache_serves_the_second_load(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    path = default_form_files()[0]
    cache = StoreFormCache(store)
    first = load_form(path, cache=cache)
    from fieldkit.forms import loader

    def no_conversion(*args: object, **kwargs: object) -> None:
        raise AssertionError("pyxform ran on a cache hit")

    monkeypatch.setattr(loader, "convert_xlsform", no_conversion)
    assert load_form(path, cache=cache).form_id == first.form_id
    cache.put(cache_key(path.read_bytes(), path.name), "replaced")  # upsert, no error
    assert cache.get(cache_key(path.read_bytes(), path.name)) == "replaced"


def test_a_bad_form_is_refused_and_nothing_is_stored(store: Store, tmp_path: Path) -> None:
    project = current_project(store)
    bad = tmp_path / "bad.md"
    bad.write_text("| survey |\n| | type | name | label |\n| | integr | age | Age |\n")
    with pytest.raises(FormError, match="integr"):
        add_form(store, project.id, bad)
    assert project_forms(store, project.id) == []


EXTERNAL = Path(__file__).parent / "forms" / "data" / "odk" / "external"


def test_a_forms_external_files_travel_inside_its_stored_xform(store: Store) -> None:
    from fieldkit.forms import FormSession
    from fieldkit.interviews.runtime_forms import runtime_form

    project = current_project(store)
    stored = add_form(store, project.id, EXTERNAL / "form.md")
    with store.session() as db:
        _ref, form = runtime_form(db, stored.pk)
    session = FormSession(form)
    assert [c.value for c in session.choices("/data/fruit")] == ["apple", "banana"]
    assert [c.value for c in session.choices("/data/site")] == ["s1", "s2"]
    session.answer("/data/fruit", "apple")
    assert session.value("/data/colour") == "red"


def test_a_form_whose_interview_cannot_start_is_not_added(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "loop.md"
    path.write_text(
        "| survey |\n| | type | name | label | calculation |\n"
        "| | calculate | a | | ${b} + 1 |\n| | calculate | b | | ${a} + 1 |\n",
        encoding="utf-8",
    )
    with pytest.raises(FormError, match="loop"):
        add_form(store, current_project(store).id, path)
