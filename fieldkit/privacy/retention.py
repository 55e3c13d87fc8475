"""How long personal fields are kept at the coordinator after fieldwork ends (F13).

Per project: a number of months after the last day of fieldwork. When it has passed,
every personal field (the form's ``sensitive`` questions, consent given by someone
for someone, the interview labels) is pseudonymised in place: replaced by the same
keyed pseudonym an export's ``--pseudonymise`` writes, so counts, cross-tabulations
and the linking of a value across records keep working, while the value itself is
gone. A date of birth keeps only its year (ages and age bands still work). It is
audited (how many fields; never which values), and a month before it is due the
command line and the app warn. Laptops already purge after receipts (F4).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from fieldkit.answer_paths import is_form_path
from fieldkit.errors import UsageError
from fieldkit.exports.layout import is_personal
from fieldkit.exports.personal import SECRET_NAME, pseudonymiser
from fieldkit.forms.model import Form as RuntimeForm
from fieldkit.i18n import _, ngettext
from fieldkit.interviews.consent import GIVEN_BY_PATH
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.privacy.held import field_question
from fieldkit.privacy.rewrite import rewrite_values
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.models import Answer, Interview, SyncProject
from fieldkit.store.scrub import secure_delete, truncate_log
from fieldkit.store.secrets import get_or_create_secret
from fieldkit.sync.audit import audit
from fieldkit.sync.project_role import coordinator_project

__all__ = ["WARN_DAYS", "RetentionStatus", "apply_retention", "retention_status",
           "retention_warning", "set_retention"]

#: How long before the date the warning shows.
WARN_DAYS = 30
_PSEUDONYM = re.compile(r"P-[A-Z2-7]{16}")


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class RetentionStatus:
    months: int | None
    fieldwork_ends: date | None
    #: The day personal fields are pseudonymised (None: no period or no end date).
    due_on: date | None
    done_at: datetime | None
    today: date

    @property
    def due(self) -> bool:
        return self.due_on is not None and self.done_at is None and self.today >= self.due_on

    @property
    def days_left(self) -> int | None:
        return None if self.due_on is None else (self.due_on - self.today).days

    @property
    def warn(self) -> bool:
        """Within a month of the date (or past it) and not yet done."""
        left = self.days_left
        return left is not None and self.done_at is None and left <= WARN_DAYS


def retention_status(store: Store, today: date | None = None) -> RetentionStatus:
    project = coordinator_project(store)
    today = today or datetime.now(UTC).date()
    with store.session() as session:
        sync = session.get_one(SyncProject, project.id)
        due = (add_months(sync.fieldwork_ends, sync.personal_months)
               if sync.fieldwork_ends is not None and sync.personal_months is not None
               else None)
        return RetentionStatus(sync.personal_months, sync.fieldwork_ends, due,
                               sync.pseudonymised_at, today)


def retention_warning(status: RetentionStatus, *, in_app: bool = False) -> str | None:
    """One line for the command line (or, ``in_app``, for the Privacy tab, which names
    its button rather than a command), or None when nothing is near."""
    if not status.warn or status.due_on is None:
        return None
    if status.due and in_app:
        return _("Retention: personal fields were due to be pseudonymised on {day}; "
                 "pseudonymise them now with Pseudonymise now….").format(
                     day=status.due_on.isoformat())
    if status.due:
        return _("Retention: personal fields were due to be pseudonymised on {day}; run "
                 "'fieldkit person retention --apply'.").format(day=status.due_on.isoformat())
    days = status.days_left or 0
    return ngettext("Retention: personal fields will be pseudonymised in {days} day, on "
                    "{day}; export anything you still need with names first.",
                    "Retention: personal fields will be pseudonymised in {days} days, on "
                    "{day}; export anything you still need with names first.",
                    days).format(days=days, day=status.due_on.isoformat())


def set_retention(store: Store, months: int | None, *, fieldwork_ends: date | None = None,
                  actor: str = "") -> RetentionStatus:
    """Set the period (None: keep personal fields until told otherwise) and, if
    given, the last day of fieldwork. Audited."""
    if months is not None and not 1 <= months <= 600:
        raise UsageError(_("--months: give a number of months from 1 to 600."))
    project = coordinator_project(store)
    device = ensure_local_device(store)
    with store.session() as session:
        sync = session.get_one(SyncProject, project.id)
        before = sync.personal_months
        sync.personal_months = months
        if fieldwork_ends is not None:
            sync.fieldwork_ends = fieldwork_ends
        audit(session, "set-retention", object_type="project", object_id=project.id,
              device_id=device.id, actor=actor,
              detail={"months": months, "was": before,
                      "fieldwork_ends": sync.fieldwork_ends.isoformat()
                      if sync.fieldwork_ends else None})
    return retention_status(store)


def _coarse_date(value: str) -> str:
    found = re.match(r"\s*(\d{4})-\d{2}-\d{2}", value)
    return f"{found.group(1)}-01-01" if found else value


def apply_retention(store: Store, *, actor: str = "", today: date | None = None,
                    force: bool = False) -> int:
    """Pseudonymise the project's personal fields in place if the period has passed
    (or ``force``); returns how many fields changed. Running it again changes
    nothing: pseudonyms are left as they are."""
    status = retention_status(store, today)
    if not force and not status.due:
        if status.due_on is None:
            raise UsageError(_("No retention period is set; use 'fieldkit person retention "
                               "--months N' (and the last day of fieldwork)."))
        raise UsageError(_("Personal fields are kept until {day}; nothing to do yet "
                           "(--force does it now).").format(day=status.due_on.isoformat()))
    project = coordinator_project(store)
    device = ensure_local_device(store)
    pseudonym = pseudonymiser(get_or_create_secret(store, project.id, SECRET_NAME))
    with store.session() as session:
        secure_delete(session)
        forms: dict[int, RuntimeForm] = {}
        changes: dict[tuple[str, str], str | None] = {}
        labels: dict[str, str] = {}
        rows = session.execute(select(Interview.uuid, Interview.form_pk, Interview.label)
                               .where(Interview.project_id == project.id)).all()
        pks = {uuid: pk for uuid, pk, _label in rows}
        for uuid, _pk, label in rows:
            if label and not _PSEUDONYM.fullmatch(label):
                labels[uuid] = pseudonym(label)
        for uuid, path, value in session.execute(
                select(Answer.interview_uuid, Answer.path, Answer.value).join(
                    Interview, Interview.uuid == Answer.interview_uuid)
                .where(Interview.project_id == project.id, Answer.value.is_not(None),
                       Answer.value != "")):
            if value is None or _PSEUDONYM.fullmatch(value):
                continue
            if path == GIVEN_BY_PATH:
                changes[(uuid, path)] = pseudonym(value)
                continue
            if not is_form_path(path):
                continue
            pk = pks[uuid]
            if pk not in forms:
                forms[pk] = runtime_form(session, pk)[1]
            question = field_question(forms[pk], path)
            if question is None or not is_personal(question):
                continue
            if question.type == "date":
                coarse = _coarse_date(value)
                if coarse != value:
                    changes[(uuid, path)] = coarse
            elif question.type not in ("integer", "decimal"):
                changes[(uuid, path)] = pseudonym(value)
        changed = rewrite_values(session, project.id, device.id, changes, labels)
        sync = session.get_one(SyncProject, project.id)
        sync.pseudonymised_at = datetime.now(UTC)
        audit(session, "retention-pseudonymise", object_type="project",
              object_id=project.id, device_id=device.id, actor=actor,
              detail={"fields": changed, "labels": len(labels),
                      "months": status.months, "forced": force and not status.due})
    truncate_log(store)
    return changed
