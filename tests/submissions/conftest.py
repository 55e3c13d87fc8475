"""Coordinator stores with forms to import into, and ODK instances to import:
household surveys written by fieldkit's own serialiser from demo interviews, and
hand-written instances of a small form with ODK's metadata and of pyxform's widgets."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldkit.demo.seeding import seed_demo
from fieldkit.interviews import open_interview
from fieldkit.paths import resolve_paths
from fieldkit.store import Store, open_store
from fieldkit.store.models import Answer, AuditEvent, ImportedSubmission, Interview
from fieldkit.sync.project import init_project

ROOT = Path(__file__).resolve().parents[2]
HOUSEHOLD = ROOT / "resources" / "forms" / "household_survey.md"
#: pyxform's own test form of every widget (a copy lives with the form tests).
WIDGETS = ROOT / "tests" / "forms" / "data" / "pyxform" / "widgets.xls"

VISITS_FORM = """\
| survey |
| | type | name | label | required | calculation |
| | start | start |
| | end | end |
| | username | username |
| | deviceid | deviceid |
| | select_one community | community | Community | yes |
| | begin repeat | person | Person |
| | integer | age | Age |
| | select_one sex | sex | Sex |
| | select_multiple needs | needs | Needs |
| | end repeat |
| | image | photo | Photo of the home |
| | decimal | rent | Weekly rent |
| | date | moved_in | Moved in |
| | text | notes | Notes |
| | calculate | saved_at | | | now() |
| | calculate | people | | | count(${person}) |
| choices |
| | list_name | name | label |
| | community | afghan | Afghan |
| | community | romanian | Romanian |
| | sex | female | Female |
| | sex | male | Male |
| | needs | advice | Advice |
| | needs | repairs | Repairs |
| | needs | school | School place |
| settings |
| | form_id | version |
| | visits | 3 |
"""


def visits_instance(instance_id: str | None = None, *, people: str | None = None,
                    extra: str = "", version: str = "3", form_id: str = "visits",
                    photo: str = "1719914400000.jpg", notes: str = "rent  arrears ",
                    namespaced_meta: bool = False) -> str:
    """A submission of the visits form as ODK Collect writes one."""
    instance_id = instance_id or f"uuid:{uuid.uuid4()}"
    if people is None:
        people = ("<person><age>34</age><sex>male</sex><needs>advice repairs</needs>"
                  "</person><person><age>6</age><sex>female</sex><needs>school</needs>"
                  "</person>")
    meta = (f"<orx:meta><orx:instanceID>{instance_id}</orx:instanceID></orx:meta>"
            if namespaced_meta else f"<meta><instanceID>{instance_id}</instanceID></meta>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<data xmlns:jr="http://openrosa.org/javarosa" '
        f'xmlns:orx="http://openrosa.org/xforms" id="{form_id}" version="{version}">'
        "<start>2025-07-02T10:00:00.000+01:00</start>"
        "<end>2025-07-02T10:40:00.000+01:00</end>"
        "<username>Amina</username><deviceid>collect:abc123</deviceid>"
        f"<community>afghan</community>{people}<photo>{photo}</photo>"
        f"<rent>95.50</rent><moved_in>2024-11-30</moved_in><notes>{notes}</notes>"
        f"<saved_at>2025-07-02T10:39:12.000+01:00</saved_at>"
        f"<people>{people.count('<person>')}</people>{extra}"
        f"{meta}</data>")


@pytest.fixture
def visits_form(tmp_path: Path) -> Path:
    path = tmp_path / "visits.md"
    path.write_text(VISITS_FORM, encoding="utf-8")
    return path


@pytest.fixture
def coordinator(store_url: str, visits_form: Path, data_dir: Path) -> Iterator[Store]:
    """A coordinator's store (SQLite and PostgreSQL) with the household survey, the
    visits form and pyxform's widgets form."""
    store = open_store(store_url)
    init_project(store, "Imports", [HOUSEHOLD, visits_form, WIDGETS])
    yield store
    store.close()


@pytest.fixture
def sqlite_coordinator(data_dir: Path, visits_form: Path) -> Iterator[Store]:
    """The data folder's own store (for the command line), a coordinator's."""
    data_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(resolve_paths().default_db_url)
    init_project(store, "Imports", [HOUSEHOLD, visits_form, WIDGETS])
    yield store
    store.close()


@pytest.fixture(scope="session")
def typed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Another coordinator whose demo households were made by fieldkit (typed)."""
    path = tmp_path_factory.mktemp("typed") / "fieldkit.sqlite3"
    store = open_store(f"sqlite:///{path}")
    init_project(store, "Typed", [HOUSEHOLD])
    seed_demo(store, interviews=6, seed=11)
    yield store
    store.close()


@pytest.fixture(scope="session")
def household_xml(typed_store: Store) -> dict[str, str]:
    """{interview uuid: ODK instance XML} of the typed households, written by
    fieldkit's own serialiser (FormSession.to_xml), as Collect would submit them."""
    with typed_store.session() as db:
        uuids = db.scalars(select(Interview.uuid).where(Interview.status == "finalized")
                           .order_by(Interview.created_at)).all()
    return {u: open_interview(typed_store, u).session.to_xml() for u in uuids}


def counts(store: Store) -> dict[str, int]:
    """Rows that an import writes, to show that a refusal wrote none."""
    with store.session() as db:
        return {model.__tablename__: db.scalar(select(func.count()).select_from(model)) or 0
                for model in (Interview, Answer, ImportedSubmission, AuditEvent)}
