"""The coordinator's forms, as the Forms tab manages them: what the project has (with
each form's status), what adding or updating a form would change, and retiring a form
(no new interviews on the laptops; its data stays).

A new version of a form is compared with the newest version the project has: the
questions added and removed, choices added and removed, and questions whose type
changed. A change that would leave answers already collected without a question to
read them by (a removed question, a removed choice, a type those answers do not fit)
is named with the number of answers it concerns, so the coordinator decides knowing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from fieldkit.errors import FieldkitError, InvalidInput, UsageError
from fieldkit.forms import Form as RuntimeForm
from fieldkit.forms import load_form
from fieldkit.forms.check import check_form
from fieldkit.forms.language_names import form_language
from fieldkit.i18n import _
from fieldkit.interviews import start_interview
from fieldkit.interviews.consent import Consent
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.project_forms import add_form
from fieldkit.projects import current_project, ensure_local_device
from fieldkit.store import Store, open_store
from fieldkit.store.form_cache import StoreFormCache
from fieldkit.store.models import Answer, Form, Interview
from fieldkit.sync.audit import audit
from fieldkit.sync.project import coordinator_project

if TYPE_CHECKING:
    from fieldkit.interviews.handle import InterviewHandle

__all__ = [
    "FormChange",
    "FormProblem",
    "FormUpdate",
    "ProjectForm",
    "add_or_update_form",
    "form_changes",
    "list_forms",
    "locate_problem",
    "plan_form_update",
    "scratch_interview",
    "set_retired",
]

# Types whose answers read the same way under each other (a number stays a number).
_COMPATIBLE = [
    {"text", "string", "barcode"},
    {"integer", "int", "decimal", "range"},
    {"date"}, {"time"}, {"dateTime", "datetime"},
    {"select_one", "select1"}, {"select_multiple", "select"},
    {"geopoint"}, {"image", "audio", "video", "file", "binary"},
]


@dataclass(frozen=True)
class ProjectForm:
    form_id: str
    title: str
    #: Every version the project has, oldest first; the last one is in use.
    versions: tuple[str, ...]
    languages: tuple[str, ...]
    retired: bool
    interviews: int

    @property
    def version(self) -> str:
        return self.versions[-1] if self.versions else ""


@dataclass(frozen=True)
class FormProblem:
    """One line of ``form check``, split where it names its place in the XLSForm."""

    severity: str  # "error" | "warning"
    sheet: str
    row: str
    column: str
    text: str


@dataclass(frozen=True)
class FormChange:
    kind: str  # "added" | "removed" | "choices added" | "choices removed" | "type"
    path: str
    detail: str
    #: Answers already collected that the change leaves unreadable (0: none).
    answers_affected: int = 0


@dataclass
class FormUpdate:
    path: Path
    form_id: str | None
    version: str | None
    title: str | None
    problems: list[FormProblem] = field(default_factory=list)
    #: The version it would follow ("" when the form is new to the project).
    previous_version: str = ""
    changes: list[FormChange] = field(default_factory=list)
    #: Why it cannot be added ("" when it can).
    refused: str = ""

    @property
    def breaks_answers(self) -> bool:
        return any(c.answers_affected for c in self.changes)


_PLACE = re.compile(r"sheet '(?P<sheet>[^']*)'(?:, row (?P<row>\d+))?"
                    r"(?:, column '(?P<column>[^']*)')?: (?P<text>.*)", re.DOTALL)


# "path/to/form.xlsx: " before a message that names no place in the form.
_FILE_PREFIX = re.compile(r"^.*?\.(?:xlsx|xls|csv|md|xml|xhtml): ", re.IGNORECASE)


def locate_problem(severity: str, message: str) -> FormProblem:
    """Split ``form check``'s "FILE: sheet 'survey', row 4, column 'name': text" into
    its place and text (a message without a place keeps it all as text)."""
    match = _PLACE.search(message)
    if match is None:
        return FormProblem(severity, "", "", "", _FILE_PREFIX.sub("", message, count=1))
    return FormProblem(severity, match["sheet"], match["row"] or "", match["column"] or "",
                       match["text"])


def list_forms(store: Store) -> list[ProjectForm]:
    """The project's forms, one per form id, by title."""
    project = coordinator_project(store)
    out = []
    with store.session() as session:
        rows = list(session.scalars(select(Form).where(Form.project_id == project.id)
                                    .order_by(Form.id)))
        counts = dict(session.execute(
            select(Form.form_id, func.count(Interview.uuid))
            .join(Interview, Interview.form_pk == Form.id)
            .where(Form.project_id == project.id).group_by(Form.form_id)).all())
        by_id: dict[str, list[Form]] = {}
        for row in rows:
            by_id.setdefault(row.form_id, []).append(row)
        for form_id, versions in by_id.items():
            newest = versions[-1]
            out.append(ProjectForm(form_id, newest.title,
                                   tuple(v.version for v in versions),
                                   _languages(session, newest.id), newest.retired,
                                   counts.get(form_id, 0)))
    return sorted(out, key=lambda f: (f.retired, f.title.lower(), f.form_id))


