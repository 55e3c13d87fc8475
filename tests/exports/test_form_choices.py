"""The forms an export can be chosen from, checked against what the export writes."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select, update

from fieldkit.exports import DEFAULT_STATUSES, ExportRequest, run_export
from fieldkit.exports.form_choices import form_choices
from fieldkit.store import Store
from fieldkit.store.models import INTERVIEW_STATUSES, Form, Interview
from tests.exports.conftest import SEEDED

FORM = "household_survey"


def _exported(store: Store, out: Path, form_id: str,
              statuses: tuple[str, ...] = DEFAULT_STATUSES, since: date | None = None) -> int:
    request = ExportRequest("csv", out, forms=(form_id,), statuses=statuses, since=since)
    return run_export(store, request).interviews


def test_forms_with_interviews_and_their_counts(seeded: Store, tmp_path: Path) -> None:
    choices = {c.form_id: c for c in form_choices(seeded)}
    with seeded.session() as session:
        stored = set(session.scalars(select(Form.form_id)))
    # Forms without interviews (the demo has some) are not offered.
    assert set(choices) < stored
    assert list(choices) == sorted(choices)
    survey = choices[FORM]
    assert survey.title == "Household housing-needs survey"
    assert survey.counts["finalized"] == SEEDED == survey.total
    assert survey.interviews(DEFAULT_STATUSES) == SEEDED
    assert survey.interviews(["draft"]) == 0
    assert survey.default_language == "English (en)"
    assert "کوردی (ckb)" in survey.languages
    attendees = choices["advice_session_attendee"]
    assert attendees.any_status and not survey.any_status
    assert attendees.counts["draft"] == attendees.total > 0  # records stay open
    assert attendees.interviews(DEFAULT_STATUSES) == attendees.total
    for n, choice in enumerate(choices.values()):
        assert set(choice.counts) == set(INTERVIEW_STATUSES)
        # The same numbers as the export itself finds.
        assert choice.total == _exported(seeded, tmp_path / str(n), choice.form_id,
                                         statuses=INTERVIEW_STATUSES)


def test_since_counts_only_interviews_started_that_day_or_later(seeded: Store,
                                                               tmp_path: Path) -> None:
    with seeded.session() as session:
        pks = select(Form.id).where(Form.form_id == FORM)
        starts = sorted(session.scalars(select(Interview.created_at)
                                        .where(Interview.form_pk.in_(pks))))
    day = starts[len(starts) // 2].date()
    later = {c.form_id: c for c in form_choices(seeded, since=day)}[FORM]
    assert 0 < later.total < SEEDED
    assert later.total == _exported(seeded, tmp_path / "since", FORM, since=day)
    assert FORM not in {c.form_id for c in form_choices(
        seeded, since=starts[-1].date() + timedelta(days=1))}


def test_versions_count_together_and_the_newest_names_the_form(seeded: Store) -> None:
    with seeded.session() as session:
        old = session.scalars(select(Form).where(Form.form_id == FORM)).one()
        xform = old.xform.replace("Household housing-needs survey", "Housing survey v2")
        assert xform != old.xform
        new = Form(project_id=old.project_id, form_id=FORM, version="2099010101",
                   title="Housing survey v2", source_name="v2.xml", source=xform.encode(),
                   hash=hashlib.sha256(xform.encode()).hexdigest(), xform=xform,
                   created_at=old.created_at + timedelta(days=1))
        session.add(new)
        session.flush()
        moved = session.scalars(select(Interview.uuid).where(
            Interview.form_pk == old.id).limit(3)).all()
        session.execute(update(Interview).where(Interview.uuid.in_(moved))
                        .values(form_pk=new.id))
    survey = {c.form_id: c for c in form_choices(seeded)}[FORM]
    assert survey.title == "Housing survey v2"
    assert survey.total == SEEDED
