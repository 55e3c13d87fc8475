"""The proof an attacker with the laptop's disk would want to break: after demo data
is seeded and the store encrypted, no seeded name, phone number, postcode or
address appears in the raw bytes of any file under the data folder (store, WAL,
journal, backups, key file, logs, caches)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.store import open_store
from fieldkit.store.models import Answer, Interviewer
from fieldkit.vault.unlock import unlock

PERSONAL = re.compile(r"(name|phone|address|postcode)$")


def _personal_values(data_dir: Path, key: bytes | None) -> set[str]:
    store = open_store(f"sqlite:///{data_dir / 'fieldkit.sqlite3'}", key=key)
    try:
        with store.session() as session:
            answers = session.execute(select(Answer.path, Answer.value)).all()
            people = session.scalars(select(Interviewer.name)).all()
    finally:
        store.close()
    values = {value for path, value in answers
              if value and PERSONAL.search(path.rsplit("/", 1)[-1])}
    values |= set(people)
    return {v for v in values if len(v) >= 4}  # "Ana" would match random bytes by chance


def _files_holding(data_dir: Path, values: set[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        hits = [v for v in values if v.encode() in raw or v.lower().encode() in raw]
        if hits:
            found[str(path.relative_to(data_dir))] = hits[:3]
    return found


@pytest.mark.slow
def test_no_seeded_personal_data_in_any_file(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    assert main(["demo", "seed", "--interviews", "20"]) == 0
    before = _personal_values(data_dir, None)
    assert len(before) > 40
    # A consent scan attached before the store was encrypted (demo data has none).
    scan = data_dir / "attachments" / "interview-1" / "consent-scan.txt"
    scan.parent.mkdir(parents=True)
    scan.write_text("Signed: " + "; ".join(sorted(before)[:20]), encoding="utf-8")
    assert _files_holding(data_dir, before)  # the search finds them in a plaintext store
    monkeypatch.setenv("FIELDKIT_PIN", "4821")
    assert main(["vault", "encrypt", "--interviewer", "Agnieszka Nowak"]) == 0
    # More records through the encrypted store, so its WAL and backups hold some too.
    assert main(["demo", "seed", "--interviews", "5", "--seed", "3"]) == 0
    key = unlock(data_dir / "fieldkit.sqlite3", "4821").key
    values = _personal_values(data_dir, key)
    assert values > before
    assert _files_holding(data_dir, values) == {}
