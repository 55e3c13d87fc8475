"""Shared fixtures for the fact sheet and feedback: a data folder whose store holds
the demo households and the census table TS021 for two Southampton wards."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from fieldkit.census.importer import import_tables
from fieldkit.demo.seeding import seed_demo
from fieldkit.store import open_store

CENSUS = Path(__file__).resolve().parents[1] / "census" / "data"
TS021 = CENSUS / "census2021-ts021-ward-southampton.csv"
WARDS = ("E05002455", "E05002456")


@pytest.fixture(scope="session")
def sheets_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sheets") / "fieldkit.sqlite3"
    store = open_store(f"sqlite:///{path}")
    try:
        seed_demo(store, interviews=400, seed=4)
        import_tables(store, [TS021])
    finally:
        store.close()
    return path


@pytest.fixture
def sheets_dir(sheets_file: Path, data_dir: Path) -> Path:
    """The data folder, its store holding the seeded households and TS021."""
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(sheets_file, data_dir / "fieldkit.sqlite3")
    return data_dir


def households_answering(db: Path, field: str, value: str, group: str = "",
                         year: str = "") -> tuple[int, int]:
    """An independent count (plain SQL, not the profile engine): of the household
    surveys counted (finalised, sent, receipted) whose person 1 gave an ethnicity,
    how many answered ``field`` = ``value``, and how many answered ``field`` at all
    (of person 1's ethnicity ``group`` and interviews started in ``year`` if given)."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            """SELECT a.value, e.value, i.created_at FROM interview i
               JOIN form f ON f.id = i.form_pk AND f.form_id = 'household_survey'
               JOIN answer e ON e.interview_uuid = i.uuid
                    AND e.path = '/data/survey/roster/member[1]/ethnicity' AND e.value != ''
               JOIN answer a ON a.interview_uuid = i.uuid AND a.path LIKE ?
                    AND a.value != ''
               WHERE i.status IN ('finalized', 'sent', 'receipted')""",
            (f"%/{field}",)).fetchall()
    rows = [r for r in rows if (not group or r[1] == group)
            and (not year or str(r[2]).startswith(year))]
    return sum(1 for r in rows if r[0] == value), len(rows)


def census_count(category: str) -> tuple[int, int]:
    """The category's count and the total over WARDS, read from the CSV itself."""
    import csv

    with TS021.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["geography code"] in WARDS]
    column = f"Ethnic group: {category}"
    total = "Ethnic group: Total: All usual residents"
    return sum(int(r[column]) for r in rows), sum(int(r[total]) for r in rows)
