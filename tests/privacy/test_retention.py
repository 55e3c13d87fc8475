"""Retention: a month before the period ends the command line warns; when it has
passed, personal fields are pseudonymised in place with the export's pseudonyms (so
a value still links across records and counts still work), audited, once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.errors import UsageError
from fieldkit.exports.personal import SECRET_NAME, pseudonymiser
from fieldkit.privacy.retention import (
    add_months,
    apply_retention,
    retention_status,
    retention_warning,
    set_retention,
)
from fieldkit.store import Store, open_store
from fieldkit.store.models import Answer, AuditEvent, Interview
from fieldkit.store.secrets import get_or_create_secret
from fieldkit.sync.project import init_project
from tests.privacy.helpers import Seeded, seed_people

ENDS = date(2026, 3, 31)


@pytest.fixture
def site(store_url: str) -> Iterator[tuple[Store, str, Seeded]]:
    store = open_store(store_url)
    project = init_project(store, "Outreach 2026")
    yield store, project.id, seed_people(store, project.id)
    store.close()


def test_months_after_the_end_of_fieldwork() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 31), 12) == date(2027, 3, 31)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_warning_then_pseudonymisation(site: tuple[Store, str, Seeded]) -> None:
    store, project_id, seeded = site
    with pytest.raises(UsageError, match="No retention period"):
        apply_retention(store)
    set_retention(store, 6, fieldwork_ends=ENDS, actor="dpo")
    due = date(2026, 9, 30)
    assert retention_status(store, date(2026, 8, 1)).due_on == due
    assert retention_warning(retention_status(store, date(2026, 8, 1))) is None
    soon = retention_status(store, date(2026, 9, 10))
    assert soon.warn and not soon.due and "20 days" in (retention_warning(soon) or "")
    with pytest.raises(UsageError, match="2026-09-30"):
        apply_retention(store, today=date(2026, 9, 10))

    with store.session() as session:
        before = {p: v for p, v in session.execute(select(Answer.path, Answer.value).where(
            Answer.interview_uuid == seeded.uuids["profile"]))}
    changed = apply_retention(store, today=due, actor="dpo")
    assert changed > 0
    pseudonym = pseudonymiser(get_or_create_secret(store, project_id, SECRET_NAME))
    with store.session() as session:
        after = {p: v for p, v in session.execute(select(Answer.path, Answer.value).where(
            Answer.interview_uuid == seeded.uuids["profile"]))}
        values = set(session.scalars(select(Answer.value)))
        labels = set(session.scalars(select(Interview.label)))
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "retention-pseudonymise")).one()
    name_path = next(p for p in after if p.endswith("/full_name"))
    # The same pseudonym an export writes: analysis keeps linking records.
    assert after[name_path] == pseudonym("Христо Петров")
    assert next(v for p, v in after.items() if p.endswith("date_of_birth")) == "1980-01-01"
    # Non-personal answers untouched; no name, phone or address left anywhere.
    assert {p: v for p, v in before.items() if p in after and "consent" in p
            and p.startswith("/")} == {p: v for p, v in after.items() if "consent" in p
                                       and p.startswith("/")}
    for clear in ("Hristo Petrov", "Христо Петров", "Khristo Petroff", "07700 900123",
                  "12 Station Road", "Elena Petrova", "Khristo Petroff"):
        assert clear not in values and clear not in labels
    assert "Petrov" not in event.detail and json.loads(event.detail)["fields"] == changed
    assert retention_status(store, due).done_at is not None
    assert not retention_status(store, due).warn
    # Once: pseudonyms are not pseudonymised again.
    assert apply_retention(store, today=due, force=True) == 0


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    store = open_store(db)
    project = init_project(store, "Outreach 2026")
    seed_people(store, project.id)
    store.close()
    assert main(["--db", db, "person", "retention", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["months"] is None
    assert main(["--db", db, "person", "retention", "--months", "0"]) == 2
    capsys.readouterr()
    # Fieldwork ended long ago: due, and the warning says so on stderr.
    assert main(["--db", db, "person", "retention", "--months", "1",
                 "--fieldwork-ends", "2020-01-31"]) == 0
    captured = capsys.readouterr()
    assert "2020-02-29" in captured.out and "person retention --apply" in captured.err
    assert main(["--db", db, "person", "find", "Hristo", "--json"]) == 0
    assert "--apply" in capsys.readouterr().err
    assert main(["--db", db, "person", "retention", "--apply", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["pseudonymised_fields"] > 0 and status["pseudonymised_at"]
    assert main(["--db", db, "person", "find", "Hristo Petrov", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"people": []}
