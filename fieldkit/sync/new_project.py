"""A coordinator's new project, as the *New coordinator project* wizard makes it:
checks that can be made before anything is written (the folder, the database
address, the coordinator's own forms), then the project itself in its own data
folder, remembered among the recent projects.

The wizard runs :func:`check_folder`, :func:`check_database` and :func:`check_forms`
as each page is left, so a mistake is named where it was made; :func:`create_project`
runs them all again before it writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from fieldkit.errors import EnvironmentProblem, InvalidInput, UsageError
from fieldkit.forms.check import check_form
from fieldkit.i18n import _
from fieldkit.paths import ensure_writable, resolve_paths
from fieldkit.recent_projects import remember
from fieldkit.store import open_store
from fieldkit.store.database import make_engine
from fieldkit.sync.project import init_project

__all__ = ["NewProject", "check_database", "check_folder", "check_forms", "create_project",
           "default_projects_folder"]


@dataclass(frozen=True)
class NewProject:
    name: str
    organisation: str
    data_dir: Path
    #: A PostgreSQL address for a shared store; "" keeps the store in the data folder.
    db_url: str = ""
    retention_days: int = 30
    default_forms: bool = True
    own_forms: Sequence[Path] = field(default_factory=tuple)


def default_projects_folder() -> Path:
    """Where new projects' data folders go unless the coordinator picks another:
    ``projects`` beside the practice project's data folder."""

    return resolve_paths(None).data_dir.parent / "fieldkit-projects"


def check_folder(folder: Path) -> None:
    """The data folder must be new or empty: a project never shares one."""
    if not folder.is_absolute():
        raise UsageError(_("{folder}: give the whole path of the folder.").format(folder=folder))
    if folder.exists() and not folder.is_dir():
        raise UsageError(_("{folder} is a file; choose a folder.").format(folder=folder))
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError(_("{folder} is not empty; choose a new folder for the project.")
                         .format(folder=folder))


def check_database(url: str) -> None:
    """A PostgreSQL address must be one fieldkit can connect to, and name a database
    with no fieldkit project in it yet."""
    if not url:
        return


    if not url.startswith(("postgresql://", "postgresql+psycopg://")):
        raise UsageError(_("The database address must start with postgresql:// "
                           "(for example postgresql://user@server/fieldkit)."))
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    try:
        engine = make_engine(url)
    except (ArgumentError, ValueError) as exc:
        raise UsageError(_("The database address cannot be read: {reason}")
                         .format(reason=exc)) from None
    except ImportError:
        raise EnvironmentProblem(_("PostgreSQL support is not installed on this computer "
                                   "(the psycopg package).")) from None
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
    except SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise EnvironmentProblem(_("Cannot connect to the database: {reason}")
                                 .format(reason=first)) from None
    finally:
        engine.dispose()
    if "project" in tables:
        raise UsageError(_("That database already holds a fieldkit store; give the new "
                           "project a database of its own."))


def check_forms(paths: Sequence[Path], progress: Callable[[int, int], None] | None = None
                ) -> None:
    """Every one of the coordinator's own forms must pass ``form check``; the first
    that does not is named with its first error."""

    for done, path in enumerate(paths):
        if progress is not None:
            progress(done, len(paths))
        if not path.is_file():
            raise InvalidInput(_("{path}: no such form file.").format(path=path))
        report = check_form(path)
        if not report.ok:
            first = report.errors[0] if report.errors else _("not a valid form")
            raise InvalidInput(_("{path}: {problem}").format(path=path.name, problem=first))


def create_project(plan: NewProject,
                   progress: Callable[[int, int], None] | None = None) -> str:
    """Make the project in its data folder (and database); returns the project id."""

    if not plan.default_forms and not plan.own_forms:
        raise UsageError(_("Choose the default forms, your own forms, or both."))
    if plan.retention_days < 0:
        raise UsageError(_("The retention period cannot be negative."))
    check_folder(plan.data_dir)
    check_database(plan.db_url)
    check_forms(plan.own_forms, progress)
    paths = resolve_paths(plan.data_dir)
    ensure_writable(paths)
    db_url = plan.db_url or paths.default_db_url
    if db_url.startswith("postgresql://"):
        db_url = "postgresql+psycopg://" + db_url.removeprefix("postgresql://")
    store = open_store(db_url, backup_dir=paths.backup_dir)
    try:
        project = init_project(store, plan.name, list(plan.own_forms),
                               retention_days=plan.retention_days,
                               default_forms=plan.default_forms,
                               also_default_forms=plan.default_forms and bool(plan.own_forms),
                               organisation=plan.organisation)
        project_id = project.id
    finally:
        store.close()
    remember(plan.data_dir, plan.name.strip(), "coordinator", plan.db_url)
    return project_id