def _languages(session: Session, form_pk: int) -> tuple[str, ...]:

    try:
        return tuple(runtime_form(session, form_pk)[1].languages)
    except FieldkitError:
        return ()


def _newest(store: Store, project_id: str, form_id: str) -> tuple[int, str, str] | None:
    with store.session() as session:
        row = session.execute(select(Form.id, Form.version, Form.hash).where(
            Form.project_id == project_id, Form.form_id == form_id)
            .order_by(Form.id.desc())).first()
        return None if row is None else (row[0], row[1], row[2])


def _compatible(old: str, new: str) -> bool:
    return old == new or any(old in group and new in group for group in _COMPATIBLE)


def _repeat_prefixes(form: RuntimeForm) -> list[str]:
    return [node.path for node in form.instance.walk() if node.repeat]


def _instance_pattern(path: str, repeats: list[str]) -> str:
    """A SQL LIKE pattern for a template path's instance paths (/data/r[2]/age)."""
    pattern = path
    for prefix in sorted(repeats, key=len, reverse=True):
        if path.startswith(prefix + "/"):
            pattern = pattern.replace(prefix + "/", prefix + "[%]/", 1)
    return pattern


def form_changes(store: Store, old_pk: int, new: RuntimeForm) -> list[FormChange]:
    """What ``new`` changes from the stored version ``old_pk`` of the same form, with
    the answers each change leaves unreadable."""

    with store.session() as session:
        old = runtime_form(session, old_pk)[1]
        form_pks = list(session.scalars(select(Form.id).where(
            Form.form_id == old.form_id, Form.project_id == select(Form.project_id).where(
                Form.id == old_pk).scalar_subquery())))
    repeats = _repeat_prefixes(old)

    def answered(path: str, values: set[str] | None = None) -> int:
        pattern = _instance_pattern(path, repeats)
        query = (select(func.count()).select_from(Answer)
                 .join(Interview, Interview.uuid == Answer.interview_uuid)
                 .where(Interview.form_pk.in_(form_pks), Answer.value.is_not(None),
                        Answer.value != "",
                        Answer.path.like(pattern) if "%" in pattern
                        else Answer.path == pattern))
        if values is not None:
            query = query.where(or_(*(Answer.value == v for v in values),
                                    *(Answer.value.like(f"{v} %") for v in values),
                                    *(Answer.value.like(f"% {v}") for v in values),
                                    *(Answer.value.like(f"% {v} %") for v in values)))
        with store.session() as session:
            return session.scalar(query) or 0

    changes: list[FormChange] = []
    old_q, new_q = old.questions, new.questions
    for path in new_q:
        if path not in old_q:
            changes.append(FormChange("added", path, new_q[path].type))
    for path, question in old_q.items():
        if path not in new_q:
            changes.append(FormChange("removed", path, question.type, answered(path)))
            continue
        after = new_q[path]
        if not _compatible(question.type, after.type):
            changes.append(FormChange("type", path, f"{question.type} → {after.type}",
                                      answered(path)))
            continue
        before_choices = {c.value for c in question.choices.choices} \
            if question.choices else set()
        after_choices = {c.value for c in after.choices.choices} if after.choices else set()
        if after_choices - before_choices and before_choices:
            changes.append(FormChange("choices added", path,
                                      ", ".join(sorted(after_choices - before_choices))))
        gone = before_choices - after_choices
        if gone and after.choices is not None:
            changes.append(FormChange("choices removed", path, ", ".join(sorted(gone)),
                                      answered(path, gone)))
    return changes


