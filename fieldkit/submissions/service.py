"""Coordinator: import ODK submission instances as finalized interviews.

Each instance is checked completely before the store is touched, then written in
one transaction of its own (interview row, answer rows, the import record, the
audit event), so a bad file in a batch costs only itself and leaves nothing behind.
Answers are made the way an interview typed in fieldkit makes them: a form session
is built from the instance and its rows taken with ``repeat_rows.start_rows``, so a
roster member becomes a repeat instance with a row per leaf, exactly as typed.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from fieldkit.errors import EnvironmentProblem, OptionError
from fieldkit.forms import Form, FormSession, SessionError
from fieldkit.forms.errors import FormError
from fieldkit.i18n import _
from fieldkit.interviews import repeat_rows
from fieldkit.interviews.answer_rows import write_answers
from fieldkit.interviews.attachments import attachment_folder
from fieldkit.interviews.audit import add_event
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.cipher import attachments_key
from fieldkit.store.models import (
    Answer,
    ImportedSubmission,
    Interview,
    Interviewer,
    new_uuid,
    utcnow,
)
from fieldkit.store.models import Form as FormRow
from fieldkit.submissions.instance import (
    CheckedInstance,
    InstanceHead,
    Rejected,
    check_instance,
    parse_moment,
    peek_instance_id,
    read_instance,
)
from fieldkit.submissions.sources import Candidate, SourceProblem, find_candidates
from fieldkit.sync.duplicates import flag_duplicates

__all__ = ["SOURCE", "SubmissionReport", "import_submissions"]

#: How an imported interview's origin is recorded (import record and audit event).
SOURCE = "ODK submission"
AUDIT_ACTION = "import_submission"
_UNSAFE = re.compile(r"[^\w.-]+")
_BINARY_TYPES = frozenset({"image", "audio", "video", "file", "osm", "signature",
                           "background-audio"})


class NotASubmission(Rejected):
    """An XML file that is no submission at all (a form definition)."""


@dataclass(frozen=True)
class SubmissionReport:
    """What happened to one file. ``status``: imported, unchanged or rejected."""

    file: str
    status: str
    reason: str = ""
    instance_id: str = ""
    form_id: str = ""
    form_version: str = ""
    interview: str = ""
    attachments: int = 0
    attachments_missing: tuple[str, ...] = ()
    #: Open duplicate-household flags the imported interview is in.
    duplicates: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "status": self.status, "reason": self.reason,
                "instance_id": self.instance_id, "form_id": self.form_id,
                "form_version": self.form_version, "interview": self.interview,
                "attachments": self.attachments,
                "attachments_missing": list(self.attachments_missing),
                "duplicates": self.duplicates}


@dataclass
class _Run:
    store: Store
    project_id: str
    device_id: str
    only_form: str | None
    attachments_root: Path | None
    #: {form_id: [(version, pk)]} of the project's forms.
    forms: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    parsed: dict[int, Form] = field(default_factory=dict)
    #: {instance id: interview} of the project's imported submissions (read once,
    #: kept up to date by the run; a concurrent import is caught by the key).
    imported: dict[str, str] = field(default_factory=dict)
    #: Instance ids of interviews typed in fieldkit, per form pk (loaded when needed).
    native_ids: dict[int, dict[str, str]] = field(default_factory=dict)
    roster: dict[str, str] = field(default_factory=dict)


def _project_forms(run: _Run) -> None:
    with run.store.session() as db:
        for pk, form_id, version in db.execute(
                select(FormRow.id, FormRow.form_id, FormRow.version)
                .where(FormRow.project_id == run.project_id).order_by(FormRow.id)):
            run.forms.setdefault(form_id, []).append((version or "", pk))
        for iid, name in db.execute(select(Interviewer.id, Interviewer.name)
                                    .where(Interviewer.project_id == run.project_id)):
            run.roster.setdefault(name.strip().casefold(), iid)
        for instance_id, uuid in db.execute(
                select(ImportedSubmission.instance_id, ImportedSubmission.interview_uuid)
                .where(ImportedSubmission.project_id == run.project_id)):
            run.imported[instance_id] = uuid


def _form_of(run: _Run, head: InstanceHead) -> tuple[int, Form]:
    form_id = head.form_id
    if run.only_form is not None:
        if form_id is None:
            form_id = run.only_form
        elif form_id != run.only_form:
            raise Rejected(_("it belongs to form '{found}', not '{wanted}' (--form)").format(
                found=form_id, wanted=run.only_form))
    if not form_id:
        raise Rejected(_("its root <{root}> has no form id; name the form with --form ID")
                       .format(root=head.root.tag.rpartition("}")[2]))
    versions = run.forms.get(form_id)
    if not versions:
        raise Rejected(_("form '{form}' is not in this project; add it to the project "
                         "first").format(form=form_id))
    version = head.version
    if version is None:
        if len(versions) != 1:
            raise Rejected(_("it names no version, and this project has form '{form}' in "
                             "several ({versions})").format(
                form=form_id, versions=", ".join(v or "-" for v, _pk in versions)))
        pk = versions[0][1]
    else:
        found = [pk for v, pk in versions if v == version]
        if not found:
            raise Rejected(_("form '{form}' version '{version}' is not in this project "
                             "(it has version {versions})").format(
                form=form_id, version=version,
                versions=", ".join(v or "-" for v, _pk in versions)))
        pk = found[0]
    form = run.parsed.get(pk)
    if form is None:
        with run.store.session() as db:
            try:
                _ref, form = runtime_form(db, pk)
            except FormError as exc:
                raise Rejected(_("form '{form}' cannot be read ({reason})").format(
                    form=form_id, reason=exc)) from exc
        run.parsed[pk] = form
    return pk, form


def _already(run: _Run, pk: int, form: Form, instance_id: str) -> str | None:
    """The interview that already holds ``instance_id``: an earlier import, or an
    interview typed in fieldkit (its own instanceID answer)."""
    found = run.imported.get(instance_id)
    if found is not None:
        return found
    native = run.native_ids.get(pk)
    if native is None:
        path = f"/{form.root_name}/meta/instanceID"
        with run.store.session() as db:
            native = run.native_ids[pk] = {
                value or "": uuid for uuid, value in db.execute(
                    select(Answer.interview_uuid, Answer.value)
                    .join(Interview, Interview.uuid == Answer.interview_uuid)
                    .where(Answer.path == path, Interview.form_pk == pk,
                           Answer.value.is_not(None)))}
    return native.get(instance_id)


def _recorded(run: _Run, instance_id: str) -> str | None:
    """The interview an import recorded for ``instance_id`` in the store (after a
    concurrent import won the race)."""
    with run.store.session() as db:
        found = db.scalar(select(ImportedSubmission.interview_uuid).where(
            ImportedSubmission.project_id == run.project_id,
            ImportedSubmission.instance_id == instance_id))
    if found is not None:
        run.imported[instance_id] = found
    return found


def _preload_paths(form: Form, preload: str, params: str) -> tuple[str, ...]:
    return tuple(path for path, bind in form.binds.items()
                 if bind.preload == preload and (bind.preload_params or "") == params)


def _named(form: Form, names: Iterable[str]) -> tuple[str, ...]:
    wanted = set(names)
    root = f"/{form.root_name}/"
    return tuple(p for p in form.questions
                 if p.rpartition("/")[2] in wanted
                 and p.count("/") <= 3 and p.startswith(root))


@dataclass(frozen=True)
class _Times:
    start: datetime
    end: datetime


def _times(form: Form, checked: CheckedInstance, now: datetime) -> _Times:
    start = parse_moment(checked.first(
        _preload_paths(form, "timestamp", "start") + _named(form, ["start", "timeStart"])
        + _preload_paths(form, "date", "today") + _named(form, ["today"])))
    end = parse_moment(checked.first(
        _preload_paths(form, "timestamp", "end") + _named(form, ["end", "timeEnd"])))
    start = start or end or now
    return _Times(start, end if end is not None and end >= start else start)


def _binary_paths(form: Form, rows: Mapping[str, str | None]) -> list[str]:
    out = []
    for path, value in rows.items():
        if not value:
            continue
        template = repeat_rows.template_path(path)
        question = form.questions.get(template)
        bind = form.binds.get(template)
        if (question is not None and question.type in _BINARY_TYPES) or \
                (bind is not None and bind.type == "binary"):
            out.append(path)
    return out


def _stored_name(name: str, taken: set[str]) -> str:
    """The attachment's own name when it is a plain file name (so exports show what
    the instance said), else a cleaned one; unique within the interview."""
    clean = name if name == _UNSAFE.sub("_", name) and not name.startswith(".") else \
        (_UNSAFE.sub("_", name).strip("._")[:80] or "file")
    candidate, n = clean, 1
    while candidate in taken:
        n += 1
        stem, dot, suffix = clean.rpartition(".")
        candidate = f"{stem}-{n}.{suffix}" if dot and stem else f"{clean}-{n}"
    taken.add(candidate)
    return candidate


@dataclass
class _Files:
    """Attachments to copy in: {stored name: bytes}, and names the instance gave
    that were not beside it."""

    data: dict[str, bytes] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def _attachments(form: Form, rows: dict[str, str | None], candidate: Candidate) -> _Files:
    files = _Files()
    taken: set[str] = set()
    for path in _binary_paths(form, rows):
        name = rows[path] or ""
        loader = candidate.attachments.get(name)
        if loader is None:
            files.missing.append(name)
            continue
        try:
            data = loader()
        except SourceProblem as exc:
            raise Rejected(_("attachment {name}: {problem}").format(name=name,
                                                                    problem=exc)) from exc
        stored = _stored_name(name, taken)
        files.data[stored] = data
        rows[path] = stored
    return files


def _empty_roster_rows(session: FormSession, form: Form) -> dict[str, str | None]:
    """Tombstones for the first instance of each editable repeat the instance left
    empty, as fieldkit writes when an interviewer removes the last member: without
    them, reopening the interview would bring back the form's template member."""
    out: dict[str, str | None] = {}
    for repeat in repeat_rows.editable_repeats(form):
        for coll in repeat_rows.collections(session, form, repeat):
            if session.repeat_count(coll) == 0:
                for suffix in repeat_rows.instance_leaves(form, coll):
                    out[f"{coll}[1]{suffix}"] = None
    return out


