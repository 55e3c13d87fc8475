"""Subject access: what the store holds about a person, as machine-readable JSON and
as a printable page (HTML for Qt's rich-text engine, which the GUI prints to PDF) in
the person's language (F13)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any

from fieldkit.errors import UsageError
from fieldkit.forms.language_names import language_code
from fieldkit.i18n import N_, _, catalog, is_rtl, normalize
from fieldkit.privacy.held import KIND_NAMES, HeldField, HeldRecord, record_fields
from fieldkit.privacy.people import person_by_id
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.models import Project
from fieldkit.sync.audit import audit
from fieldkit.sync.project_role import coordinator_project

__all__ = ["AccessReport", "HeldEntry", "access_html", "access_json", "subject_access"]

#: The JSON's format name and version (documented in the README).
FORMAT = "fieldkit-subject-access"
VERSION = 1

_TITLE = N_("What we hold about you")
_INTRO = N_("This is every record {organisation} holds about you in the project "
            "{project}, as of {day}. You may ask us to correct anything that is wrong, or "
            "to erase it.")
_RECORD = N_("Record {n}: {kind}, recorded on {day}")
_FIELD = N_("Question")
_VALUE = N_("What we hold")
_NONE = N_("We hold no records about you in this project.")


@dataclass(frozen=True)
class HeldEntry:
    record: HeldRecord
    fields: tuple[HeldField, ...]


@dataclass(frozen=True)
class AccessReport:
    person_id: str
    name: str
    project: str
    organisation: str
    language: str  # interface language code the report is written in
    made_at: datetime
    entries: tuple[HeldEntry, ...]


def _person_language(records: Sequence[HeldRecord]) -> str:
    """The language the person was interviewed in most often (as a code), or ""."""
    codes = Counter(code for r in records if r.language
                    and (code := language_code(r.language, bare=True)))
    return normalize(codes.most_common(1)[0][0]) if codes else ""


def subject_access(store: Store, person_id: str, *, language: str | None = None,
                   only: Sequence[str] = (), actor: str = "") -> AccessReport:
    """Everything held about ``person_id`` (their records, or those in ``only``), in
    ``language`` (default: the language they were interviewed in). Audited: who
    looked, at whose records; not what they hold."""
    project = coordinator_project(store)
    device = ensure_local_device(store)
    with store.session() as session:
        person = person_by_id(session, project.id, person_id)
        records = person.chosen(only)
        lang = language or _person_language(records) or "en"
        if not lang.strip():
            raise UsageError(_("--lang: give a language code, e.g. pl or ckb."))
        entries = tuple(HeldEntry(r, tuple(record_fields(session, r, lang)))
                        for r in records)
        organisation = session.get_one(Project, project.id).organisation
        audit(session, "subject-access", object_type="person", object_id=person.id,
              device_id=device.id, actor=actor,
              detail={"records": [r.interview_uuid for r in records], "language": lang})
    return AccessReport(person.id, person.name, project.name, organisation, lang,
                        datetime.now(UTC), entries)


def access_json(report: AccessReport) -> dict[str, Any]:
    """The machine-readable copy (stable keys; see the README)."""
    return {
        "format": FORMAT, "version": VERSION, "person": report.person_id,
        "name": report.name, "project": report.project,
        "organisation": report.organisation, "language": report.language,
        "made_at": report.made_at.isoformat(),
        "records": [{
            "ref": e.record.ref, "kind": str(e.record.kind), "form": e.record.form_id,
            "interview": e.record.interview_uuid, "scope": e.record.scope,
            "recorded_at": e.record.created_at.isoformat(),
            "fields": [{"path": f.path, "question": f.label, "value": f.value,
                        "shown": f.shown, "personal": f.personal} for f in e.fields],
        } for e in report.entries],
    }


def access_html(report: AccessReport) -> str:
    """The printable page, every sentence in the report's language."""
    tr = catalog(report.language).gettext
    direction = "rtl" if is_rtl(report.language) else "ltr"
    day = report.made_at.date().isoformat()
    parts = [f"<h1>{escape(tr(_TITLE))}</h1>",
             f"<p><b>{escape(report.name)}</b></p>",
             "<p>" + escape(tr(_INTRO).format(
                 organisation=report.organisation or report.project,
                 project=report.project, day=day)) + "</p>"]
    if not report.entries:
        parts.append(f"<p>{escape(tr(_NONE))}</p>")
    for n, entry in enumerate(report.entries, 1):
        heading = tr(_RECORD).format(n=n, kind=tr(KIND_NAMES[entry.record.kind]),
                                     day=entry.record.created_at.date().isoformat())
        parts.append(f"<h3>{escape(heading)}</h3>")
        rows = "".join(f"<tr><td>{escape(f.label)}</td><td>{escape(f.shown)}</td></tr>"
                       for f in entry.fields)
        parts.append('<table border="1" cellspacing="0" cellpadding="4" width="100%">'
                     f"<tr><th>{escape(tr(_FIELD))}</th><th>{escape(tr(_VALUE))}</th></tr>"
                     f"{rows}</table>")
    return f'<html><body dir="{direction}">{"".join(parts)}</body></html>'
