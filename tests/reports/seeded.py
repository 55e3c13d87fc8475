"""A store of demo data (interviews, advice sessions, focus groups) seeded once per
test module and copied for each test, for the report tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fieldkit.demo.seeding import seed_demo
from fieldkit.store import open_store


def seeded_store(factory: pytest.TempPathFactory) -> Path:
    path = factory.mktemp("reports") / "seeded.sqlite3"
    store = open_store(f"sqlite:///{path}")
    try:
        seed_demo(store, interviews=800, seed=1)
    finally:
        store.close()
    return path


def copy_of(seeded: Path, folder: Path) -> Path:
    copy = folder / "store.sqlite3"
    shutil.copy(seeded, copy)
    return copy