def _rows(form: Form, data: bytes, collected: Mapping[str, str], device_id: str,
          username: str) -> dict[str, str | None]:
    try:
        session = FormSession.from_xml(form, data, device_id=device_id,
                                       properties={"username": username})
    except SessionError as exc:
        raise Rejected(str(exc)) from exc
    rows: dict[str, str | None] = dict(repeat_rows.start_rows(session, form))
    rows.update(_empty_roster_rows(session, form))
    # A calculation is what the device worked out when the data were collected
    # (now(), random(), once(...) give another answer today): keep the instance's.
    for path, value in collected.items():
        bind = form.binds.get(repeat_rows.template_path(path))
        if bind is not None and bind.calculate is not None and (
                path in rows or _relevant(session, path)):
            rows[path] = value
    return rows


def _relevant(session: FormSession, path: str) -> bool:
    try:
        return session.relevant(path)
    except SessionError:
        return False


def _write_files(root: Path, uuid: str, files: _Files, key: bytes | None) -> Path | None:
    if not files.data:
        return None
    folder = attachment_folder(root, uuid)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.data.items():
            if key is not None:  # an encrypted store's attachments are encrypted (F13)
                from fieldkit.vault.sealed import write_sealed

                write_sealed(folder / name, data, key)
            else:
                (folder / name).write_bytes(data)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise EnvironmentProblem(_("{folder}: the attachments could not be written here "
                                   "({reason}).").format(folder=folder,
                                                         reason=exc.strerror or exc)) from exc
    return folder


