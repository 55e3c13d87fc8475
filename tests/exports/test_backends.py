"""The export runs the same on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from fieldkit.demo.seeding import seed_demo
from fieldkit.exports import ExportRequest, run_export
from fieldkit.store import open_store


def test_seed_and_export_on_each_backend(store_url: str, tmp_path: Path) -> None:
    store = open_store(store_url)
    try:
        seed_demo(store, interviews=4, seed=5)
        result = run_export(store, ExportRequest("csv", tmp_path / "out",
                                                 forms=("household_survey",),
                                                 personal="pseudonymise"))
    finally:
        store.close()
    assert result.interviews == 4
    text = (tmp_path / "out" / "household_survey-member.csv").read_text(encoding="utf-8-sig")
    members = list(csv.DictReader(io.StringIO(text, newline="")))
    assert members and all(m["member_name"].startswith("P-") for m in members)
