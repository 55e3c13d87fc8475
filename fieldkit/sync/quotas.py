"""Quotas as the coordinator edits them: change or remove a target, the last day of
fieldwork, and whether each quota can still be met at the pace fieldwork is going.

A quota "can no longer be met" when what is left of it needs more finalized
interviews a day than the whole team finalized a day of that form over the last four
weeks (or fieldwork has ended short of it). That rule is plain enough to explain on
screen, and it only warns once there is a pace to go by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from fieldkit.errors import FieldkitError, UsageError
from fieldkit.forms.language_names import form_language
from fieldkit.forms.model import OutputRef
from fieldkit.i18n import _
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.models import Form, Interview, SyncProject, SyncQuota
from fieldkit.sync.audit import audit
from fieldkit.sync.project import coordinator_project
from fieldkit.sync.review import QuotaProgress, quota_progress

__all__ = ["PACE_DAYS", "QuotaField", "QuotaForm", "QuotaOutlook", "fieldwork_end",
           "quota_forms", "quota_outlooks", "remove_quota",
           "set_fieldwork_end", "update_quota"]

#: The window the pace is measured over.
PACE_DAYS = 28
_DONE = ("finalized", "sent", "receipted")


@dataclass(frozen=True)
class QuotaOutlook:
    progress: QuotaProgress
    #: Days of fieldwork left, today included (None: no end date set).
    days_left: int | None
    #: Finalized interviews of the quota's form a day over the last PACE_DAYS days.
    pace: float
    #: Interviews a day the rest of the quota needs (None: no end date, or met).
    needed_per_day: float | None
    #: True when the rest cannot be done in the days left at the form's pace.
    at_risk: bool

    @property
    def remaining(self) -> int:
        return max(0, self.progress.target - self.progress.done)


def fieldwork_end(store: Store) -> date | None:
    project = coordinator_project(store)
    with store.session() as session:
        return session.get_one(SyncProject, project.id).fieldwork_ends


def set_fieldwork_end(store: Store, day: date | None, actor: str = "") -> None:
    """Set (or clear, with None) the last day of fieldwork. Audited."""

    project = coordinator_project(store)
    device = ensure_local_device(store)
    with store.session() as session:
        sync = session.get_one(SyncProject, project.id)
        sync.fieldwork_ends = day
        audit(session, "fieldwork-end", object_type="project", object_id=project.id,
              device_id=device.id, actor=actor,
              detail={"fieldwork_ends": day.isoformat() if day else None})


def _quota(store: Store, quota_id: int) -> SyncQuota:
    project = coordinator_project(store)
    with store.session() as session:
        quota = session.get(SyncQuota, quota_id)
        if quota is None or quota.project_id != project.id:
            raise UsageError(_("Quota {id} does not exist (any more).").format(id=quota_id))
        return quota


def update_quota(store: Store, quota_id: int, *, target: int, actor: str = "") -> None:
    """Change a quota's target. Audited."""

    if target <= 0:
        raise UsageError(_("--target: give a number above 0."))
    _quota(store, quota_id)
    device = ensure_local_device(store)
    with store.session() as session:
        quota = session.get_one(SyncQuota, quota_id)
        old = quota.target
        quota.target = target
        audit(session, "quota-target", object_type="quota", object_id=str(quota_id),
              device_id=device.id, actor=actor, detail={"from": old, "to": target})


def remove_quota(store: Store, quota_id: int, actor: str = "") -> None:
    """Remove a quota (the interviews counted for it stay). Audited."""

    _quota(store, quota_id)
    device = ensure_local_device(store)
    with store.session() as session:
        quota = session.get_one(SyncQuota, quota_id)
        detail = {"form_id": quota.form_id, "path": quota.path, "value": quota.value,
                  "target": quota.target}
        session.delete(quota)
        audit(session, "quota-removed", object_type="quota", object_id=str(quota_id),
              device_id=device.id, actor=actor, detail=detail)


def _paces(store: Store, project_id: str, today: date) -> dict[str, float]:
    """Finalized interviews a day per form id over the PACE_DAYS days up to today."""
    start = datetime.combine(today - timedelta(days=PACE_DAYS - 1), time.min, tzinfo=UTC)
    with store.session() as session:
        rows = session.execute(
            select(Form.form_id, func.count()).select_from(Interview)
            .join(Form, Form.id == Interview.form_pk)
            .where(Interview.project_id == project_id, Interview.status.in_(_DONE),
                   Interview.finalized_at >= start)
            .group_by(Form.form_id)).all()
    return {form_id: count / PACE_DAYS for form_id, count in rows}


def quota_outlooks(store: Store, today: date) -> list[QuotaOutlook]:
    """Every quota with its progress and whether it can still be met by the end of
    fieldwork (see the module's docstring for the rule)."""
    project = coordinator_project(store)
    ends = fieldwork_end(store)
    paces = _paces(store, project.id, today)
    days_left = None if ends is None else max(0, (ends - today).days + 1)
    out = []
    for progress in quota_progress(store):
        pace = paces.get(progress.form_id, 0.0)
        remaining = max(0, progress.target - progress.done)
        needed = None
        at_risk = False
        if days_left is not None and remaining:
            if days_left == 0:
                at_risk = True
            else:
                needed = remaining / days_left
                at_risk = pace > 0 and needed > pace
        out.append(QuotaOutlook(progress, days_left, pace, needed, at_risk))
    return out


# -- what a quota can be set on ----------------------------------------------------------


@dataclass(frozen=True)
class QuotaField:
    """A single-choice question outside any repeat: a quota counts interviews by it."""

    path: str
    label: str
    #: (choice name, label) in the form's order.
    choices: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class QuotaForm:
    form_id: str
    title: str
    fields: tuple[QuotaField, ...]


def quota_forms(store: Store, ui_language: str) -> list[QuotaForm]:
    """The project's forms (newest version of each) with the questions a quota can
    count by, labelled in the form language that serves ``ui_language``."""

    def flat(text: object) -> str:
        parts = text if isinstance(text, tuple) else ()
        return " ".join("".join("…" if isinstance(p, OutputRef) else str(p)
                                for p in parts).split())

    project = coordinator_project(store)
    out: list[QuotaForm] = []
    with store.session() as session:
        newest: dict[str, int] = {}
        for pk, form_id in session.execute(select(Form.id, Form.form_id).where(
                Form.project_id == project.id).order_by(Form.id)):
            newest[form_id] = pk
        for form_id, pk in sorted(newest.items()):
            try:
                form = runtime_form(session, pk)[1]
            except FieldkitError:
                continue  # a form this fieldkit cannot read offers no fields
            language = form_language(form.languages, ui_language)
            repeats = tuple(node.path + "/" for node in form.instance.walk() if node.repeat)
            fields = []
            for question in form.questions.values():
                if question.type != "select_one" or question.choices is None \
                        or question.path.startswith(repeats):
                    continue
                label = flat(form.text(question.label, language)) or question.name
                choices = tuple((c.value, flat(c.label(language)) or c.value)
                                for c in question.choices.choices)
                fields.append(QuotaField(question.path, label, choices))
            out.append(QuotaForm(form_id, form.title or form_id, tuple(fields)))
    return out