def _import_one(run: _Run, candidate: Candidate, known: dict[str, str]
                ) -> SubmissionReport | None:
    """Import one candidate; ``known`` is filled with its form and instance id as
    they are read (for the report if it is then refused)."""
    label = candidate.label
    if candidate.data is None:
        return SubmissionReport(label, "rejected", candidate.problem)
    head = read_instance(candidate.data)
    if head.is_form_definition:
        raise NotASubmission(_("this is a form definition (XForm), not a submission"))
    if head.root.get("encrypted", "").lower() == "yes":
        raise Rejected(_("an encrypted submission; decrypt it first (ODK Briefcase "
                         "export with the form's private key)"))
    known["instance_id"] = peek_instance_id(head.root)
    known["form_id"] = head.form_id or run.only_form or ""
    known["form_version"] = version = head.version or ""
    pk, form = _form_of(run, head)
    checked = check_instance(form, head.root)
    known["instance_id"] = checked.instance_id
    base = SubmissionReport(label, "unchanged", instance_id=checked.instance_id,
                            form_id=form.form_id, form_version=version)
    existing = _already(run, pk, form, checked.instance_id)
    if existing is not None:
        return _with(base, interview=existing)
    username = checked.first(_preload_paths(form, "property", "username")
                             + _named(form, ["username"]))
    odk_device = checked.first(_preload_paths(form, "property", "deviceid")
                               + _named(form, ["deviceid"]))
    rows = _rows(form, candidate.data, checked.values, odk_device, username)
    files = _attachments(form, rows, candidate)
    now = utcnow()
    times = _times(form, checked, now)
    interviewer_id = run.roster.get(username.casefold()) or run.roster.get(
        odk_device.casefold())
    instance_name = checked.first((f"/{form.root_name}/meta/instanceName",))
    uuid = new_uuid()
    folder = _write_files(run.attachments_root, uuid, files,
                          attachments_key(run.store.engine)) \
        if run.attachments_root is not None else None
    if run.attachments_root is None:
        files.missing.extend(files.data)
    try:
        with run.store.durable_session() as db:
            db.add(Interview(uuid=uuid, project_id=run.project_id, form_pk=pk,
                             status="finalized", label=instance_name[:500],
                             respondent_language="",  # ODK instances do not say
                             interviewer_id=interviewer_id, device_id=run.device_id,
                             created_at=times.start, updated_at=now,
                             finalized_at=times.end))
            db.flush()
            write_answers(db, uuid, run.device_id, rows, now)
            # Likely duplicate households, as for a bundle's (for people to review).
            duplicates = flag_duplicates(db, run.project_id, [uuid])
            db.add(ImportedSubmission(project_id=run.project_id,
                                      instance_id=checked.instance_id,
                                      interview_uuid=uuid, source=SOURCE,
                                      file_name=label[-1000:], username=username[:200],
                                      odk_device=odk_device[:200], imported_at=now))
            db.flush()
            add_event(db, action=AUDIT_ACTION, uuid=uuid, actor="",
                      device_id=run.device_id, at=now,
                      detail={"source": SOURCE, "file": label, "form_id": form.form_id,
                              "form_version": version, "instance_id": checked.instance_id,
                              "username": username, "deviceid": odk_device,
                              "attachments": len(files.data),
                              "attachments_missing": len(files.missing)})
    except IntegrityError:
        # The same instance imported at this moment by someone else (shared store).
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        existing = _recorded(run, checked.instance_id)
        if existing is None:
            raise
        return _with(base, interview=existing)
    except BaseException:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    run.imported[checked.instance_id] = uuid
    return _with(base, status="imported", interview=uuid, attachments=len(files.data),
                 attachments_missing=tuple(files.missing), duplicates=duplicates)


