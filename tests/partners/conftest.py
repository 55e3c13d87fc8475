"""Shared fixtures: a data folder whose store holds the demo households."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fieldkit.demo.seeding import seed_demo
from fieldkit.store import open_store


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("partners") / "fieldkit.sqlite3"
    store = open_store(f"sqlite:///{path}")
    try:
        seed_demo(store, interviews=600, seed=4)
    finally:
        store.close()
    return path


@pytest.fixture
def seeded(seeded_file: Path, data_dir: Path) -> Path:
    """The data folder's store, holding the seeded households."""
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(seeded_file, data_dir / "fieldkit.sqlite3")
    return data_dir


AGREEMENT = ["share", "agreement", "add", "--partner", "Shirley Primary", "--purpose",
             "school place planning", "--basis", "Article 6(1)(e) public task",
             "--condition", "Article 9(2)(g) substantial public interest", "--form",
             "household_survey", "--fields", "ethnicity,tenure,postcode",
             "--level", "aggregate", "--ends", "2099-12-31", "--signed-by", "A. Officer"]