def plan_form_update(store: Store, path: Path) -> FormUpdate:
    """Check ``path`` as ``form check`` does and compare it with the version the project
    has; never raises for a bad form (its problems are in the result)."""

    project = coordinator_project(store)
    result = check_form(path, cache=StoreFormCache(store))
    update_ = FormUpdate(path, result.form_id, result.version, result.title,
                         [locate_problem("error", e) for e in result.errors]
                         + [locate_problem("warning", w) for w in result.warnings])
    if not result.ok or result.form_id is None:
        update_.refused = _("The form has errors; correct them and try again.")
        return update_
    newest = _newest(store, project.id, result.form_id)
    if newest is None:
        return update_
    old_pk, old_version, old_hash = newest
    update_.previous_version = old_version
    form = load_form(path, cache=StoreFormCache(store))
    if form.source_hash == old_hash:
        update_.refused = _("The project already has this form, as it is.")
        return update_
    with store.session() as session:
        same_version = session.scalars(select(Form.id).where(
            Form.project_id == project.id, Form.form_id == result.form_id,
            Form.version == (result.version or ""))).first()
    if same_version is not None:
        update_.refused = _(
            "The project has version {version} of this form already, with other content. "
            "Give the changed form a new version (the version column of its settings "
            "sheet), so laptops can tell the two apart.").format(version=result.version or "")
        return update_
    update_.changes = form_changes(store, old_pk, form)
    return update_


def add_or_update_form(store: Store, path: Path, actor: str = "") -> str:
    """Add ``path`` to the project (a new form, or a new version of one); refuses what
    :func:`plan_form_update` refuses. Returns the form id. Audited."""

    plan = plan_form_update(store, path)
    if plan.refused:
        first = next((p.text for p in plan.problems if p.severity == "error"), "")
        raise InvalidInput(f"{path.name}: {plan.refused}" + (f" {first}" if first else ""))
    project = coordinator_project(store)
    stored = add_form(store, project.id, path)
    device = ensure_local_device(store)
    with store.session() as session:
        session.execute(update(Form).where(Form.project_id == project.id,
                                           Form.form_id == stored.form_id)
                        .values(retired=False))
        audit(session, "form-added", object_type="form", object_id=stored.form_id,
              device_id=device.id, actor=actor,
              detail={"version": stored.version, "previous": plan.previous_version,
                      "file": path.name,
                      "answers_affected": sum(c.answers_affected for c in plan.changes)})
    return stored.form_id


def set_retired(store: Store, form_id: str, retired: bool, actor: str = "") -> None:
    """Retire a form (laptops start no new interviews with it after the next pack; what
    was collected stays, in exports too) or bring it back. Audited."""

    project = coordinator_project(store)
    device = ensure_local_device(store)
    with store.session() as session:
        changed = session.execute(update(Form).where(
            Form.project_id == project.id, Form.form_id == form_id).values(retired=retired))
        if not changed.rowcount:  # type: ignore[attr-defined]
            raise UsageError(_("The project has no form {form}.").format(form=form_id))
        audit(session, "form-retired" if retired else "form-restored", object_type="form",
              object_id=form_id, device_id=device.id, actor=actor, detail={})


def scratch_interview(store: Store, form_id: str, folder: Path, ui_language: str,
                      label: str) -> tuple[Store, InterviewHandle, str]:
    """A throw-away store in ``folder`` holding the newest version of ``form_id`` and a
    started interview of it, for *Try it*: the form runs exactly as on a laptop, and
    nothing reaches the project's store. Returns (scratch store, interview, title);
    the caller closes the store and removes the folder."""

    project = coordinator_project(store)
    with store.session() as session:
        row = session.scalars(select(Form).where(
            Form.project_id == project.id, Form.form_id == form_id)
            .order_by(Form.id.desc())).first()
        if row is None:
            raise UsageError(_("The project has no form {form}.").format(form=form_id))
        source, name, title = row.source, row.source_name or "form.xml", row.title
    source_file = folder / Path(name).name
    source_file.write_bytes(source)
    scratch = open_store(f"sqlite:///{folder / 'try.sqlite3'}")
    try:
        ensure_local_device(scratch)
        stored = add_form(scratch, current_project(scratch).id, source_file)
        with scratch.session() as session:
            languages = runtime_form(session, stored.pk)[1].languages
        language = form_language(languages, ui_language) or (languages[0] if languages else "")
        handle = start_interview(scratch, form_pk=stored.pk, respondent_language=language,
                                 label=label, consent=Consent("verbal"))
    except BaseException:
        scratch.close()
        raise
    return scratch, handle, title or form_id
