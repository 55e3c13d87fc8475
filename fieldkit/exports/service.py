"""The export service: what the command line and the Coordinator workspace call.

``run_export(store, request, progress=..., cancelled=...)`` writes the files of
``request`` (see :class:`ExportRequest`), records an ``export`` audit event and
returns an :class:`ExportResult`. ``progress(done, total)`` is called with the
interviews written so far; ``cancelled()`` is asked between batches, and when it
says True the export stops with :class:`ExportCancelled`, leaving no file behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from fieldkit.errors import FieldkitError, InvalidInput, UsageError
from fieldkit.exports.codebook import CodebookForm, write_codebook_markdown, write_codebook_xlsx
from fieldkit.exports.csv_files import write_csv_tables
from fieldkit.exports.labels import label_renderers, pick_language
from fieldkit.exports.layout import PERSONAL_META, ExportLayout, build_layout
from fieldkit.exports.options import (
    DEFAULT_STATUSES,
    FORMATS,
    PERSONAL_CHOICES,
    PersonalData,
)
from fieldkit.exports.output import Staging, staging
from fieldkit.exports.personal import SECRET_NAME, pseudonymiser
from fieldkit.exports.rows import InterviewMeta, Row, Transform, iter_rows, select_interviews
from fieldkit.exports.stats_files import write_stats_file
from fieldkit.exports.xlsx_file import SheetData, write_xlsx
from fieldkit.form_roles import role_of
from fieldkit.i18n import _
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.projects import current_project, ensure_local_device
from fieldkit.store import Store
from fieldkit.store.audit import record_event
from fieldkit.store.models import INTERVIEW_STATUSES
from fieldkit.store.models import Form as FormRow
from fieldkit.store.secrets import get_or_create_secret

__all__ = ["DEFAULT_STATUSES", "FORMATS", "ExportCancelled", "ExportRequest", "ExportResult",
           "run_export"]

Progress = Callable[[int, int], None]


class ExportCancelled(FieldkitError):
    """The user cancelled; nothing was written."""


@dataclass(frozen=True)
class ExportRequest:
    format: str  # an ExportFormat
    #: csv, sav, dta: a folder, or a file ending in .zip; xlsx: a file ending in .xlsx.
    out: Path
    #: form_ids to export; empty: every form with interviews in the selection.
    forms: tuple[str, ...] = ()
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    #: Only interviews started on or after this day (UTC).
    since: date | None = None
    #: Label language: a form language name (``Polski (pl)``) or its code (``pl``);
    #: None: the form's default language.
    language: str | None = None
    #: Fail when a form lacks ``language`` (True when the user named it explicitly).
    language_required: bool = False
    personal: str = PersonalData.KEEP  # a PersonalData
    choices: str = "codes"  # codes | labels (csv and xlsx)
    actor: str = ""
    #: Replace files of the same names already there (otherwise refused, exit 4).
    force: bool = False


@dataclass(frozen=True)
class FormExport:
    form_id: str
    versions: tuple[str, ...]
    interviews: int
    #: Table name -> rows written.
    tables: dict[str, int]
    language: str | None


@dataclass(frozen=True)
class ExportResult:
    format: str
    out: Path
    files: tuple[Path, ...]
    forms: tuple[FormExport, ...]
    personal: str
    choices: str
    statuses: tuple[str, ...]
    since: date | None = None
    interviews: int = field(default=0)

    def to_json(self) -> dict[str, object]:
        return {
            "ok": True, "format": self.format, "out": str(self.out),
            "files": [str(f) for f in self.files], "interviews": self.interviews,
            "personal": self.personal, "choices": self.choices,
            "statuses": list(self.statuses),
            "since": self.since.isoformat() if self.since else None,
            "forms": [{"form_id": f.form_id, "versions": list(f.versions),
                       "interviews": f.interviews, "language": f.language,
                       "tables": f.tables} for f in self.forms],
        }


def _check(request: ExportRequest) -> None:
    if request.format not in FORMATS:
        raise UsageError(_("Unknown export format {format}; choose one of {formats}.").format(
            format=request.format, formats=", ".join(FORMATS)))
    if request.personal not in PERSONAL_CHOICES:
        raise UsageError(_("Unknown choice for personal data: {value}.").format(
            value=request.personal))
    bad = [s for s in request.statuses if s not in INTERVIEW_STATUSES]
    if bad or not request.statuses:
        raise UsageError(_("--status {status}: choose from {statuses}.").format(
            status=",".join(bad), statuses=", ".join(INTERVIEW_STATUSES)))
    suffix = request.out.suffix.lower()
    if request.format == "xlsx" and suffix != ".xlsx":
        raise UsageError(_("--out {path}: an Excel export is one file; give a name ending in "
                           ".xlsx.").format(path=request.out))


def _forms(store: Store, project_id: str, wanted: Sequence[str]
           ) -> dict[str, list[tuple[int, str]]]:
    """form_id -> [(form_pk, version)] oldest first."""
    with store.session() as session:
        rows = session.execute(
            select(FormRow.form_id, FormRow.id, FormRow.version)
            .where(FormRow.project_id == project_id)
            .order_by(FormRow.form_id, FormRow.created_at, FormRow.id)).all()
    found: dict[str, list[tuple[int, str]]] = {}
    for form_id, pk, version in rows:
        found.setdefault(form_id, []).append((pk, version))
    unknown = [f for f in wanted if f not in found]
    if unknown:
        raise InvalidInput(_("--form {form}: this project has no such form; its forms are: "
                             "{forms}.").format(form=unknown[0],
                                                forms=", ".join(sorted(found)) or "-"))
    return {f: found[f] for f in (wanted or sorted(found))}


def _language(layout: ExportLayout, request: ExportRequest) -> str | None:

    lang = pick_language(layout, request.language)
    if lang is None:
        if request.language_required:
            raise InvalidInput(_("--label-lang {lang}: form {form} has no such language; it "
                                 "has: {languages}.").format(
                lang=request.language, form=layout.form_id,
                languages=", ".join(layout.languages) or "-"))
        return layout.default_language
    return lang


def _transforms(layout: ExportLayout, pseudonym: Transform | None
                ) -> dict[int, dict[int, Transform]]:
    if pseudonym is None:
        return {}
    out: dict[int, dict[int, Transform]] = {}
    for t, table in enumerate(layout.tables):
        for c, column in enumerate(table.columns):
            personal = (column.kind == "field" and column.field is not None
                        and column.field.personal) or column.meta in PERSONAL_META
            if personal:
                out.setdefault(t, {})[c] = pseudonym
    return out


def run_export(store: Store, request: ExportRequest, *, progress: Progress | None = None,
               cancelled: Callable[[], bool] | None = None) -> ExportResult:
    _check(request)
    project_id = current_project(store).id
    forms = _forms(store, project_id, request.forms)
    since = (datetime(request.since.year, request.since.month, request.since.day, tzinfo=UTC)
             if request.since else None)
    plans: list[tuple[ExportLayout, list[InterviewMeta], str | None]] = []
    with store.session() as session:
        for form_id, versions in forms.items():
            # Records (see form_roles) stay drafts for weeks: exported at any status.
            # Those emptied when they left the project pack are not records of this
            # laptop.
            records = role_of(form_id).exported_at_any_status
            statuses = INTERVIEW_STATUSES if records else request.statuses
            interviews = select_interviews(session, project_id, [pk for pk, _v in versions],
                                           statuses, since, with_answers=records)
            if not interviews and not request.forms:
                continue
            parsed = [(pk, version, runtime_form(session, pk)[1]) for pk, version in versions]
            layout = build_layout(form_id, parsed,
                                  drop_personal=request.personal == PersonalData.DROP)
            plans.append((layout, interviews, _language(layout, request)))
    total = sum(len(p[1]) for p in plans)
    if total == 0:
        raise InvalidInput(_("Nothing to export: no interviews of {forms} with status {statuses}"
                             "{since}. Check --form, --status and --since.").format(
            forms=", ".join(request.forms) or _("any form"),
            statuses=", ".join(request.statuses),
            since=_(" started on or after {day}").format(day=request.since)
            if request.since else ""))
    pseudonym = (pseudonymiser(get_or_create_secret(store, project_id, SECRET_NAME))
                 if request.personal == PersonalData.PSEUDONYMISE else None)
    out = request.out
    as_zip = out.suffix.lower() == ".zip"
    as_folder = request.format != "xlsx" and not as_zip
    exported: list[FormExport] = []
    codebook: list[CodebookForm] = []
    done_before = 0

    def on_batch(done: int) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled(_("The export was cancelled; nothing was written."))
        if progress is not None:
            progress(done_before + done, total)

    if progress is not None:
        progress(0, total)
    with staging(out, as_zip=as_zip, as_folder=as_folder, force=request.force) as stage:
        sheets: list[SheetData] = []
        for layout, interviews, lang in plans:
            with store.session() as session:
                rows = iter_rows(session, layout, interviews, _transforms(layout, pseudonym),
                                 on_batch)
                counts = _write_form(request, stage, layout, rows, lang=lang, sheets=sheets)
            done_before += len(interviews)
            exported.append(FormExport(layout.form_id, tuple(sorted(set(
                layout.versions.values()))), len(interviews),
                {t.name: n for t, n in zip(layout.tables, counts, strict=True)}, lang))
            codebook.append(CodebookForm(layout, lang, len(interviews), counts,
                                         request.personal))
        if request.format == "xlsx":

            write_xlsx(stage.path(out.name), sheets)
        prefix = "" if as_folder or as_zip else f"{out.stem}-"
        write_codebook_xlsx(stage.path(f"{prefix}codebook.xlsx"), codebook)
        write_codebook_markdown(stage.path(f"{prefix}codebook.md"), codebook)
        if cancelled is not None and cancelled():
            raise ExportCancelled(_("The export was cancelled; nothing was written."))
        result = ExportResult(request.format, out, (), tuple(exported), request.personal,
                              request.choices, tuple(request.statuses), request.since, total)
        device_id = ensure_local_device(store).id
        # The audit event and the files go together: a failed rename rolls it back.
        with store.session() as session:
            record_event(session, "export", object_type="project", object_id=project_id,
                         device_id=device_id, actor=request.actor,
                         detail={**result.to_json(), "files": stage.names})
            session.flush()
            files = stage.commit()
    return ExportResult(request.format, out, tuple(files), tuple(exported), request.personal,
                        request.choices, tuple(request.statuses), request.since, total)


def _write_form(request: ExportRequest, stage: Staging, layout: ExportLayout,
                rows: Iterable[Row], *, lang: str | None, sheets: list[SheetData]
                ) -> list[int]:
    renderers = label_renderers(layout, lang) if request.choices == "labels" else {}
    if request.format == "csv":

        return write_csv_tables(stage, layout, rows, renderers)
    collected: list[list[list[str]]] = [[] for _t in layout.tables]
    for table, values in rows:
        collected[table].append(values)
    if request.format == "xlsx":
        for t, table_rows in enumerate(collected):
            for values in table_rows:
                for column, fn in renderers.get(t, {}).items():
                    if values[column]:
                        values[column] = fn(values[column])
            sheets.append(SheetData(layout, t, lang, table_rows))
    else:

        for t, table_rows in enumerate(collected):
            name = f"{layout.tables[t].name}.{request.format}"
            write_stats_file(stage.path(name), request.format, layout, t, table_rows, lang=lang)
    return [len(r) for r in collected]