def _with(report: SubmissionReport, **changes: Any) -> SubmissionReport:
    return replace(report, **changes)


def _candidate_reports(run: _Run, path: Path, on_file: Callable[[SubmissionReport], None],
                       cancelled: Callable[[], bool]) -> list[SubmissionReport]:
    reports: list[SubmissionReport] = []
    try:
        for candidate in find_candidates(path):
            if cancelled():
                return reports
            known: dict[str, str] = {}
            try:
                report = _import_one(run, candidate, known)
            except NotASubmission as exc:
                if not candidate.alone:
                    continue  # Briefcase keeps the form beside its instances
                report = SubmissionReport(candidate.label, "rejected", str(exc))
            except Rejected as exc:
                report = SubmissionReport(
                    candidate.label, "rejected", str(exc),
                    instance_id=known.get("instance_id", ""),
                    form_id=known.get("form_id", ""),
                    form_version=known.get("form_version", ""))
            if report is not None:
                reports.append(report)
                on_file(report)
    except SourceProblem as exc:
        reports.append(SubmissionReport(str(path), "rejected", str(exc)))
        on_file(reports[-1])
        return reports
    if not reports:
        reports.append(SubmissionReport(str(path), "rejected",
                                        _("no ODK submission found here")))
        on_file(reports[-1])
    return reports


def import_submissions(store: Store, paths: Sequence[Path], *, form_id: str | None = None,
                       attachments_root: Path | None = None,
                       on_file: Callable[[SubmissionReport], None] | None = None,
                       cancelled: Callable[[], bool] | None = None
                       ) -> list[SubmissionReport]:
    """Import every submission instance under ``paths`` into the coordinator's
    project; one report per instance file (or per path that holds none). Attachments
    are copied under ``attachments_root`` (the data folder's ``attachments``);
    ``on_file`` is called after each file (progress); when ``cancelled()`` turns
    true the import stops before the next file (each file is all or nothing)."""
    from fieldkit.sync.project import coordinator_project

    project = coordinator_project(store)
    run = _Run(store, project.id, ensure_local_device(store).id, form_id, attachments_root)
    _project_forms(run)
    if form_id is not None and form_id not in run.forms:
        raise OptionError("--form", _("there is no form '{form}' in this project").format(
            form=form_id))
    reports: list[SubmissionReport] = []
    stop = cancelled or (lambda: False)
    for path in paths:
        if stop():
            break
        reports.extend(_candidate_reports(run, path, on_file or (lambda _r: None), stop))
    return reports

