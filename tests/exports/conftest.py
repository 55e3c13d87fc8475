"""A seeded store, made once per session and copied into each test's data folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit.demo.seeding import seed_demo
from fieldkit.store import Store, open_store

SEEDED = 40


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeded")
    path = folder / "fieldkit.sqlite3"
    store = open_store(f"sqlite:///{path}")
    try:
        seed_demo(store, interviews=SEEDED, seed=7)
    finally:
        store.close()
    return path


@pytest.fixture
def seeded(seeded_file: Path, data_dir: Path) -> Iterator[Store]:
    """The data folder's store, holding the seeded interviews (for CLI tests too)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(seeded_file, data_dir / "fieldkit.sqlite3")
    store = open_store(f"sqlite:///{data_dir / 'fieldkit.sqlite3'}")
    yield store
    store.close()
