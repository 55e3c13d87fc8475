"""Test-wide fixtures: offscreen Qt, a fresh data dir per test, English UI, and a
throwaway PostgreSQL server for the store tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("FIELDKIT_PSEUDO_LOCALE", None)
os.environ.pop("FIELDKIT_LANG", None)

from fieldkit import i18n
from tests.pg_server import PostgresServer, find_postgres_bin
from tests.vault.keyring_backend import MemoryKeyring


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own empty data dir (through the environment, as a user would)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(folder))
    # The recent-projects list lives in the user's configuration folder: a test's own.
    monkeypatch.setenv("FIELDKIT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("LANGUAGE", "en")
    i18n.set_pseudo(False)
    i18n.set_language("en")
    # fieldkit sets its process umask to 077 (paths.ensure_writable): a test that runs
    # it must not leave later tests (building wheels, say) making private files.
    umask = os.umask(0o022)
    os.umask(umask)
    yield folder
    os.umask(umask)
    i18n.set_pseudo(False)
    i18n.set_language("en")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bindir = find_postgres_bin()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries are missing; .ci/run should install them")
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    server = PostgresServer(bindir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


_db_counter = 0


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty store: a SQLite file, or a new database on the test server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    global _db_counter
    _db_counter += 1
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database(f"fieldkit_test_{os.getpid()}_{_db_counter}")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A key store for tests (fieldkit.vault keeps its device secret in the OS's): CI
    has no Secret Service, and a test must never write into the desktop's own."""
    import keyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
