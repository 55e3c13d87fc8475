"""A new coordinator project as the wizard makes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.errors import EnvironmentProblem, FieldkitError, InvalidInput, UsageError
from fieldkit.project_forms import project_forms
from fieldkit.recent_projects import recent_projects
from fieldkit.store import open_store
from fieldkit.store.models import Project
from fieldkit.sync.new_project import (
    NewProject,
    check_database,
    check_folder,
    check_forms,
    create_project,
)
from fieldkit.sync.project import coordinator_project
from tests.pg_server import PostgresServer

FORM = Path(__file__).parents[1] / "forms" / "data"


def _own_form(tmp_path: Path) -> Path:
    path = tmp_path / "mine.md"
    path.write_text("""
| survey |
| | type | name | label |
| | text | q1 | Your name |
| settings |
| | form_id | title |
| | my_form | My form |
""", encoding="utf-8")
    return path


def test_folder_must_be_new_or_empty(tmp_path: Path) -> None:
    check_folder(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    check_folder(tmp_path / "empty")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(UsageError, match="not empty"):
        check_folder(tmp_path / "full")
    with pytest.raises(UsageError, match="whole path"):
        check_folder(Path("relative/folder"))
    with pytest.raises(UsageError, match="is a file"):
        check_folder(tmp_path / "full" / "x")


def test_database_address_is_checked(tmp_path: Path) -> None:
    check_database("")  # the folder's own SQLite store
    with pytest.raises(UsageError, match="postgresql://"):
        check_database("mysql://x@y/z")
    # Nothing listens on port 9 of this machine: a clear line, not a traceback.
    with pytest.raises(EnvironmentProblem, match="Cannot connect to the database"):
        check_database("postgresql://nobody@127.0.0.1:9/none?connect_timeout=2")


@pytest.mark.postgres
def test_a_database_with_a_store_in_it_is_refused(postgres_server: PostgresServer) -> None:
    url = postgres_server.create_database("fieldkit_wizard_check")
    check_database(url)
    open_store(url).close()
    with pytest.raises(UsageError, match="already holds a fieldkit store"):
        check_database(url)


def test_own_forms_are_checked_first(tmp_path: Path) -> None:
    check_forms([_own_form(tmp_path)])
    bad = tmp_path / "bad.md"
    bad.write_text("| survey |\n| | type | name |\n| | nonsense_type | q |\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"^bad\.md: "):
        check_forms([bad])
    with pytest.raises(InvalidInput, match="no such form file"):
        check_forms([tmp_path / "missing.xlsx"])


def test_create_makes_the_project_and_remembers_it(tmp_path: Path) -> None:
    folder = tmp_path / "projects" / "shirley"
    plan = NewProject(name=" Shirley 2027 ", organisation="Southampton Housing",
                      data_dir=folder, retention_days=14, default_forms=False,
                      own_forms=(_own_form(tmp_path),))
    project_id = create_project(plan)
    store = open_store(f"sqlite:///{folder / 'fieldkit.sqlite3'}")
    try:
        project = coordinator_project(store)
        assert (project.id, project.name) == (project_id, "Shirley 2027")
        with store.session() as session:
            assert session.get_one(Project, project_id).organisation == "Southampton Housing"
        assert [f.form_id for f in project_forms(store, project_id)] == ["my_form"]
    finally:
        store.close()
    assert [(r.data_dir, r.name, r.role) for r in recent_projects()] == [
        (str(folder.resolve()), "Shirley 2027", "coordinator")]
    # The folder is now taken: a second project there is refused before anything.
    with pytest.raises(UsageError, match="not empty"):
        create_project(plan)


def test_default_and_own_forms_together(tmp_path: Path) -> None:
    folder = tmp_path / "both"
    create_project(NewProject(name="Both", organisation="", data_dir=folder,
                              own_forms=(_own_form(tmp_path),)))
    store = open_store(f"sqlite:///{folder / 'fieldkit.sqlite3'}")
    try:
        ids = {f.form_id for f in project_forms(store, coordinator_project(store).id)}
    finally:
        store.close()
    assert "my_form" in ids and len(ids) > 3


def test_nothing_chosen_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "none"
    with pytest.raises(FieldkitError, match="default forms, your own forms, or both"):
        create_project(NewProject(name="X", organisation="", data_dir=folder,
                                  default_forms=False))
    assert not folder.exists()
