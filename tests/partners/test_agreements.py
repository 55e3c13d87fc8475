"""Agreements: checked, stored, versioned and audited (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.demo.seeding import seed_demo
from fieldkit.errors import InvalidInput, OptionError
from fieldkit.partners.agreements import (
    AgreementDraft,
    add_agreement,
    agreement_versions,
    end_agreement,
    get_agreement,
    list_agreements,
)
from fieldkit.projects import current_project
from fieldkit.store import open_store
from fieldkit.store.models import AuditEvent
from tests.partners.conftest import AGREEMENT

DRAFT = AgreementDraft(partner="GP practice", purpose="planning", basis="6(1)(e)",
                       form_id="household_survey", fields=("tenure",), level="aggregate",
                       ends=date(2099, 1, 1), signed_by="DPO", starts=date(2026, 1, 1))


def test_store_versions_and_audit(store_url: str) -> None:
    store = open_store(store_url)
    try:
        seed_demo(store, interviews=20, seed=2)
        project = current_project(store).id
        made = add_agreement(store, project, DRAFT, actor="ann")
        assert made.version == 1 and made.status(date(2026, 6, 1)) == "active"
        assert [a.id for a in list_agreements(store, project)] == [made.id]
        ended = end_agreement(store, project, made.id, actor="bob", on=date(2026, 6, 2))
        assert ended.version == 2 and ended.status() == "ended"
        versions = agreement_versions(store, made.id)
        assert [v["version"] for v in versions] == [1, 2]
        assert [v["actor"] for v in versions] == ["ann", "bob"]
        with pytest.raises(InvalidInput, match="already ended"):
            end_agreement(store, project, made.id)
        with store.session() as session:
            actions = session.scalars(select(AuditEvent.action).where(
                AuditEvent.object_type == "share_agreement")).all()
        assert list(actions) == ["share_agreement_add", "share_agreement_end"]
        with pytest.raises(InvalidInput, match="No agreement 99"):
            get_agreement(store, project, 99)
    finally:
        store.close()


REFUSED: list[tuple[dict[str, object], str]] = [
    ({"fields": ("ethnicity",)}, "--condition"),  # special category needs Article 9
    ({"min_count": 2}, "--min-count"),
    ({"round_to": 3}, "--round-to"),
    ({"ends": date(2025, 1, 1)}, "--ends"),
    ({"review": date(2100, 1, 1)}, "--review"),
    ({"level": "everything"}, "--level"),
    ({"basis": " "}, "--basis"),
]


def test_refused_drafts(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        seed_demo(store, interviews=5, seed=2)
        project = current_project(store).id
        for change, option in REFUSED:
            with pytest.raises(OptionError) as caught:
                add_agreement(store, project, replace(DRAFT, **change))  # type: ignore[arg-type]
            assert caught.value.option == option
        with pytest.raises(InvalidInput, match="no such field"):
            add_agreement(store, project, replace(DRAFT, fields=("shoe_size",)))
        with pytest.raises(InvalidInput, match="no such form"):
            add_agreement(store, project, replace(DRAFT, form_id="nope"))
        assert list_agreements(store, project) == []
    finally:
        store.close()


def test_cli(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(AGREEMENT) == 0
    new_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert new_id == "1"
    assert main(["share", "agreement", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["agreements"]
    assert listed[0]["partner"] == "Shirley Primary" and listed[0]["status"] == "active"
    assert listed[0]["fields"] == ["ethnicity", "tenure", "postcode"]
    assert listed[0]["min_count"] == 10
    assert main(["share", "agreement", "end", "1"]) == 0
    capsys.readouterr()
    assert main(["share", "agreement", "show", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "ended" and shown["version"] == 2
    assert len(shown["versions"]) == 2 and shown["releases"] == []
    assert main([*AGREEMENT[:-2], "--signed-by", "x", "--min-count", "2"]) == 2
    assert "--min-count" in capsys.readouterr().err
    assert main(["share", "agreement", "show", "7"]) == 1
